"""Every registered check on a fixture that makes it fire and a correct variant that keeps it
silent: small edits of the Zhuzhou 2024 text (`zz`) or of the Shanghai Putuo tab-separated text
(`pt`), each with the exact finding it gives (severity, expected, actual and a words of its
message). Used by tests/test_reconcile_fixtures.py.

An edit is (old, new): `old` must occur in the document exactly once (or `n` times, given as a
third element), so that a change of the fixture text is noticed, not silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Edit = tuple  # (old, new) or (old, new, n)

D = Decimal


@dataclass(frozen=True)
class Case:
    check: str
    doc: str  # "zz" (Zhuzhou 2024 text) or "pt" (Putuo tab text)
    fire: tuple[Edit, ...]  # edits that make the check fire
    severity: str
    expected: Decimal | None
    actual: Decimal | None
    words: str  # words of the message of the expected finding
    silent: tuple[Edit, ...] = ()  # edits of the correct variant (from the same document)
    name: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.check}{'-' + self.name if self.name else ''}"


_SW = "按要求压缩了 2024 年机关运行经费支出"

CASES: tuple[Case, ...] = (
    # -- a budget (doc "bg": tests/data/budget-fixture-tab.txt, the Hunan budget tables) -------
    Case("B1.budget_totals", "bg", (("本年收入合计\t1,935.36\t本年支出合计\t1,935.36",
                                     "本年收入合计\t1,935.36\t本年支出合计\t1,953.36"),),
         "error", D("1953.36"), D("1935.36"), "收支总表 本年支出合计 = 支出总表 合计"),
    Case("B2.budget_fiscal", "bg",
         (("1、一般公共服务支出\t1,935.36\t1,935.36", "1、一般公共服务支出\t1,935.36\t1,935.63"),),
         "error", D("1935.63"), D("1935.36"), "1、一般公共服务支出 合计 = 一般公共预算"),
    Case("B3.budget_basic", "bg",
         (("\t合计\t1,517.95\t1,394.97\t122.98", "\t合计\t1,517.59\t1,394.61\t122.98"),),
         "error", D("1517.95"), D("1517.59"), "一般公共预算基本支出表 合计 = 一般公共预算支出表"),
    Case("N1.narrative_vs_table", "bg", (("收入预算1935.36万元", "收入预算1953.36万元"),),
         "error", D("1935.36"), D("1953.36"), "说明称 budget_income.total 1953.36万元",
         name="budget"),
    # -- completeness ---------------------------------------------------------------------------
    Case("C1.tables", "pt", (("财政拨款“三公”经费支出决算表\n", "附：三公经费\n"),),
         "error", None, None, "缺少部门决算表：财政拨款“三公”经费支出决算表"),
    Case("C2.empty_table", "pt", (("注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。\n", ""),),
         "error", None, None, "政府性基金预算财政拨款收入支出决算表 为空表，但未说明原因"),
    Case("C2.empty_table", "pt", (), "info", None, None, "已说明：注：上海市普陀区财政局无国有资本",
         silent=(("注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。\n", ""),
                 ("注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。", "")),
         name="explained"),
    Case("C8.table_totals", "pt", (("合计\t\t\t\t2,940.05\t2,336.91\t603.14\n", ""),),
         "error", None, None, "一般公共预算财政拨款支出决算表 缺少合计行"),
    Case("C8.table_totals", "pt",
         (("人员经费合计\t\t\t2,152.26\t公用经费合计\t\t\t184.65\n", ""),),
         "error", None, None, "一般公共预算财政拨款基本支出决算明细表 缺少人员经费合计行",
         name="economic"),
    Case("C3.sections", "pt", (("（二）政府采购支出情况", "（二）其他支出情况"),),
         "warning", None, None, "情况说明缺少“政府采购”部分"),
    Case("C4.items_explained", "zz",
         (("1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。",
           "社会保障和就业支出中的离退休支出。"),),
         "warning", None, None, "2080501行政单位离退休 453.05 万元未在说明中逐项说明"),
    Case("C5.table_parsed", "pt", (("201\t06\t02\t一般行政管理事务\t10.00\t\t10.00\n"
                                    "201\t06\t07\t信息化建设\t135.25\t\t135.25\n"
                                    "201\t06\t08\t财政委托业务支出\t449.52\t\t449.52\n"
                                    "208\t\t\t社会保障和就业支出\t326.72\t326.72\t\n",
                                    "201\t06\t02\t一般行政管理事务\t10.00\t\t10.00\n"
                                    "201\t06\t07\t信息化建设\t135.25\t\t135.25\n"
                                    "201\t06\t08\t财政委托业务支出\t449.52\t\t449.52\n"
                                    "208\t\t\t社会保障和就业支出\t326.72\t32б.72\t\n"),),
         "error", None, None, "一般公共预算财政拨款支出决算表 无法读取"),
    Case("C6.three_public_narrative", "zz",
         (("2024 年度安排因公出国（境）团组 1 个，累计 1 人次，支出 6.98 万元，",
           "2024 年度支出 6.98 万元，"),),
         "warning", None, None, "三公说明未列明出国（境）团组数（因公出国（境）费 6.98 万元）"),
    Case("C6.three_public_narrative", "zz",
         (("决算数大于上年数的主要原因是上年度无因公出国事项。", ""),),
         "warning", None, None, "三公说明未说明因公出国（境）费增减变化的原因", name="reason"),
    Case("C6.three_public_narrative", "zz",
         (("88.49\t15.00\t58.13\t17.98\t40.15\t15.36\t64.45\t6.98\t50.63\t17.98\t32.65\t6.85",
           "88.49\t15.00\t58.13\t17.98\t40.15\t15.36\t57.47\t0.00\t50.63\t17.98\t32.65\t6.85"),),
         "warning", None, D(1), "因公出国（境）费决算为 0.00，说明却列有出国（境）团组数 1",
         name="count_for_zero"),
    Case("C6.three_public_narrative", "zz", (("团组 1 个，累计 1 人次", "团组 3 个，累计 1 人次"),),
         "warning", D(3), D(1), "因公出国（境）费：出国（境）团组数 3 多于出国（境）人次 1",
         name="persons_fewer_than_groups"),
    Case("C7.placeholders", "zz", (("主要是建设部调研督导", "主要是XX调研督导"),),
         "error", None, None, "模板占位符或填写说明未替换：“XX”"),
    Case("C7.placeholders", "zz", (("主要是建设部调研督导", "主要是（略）待填写调研督导"),
                                   ("与上年相比减少 2.81 万元", "与上年相比增加持平 2.81 万元")),
         "error", None, None, "模板占位符或填写说明未替换：“增加持平”", name="more"),
    Case("C6.three_public_narrative", "zz",
         (("2024 年度共接待来访团组 52 个、来宾 361 人次", "2024 年度共接待上级及兄弟单位来访"),),
         "warning", None, None, "三公说明未列明接待批次（团组）（公务接待费 6.85 万元）",
         silent=(("2024 年度共接待来访团组 52 个、来宾 361 人次", "2024 年度共接待 52 批次、361 人次"),),
         name="batches"),
    Case("C9.table_unit", "zz", (("公开09表\n金额单位：万元\n", "公开09表\n"),),
         "warning", None, None, "财政拨款“三公”经费支出决算表 未标明金额单位，按其他各表所标“万元”读取"),
    Case("C9.table_unit", "zz", (("金额单位：万元\n", "", 9),),
         "error", None, None, "未标明金额单位，无法从其他各表推定（无一表标明单位）", name="none"),
    Case("C10.table_order", "zz", (("公开09表", "公开07表"),),
         "warning", D(9), D(7), "编号为公开07表，按模板应为公开09表"),
    # -- within ---------------------------------------------------------------------------------
    Case("W1.hierarchy", "pt", (("201\t06\t01\t行政运行\t1,511.90", "201\t06\t01\t行政运行\t1,512.90"),),
         "error", D("2113.86"), D("2112.86"), "收入决算表 20106财政事务 = Σ项（本年收入合计）"),
    Case("W2.row", "pt", (("201\t06\t02\t一般行政管理事务\t10.00\t\t10.00\t\t\t\n",
                           "201\t06\t02\t一般行政管理事务\t10.00\t\t11.00\t\t\t\n"),),
         "error", D("11.00"), D("10.00"), "支出决算表 2010602 本年支出合计 = 基本支出 + 项目支出"),
    Case("W3.fund_balance", "zz", (("合计\t\t0.00\t2.58\t2.58\t\t2.58\t", "合计\t\t0.00\t2.58\t2.58\t\t2.58\t1.00"),),
         "error", D("0.00"), D("1.00"), "年初 + 收入 − 支出 = 年末"),
    Case("W4.three_public", "zz", (("64.45\t6.98\t50.63\t17.98\t32.65\t6.85", "64.45\t6.98\t50.63\t17.98\t32.65\t7.85"),),
         "error", D("65.46"), D("64.45"), "三公决算数 合计 = 出国 + 公务用车 + 接待"),
    Case("W5.economic", "pt", (("人员经费合计\t\t\t2,152.26", "人员经费合计\t\t\t2,153.26"),),
         "error", D("2152.26"), D("2153.26"), "人员经费合计 = 301 + 303"),
    Case("W6.summary", "pt", (("本年收入合计\t2,946.25\t本年支出合计\t2,940.05",
                               "本年收入合计\t2,947.25\t本年支出合计\t2,940.05"),),
         "error", D("2946.25"), D("2947.25"), "收入支出决算总表 本年收入合计 = Σ各项"),
    Case("W8.negative", "zz", (("30231\t公务用车运行维护费\t32.65", "30231\t公务用车运行维护费\t-32.65"),),
         "warning", None, D("-32.65"), "一般公共预算财政拨款基本支出决算明细表 30231 公务用车运行维护费（"),
    Case("W7.three_public_budget", "pt", (("0.95\t\t\t\t\t\t\t\t\t\t0.95\t\n", "0.95\t1.20\t\t\t\t\t\t\t\t\t0.95\t1.20\n"),),
         "warning", D("0.95"), D("1.20"), "三公 公务接待费 决算数 1.20 超过预算数 0.95"),
    # -- across ---------------------------------------------------------------------------------
    Case("A1.summary_income", "pt", (("八、其他收入\t6.20", "八、其他收入\t6.30"),),
         "error", D("6.30"), D("6.20"), "收入决算表 合计·其他收入 = 总表收入 八、其他收入"),
    Case("A2.summary_expenditure", "pt", (("八、其他收入\t6.20\t八、社会保障和就业支出\t326.71",
                                           "八、其他收入\t6.20\t八、社会保障和就业支出\t326.81"),),
         "error", D("326.72"), D("326.81"), "收入支出决算总表 八、社会保障和就业支出（金额）= 支出决算表 208 类"),
    Case("A3.year_balance", "pt", (("年末结转和结余\t55.34", "年末结转和结余\t56.34"),),
         "error", D("2939.05"), D("2940.05"), "支出决算表合计 = 收入决算表合计"),
    Case("A4.fiscal_vs_table", "pt", (("九、卫生健康支出\t60.99\t60.99\t\t", "九、卫生健康支出\t61.99\t61.99\t\t"),),
         "error", D("60.99"), D("61.99"), "一般公共预算财政拨款）= 一般公共预算财政拨款支出决算表 210 类"),
    Case("A5.fiscal_income", "pt", (("一、一般公共预算财政拨款\t2,940.05\t一、一般公共服务支出\t2,106.66\t2,106.66",
                                     "一、一般公共预算财政拨款\t2,941.05\t一、一般公共服务支出\t2,106.66\t2,106.66"),),
         "error", D("2940.05"), D("2941.05"), "财政拨款总表 一、一般公共预算财政拨款 = 收支总表"),
    Case("A6.fiscal_within_expenditure", "pt",
         (("221\t02\t03\t购房补贴\t258.50\t258.50\t\t\t\t\n", "221\t02\t03\t购房补贴\t257.50\t257.50\t\t\t\t\n"),),
         "error", D("258.50"), D("257.50"), "支出决算表 2210203 本年支出合计 ≥ 各财政拨款表之和"),
    Case("A7.basic_vs_economic", "pt", (("合计\t\t\t\t2,940.05\t2,336.91\t603.14", "合计\t\t\t\t2,940.05\t2,337.91\t603.14"),),
         "error", D("2336.91"), D("2337.91"), "一般公共预算基本支出合计 = 人员经费合计 + 公用经费合计"),
    Case("A8.three_public_vs_economic", "zz", (("30231\t公务用车运行维护费\t32.65", "30231\t公务用车运行维护费\t33.65"),),
         "error", D("33.65"), D("32.65"), "三公决算 公务用车运行维护费 = 基本支出经济科目 30231"),
    Case("A8.three_public_vs_economic", "zz", (("30231\t公务用车运行维护费\t32.65", "30231\t公务用车运行维护费\t30.65"),),
         "warning", D("30.65"), D("32.65"), "大于基本支出经济科目 30231（差额可能由项目支出列支）",
         name="project_funded"),
    Case("A9.fund_roll_forward", "pt", (("年末财政拨款结转和结余\t21.63\t21.63", "年末财政拨款结转和结余\t22.63\t22.63"),),
         "error", D("21.63"), D("22.63"), "一般公共预算财政拨款：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余"),
    # -- narrative ------------------------------------------------------------------------------
    Case("N1.narrative_vs_table", "zz", (("2024 年度收、支总计 22396.43 万元", "2024 年度收、支总计 22396.53 万元"),),
         "error", D("22396.43"), D("22396.53"), "说明称 income_expenditure.total 22396.53万元"),
    Case("N2.share", "zz", (("城乡社区（类）支出 12381.52 万元，占 55.3%", "城乡社区（类）支出 12381.52 万元，占 56.3%"),),
         "error", D("55.2898"), D("56.3"), "general_budget.class.212 占 general_budget.total 的比重"),
    Case("N3.completion_rate", "zz", (("完成预算的 72.8%", "完成预算的 73.8%"),),
         "error", D("72.8331"), D("73.8"), "three_public.total 完成预算比例"),
    Case("N4.growth_rate", "zz", (("增加 15.27 万元，增长 31.0%", "增加 15.27 万元，增长 33.0%"),),
         "error", D("31.0492"), D("33.0"), "three_public.total 同比增减率"),
    Case("N5.parts", "zz", (("政府采购货物支出 270.74 万元", "政府采购货物支出 271.74 万元"),),
         "error", D("1827.86"), D("1826.85"), "说明中 procurement.total（actual）应等于各项之和"),
    # A part already found wrong against its table (N1): the sum is a note naming it.
    Case("N5.parts", "zz", (("支出预算为 58.13 万元，支出决算为 50.63 万元", "支出预算为 58.13 万元，支出决算为 51.63 万元"),),
         "info", D("65.46"), D("64.45"),
         "由已报错的 three_public.vehicles 51.63万元（N1.narrative_vs_table", name="derived"),
    Case("N6.budget_total", "zz", (("年初预算数为 12279.22 万元", "年初预算数为 12379.22 万元"),),
         "warning", D("12279.22"), D("12379.22"), "各项年初预算之和 12279.22 万元"),
    Case("N7.same_figure", "zz", (("公务用车保有量为 24 辆", "公务用车保有量为 25 辆"),),
         "error", D(25), D(24), "同一数字前后不一：three_public.vehicles.held 为 25"),
    # -- logic ----------------------------------------------------------------------------------
    Case("L1.unit_slip", "zz", (), "error", D("322.45"), D("0.032245"), "单位错误：说明写作 322.45 元",
         silent=(("322.45 元", "322.45 万元"),)),
    Case("L1.unit_slip", "zz", (), "warning", None, D("101.63"), "疑似单位错误：admin_costs.unit.株洲市城建档案馆",
         silent=(("101.63 元", "101.63 万元"),), name="sentence"),
    Case("L2.direction", "zz", (("决算数大于年初预算数的主要原因是：追加了代管企业养老保险费用支出",
                                 "决算数小于年初预算数的主要原因是：追加了代管企业养老保险费用支出"),),
         "error", None, None, "决算 941.21 万元、年初预算 744.64 万元，说明却称“决算数小于年初预算数”"),
    Case("L2.direction", "zz", (), "warning", None, D("199.67"), "增减方向与原因矛盾：admin_costs 比年初预算增加 199.67",
         silent=((_SW, "追加了 2024 年机关运行经费支出"),), name="reason"),
    Case("L3.zero_base", "zz", (), "warning", None, D("100.0"), "three_public.vehicle_purchase 同比增减率 100.0% 以零为基数",
         silent=(("与上年相比增加 17.98 万元，增长 100.0%。", "与上年相比增加 17.98 万元。"),)),
    Case("L4.names", "zz", (), "warning", None, None, "第9项 2101102 的款名称与表不一致",
         silent=(("（类）事业单位医疗（款）", "（类）行政事业单位医疗（款）", 3),)),
    Case("L5.direction_words", "zz", (("决算数小于预算数的主要原因是厉行节约,压缩公务接待支出", "决算数大于预算数的主要原因是厉行节约,压缩公务接待支出"),),
         "error", D("15.36"), D("6.85"), "说明称公务接待费决算数大于预算数，表中决算 6.85、预算 15.36"),
    Case("L5.direction_words", "zz", (("决算数小于上年数的主要原因是厉行节约,压缩公务接待支出", "决算数大于上年数的主要原因是厉行节约,压缩公务接待支出"),),
         "error", D(0), D("-2.81"), "说明称公务接待费决算数大于上年数", name="prior"),
    Case("L6.none_stated", "zz", (("年末结转和结余 0 万元。具体情况如下:", "年末结转和结余 0 万元。本部门无政府性基金预算财政拨款收入和支出。具体情况如下:"),),
         "error", D(0), D("2.58"), "说明称“无政府性基金预算财政拨款收入和支出”"),
    Case("L7.year", "pt", (("第二部分 上海市普陀区财政局2024年度部门决算表", "第二部分 上海市普陀区财政局2023年度部门决算表"),),
         "error", D(2024), D(2023), "标题中的年份“2023年”与封面年度 2024 不一致"),
    Case("L7.year", "zz", (("2024 年度收、支总计", "2023 年度收、支总计"),),
         "warning", D(2024), D(2023), "本年度的数字写作“2023年”", name="narrative"),
    Case("L7.year", "zz", (("截至 2024 年 12 月 31 日，部门", "截至 2023 年 12 月 31 日，部门"),),
         "warning", D(2024), D(2023), "年末时点写作“2023年”", name="year_end"),
    Case("L8.department_name", "pt", (("第一部分 上海市普陀区财政局概况\n一、主要职能", "第一部分 上海市静安区财政局概况\n一、主要职能"),),
         "warning", None, None, "部门名称“上海市静安区财政局”与封面“上海市普陀区财政局”不一致"),
    Case("L9.percent_format", "zz", (("城乡社区（类）支出 12381.52 万元，占 55.3%", "城乡社区（类）支出 12381.52 万元，占 55.3"),),
         "warning", None, D("55.3"), "比重“占…55.3”未写百分号"),
    Case("L9.percent_format", "zz", (("城乡社区（类）支出 12381.52 万元，占 55.3%", "城乡社区（类）支出 12381.52 万元，占 155.3%"),),
         "warning", D(100), D("155.3"), "general_budget.class.212 的比重 155.3% 超过 100%", name="over_100"),
    Case("L9.percent_format", "zz", (), "info", D(1), D(2), "three_public.reception 的比率 44.59% 保留 2 位小数",
         silent=(("完成预算的 44.59%", "完成预算的 44.6%"),), name="decimals"),
    Case("L10.doubled", "zz", (("2024 年度收、支总计 22396.43 万元。", "2024 年度收、支总计 22396.43 万元。。"),
),
         "warning", None, None, "重复的标点或词语：“。。”"),
    Case("L10.doubled", "zz", (("决算数小于年初预算数的主要原因是：2024 年度有退休人员去世",
                                 "决算决算数小于年初预算数的主要原因是：2024 年度有退休人员去世"),),
         "warning", None, None, "重复的标点或词语：“决算决算”", name="words"),
    # -- performance ----------------------------------------------------------------------------
    Case("P1.list_count", "zz", (), "error", D(7), D(6), "单位主管的公共专项：文中称 6 个，逐项列出 7 个",
         silent=(("单位主管的公共专项6个", "单位主管的公共专项7个"),)),
    Case("P2.list_total", "zz", (("实际项目使用金额984.2万元", "实际项目使用金额985.2万元"),),
         "error", D("984.24"), D("985.2"), "年初预算项目实际支出"),
    Case("P3.coverage", "zz", (), "warning", D(28), D(27), "绩效自评涉及项目 27 个，按资金性质分列合计 28 个",
         silent=(("涉及项目 27 个，共涉及资金 22396.43 万元", "涉及项目 28 个，共涉及资金 11462.18 万元"),)),
    Case("P4.report_vs_table", "zz", (("执行数 22396.43 万元", "执行数 22397.43 万元"),),
         "error", D("22396.43"), D("22397.43"), ""),
    Case("P5.project_spending", "zz", (("决算数为1074.24万元", "决算数为1084.24万元"),),
         "warning", D("1074.23"), D("1084.24"), "本级项目支出决算数与年初预算项目、年中追加项目实际支出之和"),
)

# The rounding tolerance's boundary (W4 compares 4 printed values: tolerance 4 × 0.005 = 0.02):
# a difference equal to the tolerance is rounding, one unit more an error.
BOUNDARY = (
    (("64.45\t6.98\t50.63", "64.48\t6.98\t50.63"), "rounding", D("0.02")),
    (("64.45\t6.98\t50.63", "64.49\t6.98\t50.63"), "error", D("0.03")),
)
