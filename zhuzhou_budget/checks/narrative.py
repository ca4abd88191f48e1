"""The narrative against the tables and against itself in figures (N1–N7).

Reads `Disclosure.narrative_facts` (indexed once: engine/facts.py) and
`Disclosure.budget_execution`: every stated amount is compared with the table cell it is about
(judged once: engine/stated.py), every share, completion rate and growth rate is recomputed,
stated parts are added up, a figure stated twice is compared. The narrative's words (unit
slips, direction words, names) are the logic family's (logic/).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..rounding import ZERO, half_unit, narrative_amount, percent, ratio_percent, severity
from .engine.facts import (
    UNATTRIBUTED,
    Fact,
    amounts,
    either_way,
    general_budget_items,
    index,
    stated_growth,
)
from .engine.findings import fmt
from .engine.ledger import Ledger, row_key
from .engine.registry import EXACT, HEURISTIC, REGISTRY, Check, policy
from .engine.stated import MISMATCH, derived_note, stated_amounts, wrong

SUITE = REGISTRY.suite("narrative")
# Rates: a stated rate cut off instead of rounded is a warning, not an error; one computed
# from a figure already found wrong is a note naming that figure (one defect, one error).
_RATE = policy("error; warning when printed truncated; rounding inside tolerance; info when "
               "computed from a figure already found wrong", "error", "warning", "rounding",
               "info")
_FACTS = ("narrative_facts",)
NARRATIVE_VS_TABLE = SUITE.check("N1.narrative_vs_table", EXACT,
                                 "every stated amount with a table source equals that cell",
                                 zh="文字数 = 表中数", needs=_FACTS, role=MISMATCH)
SHARE = SUITE.check("N2.share", _RATE, "shares recomputed (占…的 %)", zh="占比重算",
                    needs=_FACTS)
COMPLETION_RATE = SUITE.check("N3.completion_rate", _RATE,
                              "completion rates recomputed (决算 / 年初预算, 全年预算)",
                              zh="完成率重算", needs=_FACTS)
GROWTH_RATE = SUITE.check("N4.growth_rate", _RATE,
                          "growth rates recomputed (change / (current − change)), also against "
                          "the budget", zh="增长率重算", needs=_FACTS)
PARTS = SUITE.check("N5.parts",
                    policy("error; rounding inside tolerance; info when a part was already found "
                           "wrong", "error", "rounding", "info"),
                    "stated parts add up: 三公 items, procurement kinds, 人员 + 公用, vehicles by "
                    "type; also their changes and the prior-year values they imply",
                    zh="分项之和", needs=_FACTS)
BUDGET_TOTAL = SUITE.check("N6.budget_total", HEURISTIC,
                           "the items' 年初预算 add up to the stated total", zh="年初预算合计",
                           needs=(*_FACTS, "budget_execution"))
SAME_FIGURE = SUITE.check("N7.same_figure", EXACT,
                          "a figure stated twice agrees (公务用车保有量 in 三公 and 国有资产; fund "
                          "spending and total execution in the performance section)",
                          zh="同一数字前后一致", needs=_FACTS)

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


@SUITE.step(NARRATIVE_VS_TABLE)
def amounts_vs_tables(ledger: Ledger) -> None:
    """N1: a stated amount equals the table cell it is about (unit slips: L1 reports them)."""
    stated = stated_amounts(ledger)
    if stated:  # one comparison per stated amount, counted at once (~60 a document)
        ledger.count(NARRATIVE_VS_TABLE, len(stated))
    for s in stated:
        fact, rec, table, column, cell, value = s.fact, s.rec, s.table, s.column, s.cell, s.value
        if s.slip or s.level is None:
            continue
        if cell is None:
            ledger.report(NARRATIVE_VS_TABLE, "error",
                          f"说明中 {fact.subject} {fmt(fact.value)}{fact.unit} 在 {table} 中为空",
                          fact, actual=value, table=table, code=row_key(table, rec), column=column)
            continue
        difference, tol = s.difference, s.tolerance
        ledger.report(NARRATIVE_VS_TABLE, s.level,
                      f"说明称 {fact.subject} {fmt(fact.value)}{fact.unit or '万元'}，"
                      f"表中 {table}/{row_key(table, rec)}/{column} 为 {fmt(cell)}，差额 "
                      f"{fmt(difference)}，容差 {fmt(tol)}"
                      + ("，属尾数误差" if s.level == "rounding" else ""),
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
    value = percent(num, den)
    stated = fact.value
    if any_sign:
        stated = abs(stated) if value >= 0 else -abs(stated)
    places = max(0, -stated.as_tuple().exponent)
    if stated == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        return  # the stated rate is the recomputed one, correctly rounded
    # The tolerance only for a rate that is not (most are: their terms' half units unread).
    _, spread = ratio_percent(num, den, [narrative_amount(v) for v in num_printed],
                              [narrative_amount(v) for v in den_printed])
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
        level, note = "info", derived_note(derived_from)
    ledger.report(check, level,
                  f"{what}：说明称 {fmt(stated)}%，按 {fmt(num)} / {fmt(den)} 重算为 {fmt(value)}%，"
                  f"差额 {fmt(difference)}，容差 {fmt(tol)}"
                  + ("，属尾数误差" if level == "rounding" else note),
                  fact, expected=value.quantize(Decimal("0.0001")), actual=stated,
                  difference=difference.quantize(Decimal("0.0001")),
                  tolerance=tol.quantize(Decimal("0.0001")), table=fact.table or "",
                  column=fact.column or "")


@SUITE.step(SHARE)
def shares(ledger: Ledger) -> None:
    """N2: a stated share = the subject's amount (stated in its sentence) / the basis it
    names."""
    facts, found = index(ledger), wrong(ledger)
    for fact in facts.where(("share",)):
        if fact.subject == UNATTRIBUTED:
            continue  # a figure no rule ties to a line of a table is not judged
        num = facts.in_sentence(fact.subject, ("amount", "actual"), fact, before=True)
        den = facts.first(fact.basis, ("amount", "actual"), near=fact) if fact.basis else None
        if num is None or den is None or (both := amounts(num, den)) is None:
            continue
        part, whole = both
        _judge_percent(ledger, SHARE, fact, part, whole, [num.value], [den.value],
                       f"{fact.subject} 占 {fact.basis} 的比重", derived_from=found.of(num, den))


@SUITE.step(COMPLETION_RATE)
def completion_rates(ledger: Ledger) -> None:
    """N3: a stated completion rate = actual / the budget it names, both stated with it."""
    facts, found = index(ledger), wrong(ledger)
    for fact in facts.where(("completion_rate",)):
        if fact.subject == UNATTRIBUTED:
            continue
        budget = facts.in_sentence(fact.subject, (fact.basis or "budget",), fact, before=True)
        actual = facts.in_sentence(fact.subject, ("actual", "amount"), fact, before=True)
        if budget is None or actual is None or (both := amounts(actual, budget)) is None:
            continue
        spent, planned = both
        _judge_percent(ledger, COMPLETION_RATE, fact, spent, planned,
                       [actual.value], [budget.value], f"{fact.subject} 完成预算比例",
                       derived_from=found.of(actual, budget))


@SUITE.step(GROWTH_RATE)
def growth(ledger: Ledger) -> None:
    """N4: a stated growth rate = change / (current − change), with the change stated in its
    sentence (the current value in it or the sentence before); one from a zero base is L3's."""
    found = wrong(ledger)
    for g in stated_growth(ledger):
        if g.base == 0:
            continue
        what = "同比增减率" if g.kind == "change" else "比年初预算增减率"
        _judge_percent(ledger, GROWTH_RATE, g.rate, g.delta, g.base,
                       [g.change.value], [g.current.value, g.change.value],
                       f"{g.rate.subject} {what}", derived_from=found.of(g.current, g.change),
                       any_sign=g.either)


