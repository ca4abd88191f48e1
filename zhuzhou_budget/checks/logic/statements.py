"""The narrative's words against its figures and the tables (L1–L6): unit slips, direction
words against the numbers and the stated reasons, growth from a zero base, 类/款/项 names,
the 三公 说明's 大于/小于 and 持平, and "无…" statements against printed amounts.

Reads `d.narrative_facts` (indexed once), `d.budget_execution`, the 情况说明's lines and the
三公, fund and state-capital tables.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ...extract.sentences import fold
from ...extract.table_model import Record, Table
from ...metadata.tables import column_zh
from ...rounding import ZERO
from ..engine.facts import Facts, budget_items, either_way, index, stated_growth
from ..engine.findings import fmt
from ..engine.ledger import Ledger, row_key
from ..engine.registry import WARNING, policy
from ..engine.stated import UNIT_SLIP as SLIP_ROLE
from ..engine.stated import derived_note, fact_cell, wrong
from ..engine.text import THREE_PUBLIC as _TP
from ..engine.text import THREE_PUBLIC_ZH as _ZH
from ..engine.text import Quote, explanation_lines
from .suite import SUITE

_FACTS = ("narrative_facts",)
_ITEMS = ("narrative_facts", "budget_execution")
UNIT_SLIP = SUITE.check("L1.unit_slip",
                        policy("error (against the table); warning (against the sentence)",
                               "error", "warning"),
                        "an amount in 元 where the table, or all its neighbours in the sentence, "
                        "are 万元", zh="单位误写", needs=_FACTS, role=SLIP_ROLE)
DIRECTION = SUITE.check("L2.direction",
                        policy("error (against the numbers); warning (against the reasons)",
                               "error", "warning"),
                        "大于/小于 against the numbers; an increase explained by savings or a "
                        "decrease by additions", zh="增减方向与原因", needs=_FACTS)
ZERO_BASE = SUITE.check("L3.zero_base",
                        policy("warning; info when the zero was already found wrong", "warning",
                               "info"), "a growth rate stated from a zero base",
                        zh="零基数增长率", needs=_FACTS)
NAMES = SUITE.check("L4.names", WARNING,
                    "类/款/项 names in the narrative differ from the table's names for the code",
                    zh="科目名称", needs=_ITEMS)
DIRECTION_WORDS = SUITE.check(
    "L5.direction_words", policy("error", "error"),
    "the 三公 说明's 决算数大于/小于/等于预算数 against the 三公 table, and 大于/小于上年数 or 持平 "
    "against the change it states", zh="三公增减用词", needs=(_TP,))
NONE_STATED = SUITE.check(
    "L6.none_stated", policy("error", "error"),
    "\"无“三公”经费支出\", \"无政府性基金/国有资本经营预算财政拨款收入和支出\" and a table's "
    "\"本表无数据\" where the table prints an amount (the reverse, an amount stated where the "
    "table is blank or 0, is N1)", zh="称无而表中有数")

_SAVING = re.compile(r"压缩|压减|节约|节省|减少|下降|降低|缩减")
_ADDING = re.compile(r"追加|增加|新增|增长|提高|扩大")


# -- L1: unit slips ----------------------------------------------------------------------------

@SUITE.step(UNIT_SLIP)
def unit_slips(ledger: Ledger) -> None:
    """L1: an amount in 元 where the table, or every neighbour in the sentence, is in 万元."""
    facts = index(ledger)
    in_yuan = [r for r in facts.rows if r.unit == "元"]
    if not in_yuan:
        return  # most documents state no amount in 元: no sentence's units to gather
    units_of: dict[object, list[str]] = {}  # sentence → the units of its facts, built once
    for r in facts.rows:
        units_of.setdefault(r.text, []).append(r.unit)
    for fact in in_yuan:
        ledger.count(UNIT_SLIP)
        found = fact_cell(ledger, fact) if fact.table else None
        if found is not None:
            rec, table, column = found
            cell = rec.values.get(column)
            if cell is not None and cell == fact.value:
                ledger.report(UNIT_SLIP, "error",
                              f"单位错误：说明写作 {fmt(fact.value)} 元，表中 {table}/"
                              f"{row_key(table, rec)} 为 {fmt(cell)} 万元", fact,
                              expected=cell, actual=fact.value_wan,
                              difference=fact.value_wan - cell, table=table,
                              code=row_key(table, rec), column=column)
                continue
        units = units_of[fact.text]
        if units.count("万元") >= 2 and units.count("元") == 1:
            ledger.report(UNIT_SLIP, "warning",
                          f"疑似单位错误：{fact.subject} 写作 {fmt(fact.value)} 元，同句其余金额均为万元"
                          f"（按万元应为 {fmt(fact.value)} 万元）", fact, actual=fact.value)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.lru_cache(maxsize=512)
def _clauses_by_number(text: str) -> dict[str, str]:
    """Each number of a sentence → the first clause (between ；) that states it. Built once per
    sentence, so that finding the clause of each of k figures costs O(n + k), not O(n·k)."""
    index: dict[str, str] = {}
    for clause in re.split(r"[；;]", text):
        for number in _NUMBER.findall(clause.replace(",", "")):
            index.setdefault(number, clause)
    return index


def _clause(text: str, value: Decimal) -> str:
    """The clause (between ；) that states a number."""
    return _clauses_by_number(text).get(format(abs(value), "f"), text)


@functools.lru_cache(maxsize=2048)
def _reason(clause: str) -> str | None:
    m = re.search(r"(主要)?原因(是|为)[:：]?(.*)", clause)
    return m.group(3) if m else None


@SUITE.step(DIRECTION)
def reasons_vs_direction(ledger: Ledger) -> None:
    """L2: an increase explained by savings or compression, or a decrease by additions."""
    for fact in index(ledger).where(("change", "change_vs_budget")):
        if either_way(fact):
            continue  # its direction is the template's leftover (C7), not a statement
        ledger.count(DIRECTION)
        reason = _reason(_clause(fact.text, fact.value))
        if reason is None:
            continue
        against = "上年" if fact.measure == "change" else "年初预算"
        if fact.value > 0 and _SAVING.search(reason) and not _ADDING.search(reason):
            ledger.report(DIRECTION, "warning",
                          f"增减方向与原因矛盾：{fact.subject} 比{against}增加 {fmt(fact.value)}"
                          f"{fact.unit}，所述原因却是“{reason.strip('。')}”", fact, actual=fact.value)
        elif fact.value < 0 and _ADDING.search(reason) and not _SAVING.search(reason):
            ledger.report(DIRECTION, "warning",
                          f"增减方向与原因矛盾：{fact.subject} 比{against}减少 {fmt(-fact.value)}"
                          f"{fact.unit}，所述原因却是“{reason.strip('。')}”", fact, actual=fact.value)


# -- L3: growth from a zero base ---------------------------------------------------------------

@SUITE.step(ZERO_BASE)
def zero_base(ledger: Ledger) -> None:
    """L3: a growth rate stated where the prior year (or the budget) is 0 — meaningless; a
    note when the zero comes from a figure already found wrong."""
    found = wrong(ledger)
    for g in stated_growth(ledger):
        if g.base != 0:
            continue
        what = "同比增减率" if g.kind == "change" else "比年初预算增减率"
        source = found.of(g.current, g.change)
        ledger.count(ZERO_BASE)
        ledger.report(ZERO_BASE, "info" if source else "warning",
                      f"{g.rate.subject} {what} {fmt(g.rate.value)}% 以零为基数：上年（或预算）为 0，"
                      "增长率无意义" + (derived_note(source) if source else ""), g.rate,
                      actual=g.rate.value)


# -- L2, L4: the budget-execution items --------------------------------------------------------

@SUITE.step(DIRECTION, NAMES, needs=("budget_execution",))
def budget_execution(ledger: Ledger) -> None:
    """Budget-execution items: their direction words against their figures (L2) and their
    类/款/项 names against the table's (L4)."""
    items = budget_items(ledger)
    if items:  # counted at once: the direction word of every item, and its 类/款/项 names
        ledger.count(DIRECTION, len(items))
        ledger.count(NAMES, len(items))
    for item in items:  # rows carry section, line, text
        ref = item  # carries section, line and text
        budget, stated = item.budget_initial, item.stated_actual
        if budget is not None and stated is not None and item.direction:
            if stated > budget:
                ok = item.direction in ("大于", "超过", "高于")
            elif stated < budget:
                ok = item.direction in ("小于", "低于")
            else:
                ok = item.direction in ("等于", "一致", "持平")
            if not ok:
                ledger.report(DIRECTION, "error",
                              f"第{item.no}项 {item.item_name}：决算 {fmt(stated)} 万元、年初预算 "
                              f"{fmt(budget)} 万元，说明却称“决算数{item.direction}年初预算数”", ref,
                              table="general_budget_expenditure", code=item.code)
        if item.name_mismatch:
            levels = {"类": ("class_name", "table_class_name"), "款": ("kuan_name",
                                                                   "table_kuan_name"),
                      "项": ("item_name", "table_item_name")}
            for rank in str(item.name_mismatch).split(","):
                if names := levels.get(rank.strip()):
                    a, b = names
                    ledger.report(NAMES, "warning",
                                  f"第{item.no}项 {item.code} 的{rank}名称与表不一致：说明为"
                                  f"“{getattr(item, a)}”，表中为“{getattr(item, b)}”", ref,
                                  table="general_budget_expenditure", code=item.code[:5]
                                  if rank.strip() == "款" else item.code)


