"""The transform stage: parsed tables → table and facts frames (frames.py); sections and
table frames → narrative, budget-execution, 三公-detail, glossary, profile and performance
frames.

Every function here is a pure function of the extract stage's outputs (the sections, the
parsed tables of extract.table_model, the table frames) or of another transform's frame; none
takes or imports the `Disclosure`, which calls them (the narrative and performance ones
lazily; one way: extract → transform → disclosure).
"""
