"""The PDF route's common ground: its limits, its errors (one line each, exit 2 on the command
line), how a file is known for a PDF, and where Java is."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ..errors import DisclosureError

MAX_PAGES_ENV = "ZHUZHOU_BUDGET_PDF_MAX_PAGES"
TIMEOUT_ENV = "ZHUZHOU_BUDGET_PDF_TIMEOUT"
DEFAULT_MAX_PAGES = 300
DEFAULT_TIMEOUT = 120.0  # seconds per document
MAX_TIMEOUT_SECONDS = 86400.0  # a day: beyond it a limit is no limit (and 1e308 overflows)
MAX_PAGES_CEILING = 100_000
JAVA_INSTALL = ("install one: `sudo apt-get install default-jre-headless` (Debian/Ubuntu), "
                "`conda install -c conda-forge openjdk`, or `make setup`")

PAGE_NUMBER = re.compile(r"^[-—\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*共?\s*\d+\s*页?)?[-—\s]*$")
MARGIN_BAND = 0.08  # page numbers are looked for in the top and bottom 8 % of a page


class PdfError(DisclosureError):
    """A PDF that cannot be turned into lines."""


class NoJavaError(PdfError):
    """tabula-py runs on the JVM and no Java runtime was found."""


class ScannedPdfError(PdfError):
    """Pages are images without a text layer."""


class EncryptedPdfError(PdfError):
    """The PDF needs a password."""


class CorruptPdfError(PdfError):
    """Truncated, damaged or not really a PDF."""


class PdfTooLargeError(PdfError):
    """More pages than the configured limit."""


class PdfTimeoutError(PdfError):
    """Extraction took longer than the configured limit."""


ERRORS_BY_NAME = {cls.__name__: cls for cls in (PdfError, NoJavaError, ScannedPdfError,
                                         EncryptedPdfError, CorruptPdfError, PdfTooLargeError,
                                         PdfTimeoutError)}


def is_pdf(path: Path) -> bool:
    """PDF by its bytes, not its name: `%PDF-` at the start, or within the first KiB (as
    readers accept) of a file that is not text. A text that quotes `%PDF-` is text."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(PDF_HEAD)
    except OSError:
        return False
    return is_pdf_head(head)


PDF_HEAD = 1024  # the bytes of a file's start that tell a PDF


def is_pdf_head(head: bytes) -> bool:
    """`is_pdf` of a file whose first `PDF_HEAD` bytes (all of a shorter file) are `head`."""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return True
    return b"%PDF-" in head and not _decodes_as_text(head)


def _decodes_as_text(head: bytes) -> bool:
    """Does a file's first KiB read as text (UTF-8 or GB18030, no control bytes but layout)?
    The cut at 1 KiB may split a character: up to three trailing bytes are forgiven."""
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                text = head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)
    return False


def java_command() -> str | None:
    """The `java` that tabula-py would use: $JAVA_HOME/bin/java, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def short_reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or "no detail"
