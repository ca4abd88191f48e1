"""`python -m zhuzhou_budget …` and the `zhuzhou-budget` command.

A PDF named on the command line starts the PDF worker and its JVM (~1–2 s cold) before the
command imports pandas and the package, so the two overlap on a second core instead of
following each other."""

import sys


def main() -> None:
    if any(arg.lower().endswith(".pdf") for arg in sys.argv[1:]):
        from .extract.pdf import prestart

        prestart()
    from .cli import run

    run()


if __name__ == "__main__":
    main()
