"""The corpus output root: DIR holding <year>/<department_id>/ folders, documents.csv and
panel/. It is never replaced whole (it holds every document's outputs), so it carries a marker
of its own, distinct from outfolder.MARKER: a single `build --out DIR` refuses a corpus root
instead of replacing it, and a corpus run refuses any non-empty folder without the marker (a
user's folder, the raw data). Each document folder and panel/ inside it is written by
outfolder.replace, atomically."""

from __future__ import annotations

import os
from pathlib import Path

from .. import config
from ..errors import DisclosureError

MARKER = ".zhuzhou-budget-corpus"
MARKER_TEXT = ("This folder is a zhuzhou_budget corpus output: <year>/<department_id>/ per "
               "document, documents.csv, panel/.\nIts contents are rebuilt by the tool; files "
               "put here by hand may be lost.\n")


def prepare(out: str | Path) -> Path:
    """The absolute corpus root, created and marked; a one-line error when it may not be."""
    given = Path(out)
    path = Path(os.path.abspath(given))
    if path.is_symlink():
        raise DisclosureError(f"{given}: is a symbolic link; give the real folder as the output")
    path = path.parent.resolve() / path.name
    if path.parent == path:
        raise DisclosureError(f"{given}: refusing to write over the filesystem root")
    raw = config.RAW.resolve()
    if path == raw or raw in path.parents or path in raw.parents:
        raise DisclosureError(f"{given}: refusing to write there: it is, or holds, the raw data "
                              f"folder {raw}")
    if path.exists():
        if not path.is_dir():
            raise DisclosureError(f"{given}: exists and is not a folder")
        if not (path / MARKER).is_file() and any(path.iterdir()):
            raise DisclosureError(f"{given}: exists and is not a corpus output of zhuzhou_budget "
                                  f"(no {MARKER} in it); give a new or empty folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not (path / MARKER).is_file():
            (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise DisclosureError(f"{given}: cannot write the output ({exc.strerror})") from None
    return path
