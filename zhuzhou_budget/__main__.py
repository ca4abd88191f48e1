"""`python -m zhuzhou_budget …` and the `zhuzhou-budget` command.

A PDF named on the command line starts the PDF worker and its JVM (~1–2 s cold) before the
command imports pandas and the package, so the two overlap on a second core instead of
following each other; `corpus build` starts its pool's fork server (which imports the
package for the workers) the same way."""

import os
import sys


def main() -> None:
    if any(arg.lower().endswith(".pdf") for arg in sys.argv[1:]):
        from .extract.pdf import prestart

        prestart()
    if sys.argv[1:3] == ["corpus", "build"] and not _one_job(sys.argv[3:]):
        from .corpus.server import BLAS_THREADS
        from .corpus.server import prestart as prestart_pool

        # The batch's process multiplies no matrices either (server.BLAS_THREADS): set
        # before it imports numpy, so its OpenBLAS threads do not spin while it imports.
        os.environ.setdefault(BLAS_THREADS, "1")
        prestart_pool()
    from .cli import run
    from .corpus.server import stop as stop_pool

    try:
        run()
    finally:
        # A pool's fork server (this command's, for any command that built a corpus) ends
        # with the command, not ~0.1 s after it: it holds the command's output (server.stop).
        stop_pool()


def _one_job(args: list[str]) -> bool:
    """`--jobs 1` (or `-j 1`, `--jobs=1`) among the arguments: no pool to start early."""
    return any((a in ("--jobs", "-j") and i + 1 < len(args) and args[i + 1] == "1")
               or a in ("--jobs=1", "-j1") for i, a in enumerate(args))


if __name__ == "__main__":
    main()
