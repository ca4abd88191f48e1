"""Write the single-space text of each real final-accounts PDF as people have it: pdfplumber's
``page.extract_text()`` (the shape of a PDF viewer's copy), pages joined by form feeds.

Writes tests/data/plain/<name>.txt for each PDF given (default: the four final-accounts PDFs
of ../shared/real/) and prints the sha256 of each source PDF, recorded in tests/data/README.md.

Usage::

    python scripts/make_plain_text_fixtures.py [PDF ...] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pdfplumber

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "real"
NAMES = ("national-template-2024", "shanghai-putuo-czj-2024", "guangdong-foshan-rail-transit-2019",
         "chongqing-southwest-university-2023")


def write(pdf_path: Path, out_dir: Path) -> Path:
    with pdfplumber.open(pdf_path) as pdf:
        # Each page ends its last line, as pdftotext writes pages: a form feed starts a line.
        text = "\n\f".join(page.extract_text() for page in pdf.pages)
    out = out_dir / (pdf_path.name.removesuffix("-final-accounts.pdf") + ".txt")
    out.write_text(text + "\n", encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="*", type=Path,
                    default=[REAL / f"{n}-final-accounts.pdf" for n in NAMES])
    ap.add_argument("--out-dir", type=Path, default=REPO / "tests/data/plain")
    args = ap.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for pdf in args.pdf:
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        print(f"{write(pdf, args.out_dir)}  {pdf.name}  sha256 {digest}")


if __name__ == "__main__":
    main()
