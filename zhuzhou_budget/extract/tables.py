"""Find the nine tables by their titles and parse their rows into records: titles →
regions → tables (the titles are read by extract.titles, the rows by extract.table_rows).

Works on both text shapes through extract.grid; rows are parsed by what a table is (coded by
function class, two-sided summary, economic blocks, 三公) rather than by one file's layout.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field
from itertools import compress, count

from ..errors import DisclosureError, ValueParseError
from ..metadata.tables import TABLES, TableSpec
from ..metadata.templates import FINAL
from .grid import GROUP_HEADING, is_numbering_row, layout_columns, tab_columns
from .lines import Cell, Line, split_cells, squeeze_spaces, text_cells, with_cells
from .numbers import UNIT_FACTORS, is_amount, normalize
from .page_patterns import (
    BRACKETED_CODE,
    CODE,
    CODE_AND_NAME,
    META,
    PAGE_FOOTER,
    PART_HEADING,
    TOTAL_LABEL,
)
from .table_model import Record, RepeatedRow, Table, TableError, TableProblem
from .table_rows import (
    coded_rows,
    economic_rows,
    sources_as_rows,
    summary_rows,
    three_public_rows,
)
from .titles import FORM_NUMBER, NUMBER_ONLY, document_kind, find_titles, number_above

# The meta lines of a table: its unit (金额单位：万元: any money word after 单位：, checked
# against the known ones; 编制单位：某局 names no unit) and its department.
_UNIT = re.compile(r"单位\s*[:：]\s*([^\s,，;；:：)）]{0,3}元)")
_DEPARTMENT = re.compile(r"部门\s*[:：]\s*(\S+)")
_HEADER_WORDS = re.compile(r"科目代码|科目名称|科目编码|^项目$|^栏次$|^行次$|^金额$|决算数$|^预算数$")
_EMPTY_NOTE = re.compile(r"无数据|无数字|无发生额|无该项|没有|未(发生|安排|使用)|不涉及|空表")
_LINE_LABEL = re.compile(r"^([一二三四五六七八九十]+、|本年收入合计|本年支出合计|总计)")
_NARRATIVE_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])"
                                r"[^\d\t]{0,30}(说明|情况|概况|解释)$")
# The last characters of those words (明 况 释), and every character NFKC turns into a text
# holding one of them (㍾ → 明治, compatibility ideographs of 况): a line with none of
# them is no narrative heading, known without NFKC. tests/test_extract_prefilters.py
# checks the set against every code point.
_HEADING_END_CHARS = "明况释\u337e\ufa71\U0002f81b"
_HEADING_END = re.compile(f"[{_HEADING_END_CHARS}]")  # one search, not a set of each char
# A code printed in 类 | 款 | 项 parts with its leading parts blank ("" | 40 | "" 信访事务):
# its first printed part is a 款 or 项 (two digits), then the name.
_CODE_PART_ROW = re.compile(r"^\d{2}$")
_TABLE_NUMBER = re.compile(r"^表\s*\d+(-\d+)?$")  # "表 2" over a title, printed on every page
_NUMBER_OF = operator.attrgetter("no")  # a line's number, read in C over a region
_TEXT_OF = operator.attrgetter("text")


@dataclass
class TableScan:
    """What `find_tables` read: the tables by id, the lines they occupy, the tables that could
    not be parsed, and every title printed (tables and contents entries alike), by id, which
    tells the template."""

    tables: dict[str, Table]
    used: set[int]
    problems: list[TableProblem]
    titles: dict[str, list[str]] = field(default_factory=dict)
    document: str = FINAL  # final | budget: the kind of document the titles say


def find_tables(lines: list[Line], source: str, *, strict: bool = False,
                document: str | None = None) -> TableScan:
    """Parse every table found.

    Each table is parsed on its own: a table that fails (a value that is not a number, a
    layout no rule reads, or a fault of ours) becomes a TableProblem and the others are still
    read; with `strict`, the first failure is raised instead (all or nothing).

    A table continued over pages is one table. Continued with its title printed again (with
    or without its header rows and 合计), its instances stand one after the other: they are
    read as one region whose repeated titles, headers and 合计 are read once. Continued
    without a title, its rows simply follow (the PDF route has put them on the first page's
    columns). A title printed again further on, after other tables, is a second instance:
    named in the problems, and the rest of the document loads.

    `document` (final | budget) reads the tables of that kind of document; None: the kind
    the titles say (`document_kind`). Tables of kind "listed" end the table above them and
    are named in `titles`, never parsed."""
    document = document or document_kind(lines)
    starts = find_titles(lines, document)
    # (each line's text tested by the cached test itself, the indices kept in C: no Python
    # step per line)
    bounds = list(compress(count(), map(_ends_tables_text, map(_TEXT_OF, lines))))
    scan = TableScan({}, set(), [], document=document)
    for i, tid, _ in starts:
        scan.titles.setdefault(tid, []).append(lines[i].text.strip())
    failed: dict[str, TableProblem] = {}
    for run in _runs(starts, bounds, len(lines)):
        tid = run[0][1]
        if TABLES[tid].kind == "listed":
            scan.used.update(map(_NUMBER_OF, lines[run[0][0]:run[-1][3]]))
            continue
        if len(run) > 1 and _contents_entry(tid, lines[run[0][0]:run[0][3]]):
            run = run[1:]  # a contents entry just above the table's first page
        region = lines[run[0][0]:run[-1][3]]
        title_cont = run[0][2]
        repeated = frozenset(n for _, _, cont, _ in run[1:] for n in cont) | frozenset(
            lines[i].no for i, _, _, _ in run[1:])
        try:
            table = parse_table(tid, region, source, title_cont, repeated)
        except DisclosureError as exc:
            if strict:
                raise
            failed[tid] = TableProblem(tid, region[0].no, str(exc))
            scan.used.update(map(_NUMBER_OF, region))  # its lines are a table's, not narrative
            continue
        except Exception as exc:  # a fault of ours in one table must not cost the others
            if strict:
                raise
            reason = (f"{source}: {TABLES[tid].zh} (line {region[0].no}): unexpected "
                      f"{type(exc).__name__} while parsing: {str(exc).splitlines()[0] if str(exc) else ''}")
            failed[tid] = TableProblem(tid, region[0].no, reason)
            scan.used.update(map(_NUMBER_OF, region))
            continue
        if table is None:  # a table of contents entry: a title with no table under it
            continue
        if not table.number and (above := number_above(lines, run[0][0])):
            table.number = above
        if tid in scan.tables:
            first = scan.tables[tid]
            scan.problems.append(TableProblem(
                tid, table.title_line,
                f"{source}: {TABLES[tid].zh} printed again at line {table.title_line} after "
                f"other tables (first at line {first.title_line}); the second instance is not "
                "read"))
            scan.used.update(map(_NUMBER_OF, region))
            continue
        scan.tables[tid] = table
        scan.used.update(map(_NUMBER_OF, region))
    # A table parsed at its body has no problem (a failure was a table of contents entry);
    # of several failures of one table, the last (the body, after the contents) is kept.
    scan.problems += [p for p in failed.values() if p.table not in scan.tables]
    scan.problems.sort(key=lambda p: p.line)
    return scan


def _ends_tables(line: Line) -> bool:
    """A line no table runs past: a part heading (第三部分 …) or a heading of the narrative
    (三、决算报表说明, （一）…情况说明), which some documents print without part headings."""
    return _ends_tables_text(line.text)


# Every line of a document is tested, and documents print the same lines (headings, rows of
# names, narrative templates): each text once. A pure function of the text; bounded.
@functools.lru_cache(maxsize=16384)
def _ends_tables_text(text: str) -> bool:
    text = text.strip()
    if PART_HEADING.match(text):
        return True
    # Most lines end in none of the narrative heading's words: refused before NFKC.
    return (_HEADING_END.search(text) is not None
            and _NARRATIVE_HEADING.match(normalize(text)) is not None)


def _contents_entry(tid: str, region: list[Line]) -> bool:
    """A title instance with no table under it (a table of contents entry): its lines sorted
    into header and rows, none of them a row or a table's heading. The rows are not parsed
    here: the run's region, this instance included, is parsed once, after."""
    try:
        body = _sort_lines(tid, region)
    except Exception:  # noqa: BLE001 - a region that fails is not a contents entry
        return False
    return not _sources_as_rows(body) and _holds_no_table(body)


