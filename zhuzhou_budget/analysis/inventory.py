"""What was read of each table: found or not, parsed or not, on which pages, which columns —
so a user with a new province's document sees at once what was read and what was not
(`zhuzhou-budget tables FILE`, and tables_read.csv beside the other processed files)."""

from __future__ import annotations

import operator

import pandas as pd

from ..extract.table_model import table_gaps
from ..metadata.fields import columns
from ..metadata.tables import TABLES, column_zh
from ..transform.frames import inferred_frame


def tables_read(d) -> pd.DataFrame:
    """One row per table of the document's template, then any other table found or named
    in a problem (schema: tables_read)."""
    rows = _rows(d)
    return _frame(rows)


def _rows(d) -> list[dict]:
    """tables_read's rows, as dicts of its columns."""
    template = d.template
    unparsed = {p.table: p for p in d.problems}
    not_in_template = set(d.not_in_template)  # a property worked out per call: read once
    others = [t for t in TABLES if t not in template.tables
              and (t in d.table_info or t in unparsed or t in not_in_template)]
    rows = []
    for tid in [*template.tables, *others]:
        row = {"table": tid, "zh": TABLES[tid].zh, "title": "", "template": template.id,
               "in_template": tid in template.tables, "pages": "", "first_line": None,
               "rows": None, "columns": "", "status": "", "reason": ""}
        if (t := d.table_info.get(tid)) is not None:
            reasons = table_gaps(t)  # the verdict Disclosure.gaps gives, table by table
            last = max(map(_SOURCE_LINE, t.records), default=t.title_line)
            row.update(title=t.title, pages=_pages(d, t.title_line, last),
                       first_line=t.title_line, rows=len(t.records),
                       columns="; ".join(f"{c}={t.column_labels.get(c) or column_zh(tid, c)}"
                                         for c in _recognised(t)),
                       status="partial" if reasons else "parsed", reason="; ".join(reasons))
        elif (p := unparsed.get(tid)) is not None:
            row.update(first_line=p.line, pages=_pages(d, p.line, p.line), status="unparsed",
                       reason=p.reason)
        elif tid in template.tables:
            row.update(status="missing", reason=f"{template.zh}有此表，文件中未找到其标题")
        else:
            row.update(status="not_in_template", reason=f"{template.zh}无此表")
        rows.append(row)
    return rows


_INT_COLUMNS = ("first_line", "rows")
_SOURCE_LINE = operator.attrgetter("source_line")  # each record's, read in C


def _records_frame(rows: list[dict]) -> pd.DataFrame:
    """The frame of `rows` built row by row (the reference `_frame` is tested against; the
    only way for no rows, whose columns pandas types from no values)."""
    frame = pd.DataFrame.from_records(rows, columns=columns("tables_read"))
    for name in _INT_COLUMNS:
        frame[name] = frame[name].astype("Int64")
    return frame


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The same frame built column by column, the integer columns made Int64 at once
    (`transform.frames.inferred_frame`: from_records of dicts, then astype per column, cost
    four times as much for a dozen rows)."""
    names = tuple(columns("tables_read"))
    # Each column's values read by a C map (itemgetter), not a list made in Python per column.
    return inferred_frame([list(map(operator.itemgetter(name), rows)) for name in names], names,
                          len(rows), nullable=_INT_COLUMNS)


def _recognised(t) -> list[str]:
    """Canonical columns the header rules mapped, in the spec's order (both sides of a
    summary table: income.amount, expenditure.total …)."""
    labels = t.column_labels
    spec = [c.id for c in t.spec.columns] + [c.id for c in t.spec.expenditure_columns]
    keys = sorted(labels, key=lambda k: (k.split(".")[0] != "income",
                                         spec.index(k.split(".")[-1])
                                         if k.split(".")[-1] in spec else 99))
    return keys


def _pages(d, first: int, last: int) -> str:
    if not d.line_pages:  # a text without page breaks: no line has a page
        return ""
    pages = sorted({d.line_pages[n] for n in range(first, last + 1) if n in d.line_pages})
    if not pages:
        return ""
    return str(pages[0]) if pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"


__all__ = ["tables_read"]
