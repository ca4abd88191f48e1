"""Rows of a table into records, by what the table is: coded by function class, a two-sided
summary, the economic classification's side-by-side blocks, or 三公. Each reads cells placed on
columns by extract.grid, the same for tab and layout text."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ..errors import ValueParseError
from ..metadata.tables import FUNCTION_CLASSES, TableSpec, code_level
from .grid import Column, assign, row_texts
from .lines import squeeze_spaces
from .numbers import amount_parts, is_amount, normalize, to_wan
from .page_patterns import BRACKETED_CODE, CODE, CODE_AND_NAME, TOTAL_LABEL
from .table_model import Record, Table, TableError

_CODE_PART_LEAF = ("类", "款", "项")  # code printed over three columns: 201 | 06 | 01
_DIGITS = re.compile(r"^\d+$")
# Tested on every cell of a row: compiled once, not looked up in re's cache each time.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ECONOMIC_TOTALS = ("人员经费合计", "公用经费合计")  # an economic table's two total rows
_CLASS_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")  # "一、一般公共服务支出"
# The headings that tell a coded table's code and name columns (tested on each column).
_CODE_HEADING = re.compile(r"代码|编码")
_NAME_HEADING = re.compile(r"名称|^(功能|经济)?科目$")
_ITEM_OR_NONE = re.compile(r"(项目)?")
# A function class's code by its name (the first code of a name printed twice, as a search
# of FUNCTION_CLASSES in order finds): one lookup per summary row.
_CLASS_OF_NAME: dict[str, str] = {}
for _code, _name in FUNCTION_CLASSES.items():
    _CLASS_OF_NAME.setdefault(_name, _code)


def _value(table: Table, text: str | None, source: str, row: str, column: str,
           line: int) -> Decimal | None:
    """A cell's amount in 万元 (None: blank), what `to_wan(*parse_amount_unit(text))` gives
    (tests/test_p25_load_values.py): every cell of every table is read here, so the parse
    is looked up in its cache directly, and an amount already in 万元 is not multiplied."""
    if text is None:
        return None
    parts = amount_parts(text)
    if parts is None:
        raise ValueParseError(text, file=source, table=table.id, row=row, column=column,
                              line=line)
    value, unit, negative = parts
    if value is None:
        return None
    if negative:
        value = -value  # here, not cached: it rounds to the caller's decimal context
    # A unit written in the cell ("453.05元") is that cell's, not the table's.
    unit = unit or table.unit
    return value if unit == "万元" else to_wan(value, unit)


def _row_values(table: Table, texts: dict[int, str], columns: tuple[tuple[int, str], ...],
                source: str, row: str, line: int) -> dict[str, Decimal | None]:
    """{column id: `_value` of the row's cell in that column} for `columns` ((index, id)
    pairs): every cell of a table's rows is read here. A cell blank (absent) is None, and a
    plain amount in 万元 (no sign of brackets, no unit of its own) is its parse as cached;
    any other cell takes `_value` (tests/test_p26_load_rows.py holds the two together)."""
    values: dict[str, Decimal | None] = {}
    get = texts.get
    wan = table.unit == "万元"
    for i, cid in columns:
        text = get(i)
        if text is None:
            values[cid] = None
        elif wan and (parts := amount_parts(text)) is not None and parts[0] is not None \
                and not parts[1] and not parts[2]:
            values[cid] = parts[0]
        else:
            values[cid] = _value(table, text, source, row, cid, line)
    return values


def _map_columns(table: Table, columns: list[Column], specs, skip: set[int], source: str,
                 by_row: list[dict[int, str]], prefix: str = "") -> dict[int, str]:
    """Column index → canonical id by the header rules; unknown columns with values fail
    (a column holds values where a row of `by_row`, the rows' texts by column, has it:
    looked at only for a column no rule names, not gathered for every cell first)."""
    mapping: dict[int, str] = {}
    ordered = TableSpec.by_priority(specs)  # sorted once, not once per column
    for i, col in enumerate(columns):
        if i in skip:
            continue
        label = col.label
        for spec in ordered:
            if spec.id not in mapping.values() and spec.matches(label):
                mapping[i] = spec.id
                table.column_labels[prefix + spec.id] = label
                break
        else:
            if any(i in texts for texts in by_row):
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


def coded_rows(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    leaves = [c.leaf for c in columns]  # each column's lowest heading, joined once
    code_cols = [i for i, leaf in enumerate(leaves) if _CODE_HEADING.search(leaf)]
    part_cols = _code_part_columns(columns)
    # The name column: headed 名称, else 项目 or unheaded.
    name_cols = ([i for i, leaf in enumerate(leaves) if _NAME_HEADING.search(leaf)]
                 + [i for i, leaf in enumerate(leaves) if _ITEM_OR_NONE.fullmatch(leaf)
                    and i not in code_cols + part_cols])
    code_col = code_cols[0] if code_cols else 0
    name_col = next((i for i in name_cols if i != code_col and i not in part_cols), code_col + 1)
    # The code is printed in one column, or in 类 | 款 | 项 columns (named so, or unnamed
    # columns between a 科目编码 heading and the name): its parts are joined.
    if (name_col != code_col and name_col not in name_cols and name_col < len(columns)
            and any(c.matches(columns[name_col].label) for c in table.spec.columns)):
        name_col = code_col  # no name column: the code and the name share a cell ([201]…)
    code_span = part_cols or list(range(code_col, name_col)) or [code_col]
    skip = {code_col, name_col, *code_span}
    by_row = [row_texts(ln, cells, columns, tabbed) for ln, cells in rows]
    first = [t for texts in by_row if (t := texts.get(0, "").strip())]
    if not code_cols and not part_cols and first and all(is_amount(t) for t in first):
        # No code or name column at all: the first column holds amounts (本年收入合计 |
        # 财政拨款收入 | …, a table of one row of amounts, its total).
        code_span, skip, name_col = [], set(), code_col
    by_row = _merge_split_columns(columns, by_row, skip, table.spec)
    mapping = _map_columns(table, columns, table.spec.columns, skip, source, by_row)
    above: list[str] = []  # the code parts of the row above (类 | 款 | 项 columns)
    placed = {cid: i for i, cid in mapping.items()}  # every row's cells: copied, not rebuilt
    columns_read = tuple(mapping.items())
    for n, ((ln, _), texts) in enumerate(zip(rows, by_row, strict=True), start=1):
        if len(part_cols) > 1:
            above = _inherit_parts([texts.get(i, "").strip() for i in part_cols], above)
            texts = {**texts, **dict(zip(part_cols, above, strict=True))}
        if len(code_span) == 1:  # the code in one column (the join of its one text)
            printed = texts.get(code_span[0], "").strip()
        else:
            printed = " ".join(t for i in code_span if (t := texts.get(i, "").strip()))
        item = texts.get(name_col, "") if name_col != code_col else ""
        code, named = _printed_code(printed)
        if named is not None:  # the code printed with its name: _split_code's join
            item = (named + " " + item).strip()
        if TOTAL_LABEL.match(code):
            code, item = "", item or code
        name = code or item
        values = _row_values(table, texts, columns_read, source, name, ln.no)
        table.records.append(Record(n, ln.no, code, item.strip(),
                                    code_level(code) if code else "total",
                                    printed_code=printed if code else "", values=values,
                                    cells=placed.copy()))


def _merge_split_columns(columns: list[Column], by_row: list[dict[int, str]], skip: set[int],
                         spec: TableSpec) -> list[dict[int, str]]:
    """An unheaded column beside a headed one, never filled in the same row as it, is that
    column printed out of line: the extraction cut one column in two where some cells (the
    合计 and the 类 rows, often bold or wrapped) sit further right than the others. Its cells
    join the headed amount column (the left neighbour first); code and name columns never
    take part. So do cells printed beside a heading that has none under it (Jiangsu's
    合计 | 基本支出 | … over a row of amounts set one column to the left)."""
    # The rows where each column holds text: one pass over the rows' cells (not one over
    # the rows for each column).
    filled: dict[int, set[int]] = {i: set() for i in range(len(columns))}
    for r, texts in enumerate(by_row):
        for i, t in texts.items():
            if i in filled and t.strip():
                filled[i].add(r)
    into: dict[int, int] = {}
    labels = [col.label for col in columns]  # each column's label joined once
    for i in range(len(columns)):
        if labels[i].strip() or not filled[i] or i in skip:
            continue
        near = [j for j in (i - 1, i + 1)
                if 0 <= j < len(columns) and j not in skip and j not in into.values()
                and any(c.matches(labels[j]) for c in spec.columns)
                and not filled[i] & filled[j]
                and all(is_amount(t) for texts in by_row
                        for k, t in texts.items() if k in (i, j) and t.strip())]
        # A neighbour with cells of its own is the one cut apart; a heading with no cells
        # under it stands over the cells printed beside it (only when one does).
        with_cells = [j for j in near if filled[j]]
        if with_cells or len(near) == 1:
            into[i] = (with_cells or near)[0]
    if not into:
        return by_row
    out = []
    for texts in by_row:
        row = dict(texts)
        for i, j in into.items():
            if row.get(i, "").strip():
                row[j] = row.pop(i)
        out.append(row)
    return out


# A budget's income sources printed as rows: a group's label (its 小计 on its row or the row
# below) → the income table's column; inside the 其他资金 group, its parts by name. Rows that
# are parts of a group otherwise (公共财政拨款（补助）资金, 专项收入, 其他非税收入 …) have no
# column of their own and are not read.
_SOURCE_GROUPS = (
    ("total", r"^(收入)?(总计|合计)$"), ("general_budget", r"^一般公共预算"),
    ("government_fund", r"^政府性基金"), ("state_capital", r"^国有资本"),
    ("special_account", r"^财政专户"), ("carried_over", r"^上年结转"),
    ("", r"^其他资金$"),  # the sum of its parts, read below
)
_SOURCE_PARTS = (("business", r"^事业收入$"), ("operating", r"^(事业单位)?经营(服务)?收入$"),
                 ("other", r"^其[他它]收入$"))


def sources_as_rows(table: Table, rows, source: str) -> None:
    """One total record from a table whose columns are printed as rows: 项目名称 | 金额, a
    group's label in the first cell (its amount on its row, or on its 小计 row, or on a line
    of amounts alone below it), the group's parts in the next cell."""
    rec = Record(1, rows[0][0].no if rows else table.title_line, "", "合计", "total")
    group: str | None = None  # the column of the group being read ("" none of its own)
    for ln, cells in rows:
        texts = [c.text.strip() for c in cells if c.text.strip()]
        amounts = [t for t in texts if is_amount(t)]
        labels = [re.sub(r"\s+", "", normalize(t)) for t in texts if not is_amount(t)]
        first = next((c for c in cells if c.text.strip()), None)
        if labels and first is not None and not is_amount(first.text) and (
                not ln.tabbed or int(first.x0) == 0):  # a group's label, in the first column
            group = next((cid for cid, pattern in _SOURCE_GROUPS
                          if re.search(pattern, labels[0])), None)
            if group is None:
                raise TableError(f"{source}: {table.spec.zh} (line {ln.no}): income source "
                                 f"{labels[0]!r} matches no known column", table=table.id,
                                 line=ln.no)
            cid = group
        elif labels and labels[0] != "小计":
            cid = next((c for c, pattern in _SOURCE_PARTS if re.search(pattern, labels[0])),
                       "") if group == "" else ""
        else:
            cid = group or ""  # the group's 小计, or its amount on a line of its own
        if not cid or not amounts or rec.values.get(cid) is not None:
            if cid and cid not in rec.values:
                rec.values[cid] = None
                table.column_labels[cid] = labels[0] if labels else cid
            continue
        rec.values[cid] = _value(table, amounts[-1], source, "合计", cid, ln.no)
        table.column_labels.setdefault(cid, labels[0] if labels else cid)
        rec.source_line = min(rec.source_line, ln.no)
    if rec.values:
        table.records.append(rec)


