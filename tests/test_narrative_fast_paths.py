"""The narrative readers' fast paths (issue 23) give what the plain ways give.

Each fast path is asserted against a plain reference: `figures`, `sentences` and
`leading_marker` against their former implementations (kept here, verbatim), on every
sentence of the 2024 document and on generated text; the topics' required words
(lexicon.required_words) against running the patterns; `Scanner.carry` against `scan` with
every figure skipped; `Codes` shared by the narrative against its own.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract import sentences as fast
from zhuzhou_budget.extract.sentences import Text, fold, leading_marker
from zhuzhou_budget.transform import budget_execution, narrative
from zhuzhou_budget.transform.frames import facts_frame
from zhuzhou_budget.transform.lexicon import LEXICONS, required_words
from zhuzhou_budget.transform.paragraphs import explanation_sections, section_paragraphs
from zhuzhou_budget.transform.performance_cues import LEXICON as PERFORMANCE_LEXICON
from zhuzhou_budget.transform.scanner import Codes, Scanner

ALL_LEXICONS = [*LEXICONS.values(), PERFORMANCE_LEXICON]

# ---- the former implementations (the plain ways), verbatim but for their names --------------

_REF_LEADING = fast._LEADING_MARKER
_REF_FIGURE = re.compile(
    r"(?P<pre>约|近|超过|逾)?\s*(?<![A-Za-z\d.])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"\s*(?P<q1>余|多)?\s*(?P<unit>{fast._UNIT_RE})?(?P<q2>\+|以上|以下|余|多)?")
_REF_NOT_FIGURE_UNIT = re.compile(r"\s*(?:年|月|日|号|路|期|号线|届|版|楼|层|级)")


def ref_leading_marker(text: str) -> tuple[int, int] | None:
    m = _REF_LEADING.match(fold(text))
    if not m:
        return None
    token = next(g for g in m.groups() if g)
    number = fast.cn_number(token)  # None: numerals that are no number (一一), no marker
    return None if number is None else (number, m.end())


def _ref_is_date_part(s: str, start: int, end: int) -> bool:
    after = s[end:end + 2].lstrip()
    return after[:1] in ("月", "日") or (after[:1] == "年" and re.fullmatch(
        r"(?:19|20)\d\d", s[start:end]) is not None)


def ref_figures(text: str) -> list[tuple]:
    s = "".join(o if o == "，" else f for o, f in zip(text, fold(text), strict=True))
    marker = ref_leading_marker(s)
    skip_to = marker[1] if marker else 0
    out = []
    for m in _REF_FIGURE.finditer(s):
        num, unit = m.group("num"), m.group("unit") or ""
        start = m.start("num")
        if start < skip_to:
            continue
        plain = num.replace(",", "")
        tail = s[m.end("num"):]
        if unit in ("", "年") and re.fullmatch(r"(?:19|20)\d\d", plain) and re.match(
                r"\s*(?:年|-|—|~|至)", tail):
            continue
        if unit == "" and _REF_NOT_FIGURE_UNIT.match(tail):
            continue
        if unit == "" and (re.match(r"\s*[、.](?!\d)", tail) or (
                re.match(r"\s*\)", tail) and s[:start].rstrip().endswith("("))):
            continue
        if unit == "" and len(plain) > 1 and plain.startswith("0") and "." not in plain:
            continue
        if _ref_is_date_part(s, start, m.end("num")):
            continue
        qualifier = "".join(q for q in (m.group("pre"), m.group("q1"), m.group("q2")) if q)
        if s[max(0, start - 2):start].strip().endswith("第"):
            qualifier = "第" + qualifier
        written = text[m.start("unit"):m.end("unit")] if unit else ""
        out.append((Decimal(plain), written, start, m.end(), qualifier))
    return out


def ref_sentences(par: Text) -> list[tuple]:
    folded = par.folded
    out, start = [], 0
    for k, ch in enumerate(folded):
        end = None
        if ch in "。!?":
            end = k + 1
        elif ch == "." and fast._ascii_stop(folded, k):
            end = k + 1
        if end is not None:
            while end < len(folded) and folded[end] in fast._CLOSERS:
                end += 1
            piece = par.slice(start, end)
            if piece.text:
                out.append(piece)
            start = end
    if start < len(folded):
        piece = par.slice(start, len(folded))
        if piece.text:
            out.append(piece)
    return [(p.text, p.starts, p.origin) for p in out]


def fast_figures(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.start, f.end, f.qualifier) for f in fast.figures(text)]


def _outcome(fn, *args):
    """The result, or the kind of error (the same input must fail the same way)."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - compared, not hidden
        return type(e).__name__


def assert_same(text: str) -> None:
    assert _outcome(fast_figures, text) == _outcome(ref_figures, text), text
    assert _outcome(leading_marker, text) == _outcome(ref_leading_marker, text), text
    par = Text(text, ((0, 1),), "s")
    fast_split = [(p.text, p.starts, p.origin) for p in fast.sentences(par)]
    assert fast_split == ref_sentences(Text(text, ((0, 1),), "s")), text


# ---- text made of the characters the rules look at --------------------------------------------

