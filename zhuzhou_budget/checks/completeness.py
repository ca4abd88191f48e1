"""Is everything a disclosure must contain there, and filled in? (C1–C10)

The tables of the document's template, each readable, with its totals, unit and explanation,
in the template's order (C1, C2, C5, C8–C10); the narrative's required sections (C3), every
项 of the general-budget table explained (C4), the 三公 说明 complete (C6), no template
leftovers anywhere in the text (C7)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from decimal import Decimal

from ..extract.table_model import missing_totals
from ..metadata.tables import TABLES
from ..metadata.templates import reference_template
from ..rounding import ZERO
from .engine.facts import general_budget_items, index
from .engine.findings import fmt
from .engine.ledger import Ledger
from .engine.registry import REGISTRY, WARNING, policy
from .engine.text import THREE_PUBLIC as _TP
from .engine.text import THREE_PUBLIC_ZH as _ZH
from .engine.text import explanation_lines, printed

SUITE = REGISTRY.suite("completeness")
TABLES_PRESENT = SUITE.check("C1.tables", policy("error; info for a table the document's template does not "
                                    "have", "error", "info"),
                             "every table of the document's template present (found by title; "
                             "template recognised from the titles and year)", zh="九张表齐全")
EMPTY_TABLE = SUITE.check("C2.empty_table", policy("error; info when the explanation is printed", "error", "info"),
                          "an empty table carries its explanation (\"本单位没有…故本表无数据\")", zh="空表附说明")
SECTIONS = SUITE.check("C3.sections", WARNING,
                       "三公, 机关运行经费, 政府采购, 国有资产, 预算绩效 sections present", zh="说明章节齐全")
PARSED = SUITE.check("C5.table_parsed", policy("error", "error"),
                     "every table found by its title could be parsed (a table that cannot costs "
                     "only itself, and is named here with the reason)", zh="表格可读")
TOTALS = SUITE.check("C8.table_totals", policy("error", "error"),
                     "a table with values prints its totals: 合计 (coded tables), 人员经费合计 and "
                     "公用经费合计 (economic), 本年合计 and 总计 on both sides (summaries), 预算数 "
                     "and 决算数 rows (三公) — a table cut off shows here", zh="表内合计行齐全")
UNIT = SUITE.check("C9.table_unit", policy("warning (unit assumed from the other tables); error when they "
                          "disagree or none declares one", "warning", "error"),
                   "every table with values declares its unit (单位：万元): one that does not is "
                   "read in the unit of the other tables, and says so", zh="表格金额单位")
ORDER = SUITE.check("C10.table_order", policy("info (printed out of the template's order); warning (a 公开NN表 "
                           "number that is not the table's place)", "info", "warning"),
                    "the tables follow the template's order and their 公开NN表 numbers are their "
                    "places in it (absent tables leave the others in order)", zh="表格顺序与编号")

# Reported here, read from the narrative's budget-execution items (the logic family reads
# their direction words and names).
ITEMS_EXPLAINED = SUITE.check("C4.items_explained", WARNING,
                              "every 项 of the general-budget table with spending is explained in "
                              "the narrative", zh="每项均有说明",
                              needs=("narrative_facts", "budget_execution",
                                     "general_budget_expenditure"))
THREE_PUBLIC_NARRATIVE = SUITE.check(
    "C6.three_public_narrative", WARNING,
    "the 三公 说明 states, for each of 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待 "
    "with spending, its amount, its change with a reason and the counts the template asks for "
    "(团组/人次, 辆, 保有量, 批次/人次), never fewer persons than groups; no counts for an "
    "expense of 0", zh="三公说明齐全", needs=(_TP,))
PLACEHOLDERS = SUITE.check("C7.placeholders", policy("error", "error"),
                           "no template leftovers: XX, ××, **, （单位名称）, 202X, the template's "
                           "instructions (增加（减少）, 增加持平, （如持平作持平表述）, 按上述格式, "
                           "待填写, 请填写, （略）…)", zh="模板残留")

# The known orders of the tables, by template (the national 2024 template prints 三公 seventh;
# the order of `metadata.TABLES`, Hunan's, ninth). A document is judged against the order it
# fits best, so a table is never out of order merely because the document follows another.

# 三公 items: (column, subject, counts the template asks for: (subject, measure, label)).
_ITEMS = (
    ("overseas", "three_public.overseas",
     (("three_public.overseas.trips", "count", "出国（境）团组数"),
      ("three_public.overseas.trips", "persons", "出国（境）人次"))),
    ("vehicle_purchase", "three_public.vehicle_purchase",
     (("three_public.vehicle_purchase.vehicles", "count", "购置车辆数"),)),
    ("vehicle_operation", "three_public.vehicle_operation",
     (("three_public.vehicles.held", "count", "公务用车保有量"),)),
    ("reception", "three_public.reception",
     (("three_public.reception.visits", "count", "接待批次（团组）"),
      ("three_public.reception.visits", "persons", "接待人次"))),
)
# "决算数大于上年数的主要原因是", "因公出国（境）费支出减少的主要原因是"
_CHANGE_REASON = re.compile(r"(?:上年数?|上年度|增加|减少|增长|下降|降低|持平)的?主要原因")

# Narrative sections the template requires, by the words of their headings.
REQUIRED_SECTIONS = {
    "机关运行经费": r"机关运行经费",
    "政府采购": r"政府采购",
    "国有资产占用": r"国有资产",
    "预算绩效": r"绩效",
    "三公经费": r"三公",
}


@SUITE.step(TABLES_PRESENT)
def tables_present(ledger: Ledger) -> None:
    """C1: every table of the document's template, found by its title (or found and not
    readable: C5's)."""
    d = ledger.d
    unparsed = {p.table for p in d.problems}
    template = d.template
    if template.tables:  # one comparison per table of the template, counted at once
        ledger.count(TABLES_PRESENT, len(template.tables))
    for tid in template.tables:
        if tid not in d.table_info and tid not in unparsed:
            ledger.report(TABLES_PRESENT, "error", f"缺少部门决算表：{TABLES[tid].zh}（{template.zh}）",
                          table=tid)
    # The tables of the current national template that this document's template lacks: said
    # once, as info, so a reader of a 2019 or a university document knows why they are absent.
    for tid in reference_template(d.document).tables:
        if tid not in template.tables and tid not in d.table_info:
            ledger.count(TABLES_PRESENT)
            ledger.report(TABLES_PRESENT, "info", f"{template.zh}无此表：{TABLES[tid].zh}（不属缺表）",
                          table=tid)


