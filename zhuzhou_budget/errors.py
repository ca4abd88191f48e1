"""Errors with one-line messages, so the CLI can print them without a traceback."""

from __future__ import annotations


class DisclosureError(Exception):
    """Input that cannot be turned into a complete disclosure (unreadable, empty, unrecognised)."""


class ValueParseError(DisclosureError):
    """A printed value that is not a number: names the file, table, row and column."""

    def __init__(self, text: str, *, file: str = "", table: str = "", row: str = "",
                 column: str = "", line: int | None = None) -> None:
        self.text, self.file, self.table, self.row, self.column, self.line = (
            text, file, table, row, column, line)
        where = ", ".join(p for p in (
            file and f"file {file}", line and f"line {line}", table and f"table {table}",
            row and f"row {row}", column and f"column {column}") if p)
        super().__init__(f"cannot parse {text!r} as a number ({where})")


class ManifestError(DisclosureError):
    """The raw manifest and the file on disk disagree (missing entry, wrong sha256)."""
