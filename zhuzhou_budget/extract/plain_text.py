"""Tables in the single-space shape (a PDF viewer's copy, pdfplumber ``extract_text``) rebuilt
as tab-separated rows, which the table parser reads like any tab export.

In that shape a line holds a table row's cells separated by ONE space, a blank cell leaves no
trace, and a cell's wrapped text stands on lines of its own above and below the row (pdfplumber
prints a vertically centred cell's lines around the row's baseline). Nothing of the header's
geometry survives. What the template still tells us:

- the amount columns: the registry's columns for the table (``metadata.TABLES``), in the
  template's order, those the header names (a printed header word, or its first three or more
  characters where the header cell wraps: 本年收入合 / 计);
- a row's cells in print order: code (or its 类 款 项 parts), name, amounts; a dash is a
  printed blank;
- a wrapped label: the lines of a vertically centred cell stand around its row, as many above
  as below (``机关事业单位基本养`` / ``2080505 53.45 …`` / ``老保险缴费支出``); where every
  row has its label on the line above (the label printed higher than the code), all text lines
  before a row are its label;
- a row with fewer amounts than columns: placed by the template's true identities — a coded
  table's total column is the sum of its part columns (本年收入合计 = 财政拨款 + … + 其他),
  and each column of a parent row is the sum of its children's (合计 = Σ类, 类 = Σ款, 款 = Σ项);
  a 其中 column (教育收费, 基本建设资金支出) follows its whole in print and is no larger; a
  parent's blank cell means its children's are blank; amounts a row prints on two lines keep
  each line's order (how the lines interleave is tried); what earlier-read tables state is
  used too — the income table's 合计 by source is the summary's income lines, and where a
  fiscal appropriation expenditure table spends 基本支出 or 项目支出 for a code, the
  expenditure table prints that cell (fiscal money is part of all money); a placement the
  identities leave open is not guessed: the table becomes a problem naming the row;
- the 三公 table: its amounts placed by 合计 = 出国 + 公务用车 + 接待 and 公务用车 = 购置 +
  运行 in each half (预算数, 决算数), or the table named a problem;
- summary tables: each amount follows its own line label (项目 决算数 项目 决算数), or its 行次
  (``3 三、国防支出 30 0.00 0.00 0.00``: the income side's 行次 3 blank).

A title region that holds a tab or a run of two spaces is tab or layout text and is left as it
is, byte for byte.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import DisclosureError
from ..metadata.tables import FUNCTION_CLASSES, ROW_IDENTITIES, TABLES, ColumnSpec, TableSpec
from .lines import NUMBER_RE, Line
from .numbers import parse_amount
from .page_patterns import CODE, META, PAGE_FOOTER, PART_HEADING, TOTAL_LABEL
from .table_model import TableProblem
from .titles import find_titles

_NUM = re.compile(rf"^(?:{NUMBER_RE})$")
_BLANK = re.compile(r"^[-—－–]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOTE = re.compile(r"^(注|说明)\s*[:：0-9]")
_NUMBERING = re.compile(r"^(栏\s*次|\d{1,2}(\s+\d{1,2})+)$")  # the 栏次 row
_LINE_START = re.compile(r"^([一二三四五六七八九十]+、|其中|本年|年初|年末|上年|总计|合计|使用|"
                         r"用事业|结余|[（(][一二三四五六七八九十]+[）)])")



def is_single_spaced(region: list[Line]) -> bool:
    """No tab and no run of two spaces inside a line: not a tab export, not layout text."""
    return not any("\t" in ln.text or re.search(r"\S {2,}\S", ln.text) for ln in region)


def rebuild(lines: list[Line], source: str = "", strict: bool = False
            ) -> tuple[list[Line], list[TableProblem]]:
    """The lines with every single-space table rebuilt as tab rows (line numbers kept: a row is
    written on its code line, its wrapped label lines emptied), and the tables whose amounts
    cannot be placed (their body emptied: named in problems, not misread)."""
    if any("\t" in ln.text for ln in lines):
        return lines, []
    out = list(lines)
    problems: list[TableProblem] = []
    starts = find_titles(lines)
    bounds = [i for i, ln in enumerate(lines) if PART_HEADING.match(ln.text.strip())]
    regions = []
    for k, (i, tid, cont) in enumerate(starts):
        stop = min([j for j, _, _ in starts[k + 1:]] + [j for j in bounds if j > i]
                   + [len(lines)])
        regions.append((i, tid, cont, lines[i + 1:stop]))
    if not all(is_single_spaced(region) for *_, region in regions):
        return lines, []  # layout text (a table contents entry is single-spaced there too)
    known = _Known()
    # Tables that tell something of others first (summaries, then the fiscal appropriation
    # expenditure tables); each is still written where it is printed.
    regions.sort(key=lambda r: _FIRST.get(r[1], len(_FIRST)))
    for i, tid, cont, region in regions:
        body = [ln for ln in region if ln.no not in cont]
        try:
            new = _REBUILD[TABLES[tid].kind](TABLES[tid], body, known)
        except _Unplaced as exc:
            reason = f"{source}: {TABLES[tid].zh} (line {lines[i].no}): {exc}"
            if strict:
                raise DisclosureError(reason) from None
            problems.append(TableProblem(tid, lines[i].no, reason))
            new = {ln.no: "" for ln in body if not META.search(ln.text)}
        if new is None:
            continue
        index = {ln.no: j for j, ln in enumerate(out)}
        for no, text in new.items():
            j = index[no]
            out[j] = Line(no, out[j].page, text)
    return out, problems


class _Unplaced(Exception):
    """Amounts the template's identities cannot place."""


