"""zhuzhou_budget: Chinese department final-accounts disclosures as tidy, reconciled data.

    >>> import zhuzhou_budget as zb
    >>> d = zb.open("zhuzhou-zjj", 2024)   # by id; or zb.load("data/raw/2024/….txt")
    >>> d.tables["general_budget_expenditure"]
    >>> zb.panel("data/processed")["facts"]          # every document's facts, stacked
    >>> zb.sql("select * from metrics", path="data/processed")

The names below are imported on first use (PEP 562), so `import zhuzhou_budget` is cheap and
the command line can start the PDF worker's JVM before it imports pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checks import reconcile
    from .corpus.query import connect, panel, sql
    from .disclosure import Disclosure, Meta, load
    from .errors import DisclosureError, ManifestError, ValueParseError
    from .storage.catalog import available, open

# public name → the module that defines it
_WHERE = {
    "reconcile": "checks", "connect": "corpus.query", "panel": "corpus.query",
    "sql": "corpus.query", "Disclosure": "disclosure", "Meta": "disclosure",
    "load": "disclosure", "DisclosureError": "errors", "ManifestError": "errors",
    "ValueParseError": "errors", "available": "storage.catalog", "open": "storage.catalog",
}

__all__ = ["Disclosure", "DisclosureError", "ManifestError", "Meta", "ValueParseError",
           "available", "connect", "load", "open", "panel", "reconcile", "sql"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'zhuzhou_budget' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