def _runs(starts: list[tuple[int, str, set[int]]], bounds: list[int], end: int
          ) -> list[list[tuple[int, str, set[int], int]]]:
    """Title instances with their regions' ends, grouped: consecutive instances of one table
    (no other title and no part heading between) are one run, the table printed again on
    the following pages. A run's first instance with no table under it (a contents entry)
    stands alone."""
    spans = []
    for k, (i, tid, cont) in enumerate(starts):
        stop = min([j for j, _, _ in starts[k + 1:]] + [j for j in bounds if j > i] + [end])
        spans.append((i, tid, cont, stop))
    runs: list[list[tuple[int, str, set[int], int]]] = []
    for span in spans:
        prev = runs[-1][-1] if runs else None
        if prev is not None and prev[1] == span[1] and prev[3] == span[0]:
            runs[-1].append(span)
        else:
            runs.append([span])
    return runs


def parse_table(tid: str, region: list[Line], source: str,
                continuation: set[int] | frozenset[int] = frozenset(),
                repeated: frozenset[int] = frozenset()) -> Table | None:
    """One table from its title line to the line before the next title; None for a title
    without a table (a table of contents). `repeated`: the lines of its title printed again
    on the pages it continues over. Errors name the table and the line."""
    try:
        return _parse_region(tid, region, source, continuation, repeated)
    except (TableError, ValueParseError):  # these name the table and the line already
        raise
    except DisclosureError as exc:
        msg = str(exc)
        if TABLES[tid].zh not in msg:
            msg = f"{source}: {TABLES[tid].zh} (line {region[0].no}): {msg}"
        raise TableError(msg, table=tid, line=region[0].no) from exc