@dataclass
class _Known:
    """What tables read earlier in the document say about later ones: the income and
    expenditure summary's income lines (label, amount as printed), in print order."""

    income_lines: list[tuple[str, str]] = field(default_factory=list)
    # code ("合计" for the 合计 row) → the columns of SPENT_PARTS a fiscal appropriation table
    # prints a non-zero amount in
    fiscal_spent: dict[str, set[str]] = field(default_factory=dict)

    def income_sources(self, columns: list[ColumnSpec]) -> dict[str, Decimal]:
        """The income table's 合计 row by source, as the summary states it: each column the
        sum of the year's income lines (those before 本年收入合计) its pattern names (一般公共
        预算财政拨款收入 + 政府性基金… for 财政拨款收入), total the 本年收入合计 line; a
        其中 line is a part, not a source. Nothing without a 本年收入合计 line; a column no
        line names is left open."""
        end = next((k for k, (label, _) in enumerate(self.income_lines)
                    if re.sub(r"\s", "", label).startswith("本年收入合计")), None)
        if end is None:
            return {}
        out: dict[str, Decimal] = {}
        amount = self.income_lines[end][1]
        out["total"] = (_dec(amount) or Decimal(0)) if amount else Decimal(0)
        for col in columns:
            if col.id == "total":
                continue
            named = [a for label, a in self.income_lines[:end]
                     if not label.startswith("其中") and col.matches(_unnumbered(label))]
            if named:
                out[col.id] = sum(((_dec(a) or Decimal(0)) if a else Decimal(0)
                                   for a in named), Decimal(0))
        return out


# Read first: what they state narrows the placements of later tables.
_FIRST = {"income_expenditure_summary": 0, "general_budget_expenditure": 1,
          "fiscal_appropriation_expenditure": 1}
# The fiscal appropriation expenditure tables are parts of the expenditure table, code by code
# and column by column (fiscal money is part of all money): a non-zero 基本支出 or 项目支出 of
# theirs means the expenditure table prints that cell for the same code.
SPENT_PARTS = ("basic", "project")
_SPENT_FROM = ("general_budget_expenditure", "fiscal_appropriation_expenditure")


def _unnumbered(label: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", re.sub(r"\s", "", label))


def _tokens(text: str) -> list[str]:
    """Space-separated pieces as printed (full-width brackets kept: labels stay as printed)."""
    return text.split()


def _is_num(tok: str) -> bool:
    return bool(_NUM.match(tok)) and any(ch.isdigit() for ch in tok)


def _kept(ln: Line) -> bool:
    """Lines written as they are: meta (单位/部门), notes, page footers, blank lines."""
    text = ln.text.strip()
    return not text or bool(META.search(text) or PAGE_FOOTER.match(text)
                            or re.match(r"^表\s*\d+$", text))


def evidenced(columns: tuple[ColumnSpec, ...], header: list[Line]) -> list[ColumnSpec]:
    """The registry's columns the header names, in print order: the registry's (the
    template's) order, except that a 其中 column (part_of) is printed right after the column
    it is a part of (事业收入 | 其中：教育收费; 项目支出 | 其中：基本建设资金支出).

    A header word names a column by the column's pattern, or, where the word matches no
    column's pattern (a wrapped header cell: 本年收入合 / 计), as the first three or more
    characters of the column's name; a word that names one column (事业收入) is never taken
    for another whose name merely starts with it (事业收入：其中教育收费), and a column only
    some templates print (optional) needs its own word (教育收费)."""
    raw = [w for ln in header for w in _tokens(ln.text)]
    words = [re.sub(r"^其中[:：]", "", w) for w in raw]
    named = [w for w in words if any(c.matches(w) for c in columns)]
    # 其中：教育 / 收费: a 其中 cell wrapped; its first line starts the part's own name.
    parts = [w for r, w in zip(raw, words, strict=True) if r != w and len(w) >= 2]
    found = []
    for col in columns:
        own = re.sub(r"^.*其中[:：]?", "", col.zh) if col.part_of else ""
        if own and any(own.startswith(w) for w in parts) or any(
                col.matches(w) and not TOTAL_LABEL.match(w) or (
                len(w) >= 3 and w not in named and not col.optional and col.zh.startswith(w))
               for w in words) or \
                any(TOTAL_LABEL.match(w) for w in words) and col.priority and col.matches("合计"):
            found.append(col)
    ordered = [c for c in found if not c.part_of]
    for col in found:
        if col.part_of:
            whole = next((k for k, c in enumerate(ordered) if c.id == col.part_of), None)
            ordered.insert(len(ordered) if whole is None else whole + 1, col)
    return ordered


def _split_header(body: list[Line], is_data) -> tuple[list[Line], list[Line]]:
    for j, ln in enumerate(body):
        if not _kept(ln) and is_data(_tokens(ln.text)):
            return body[:j], body[j:]
    return body, []


# --- coded tables ------------------------------------------------------------------------


@dataclass
class _Row:
    line: Line
    code: str
    label: str
    nums: list[str]
    heads: list[str] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)
    # amounts printed on other lines (the label's line above, a line of their own below), one
    # list per line: each line keeps its amounts' left-to-right order
    extra: list[list[str]] = field(default_factory=list)

    @property
    def amounts(self) -> list[str]:
        return self.nums + [t for group in self.extra for t in group]


