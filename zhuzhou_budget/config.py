"""Paths in one place (cookiecutter-data-science): nothing depends on the current directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ZHUZHOU_BUDGET_ROOT", Path(__file__).resolve().parent.parent))
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
MANIFEST = RAW / "manifest.csv"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"


def processed_dir(year: int, department_id: str) -> Path:
    return PROCESSED / str(year) / department_id
