"""The corpus output root: DIR holding <year>/<department_id>/ folders, documents.csv and
panel/. It is never replaced whole (it holds every document's outputs), so it carries a marker
of its own, distinct from outfolder.MARKER: a single `build --out DIR` refuses a corpus root
instead of replacing it, and a corpus run refuses any non-empty folder without the marker (a
user's folder, the raw data). Each document folder and panel/ inside it is written by
outfolder.replace, atomically."""

from __future__ import annotations

from pathlib import Path

from ..errors import DisclosureError
from ..storage import outfolder

MARKER = ".zhuzhou-budget-corpus"
MARKER_TEXT = ("This folder is a zhuzhou_budget corpus output: <year>/<department_id>/ per "
               "document, documents.csv, panel/.\nIts contents are rebuilt by the tool; files "
               "put here by hand may be lost.\n")


def prepare(out: str | Path) -> Path:
    """The absolute corpus root, created and marked; a one-line error when it may not be."""
    given = Path(out)
    path = outfolder.checked(out, MARKER, "is not a corpus output of zhuzhou_budget")
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not (path / MARKER).is_file():
            (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise DisclosureError(f"{given}: cannot write the output ({exc.strerror})") from None
    return path