@SUITE.step(PARSED)
def tables_parsed(ledger: Ledger) -> None:
    """C5: a table found by its title that could not be read, with the reason."""
    d = ledger.d
    unparsed = {p.table: p for p in d.problems}
    template = d.template
    found = [*template.tables, *(t for t in TABLES if t in unparsed
                                 and t not in template.tables)]
    if found:  # one comparison per table, counted at once
        ledger.count(PARSED, len(found))
    for tid in found:
        if (p := unparsed.get(tid)) is not None:
            ledger.report(PARSED, "error", f"{TABLES[tid].zh} 无法读取，本表数据缺失：{p.reason}",
                          table=tid, line=p.line)


@SUITE.step(EMPTY_TABLE)
def empty_tables(ledger: Ledger) -> None:
    """C2: an empty table says why (本单位没有…故本表无数据)."""
    tables = ledger.d.table_info
    if tables:  # one comparison per table, counted at once
        ledger.count(EMPTY_TABLE, len(tables))
    with_values = _with_values(ledger)
    for tid, t in tables.items():
        empty = tid not in with_values
        if empty and not t.explanation:
            ledger.report(EMPTY_TABLE, "error", f"{t.spec.zh} 为空表，但未说明原因（如“本单位没有…"
                          "故本表无数据”）", table=tid, line=t.title_line)
        elif empty:
            ledger.report(EMPTY_TABLE, "info", f"{t.spec.zh} 为空表，已说明：{t.explanation}",
                          table=tid, line=t.title_line, excerpt=t.explanation)