# -- L5: direction words ------------------------------------------------------------------------

_ITEM_WORDS = re.compile(
    r"(?P<total>三公[”\"]?经费)|(?P<overseas>因公出国)|(?P<vehicles>公务用车购置(?:费)?及运行)"
    r"|(?P<vehicle_purchase>公务用车购置)|(?P<vehicle_operation>公务用车运行)"
    r"|(?P<reception>公务接待)")
_VS_BUDGET = re.compile(r"决算数?(?P<word>大于|小于|高于|低于|超过|等于)(?:年初|全年)?预算"
                        r"|决算数?与(?:年初|全年)?预算数?(?P<same>一致|相等)")
_VS_PRIOR = re.compile(r"(?:决算数?(?P<word>大于|小于|高于|低于|等于)上年(?:决算)?数?"
                       r"|(?:与|比)(?:上年|\d{4}\s*年度?)(?:相比)?(?:基本)?(?P<flat>持平))")
_UP, _DOWN = ("大于", "高于", "超过"), ("小于", "低于")


@SUITE.step(DIRECTION_WORDS)
def direction_words(ledger: Ledger) -> None:
    """L5: in the 三公 说明, 决算数大于/小于/等于预算数 against the 三公 table's budget and
    actual of the item it is about (the last item named before it), and 大于/小于上年数 or
    持平 against the change the narrative states for that item."""
    t = ledger.d.table_info[_TP]
    facts, lines = index(ledger), explanation_lines(ledger)
    rows = {r.level: r for r in t.records}
    budget_row, actual_row = rows.get("budget"), rows.get("actual")
    section, carried = "", "total"
    for quote in (q for q in lines if "三公" in q.section):
        if quote.section != section:
            section, carried = quote.section, "total"
        text = fold(quote.text)
        names = [(-1, carried)] + [(m.start(), m.lastgroup or "total")
                                   for m in _ITEM_WORDS.finditer(text)]
        carried = names[-1][1]  # a paragraph wrapped over lines goes on about the same item
        for pattern, against in ((_VS_BUDGET, "budget"), (_VS_PRIOR, "prior")):
            for m in pattern.finditer(text):
                column = next(c for at, c in reversed(names) if at < m.start())
                word = m.group("word") or m.groupdict().get("flat") or m.groupdict().get(
                    "same") or ""
                if against == "budget":
                    _vs_budget(ledger, quote, column, word, budget_row, actual_row, t)
                else:
                    _vs_prior(ledger, quote, column, word, facts)


