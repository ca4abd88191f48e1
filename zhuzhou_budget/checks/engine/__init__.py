"""The machinery the check families share: the registry (checks, suites, steps), the ledger
(comparisons under the rounding policy, findings with their evidence), sum identities as data,
the narrative facts' index, the printed text, the rows the checks look up (summary lines by
canonical id) and the stated amounts judged once against their cells."""

from .findings import COLUMNS, Finding, fmt, to_frame
from .ledger import Ledger, Term, row_key, term
from .registry import (
    EXACT,
    FAMILIES,
    HEURISTIC,
    REGISTRY,
    RUN_ORDER,
    SEVERITIES,
    WARNING,
    Check,
    CheckRegistryError,
    Registry,
    Suite,
    check_label,
    family_label,
    policy,
)

__all__ = ["COLUMNS", "EXACT", "FAMILIES", "HEURISTIC", "REGISTRY", "RUN_ORDER", "SEVERITIES",
           "WARNING", "Check", "CheckRegistryError", "Finding", "Ledger", "Registry", "Suite",
           "Term", "check_label", "family_label", "fmt", "policy", "row_key", "term", "to_frame"]
