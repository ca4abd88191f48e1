"""The transform stage: sections and tables → narrative, budget-execution, 三公-detail,
glossary, profile and performance frames.

Every function here is a pure function of the extract stage's outputs (the sections and the
table frames) or of another transform's frame; none takes or imports the `Disclosure`, which
calls them lazily (one way: extract → transform → disclosure).
"""
