"""The counts a change to the parser or the checks moves — facts and rows per table,
comparisons per check, findings by check and severity — for the Zhuzhou 2024 text and the
Shanghai tab text, kept in one reviewed file (tests/data/golden_summary.json) rather than
pinned across the tests. A deliberate change: `python scripts/make_golden_summary.py`, then
review the diff. The values themselves are tested elsewhere (the answer keys, every check's
firing and silent fixture); this file catches what moves unnoticed."""

from __future__ import annotations

import importlib.util
import json

from conftest import ROOT

spec = importlib.util.spec_from_file_location("make_golden_summary",
                                              ROOT / "scripts" / "make_golden_summary.py")
assert spec is not None and spec.loader is not None
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)


def test_the_golden_summary_is_the_code_s():
    committed = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    now = golden.summary()
    for name in golden.DOCUMENTS:
        for key in now[name]:
            assert now[name][key] == committed[name][key], (
                f"{name}.{key} moved: run python scripts/make_golden_summary.py and review "
                "the diff")
    assert golden.render() == golden.GOLDEN.read_text(encoding="utf-8")


def test_the_summary_covers_every_check_and_both_documents():
    committed = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    from zhuzhou_budget.checks import REGISTRY

    for name in golden.DOCUMENTS:
        assert list(committed[name]["checks_run_by_id"]) == [c.id for c in REGISTRY]
        assert committed[name]["complete"] is True
