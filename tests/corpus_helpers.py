"""Shared by the corpus tests: the generator script, loaded as a module."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "scripts" / "make_corpus.py")
assert _spec and _spec.loader
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)


def without_seconds(csv_text: str) -> list[str]:
    """documents.csv lines with the seconds column (the last) dropped."""
    return [line.rsplit(",", 1)[0] for line in csv_text.splitlines()]
