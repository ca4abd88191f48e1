"""What one document of a corpus returns to the batch (a `Result`: its documents.csv row and
where its panel rows are staged), and where its folder goes (`output_folder`).

Kept apart from task.py, which builds the document, so that the batch's own process (the pool's
parent, or a dask client) can receive results and place folders without importing what a
build imports (pandas and the parsers: ~0.45 s of CPU, on a core the pool's fork server
needs for its own import of them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DisclosureError
from ..sources import manifest as raw_manifest
from .ledger import Row
from .stage import Fragment


@dataclass
class Result:
    row: Row
    # where this document's panel rows were staged (None: failed, or no staging area given)
    fragment: Fragment | None = None
    worker: int = 0  # pid of the process that ran it
    peak_rss_mb: float = 0.0  # that process's peak resident memory so far
    # A document built in this run is written beside its folder, hidden (PENDING + its id),
    # and moved into place by the batch just before the ledger and panel are swapped in: a
    # run killed before then leaves no folder the ledger does not list.
    pending: str = ""


PENDING = ".pending-"


def output_folder(root: Path, year: int, department_id: str) -> Path:
    """root/<year>/<department_id>, refused unless it stays under root (ids are validated
    slugs; this guards the rule itself)."""
    if not raw_manifest.SLUG.match(department_id):
        raise DisclosureError(f"department id {department_id!r} is not a slug")
    base = root.resolve()
    out = (base / str(int(year)) / department_id).resolve()
    if base not in out.parents:
        raise DisclosureError(f"{department_id} {year}: output {out} leaves {base}")
    return out
