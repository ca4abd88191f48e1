"""The check registry: every reconciliation check declared once, and the suites that run them.

A `Check` is declared by the family module that implements it, with its stable id (the
`check` column of the findings: never renamed), the family it reports under (the suite's),
its severity policy, the one line docs/checks.md shows, the reader's Chinese label and the
inputs it needs (table ids, or the frames `narrative_facts` / `budget_execution`). A `Suite` is
one family module: its checks and the steps that run them, each step declared for the checks it
emits. `reconcile()` runs the suites in RUN_ORDER and each suite's steps in declaration order;
a step whose checks need an input the document lacks is not run, and the ledger records that
those checks did not apply. The ledger refuses a finding or a comparison of a check that is not
declared (or not its suite's), so the registry is the complete list of what can appear in
`findings.csv`.

    WITHIN = REGISTRY.suite("within")
    FUND_BALANCE = WITHIN.check("W3.fund_balance", EXACT, "fund: opening + …",
                                zh="基金结转平衡", needs=("government_fund",))

    @WITHIN.step(FUND_BALANCE)
    def fund_balance(ledger: Ledger) -> None: ...  # government_fund is there
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...metadata import labels
from ...metadata.tables import TABLES

# Families as the findings and the README order them, with the label a reader sees.
FAMILIES: dict[str, str] = {
    "completeness": "完整性 completeness", "within": "表内 within tables",
    "across": "表间 across tables", "narrative": "文字与表 narrative", "logic": "逻辑 logic",
    "performance": "绩效自评 performance"}
_FAMILY_ORDER = tuple(FAMILIES)
# The suites (family modules; the budget's cross-table checks apart) in the order reconcile()
# runs them: tables before the narrative.
RUN_ORDER = ("completeness", "within", "across", "budget", "narrative", "logic", "performance")
# What a check may need besides tables: a frame of the disclosure with at least one row.
FRAMES = ("narrative_facts", "budget_execution")
SEVERITIES = ("error", "warning", "rounding", "info")
_ID = re.compile(r"^([A-Z])([0-9]+)\.[a-z_]+$")


class CheckRegistryError(ValueError):
    """A check id that is not declared, declared twice, or emitted by the wrong suite."""


class Host(Protocol):
    """What a suite runs on: the ledger (ledger.py imports this module, not the reverse)."""

    suite: Suite | None

    def has(self, need: str) -> bool: ...

    def applies(self, check: Check, missing: tuple[str, ...]) -> None: ...


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
    zh: str = ""  # the reader's label: "单位误写" (shown as "L1 单位误写")
    needs: tuple[str, ...] = ()  # table ids and FRAMES without which it does not apply
    role: str = ""  # how other checks' messages refer to it (e.g. "unit_slip")

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise CheckRegistryError(f"check id {self.id!r} is not of the form W2.row")
        if self.family not in FAMILIES:
            raise CheckRegistryError(f"check {self.id}: unknown family {self.family!r}")

    def __str__(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        """The reader's label: `L1 单位误写` (the id itself when no label is declared)."""
        return f"{self.id.partition('.')[0]} {self.zh}" if self.zh else self.id

    @property
    def order(self) -> tuple[int, str, int]:
        """README order: by family, then the id's letter and number (N6 before N7, W2 < W10)."""
        m = _ID.match(self.id)
        assert m is not None  # checked on construction
        return _FAMILY_ORDER.index(self.family), m.group(1), int(m.group(2))


@dataclass(frozen=True)
class Step:
    """A function of a suite and the checks it emits; it runs when all their needs are met."""

    checks: tuple[Check, ...]
    run: Runner
    extra: tuple[str, ...] = ()  # what this step needs beyond its checks' needs

    @functools.cached_property
    def needs(self) -> tuple[str, ...]:
        # Cached: every reconcile asks each step (the checks and extra never change).
        return tuple(dict.fromkeys([*(n for c in self.checks for n in c.needs), *self.extra]))


