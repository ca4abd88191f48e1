"""Completeness is decided once (`Disclosure.gaps`): `build`'s exit code, `complete` and the
gaps in datapackage.json, and the corpus's status agree. Issue 20's reproduction: one amount
cell made unreadable (`45x.05` in row 2080501) — `build` said INCOMPLETE and exited 1 while
`corpus build` recorded the document as `ok`."""

from __future__ import annotations

import csv
import json

from conftest import RAW_2024

from zhuzhou_budget import cli

ROW = "2080501\t行政单位离退休\t453.05\t453.05\t\t\t\t\t\n"  # the 收入决算表 row


def _broken(tmp_path):
    text = RAW_2024.read_text(encoding="utf-8")
    assert text.count(ROW) == 1
    folder = tmp_path / "raw"
    folder.mkdir()
    path = folder / "zhuzhou-zjj-2024.txt"
    path.write_text(text.replace(ROW, ROW.replace("453.05\t453.05", "45x.05\t453.05")),
                    encoding="utf-8")
    return path


def test_build_package_and_corpus_give_one_verdict(tmp_path, capsys):
    path = _broken(tmp_path)
    assert cli.main(["build", str(path), "--out", str(tmp_path / "one")]) == 1
    package = json.loads((tmp_path / "one" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["complete"] is False
    assert len(package["gaps"]) == 1 and package["gaps"][0].startswith("table not parsed: ")
    assert "45x.05" in package["gaps"][0]
    assert cli.main(["corpus", "build", str(path.parent), "--out", str(tmp_path / "corpus"),
                     "--no-progress"]) == 1
    capsys.readouterr()
    with open(tmp_path / "corpus" / "documents.csv", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["status"] == "partial"
    assert row["reason"] == package["gaps"][0]


def test_project_list_agreement_and_p2_are_one_comparison():
    # Issue 20: a stated 15 against 7.45 + 7.45 was rounding for one, an error for the other.
    # "15" in a narrative is exact to the tables' two decimals: 15.00 − 14.90 is an error.
    from decimal import Decimal

    import pandas as pd

    from zhuzhou_budget.checks.performance import project_list_agreement
    from zhuzhou_budget.metadata.fields import RESOURCES
    from zhuzhou_budget.rounding import stated_sum

    lists = pd.DataFrame([{c: None for c in RESOURCES["performance_project_lists"].columns}])
    lists.loc[0, ["list", "stated_actual", "listed_actual"]] = ["A", Decimal("15"),
                                                                Decimal("14.90")]
    projects = pd.DataFrame({"list": ["A", "A"], "actual": [Decimal("7.45"), Decimal("7.45")],
                             "budget_initial": [None, None], "adjustment": [None, None]})
    verdict = project_list_agreement(lists, projects)
    expected, difference, tol, level = stated_sum(Decimal("15"), list(projects["actual"]))
    assert (expected, difference, tol, level) == (Decimal("14.90"), Decimal("0.10"),
                                                  Decimal("0.015"), "error")
    assert verdict.loc[0, "actual_matches"] is False
    lists.loc[0, "stated_actual"] = Decimal("14.9")  # as printed with one decimal: equal
    assert project_list_agreement(lists, projects).loc[0, "actual_matches"] is True