def _code_row(tokens: list[str]) -> tuple[str, list[str]] | None:
    """(code, rest) of a line that starts a coded row: 2080505 …, 208 05 05 …, 合计 …"""
    if not tokens:
        return None
    if TOTAL_LABEL.match(tokens[0]):
        return tokens[0], tokens[1:]
    if not CODE.match(tokens[0]):
        return None
    code, k = tokens[0], 1
    # 类 款 项 printed apart: a 3-digit 类 followed by 2-digit parts (no decimal point).
    while len(code) == 3 + 2 * (k - 1) and len(code) < 7 and k < len(tokens) and re.fullmatch(
            r"\d{2}", tokens[k]) and len(tokens[0]) == 3:
        code, k = code + tokens[k], k + 1
    return code, tokens[k:]


def _rebuild_coded(spec: TableSpec, body: list[Line], known: _Known) -> dict[int, str] | None:
    def is_data(tokens: list[str]) -> bool:
        # "合计 基本支出 项目支出" is a header row, "合计 1668.14 …" or "合计" alone the 合计 row.
        row = _code_row(tokens)
        return row is not None and (not (TOTAL_LABEL.match(row[0]) and any(
            _CJK.search(t) for t in row[1])) or _shares_header(tokens))
    header, data = _split_header(body, is_data)
    if not data:
        return None
    if _shares_header(_tokens(data[0].text)):
        # "合计 合计 基本支出 项目支出": the 合计 row's label printed on the line of the last
        # header row (whose first cell, 合计, heads the total column): header words to the
        # header, the row's own amounts (if any) to the row.
        first, tokens = data[0], _tokens(data[0].text)
        words = [t for t in tokens[1:] if not (_is_num(t) or _BLANK.match(t))]
        header = header + [Line(first.no, first.page, " ".join(words))]
        data = [Line(first.no, first.page, " ".join(
            [tokens[0]] + [t for t in tokens[1:] if t not in words]))] + data[1:]
    columns = evidenced(spec.columns, header)
    if not columns:
        return None
    rows: list[_Row] = []
    pending: list[str] = []
    blank: list[int] = [ln.no for ln in header if not _kept(ln)]
    after_notes = False
    for ln in data:
        text = ln.text.strip()
        if after_notes or _NOTE.match(text):
            after_notes = True
            continue
        tokens = _tokens(text)
        if _kept(ln) and not (len(tokens) == 1 and CODE.match(tokens[0]) and rows):
            continue  # a lone 3-digit 类 code ("207", its name wrapped around it) is a row
        if _NUMBERING.match(text) or not tokens:
            blank.append(ln.no)
            continue
        parsed = _code_row(tokens)
        if parsed is not None:
            code, rest = parsed
            label = " ".join(t for t in rest if not (_is_num(t) or _BLANK.match(t)))
            nums = [t for t in rest if _is_num(t) or _BLANK.match(t)]
            rows.append(_Row(ln, code, label, nums, heads=pending))
            pending = []
            continue
        blank.append(ln.no)
        nums = [t for t in tokens if _is_num(t) or _BLANK.match(t)]
        words = [t for t in tokens if t not in nums]
        if nums and not words and rows:
            rows[-1].extra.append(nums)  # amounts printed below their row
        elif _CJK.search(text):
            pending.append("".join(words))
            if nums:  # amounts printed on the label's line, above the code
                pending.append("\0" + " ".join(nums))
    if rows and not rows[0].label and not rows[0].heads and len(header) > 1 and re.fullmatch(
            r"[\u4e00-\u9fff（）()、]+", header[-1].text.strip()) and not evidenced(
            spec.columns, header[-1:]):
        rows[0].heads = [header[-1].text.strip()]  # the first row's label, printed above it
    above = all(r.heads for r in rows if not TOTAL_LABEL.match(r.code))
    _attribute_wraps(rows, pending, above)
    head_no = next((ln.no for ln in header if not _kept(ln)), None)
    if head_no is None:
        return None
    fixed = known.income_sources(columns) if spec.id == "income" else {}
    printed = known.fiscal_spent if spec.id == "expenditure" else {}
    placed = _place_coded(spec, rows, columns, fixed, printed)
    if spec.id in _SPENT_FROM:
        ids = [c.id for c in columns]
        for row, values in zip(rows, placed, strict=True):
            code = "合计" if TOTAL_LABEL.match(row.code) else row.code
            known.fiscal_spent.setdefault(code, set()).update(
                c for c, v in zip(ids, values, strict=True)
                if c in SPENT_PARTS and v and _dec(v))
    new = {no: "" for no in blank}
    new[head_no] = "\t".join(["科目编码", "科目名称"] + [c.zh for c in columns])
    for row, values in zip(rows, placed, strict=True):
        name = "" if TOTAL_LABEL.match(row.code) else row.label
        new[row.line.no] = "\t".join([row.code, name] + values)
    return new