@dataclass
class _Body:
    """A region's lines sorted: the table (title, meta, notes read), its header lines and its
    data lines, before any row is parsed."""

    table: Table
    header: list[Line]
    data: list[Line]


def _parse_region(tid: str, region: list[Line], source: str,
                  continuation: set[int] | frozenset[int] = frozenset(),
                  repeated: frozenset[int] = frozenset()) -> Table | None:
    body = _sort_lines(tid, region, continuation, repeated)
    table, header, data = body.table, body.header, body.data
    if _sources_as_rows(body):
        # 项目名称 | 金额 over rows of sources (收入总计, 一般公共预算资金 小计 …): the
        # table's columns printed as rows (Jiangsu's 收入预算总表); a line of amounts alone
        # among them is a row's amount wrapped, not a total row.
        table.headers = [header[0].text]
        lines = sorted(header[1:] + data, key=lambda ln: ln.no)
        sources_as_rows(table, [(ln, split_cells(ln)) for ln in lines], source)
        return table
    if _holds_no_table(body):
        return None
    table.headers = [ln.text for ln in header]
    tabbed = sum(ln.tabbed for ln in header + data) * 2 >= len(header + data)
    hcells = [split_cells(ln) for ln in header]
    if tabbed:
        # A data row holding tabs is cut from its text where it is read (grid.row_texts):
        # its cells are not made here (None), only its width counted; a row without tabs
        # keeps its cells.
        dcells: list[list[Cell] | None] = [None if "\t" in ln.text else split_cells(ln)
                                           for ln in data]
        columns = tab_columns(hcells, [c for c in dcells if c is not None],
                              max((ln.text.count("\t") + 1 for ln in data if "\t" in ln.text),
                                  default=0))
    else:
        cut = [split_cells(ln) for ln in data]
        columns, dcells = layout_columns(hcells, cut), list(cut)
    parser = {"coded": coded_rows, "summary": summary_rows, "economic": economic_rows,
              "three_public": three_public_rows}[table.spec.kind]
    parser(table, columns, list(zip(data, dcells, strict=True)), tabbed, source)
    _read_repeats_once(table)
    return table


