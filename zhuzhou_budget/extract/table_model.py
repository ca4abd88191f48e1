"""The public model of a read table: what the checks, the transform stage and the disclosure
read. A `Table` with its `Record`s (amounts as Decimal in 万元, a blank cell None), the rows
printed again (`RepeatedRow`), the tables that could not be parsed (`TableProblem`,
`TableError`), what a table lacks (`table_gaps`, `missing_totals`) and the economic
category of a code. How a table is found and parsed is extract.tables' affair."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, compress, repeat
from operator import attrgetter, is_not

from ..errors import DisclosureError
from ..metadata.tables import GRAND_TOTAL, PERSONNEL_CLASSES, TableSpec
from .lines import squeeze_spaces


class TableError(DisclosureError):
    """A table that cannot be parsed; the message names the file, the table and the line."""

    def __init__(self, message: str, *, table: str = "", line: int | None = None) -> None:
        self.table, self.line = table, line
        super().__init__(message)


@dataclass
class Record:
    row: int
    source_line: int
    code: str = ""
    item: str = ""
    level: str = ""
    side: str = ""
    line: int | None = None  # summary tables: 行次 as printed, else print order on its side
    printed_code: str = ""  # the code as printed: "201 06 01" over 类/款/项 columns
    values: dict[str, Decimal | None] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)  # column id → printed column index


@dataclass
class Table:
    id: str
    spec: TableSpec
    title: str
    title_line: int
    end_line: int
    number: str = ""  # printed 公开NN表 number
    unit: str = "万元"  # unit the table declares; values are converted to 万元
    unit_declared: bool = False  # a 单位： line was printed (else `unit` is the default)
    department: str = ""
    headers: list[str] = field(default_factory=list)  # header rows as printed
    column_labels: dict[str, str] = field(default_factory=dict)  # canonical id → printed label
    notes: list[str] = field(default_factory=list)
    explanation: str = ""  # why an empty table is empty, as printed
    records: list[Record] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)  # stray words, repeated headers
    line_numbers: bool = True  # summary tables: 行次 printed (else `line` is print order)
    # Total rows printed again (合计 on each page of a table continued over pages), read once.
    repeated_rows: list[RepeatedRow] = field(default_factory=list)

    @property
    def column_ids(self) -> list[str]:
        """The canonical columns this table has: its spec's, less the optional columns that
        only some templates print (会议费, 其中：教育收费) when it does not print them."""
        printed = set().union(*map(_VALUES_OF, self.records))  # every record's keys, in C
        return [c.id for c in self.spec.columns if not c.optional or c.id in printed]

    @property
    def printed_columns(self) -> set[str]:
        """The canonical columns the table prints: headed (their label read) or holding a
        value. A column a template leaves out is not compared as if printed blank."""
        headed = {k.split(".")[-1] for k in self.column_labels}
        # The cells read in C (compress over the rows' keys by their values' is-not-None):
        # the checks ask every table for it (a set built cell by cell in Python cost ~1,000
        # steps a document).
        cells = [r.values for r in self.records]
        holding = compress(chain.from_iterable(cells),  # a dict iterates its keys
                           map(is_not, chain.from_iterable(map(dict.values, cells)),
                               repeat(None)))
        return headed | set(holding)

    @property
    def has_values(self) -> bool:
        """Any amount printed (an empty table prints only its headers and blanks)."""
        return any(v is not None for r in self.records for v in r.values.values())


@dataclass(frozen=True)
class RepeatedRow:
    """A total row printed again on a continuation page."""

    line: int  # the copy's source line
    first_line: int  # the line of the row it repeats
    agrees: bool  # the copy prints the same amounts


@dataclass(frozen=True)
class TableProblem:
    """A table found by its title that could not be parsed: it costs that table only."""

    table: str  # canonical table id
    line: int  # the title's line
    reason: str  # one line, naming the file, the table and the line


def economic_category(code: str) -> str:
    """人员经费 or 公用经费: the category of an economic-classification code."""
    return "人员经费" if code[:3] in PERSONNEL_CLASSES else "公用经费"


# The rows whose absence means a table was cut off (or mangled), by kind of table.
_REQUIRED_ROWS = {
    "summary": [("income", r"^本年收入合计$"), ("income", GRAND_TOTAL),
                ("expenditure", r"^本年支出合计$"), ("expenditure", GRAND_TOTAL)],
    "economic": [("", r"^人员经费合计$"), ("", r"^公用经费合计$")],
    # A budget's summaries: the grand total of each side (收入总计, 支出合计, 总计 …); the
    # year's subtotal is printed under many names (本年收入合计, 当年收入小计, 一、本年收入).
    "budget_summary": [("income", r"^(收入)?(总计|合计)$"), ("expenditure", r"^(支出)?(总计|合计)$")],
}


def table_gaps(table: Table) -> list[str]:
    """What of a parsed table could not be read whole, one line each: the totals a table with
    values lacks (cut off), a total printed again with other amounts (which copy is right is
    not known). A table without values is read whole: whether it says why is a finding of
    the document (C2), not a gap in what was read."""
    gaps = ([f"lacks its {what} (cut off?)" for what in missing_totals(table)]
            if table.has_values else [])
    gaps += [f"prints its total again at line {r.line} with other amounts than at line "
             f"{r.first_line}" for r in table.repeated_rows if not r.agrees]
    return gaps


def missing_totals(table: Table) -> list[str]:
    """The total rows a table with values does not print (a table cut off, or mangled)."""
    kind = table.spec.kind
    if table.spec.document == "budget":
        kind = f"budget_{kind}"
    if kind in ("coded", "budget_coded"):
        return [] if any(r.level == "total" for r in table.records) else ["合计行"]
    if kind == "budget_three_public":
        return [] if table.records else ["预算数行"]
    if kind == "three_public":
        levels = {r.level for r in table.records}
        return [f"{zh}行" for level, zh in (("budget", "预算数"), ("actual", "决算数"))
                if level not in levels]
    required = _REQUIRED.get(kind)
    if not required:
        return []
    # A build asks three times (Disclosure.gaps, tables_read, C8), and each time every required
    # pattern is tried on every label: the answer is kept on the table with what it was worked
    # out from (the kind, each record's side and label), so a table changed since is read again.
    key = (kind, [(r.side, r.item) for r in table.records])
    memo = table.__dict__.get(_MEMO)
    if memo is not None and memo[0] == key:
        return list(memo[1])
    missing = _missing_rows(required, key[1])
    table.__dict__[_MEMO] = (key, tuple(missing))
    return missing


_VALUES_OF = attrgetter("values")
_MEMO = "_missing_totals_memo"  # in the Table's __dict__, not a field: no part of its equality
# _REQUIRED_ROWS compiled, each with the name of the row it asks for.
_REQUIRED = {kind: [(side, re.compile(pattern).search,
                     "总计" if pattern == GRAND_TOTAL or "总计" in pattern
                     else pattern.strip("^$")) for side, pattern in rows]
             for kind, rows in _REQUIRED_ROWS.items()}


def _missing_rows(required: list, rows: list[tuple[str, str]]) -> list[str]:
    """The required rows (side, pattern's search, name) no (side, label) of `rows` prints."""
    missing = []
    labels = [(side, squeeze_spaces(item)) for side, item in rows]  # once, not per pattern
    for side, found, label in required:
        if not any((not side or s == side) and found(item) for s, item in labels):
            missing.append(f"{'收入方' if side == 'income' else '支出方' if side else ''}{label}行")
    return missing
