"""What the narrative states in words, against the tables: the 三公 section's completeness
(C6), its direction words (L5), and "无…" statements against printed amounts (L6).

Reads `d.sections` (the lines of the 情况说明), `d.narrative_facts` and the 三公, fund and
state-capital tables. Each line is scanned once; facts are looked up in an index.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..extract.sentences import fold
from ..extract.table_model import Record, Table
from ..metadata.tables import column_zh
from ..rounding import ZERO
from .facts import Facts, either_way
from .findings import fmt
from .form import EXPLANATION_PART, Quote
from .ledger import Ledger
from .registry import REGISTRY, WARNING, policy

SUITE = REGISTRY.suite("statements")
THREE_PUBLIC_NARRATIVE = SUITE.check(
    "C6.three_public_narrative", "completeness", WARNING,
    "the 三公 说明 states, for each of 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待 "
    "with spending, its amount, its change with a reason and the counts the template asks for "
    "(团组/人次, 辆, 保有量, 批次/人次), never fewer persons than groups; no counts for an "
    "expense of 0")
DIRECTION_WORDS = SUITE.check(
    "L5.direction_words", "logic", policy("error", "error"),
    "the 三公 说明's 决算数大于/小于/等于预算数 against the 三公 table, and 大于/小于上年数 or 持平 "
    "against the change it states")
NONE_STATED = SUITE.check(
    "L6.none_stated", "logic", policy("error", "error"),
    "\"无“三公”经费支出\", \"无政府性基金/国有资本经营预算财政拨款收入和支出\" and a table's "
    "\"本表无数据\" where the table prints an amount (the reverse, an amount stated where the "
    "table is blank or 0, is N1)")

_TP = "three_public"
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
_ZH = {"total": "“三公”经费", "overseas": "因公出国（境）费", "vehicles": "公务用车购置及运行维护费",
       "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费",
       "reception": "公务接待费"}


@SUITE.runner
def run(ledger: Ledger) -> None:
    facts = Facts(ledger.d.narrative_facts)
    lines = _explanation_lines(ledger)
    three_public_narrative(ledger, facts, lines)
    direction_words(ledger, facts, lines)
    none_stated(ledger, lines)


def _explanation_lines(ledger: Ledger) -> list[Quote]:
    return [Quote(sec.key, no, text) for sec in ledger.d.sections.values()
            if EXPLANATION_PART in sec.part and sec.level for no, text in sec.lines]


def _actual(ledger: Ledger) -> Record | None:
    t = ledger.d.table_info.get(_TP)
    return next((r for r in t.records if r.level == "actual"), None) if t else None


# -- C6: the 三公 说明 is complete ----------------------------------------------------------------

def three_public_narrative(ledger: Ledger, facts: Facts, lines: list[Quote]) -> None:
    """C6: amount, change, reason and counts of each 三公 item that was spent; no counts for
    an item that was not."""
    actual = _actual(ledger)
    section = [q for q in lines if "三公" in q.section]
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


def direction_words(ledger: Ledger, facts: Facts, lines: list[Quote]) -> None:
    """L5: in the 三公 说明, 决算数大于/小于/等于预算数 against the 三公 table's budget and
    actual of the item it is about (the last item named before it), and 大于/小于上年数 or
    持平 against the change the narrative states for that item."""
    t = ledger.d.table_info.get(_TP)
    if t is None:
        return
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
_EARLIER = re.compile(r"(?:上年|去年|以前年度|上一年)[^，,。；;]{0,6}$")


def none_stated(ledger: Ledger, lines: list[Quote]) -> None:
    """L6: the narrative says 无 (no 三公, no fund money) or a table says 本表无数据, where the
    table prints an amount other than 0."""
    tables = ledger.d.table_info
    for quote in lines:
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


__all__ = ["run"]