@SUITE.step(TOTALS)
def table_totals(ledger: Ledger) -> None:
    """C8: a table with values prints its totals (one cut off shows here)."""
    tables = ledger.d.table_info
    if tables:  # one comparison per table, counted at once
        ledger.count(TOTALS, len(tables))
    with_values = _with_values(ledger)
    for tid, t in tables.items():
        if tid in with_values:
            for what in missing_totals(t):
                ledger.report(TOTALS, "error", f"{t.spec.zh} 缺少{what}（表可能被截断）",
                              table=tid, line=t.end_line)


def _with_values(ledger: Ledger) -> set[str]:
    """The ids of the tables that print an amount (`Table.has_values`), worked out once per
    reconcile: C2, C8 and C9 each asked every table."""
    return ledger.shared("tables with values", lambda lg: {
        tid for tid, t in lg.d.table_info.items() if t.has_values})


# -- C9: every table declares its unit ----------------------------------------------------------

@SUITE.step(UNIT)
def table_unit(ledger: Ledger) -> None:
    """C9: a table with values and no 单位 line is read in the unit the other tables declare
    (a warning naming it); where they declare different units, or none does, the unit is
    unknown (an error): never a silent 万元."""
    tables = ledger.d.table_info
    declared = sorted({t.unit for t in tables.values() if t.unit_declared})
    with_values = _with_values(ledger)
    if with_values:  # one comparison per table with values, counted at once
        ledger.count(UNIT, len(with_values))
    for tid, t in tables.items():
        if tid not in with_values or t.unit_declared:
            continue
        if len(declared) == 1:
            ledger.report(UNIT, "warning", f"{t.spec.zh} 未标明金额单位，按其他各表所标"
                          f"“{declared[0]}”读取", table=tid, line=t.title_line,
                          excerpt=t.title)
        else:
            known = "、".join(declared) if declared else "无一表标明单位"
            ledger.report(UNIT, "error", f"{t.spec.zh} 未标明金额单位，无法从其他各表推定（{known}），"
                          f"按“{t.unit}”读取的数值可能有误", table=tid, line=t.title_line,
                          excerpt=t.title)


# -- C10: the tables' order and numbers -------------------------------------------------------

def _printed_order(ledger: Ledger) -> list[str]:
    tables = ledger.d.table_info
    return sorted(tables, key=lambda tid: tables[tid].title_line)


def _displaced(printed: list[str], expected: Sequence[str]) -> list[str]:
    """The tables printed out of `expected`'s order: those outside a longest run of printed
    tables that keeps it (tables `expected` does not know, and absent ones, are ignored)."""
    place = {tid: k for k, tid in enumerate(expected)}
    known = [tid for tid in printed if tid in place]
    best: list[list[str]] = []  # best[k]: a longest kept run ending with known[k]
    for k, tid in enumerate(known):
        runs = [best[j] for j in range(k) if place[known[j]] < place[tid]]
        longest: list[str] = max(runs, key=len) if runs else []
        best.append(longest + [tid])
    kept: list[str] = max(best, key=len) if best else []
    return [tid for tid in known if tid not in kept]


def best_order(ledger: Ledger, orders: Sequence[Sequence[str]]) -> Sequence[str]:
    """The template order the document's tables fit best (the first of equals)."""
    printed = _printed_order(ledger)
    return min(orders, key=lambda order: len(_displaced(printed, order)))


@SUITE.step(ORDER)
def tables_in_order(ledger: Ledger) -> None:
    """C10 against the template order the document fits best."""
    table_order(ledger, best_order(ledger, ledger.d.template.orders))


def table_order(ledger: Ledger, expected: Sequence[str]) -> None:
    """C10: against `expected` (the template's table ids in order): a table printed out of
    that order (info), and a 公开NN表 number that is not the table's place in it (warning)."""
    tables = ledger.d.table_info
    printed = _printed_order(ledger)
    ledger.count(ORDER, len(printed))
    place = {tid: k + 1 for k, tid in enumerate(expected)}
    for tid in _displaced(printed, expected):
        t = tables[tid]
        ledger.report(ORDER, "info", f"{t.spec.zh} 的位置与模板顺序不符（模板中为第 {place[tid]} 张表）",
                      table=tid, line=t.title_line, excerpt=t.title)
    for tid in printed:
        t = tables[tid]
        if t.number and t.number.isdigit() and tid in place:
            ledger.count(ORDER)
            if int(t.number) != place[tid]:
                ledger.report(ORDER, "warning",
                              f"{t.spec.zh} 编号为公开{t.number}表，按模板应为公开{place[tid]:02d}表",
                              table=tid, line=t.title_line, excerpt=t.title,
                              expected=Decimal(place[tid]), actual=Decimal(int(t.number)))