def _sources_as_rows(body: _Body) -> bool:
    """A coded table whose header is 项目名称 | 金额 over rows of sources, with no code and
    no 合计 among its data lines: its columns are printed as rows."""
    header, data = body.header, body.data
    return (body.table.spec.kind == "coded" and len(header) > 1 and _sources_heading(header[0])
            and not any(CODE.match(c.norm) or TOTAL_LABEL.match(c.norm)
                        for ln in data for c in split_cells(ln)))


def _holds_no_table(body: _Body) -> bool:
    """No data line, and no header line that heads a table (a title alone, a contents
    entry)."""
    return not body.data and not header_looks_like_table(body.header)


def _sort_lines(tid: str, region: list[Line],
                continuation: set[int] | frozenset[int] = frozenset(),
                repeated: frozenset[int] = frozenset()) -> _Body:
    """A region's lines sorted into header, data, notes, meta and skipped lines."""
    spec = TABLES[tid]
    title = region[0].text.strip()
    if continuation:  # the title's broken end (most titles are whole: no pass over the region)
        title += "".join(ln.text.strip() for ln in region if ln.no in continuation)
    table = Table(tid, spec, title, region[0].no, region[-1].no)
    header: list[Line] = []
    data: list[Line] = []
    in_notes = False
    # A 行次 heading anywhere in the table: summary rows carry line numbers.
    numbered = spec.kind == "summary" and any("行" in ln.text and any(
        c.norm == "行次" for c in split_cells(ln)) for ln in region)
    for k, ln in enumerate(region[1:], start=1):
        text, footer, number, number_only, note, meta = _line_marks(ln.text)
        if not text or footer or ln.no in continuation:
            continue
        if ln.no in repeated or number:  # the title printed again, 表 2
            table.skipped_lines.append(ln.no)
            continue
        if number_only and not any(x.text.strip() for x in region[k + 1:]):
            # 公开 02 表 printed last, right above the next title: the next table's number.
            table.skipped_lines.append(ln.no)
            continue
        if in_notes or note:
            in_notes = True
            table.notes.append(text)
            continue
        # The line's cells are cut only where a coded table's rule reads them (most lines
        # are sorted by their text's marks alone).
        is_data = _is_data_text(spec.kind, ln.text, numbered, bool(data)) and not (
            spec.kind == "coded" and not header and not data
            and _heading_row(split_cells(ln)))
        if meta and not is_data:
            _read_meta(table, text)
            continue
        if (spec.kind == "coded" and _holds_total_label(ln.text)
                and (parts := _header_and_total(ln, split_cells(ln), header, spec))):
            # One printed row holds the lowest header cells and the 合计 row.
            if data:
                table.skipped_lines.append(ln.no)
            else:
                header.append(parts[0])
            data.append(parts[1])
        elif is_data:
            data.append(ln)
        elif spec.kind == "coded" and data and _wrapped_amounts(split_cells(ln), data[-1], ln,
                                                                region):
            data[-1] = _join_lines(data[-1], ln)
        elif not data:
            header.append(ln)
        else:
            table.skipped_lines.append(ln.no)
    table.explanation = "".join(n for n in table.notes if _EMPTY_NOTE.search(n))
    return _Body(table, header, data)


_NOTE = re.compile(r"^注\s*[:：0-9]")


# A table's lines are sorted by what their text is (a page footer, 表 2, 公开 02 表, a note,
# a meta line, a data row): documents print the same lines, each text is tested once. Pure
# functions of the text (and the table's kind, whether it prints 行次, whether its rows
# have begun); bounded.
@functools.lru_cache(maxsize=16384)
def _line_marks(raw: str) -> tuple[str, bool, bool, bool, bool, bool]:
    """(stripped text, page footer, 表 N, 公开 N 表, note, meta line) of a line's text."""
    text = raw.strip()
    return (text, PAGE_FOOTER.match(text) is not None, _TABLE_NUMBER.match(text) is not None,
            NUMBER_ONLY.match(text) is not None, _NOTE.match(text) is not None,
            META.search(text) is not None)


@functools.lru_cache(maxsize=16384)
def _is_data_text(kind: str, text: str, numbered: bool, started: bool) -> bool:
    """`_is_data` of a line's cells, by its text."""
    return _is_data(kind, text_cells(text), numbered, started)