def _shares_header(tokens: list[str]) -> bool:
    """合计 twice at the start of a line: the 合计 row (first) on the header row that starts
    with the total column's own 合计 — no header prints 合计 twice side by side."""
    return len(tokens) >= 2 and bool(TOTAL_LABEL.match(tokens[0]) and TOTAL_LABEL.match(tokens[1]))


def _attribute_wraps(rows: list[_Row], trailing: list[str], above: bool) -> None:
    """Wrapped label lines to their rows: all before a row when every row's label stands
    above it; else a centred cell's lines, as many after the row as before it."""
    for k, row in enumerate(rows):
        heads = [h for h in row.heads if not h.startswith("\0")]
        row.extra = [h[1:].split() for h in row.heads if h.startswith("\0")] + row.extra
        row.heads = heads
        if not above and k and heads:
            prev = rows[k - 1]
            n = min(len(prev.heads), len(heads)) if not prev.label or prev.heads else 0
            prev.tails, row.heads = heads[:n], heads[n:]
    if rows and not above:
        last = rows[-1]
        last.tails += [t for t in trailing if not t.startswith("\0")][:len(last.heads)]
    for row in rows:
        row.label = "".join(row.heads) + row.label.replace(" ", "") + "".join(row.tails)


def _dec(tok: str) -> Decimal | None:
    return None if _BLANK.match(tok) else parse_amount(tok)


def _place_coded(spec: TableSpec, rows: list[_Row], columns: list[ColumnSpec],
                 fixed: dict[str, Decimal] | None = None,
                 printed: dict[str, set[str]] | None = None) -> list[list[str]]:
    """Each row's amounts put into columns: every ordered placement that keeps the row's
    identity and its 其中 parts, then those that keep the columns' hierarchy sums; `fixed`
    (column → amount) is what another table states of the 合计 row (blank = 0), `printed`
    (code → columns) the cells another table says are printed; each applied where it leaves
    a placement (a document whose tables disagree is not forced)."""
    ids = [c.id for c in columns]
    whole_of = {c.id: c.part_of for c in columns if c.part_of in ids}
    total, parts = ROW_IDENTITIES.get(spec.id, ("", ()))
    parts = tuple(p for p in parts if p in ids)
    cands: list[list[tuple[str, ...]]] = []
    for row in rows:
        nums = row.amounts
        if len(nums) > len(ids):
            raise _Unplaced(f"line {row.line.no}: {len(nums)} amounts for {len(ids)} columns")
        opts = []
        # Amounts from several printed lines: each line keeps its left-to-right order, but
        # how the lines interleave is lost; every interleaving is tried.
        groups = [g for g in [row.nums, *row.extra] if g]
        ways = math.factorial(len(nums))
        for g in groups:
            ways //= math.factorial(len(g))
        if ways > 5040:  # amounts scattered over many lines: their order is not in the text
            raise _Unplaced(f"line {row.line.no}: {len(nums)} amounts on {len(groups)} lines")
        for seq in _interleavings(groups):
            for pos in itertools.combinations(range(len(ids)), len(nums)):
                cells = [""] * len(ids)
                for p, t in zip(pos, seq, strict=True):
                    cells[p] = t
                if _row_ok(cells, ids, total, parts) and _parts_ok(cells, ids, whole_of) \
                        and tuple(cells) not in opts:
                    opts.append(tuple(cells))
        if not opts:
            raise _Unplaced(f"line {row.line.no}: amounts {' '.join(nums)} fit no placement "
                            f"in {', '.join(c.zh for c in columns)} (total ≠ sum of parts)")
        if fixed and TOTAL_LABEL.match(row.code):
            agree = [o for o in opts if all(
                ((_dec(o[k]) or Decimal(0)) if o[k] else Decimal(0)) == fixed[c]
                for k, c in enumerate(ids) if c in fixed)]
            opts = agree or opts
        must = (printed or {}).get("合计" if TOTAL_LABEL.match(row.code) else row.code, set())
        if must:
            agree = [o for o in opts if all(o[k] for k, c in enumerate(ids) if c in must)]
            opts = agree or opts
        cands.append(opts)
    _propagate(rows, cands)
    for row, opts in zip(rows, cands, strict=True):
        if len(opts) > 1:
            raise _Unplaced(f"line {row.line.no}: {len(row.amounts)} amounts for "
                            f"{len(ids)} columns ({', '.join(c.zh for c in columns)}); the "
                            f"table's sums leave {len(opts)} placements, none guessed")
    return [list(opts[0]) for opts in cands]