@SUITE.step(SECTIONS)
def sections(ledger: Ledger) -> None:
    """C3: the sections the final-accounts template requires (a budget's 说明 has other
    headings)."""
    d = ledger.d
    headings = [s.heading for s in d.sections.values()]
    for name, pattern in REQUIRED_SECTIONS.items() if d.document == "final" else ():
        ledger.count(SECTIONS)
        if not any(re.search(pattern, h) for h in headings):
            ledger.report(SECTIONS, "warning", f"情况说明缺少“{name}”部分")


# -- C7: template leftovers -------------------------------------------------------------------

_LEFTOVERS = re.compile(
    r"(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])"  # XX, XXX, XXXXXXXX
    r"|[×✕]{2,}"  # ××
    r"|(?<=[\u4e00-\u9fff\d])\*{2,}(?=[\u4e00-\u9fff\d])"  # 车辆**辆 (not bold markup)
    r"|\d{2,3}[XＸ×]"  # 202X
    r"|[（(](?:单位|部门|制度|项目|科目)名称[）)]"
    r"|(?:增加|减少|增长|下降|大于|小于)[（(](?:减少|增加|下降|增长|小于|大于)[）)]"
    r"|[（(](?:如持平作持平表述|不涉及的不列)[）)]"
    r"|(?:增加|减少|增长|下降|上升|降低)持平"  # 增加持平: both words of 增加（减少）/持平 kept
    r"|(?:待|请|需|此处)(?:填写|填列|补充|补填)|[（(]略[）)]"
    r"|按上述格式|作下述说明|根据.{0,30}填写|。{3,}")
# Text every _LEFTOVERS match contains (XX, ××, **, 202X: one of X Ｘ × ✕ *; the bracketed
# words: "（" or "(" and their first character; 持平, 填写, 填列, 补充, 补填 — 根据…填写 too —,
# 按上述格式, 作下述说明, 。。。). Each alternative starts with a plain character, so the regex
# engine skips to those characters; _LEFTOVERS, whose alternatives open with classes and
# look-behinds, tries all of them at every character. A line without any is left unscanned
# (the gate only ever lets through more lines than _LEFTOVERS matches, never fewer).
_MAY_LEFT_OVER = re.compile("|".join(re.escape(s) for s in (
    "X", "Ｘ", "×", "✕", "*", "名称", "持平", "填写", "填列", "补充", "补填", "按上述格式",
    "作下述说明", "。。。", *(b + w for b in "（(" for w in "减增下小大如不略"))))


@SUITE.step(PLACEHOLDERS)
def placeholders(ledger: Ledger) -> None:
    """C7: one finding per printed line that still holds template placeholders or
    instructions, naming them all."""
    if (m := _LEFTOVERS.search(ledger.d.meta.department)) is not None:
        ledger.count(PLACEHOLDERS)
        ledger.report(PLACEHOLDERS, "error",
                      f"封面部门名称含模板占位符：“{m.group()}”（{ledger.d.meta.department}）",
                      excerpt=ledger.d.meta.department)
    quotes = printed(ledger)
    ledger.count(PLACEHOLDERS, len(quotes))  # one comparison per printed line
    for _, quote in quotes:
        if found := _leftovers(quote.text):
            ledger.report(PLACEHOLDERS, "error",
                          "模板占位符或填写说明未替换：" + "、".join(f"“{f}”" for f in found), quote)


@functools.lru_cache(maxsize=4096)
def _leftovers(text: str) -> tuple[str, ...]:
    """A line's template leftovers, each once in order. Cached by the line: the same lines
    (名词解释, notes, the template's sentences) come back in every document of a corpus."""
    if _MAY_LEFT_OVER.search(text) is None:
        return ()
    return tuple(dict.fromkeys(m.group() for m in _LEFTOVERS.finditer(text)))


