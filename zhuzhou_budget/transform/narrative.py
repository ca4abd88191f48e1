"""Figures stated in the narrative (情况说明) as data, each tied to its section, line and sentence.

Sections are recognised by the words of their headings (never by their number), so the same
rules read any disclosure made from the template. Inside a section, every figure is attributed
to a *subject* by the words in front of it, and given a *measure* by the cue words next to it
("年初预算为", "完成预算的", "增长", "占…的"). A figure nothing attributes is kept with subject
`unattributed`, never guessed and never dropped.

Subjects (`narrative_facts.subject`)
    income_expenditure.total      收、支总计 (收入支出决算总表, 总计)
    budget_income.total, budget_expenditure.total   a budget's 收入预算 / 支出预算 (总计), and
                                  their change on the previous year (部门预算 only)
    income.total, income.<source> 收入合计 and each source (fiscal_appropriation, business, …)
    expenditure.total/basic/project/…  支出合计 and its kinds
    fiscal.total                  财政拨款收、支总计
    general_budget.total          一般公共预算财政拨款支出; .basic 基本支出
    general_budget.class.<code>   a 类 of the structure paragraph
    general_budget.item.<code>    a 项 of the budget-execution paragraphs
    personnel, public_funds       人员经费, 公用经费
    three_public.total/overseas/vehicles/vehicle_purchase/vehicle_operation/reception
    three_public.overseas.trips   团组 (count) and persons
    three_public.vehicle_purchase.vehicles   vehicles bought (辆)
    three_public.vehicles.held    公务用车保有量
    three_public.reception.visits 接待团组 (count) and 来宾 (persons)
    government_fund.income/opening_balance/expenditure/basic/project/closing_balance,
    government_fund.item.<code>
    state_capital.total
    admin_costs                   机关运行经费; admin_costs.unit.<单位名称> per-unit amounts
    meeting, training             会议费, 培训费 (with persons)
    procurement.total/goods/works/services/sme/small_micro
    assets.vehicles, assets.vehicles.<type> (law_enforcement, special_technical, leadership,
    general_official, confidential_communication, emergency, retiree_service, other, or the
    type as written), assets.[general_|special_]equipment_over_<N>wan
    performance.*, profile.*      see performance.py
    unattributed                  a figure no rule attributes

Measures (`narrative_facts.measure`)
    amount, actual, budget, budget_initial, budget_full_year, change (signed: negative for
    减少/降低), growth_rate (signed %), change_vs_budget, rate_vs_budget, share (%),
    completion_rate (%), rate (% without a cue), count, persons, score, rank, indicator
    (performance achievements), adjustment, and the derived prior_year_implied
    (= current − change) and budget_implied (= current − change_vs_budget).

`value` is the number as printed with its sign applied; `unit` as written (empty where the text
gives none); `value_wan` converts money explicitly (元 × 0.0001, 亿元 × 10000). A money figure
printed without a unit is read in the disclosure's unit (万元, as its tables declare).
`basis`: for shares, the subject the share is of (or the words of the text when they name no
known subject); for completion rates, the budget measure; for growth rates, `prior_year`.
`table`/`code`/`column`: the table cell the subject is about, where the template determines it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..extract.sentences import sentences
from ..metadata.tables import TABLES
from ..metadata.templates import BUDGET
from .budget_execution import Items, read_items
from .frames import Fact, facts_frame
from .lexicon import LEXICONS
from .paragraphs import Sections, explanation_sections, section_paragraphs
from .performance import Performance
from .scanner import Codes, Scanner


def explanation_facts(sections: Sections, tables: Mapping[str, pd.DataFrame],
                      items: Items | None = None) -> list[Fact]:
    """Facts of the 情况说明 except its performance section (see performance.py); `items`:
    read_items' result where the caller has it already."""
    # The names the items were matched with, where they are of these same tables.
    codes = items.codes if items is not None and items.codes.source is tables else Codes(tables)
    if items is None:
        items = read_items(sections, codes)
    facts, used = list(items.facts), items.used
    # The paragraphs read_items made of these same sections, not made again.
    made = items.paragraphs if items.sections is sections else {}
    # A budget's tables are of the budget kind (metadata.TABLES): its own wording is looked
    # for only there, so a final account's facts never change by it.
    budget = any(TABLES[t].document == BUDGET for t in tables if t in TABLES)
    for kind, key in explanation_sections(sections):
        if kind == "performance":
            continue
        lexicon = [t for t in LEXICONS.get(kind, []) if budget or not t.budgets_only]
        scanner = Scanner(lexicon, codes, key)
        pars = made.get(key)
        for par in section_paragraphs(sections, key) if pars is None else pars:
            if par.line in used:
                continue
            scanner.new_paragraph()
            scanner.section = par.section
            for sent in sentences(par):
                facts += scanner.scan(sent)
    return facts


def narrative_facts(sections: Sections, tables: Mapping[str, pd.DataFrame],
                    performance: Performance, items: Items | None = None) -> pd.DataFrame:
    """Every figure of the 情况说明, with the performance report's (`performance`, from
    performance.read_performance), long, in document order (schema: narrative_facts)."""
    facts = explanation_facts(sections, tables, items)
    # One frame of both, made once from their facts (facts_frame sorts by line, stably: on a
    # line the narrative's facts come before the report's), not two frames concatenated and
    # sorted (tests/test_narrative_fast_paths.py holds the two ways equal).
    return facts_frame(facts + list(performance.fact_list))
