"""Progress of a batch on stderr: a tqdm bar on a terminal, one plain line per document
otherwise (a log file or CI output gets readable lines, not carriage-return noise)."""

from __future__ import annotations

import sys
from typing import TextIO

from .ledger import Row


class Progress:
    def __init__(self, total: int, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream = stream or sys.stderr
        self.bar = None
        if enabled and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="doc", dynamic_ncols=True)

    def update(self, row: Row) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{row.status} {row.source}"[-40:], refresh=False)
            self.bar.update(1)
        elif self.enabled:
            why = f": {row.reason}" if row.reason else ""
            print(f"[{self.done}/{self.total}] {row.status:7} {row.action or '-':7} "
                  f"{row.source} ({row.seconds:.2f} s){why}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