PIECES = list("0123456789.,，、。！？!?;；:：()（）年月日第约余多万元亿%％人次个 \n一二三是①②-—~至路号期“”．") + [
    "　", "\t", "١", "１２", "超过", "逾", "近", "约 ", "a1", "x.5", "万元", "2024年", "(1)",
    "（2）", "1、", "一是", "第一", "以上", "1,915.52", "1，915", "2023-2024"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(texts)
def test_figures_sentences_markers_as_the_plain_ways(text):
    assert_same(text)


@pytest.mark.parametrize("text", [
    "", "2024年", "约1,915.52万元", "1，915万元", "（2）共3个", "2. 支出 12 万元。", "02路",
    "第3名", "2023-2024年度", "增长 5％以上", "一是…二是…", "3月 5日", "(1)项目 12.5 万元",
    "较上年减少 1.2 万元。主要原因是…！结束", "1.5 亿元. 下一句", "x.5 万元"])
def test_cases_as_the_plain_ways(text):
    assert_same(text)


def test_every_sentence_of_2024_as_the_plain_ways(d2024):
    seen = 0
    for key in d2024.sections:
        for par in section_paragraphs(d2024.sections, key):
            assert_same(par.text)
            for sent in fast.sentences(par):
                assert_same(sent.text)
                seen += 1
    assert seen > 500


# ---- topics: the words a match needs ----------------------------------------------------------

@pytest.mark.parametrize(("pattern", "words"), [
    (r"(?:一般公共预算)?财政拨款支出(?:决算)?", ("财政拨款支出",)),
    (r"本年支出合计|支出合计|总支出", ("本年支出合计", "支出合计", "总支出")),
    (r"(?P<name>[^\s,;:。()]+?)\(类\)", ("(类)",)),
    (r"(?:因公)?出国\(境\)团组|出访团组", ("出国(境)团组", "出访团组")),
    (r"(?<=[,、;:])(?P<name>[一-龥]{2,10}用车)", ("用车",)),
    (r"(?:更新|购置)了?公务用车", ("公务用车",)),
    (r"(?:单位价值|单价)\s*\d+万元", ("万元",)),
    (r"(?:一般)?预算|(?:基金)?", ()),  # an alternative that needs nothing: always run
    (r"[一-龥]{2,10}", ()),
    (r"(?i)abc", ()),  # inline flags: not read
    (r"(?:ab)+cde", ("cde",)),  # a repeat that must occur counts; the longest word wins
])
def test_required_words(pattern, words):
    assert required_words(pattern) == words


def _topic_texts(d2024) -> list[str]:
    out = []
    for key in d2024.sections:
        for par in section_paragraphs(d2024.sections, key):
            out += [s.folded for s in fast.sentences(par)]
    return out


def test_every_match_holds_a_required_word(d2024):
    texts = _topic_texts(d2024)
    matched = 0
    for lexicon in ALL_LEXICONS:
        for topic in lexicon:
            assert topic.needs == required_words(topic.pattern.pattern)
            for s in texts:
                for m in topic.pattern.finditer(s):
                    matched += 1
                    assert any(w in m.group() for w in topic.needs) or not topic.needs, (
                        topic.pattern.pattern, s)
    assert matched > 100


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(
    ["收入", "支出", "合计", "财政拨款", "(类)", "一般公共预算", "基本", "项目", "公务用车",
     "出国(境)", "团组", "接待", "万元", "12", ",", "、", "的", "会议费", "政府采购", "绩效"]),
    max_size=12).map("".join))
def test_hits_as_without_the_required_words(s):
    for lexicon in ALL_LEXICONS:
        plain = [t.__class__(**{**t.__dict__, "needs": ()}) for t in lexicon]
        fast_hits = Scanner(lexicon, None).hits(s)
        plain_hits = Scanner(plain, None).hits(s)
        assert [(h.start, h.end, h.subject, h.code) for h in fast_hits] == \
               [(h.start, h.end, h.subject, h.code) for h in plain_hits]


# ---- scanner and codes -----------------------------------------------------------------------

def test_carry_is_scan_with_every_figure_skipped(d2024):
    for kind, key in explanation_sections(d2024.sections):
        a = Scanner(LEXICONS.get(kind, PERFORMANCE_LEXICON), None)
        b = Scanner(LEXICONS.get(kind, PERFORMANCE_LEXICON), None)
        for par in section_paragraphs(d2024.sections, key):
            for sent in fast.sentences(par):
                assert a.scan(sent, lambda _: True) == []
                b.carry(sent)
                assert (a.last_any, a.last_money, a.current) == \
                       (b.last_any, b.last_money, b.current)


def test_narrative_with_the_items_codes_as_with_its_own(d2024):
    items = budget_execution.read_items(d2024.sections, Codes(d2024.tables))
    assert items.codes.source is d2024.tables
    shared = narrative.explanation_facts(d2024.sections, d2024.tables, items)
    # Items of other tables (a copy of the mapping): the narrative reads its own names.
    own = narrative.explanation_facts(d2024.sections, dict(d2024.tables), items)
    fresh = narrative.explanation_facts(d2024.sections, d2024.tables)
    assert shared == own == fresh
    assert len(shared) > 100


def test_narrative_facts_from_the_performance_as_from_its_frame(d2024):
    performance = d2024.performance
    assert len(performance.fact_list) == len(performance.facts) > 20
    joined = narrative.narrative_facts(d2024.sections, d2024.tables, performance)
    concatenated = _concatenated(d2024, performance.facts)
    pd.testing.assert_frame_equal(joined, concatenated, check_exact=True)
    assert list(joined.dtypes.astype(str)) == list(concatenated.dtypes.astype(str))


def _concatenated(d, performance_facts: pd.DataFrame) -> pd.DataFrame:
    """The former way (the oracle): the narrative's frame and the report's facts frame
    concatenated, then sorted by line, stably."""
    frame = facts_frame(narrative.explanation_facts(d.sections, d.tables))
    if len(performance_facts):
        frame = pd.concat([frame, performance_facts], ignore_index=True)
        frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    return frame
