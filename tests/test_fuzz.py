"""Fuzzing (hypothesis): mutated texts and damaged PDFs never crash the loader or the checks.

A mutated document either loads — and then reconciles without an exception — or is refused
with a one-line `DisclosureError`; never another exception (a traceback, which the command
line would have to turn into exit 2 as "unexpected"). The mutations are the damage real files
suffer: lines lost or doubled, tabs lost, characters garbled, text cut off, long lines, stray
bytes, a `%PDF-` inside a text.
"""

from __future__ import annotations

import random

import pytest
from conftest import RAW_2024, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhuzhou_budget as zb
from zhuzhou_budget.errors import DisclosureError

TEXT = RAW_2024.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
PDF = (ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf").read_bytes()
GARBAGE = "\t 0123456789.,-()（）万元合计类款项%\x00\ufffd𠀀"


def _mutate(lines: list[str], kind: str, rng: random.Random) -> list[str]:
    out = list(lines)
    k = rng.randrange(len(out))
    if kind == "drop_line":
        del out[k]
    elif kind == "double_line":
        out.insert(k, out[k])
    elif kind == "drop_tabs":
        out[k] = out[k].replace("\t", rng.choice(["", " "]))
    elif kind == "garble":
        s = list(out[k]) or [""]
        for _ in range(rng.randint(1, 5)):
            s[rng.randrange(len(s))] = rng.choice(GARBAGE)
        out[k] = "".join(s)
    elif kind == "cut":
        out = out[:k]
    elif kind == "long_line":
        out.insert(k, rng.choice(["词语  ", "1,234.56\t", "增加 1.5 万元，", "("]) * 3000)
    elif kind == "swap":
        j = rng.randrange(len(out))
        out[k], out[j] = out[j], out[k]
    elif kind == "pdf_marker":
        out.insert(min(k, 3), "%PDF-1.7 in a text")
    elif kind == "unit":
        out[k] = out[k].replace("万元", rng.choice(["元", "千元", "亿元", "美元", ""]))
    return out


KINDS = ["drop_line", "double_line", "drop_tabs", "garble", "cut", "long_line", "swap",
         "pdf_marker", "unit"]


def _load_and_check(path) -> None:
    try:
        d = zb.load(path)
    except DisclosureError as exc:
        assert "\n" not in str(exc)
        return
    zb.reconcile(d)
    _ = (d.budget_execution, d.three_public_details, d.glossary, d.profile)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=4), seed=st.integers(0, 2**32))
def test_mutated_text_loads_or_is_refused_in_one_line(tmp_path, kinds, seed):
    rng = random.Random(seed)
    lines = LINES
    for kind in kinds:
        lines = _mutate(lines, kind, rng)
        if not lines:
            lines = [""]
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    _load_and_check(path)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)),
                      min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(100, len(PDF))))
def test_damaged_pdf_loads_or_is_refused_in_one_line(tmp_path, flips, cut):
    data = bytearray(PDF)
    for at, byte in flips:
        data[at] = byte
    path = tmp_path / "doc.pdf"
    path.write_bytes(bytes(data[:cut] if cut else data))
    _load_and_check(path)