def _sign_word(word: str) -> int:
    return 1 if word in _UP else -1 if word in _DOWN else 0  # 等于, 一致, 相等, 持平


def _vs_budget(ledger: Ledger, quote: Quote, column: str, word: str, budget_row: Record | None,
               actual_row: Record | None, t: Table) -> None:
    if budget_row is None or actual_row is None:
        return
    budget, actual = budget_row.values.get(column), actual_row.values.get(column)
    if budget is None and actual is None:
        return
    ledger.count(DIRECTION_WORDS)
    b, a = budget or ZERO, actual or ZERO
    truth = (a > b) - (a < b)
    if _sign_word(word) != truth:
        relation = "大于" if truth > 0 else "小于" if truth < 0 else "等于"
        ledger.report(DIRECTION_WORDS, "error",
                      f"说明称{_ZH[column]}决算数{word}预算数，表中决算 {fmt(actual)}、预算 "
                      f"{fmt(budget)}（决算{relation}预算）", quote, table=t.id, column=column,
                      expected=b, actual=a, difference=a - b)


def _vs_prior(ledger: Ledger, quote: Quote, column: str, word: str, facts: Facts) -> None:
    change = facts.first(f"three_public.{column}" if column != "total" else "three_public.total",
                         ("change",))
    if change is None or change.value_wan is None or either_way(change):
        return  # no change stated, or one of unknown sign (增加（减少）: C7's finding)
    ledger.count(DIRECTION_WORDS)
    delta: Decimal = change.value_wan
    truth = (delta > 0) - (delta < 0)
    if _sign_word(word) != truth:
        ledger.report(DIRECTION_WORDS, "error",
                      f"说明称{_ZH[column]}决算数{'与上年' if word == '持平' else ''}{word}"
                      f"{'' if word == '持平' else '上年数'}，所述与上年相比的变化却是 "
                      f"{fmt(delta)} 万元（第 {change.line} 行）", quote, table=_TP,
                      column=column, expected=ZERO, actual=delta)