@dataclass(eq=False)
class Suite:
    """One family module: the checks it declares and the steps that run them."""

    name: str
    registry: Registry = field(repr=False)
    family: str = ""
    checks: list[Check] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list, repr=False)
    _owned: dict[str, Check] = field(default_factory=dict, repr=False)  # id → check, for owns()

    def check(self, id: str, policy: Policy, compares: str, *, zh: str,
              needs: tuple[str, ...] = (), role: str = "") -> Check:
        """Declare a check this suite runs, reported under the suite's family."""
        check = Check(id, self.family, policy, compares, zh, tuple(needs), role)
        self._known(check.needs)
        self.registry.add(check)
        self.checks.append(check)
        self._owned[id] = check
        return check

    def step(self, *checks: Check, needs: tuple[str, ...] = ()) -> Callable[[Runner], Runner]:
        """Decorator: a function that runs `checks` on a ledger, in declaration order; `needs`:
        inputs this part of a check needs beyond the check's own (B1's income half)."""
        if not checks or not all(self.owns(c) for c in checks):
            raise CheckRegistryError(f"suite {self.name}: a step runs checks it declares")
        self._known(needs)

        def register(fn: Runner) -> Runner:
            self.steps.append(Step(tuple(checks), fn, tuple(needs)))
            return fn

        return register

    def owns(self, check: Check) -> bool:
        return self._owned.get(check.id) is check

    def _known(self, needs: Iterable[str]) -> None:
        for need in needs:
            if need not in FRAMES and need not in self.registry.inputs:
                raise CheckRegistryError(f"suite {self.name}: unknown input {need!r}")

    def run(self, ledger: Host) -> None:
        """Every step whose checks' inputs the document has; the others did not apply."""
        for step in self.steps:
            missing = tuple(n for n in step.needs if not ledger.has(n))
            for check in step.checks:
                ledger.applies(check, missing)
            if not missing:
                step.run(ledger)


class Registry:
    def __init__(self, inputs: Iterable[str] = ()) -> None:
        self._checks: dict[str, Check] = {}
        self._in_order: tuple[Check, ...] | None = None  # README order, sorted once (add resets)
        self._suites: list[Suite] = []
        self.inputs = frozenset(inputs)  # the table ids a check may need

    def suite(self, name: str, family: str | None = None) -> Suite:
        """A new suite; its place in the run is its place in RUN_ORDER. Its checks report
        under `family` (default: the suite's name)."""
        if name not in RUN_ORDER:
            raise CheckRegistryError(f"suite {name!r} is not in RUN_ORDER")
        family = family or name
        if family not in FAMILIES:
            raise CheckRegistryError(f"suite {name}: unknown family {family!r}")
        if any(s.name == name for s in self._suites):
            raise CheckRegistryError(f"suite {name!r} declared twice")
        suite = Suite(name, self, family)
        self._suites.append(suite)
        return suite

    def add(self, check: Check) -> None:
        if check.id in self._checks:
            raise CheckRegistryError(f"check {check.id} declared twice")
        self._checks[check.id] = check
        self._in_order = None

    def get(self, check_id: str) -> Check:
        try:
            return self._checks[check_id]
        except KeyError:
            raise CheckRegistryError(f"unregistered check id {check_id!r}") from None

    def role(self, role: str) -> Check:
        """The check declared with `role` (how another check's message names it)."""
        found = [c for c in self._checks.values() if c.role == role]
        if len(found) != 1:
            raise CheckRegistryError(f"{len(found)} checks declared with role {role!r}")
        return found[0]

    def label(self, check_id: str) -> str:
        """The reader's label of a check id (`L1 单位误写`); an unknown id comes back as is."""
        check = self._checks.get(check_id)
        return check.label if check is not None else check_id

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._checks

    def __iter__(self) -> Iterator[Check]:
        """The checks in README order (every Ledger lists them: sorted once, not per call)."""
        if self._in_order is None:
            self._in_order = tuple(sorted(self._checks.values(), key=lambda c: c.order))
        return iter(self._in_order)

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
            if not suite.steps:
                raise CheckRegistryError(f"suite {suite.name} has no steps")
            ledger.suite = suite
            try:
                suite.run(ledger)
            finally:
                ledger.suite = None



REGISTRY = Registry(TABLES)


def family_label(family: str) -> str:
    """The reader's label of a family (`表间 across tables`); an unknown one comes back as is."""
    return FAMILIES.get(family, family)


def check_label(check_id: str) -> str:
    """The reader's label of a check id: `L1.unit_slip` → "L1 单位误写"."""
    return REGISTRY.label(check_id)


def label(key: object, kind: str | None = None) -> str:
    """The reader's label of any key (`metadata.labels.label`), the check families and check
    ids included: "across" → "表间 across tables", "L1.unit_slip" → "L1 单位误写"."""
    return labels.label(key, kind, more={
        "family": FAMILIES.get,
        "check": lambda k: REGISTRY.label(k) if k in REGISTRY else None})
