"""The narrative's stated amounts against the table cells they are about, judged once.

N1 reports these judgements; a figure found wrong here (a mismatch, or a unit slip L1
reports) makes any rate or sum computed from it a note rather than a second error (N2–N5, L3:
one defect, one error). Both read `stated_amounts(ledger)` and `wrong(ledger)`, built once per
reconcile.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from ...extract.table_model import Record, Table
from ...rounding import half_unit, narrative_amount, severity
from .facts import Fact, index, money
from .findings import fmt
from .ledger import Ledger
from .registry import REGISTRY, Check
from .rows import summary_line
from .text import THREE_PUBLIC

# How the checks that find a stated figure wrong are named in the notes of the others.
MISMATCH, UNIT_SLIP = "narrative_vs_table", "unit_slip"


def fact_cell(ledger: Ledger, fact: Fact) -> tuple[Record, str, str] | None:
    """(record, table id, column) of the table cell a narrative fact is about."""
    t = ledger.d.table_info.get(fact.table or "")
    if t is None:
        return None
    column = fact.column or "amount"
    if t.spec.kind == "summary":  # 收、支总计: the grand total line of the income side
        # The line W6 and A-checks look up too (found once per reconcile).
        rec = summary_line(ledger, t, "income", "grand_total")
        return (rec, t.id, "amount") if rec else None
    if t.spec.kind == "three_public":
        level = "budget" if fact.measure == "budget" else "actual"
        rec = _row(ledger, t, ("level", level),
                   lambda: next((r for r in t.records if r.level == level), None))
        return (rec, t.id, column) if rec else None
    if t.spec.kind == "economic" and not fact.code:
        label = {"personnel": "人员经费合计", "public_funds": "公用经费合计"}.get(fact.subject)
        rec = _row(ledger, t, ("item", label),
                   lambda: next((r for r in t.records if r.item == label), None))
        return (rec, t.id, "amount") if rec else None
    if fact.code:
        rec = _first_by_code(ledger, t).get(fact.code)
    else:
        rec = _row(ledger, t, "total",
                   lambda: next((r for r in t.records if r.level == "total"), None))
    return (rec, t.id, column) if rec else None


def _first_by_code(ledger: Ledger, t: Table) -> dict[str, Record]:
    """Each code's first row in `t`, indexed in one pass per table and reconcile."""
    def index() -> dict[str, Record]:
        rows: dict[str, Record] = {}
        for r in t.records:
            if r.code:
                rows.setdefault(r.code, r)
        return rows

    return ledger.per_table("first_by_code", t, None, index)


def _row(ledger: Ledger, t: Table, key: object, find: Callable[[], Record | None]
         ) -> Record | None:
    """The row `find` finds in `t`, found once per table, key and reconcile: N1 and L1 look
    up a cell per stated amount, and many amounts name the same row (a scan of the table's
    rows — for the summary's 总计 a pattern per row — for each cost more than judging them)."""
    return ledger.per_table("fact rows", t, key, find)


def _budget_table(ledger: Ledger, table: str) -> bool:
    info = ledger.d.table_info.get(table)
    return info is not None and info.spec.document == "budget"


class Stated(NamedTuple):
    """A stated amount and its cell: `slip` (the cell's value written in 元), or the
    severity of the difference (None when equal; "error" for an amount against a blank).
    A named tuple (as ledger.Term): one per stated amount, cheaper to make than a frozen
    dataclass."""

    fact: Fact
    rec: Record
    table: str
    column: str
    cell: Decimal | None
    value: Decimal
    slip: bool = False
    level: str | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None  # of an unequal amount (None when equal: not needed)


def stated_amounts(ledger: Ledger) -> list[Stated]:
    """Every stated amount with a table source, against its cell (in the facts' order)."""
    return ledger.shared("stated_amounts", _judge)


def _judge(ledger: Ledger) -> list[Stated]:
    out = []
    for fact in index(ledger).where(("amount", "actual", "budget")):
        if not fact.table:
            continue
        # A budget figure stated in final accounts is not in their tables (the 三公 table
        # prints its budget); in a budget (部门预算) the tables are the budget.
        if fact.measure == "budget" and fact.table != THREE_PUBLIC \
                and not _budget_table(ledger, fact.table):
            continue
        found = fact_cell(ledger, fact)
        value = money(fact)
        if found is None or value is None:
            continue
        rec, table, column = found
        cell = rec.values.get(column)
        if fact.unit == "元" and cell is not None and fact.value == cell:
            out.append(Stated(fact, rec, table, column, cell, value, slip=True))
        elif cell is None:
            out.append(Stated(fact, rec, table, column, cell, value,
                              level="error" if value != 0 else None))
        elif (difference := value - cell) == 0:
            # Equal: no finding, whatever the tolerance (N1 reads it only for a finding).
            out.append(Stated(fact, rec, table, column, cell, value, difference=difference))
        else:
            tol = (half_unit(narrative_amount(fact.value) if fact.unit != "元" else None)
                   + half_unit(cell))
            out.append(Stated(fact, rec, table, column, cell, value,
                              level=severity(difference, tol), difference=difference,
                              tolerance=tol))
    return out


class Wrong:
    """The stated figures already found wrong against their table cell (N1, or a unit slip
    L1 will report): a figure computed from one of them is not a second error."""

    def __init__(self) -> None:
        self._by_place: dict[tuple[str, str, int], str] = {}

    def add(self, fact: Fact, check: Check) -> None:
        for measure in (fact.measure, "*"):
            self._by_place.setdefault((str(fact.subject), measure, int(fact.line)),
                                      f"{fact.subject} {fmt(fact.value)}{fact.unit}（{check.id}，"
                                      f"第 {fact.line} 行）")

    def of(self, *terms: Fact | None) -> str:
        """The first wrong figure among the terms (a derived prior-year value is wrong when
        a figure of its subject on its line is), or ""."""
        for t in terms:
            if t is None:
                continue
            measure = "*" if t.derived else t.measure
            if found := self._by_place.get((str(t.subject), measure, int(t.line))):
                return found
        return ""


def wrong(ledger: Ledger) -> Wrong:
    """The figures found wrong (built once per reconcile from `stated_amounts`)."""
    return ledger.shared("wrong", _wrong)


def _wrong(ledger: Ledger) -> Wrong:
    found = Wrong()
    for s in stated_amounts(ledger):
        if s.slip:
            found.add(s.fact, REGISTRY.role(UNIT_SLIP))
        elif s.level == "error":
            found.add(s.fact, REGISTRY.role(MISMATCH))
    return found


def derived_note(source: str) -> str:
    return f"（由已报错的 {source} 推算，不另计为错误）"


__all__ = ["MISMATCH", "UNIT_SLIP", "Stated", "Wrong", "derived_note", "fact_cell",
           "stated_amounts", "wrong"]