@functools.lru_cache(maxsize=16384)
def _holds_total_label(text: str) -> bool:
    """A cell of the line is a 合计 label (else `_header_and_total` finds no row to cut)."""
    return any(TOTAL_LABEL.match(c.norm) for c in text_cells(text) if c.norm)


def _read_repeats_once(table: Table) -> None:
    """A total row printed again (合计 on each page of a table continued over pages; a summary
    line with the same 行次) is read once: the copy leaves the records, and whether it agrees
    with the first is kept in `repeated_rows` for the checks."""
    first: dict[tuple[str, str, int | None], Record] = {}
    kept: list[Record] = []
    for rec in table.records:
        key: tuple[str, str, int | None]
        if rec.level == "total":
            key = ("total", rec.item, None)
        elif rec.level == "line" and table.line_numbers and rec.line is not None:
            # The same 行次 and label: a line printed twice is rare, a 行次 misprinted
            # twice (外交支出 and 农林水支出 both 39) is not, and both are rows.
            key = (rec.side, squeeze_spaces(rec.item), rec.line)
        else:
            kept.append(rec)
            continue
        if key in first:
            table.repeated_rows.append(
                RepeatedRow(rec.source_line, first[key].source_line,
                            rec.values == first[key].values))
            table.skipped_lines.append(rec.source_line)
            continue
        first[key] = rec
        kept.append(rec)
    if len(kept) != len(table.records):
        for n, rec in enumerate(kept, start=1):
            rec.row = n
        table.records = kept


def header_looks_like_table(header: list[Line]) -> bool:
    return any(_HEADER_WORDS.search(c.norm) for ln in header for c in split_cells(ln))


def _read_meta(table: Table, text: str) -> None:
    if m := _UNIT.search(text):
        unit = m.group(1)
        if unit not in UNIT_FACTORS:
            raise DisclosureError(f"unknown money unit {unit!r} (known: "
                                  f"{', '.join(UNIT_FACTORS)}): refusing to read it as 万元")
        table.unit = unit
        table.unit_declared = True
    if m := _DEPARTMENT.search(normalize(text)):
        table.department = re.sub(r"公开\d+表$", "", m.group(1))
    if m := FORM_NUMBER.search(normalize(text)):
        table.number = m.group(1)


def _is_data(kind: str, cells: list[Cell], numbered: bool = True, started: bool = True) -> bool:
    texts = [c.norm for c in cells if c.norm]
    if not texts or is_numbering_row(cells):
        return False
    if kind == "coded":
        # The body's first row printed as amounts only (no code, no 合计 label: a table of one
        # row under its headings) is the table's total row; later unlabelled rows are not rows.
        return bool(CODE.match(texts[0]) or CODE_AND_NAME.match(texts[0])
                    or TOTAL_LABEL.match(texts[0]) or BRACKETED_CODE.match(texts[0])
                    or (not started and all(is_amount(t) for t in texts))
                    or (started and _CODE_PART_ROW.match(texts[0]) is not None and len(texts) > 1
                        and not is_amount(texts[1])))
    if kind == "summary":
        if any(_HEADER_WORDS.search(t) for t in texts):
            return False
        if numbered:  # rows carry their 行次
            return any(t.isdigit() and len(t) <= 3 for t in texts)
        # No 行次 printed: the body begins with a row of amounts or a numbered line label
        # (一、…) or a total (wrapped headings above it are CJK words too); after that any
        # line label is a row (not a group heading such as 收入/支出, not a 单位/部门 line).
        if any(META.search(t) for t in texts) or META.search("".join(texts)):
            return False  # (公开 02 表 in layout text is cut into 公开 | 02 | 表)
        if not started:
            return any(is_amount(t) or _LINE_LABEL.match(t) for t in texts)
        return any(is_amount(t) or (re.search(r"[\u4e00-\u9fff]", t)
                                     and not GROUP_HEADING.match(t)) for t in texts)
    if kind == "economic":
        return any(CODE.match(t) and len(t) in (3, 5) for t in texts) or any(
            t in ("人员经费合计", "公用经费合计") for t in texts)
    # three_public: a line of amounts, or a 预算数/决算数 row of them
    amounts = sum(is_amount(t) for t in texts)
    if amounts and amounts == len(texts):  # a row of amounts only (blank cells elsewhere)
        return True
    return amounts >= 2 and not any(_HEADER_WORDS.search(t) and not is_amount(t)
                                    for t in texts if t not in ("预算数", "决算数"))


