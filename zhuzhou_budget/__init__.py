"""zhuzhou_budget: Chinese department final-accounts disclosures as tidy, reconciled data.

    >>> import zhuzhou_budget as zb
    >>> d = zb.load("data/raw/2024/zhuzhou-zjj-2024-final-accounts.txt")
    >>> d.tables["general_budget_expenditure"]
"""

from .checks import reconcile
from .disclosure import Disclosure, Meta, load
from .errors import DisclosureError, ManifestError, ValueParseError

__all__ = ["Disclosure", "DisclosureError", "ManifestError", "Meta", "ValueParseError", "load",
           "reconcile"]