def _inherit_parts(parts: list[str], above: list[str]) -> list[str]:
    """A code printed in 类 | 款 | 项 columns with its leading parts left blank ("" | 40 |
    "" under 201 | "" | "") continues the code above: the blank parts are the row above's.
    A row with its first part printed, or no part, stands as printed."""
    printed = [k for k, p in enumerate(parts) if p]
    if (not printed or printed[0] == 0 or len(above) != len(parts)
            or not all(_DIGITS.match(p) for p in parts if p)
            or not all(above[k] for k in range(printed[0]))):
        return parts
    return above[:printed[0]] + [p if k >= printed[0] else "" for k, p in
                                 enumerate(parts)][printed[0]:]


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


# A code as printed → (code, the name printed in its cell or None), what
# `_split_code(_joined_code(printed), item)` makes of it: a coded table's rows and the
# economic blocks' codes, the codes of the national classifications (the same codes in a
# document's several coded tables, and in every document). A pure function of the text;
# bounded.
@functools.lru_cache(maxsize=8192)
def _printed_code(printed: str) -> tuple[str, str | None]:
    code = _joined_code(printed)
    if m := BRACKETED_CODE.match(code) or CODE_AND_NAME.match(code):
        return m.group(1), m.group(2)
    return code, None


def _split_code(code: str, item: str) -> tuple[str, str]:
    if m := BRACKETED_CODE.match(code):  # "[201]一般公共服务支出"
        return m.group(1), (m.group(2) + " " + item).strip()
    if m := CODE_AND_NAME.match(code):
        return m.group(1), (m.group(2) + " " + item).strip()
    return code, item