@SUITE.step(PARTS)
def parts_add_up(ledger: Ledger) -> None:
    """N5: stated parts add up to the stated whole — amounts, budgets, year-on-year changes
    and the prior-year values they imply (the 三公 total against its items, procurement by
    kind, vehicles by type…)."""
    facts, found = index(ledger), wrong(ledger)
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
            ledger.count(PARTS)
            expected = sum(values, ZERO)
            difference = whole_value - expected
            if difference == 0:
                continue  # no finding, whatever the tolerance (not worked out)
            # A derived prior-year value carries the rounding of its two printed terms.
            weight = 2 if measures == ("prior_year_implied",) else 1
            printed = [total.value] + [i.value for i in items]
            tol = (weight * sum((half_unit(narrative_amount(v)) for v in printed), ZERO)
                   if is_money else ZERO)
            level = severity(difference, tol)
            source = found.of(total, *items) if level == "error" else ""
            if source:
                level = "info"
            if level:
                terms = "; ".join([f"{whole}={fmt(whole_value)}"] + [
                    f"{i.subject}={fmt(v)}" for i, v in zip(items, values, strict=True)])
                ledger.report(PARTS, level,
                              f"说明中 {whole}（{measures[0]}）应等于各项之和 {fmt(expected)}，实际 "
                              f"{fmt(whole_value)}，差额 {fmt(difference)}，容差 {fmt(tol)}"
                              + ("，属尾数误差" if level == "rounding" else "")
                              + (derived_note(source) if source else ""),
                              total, expected=expected, actual=whole_value, difference=difference,
                              tolerance=tol, terms=terms)


# The same figure stated in two places of the narrative (subject, subject, measures).
_SAME = [("three_public.vehicles.held", "assets.vehicles", ("count",)),
         ("government_fund.expenditure", "performance.expenditure.government_fund",
          ("amount", "actual")),
         ("income_expenditure.total", "performance.overall", ("amount", "actual"))]


@SUITE.step(SAME_FIGURE)
def same_figure(ledger: Ledger) -> None:
    """N7: a figure stated twice (公务用车保有量 in 三公 and in 国有资产, …) agrees."""
    facts = index(ledger)
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


@SUITE.step(BUDGET_TOTAL)
def budget_total(ledger: Ledger) -> None:
    """N6: the budget-execution items' 年初预算 add up to the stated total (heuristic: the
    items may not be every item)."""
    gb = general_budget_items(ledger)
    total = index(ledger).first("general_budget.total", ("budget_initial",))
    if total is None or not gb:
        return
    ledger.count(BUDGET_TOTAL)
    listed = [r.budget_initial for r in gb if r.budget_initial is not None]
    expected = sum(listed, ZERO)
    if total.value_wan - expected == 0:
        return  # no finding, whatever the tolerance (one half unit an item: not worked out)
    tol = sum((half_unit(b) for b in listed), half_unit(total.value))
    level = severity(total.value_wan - expected, tol, heuristic=True)
    if level:
        ledger.report(BUDGET_TOTAL, level,
                      f"各项年初预算之和 {fmt(expected)} 万元，与所述年初预算总数 "
                      f"{fmt(total.value)} 万元不符，差额 {fmt(total.value_wan - expected)}",
                      total, expected=expected, actual=total.value_wan,
                      difference=total.value_wan - expected, tolerance=tol)


__all__ = ["SUITE"]
