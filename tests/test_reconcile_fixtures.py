"""Every check of the registry fires on a fixture of its own and keeps silent on a correct
variant (tests/reconcile_cases.py), with the exact finding: severity, expected, actual and the
words of its message; the rounding tolerance's boundary is exact."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW_2024, ROOT
from reconcile_cases import BOUNDARY, CASES, Case, Edit

import zhuzhou_budget as zb
from zhuzhou_budget.checks import REGISTRY

SOURCES = {"zz": RAW_2024, "pt": ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-tab.txt",
           "bg": ROOT / "tests" / "data" / "budget-fixture-tab.txt"}


def edited(doc: str, edits: tuple[Edit, ...]) -> str:
    text = SOURCES[doc].read_text(encoding="utf-8")
    for edit in edits:
        old, new = edit[0], edit[1]
        n = edit[2] if len(edit) > 2 else 1
        assert text.count(old) == n, f"fixture edit {old!r} occurs {text.count(old)} times, not {n}"
        text = text.replace(old, new)
    return text


@cache
def findings(doc: str, edits: tuple[Edit, ...], tmp: Path) -> pd.DataFrame:
    path = tmp / f"{doc}-{abs(hash(edits))}.txt"
    path.write_text(edited(doc, edits), encoding="utf-8")
    return zb.reconcile(zb.load(path))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fixtures")


def _of(f: pd.DataFrame, case: Case) -> pd.DataFrame:
    return f[(f.check == case.check) & (f.severity == case.severity)]


def test_every_registered_check_has_a_firing_and_a_silent_fixture():
    assert {c.check for c in CASES} == {c.id for c in REGISTRY}
    assert len({c.id for c in CASES}) == len(CASES)  # one name per case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_check_fires_with_the_exact_finding(case: Case, tmp):
    got = _of(findings(case.doc, case.fire, tmp), case)
    match = got[got.message.str.contains(case.words, regex=False)]
    assert len(match), f"{case.id}: no {case.severity} finding with {case.words!r}:\n" + \
        "\n".join(got.message)
    row = match.iloc[0]
    assert (row.expected, row.actual) == (case.expected, case.actual), row.message
    assert row.check in row.message and row.family == REGISTRY.get(case.check).family


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_check_is_silent_on_the_correct_variant(case: Case, tmp):
    got = _of(findings(case.doc, case.silent, tmp), case)
    assert got.empty, "\n".join(got.message)


@pytest.mark.parametrize(("edit", "level", "difference"), BOUNDARY,
                         ids=["equal_to_tolerance", "one_unit_more"])
def test_rounding_tolerance_boundary(edit, level, difference, tmp):
    f = findings("zz", (edit,), tmp)
    (row,) = f[(f.check == "W4.three_public") & (f.code == "决算数") & (f.column == "total")
               ].itertuples()
    assert (row.severity, row.difference, row.tolerance) == (level, difference,
                                                             difference.__class__("0.02"))


# -- the real documents -------------------------------------------------------------------------

NATIONAL_TAB = ROOT / "tests" / "data" / "national-template-2024-tab.txt"
PUTUO_TAB = SOURCES["pt"]


def test_the_blank_national_template_fires_on_its_leftovers():
    f = zb.reconcile(zb.load(NATIONAL_TAB))
    leftovers = f[f.check == "C7.placeholders"]
    assert set(leftovers.severity) == {"error"} and len(leftovers) >= 50
    text = " ".join(leftovers.message)
    for token in ("“XX”", "“XXX”", "“增加（减少）”", "“（如持平作持平表述）”", "“按上述格式”",
                  "“（制度名称）”"):
        assert token in text
    with_line = leftovers[leftovers.line.notna()]
    assert len(with_line) == len(leftovers) - 1  # the cover's name has no line
    assert with_line.page.notna().all()


def test_the_filled_putuo_text_gets_no_new_error_or_warning():
    f = zb.reconcile(zb.load(PUTUO_TAB))
    assert f[f.severity.isin(["error", "warning"])].empty
    new = {"C6.three_public_narrative", "C7.placeholders", "L5.direction_words", "L6.none_stated",
           "L7.year", "L8.department_name", "L9.percent_format", "W7.three_public_budget",
           "A9.fund_roll_forward"}
    assert new <= set(f.attrs["checks_run_by_id"])
    ran = f.attrs["checks_run_by_id"]
    assert ran["A9.fund_roll_forward"] >= 1 and ran["L7.year"] >= 1 and ran["C7.placeholders"] > 100