def _interleavings(groups: list[list[str]]) -> list[list[str]]:
    """The sequences that merge `groups`, each group's order kept."""
    if len(groups) <= 1:
        return [list(groups[0]) if groups else []]
    out = []
    for k, g in enumerate(groups):
        rest = groups[:k] + [g[1:]] + groups[k + 1:]
        out += [[g[0], *seq] for seq in _interleavings([r for r in rest if r])]
    return [list(s) for s in dict.fromkeys(tuple(s) for s in out)]


def _row_ok(cells: list[str], ids: list[str], total: str, parts: tuple[str, ...]) -> bool:
    if total not in ids or not parts:
        return True
    vals = {i: _dec(c) for i, c in zip(ids, cells, strict=True) if c}
    if total not in vals and any(p in vals for p in parts):
        return False  # parts printed under a blank total
    t = vals.get(total) or Decimal(0)
    s = sum((vals.get(p) or Decimal(0)) for p in parts)
    n = sum(1 for p in parts if p in vals)
    return abs(t - s) <= Decimal("0.01") * max(n, 1)


def _parts_ok(cells: list[str], ids: list[str], whole_of: dict[str, str]) -> bool:
    """A 其中 column is a part of its whole: printed only under a printed whole, and no larger
    (教育收费 ≤ 事业收入; 基本建设资金支出 ≤ 项目支出)."""
    vals = {i: _dec(c) for i, c in zip(ids, cells, strict=True) if c}
    for part, whole in whole_of.items():
        if part in vals and (whole not in vals or abs(vals[part] or Decimal(0))
                             > abs(vals[whole] or Decimal(0))):
            return False
    return True


def _propagate(rows: list[_Row], cands: list[list[tuple[str, ...]]]) -> None:
    """Keep the placements that let every parent column equal the sum of its children's
    (合计 over 类, 类 over 款, 款 over 项), a cent of rounding per child allowed."""
    def parent_of(k: int) -> int | None:
        code = rows[k].code
        if TOTAL_LABEL.match(code):
            return None
        want = "" if len(code) == 3 else code[:len(code) - 2]
        if not want:  # a 类 row's parent: the 合计 row, printed first or last
            return next((j for j, r in enumerate(rows) if TOTAL_LABEL.match(r.code)), None)
        for j in range(k - 1, -1, -1):
            c = rows[j].code
            if (want and c == want) or (not want and TOTAL_LABEL.match(c)):
                return j
        return None
    children: dict[int, list[int]] = {}
    for k in range(len(rows)):
        if (p := parent_of(k)) is not None:
            children.setdefault(p, []).append(k)
    changed = True
    while changed:
        changed = False
        for p, kids in children.items():
            width = len(cands[p][0])
            for k in [p, *kids]:
                keep = [o for o in cands[k] if _fits(k, o, p, kids, cands, width)]
                if keep and len(keep) < len(cands[k]):
                    cands[k] = keep
                    changed = True


def _fits(k: int, option: tuple[str, ...], p: int, kids: list[int],
          cands: list[list[tuple[str, ...]]], width: int) -> bool:
    # A parent's blank cell (nothing printed) holds no money: its children's cells are blank
    # too; a printed amount may differ from its children's sum by a cent of rounding each.
    for col in range(width):
        def values(j: int, col: int = col) -> set[Decimal | None]:
            opts = [option] if j == k else cands[j]
            return {(_dec(o[col]) or Decimal(0)) if o[col] else None for o in opts}
        sums: set[tuple[Decimal, bool]] = {(Decimal(0), False)}
        for j in kids:
            sums = {(s + (v or Decimal(0)), printed or v is not None)
                    for s, printed in sums for v in values(j)}
            if len(sums) > 4096:
                return True  # too many combinations to judge: keep
        tol = Decimal("0.01") * len(kids)
        if not any(not printed if t is None else abs(t - s) <= tol
                   for t in values(p) for s, printed in sums):
            return False
    return True


