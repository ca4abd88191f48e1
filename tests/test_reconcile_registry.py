"""The check registry: one declaration per check, the README table written from it, nothing
emitted outside it, the sum identities run as data, comparisons counted per check."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from decimal import Decimal
from types import SimpleNamespace

import pytest
from conftest import ROOT

from zhuzhou_budget.checks import (
    REGISTRY,
    Check,
    CheckRegistryError,
    Finding,
    across,
    budget,
    completeness,
    narrative,
    performance,
    reconcile,
    within,
)
from zhuzhou_budget.checks.engine.ledger import Ledger, Term
from zhuzhou_budget.checks.engine.registry import (
    EXACT,
    FAMILIES,
    RUN_ORDER,
    Registry,
    policy,
)
from zhuzhou_budget.checks.engine.sums import ClassSum, ColumnSum, run_sums
from zhuzhou_budget.checks.logic import form, statements
from zhuzhou_budget.extract.table_model import Record, Table
from zhuzhou_budget.metadata.tables import TABLES

# Each family module (logic: a package of two) and the suite it declares its checks on.
FAMILY_MODULES = ((completeness,), (within,), (across,), (budget,), (narrative,),
                  (statements, form), (performance,))
CHECKS_DIR = ROOT / "zhuzhou_budget" / "checks"
ENGINE_DIR = CHECKS_DIR / "engine"
README = ROOT / "docs" / "checks.md"  # the check table, generated from the registry
ID = re.compile(r"^[A-Z][0-9]+\.[a-z_]+$")


@pytest.fixture(scope="module")
def findings(d2024):
    return reconcile(d2024)


def _readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    begin = text.index("<!-- checks-table:")
    start = text.index("\n", begin) + 1
    return text[start:text.index("<!-- /checks-table -->")]


# -- the registry and the README ---------------------------------------------------------------

def _markdown_table() -> str:
    spec = importlib.util.spec_from_file_location("render_checks_table",
                                                  ROOT / "scripts" / "render_checks_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.markdown_table(REGISTRY)


def test_readme_table_is_the_registry_rendered():
    assert _readme_table() == _markdown_table(), (
        "docs/checks.md differs from the registry: run python scripts/render_checks_table.py")


def test_every_registered_check_is_a_row_of_the_readme_table():
    rows = [line.split("|")[1].strip() for line in _readme_table().splitlines()[2:]]
    assert rows == [c.id for c in REGISTRY]
    assert len(rows) == len(set(rows)) == 52


def test_every_family_modules_check_is_registered_and_its_suites():
    suites = {s.name: s for s in REGISTRY.suites}
    assert tuple(suites) == RUN_ORDER
    declared = []
    for modules in FAMILY_MODULES:
        suite = modules[0].SUITE
        assert suites[suite.name] is suite and all(m.SUITE is suite for m in modules)
        checks = [v for m in modules for v in vars(m).values() if isinstance(v, Check)]
        assert checks and {c.id for c in checks} == {c.id for c in suite.checks}
        # One family per module: every check of a suite reports under the suite's family.
        assert {c.family for c in checks} == {suite.family}
        assert suite.steps and {step.run.__module__ for step in suite.steps} == {
            m.__name__ for m in modules}
        assert {c.id for step in suite.steps for c in step.checks} == {c.id for c in checks}
        for check in checks:
            assert REGISTRY.get(check.id) is check
        declared += suite.checks
    assert sorted(c.id for c in declared) == sorted(c.id for c in REGISTRY)
    assert {c.family for c in REGISTRY} == set(FAMILIES)


def test_the_engine_declares_no_check():
    """The engine is machinery: no module under checks/engine/ declares or names a check."""
    for path in sorted(ENGINE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Constant)
                    and isinstance(n.value, str) and ID.match(n.value)], path.name


def test_every_check_has_a_chinese_label_and_known_needs():
    for check in REGISTRY:
        assert check.zh and re.search(r"[\u4e00-\u9fff]", check.zh), check.id
        assert check.label == f"{check.id.partition('.')[0]} {check.zh}"
        assert all(n in TABLES or n in ("narrative_facts", "budget_execution")
                   for n in check.needs), check.id


def test_no_literal_check_id_outside_its_declaration():
    """A check id is written once, as the first argument of its `SUITE.check(...)`."""
    for path in sorted(CHECKS_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declarations = {id(node.args[0]) for node in ast.walk(tree)
                        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "check" and node.args}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and ID.match(node.value):
                assert id(node) in declarations, f"{path.name}:{node.lineno}: {node.value!r}"


def test_checks_run_total_and_per_check(findings):
    by_id = findings.attrs["checks_run_by_id"]
    # The counts themselves are in tests/data/golden_summary.json (test_golden_summary.py).
    assert findings.attrs["checks_run"] == sum(by_id.values())
    assert list(by_id) == [c.id for c in REGISTRY]
    # The 2024 document exercises every check of final accounts (B: budgets only, 0 here).
    assert all(n > 0 for c, n in by_id.items() if not c.startswith("B"))
    assert all(by_id[c] == 0 for c in ("B1.budget_totals", "B2.budget_fiscal",
                                       "B3.budget_basic"))
    assert set(findings.check) <= set(by_id)
    for row in findings.itertuples():
        check = REGISTRY.get(row.check)
        assert row.family == check.family and row.severity in check.policy.levels


# -- nothing outside the registry ---------------------------------------------------------------

def test_finding_refuses_an_unregistered_id():
    with pytest.raises(CheckRegistryError, match="unregistered check id 'W9.invented'"):
        Finding("W9.invented", "within", "error", "x")


def test_finding_refuses_another_family_or_an_undeclared_severity():
    with pytest.raises(CheckRegistryError, match="reports under within"):
        Finding("W2.row", "across", "error", "x")
    with pytest.raises(CheckRegistryError, match="cannot give severity 'warning'"):
        Finding("W2.row", "within", "warning", "x")
    assert Finding("W2.row", "within", "rounding", "x").check == "W2.row"


def _ledger(table_info=None) -> Ledger:
    return Ledger(SimpleNamespace(table_info=table_info or {}, line_pages={}))  # type: ignore[arg-type]


def test_ledger_refuses_a_check_object_not_in_the_registry():
    ledger = _ledger()
    stranger = Check("W2.row", "within", EXACT, "an impostor with a registered id", "行内合计")
    with pytest.raises(CheckRegistryError):
        ledger.count(stranger)
    with pytest.raises(CheckRegistryError):
        ledger.compare(stranger, "x", [], Term("income", "合计", "total", Decimal("1.00")))
    assert ledger.checks_run == 0


def test_a_suite_may_emit_only_its_own_checks():
    ledger = _ledger()
    ledger.suite = within.SUITE
    ledger.count(within.ROW)
    with pytest.raises(CheckRegistryError, match="suite within does not declare N1"):
        ledger.count(narrative.NARRATIVE_VS_TABLE)
    with pytest.raises(CheckRegistryError, match="does not declare C1.tables"):
        ledger.report(completeness.TABLES_PRESENT, "error", "x")
    assert ledger.comparisons["W2.row"] == 1 and ledger.checks_run == 1


def test_registry_refuses_bad_declarations():
    reg = Registry(TABLES)
    suite = reg.suite("within")
    suite.check("W1.hierarchy", EXACT, "x", zh="类 = Σ款")
    with pytest.raises(CheckRegistryError, match="declared twice"):
        suite.check("W1.hierarchy", EXACT, "x", zh="类 = Σ款")
    with pytest.raises(CheckRegistryError, match="not of the form"):
        suite.check("W1 hierarchy", EXACT, "x", zh="x")
    with pytest.raises(CheckRegistryError, match="unknown family"):
        reg.suite("budget", family="elsewhere")
    with pytest.raises(CheckRegistryError, match="unknown input 'ledger_of_dreams'"):
        suite.check("W9.thing", EXACT, "x", zh="x", needs=("ledger_of_dreams",))
    with pytest.raises(CheckRegistryError, match="a step runs checks it declares"):
        suite.step(REGISTRY.get("W1.hierarchy"))
    with pytest.raises(CheckRegistryError):
        policy("sometimes", "fatal")
    with pytest.raises(CheckRegistryError, match="not in RUN_ORDER"):
        reg.suite("astrology")
    with pytest.raises(CheckRegistryError, match="suites not loaded"):
        reg.run(_ledger())


def test_a_step_runs_only_when_its_inputs_are_there():
    """The engine, not the check, skips a check whose tables are absent, and says so."""
    reg = Registry(TABLES)
    suite = reg.suite("across")
    needy = suite.check("A1.summary_income", EXACT, "x", zh="总表收入 = 收入表",
                        needs=("income_expenditure_summary", "income"))
    free = suite.check("A2.summary_expenditure", EXACT, "y", zh="总表支出 = 支出表")
    ran: list[str] = []
    suite.step(needy)(lambda ledger: ran.append("needy"))
    suite.step(free)(lambda ledger: ran.append("free"))
    suite.step(free, needs=("expenditure",))(lambda ledger: ran.append("free, part 2"))

    class Host:  # what a suite runs on: which inputs the document has, what did not apply
        suite = None
        applied: list[tuple[str, tuple[str, ...]]] = []

        def has(self, need: str) -> bool:
            return need == "income"

        def applies(self, check: Check, missing: tuple[str, ...]) -> None:
            self.applied.append((check.id, missing))

    host = Host()
    suite.run(host)
    assert ran == ["free"]
    assert host.applied == [("A1.summary_income", ("income_expenditure_summary",)),
                            ("A2.summary_expenditure", ()),
                            ("A2.summary_expenditure", ("expenditure",))]


def test_reconcile_reports_the_checks_that_did_not_apply(findings):
    # The final accounts have no budget tables: B1–B3 did not apply, and say which inputs.
    assert findings.attrs["checks_not_applied"] == {
        "B1.budget_totals": ("budget_income_expenditure_summary", "budget_income",
                             "budget_expenditure"),
        "B2.budget_fiscal": ("budget_fiscal_summary",),
        "B3.budget_basic": ("budget_basic_expenditure", "budget_general_expenditure")}


# -- sum identities as data -----------------------------------------------------------------------

def test_sums_cover_the_plain_row_identities():
    declared = {(s.check.id, s.table) for s in within.SUMS}
    # Every coded table with parts of its total (a one-column table has no row identity).
    assert {("W2.row", t) for t in within.CODED_TABLES
            if t not in ("budget_project_economic", "budget_admin_costs")} <= declared
    assert {("W3.fund_balance", "government_fund"), ("W4.three_public", "three_public"),
            ("W5.economic", "basic_expenditure")} <= declared


def _table(tid: str, rows: list[dict]) -> Table:
    records = [Record(row=i, source_line=100 + i, **r) for i, r in enumerate(rows)]
    return Table(tid, TABLES[tid], TABLES[tid].zh, 99, 120, records=records)


def test_fund_balance_subtracts_spending():
    d = Decimal
    fund = _table("government_fund", [dict(code="212", item="城乡社区支出", values={
        "opening_balance": d("1.00"), "income": d("2.00"), "total": d("2.50"),
        "basic": d("0.00"), "project": d("2.50"), "closing_balance": d("0.40")})])
    ledger = _ledger({"government_fund": fund})
    run_sums(ledger, [s for s in within.SUMS if s.table == "government_fund"])
    (f,) = ledger.findings
    assert (f.check, f.severity, f.expected, f.actual, f.difference) == (
        "W3.fund_balance", "error", d("0.50"), d("0.40"), d("-0.10"))
    assert "年初 + 收入 − 支出 = 年末" in f.message
    assert "−government_fund/212/total=2.50" in f.terms and f.line == 100
    assert ledger.comparisons["W2.row"] == 1 and ledger.comparisons["W3.fund_balance"] == 1


def test_column_sum_leaves_out_columns_the_layout_lacks_and_words_the_equation():
    d = Decimal
    state = _table("state_capital", [dict(code="", item="合计", level="total", values={
        "total": d("3.50"), "basic": d("1.00"), "project": d("2.00")})])
    identity = ColumnSum(within.ROW, "state_capital", "total", ("basic", "project", "operating"))
    ledger = _ledger({"state_capital": state})
    run_sums(ledger, [identity])
    (f,) = ledger.findings
    assert f.message.startswith(f"[W2.row] {TABLES['state_capital'].zh} 合计 本年支出小计 = 基本支出 + "
                                "项目支出：应为 3.00，实际 3.50")
    assert f.terms.split("; ") == ["state_capital/合计/total=3.50", "state_capital/合计/basic=1.00",
                                   "state_capital/合计/project=2.00"]  # no operating column


def test_class_sum_takes_the_named_classes_or_all_the_others():
    d = Decimal
    econ = _table("basic_expenditure", [
        dict(code="301", item="工资福利支出", values={"amount": d("10.00")}),
        dict(code="302", item="商品和服务支出", values={"amount": d("4.00")}),
        dict(code="303", item="对个人和家庭的补助", values={"amount": d("1.00")}),
        dict(code="310", item="资本性支出", values={"amount": d("2.00")}),
        dict(item="人员经费合计", level="total", values={"amount": d("11.00")}),
        dict(item="公用经费合计", level="total", values={"amount": d("6.10")}),
    ])
    ledger = _ledger({"basic_expenditure": econ})
    run_sums(ledger, [s for s in within.SUMS if isinstance(s, ClassSum)])
    assert ledger.comparisons["W5.economic"] == 2
    (f,) = ledger.findings  # 人员经费 11.00 = 301 + 303 holds
    assert f.message.startswith("[W5.economic] 公用经费合计 = 302 + 310：应为 6.00，实际 6.10")
    assert (f.severity, f.difference, f.line) == ("error", d("0.10"), 105)


def test_readme_render_script_agrees():
    script = ROOT / "scripts" / "render_checks_table.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