def summary_rows(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    """Two sides, income and expenditure. With 行次 columns each row is known by its 行次;
    without them (the national template: 项目 | 决算数 | 项目 | 决算数) by its label, and
    `line` numbers the lines of each side in print order."""
    item_cols = [i for i, c in enumerate(columns) if re.search(r"项目", c.leaf)]
    line_cols = [i for i, c in enumerate(columns) if re.search(r"行次", c.leaf)]
    where = f"{source}: {table.spec.zh} (line {table.title_line})"
    texts_by_row = [row_texts(ln, cells, columns, tabbed) for ln, cells in rows]
    if not line_cols:  # 行次 printed under no 行次 heading (or a heading not read)
        line_cols = _line_number_columns(texts_by_row)
    if len(line_cols) == 1 or len(line_cols) > 2:
        raise TableError(f"{where}: expected two 行次 columns (income and expenditure sides) "
                         f"or none, found {len(line_cols)}", table=table.id,
                         line=table.title_line)
    numbered = table.line_numbers = len(line_cols) == 2
    split = _side_split(columns, item_cols, line_cols)
    if split is not None and len(item_cols) >= 2 and not line_cols:
        # Three blocks (收入 | 支出: 功能分类 | 支出用途): the 支出 heading stands over the
        # function block, before the second 项目 column (that of the by-use block).
        # Only a column of labels starts a block: an amount column under a 支出 heading set
        # over it by the layout (项目 | 决算数 | 项目 | 决算数) stays on the income side.
        split = next((i for i, c in enumerate(columns) if 0 < i < split and (any(
            re.sub(r"\s+", "", g) == "支出" for g in c.groups)
            or re.sub(r"\s+", "", c.label).startswith("支出")) and any(
            (t := texts.get(i, "").strip()) and not is_amount(t) for texts in texts_by_row)),
            split)
    if split is None:  # no heading tells the sides apart: the rows' own labels do
        split = _split_by_labels(texts_by_row)
    if split is None:
        raise TableError(f"{where}: cannot tell the income side from the expenditure side (no "
                         "second 项目 column, no 行次 columns, no 支出 heading)", table=table.id,
                         line=table.title_line)
    sides = {"income": range(0, split), "expenditure": range(split, len(columns))}
    specs = {"income": table.spec.columns, "expenditure": table.spec.expenditure_columns}
    # A side's labels: its 项目 column, else its first column (科目, 项 目 …).
    labels = {side: next((i for i in item_cols if i in span), span.start)
              for side, span in sides.items()}
    if labels["expenditure"] != split and re.search(r"名称|科目", columns[split].leaf):
        labels["expenditure"] = split  # 功能科目名称 heads the function block's labels
    # The by-use block beside the function block (支出用途: 项目名称 | 金额): its labels'
    # column and the first column after it with cells. Its lines are expenditure lines of
    # their own, their amounts in by_use.
    use = None
    if not numbered:
        label_col = next((i for i in item_cols if i in sides["expenditure"]
                          and i > labels["expenditure"]), None)
        amount_col = next((j for j in sides["expenditure"] if label_col is not None
                           and j > label_col and any(t.get(j) for t in texts_by_row)), None)
        if label_col is not None and amount_col is not None:
            use = (label_col, amount_col)
            table.column_labels["expenditure.by_use"] = columns[amount_col].label
    texts_by_row = [_shifted_labels(texts, set(labels.values())) for texts in texts_by_row]
    texts_by_row = _wrapped_labels(texts_by_row, set(labels.values()) | ({use[0]} if use else set()))
    maps = {}
    for side, span in sides.items():
        skip = ({i for i in range(len(columns)) if i not in span} | set(item_cols)
                | set(line_cols) | {labels[side]} | set(use or ()))
        maps[side] = _map_columns(table, columns, specs[side], skip, source, texts_by_row,
                                  prefix=f"{side}.")
    if use is not None:
        # The extraction may set the 支出用途 heading over the function block's amount
        # column: each block's label says which block it is.
        labels_now = table.column_labels
        if "expenditure.amount" in labels_now:
            labels_now["expenditure.amount"] = "功能分类" + re.sub(
                r"^(支出)?(功能分类|支出用途|用途)?", "", labels_now["expenditure.amount"])
        labels_now["expenditure.by_use"] = "支出用途" + re.sub(
            r"^(支出)?(功能分类|支出用途|用途)?", "", labels_now["expenditure.by_use"])
    counts = {"income": 0, "expenditure": 0}
    placed = {side: {cid: i for i, cid in m.items()} for side, m in maps.items()}
    read = {side: tuple(m.items()) for side, m in maps.items()}  # each side's (index, id)
    # Each side's 行次 column, found once (None: the side has none, and the row below
    # fails as it did, looking for it).
    line_col_of = {side: next((i for i in line_cols if i in span), None)
                   for side, span in sides.items()}
    for (ln, _), texts in zip(rows, texts_by_row, strict=True):
        if not texts:
            table.skipped_lines.append(ln.no)  # a label's wrapped end, joined above
            continue
        extra = None
        if use is not None:
            texts, extra = _use_block(texts, use, maps["expenditure"])
        for side, span in sides.items():
            item_col = labels[side]
            if numbered:
                line_col = line_col_of[side]
                if line_col is None:
                    line_col = next(i for i in line_cols if i in span)  # (StopIteration)
                line_text = normalize(texts.get(line_col, ""))
                if not line_text.isdigit():
                    if any(texts.get(i) for i in span):
                        raise TableError(f"{source}: line {ln.no}: {table.spec.zh} row without "
                                         f"a 行次 on its {side} side", table=table.id,
                                         line=ln.no)
                    continue
                line_no = int(line_text)
            else:
                if not any(map(texts.get, span)):
                    continue  # nothing printed on this side of the row
                counts[side] += 1
                line_no = counts[side]
            item = texts.get(item_col, "").strip()
            bare = _CLASS_NUMBER.sub("", item) if side == "expenditure" else None
            code = _CLASS_OF_NAME.get(bare, "") if bare is not None else ""
            row_key = f"{side} 行次 {line_no}" if numbered else f"{side} {item or line_no}"
            values = _row_values(table, texts, read[side], source, row_key, ln.no)
            table.records.append(Record(0, ln.no, code, item, "line", side, line_no,
                                        values=values, cells=placed[side].copy()))
        if extra is not None and use is not None:  # after the function block's line
            counts["expenditure"] += 1
            rec = Record(0, ln.no, "", extra[0], "line", "expenditure", counts["expenditure"])
            # In by_use, not amount: the function classes and the uses each sum to the total.
            rec.values["by_use"] = _value(table, extra[1], source, f"expenditure {extra[0]}",
                                          "by_use", ln.no)
            rec.cells["by_use"] = use[1]
            table.records.append(rec)
    table.records.sort(key=lambda r: (r.side != "income", r.line))
    for n, rec in enumerate(table.records, start=1):
        rec.row = n


def _shifted_labels(texts: dict[int, str], label_cols: set[int]) -> dict[int, str]:
    """A label printed one column left of its labels' column, that column blank in the row
    (二十、灾害防治… one tab early): it is that column's."""
    out = dict(texts)
    for i in label_cols:
        if not out.get(i) and (t := out.get(i - 1)) and i - 1 not in label_cols and re.match(
                r"^[一二三四五六七八九十]+、", t):
            out[i] = out.pop(i - 1)
    return out


def _wrapped_labels(by_row: list[dict[int, str]], label_cols: set[int]) -> list[dict[int, str]]:
    """A row that prints only the end of a label (“出” under “七、文化旅游体育与传媒支”, one
    or two characters, nothing else) is that label's wrapped end: joined to the row above,
    and the row left empty."""
    out = [dict(t) for t in by_row]
    for r in range(1, len(out)):
        texts = out[r]
        if (len(texts) == 1 and (i := next(iter(texts))) in label_cols
                and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", texts[i].strip())
                and out[r - 1].get(i)):
            out[r - 1][i] += texts[i].strip()
            out[r] = {}
    return out


def _use_block(texts: dict[int, str], use: tuple[int, int], amounts: dict[int, str]
               ) -> tuple[dict[int, str], tuple[str, str] | None]:
    """A row's cells less its by-use block, and that block's (label, amount) if it prints a
    label. An amount there with no label of its own is the function block's label's
    (当年支出小计 | | | 13,377.11: the total is printed in the last column)."""
    label, amount = texts.get(use[0], "").strip(), texts.get(use[1], "").strip()
    rest = {i: t for i, t in texts.items() if i not in use}
    if label:
        return rest, (label, amount)
    own = next((i for i, cid in amounts.items() if cid == "amount"), None)
    if amount and own is not None and not rest.get(own, "").strip():
        rest[own] = amount
    return rest, None


def _line_number_columns(texts_by_row: list[dict[int, str]]) -> list[int]:
    """Columns that hold 行次 though no heading says so: small whole numbers rising down the
    column in three rows or more (amounts print decimals), one on each side."""
    found = []
    for i in sorted({i for texts in texts_by_row for i in texts}):
        values = [normalize(t.get(i, "")).strip() for t in texts_by_row]
        values = [v for v in values if v]
        if (len(values) >= 3 and all(v.isdigit() and len(v) <= 3 for v in values)
                and all(int(a) < int(b) for a, b in zip(values, values[1:], strict=False))):
            found.append(i)
    return found if len(found) == 2 else []


# The labels of the expenditure side: function classes (…支出), 本年支出合计, 结余分配, 年末….
_SPENDING_LABEL = re.compile(r"^([一二三四五六七八九十]+、)?[\u4e00-\u9fff（）()]+支出(合计)?$|^结余分配$"
                             r"|^年末\S*结转和结余$")


def _split_by_labels(texts_by_row: list[dict[int, str]]) -> int | None:
    """The expenditure side's first column: the column (not the first) where the rows print
    spending labels most often."""
    counts: dict[int, int] = {}
    for texts in texts_by_row:
        for i, t in texts.items():
            if i and _SPENDING_LABEL.match(re.sub(r"\s+", "", normalize(t))):
                counts[i] = counts.get(i, 0) + 1
    if not counts or max(counts.values()) < 3:
        return None
    return max(counts, key=lambda i: (counts[i], -i))


def _side_split(columns: list[Column], item_cols: list[int], line_cols: list[int]) -> int | None:
    """First column of the expenditure side: the second 项目 column, else the column before
    the second 行次, else the first column under a 支出 heading."""
    if len(item_cols) >= 2:
        return item_cols[1]
    if len(line_cols) == 2:
        return line_cols[1] - 1
    return next((i for i, c in enumerate(columns) if i and any(
        re.sub(r"\s+", "", g) == "支出" for g in c.groups)), None)


def economic_rows(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
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
        texts = row_texts(ln, cells, columns, tabbed)
        # A row without 计 in any cell holds no total (most rows: one test of their texts,
        # and its cells not sorted by column).
        ordered = sorted(texts.items()) if "计" in "".join(texts.values()) else []
        for k, (_i, text) in enumerate(ordered):
            # A total's label holds 计 (spaces aside): other cells are not squeezed to see.
            if "计" not in text or (label := squeeze_spaces(text)) not in _ECONOMIC_TOTALS:
                continue
            nxt = next(((j, t) for j, t in ordered[k + 1:] if not _CJK.search(t)), (None, None))
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
            printed = (lead[0][1].strip() if len(lead) == 1  # the code in one column
                       else " ".join(t.strip() for _, t in lead))
            code, named = _printed_code(printed)  # _split_code(_joined_code(printed), "")
            name = "" if named is None else named.strip()
            if not (CODE.match(code) and len(code) in (3, 5)):
                continue
            rest = [(i, t) for i, t in part if (i, t) not in lead]
            if not name and rest and not is_amount(rest[0][1]):
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


# A budget's 三公 labels → columns, first match wins ("公务用车购置及运行费" is the vehicles'
# subtotal, "公务用车购置" and "公务用车运行费" its parts; "“三公”经费小计" the 三公 total).
_BUDGET_THREE_PUBLIC = (
    ("meetings", r"会议费"), ("training", r"培训费"), ("admin", r"行政经费"),
    ("vehicle_purchase", r"(?<!及)购置费?(支出)?$"),
    ("vehicle_operation", r"(?<!及)运行(维护)?费?(支出)?$"),
    ("vehicles", r"公务用车"), ("overseas", r"出国"), ("reception", r"接待"),
    ("total", r"三公|^小计$"), ("grand_total", r"^合计$"),
)


def _budget_three_public_column(label: str) -> str | None:
    text = re.sub(r"\s+", "", label)
    return next((cid for cid, pattern in _BUDGET_THREE_PUBLIC if re.search(pattern, text)),
                None)


def _three_public_budget(table: Table, columns: list[Column], rows, tabbed: bool,
                         source: str) -> None:
    """A budget's 三公 table: one record (预算数). The items are columns (a row of amounts, or
    a 合计 row followed by one row per unit, which are not read again), or rows (行政经费,
    “三公”经费, 其中：因公出国… by fund type: the first amount column, the 合计, is read)."""
    texts_by_row = [(ln, row_texts(ln, cells, columns, tabbed)) for ln, cells in rows]
    rec = Record(1, rows[0][0].no if rows else table.title_line, "", "预算数", "budget")
    by_rows = sum(bool(re.search(r"出国|公务用车|接待", t.get(min(t), "")))
                  for _, t in texts_by_row if t) >= 2
    if by_rows:
        for ln, texts in texts_by_row:
            if not texts:
                continue
            first = min(texts)
            cid = _budget_three_public_column(texts[first])
            amount_col = next((i for i in sorted(texts) if i != first), None)
            if cid is None or cid in rec.values or amount_col is None:
                table.skipped_lines.append(ln.no)
                continue
            rec.values[cid] = _value(table, texts[amount_col], source, texts[first], cid, ln.no)
            rec.cells[cid] = amount_col
            table.column_labels[cid] = texts[first]
    elif texts_by_row:
        has_parts = any(re.search(r"会议费|培训费", c.label) for c in columns)
        mapping: dict[int, str] = {}
        for i, col in enumerate(columns):
            cid = _budget_three_public_column(col.label)
            if cid == "grand_total" and not has_parts:
                cid = "total"
            if cid and cid not in mapping.values():
                mapping[i] = cid
                table.column_labels[cid] = col.label
        ln, texts = texts_by_row[0]
        rec.source_line = ln.no
        for i, cid in mapping.items():
            rec.values[cid] = _value(table, texts.get(i), source, "预算数", cid, ln.no)
            rec.cells[cid] = i
        table.skipped_lines += [ln.no for ln, _ in texts_by_row[1:]]  # the units' rows
    if rec.values:
        table.records.append(rec)


def three_public_rows(table: Table, columns: list[Column], rows, tabbed: bool, source: str) -> None:
    if table.spec.document == "budget":
        _three_public_budget(table, columns, rows, tabbed, source)
        return
    specs = table.spec.columns
    groups: dict[int, str] = {}
    for i, col in enumerate(columns):
        if "预算" in col.label:
            groups[i] = "budget"
        elif "决算" in col.label:
            groups[i] = "actual"
    row_labelled = not groups
    labels = {i: re.sub(r"预算数|决算数|预算|决算", "", col.label) for i, col in enumerate(columns)}
    # With 会议费 and 培训费 printed beside them, the 三公 have a subtotal of their own
    # (“三公”经费小计): that is the 三公 total, and 合计 the total of all five.
    if any(re.search(r"会议费|培训费", t) for t in labels.values()) and any(
            re.search(r"三公[\"“”]?经费(小计|合计)$", t) for t in labels.values()):
        labels = {i: "三公会议培训合计" if re.fullmatch(r"合\s*计", t) else
                  "合计" if re.search(r"三公[\"“”]?经费(小计|合计)$", t) else t
                  for i, t in labels.items()}
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
        texts = row_texts(ln, cells, columns, tabbed)
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
