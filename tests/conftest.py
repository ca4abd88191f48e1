from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.errors import DisclosureError

ROOT = Path(__file__).resolve().parent.parent
RAW_2024 = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
LAYOUT_2024 = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-layout.txt"
EXPECTED_CELLS = ROOT / "tests" / "data" / "expected_cells_2024.csv"
# Every text fixture and data/raw text: a document of each template and layout the tests hold.
TEXT_DOCUMENTS = (sorted((ROOT / "tests" / "data").glob("*.txt"))
                  + sorted((ROOT / "tests" / "data" / "plain").glob("*.txt"))
                  + sorted((ROOT / "data" / "raw").glob("*/*.txt")))


# The seed and the first six text fixtures: the documents the checks' counts and fast paths
# are held to their former ways on (test_p25_checks_counts, test_p27_checks_paths).
CHECKED_DOCUMENTS = [RAW_2024, *sorted((ROOT / "tests" / "data").glob("*.txt"))[:6]]


@pytest.fixture(scope="module", params=CHECKED_DOCUMENTS, ids=lambda p: p.stem)
def checked_document(request) -> zb.Disclosure:
    """Each of CHECKED_DOCUMENTS, loaded once a module."""
    return zb.load(request.param)


def readable_documents() -> Iterator[tuple[Path, zb.Disclosure]]:
    """Each of TEXT_DOCUMENTS that loads, loaded (the fixtures of bad input are passed over)."""
    for path in TEXT_DOCUMENTS:
        try:
            d = zb.load(path)
        except DisclosureError:
            continue
        yield path, d


@pytest.fixture(scope="session")
def d2024() -> zb.Disclosure:
    return zb.load(RAW_2024)


@pytest.fixture(scope="session")
def d2024_layout() -> zb.Disclosure:
    return zb.load(LAYOUT_2024)


@pytest.fixture(scope="session")
def raw_text() -> str:
    return RAW_2024.read_text(encoding="utf-8")
