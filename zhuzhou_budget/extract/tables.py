"""Find the nine tables by their titles and parse their rows into records.

Works on both text shapes through extract.grid; rows are parsed by what a table is (coded by
function class, two-sided summary, economic blocks, 三公) rather than by one file's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import DisclosureError, ValueParseError
from ..metadata import (
    FUNCTION_CLASSES,
    PERSONNEL_CLASSES,
    TABLES,
    TITLE_ORDER,
    TableSpec,
    code_level,
)
from .grid import GROUP_HEADING, Column, assign, is_numbering_row, layout_columns, tab_columns
from .lines import Cell, Line, split_cells, with_cells
from .numbers import UNIT_FACTORS, normalize, parse_amount, parse_amount_unit, to_wan

PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")
_TOTAL_LABEL = re.compile(r"^(合计|总计)$")
_PAGE_FOOTER = re.compile(r"^[-—\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*共?\s*\d+\s*页?)?[-—\s]*$")
_META = re.compile(r"(部门|单位)\s*[:：]|公开\s*\d+\s*表|^表\s*\d+$")
# The unit a table declares (金额单位：万元): any money word after 单位：, checked against
# the known ones (编制单位：某局 names no unit).
_UNIT = re.compile(r"单位\s*[:：]\s*([^\s,，;；:：)）]{0,3}元)")
_DEPARTMENT = re.compile(r"部门\s*[:：]\s*(\S+)")
_NUMBER = re.compile(r"公开\s*(\d+)\s*表")
_HEADER_WORDS = re.compile(r"科目代码|科目名称|科目编码|^项目$|^栏次$|^行次$|^金额$|决算数$|^预算数$")
_EMPTY_NOTE = re.compile(r"无数据|没有|未(发生|安排|使用)|不涉及|空表")
_CODE_PART_LEAF = ("类", "款", "项")  # code printed over three columns: 201 | 06 | 01
_DIGITS = re.compile(r"^\d+$")
_LINE_LABEL = re.compile(r"^([一二三四五六七八九十]+、|本年收入合计|本年支出合计|总计)")
_SENTENCE = re.compile(r"[。，；;,:：！？]")


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
    department: str = ""
    headers: list[str] = field(default_factory=list)  # header rows as printed
    column_labels: dict[str, str] = field(default_factory=dict)  # canonical id → printed label
    notes: list[str] = field(default_factory=list)
    explanation: str = ""  # why an empty table is empty, as printed
    records: list[Record] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)  # stray words, repeated headers
    line_numbers: bool = True  # summary tables: 行次 printed (else `line` is print order)


def normalize_title(text: str) -> str:
    s = re.sub(r"\s+", "", normalize(text))
    s = re.sub(r"^[-*#•·]+", "", s).strip("*#")
    s = re.sub(r"^(附表\d*|表[一二三四五六七八九十\d]+)[、.:：]?", "", s)
    s = re.sub(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.])", "", s)
    s = re.sub(r"[（(]?(公开\d+表|表\d+)[）)]?$", "", s)
    s = re.sub(r"^\d{4}年度?", "", s)
    return s


def match_title(text: str) -> str | None:
    """Canonical table id for a title line, or None."""
    if len(text) > 80 or "\t" in text.strip():
        return None
    s = normalize_title(text)
    for table_id in TITLE_ORDER:
        m = re.fullmatch(rf"(?P<prefix>.{{0,40}}?){TABLES[table_id].title}", s)
        if m and not re.search(r"财政拨款|预算|经费|基金|决算|说明|情况", m.group("prefix")):
            return table_id
    return None


def find_titles(lines: list[Line]) -> list[tuple[int, str, set[int]]]:
    """(index, table id, line numbers of the title's continuation) of every title line.

    A title may be broken over two lines ("一般公共预算财政拨款基本支出决算" / "表") or
    interrupted by a line of its own (公开NN表, 单位：万元) before it ends; each line looks
    at most three lines ahead, so this stays linear.
    """
    out: list[tuple[int, str, set[int]]] = []
    taken: set[int] = set()  # continuation lines of a title found above
    for i, ln in enumerate(lines):
        if ln.no in taken:
            continue
        if tid := match_title(ln.text):
            out.append((i, tid, set()))
        elif joined := _broken_title(lines, i):
            out.append((i, *joined))
            taken |= joined[1]
    return out


def _broken_title(lines: list[Line], i: int) -> tuple[str, set[int]] | None:
    head = lines[i].text.strip()
    if not head or len(head) > 40 or lines[i].tabbed or _SENTENCE.search(normalize(head)):
        return None
    for j in range(i + 1, min(i + 4, len(lines))):
        tail = lines[j].text.strip()
        if not tail or (_META.search(tail) and not match_title(tail)):
            continue  # a 公开NN表 / 单位 line printed inside the title
        if len(tail) > 30 or lines[j].tabbed:
            return None
        tid = match_title(head + tail)
        # "国有资本经营预算财政拨款收入" + "支出决算表" is one title though its tail is a title
        # too; a department name above a whole title ("上海市XX局2024年度") is not joined.
        return (tid, {lines[j].no}) if tid and tid != match_title(tail) else None
    return None


@dataclass(frozen=True)
class TableProblem:
    """A table found by its title that could not be parsed: it costs that table only."""

    table: str  # canonical table id
    line: int  # the title's line
    reason: str  # one line, naming the file, the table and the line


def find_tables(lines: list[Line], source: str, *, strict: bool = False
                ) -> tuple[dict[str, Table], set[int], list[TableProblem]]:
    """Parse every table found; returns tables by id, the line numbers they occupy, and the
    tables that could not be parsed.

    Each table is parsed on its own: a table that fails (a value that is not a number, a
    layout no rule reads, or a fault of ours) becomes a TableProblem and the others are still
    read; with `strict`, the first failure is raised instead (all or nothing)."""
    starts = find_titles(lines)
    bounds = [i for i, ln in enumerate(lines) if PART_HEADING.match(ln.text.strip())]
    found: dict[str, Table] = {}
    used: set[int] = set()
    problems: list[TableProblem] = []
    for k, (i, tid, cont) in enumerate(starts):
        stop = min([j for j, _, _ in starts[k + 1:]] + [j for j in bounds if j > i]
                   + [len(lines)])
        region = lines[i:stop]
        try:
            table = parse_table(tid, region, source, cont)
        except DisclosureError as exc:
            if strict:
                raise
            problems.append(TableProblem(tid, region[0].no, str(exc)))
            used.update(ln.no for ln in region)  # its lines are a table's, not narrative
            continue
        except Exception as exc:  # a fault of ours in one table must not cost the others
            if strict:
                raise
            reason = (f"{source}: {TABLES[tid].zh} (line {region[0].no}): unexpected "
                      f"{type(exc).__name__} while parsing: {str(exc).splitlines()[0] if str(exc) else ''}")
            problems.append(TableProblem(tid, region[0].no, reason))
            used.update(ln.no for ln in region)
            continue
        if table is None:  # a table of contents entry: a title with no table under it
            continue
        if tid in found:
            raise DisclosureError(f"{source}: table {TABLES[tid].zh} appears twice "
                                  f"(lines {found[tid].title_line} and {table.title_line})")
        found[tid] = table
        used.update(ln.no for ln in region)
    # A table parsed at its body has no problem (a failure was a table of contents entry);
    # of several failures of one table, the last (the body, after the contents) is kept.
    last = {p.table: p for p in problems if p.table not in found}
    return found, used, sorted(last.values(), key=lambda p: p.line)


def parse_table(tid: str, region: list[Line], source: str,
                continuation: set[int] | frozenset[int] = frozenset()) -> Table | None:
    """One table from its title line to the line before the next title; None for a title
    without a table (a table of contents). Errors name the table and the line."""
    try:
        return _parse_region(tid, region, source, continuation)
    except (TableError, ValueParseError):  # these name the table and the line already
        raise
    except DisclosureError as exc:
        msg = str(exc)
        if TABLES[tid].zh not in msg:
            msg = f"{source}: {TABLES[tid].zh} (line {region[0].no}): {msg}"
        raise TableError(msg, table=tid, line=region[0].no) from exc


def _parse_region(tid: str, region: list[Line], source: str,
                  continuation: set[int] | frozenset[int] = frozenset()) -> Table | None:
    spec = TABLES[tid]
    title = region[0].text.strip() + "".join(ln.text.strip() for ln in region
                                             if ln.no in continuation)
    table = Table(tid, spec, title, region[0].no, region[-1].no)
    header: list[Line] = []
    data: list[Line] = []
    in_notes = False
    # A 行次 heading anywhere in the table: summary rows carry line numbers.
    numbered = spec.kind == "summary" and any("行" in ln.text and any(
        c.norm == "行次" for c in split_cells(ln)) for ln in region)
    for ln in region[1:]:
        text = ln.text.strip()
        if not text or _PAGE_FOOTER.match(text) or ln.no in continuation:
            continue
        if in_notes or re.match(r"^注\s*[:：0-9]", text):
            in_notes = True
            table.notes.append(text)
            continue
        cells = split_cells(ln)
        is_data = _is_data(spec.kind, cells, numbered, started=bool(data))
        if _META.search(text) and not is_data:
            _read_meta(table, text)
            continue
        if spec.kind == "coded" and (parts := _header_and_total(ln, cells, header, spec)):
            # One printed row holds the lowest header cells and the 合计 row.
            if data:
                table.skipped_lines.append(ln.no)
            else:
                header.append(parts[0])
            data.append(parts[1])
        elif is_data:
            data.append(ln)
        elif not data:
            header.append(ln)
        else:
            table.skipped_lines.append(ln.no)
    table.explanation = "".join(n for n in table.notes if _EMPTY_NOTE.search(n))
    if not header and not data:
        return None
    if not data and not header_looks_like_table(header):
        return None
    table.headers = [ln.text for ln in header]
    tabbed = sum(ln.tabbed for ln in header + data) * 2 >= len(header + data)
    hcells = [split_cells(ln) for ln in header]
    dcells = [split_cells(ln) for ln in data]
    columns = tab_columns(hcells, dcells) if tabbed else layout_columns(hcells, dcells)
    parser = {"coded": _coded, "summary": _summary, "economic": _economic,
              "three_public": _three_public}[spec.kind]
    parser(table, columns, list(zip(data, dcells, strict=True)), tabbed, source)
    return table


def header_looks_like_table(header: list[Line]) -> bool:
    return any(_HEADER_WORDS.search(c.norm) for ln in header for c in split_cells(ln))


def _read_meta(table: Table, text: str) -> None:
    if m := _UNIT.search(text):
        unit = m.group(1)
        if unit not in UNIT_FACTORS:
            raise DisclosureError(f"unknown money unit {unit!r} (known: "
                                  f"{', '.join(UNIT_FACTORS)}): refusing to read it as 万元")
        table.unit = unit
    if m := _DEPARTMENT.search(normalize(text)):
        table.department = re.sub(r"公开\d+表$", "", m.group(1))
    if m := _NUMBER.search(normalize(text)):
        table.number = m.group(1)


def _is_data(kind: str, cells: list[Cell], numbered: bool = True, started: bool = True) -> bool:
    texts = [c.norm for c in cells if c.norm]
    if not texts or is_numbering_row(cells):
        return False
    if kind == "coded":
        return bool(_CODE.match(texts[0]) or _CODE_AND_NAME.match(texts[0])
                    or _TOTAL_LABEL.match(texts[0]))
    if kind == "summary":
        if any(_HEADER_WORDS.search(t) for t in texts):
            return False
        if numbered:  # rows carry their 行次
            return any(t.isdigit() and len(t) <= 3 for t in texts)
        # No 行次 printed: the body begins with a row of amounts or a numbered line label
        # (一、…) or a total (wrapped headings above it are CJK words too); after that any
        # line label is a row (not a group heading such as 收入/支出, not a 单位/部门 line).
        if any(_META.search(t) for t in texts):
            return False
        if not started:
            return any(_is_amount(t) or _LINE_LABEL.match(t) for t in texts)
        return any(_is_amount(t) or (re.search(r"[\u4e00-\u9fff]", t)
                                     and not GROUP_HEADING.match(t)) for t in texts)
    if kind == "economic":
        return any(_CODE.match(t) and len(t) in (3, 5) for t in texts) or any(
            t in ("人员经费合计", "公用经费合计") for t in texts)
    # three_public: a line of amounts, or a 预算数/决算数 row of them
    amounts = sum(_is_amount(t) for t in texts)
    if amounts and amounts == len(texts):  # a row of amounts only (blank cells elsewhere)
        return True
    return amounts >= 2 and not any(_HEADER_WORDS.search(t) and not _is_amount(t)
                                    for t in texts if t not in ("预算数", "决算数"))


def _header_and_total(ln: Line, cells: list[Cell], header: list[Line],
                      spec: TableSpec) -> tuple[Line, Line] | None:
    """(header part, data part) of a row that is both the lowest header row and the 合计 row,
    or None. Cells are classified, not the row: "类 款 项 合计 2,946.25 …" holds the 类/款/项
    headings and the 合计 row; "合计 … 合计 基本支出 项目支出" the 合计 row (its label on the
    left) and the 本年支出 sub-headings.

    Without amounts the row is mixed only when 合计 is its first cell and stands left of
    the amount headings above (a header row "科目代码 科目名称 合计 基本支出" is not)."""
    texts = [c for c in cells if c.norm]
    label = next((c for c in texts if _TOTAL_LABEL.match(c.norm)), None)
    if label is None:
        return None
    amounts = [c for c in texts if _is_amount(c.text)]
    heads = [c for c in texts if c is not label and c not in amounts]
    if not heads:
        return None
    if not amounts:
        edge = _amount_heading_edge(header, spec)
        if label is not texts[0] or (edge is not None and label.center >= edge):
            return None
    return with_cells(ln, heads), with_cells(ln, [label, *amounts])


def _amount_heading_edge(header: list[Line], spec: TableSpec) -> float | None:
    """Where the first heading of an amount column starts (年初结转和结余, 本年支出, …)."""
    edges = [c.x0 for ln in header for c in split_cells(ln)
             if c.norm and any(col.matches(c.norm) for col in spec.columns)]
    return min(edges, default=None)


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def _value(table: Table, text: str | None, source: str, row: str, column: str,
           line: int) -> Decimal | None:
    try:
        value, unit = parse_amount_unit(text)
    except ValueError:
        raise ValueParseError(text or "", file=source, table=table.id, row=row, column=column,
                              line=line) from None
    # A unit written in the cell ("453.05元") is that cell's, not the table's.
    return to_wan(value, unit or table.unit) if value is not None else None


def _map_columns(table: Table, columns: list[Column], specs, skip: set[int], source: str,
                 cells_by_col: dict[int, bool], prefix: str = "") -> dict[int, str]:
    """Column index → canonical id by the header rules; unknown columns with values fail."""
    mapping: dict[int, str] = {}
    for i, col in enumerate(columns):
        if i in skip:
            continue
        label = col.label
        for spec in TableSpec.by_priority(specs):
            if spec.id not in mapping.values() and spec.matches(label):
                mapping[i] = spec.id
                table.column_labels[prefix + spec.id] = label
                break
        else:
            if cells_by_col.get(i):
                raise TableError(f"{source}: {table.spec.zh} (line {table.title_line}): "
                                 f"column {label or i + 1!r} matches no known column",
                                 table=table.id, line=table.title_line)
    return mapping


def _filled(rows, columns, tabbed) -> dict[int, bool]:
    filled: dict[int, bool] = {}
    for _, cells in rows:
        for i in assign(cells, columns, tabbed):
            filled[i] = True
    return filled


def _coded(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    code_cols = [i for i, c in enumerate(columns) if re.search(r"代码|编码", c.leaf)]
    part_cols = _code_part_columns(columns)
    # The name column: headed 名称, else 项目 or unheaded.
    name_cols = ([i for i, c in enumerate(columns) if re.search(r"名称", c.leaf)]
                 + [i for i, c in enumerate(columns) if re.fullmatch(r"(项目)?", c.leaf)
                    and i not in code_cols + part_cols])
    code_col = code_cols[0] if code_cols else 0
    name_col = next((i for i in name_cols if i != code_col and i not in part_cols), code_col + 1)
    # The code is printed in one column, or in 类 | 款 | 项 columns (named so, or unnamed
    # columns between a 科目编码 heading and the name): its parts are joined.
    code_span = part_cols or list(range(code_col, name_col)) or [code_col]
    skip = {code_col, name_col, *code_span}
    mapping = _map_columns(table, columns, table.spec.columns, skip, source,
                           _filled(rows, columns, tabbed))
    for n, (ln, cells) in enumerate(rows, start=1):
        texts = assign(cells, columns, tabbed)
        printed = " ".join(t for i in code_span if (t := texts.get(i, "").strip()))
        item = texts.get(name_col, "")
        code, item = _split_code(_joined_code(printed), item)
        if _TOTAL_LABEL.match(code):
            code, item = "", item or code
        rec = Record(n, ln.no, code, item.strip(), code_level(code) if code else "total",
                     printed_code=printed if code else "")
        for i, cid in mapping.items():
            rec.values[cid] = _value(table, texts.get(i), source, code or item, cid, ln.no)
            rec.cells[cid] = i
        table.records.append(rec)


def _code_part_columns(columns: list[Column]) -> list[int]:
    """Columns headed 类 / 款 / 项 in their lowest header row: the code printed in parts.
    (In layout text a wrapped 科目编码 heading may stack onto one of them.)"""
    return [i for i, c in enumerate(columns)
            if c.pieces and max(c.pieces)[1] in _CODE_PART_LEAF]


def _joined_code(printed: str) -> str:
    """"201 06 01" → "2010601" (a 3-digit 类 then 2-digit parts); other text as it was,
    without spaces ("208 社会保障和就业支出" → split later into code and name)."""
    text = normalize(printed)
    parts = text.split()
    if (len(parts) > 1 and len(parts[0]) == 3 and all(_DIGITS.match(p) for p in parts)
            and all(len(p) == 2 for p in parts[1:])):
        return "".join(parts)
    return text.replace(" ", "")


def _split_code(code: str, item: str) -> tuple[str, str]:
    if m := _CODE_AND_NAME.match(code):
        return m.group(1), (m.group(2) + " " + item).strip()
    return code, item


def _summary(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    """Two sides, income and expenditure. With 行次 columns each row is known by its 行次;
    without them (the national template: 项目 | 决算数 | 项目 | 决算数) by its label, and
    `line` numbers the lines of each side in print order."""
    item_cols = [i for i, c in enumerate(columns) if re.search(r"项目", c.leaf)]
    line_cols = [i for i, c in enumerate(columns) if re.search(r"行次", c.leaf)]
    where = f"{source}: {table.spec.zh} (line {table.title_line})"
    if len(line_cols) == 1 or len(line_cols) > 2:
        raise TableError(f"{where}: expected two 行次 columns (income and expenditure sides) "
                         f"or none, found {len(line_cols)}", table=table.id,
                         line=table.title_line)
    numbered = table.line_numbers = len(line_cols) == 2
    split = _side_split(columns, item_cols, line_cols)
    if split is None:
        raise TableError(f"{where}: cannot tell the income side from the expenditure side (no "
                         "second 项目 column, no 行次 columns, no 支出 heading)", table=table.id,
                         line=table.title_line)
    sides = {"income": range(0, split), "expenditure": range(split, len(columns))}
    specs = {"income": table.spec.columns, "expenditure": table.spec.expenditure_columns}
    # A side's labels: its 项目 column, else its first column (科目, 项 目 …).
    labels = {side: next((i for i in item_cols if i in span), span.start)
              for side, span in sides.items()}
    filled = _filled(rows, columns, tabbed)
    maps = {}
    for side, span in sides.items():
        skip = ({i for i in range(len(columns)) if i not in span} | set(item_cols)
                | set(line_cols) | {labels[side]})
        maps[side] = _map_columns(table, columns, specs[side], skip, source, filled,
                                  prefix=f"{side}.")
    counts = {"income": 0, "expenditure": 0}
    for ln, cells in rows:
        texts = assign(cells, columns, tabbed)
        for side, span in sides.items():
            item_col = labels[side]
            if numbered:
                line_col = next(i for i in line_cols if i in span)
                line_text = normalize(texts.get(line_col, ""))
                if not line_text.isdigit():
                    if any(texts.get(i) for i in span):
                        raise TableError(f"{source}: line {ln.no}: {table.spec.zh} row without "
                                         f"a 行次 on its {side} side", table=table.id,
                                         line=ln.no)
                    continue
                line_no = int(line_text)
            else:
                if not any(texts.get(i) for i in span):
                    continue  # nothing printed on this side of the row
                counts[side] += 1
                line_no = counts[side]
            item = texts.get(item_col, "").strip()
            code = next((c for c, name in FUNCTION_CLASSES.items()
                         if side == "expenditure" and re.sub(r"^[一二三四五六七八九十]+、", "",
                                                             item) == name), "")
            rec = Record(0, ln.no, code, item, "line", side, line_no)
            row_key = f"{side} 行次 {line_no}" if numbered else f"{side} {item or line_no}"
            for i, cid in maps[side].items():
                rec.values[cid] = _value(table, texts.get(i), source, row_key, cid, ln.no)
                rec.cells[cid] = i
            table.records.append(rec)
    table.records.sort(key=lambda r: (r.side != "income", r.line))
    for n, rec in enumerate(table.records, start=1):
        rec.row = n


def _side_split(columns: list[Column], item_cols: list[int], line_cols: list[int]) -> int | None:
    """First column of the expenditure side: the second 项目 column, else the column before
    the second 行次, else the first column under a 支出 heading."""
    if len(item_cols) >= 2:
        return item_cols[1]
    if len(line_cols) == 2:
        return line_cols[1] - 1
    return next((i for i, c in enumerate(columns) if i and any(
        re.sub(r"\s+", "", g) == "支出" for g in c.groups)), None)


def _economic(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    """Side-by-side blocks of (代码, 名称, 决算数) → one record per economic code. A block's
    code is printed in one column (30101) or in 类 | 款 columns (301 | 01)."""
    code_like = sorted({i for i, c in enumerate(columns) if re.search(r"代码|编码", c.leaf)}
                       | set(_code_part_columns(columns)))
    starts = [i for i in code_like if i - 1 not in code_like] or [0]
    code_like_set = set(code_like) or {0}
    blocks = [range(s, e) for s, e in zip(starts, starts[1:] + [len(columns)], strict=True)]
    # One amount column holds both blocks' rows (人员经费 and 公用经费): its label is the
    # amount heading alone, not the first block's name before it.
    table.column_labels["amount"] = next(
        (re.sub(r"^.*?(?=决算数|金额)", "", c.label) for c in columns
         if re.search(r"决算数|金额", c.label)), "决算数")
    found: list[tuple[int, int, Record]] = []
    totals: list[Record] = []
    for ln, cells in rows:
        texts = assign(cells, columns, tabbed)
        ordered = [(i, texts[i]) for i in sorted(texts)]
        for k, (_i, text) in enumerate(ordered):
            label = re.sub(r"\s+", "", text)
            if label in ("人员经费合计", "公用经费合计"):
                nxt = next(((j, t) for j, t in ordered[k + 1:]
                            if not re.search(r"[\u4e00-\u9fff]", t)), (None, None))
                rec = Record(0, ln.no, "", label, "total")
                rec.values["amount"] = _value(table, nxt[1], source, label, "amount", ln.no)
                if nxt[0] is not None:
                    rec.cells["amount"] = nxt[0]
                totals.append(rec)
        for b, block in enumerate(blocks):
            part = [(i, texts[i]) for i in block if i in texts]
            if not part:
                continue
            lead = [(i, t) for i, t in part if i in code_like_set]
            if not lead:
                lead = part[:1]
            printed = " ".join(t.strip() for _, t in lead)
            code, name = _split_code(_joined_code(printed), "")
            if not (_CODE.match(code) and len(code) in (3, 5)):
                continue
            rest = [(i, t) for i, t in part if (i, t) not in lead]
            if not name and rest and not _is_amount(rest[0][1]):
                name, rest = rest[0][1], rest[1:]
            if len(rest) > 1:
                raise TableError(f"{source}: line {ln.no}: {table.spec.zh} code {code} has "
                                 f"{len(rest)} values", table=table.id, line=ln.no)
            rec = Record(0, ln.no, code, name.strip(), code_level(code), printed_code=printed)
            rec.values["amount"] = _value(table, rest[0][1] if rest else None, source, code,
                                          "amount", ln.no)
            if rest:
                rec.cells["amount"] = rest[0][0]
            found.append((b, ln.no, rec))
    # Published order: block by block, top to bottom, then the two totals.
    ordered_recs = [r for _, _, r in sorted(found, key=lambda t: (t[0], t[1]))] + totals
    for n, rec in enumerate(ordered_recs, start=1):
        rec.row = n
    table.records = ordered_recs


def economic_category(code: str) -> str:
    return "人员经费" if code[:3] in PERSONNEL_CLASSES else "公用经费"


def _three_public(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    specs = table.spec.columns
    groups: dict[int, str] = {}
    for i, col in enumerate(columns):
        if "预算" in col.label:
            groups[i] = "budget"
        elif "决算" in col.label:
            groups[i] = "actual"
    row_labelled = not groups
    labels = {i: re.sub(r"预算数|决算数|预算|决算", "", col.label) for i, col in enumerate(columns)}
    order = [groups[i] for i in sorted(groups)]
    if len(order) >= 4 and order == ["budget", "actual"] * (len(order) // 2):
        # Each expense has a 预算数 | 决算数 pair under it (national template). In layout
        # text its heading, centred over the pair, stands over one column of the two: the
        # pair shares the longer label.
        pairs = sorted(groups)
        for b, a in zip(pairs[::2], pairs[1::2], strict=True):
            labels[b] = labels[a] = max(labels[b], labels[a], key=len)
    n = 0
    for ln, cells in rows:
        texts = assign(cells, columns, tabbed)
        if row_labelled:  # rows 预算数 / 决算数, columns without group headings
            label = next((t for t in texts.values() if re.search(r"预算|决算", t)), "")
            group = "budget" if "预算" in label else "actual" if "决算" in label else ""
            if not group:
                raise TableError(f"{source}: line {ln.no}: 三公 row is neither 预算数 nor "
                                 "决算数", table=table.id, line=ln.no)
            per_group = {group: [i for i in texts if not re.search(r"预算|决算", texts[i])]}
        else:
            per_group = {g: [i for i in sorted(texts) if groups.get(i) == g]
                         for g in ("budget", "actual")}
        for group, idx in per_group.items():
            mapping: dict[int, str] = {}
            for i in range(len(columns)):
                if i not in idx and not (row_labelled is False and groups.get(i) == group):
                    continue
                label = labels[i]
                for spec in TableSpec.by_priority(specs):
                    if spec.id not in mapping.values() and spec.matches(label):
                        mapping[i] = spec.id
                        table.column_labels[spec.id] = label
                        break
            n += 1
            rec = Record(n, ln.no, "", "预算数" if group == "budget" else "决算数", group)
            for i, cid in mapping.items():
                rec.values[cid] = _value(table, texts.get(i), source, group, cid, ln.no)
                rec.cells[cid] = i
            table.records.append(rec)
