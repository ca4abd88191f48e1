"""Sum identities declared as data, and the one engine that compares them.

Two shapes cover the plain "total = Σ parts" identities of one table:

- `ColumnSum`: in every row, a total column = the signed sum of part columns (income total =
  Σ sources, fund closing = opening + income − spending, 三公 total = its three items);
- `ClassSum`: in one column, a total line (人员经费合计) = the economic classes it covers.

Identities with more structure (the code hierarchy, summary-table balances, cross-table
comparisons) stay code in their family modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ...extract.table_model import Table
from ...metadata.tables import column_zh
from .ledger import Ledger, Term, adds_up, term
from .registry import Check


@dataclass(frozen=True)
class ColumnSum:
    """In every row of `table`: `total` = Σ `parts`; a part written "-name" is subtracted.

    Parts the table's layout does not have are left out (state capital has no operating
    column). `title` words the comparison, from {table} (its Chinese title), {row} (code or
    item), {level} (预算数/决算数) and {equation} (default: the columns' Chinese names)."""

    check: Check
    table: str
    total: str
    parts: tuple[str, ...]
    equation: str = ""
    title: str = "{table} {row} {equation}"

    def run(self, ledger: Ledger, table: Table) -> None:
        signed = [(p.lstrip("-"), -1 if p.startswith("-") else 1) for p in self.parts]
        printed = printed_columns(ledger, table)
        if self.total not in printed:  # a column this table does not print
            return
        signed = [(c, sign) for c, sign in signed if c in printed]
        if not signed:  # none of the parts printed: nothing to compare the total with
            return
        columns = [c for c, _ in signed]
        added = all(sign > 0 for _, sign in signed)  # no part subtracted: values as printed
        equal = 0  # the rows that add up exactly (Ledger.settled's), counted at the end
        equation = None  # worked out for the first row that does not add up (most do)
        for r in table.records:
            values = r.values
            # The parts' cells read by a C map where none is subtracted (a list made in
            # Python per row cost ~1,000 steps a document).
            if adds_up(map(values.get, columns) if added
                       else [_sign(values.get(c), sign) for c, sign in signed],
                       values.get(self.total)):
                equal += 1
                continue
            if equation is None:
                equation = self.equation or (
                    f"{column_zh(table.id, self.total)} = "
                    + " + ".join(column_zh(table.id, c) for c, _ in signed))
            what = self.title.format(table=table.spec.zh, row=r.code or r.item,
                                     level="预算数" if r.level == "budget" else "决算数",
                                     equation=equation)
            ledger.compare(self.check, what, [_signed(term(table.id, r, c), sign)
                                              for c, sign in signed],
                           term(table.id, r, self.total))
        if equal:
            ledger.count(self.check, equal)


def printed_columns(ledger: Ledger, table: Table) -> set[str]:
    """`table.printed_columns` (the columns headed or holding a value), worked out once per
    table and reconcile: the identities of one table (W2, W4: nine a document) each ask
    for it."""
    return ledger.per_table("printed columns", table, None, lambda: table.printed_columns)


@dataclass(frozen=True)
class ClassSum:
    """In `column`: the total line labelled `total` = the economic classes (3-digit codes) in
    `classes`, or with `other_classes` every class not in `classes`."""

    check: Check
    table: str
    column: str
    total: str
    classes: tuple[str, ...]
    other_classes: bool = False

    def run(self, ledger: Ledger, table: Table) -> None:
        line = next((r for r in reversed(table.records)
                     if r.level == "total" and r.item == self.total), None)
        if line is None:
            return
        parts = [r for r in table.records if len(r.code) == 3
                 and (r.code in self.classes) != self.other_classes]
        ledger.compare(self.check, f"{self.total} = " + " + ".join(r.code for r in parts),
                       [term(table.id, r, self.column) for r in parts],
                       term(table.id, line, self.column))


def _sign(value: Decimal | None, sign: int) -> Decimal | None:
    return value if sign > 0 or value is None else -value


def _signed(t: Term, sign: int) -> Term:
    return t if sign > 0 else t.neg()


def run_sums(ledger: Ledger, identities: Iterable[ColumnSum | ClassSum]) -> None:
    """Compare every declared identity whose table the disclosure has."""
    for identity in identities:
        table = ledger.d.table_info.get(identity.table)
        if table is not None:
            identity.run(ledger, table)


__all__ = ["ClassSum", "ColumnSum", "printed_columns", "run_sums"]