# --- summary tables ------------------------------------------------------------------------


def _side_of(label: str) -> str:
    name = re.sub(r"^[一二三四五六七八九十]+、", "", label)
    if re.search(r"支出|年末|结余分配", label) or any(
            len(name) >= 2 and n.startswith(name) for n in FUNCTION_CLASSES.values()):
        return "expenditure"
    return "income"


def _rebuild_summary(spec: TableSpec, body: list[Line], known: _Known
                     ) -> dict[int, str] | None:
    numbered = any(re.sub(r"\s", "", ln.text).find("行次") >= 0 for ln in body)

    def is_data(tokens: list[str]) -> bool:
        text = "".join(tokens)
        if re.search(r"项目|行次|栏次|决算数|金额", text) or not tokens:
            return False
        # A line label of the template, a 行次, or an amount: a header prints none of them
        # (政府性基金预算财政拨款 26 0.00 53 starts a continuation page's rows).
        return bool(_LINE_START.match(tokens[0]) or (numbered and any(
            t.isdigit() and len(t) <= 3 for t in tokens)) or any(
            _is_num(t) and "." in t for t in tokens))
    header, data = _split_header(body, is_data)
    head_no = next((ln.no for ln in header if not _kept(ln)), None)
    if not data or head_no is None:
        return None
    exp_cols = evidenced(spec.expenditure_columns, header) or list(spec.expenditure_columns[:1])
    width = {"income": 1, "expenditure": len(exp_cols)}
    new = {ln.no: "" for ln in header if not _kept(ln)}
    cells = ["项目"] + (["行次"] if numbered else []) + ["决算数"]
    new[head_no] = "\t".join(cells + ["项目"] + (["行次"] if numbered else [])
                             + [c.zh if len(exp_cols) > 1 else "决算数" for c in exp_cols])
    rows: list[dict] = []  # {side: [label, 行次, nums]}, line
    last: tuple[int, str] | None = None
    lines_of: list[Line] = []
    for ln in data:
        text = ln.text.strip()
        if _kept(ln) or _NOTE.match(text):
            continue
        new[ln.no] = ""
        tokens = _tokens(text)
        if _NUMBERING.match(text.replace("栏 次", "栏次")) or re.match(r"^栏\s*次", text):
            continue
        sides = _summary_line(tokens, numbered, rows)
        if sides is None:  # amounts alone: the previous line's labels' amounts
            nums = tokens
            if rows:
                prev = rows[-1]
                open_sides = [s for s in ("income", "expenditure") if s in prev and not prev[s][2]]
                if len(open_sides) == 2 and len(nums) == 1 + width["expenditure"]:
                    prev["income"][2], prev["expenditure"][2] = nums[:1], nums[1:]
                elif len(open_sides) == 1:
                    prev[open_sides[0]][2] = nums
                else:
                    raise _Unplaced(f"line {ln.no}: amounts {' '.join(nums)} cannot be told "
                                    "to a side")
            continue
        if not sides:  # a wrapped label's continuation
            if last is not None:
                rows[last[0]][last[1]][0] += text.replace(" ", "")
            continue
        rows.append(sides)
        lines_of.append(ln)
        labelled = [s for s in ("income", "expenditure") if s in sides and sides[s][0]]
        if labelled:
            last = (len(rows) - 1, labelled[-1])
    # A centred wrapped label: its first line stands above a row whose side has no label.
    merged: list[tuple[Line, dict]] = []
    for ln, sides in zip(lines_of, rows, strict=True):
        if merged and _head_only(merged[-1][1]) and numbered:
            head = merged.pop()[1]
            side = next(iter(head))
            if side in sides and not sides[side][0]:
                sides[side][0] = head[side][0]
            else:
                merged.append((merged[-1][0] if merged else ln, head))
        merged.append((ln, sides))
    for ln, sides in merged:
        out = []
        for side in ("income", "expenditure"):
            label, line_no, nums = sides.get(side, ["", None, []])
            if len(nums) > width[side]:
                raise _Unplaced(f"line {ln.no}: {len(nums)} amounts on the {side} side, "
                                f"{width[side]} columns")
            if nums and len(nums) < width[side] and side == "expenditure":
                raise _Unplaced(f"line {ln.no}: {len(nums)} amounts for the {width[side]} "
                                "expenditure columns; which are blank is not printed")
            out += [label] + ([line_no or ""] if numbered else [])
            out += nums + [""] * (width[side] - len(nums))
            if side == "income" and label and spec.id == "income_expenditure_summary":
                known.income_lines.append((label, nums[0] if nums else ""))
        new[ln.no] = "\t".join(out)
    return new


