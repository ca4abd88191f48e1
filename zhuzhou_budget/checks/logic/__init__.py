"""The logic family (L1–L10): what the text says, read for contradictions.

`statements` (L1–L6): the narrative's words against its own figures and the tables — unit
slips, direction words against the numbers and the reasons, growth from a zero base, names
against the table's, the 三公 说明's 大于/小于, "无…" against printed amounts.
`form` (L7–L10): the document's form — its year, its department's name, percentages as
printed, doubled punctuation and words.
"""

from . import form, statements  # noqa: F401  (declare, in run order)
from .suite import SUITE

__all__ = ["SUITE"]
