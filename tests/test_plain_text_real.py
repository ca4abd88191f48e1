"""Each real PDF's single-space text (tests/data/plain/, made by
scripts/make_plain_text_fixtures.py with pdfplumber's extract_text) gives the facts of its PDF
route, cell for cell (code, item, column, amount; a blank stays None).

The fixtures that do not yet are in tests/pending_plain_text_real.py, with their status."""

from __future__ import annotations

import pytest
from conftest import ROOT

import zhuzhou_budget as zb

pytestmark = pytest.mark.slow

DATA = ROOT / "tests" / "data" / "plain"
REAL = ROOT.parent / "shared" / "real"
NAMES = ["national-template-2024", "guangdong-foshan-rail-transit-2019",
         "chongqing-southwest-university-2023"]


def cells(facts):
    return sorted(tuple(str(v) for v in r) for r in
                  facts[["table", "code", "item", "column", "amount"]].itertuples(index=False))


@pytest.mark.parametrize("name", NAMES)
def test_plain_text_gives_the_pdf_facts(name):
    pdf = REAL / f"{name}-final-accounts.pdf"
    assert pdf.is_file(), f"{pdf} missing: shared/real is expected beside the project"
    text = zb.load(DATA / f"{name}.txt")
    assert not text.problems
    assert cells(text.facts) == cells(zb.load(pdf).facts)