def _head_only(sides: dict) -> bool:
    return len(sides) == 1 and all(s[1] is None and not s[2] for s in sides.values())


def _summary_line(tokens: list[str], numbered: bool, rows: list[dict]) -> dict | None:
    """{side: [label, 行次, amounts]} of a line; None for amounts alone; {} for a label's
    continuation (text that starts no line)."""
    if all(_is_num(t) or _BLANK.match(t) for t in tokens):
        if numbered and tokens[0].isdigit() and len(tokens[0]) <= 3:
            pass  # 行次 first: a row whose labels are blank or wrapped around it ("21 47 0.00")
        else:
            return None
    segs: list[list] = []  # [label, 行次, nums]
    for t in tokens:
        is_marker = numbered and t.isdigit() and len(t) <= 3
        if is_marker:
            if segs and segs[-1][1] is None and not segs[-1][2]:
                segs[-1][1] = t
            else:
                segs.append(["", t, []])
        elif _is_num(t) or _BLANK.match(t):
            if not segs:
                segs.append(["", None, []])
            segs[-1][2].append(t)
        else:
            if segs and (segs[-1][1] is not None or segs[-1][2]
                         or (segs[-1][0] and _LINE_START.match(t))):
                segs.append([t, None, []])
            elif segs:
                segs[-1][0] += t
            else:
                segs.append([t, None, []])
    if numbered:
        # A label after a marker that has no amounts belongs to the next side's marker:
        # "3 三、国防支出 30 0.00" is (income 3, blank) (expenditure 三、国防支出 30).
        fixed: list[list] = []
        for s in segs:
            if fixed and s[1] is None and s[0] and not s[2]:
                fixed.append(s)
            elif fixed and fixed[-1][1] is None and fixed[-1][0] and not fixed[-1][2]:
                fixed[-1][1], fixed[-1][2] = s[1], s[2]
                if s[0]:
                    fixed[-1][0] += s[0]
            else:
                fixed.append(s)
        segs = fixed
    if len(segs) == 1 and not segs[0][0].strip() and segs[0][1] is None:
        return None
    if len(segs) == 1 and segs[0][1] is None and not segs[0][2] and not _LINE_START.match(
            segs[0][0]) and _side_of(segs[0][0]) == "income" and rows:
        return {}
    if len(segs) >= 2:
        return {"income": segs[0], "expenditure": _merge(segs[1:])}
    seg = segs[0]
    if numbered and seg[1] is not None:
        side = _side_by_marker(int(seg[1]), rows)
    elif seg[0] and not _LINE_START.match(seg[0]) and rows and seg[1] is None and not seg[2]:
        return {}
    else:
        side = _side_of(seg[0])
    return {side: seg}


def _merge(segs: list[list]) -> list:
    label = "".join(s[0] for s in segs)
    marker = next((s[1] for s in segs if s[1] is not None), None)
    return [label, marker, [n for s in segs for n in s[2]]]


def _side_by_marker(m: int, rows: list[dict]) -> str:
    last = {side: max((int(r[side][1]) for r in rows if side in r and r[side][1]), default=0)
            for side in ("income", "expenditure")}
    if last["expenditure"] and abs(m - last["expenditure"] - 1) < abs(m - last["income"] - 1):
        return "expenditure"
    return "income" if not last["expenditure"] or m <= last["expenditure"] else "expenditure"


# --- economic and 三公 -------------------------------------------------------------------