def _sources_heading(line: Line) -> bool:
    """A header of a label and one amount only (项目名称 | 金额)."""
    texts = [c.norm for c in split_cells(line) if c.norm]
    return len(texts) == 2 and bool(re.search(r"项目|名称", texts[0])) and bool(
        re.fullmatch(r"金额|预算数?|本年预算", texts[1]))


def _heading_row(cells: list[Cell]) -> bool:
    """合计 | 基本支出 | 项目支出 … as a table's first row, with no amount: the headings of a
    table without code or name columns (its row of amounts follows), not a 合计 row."""
    texts = [c.norm for c in cells if c.norm]
    return (len(texts) >= 3 and TOTAL_LABEL.match(texts[0]) is not None
            and not any(is_amount(t) for t in texts)
            and all(re.search(r"[\u4e00-\u9fff]", t) for t in texts))


def _wrapped_amounts(cells: list[Cell], last: Line, ln: Line, region: list[Line]) -> bool:
    """A line of amounts only, printed right under a row that has a code and a name but no
    amount: that row's amounts, wrapped onto a line of their own (a 类 row of Jiangsu)."""
    texts = [c.norm for c in cells if c.norm]
    if not texts or not all(is_amount(t) for t in texts) or is_numbering_row(cells):
        return False
    above = [c.norm for c in split_cells(last) if c.norm]
    index = {x.no: k for k, x in enumerate(region)}
    return (index.get(ln.no, 0) - index.get(last.no, -2) == 1 and len(above) >= 2
            and not any(is_amount(t) for t in above[1:]))


def _join_lines(first: Line, second: Line) -> Line:
    """One row from a row and its wrapped amounts: each cell where it was printed."""
    cells = [c for c in split_cells(first) if c.norm] + [c for c in split_cells(second) if c.norm]
    if first.tabbed or second.tabbed:
        texts = [""] * (1 + max(int(c.x0) for c in cells))
        for c in cells:
            texts[int(c.x0)] = c.text
        return Line(first.no, first.page, "\t".join(texts))
    return with_cells(first, cells)


def _header_and_total(ln: Line, cells: list[Cell], header: list[Line],
                      spec: TableSpec) -> tuple[Line, Line] | None:
    """(header part, data part) of a row that is both the lowest header row and the 合计 row,
    or None. Cells are classified, not the row: "类 款 项 合计 2,946.25 …" holds the 类/款/项
    headings and the 合计 row; "合计 … 合计 基本支出 项目支出" the 合计 row (its label on the
    left) and the 本年支出 sub-headings.

    Without amounts the row is mixed only when 合计 is its first cell and stands left of
    the amount headings above (a header row "科目代码 科目名称 合计 基本支出" is not)."""
    texts = [c for c in cells if c.norm]
    label = next((c for c in texts if TOTAL_LABEL.match(c.norm)), None)
    if label is None:
        return None
    amounts = [c for c in texts if is_amount(c.text)]
    heads = [c for c in texts if c is not label and c not in amounts]
    if not heads:
        return None
    if not amounts:
        if not header:  # the first header row: 合计 | 基本支出 | … heads amount columns
            return None
        edge = _amount_heading_edge(header, spec)
        if label is not texts[0] or (edge is not None and label.center >= edge):
            return None
    return with_cells(ln, heads), with_cells(ln, [label, *amounts])


def _amount_heading_edge(header: list[Line], spec: TableSpec) -> float | None:
    """Where the first heading of an amount column starts (年初结转和结余, 本年支出, …)."""
    edges = [c.x0 for ln in header for c in split_cells(ln)
             if c.norm and any(col.matches(c.norm) for col in spec.columns)]
    return min(edges, default=None)


