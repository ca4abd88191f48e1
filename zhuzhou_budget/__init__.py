"""zhuzhou_budget: Chinese department final-accounts disclosures as tidy, reconciled data.

    >>> import zhuzhou_budget as zb
    >>> d = zb.open("zhuzhou-zjj", 2024)   # by id; or zb.load("data/raw/2024/….txt")
    >>> d.tables["general_budget_expenditure"]
    >>> zb.panel("data/processed")["facts"]          # every document's facts, stacked
    >>> zb.sql("select * from metrics", path="data/processed")
"""

from .checks import reconcile
from .corpus.query import connect, panel, sql
from .disclosure import Disclosure, Meta, load
from .errors import DisclosureError, ManifestError, ValueParseError
from .storage.catalog import available, open

__all__ = ["Disclosure", "DisclosureError", "ManifestError", "Meta", "ValueParseError",
           "available", "connect", "load", "open", "panel", "reconcile", "sql"]