# -- L6: "无…" against printed amounts ---------------------------------------------------------

_NONE = (
    (re.compile(r"无[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出|开支)"), _TP, "actual",
     ("total",)),
    (re.compile(r"无政府性基金预算(?:财政拨款)?(?:收入)?(?:和|及|、)?(?:支出)?"), "government_fund",
     "total", ("income", "total")),
    (re.compile(r"无国有资本经营预算(?:财政拨款)?(?:收入)?(?:和|及|、)?(?:支出)?"), "state_capital",
     "total", ("income", "total")),
    (re.compile(r"无因公出国[(（]境[)）](?:费|团组|支出)"), _TP, "actual", ("overseas",)),
    (re.compile(r"无公务用车购置(?:费|支出)"), _TP, "actual", ("vehicle_purchase",)),
    (re.compile(r"无公务接待(?:费|支出)"), _TP, "actual", ("reception",)),
)
_NONE_WORD = "无"
_EARLIER = re.compile(r"(?:上年|去年|以前年度|上一年)[^，,。；;]{0,6}$")


@SUITE.step(NONE_STATED)
def none_stated(ledger: Ledger) -> None:
    """L6: the narrative says 无 (no 三公, no fund money) or a table says 本表无数据, where the
    table prints an amount other than 0."""
    tables = ledger.d.table_info
    for quote in explanation_lines(ledger):
        if _NONE_WORD not in quote.text:
            continue  # every _NONE pattern opens with 无: a line without it matches none
        for pattern, tid, level, columns in _NONE:
            for m in pattern.finditer(quote.text):
                if _EARLIER.search(quote.text[:m.start()]) or tid not in tables:
                    continue
                _none_vs_table(ledger, tables[tid], level, columns, quote, m.group())
    for t in tables.values():
        if t.explanation and "无数据" in t.explanation:
            level = "actual" if t.id == _TP else "total"
            _none_vs_table(ledger, t, level, tuple(t.column_ids), Quote(
                "", t.title_line, t.explanation), "本表无数据")


def _none_vs_table(ledger: Ledger, t: Table, level: str, columns: tuple[str, ...], quote: Quote,
                   said: str) -> None:
    row = next((r for r in t.records if r.level == level), None)
    if row is None:
        return
    ledger.count(NONE_STATED)
    printed = [(c, v) for c in columns if (v := row.values.get(c)) is not None and v != 0]
    if printed:
        column, value = printed[0]
        ledger.report(NONE_STATED, "error",
                      f"说明称“{said}”，但{t.spec.zh}{'决算数' if t.id == _TP else '合计'}"
                      f"{column_zh(t.id, column)} 为 {fmt(value)} 万元", quote, table=t.id,
                      column=column, expected=ZERO, actual=value)


__all__ = ["SUITE"]
