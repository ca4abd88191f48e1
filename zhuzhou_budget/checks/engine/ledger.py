"""Cells as terms, and the ledger that compares them and records findings.

Every check reads printed cells as `Term`s (value plus where it was printed) and hands a
comparison to `Ledger.compare`, which applies the rounding policy and writes the finding;
other findings go through `Ledger.report`. Both take a registered `Check`; `compare` counts
its comparison, other checks count theirs with `Ledger.count`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from ...disclosure import Disclosure
from ...extract.table_model import Record, Table
from ...rounding import ZERO, severity, tolerance_of
from .findings import Finding, fmt
from .registry import FRAMES, REGISTRY, Check, CheckRegistryError, Suite

T = TypeVar("T")


class Term(NamedTuple):
    """A printed cell as a check reads it. Immutable; a named tuple rather than a frozen
    dataclass because the checks make thousands per document and a frozen dataclass's
    __init__ sets each field through object.__setattr__ (several times the cost)."""

    table: str
    key: str  # row: code, total label, "支出行次38", "budget"/"actual"
    column: str
    value: Decimal | None
    line: int | None = None  # source line
    page: int | None = None
    sign: int = 1

    @property
    def ref(self) -> str:
        return f"{self.table}/{self.key}/{self.column}={fmt(self.value)}"

    def neg(self) -> Term:
        return Term(self.table, self.key, self.column, self.value, self.line, self.page, -self.sign)


def row_key(table: str, rec: Record) -> str:
    if rec.side:
        return f"{'收入' if rec.side == 'income' else '支出'}行次{rec.line}"
    return rec.code or rec.item or rec.level


def term(table: str, rec: Record, column: str) -> Term:
    return Term(table, row_key(table, rec), column, rec.values.get(column), rec.source_line)


def adds_up(parts: Iterable[Decimal | None], total: Decimal | None) -> bool:
    """Is `total` exactly the sum of `parts` (signed already; a blank counts as zero)? Then
    `Ledger.compare` of them records no finding whatever the tolerance, so a check counts
    such a comparison (`Ledger.settled`) and builds its terms and words only for the others
    (tests/test_checks_adds_up.py holds the two to the same verdict)."""
    # The parts that are neither blank nor zero summed in C (filter, sum): a zero part changes
    # no sum's value, and == compares values, not how many decimals each prints.
    return sum(filter(None, parts), ZERO) == (ZERO if total is None else total)


class Ledger:
    """The findings of one disclosure, and how many comparisons each check made."""

    def __init__(self, d: Disclosure) -> None:
        self.d = d
        self.findings: list[Finding] = []
        # Every registered check, in README order, with its comparisons (0 if it never ran).
        self.comparisons: dict[str, int] = {c.id: 0 for c in REGISTRY}
        self.suite: Suite | None = None  # the suite running now (Registry.run sets it)
        # Per check id, the inputs the document lacks for each of its steps (() for a step
        # that ran): a check none of whose steps ran did not apply.
        self._applied: dict[str, list[tuple[str, ...]]] = {}
        self._shared: dict[str, Any] = {}
        # Check id → (check, suite) already admitted: the registry and the suites do not change
        # during a run, so each pair is verified once, not on every comparison counted.
        self._admitted: dict[str, tuple[Check, Suite | None]] = {}

    def has(self, need: str) -> bool:
        """Does the document have this input: a table it prints, or a frame with rows?"""
        if need in FRAMES:
            return self.shared(f"has {need}", lambda lg: not getattr(lg.d, need).empty)
        return need in self.d.table_info

    def applies(self, check: Check, missing: tuple[str, ...]) -> None:
        """Record whether a step of `check` runs: `missing` are the inputs it lacks."""
        self._admit(check)
        self._applied.setdefault(check.id, []).append(missing)

    @property
    def not_applied(self) -> dict[str, tuple[str, ...]]:
        """The checks that did not apply (every step lacked an input; 0 comparisons): id → the
        inputs the document lacks, in README order."""
        out = {}
        for check_id in self.comparisons:
            steps = self._applied.get(check_id, [])
            if steps and all(steps):
                out[check_id] = tuple(dict.fromkeys(n for missing in steps for n in missing))
        return out

    def shared(self, key: str, build: Callable[[Ledger], T]) -> T:
        """What several checks read (the facts' index, the figures found wrong): built once
        per reconcile by `build`, whichever check asks first."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]

    def per_table(self, key: str, table: Table, part: object, build: Callable[[], T]) -> T:
        """What a check reads of one table (a summary line, a side's labels, the printed
        columns, a row found by code): built by `build` once per reconcile, table and `part`.
        Held for this very table, not any table of its id: a check may be handed one made
        from another (a summary built again for a comparison)."""
        memo: dict[tuple[str, object], tuple[Table, Any]] = self.shared(key, lambda lg: {})
        seen = memo.get((table.id, part))
        if seen is None or seen[0] is not table:
            seen = memo[table.id, part] = (table, build())
        return seen[1]

    @property
    def checks_run(self) -> int:
        return sum(self.comparisons.values())

    def _admit(self, check: Check) -> None:
        # A suite emits only the checks it declares: the registry stays the complete list.
        seen = self._admitted.get(check.id)
        if seen is not None and seen[0] is check and seen[1] is self.suite:
            return
        if REGISTRY.get(check.id) is not check:
            raise CheckRegistryError(f"{check.id} is not the registered check of that id")
        if self.suite is not None and not self.suite.owns(check):
            raise CheckRegistryError(f"suite {self.suite.name} does not declare {check.id}")
        self._admitted[check.id] = (check, self.suite)

    def count(self, check: Check, n: int = 1) -> None:
        """Record `n` comparisons made by `check`."""
        # _admit's own test of an admitted pair, inlined: the checks count about two thousand
        # comparisons per document, one by one.
        seen = self._admitted.get(check.id)
        if seen is None or seen[0] is not check or seen[1] is not self.suite:
            self._admit(check)
        self.comparisons[check.id] += n

    def settled(self, check: Check, parts: Iterable[Decimal | None],
                total: Decimal | None) -> bool:
        """Do `parts` (signed already) add up to `total` exactly (`adds_up`)? Then the
        comparison is counted here: `compare` would record nothing, so its terms and words
        need not be built."""
        if adds_up(parts, total):
            self.count(check)
            return True
        return False

    def add(self, finding: Finding) -> None:
        self._admit(REGISTRY.get(finding.check))
        # Every finding that names a source line gets its page where the source has pages.
        if finding.page is None and finding.line is not None:
            finding.page = self.d.line_pages.get(int(finding.line))
        self.findings.append(finding)

    def report(self, check: Check, level: str, message: str, source: Any = None,
               **evidence: Any) -> Finding:
        """Record a finding of `check`. `source` is the row it quotes (a narrative fact, a
        budget-execution item, a project list): its section, line and text are the evidence."""
        finding = Finding(check.id, check.family, level, f"[{check.id}] {message}", **evidence)
        if source is not None:
            finding.section, finding.line = source.section, int(source.line)
            finding.excerpt = source.text
        self.add(finding)
        return finding

    def compare(self, check: Check, what: str, parts: Iterable[Term], total: Term,
                *, heuristic: bool = False, blank_as_zero: bool = True) -> Finding | None:
        """Is `total` equal to the signed sum of `parts`? Records a finding when not."""
        parts = list(parts)
        self.count(check)
        if not blank_as_zero and (total.value is None or any(p.value is None for p in parts)):
            return None
        if total.value is None and all(p.value is None for p in parts):
            return None  # nothing printed on either side
        expected = sum(((p.value or ZERO) * p.sign for p in parts), ZERO)
        actual = total.value if total.value is not None else ZERO
        difference = actual - expected
        if difference == 0:
            # Equal: no finding whatever the tolerance (a blank total equal to its parts means
            # they add up to 0), so most comparisons skip the tolerance's half units.
            return None
        tol = tolerance_of([total.value, *(p.value for p in parts)])
        level = severity(difference, tol, heuristic=heuristic)
        if total.value is None and expected != 0 and level != "rounding":
            # A blank against a value outside the tolerance; inside it (空 against 0.01) the
            # blank is the rounded value, reported as rounding like any other.
            level = "warning" if heuristic else "error"
        if level is None:
            return None
        terms = "; ".join([total.ref] + [("−" if p.sign < 0 else "") + p.ref for p in parts])
        verdict = "属尾数误差" if level == "rounding" else "不一致"
        shown = "空（未填列）" if total.value is None else fmt(actual)
        message = (f"[{check.id}] {what}：应为 {fmt(expected)}，实际 {shown}，差额 "
                   f"{fmt(difference)}，容差 {fmt(tol)}，{verdict}")
        code = total.key if not total.key.startswith(("收入", "支出")) else ""
        if total.key.startswith(("收入行次", "支出行次")):
            code = total.key
        finding = Finding(check.id, check.family, level, message, expected, total.value,
                          difference, tol, total.table, code, total.column, "", total.line,
                          None, "", terms)
        self.add(finding)
        return finding
