"""The figure pattern that opens with the number's digit (issue 23, seventh round) finds what
the former one, which opened with the qualifier (约, 近, 超过, 逾) and spaces, found.

The former pattern is kept here as the oracle. Held against it: every match's number, its
qualifiers, unit and end, on every sentence of every text fixture and on random text made of
the pieces a figure is made of (and of any character at all); and `figures` itself.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conftest import readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract import sentences as S
from zhuzhou_budget.extract.sentences import Figure, figures, fold
from zhuzhou_budget.transform.paragraphs import section_paragraphs

# The pattern before the seventh round, verbatim but for the module's names.
_FORMER_FIGURE = re.compile(
    r"(?=[约近超逾\s\d])(?P<pre>约|近|超过|逾)?\s*(?<![A-Za-z\d.])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"\s*(?P<q1>余|多)?\s*(?P<unit>{S._UNIT_RE})?(?P<q2>\+|以上|以下|余|多)?")


def former_matches(s: str) -> list[tuple]:
    """(pre, num, q1, unit, q2, num span, unit span, end) of each match of the former pattern."""
    return [(*m.groups(), m.span(2), m.span(4), m.end()) for m in _FORMER_FIGURE.finditer(s)]


def new_matches(s: str) -> list[tuple]:
    """The same, of the new pattern and the qualifier read back from the number (as `figures`
    reads them)."""
    out, floor = [], 0
    for m in S._FIGURE.finditer(s):
        num, q1, unit, q2 = m.groups()
        start = m.start(1)
        prev_end, floor = floor, m.end()
        pre = None
        if start > prev_end and (s[start - 1] in S._PRE_LAST or s[start - 1].isspace()):
            pre = S._qualifier_before(s, start, prev_end)
        out.append((pre, num, q1, unit, q2, m.span(1), m.span(3), m.end()))
    return out


def former_figures(text: str, folded: str | None = None) -> list[Figure]:
    """figures before the seventh round, verbatim but for the module's names."""
    if folded is None:
        folded = fold(text)
    if S._DIGIT.search(folded) is None:
        return []
    marker = S._marker(folded)
    s = S._keep_wide_commas(text, folded) if "，" in text and \
        S._COMMA_IN_NUMBER.search(folded) else folded
    skip_to = marker[1] if marker else 0
    out: list[Figure] = []
    for m in _FORMER_FIGURE.finditer(s):
        pre, num, q1, unit, q2 = m.groups()
        start, num_end = m.span(2)
        if start < skip_to:
            continue
        plain = num.replace(",", "")
        if not unit or unit == "年":
            if not unit:
                if S._NOT_FIGURE_AFTER.match(s, num_end):
                    continue
                if S._CLOSE_PAREN.match(s, num_end) and s[:start].rstrip().endswith("("):
                    continue
                if len(plain) > 1 and plain.startswith("0") and "." not in plain:
                    continue
            if S._YEAR.fullmatch(plain) and S._AFTER_YEAR.match(s, num_end):
                continue
            after = s[num_end:num_end + 2].lstrip()[:1]
            if after in ("月", "日") or (after == "年" and S._YEAR.fullmatch(s, start, num_end)):
                continue
        qualifier = (pre or "") + (q1 or "") + (q2 or "") if pre or q1 or q2 else ""
        before = s[max(0, start - 2):start]
        if "第" in before and before.strip().endswith("第"):
            qualifier = "第" + qualifier
        written = text[m.start(4):m.end(4)] if unit else ""
        out.append(Figure(Decimal(plain), written, start, m.end(), qualifier))
    return out


def _same(text: str, folded: str | None = None) -> None:
    s = fold(text) if folded is None else folded
    assert new_matches(s) == former_matches(s), s
    got, want = figures(text, folded), former_figures(text, folded)
    assert got == want, text
    assert [(f.unit, f.qualifier, f.end) for f in got] == \
        [(f.unit, f.qualifier, f.end) for f in want], text


def _fixture_sentences() -> list[str]:
    out = []
    for _, d in readable_documents():
        for key in d.sections:
            for par in section_paragraphs(d.sections, key, own_only=True):
                out += [sent.text for sent in S.sentences(par)]
    return out


_SENTENCES = _fixture_sentences()


def test_every_fixture_sentence_as_before():
    n = 0
    for text in _SENTENCES:
        _same(text)
        n += len(former_matches(fold(text)))
    assert len(_SENTENCES) > 500 and n > 1000


_PIECES = st.sampled_from([
    "1", "2", "0", "9", "2024", "12", "3.5", "1,915.52", "12,3", ",", ".", "、", " ", "　", "\t",
    "\n", "\x1c", "\u2003", "a", "Z", "年", "月", "日", "路", "万元", "元", "%", "％", "个", "人次",
    "台（套）", "余", "多", "以上", "以下", "+", "约", "近", "超", "过", "超过", "逾", "第", "(",
    ")", "（", "）", "1、", "（1）", "一是", "增长", "至", "-", "。",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_random_figure_text_as_before(text):
    _same(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_text_as_before(text):
    _same(text)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_SENTENCES), st.lists(_PIECES, max_size=6).map("".join),
       st.integers(min_value=0, max_value=400))
def test_fixture_sentences_spliced_as_before(sentence, piece, at):
    # A real sentence with figure pieces put in anywhere (a qualifier before a number …).
    at = min(at, len(sentence))
    _same(sentence[:at] + piece + sentence[at:])


def test_the_qualifier_cases():
    for text, pre in [("约5万元", "约"), ("超过 12 个", "超过"), ("过5个", None), ("超5个", None),
                      ("逾\u3000 3人", "逾"), ("近1,000元", "近"), ("5约6个", "约"),
                      ("5 约 6个", "约"), ("a约5", "约"), ("5约 ", None)]:
        s = fold(text)
        assert new_matches(s) == former_matches(s), text
        assert former_matches(s)[-1][0] == pre, text
