"""The narrative against the tables (N*) and against itself (L*).

Reads `Disclosure.narrative_facts` and `Disclosure.budget_execution`: every stated amount is
compared with the table cell it is about, every share, completion rate and growth rate is
recomputed, implied prior-year values are compared across sentences, and the text is read for
unit slips, direction words that contradict the numbers or the stated reasons, growth from a
zero base and names that differ from the tables'.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..extract.table_model import Record
from ..metadata.tables import GRAND_TOTAL
from ..rounding import ZERO, half_unit, narrative_amount, ratio_percent, severity
from .facts import Fact, Facts, either_way, money
from .findings import fmt
from .ledger import Ledger, row_key
from .registry import EXACT, HEURISTIC, REGISTRY, WARNING, Check, policy

NARRATIVE, LOGIC = "narrative", "logic"
SUITE = REGISTRY.suite("narrative")
# Rates: a stated rate cut off instead of rounded is a warning, not an error; one computed
# from a figure already found wrong is a note naming that figure (one defect, one error).
_RATE = policy("error; warning when printed truncated; rounding inside tolerance; info when "
               "computed from a figure already found wrong", "error", "warning", "rounding",
               "info")
NARRATIVE_VS_TABLE = SUITE.check("N1.narrative_vs_table", NARRATIVE, EXACT,
                                 "every stated amount with a table source equals that cell")
SHARE = SUITE.check("N2.share", NARRATIVE, _RATE, "shares recomputed (占…的 %)")
COMPLETION_RATE = SUITE.check("N3.completion_rate", NARRATIVE, _RATE,
                              "completion rates recomputed (决算 / 年初预算, 全年预算)")
GROWTH_RATE = SUITE.check("N4.growth_rate", NARRATIVE, _RATE,
                          "growth rates recomputed (change / (current − change)), also against "
                          "the budget")
PARTS = SUITE.check("N5.parts", NARRATIVE,
                    policy("error; rounding inside tolerance; info when a part was already found "
                           "wrong", "error", "rounding", "info"),
                    "stated parts add up: 三公 items, procurement kinds, 人员 + 公用, vehicles by "
                    "type; also their changes and the prior-year values they imply")
BUDGET_TOTAL = SUITE.check("N6.budget_total", NARRATIVE, HEURISTIC,
                           "the items' 年初预算 add up to the stated total")
SAME_FIGURE = SUITE.check("N7.same_figure", NARRATIVE, EXACT,
                          "a figure stated twice agrees (公务用车保有量 in 三公 and 国有资产; fund "
                          "spending and total execution in the performance section)")
UNIT_SLIP = SUITE.check("L1.unit_slip", LOGIC,
                        policy("error (against the table); warning (against the sentence)",
                               "error", "warning"),
                        "an amount in 元 where the table, or all its neighbours in the sentence, "
                        "are 万元")
DIRECTION = SUITE.check("L2.direction", LOGIC,
                        policy("error (against the numbers); warning (against the reasons)",
                               "error", "warning"),
                        "大于/小于 against the numbers; an increase explained by savings or a "
                        "decrease by additions")
ZERO_BASE = SUITE.check("L3.zero_base", LOGIC,
                        policy("warning; info when the zero was already found wrong", "warning",
                               "info"), "a growth rate stated from a zero base")
NAMES = SUITE.check("L4.names", LOGIC, WARNING,
                    "类/款/项 names in the narrative differ from the table's names for the code")
# Reported under completeness, but read from the budget-execution items like L2 and L4.
ITEMS_EXPLAINED = SUITE.check("C4.items_explained", "completeness", WARNING,
                              "every 项 of the general-budget table with spending is explained in "
                              "the narrative")

UNATTRIBUTED = "unattributed"  # the subject of a figure no rule attributes (transform/)
_SAVING = re.compile(r"压缩|压减|节约|节省|减少|下降|降低|缩减")
_ADDING = re.compile(r"追加|增加|新增|增长|提高|扩大")
# The parts of the 三公 total and of the vehicle subtotal, for prior-year and change sums.
_PARTS = {"three_public.total": ["three_public.overseas", "three_public.vehicles",
                                 "three_public.reception"],
          "three_public.vehicles": ["three_public.vehicle_purchase",
                                    "three_public.vehicle_operation"],
          "procurement.total": ["procurement.goods", "procurement.works",
                                "procurement.services"],
          "expenditure.total": ["expenditure.basic", "expenditure.project"],
          "general_budget.basic": ["personnel", "public_funds"],
          "assets.vehicles": ["*"]}


@SUITE.runner
def run(ledger: Ledger) -> None:
    facts = ledger.d.narrative_facts
    if facts.empty:
        return
    index = Facts(facts)
    wrong = Wrong()
    amounts_vs_tables(ledger, index, wrong)
    shares(ledger, index, wrong)
    completion_rates(ledger, index, wrong)
    growth(ledger, index, wrong)
    parts_add_up(ledger, index, wrong)
    same_figure(ledger, index)
    unit_slips(ledger, index)
    reasons_vs_direction(ledger, index)
    budget_execution(ledger, index)


def _cell(ledger: Ledger, fact: Fact) -> tuple[Record, str, str] | None:
    """(record, table id, column) of the table cell a narrative fact is about."""
    t = ledger.d.table_info.get(fact.table or "")
    if t is None:
        return None
    column = fact.column or "amount"
    if t.spec.kind == "summary":  # 收、支总计: the grand total line of the income side
        rec = next((r for r in t.records if r.side == "income"
                    and re.match(GRAND_TOTAL, re.sub(r"\s", "", r.item))), None)
        return (rec, t.id, "amount") if rec else None
    if t.spec.kind == "three_public":
        level = "budget" if fact.measure == "budget" else "actual"
        rec = next((r for r in t.records if r.level == level), None)
        return (rec, t.id, column) if rec else None
    if t.spec.kind == "economic" and not fact.code:
        label = {"personnel": "人员经费合计", "public_funds": "公用经费合计"}.get(fact.subject)
        rec = next((r for r in t.records if r.item == label), None)
        return (rec, t.id, "amount") if rec else None
    code = fact.code or ""
    rec = next((r for r in t.records if (r.code == code if code else r.level == "total")), None)
    return (rec, t.id, column) if rec else None


class Wrong:
    """The stated figures already found wrong against their table cell (N1, or a unit slip
    L1 will report): a figure computed from one of them is not a second error."""

    def __init__(self) -> None:
        self._by_place: dict[tuple[str, str, int], str] = {}

    def add(self, fact: Fact, check: Check) -> None:
        for measure in (fact.measure, "*"):
            self._by_place.setdefault((str(fact.subject), measure, int(fact.line)),
                                      f"{fact.subject} {fmt(fact.value)}{fact.unit}（{check.id}，"
                                      f"第 {fact.line} 行）")

    def of(self, *terms: Fact | None) -> str:
        """The first wrong figure among the terms (a derived prior-year value is wrong when
        a figure of its subject on its line is), or ""."""
        for t in terms:
            if t is None:
                continue
            measure = "*" if t.derived else t.measure
            if found := self._by_place.get((str(t.subject), measure, int(t.line))):
                return found
        return ""


def _derived_note(source: str) -> str:
    return f"（由已报错的 {source} 推算，不另计为错误）"


# -- N: narrative against tables --------------------------------------------------------------

def amounts_vs_tables(ledger: Ledger, facts: Facts, wrong: Wrong) -> None:
    """N1: a stated amount equals the table cell it is about (unit slips: see L1)."""
    for fact in facts.where(("amount", "actual", "budget")):
        if not fact.table:
            continue
        if fact.measure == "budget" and fact.table != "three_public":
            continue
        found = _cell(ledger, fact)
        value = money(fact)
        if found is None or value is None:
            continue
        rec, table, column = found
        cell = rec.values.get(column)
        ledger.count(NARRATIVE_VS_TABLE)
        if fact.unit == "元" and cell is not None and fact.value == cell:
            wrong.add(fact, UNIT_SLIP)
            continue  # a unit slip: reported once, by L1
        if cell is None:
            if value != 0:
                wrong.add(fact, NARRATIVE_VS_TABLE)
                ledger.report(NARRATIVE_VS_TABLE, "error",
                              f"说明中 {fact.subject} {fmt(fact.value)}{fact.unit} 在 {table} 中为空",
                              fact, actual=value, table=table, code=row_key(table, rec), column=column)
            continue
        difference = value - cell
        tol = half_unit(narrative_amount(fact.value) if fact.unit != "元" else None) + half_unit(cell)
        level = severity(difference, tol)
        if level == "error":
            wrong.add(fact, NARRATIVE_VS_TABLE)
        if level:
            ledger.report(NARRATIVE_VS_TABLE, level,
                          f"说明称 {fact.subject} {fmt(fact.value)}{fact.unit or '万元'}，"
                          f"表中 {table}/{row_key(table, rec)}/{column} 为 {fmt(cell)}，差额 "
                          f"{fmt(difference)}，容差 {fmt(tol)}"
                          + ("，属尾数误差" if level == "rounding" else ""),
                          fact, expected=cell, actual=value, difference=difference, tolerance=tol,
                          table=table, code=row_key(table, rec), column=column,
                          terms=f"{table}/{row_key(table, rec)}/{column}={fmt(cell)}")


def _judge_percent(ledger: Ledger, check: Check, fact: Fact, num: Decimal, den: Decimal,
                   num_printed: list, den_printed: list, what: str, *, heuristic=False,
                   derived_from: str = "", any_sign: bool = False) -> None:
    """A stated rate against num / den. `derived_from`: a term already found wrong (the
    finding is then a note naming it); `any_sign`: the sentence's direction words contradict
    each other (a template leftover, C7), so only the rate's size is judged."""
    ledger.count(check)
    if den == 0:
        return
    value, spread = ratio_percent(num, den, [narrative_amount(v) for v in num_printed],
                                  [narrative_amount(v) for v in den_printed])
    stated = fact.value
    if any_sign:
        stated = abs(stated) if value >= 0 else -abs(stated)
    places = max(0, -stated.as_tuple().exponent)
    if stated == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        return  # the stated rate is the recomputed one, correctly rounded
    tol = half_unit(stated) + spread
    difference = stated - value
    level = severity(difference.quantize(Decimal("0.000001")), tol, heuristic=heuristic)
    if level is None:
        return
    truncated = (abs(value) * 10**places // 1) / Decimal(10**places)
    note = ""
    if level == "error" and abs(stated) == truncated:
        level, note = "warning", "（按截尾而非四舍五入列示）"
    if level in ("error", "warning") and derived_from:
        level, note = "info", _derived_note(derived_from)
    ledger.report(check, level,
                  f"{what}：说明称 {fmt(stated)}%，按 {fmt(num)} / {fmt(den)} 重算为 {fmt(value)}%，"
                  f"差额 {fmt(difference)}，容差 {fmt(tol)}"
                  + ("，属尾数误差" if level == "rounding" else note),
                  fact, expected=value.quantize(Decimal("0.0001")), actual=stated,
                  difference=difference.quantize(Decimal("0.0001")),
                  tolerance=tol.quantize(Decimal("0.0001")), table=fact.table or "",
                  column=fact.column or "")


def shares(ledger: Ledger, facts: Facts, wrong: Wrong) -> None:
    """N2: a stated share = the subject's amount (stated in its sentence) / the basis it
    names."""
    for fact in facts.where(("share",)):
        if fact.subject == UNATTRIBUTED:
            continue  # a figure no rule ties to a line of a table is not judged
        num = facts.in_sentence(fact.subject, ("amount", "actual"), fact, before=True)
        den = facts.first(fact.basis, ("amount", "actual"), near=fact) if fact.basis else None
        if num is None or den is None:
            continue
        part, whole = money(num), money(den)
        if part is None or whole is None:
            continue
        _judge_percent(ledger, SHARE, fact, part, whole, [num.value], [den.value],
                       f"{fact.subject} 占 {fact.basis} 的比重", derived_from=wrong.of(num, den))


def completion_rates(ledger: Ledger, facts: Facts, wrong: Wrong) -> None:
    """N3: a stated completion rate = actual / the budget it names, both stated with it."""
    for fact in facts.where(("completion_rate",)):
        if fact.subject == UNATTRIBUTED:
            continue
        budget = facts.in_sentence(fact.subject, (fact.basis or "budget",), fact, before=True)
        actual = facts.in_sentence(fact.subject, ("actual", "amount"), fact, before=True)
        if budget is None or actual is None:
            continue
        spent, planned = money(actual), money(budget)
        if spent is None or planned is None:
            continue
        _judge_percent(ledger, COMPLETION_RATE, fact, spent, planned,
                       [actual.value], [budget.value], f"{fact.subject} 完成预算比例",
                       derived_from=wrong.of(actual, budget))


def growth(ledger: Ledger, facts: Facts, wrong: Wrong) -> None:
    """N4: a stated growth rate = change / (current − change), with the change stated in its
    sentence (the current value in it or the sentence before); L3: no rate from a zero base."""
    for fact in facts.where(("growth_rate", "rate_vs_budget")):
        if fact.subject == UNATTRIBUTED:
            continue
        kind = "change" if fact.measure == "growth_rate" else "change_vs_budget"
        change = facts.in_sentence(fact.subject, (kind,), fact)
        current = facts.in_sentence(fact.subject, ("actual", "amount"), fact, before=True)
        if change is None or current is None:
            continue
        now, delta = money(current), money(change)
        if now is None or delta is None:
            continue
        either = either_way(fact) or either_way(change)
        if either:  # the change's sign is unknown too: take the reading that fits the size
            delta = min((delta, -delta), key=lambda d: _misfit(d, now, fact.value))
        base = now - delta
        what = "同比增减率" if kind == "change" else "比年初预算增减率"
        source = wrong.of(current, change)
        if base == 0:
            ledger.count(ZERO_BASE)
            ledger.report(ZERO_BASE, "info" if source else "warning",
                          f"{fact.subject} {what} {fmt(fact.value)}% 以零为基数：上年（或预算）为 0，"
                          "增长率无意义" + (_derived_note(source) if source else ""), fact,
                          actual=fact.value)
            continue
        _judge_percent(ledger, GROWTH_RATE, fact, delta, base,
                       [change.value], [current.value, change.value],
                       f"{fact.subject} {what}", derived_from=source, any_sign=either)


def _misfit(delta: Decimal, now: Decimal, stated: Decimal) -> Decimal:
    base = now - delta
    return abs(abs(stated) - abs(delta / base * 100)) if base else Decimal("Infinity")


def parts_add_up(ledger: Ledger, facts: Facts, wrong: Wrong) -> None:
    """N5: stated parts add up to the stated whole — amounts, budgets, year-on-year changes
    and the prior-year values they imply (the 三公 total against its items, procurement by
    kind, vehicles by type…)."""
    for whole, parts in _PARTS.items():
        for measures in (("actual", "amount"), ("budget",), ("change",),
                         ("prior_year_implied",), ("count",)):
            derived = None if measures == ("prior_year_implied",) else False
            total = facts.first(whole, measures, derived=derived)
            if total is None:
                continue
            if parts == ["*"]:  # every sub-subject: assets.vehicles.<type>
                items = [r for r in facts.where(measures, derived)
                         if r.subject.startswith(whole + ".")]
            else:
                items = [facts.first(p, measures, derived=derived) for p in parts]
            if not items or any(i is None for i in items):
                continue
            if measures in (("change",), ("prior_year_implied",)) and any(
                    either_way(i) for i in (total, *items)):
                continue  # a change of unknown sign (增加（减少）): the leftover is the finding
            is_money = measures != ("count",)
            values = [i.value_wan if is_money else i.value for i in items]
            whole_value = total.value_wan if is_money else total.value
            if whole_value is None or any(v is None for v in values):
                continue
            # A derived prior-year value carries the rounding of its two printed terms.
            weight = 2 if measures == ("prior_year_implied",) else 1
            printed = [total.value] + [i.value for i in items]
            tol = (weight * sum((half_unit(narrative_amount(v)) for v in printed), ZERO)
                   if is_money else ZERO)
            ledger.count(PARTS)
            expected = sum(values, ZERO)
            difference = whole_value - expected
            level = severity(difference, tol)
            source = wrong.of(total, *items) if level == "error" else ""
            if source:
                level = "info"
            if level:
                terms = "; ".join([f"{whole}={fmt(whole_value)}"] + [
                    f"{i.subject}={fmt(v)}" for i, v in zip(items, values, strict=True)])
                ledger.report(PARTS, level,
                              f"说明中 {whole}（{measures[0]}）应等于各项之和 {fmt(expected)}，实际 "
                              f"{fmt(whole_value)}，差额 {fmt(difference)}，容差 {fmt(tol)}"
                              + ("，属尾数误差" if level == "rounding" else "")
                              + (_derived_note(source) if source else ""),
                              total, expected=expected, actual=whole_value, difference=difference,
                              tolerance=tol, terms=terms)


# The same figure stated in two places of the narrative (subject, subject, measures).
_SAME = [("three_public.vehicles.held", "assets.vehicles", ("count",)),
         ("government_fund.expenditure", "performance.expenditure.government_fund",
          ("amount", "actual")),
         ("income_expenditure.total", "performance.overall", ("amount", "actual"))]


def same_figure(ledger: Ledger, facts: Facts) -> None:
    """N7: a figure stated twice (公务用车保有量 in 三公 and in 国有资产, …) agrees."""
    for a_subject, b_subject, measures in _SAME:
        a, b = facts.first(a_subject, measures), facts.first(b_subject, measures)
        if a is None or b is None:
            continue
        ledger.count(SAME_FIGURE)
        is_money = measures != ("count",)
        va, vb = (a.value_wan, b.value_wan) if is_money else (a.value, b.value)
        if va is None or vb is None:
            continue
        tol = (half_unit(narrative_amount(a.value)) + half_unit(narrative_amount(b.value))
               if is_money else ZERO)
        level = severity(vb - va, tol)
        if level:
            ledger.report(SAME_FIGURE, level,
                          f"同一数字前后不一：{a_subject} 为 {fmt(va)}（第 {a.line} 行），"
                          f"{b_subject} 为 {fmt(vb)}", b, expected=va, actual=vb,
                          difference=vb - va, tolerance=tol)


# -- L: the narrative's own logic -----------------------------------------------------------

def unit_slips(ledger: Ledger, facts: Facts) -> None:
    """L1: an amount in 元 where the table, or every neighbour in the sentence, is in 万元."""
    units_of: dict[object, list[str]] = {}  # sentence → the units of its facts, built once
    for r in facts.rows:
        units_of.setdefault(r.text, []).append(r.unit)
    for fact in (r for r in facts.rows if r.unit == "元"):
        ledger.count(UNIT_SLIP)
        found = _cell(ledger, fact) if fact.table else None
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


def reasons_vs_direction(ledger: Ledger, facts: Facts) -> None:
    """L2: an increase explained by savings or compression, or a decrease by additions."""
    for fact in facts.where(("change", "change_vs_budget")):
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


def budget_execution(ledger: Ledger, facts: Facts) -> None:
    """Budget-execution items: direction words (L2), names (L4), the stated total (N6) and
    whether every 项 of the general-budget table is explained (C4)."""
    be = ledger.d.budget_execution
    if be.empty:
        return
    items: list[Any] = list(be.itertuples())  # rows: section, line and text are the evidence
    for item in items:
        ledger.count(DIRECTION)  # the direction word of every item
        ledger.count(NAMES)  # and its 类/款/项 names
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
    gb = be[be.fund == "general_budget"]
    total = facts.first("general_budget.total", ("budget_initial",))
    if total is not None and len(gb):
        ledger.count(BUDGET_TOTAL)
        listed = [b for b in gb.budget_initial if b is not None]
        expected = sum(listed, ZERO)
        tol = sum((half_unit(b) for b in listed), half_unit(total.value))
        level = severity(total.value_wan - expected, tol, heuristic=True)
        if level:
            ledger.report(BUDGET_TOTAL, level,
                          f"各项年初预算之和 {fmt(expected)} 万元，与所述年初预算总数 "
                          f"{fmt(total.value)} 万元不符，差额 {fmt(total.value_wan - expected)}",
                          total, expected=expected, actual=total.value_wan,
                          difference=total.value_wan - expected, tolerance=tol)
    table = ledger.d.table_info.get("general_budget_expenditure")
    if table is not None and len(gb):
        explained = set(gb.code)
        for rec in table.records:
            if len(rec.code) == 7 and (rec.values.get("total") or ZERO) != 0:
                ledger.count(ITEMS_EXPLAINED)
                if rec.code not in explained:
                    ledger.report(ITEMS_EXPLAINED, "warning",
                                  f"一般公共预算财政拨款支出 {rec.code}{rec.item} "
                                  f"{fmt(rec.values['total'])} 万元未在说明中逐项说明",
                                  table=table.id, code=rec.code, line=rec.source_line)


