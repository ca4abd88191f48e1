from __future__ import annotations

from pathlib import Path

import pytest

import zhuzhou_budget as zb

ROOT = Path(__file__).resolve().parent.parent
RAW_2024 = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
LAYOUT_2024 = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-layout.txt"
EXPECTED_CELLS = ROOT / "tests" / "data" / "expected_cells_2024.csv"


@pytest.fixture(scope="session")
def d2024() -> zb.Disclosure:
    return zb.load(RAW_2024)


@pytest.fixture(scope="session")
def d2024_layout() -> zb.Disclosure:
    return zb.load(LAYOUT_2024)


@pytest.fixture(scope="session")
def raw_text() -> str:
    return RAW_2024.read_text(encoding="utf-8")