# -- C6: the 三公 说明 is complete ----------------------------------------------------------------

@SUITE.step(THREE_PUBLIC_NARRATIVE)
def three_public_narrative(ledger: Ledger) -> None:
    """C6: amount, change, reason and counts of each 三公 item that was spent; no counts for
    an item that was not."""
    facts = index(ledger)
    actual = next((r for r in ledger.d.table_info[_TP].records if r.level == "actual"), None)
    section = [q for q in explanation_lines(ledger) if "三公" in q.section]
    if actual is None or not section:
        return
    text_of = {q.line: q.text for q in section}
    where = section[0]
    for column, subject, counts in _ITEMS:
        spent = actual.values.get(column)
        name = _ZH[column]
        if spent is not None and spent != 0:
            stated = facts.first(subject, ("actual", "amount"))
            ledger.count(THREE_PUBLIC_NARRATIVE)
            if stated is None:
                ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                              f"三公说明未说明{name}的支出决算数（表中为 {fmt(spent)} 万元）", where,
                              table=_TP, column=column, expected=spent)
            change = facts.first(subject, ("change",))
            ledger.count(THREE_PUBLIC_NARRATIVE)
            if change is None:
                ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                              f"三公说明未说明{name}与上年相比的增减", stated or where,
                              table=_TP, column=column)
            elif not _CHANGE_REASON.search(text_of.get(int(change.line), change.text)):
                ledger.count(THREE_PUBLIC_NARRATIVE)
                ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                              f"三公说明未说明{name}增减变化的原因", change,
                              table=_TP, column=column)
            groups, persons = (facts.first(counts[0][0], (m,)) for m in ("count", "persons"))
            if len(counts) == 2 and groups is not None and persons is not None:
                ledger.count(THREE_PUBLIC_NARRATIVE)
                if groups.value > persons.value:
                    ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                                  f"{name}：{counts[0][2]} {fmt(groups.value)} 多于{counts[1][2]} "
                                  f"{fmt(persons.value)}", persons, table=_TP, column=column,
                                  expected=groups.value, actual=persons.value)
            for count_subject, measure, label in counts:
                ledger.count(THREE_PUBLIC_NARRATIVE)
                if facts.first(count_subject, (measure,)) is None:
                    ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                                  f"三公说明未列明{label}（{name} {fmt(spent)} 万元）",
                                  stated or where, table=_TP, column=column)
        else:
            for count_subject, measure, label in counts:
                if column == "vehicle_operation":
                    continue  # vehicles are held whether or not they were run this year
                count = facts.first(count_subject, (measure,))
                ledger.count(THREE_PUBLIC_NARRATIVE)
                if count is not None and count.value != 0:
                    ledger.report(THREE_PUBLIC_NARRATIVE, "warning",
                                  f"{name}决算为 {fmt(spent)}，说明却列有{label} {fmt(count.value)}",
                                  count, table=_TP, column=column, actual=count.value)


# -- C4: every 项 explained -------------------------------------------------------------------

@SUITE.step(ITEMS_EXPLAINED)
def items_explained(ledger: Ledger) -> None:
    """C4: every 项 of the general-budget table with spending is one of the budget-execution
    items the narrative explains."""
    gb = general_budget_items(ledger)
    table = ledger.d.table_info["general_budget_expenditure"]
    if not gb:
        return
    explained = {r.code for r in gb}
    spent = [rec for rec in table.records
             if len(rec.code) == 7 and (rec.values.get("total") or ZERO) != 0]
    if spent:  # one comparison per 项 with spending, counted at once
        ledger.count(ITEMS_EXPLAINED, len(spent))
    for rec in spent:
        if rec.code not in explained:
            ledger.report(ITEMS_EXPLAINED, "warning",
                          f"一般公共预算财政拨款支出 {rec.code}{rec.item} "
                          f"{fmt(rec.values['total'])} 万元未在说明中逐项说明",
                          table=table.id, code=rec.code, line=rec.source_line)


__all__ = ["SUITE", "best_order", "table_order"]
