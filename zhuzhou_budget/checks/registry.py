"""The check registry: every reconciliation check declared once, and the suites that run them.

A `Check` is declared by the family module that implements it, with its stable id (the
`check` column of the findings: never renamed), the family it reports under, its severity
policy and the one line the README's table shows. A `Suite` is one family module: the checks it
declares and the function that runs them. `reconcile()` runs the suites in RUN_ORDER; the ledger
refuses a finding or a comparison of a check that is not declared (or not its suite's), so the
registry is the complete list of what can appear in `findings.csv`.

    WITHIN = REGISTRY.suite("within")
    ROW = WITHIN.check("W2.row", "within", EXACT, "income total = Σ sources; …")

    @WITHIN.runner
    def run(ledger: Ledger) -> None: ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# Families as the findings and the README order them.
FAMILIES = ("completeness", "within", "across", "narrative", "logic", "performance")
# The suites (family modules) in the order reconcile() runs them: tables before the narrative.
RUN_ORDER = ("completeness", "within", "across", "budget", "narrative", "statements", "performance",
             "form")
SEVERITIES = ("error", "warning", "rounding", "info")
_ID = re.compile(r"^([A-Z])([0-9]+)\.[a-z_]+$")


class CheckRegistryError(ValueError):
    """A check id that is not declared, declared twice, or emitted by the wrong suite."""


class Host(Protocol):
    """What a suite runs on: the ledger (ledger.py imports this module, not the reverse)."""

    suite: Suite | None


# A suite's run function takes the ledger; typed loosely here to keep the import one way.
Runner = Callable[[Any], None]


@dataclass(frozen=True)
class Policy:
    """Which severities a check may give, and how the README says so."""

    text: str
    levels: frozenset[str]

    def __post_init__(self) -> None:
        if not self.levels or not self.levels <= set(SEVERITIES):
            raise CheckRegistryError(f"severity policy {self.text!r}: levels {set(self.levels)}")


def policy(text: str, *levels: str) -> Policy:
    return Policy(text, frozenset(levels))


# The common policies; a check with a nuance (when it turns heuristic) states its own.
EXACT = policy("error; rounding inside tolerance", "error", "rounding")
HEURISTIC = policy("warning (heuristic); rounding inside tolerance", "warning", "rounding")
WARNING = policy("warning", "warning")


@dataclass(frozen=True)
class Check:
    id: str  # stable: the findings' `check` column
    family: str
    policy: Policy
    compares: str  # the README's one line

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise CheckRegistryError(f"check id {self.id!r} is not of the form W2.row")
        if self.family not in FAMILIES:
            raise CheckRegistryError(f"check {self.id}: unknown family {self.family!r}")

    def __str__(self) -> str:
        return self.id

    @property
    def order(self) -> tuple[int, str, int]:
        """README order: by family, then the id's letter and number (N6 before N7, W2 < W10)."""
        m = _ID.match(self.id)
        assert m is not None  # checked on construction
        return FAMILIES.index(self.family), m.group(1), int(m.group(2))


@dataclass(eq=False)
class Suite:
    """One family module: the checks it declares and its run function."""

    name: str
    registry: Registry = field(repr=False)
    checks: list[Check] = field(default_factory=list)
    run: Runner | None = field(default=None, repr=False)
    _owned: dict[str, Check] = field(default_factory=dict, repr=False)  # id → check, for owns()

    def check(self, id: str, family: str, policy: Policy, compares: str) -> Check:
        """Declare a check this suite runs."""
        check = Check(id, family, policy, compares)
        self.registry.add(check)
        self.checks.append(check)
        self._owned[id] = check
        return check

    def runner(self, fn: Runner) -> Runner:
        """Decorator: the function that runs this suite's checks on a ledger."""
        if self.run is not None:
            raise CheckRegistryError(f"suite {self.name} already has a runner")
        self.run = fn
        return fn

    def owns(self, check: Check) -> bool:
        return self._owned.get(check.id) is check


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}
        self._suites: list[Suite] = []

    def suite(self, name: str) -> Suite:
        """A new suite; its place in the run is its place in RUN_ORDER."""
        if name not in RUN_ORDER:
            raise CheckRegistryError(f"suite {name!r} is not in RUN_ORDER")
        if any(s.name == name for s in self._suites):
            raise CheckRegistryError(f"suite {name!r} declared twice")
        suite = Suite(name, self)
        self._suites.append(suite)
        return suite

    def add(self, check: Check) -> None:
        if check.id in self._checks:
            raise CheckRegistryError(f"check {check.id} declared twice")
        self._checks[check.id] = check

    def get(self, check_id: str) -> Check:
        try:
            return self._checks[check_id]
        except KeyError:
            raise CheckRegistryError(f"unregistered check id {check_id!r}") from None

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._checks

    def __iter__(self) -> Iterator[Check]:
        """The checks in README order."""
        return iter(sorted(self._checks.values(), key=lambda c: c.order))

    def __len__(self) -> int:
        return len(self._checks)

    @property
    def suites(self) -> tuple[Suite, ...]:
        """The suites in RUN_ORDER."""
        return tuple(sorted(self._suites, key=lambda s: RUN_ORDER.index(s.name)))

    def run(self, ledger: Host) -> None:
        """Every suite in RUN_ORDER, each allowed to emit only its own checks."""
        missing = set(RUN_ORDER) - {s.name for s in self._suites}
        if missing:
            raise CheckRegistryError(f"suites not loaded: {sorted(missing)}")
        for suite in self.suites:
            if suite.run is None:
                raise CheckRegistryError(f"suite {suite.name} has no runner")
            ledger.suite = suite
            try:
                suite.run(ledger)
            finally:
                ledger.suite = None


REGISTRY = Registry()


def markdown_table(checks: Iterable[Check] = REGISTRY) -> str:
    """The README's check table, one row per check in README order."""
    rows = ["| check | family | severity | compares |", "|---|---|---|---|"]
    rows += [f"| {c.id} | {c.family} | {c.policy.text} | {c.compares} |" for c in checks]
    return "\n".join(rows) + "\n"