def _rebuild_economic(spec: TableSpec, body: list[Line], known: _Known
                      ) -> dict[int, str] | None:
    def is_data(tokens: list[str]) -> bool:
        return bool(tokens) and (bool(re.fullmatch(r"\d{3}|\d{5}", tokens[0]))
                                 or tokens[0] in ("人员经费合计", "公用经费合计"))
    header, data = _split_header(body, is_data)
    head_no = next((ln.no for ln in header if not _kept(ln)), None)
    if not data or head_no is None:
        return None
    new = {ln.no: "" for ln in header if not _kept(ln)}
    new[head_no] = "\t".join(["科目编码", "科目名称", "决算数"] * 2)
    rows: list[tuple[Line, list[list]]] = []
    pending: list[str] = []
    heads: dict[int, int] = {}
    for ln in data:
        text = ln.text.strip()
        if _kept(ln) or _NOTE.match(text):
            continue
        tokens = _tokens(text)
        if is_data(tokens) and len(tokens) > 1 and re.fullmatch(r"\d{2,3}", tokens[1]):
            # 301 | 01 printed in 类 | 款 columns with the names on other lines: which name
            # and amount go with which code is not in the text.
            raise _Unplaced(f"line {ln.no}: economic codes printed in 类 | 款 columns apart "
                            "from their names")
        if is_data(tokens):
            blocks: list[list] = []  # [code, name, amount]
            for t in tokens:
                if re.fullmatch(r"\d{3}|\d{5}", t) or t in ("人员经费合计", "公用经费合计"):
                    blocks.append([t, "", None])
                elif _is_num(t) or _BLANK.match(t):
                    blocks[-1][2] = t
                else:
                    blocks[-1][1] += t
            empty = next((b for b in blocks if not b[1] and not b[0].endswith("合计")), None)
            if pending and rows and rows[-1][0].no in heads:
                n = min(heads[rows[-1][0].no], len(pending))
                prev = next((b for b in rows[-1][1] if b[3:]), None)
                if prev is not None:
                    prev[1] += "".join(pending[:n])
                pending = pending[n:]
            if empty is not None and pending:
                empty[1] = "".join(pending)
                empty.append(True)  # its label wrapped: lines below it are its too
                heads[ln.no] = len(pending)
            pending = []
            rows.append((ln, blocks))
            new[ln.no] = ""
        elif _CJK.search(text) and not _NUMBERING.match(text):
            pending.append(text.replace(" ", ""))
            new[ln.no] = ""
    if pending and rows and rows[-1][0].no in heads:
        prev = next((b for b in rows[-1][1] if b[3:]), None)
        if prev is not None:
            prev[1] += "".join(pending[:heads[rows[-1][0].no]])
    for ln, blocks in rows:
        cells: list[str] = []
        for b in blocks[:2]:
            if b[0].endswith("合计"):
                cells += [b[0], "", b[2] or ""]
            else:
                cells += [b[0], b[1], b[2] or ""]
        if len(blocks) == 1 and blocks[0][0].startswith("3") and len(cells) == 3 and \
                blocks[0][0][:3] not in ("301", "303"):
            cells = ["", "", ""] + cells  # a 公用经费 code continuing alone on its side
        new[ln.no] = "\t".join(cells)
    return new


def _rebuild_three_public(spec: TableSpec, body: list[Line], known: _Known
                          ) -> dict[int, str] | None:
    def is_data(tokens: list[str]) -> bool:
        return bool(tokens) and all(_is_num(t) or _BLANK.match(t) for t in tokens) and any(
            "." in t for t in tokens)
    header, data = _split_header(body, is_data)
    head_no = next((ln.no for ln in header if not _kept(ln)), None)
    if head_no is None:
        return None
    cols = evidenced(spec.columns, header)
    words = [w for ln in header for w in _tokens(ln.text)]
    groups = [w for w in words if w in ("预算数", "决算数")]
    paired = len(groups) >= 4  # 预算数 | 决算数 under each expense (else two blocks)
    labels = ([f"{c.zh}{g}" for c in cols for g in ("预算数", "决算数")] if paired else
              [f"{g}{c.zh}" for g in ("预算数", "决算数") for c in cols])
    new = {ln.no: "" for ln in header if not _kept(ln)}
    new[head_no] = "\t".join(labels)
    for ln in data:
        if _kept(ln) or _NOTE.match(ln.text.strip()):
            continue
        nums = _tokens(ln.text)
        if not is_data(nums):
            continue
        if len(nums) > len(labels):
            raise _Unplaced(f"line {ln.no}: {len(nums)} amounts for {len(labels)} columns")
        keys = ([(c.id, g) for c in cols for g in ("预算数", "决算数")] if paired else
                [(c.id, g) for g in ("预算数", "决算数") for c in cols])
        opts = []
        for pos in itertools.combinations(range(len(keys)), len(nums)):
            cells = [""] * len(keys)
            for k, t in zip(pos, nums, strict=True):
                cells[k] = t
            if all(_row_ok([c for c, (_, g) in zip(cells, keys, strict=True) if g == half],
                           [i for i, g in keys if g == half], total, parts)
                   for half in ("预算数", "决算数") for total, parts in THREE_PUBLIC_SUMS):
                opts.append(cells)
        if len(opts) != 1:
            raise _Unplaced(f"line {ln.no}: {len(nums)} amounts for {len(labels)} columns; "
                            f"the 三公 sums (合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + "
                            f"运行, budget and actual each) leave {len(opts)} placements, "
                            "none guessed")
        new[ln.no] = "\t".join(opts[0])
    return new


# The 三公 table's identities, in each half (预算数, 决算数): total = Σ parts.
THREE_PUBLIC_SUMS = (("total", ("overseas", "vehicles", "reception")),
                     ("vehicles", ("vehicle_purchase", "vehicle_operation")))


_REBUILD = {"coded": _rebuild_coded, "summary": _rebuild_summary,
            "economic": _rebuild_economic, "three_public": _rebuild_three_public}
