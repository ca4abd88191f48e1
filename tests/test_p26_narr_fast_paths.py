"""The sixth round's fast paths of the narrative readers (issue 23) give what the plain ways give.

Each is held against the code it replaced (kept here as the oracle): a table's column read from
its own array (scanner.column_list) against `frame[name].tolist()`, on the seed tables and on
frames with missing values of every dtype; facts, cues and topic hits made by one dict update
against the dataclasses' own constructors; figures, whose date tests now run only for a number
without a unit or with 年, against the former figures; match_code, which works out each
candidate's agreement once, against the former one; the inline-marker patterns that open with
the marker's character against the former ones; the narrative reading the paragraphs
read_items made of the budget-execution sections against making them afresh; Scanner.hits
ordered by C-level keys against the former one.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from decimal import Decimal

import pandas as pd
import pytest
from conftest import readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st
from test_p26r2_text_figures import _FORMER_FIGURE

from zhuzhou_budget.extract import sentences as S
from zhuzhou_budget.extract.sentences import Figure, figures, fold
from zhuzhou_budget.transform import budget_execution, scanner
from zhuzhou_budget.transform.budget_execution import read_items
from zhuzhou_budget.transform.frames import Fact
from zhuzhou_budget.transform.lexicon import T
from zhuzhou_budget.transform.narrative import explanation_facts
from zhuzhou_budget.transform.paragraphs import section_paragraphs
from zhuzhou_budget.transform.scanner import Codes, column_list, norm_name, same_name


def _same_values(a: list, b: list) -> bool:
    """Equal lists, NaN equal to NaN and pd.NA to pd.NA (never to None), each value of the same
    type."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if type(x) is not type(y):
            return False
        if x is pd.NA:
            continue  # the same type: both pd.NA
        if isinstance(x, float) and math.isnan(x):
            if not math.isnan(y):
                return False
        elif x != y:
            return False
    return True


# ---- a table's column from its own array -------------------------------------------------------


def test_column_list_as_the_series_on_the_seed_tables(d2024):
    for tid, frame in d2024.tables.items():
        for name in frame.columns:
            assert _same_values(column_list(frame, name), frame[name].tolist()), (tid, name)


@pytest.mark.parametrize("values, dtype", [
    (["208", None, ""], None),            # texts with a missing one: NaN in pandas' list
    (["208", None, ""], "object"),        # objects: None stays None either way
    (["208", "20805", ""], None),
    ([Decimal("1.5"), None, Decimal("0")], "object"),
    ([1, 2, 3], "int64"),
    ([1.5, float("nan"), 2.0], "float64"),
    ([1, None, 3], "Int64"),
    ([True, False, True], "bool"),
    ([], None),
])
def test_column_list_as_the_series(values, dtype):
    frame = pd.DataFrame({"code": pd.Series(values, dtype=dtype), "item": ["x"] * len(values)})
    frame.attrs["title"] = "t"
    assert _same_values(column_list(frame, "code"), frame["code"].tolist())


def test_column_list_of_a_missing_or_repeated_name():
    frame = pd.DataFrame([[1, 2, 3]], columns=["code", "code", "total"])
    assert column_list(frame, "total") == [3]
    with pytest.raises(KeyError):
        column_list(frame, "item")
    with pytest.raises(Exception) as plain:  # what pandas' way raises for a repeated name
        frame["code"].tolist()
    with pytest.raises(type(plain.value)):
        column_list(frame, "code")


def test_codes_read_as_from_the_series(d2024):
    codes = Codes(d2024.tables)
    for table in ("general_budget_expenditure", "government_fund", "expenditure"):
        frame = d2024.tables[table]
        want = {c: i for c, i in zip(frame["code"].tolist(), frame["item"].tolist(),
                                     strict=True) if c}
        assert codes.rows(table) == want and want
        totals = dict(zip(frame["code"].tolist(), frame["total"].tolist(), strict=True))
        for code in want:
            assert codes.total(table, code) == totals[code]


# ---- facts made by one dict update ------------------------------------------------------------

_texts = st.text(max_size=8)
_amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2,
                       min_value=-10**6, max_value=10**6)


@settings(max_examples=200, deadline=None)
@given(_texts, st.integers(0, 10**6), _texts, _texts, _amounts, _texts,
       st.none() | _amounts, _texts, _texts, _texts, _texts, _texts)
def test_new_fact_as_the_dataclass(section, line, subject, measure, value, unit, wan, table,
                                   code, column, basis, text):
    fast = scanner.new_fact(section, line, subject, measure, value, unit, wan, table, code,
                            column, basis, text)
    plain = Fact(section, line, subject, measure, value, unit, wan, False, table, code, column,
                 basis, text)
    assert type(fast) is Fact
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items())
    assert fast.row() == plain.row()
    with pytest.raises(AttributeError):  # frozen all the same
        fast.line = 1  # type: ignore[misc]


# ---- figures: the date tests only where a number has no unit or the unit 年 --------------------


# _FORMER_FIGURE: the figure pattern before it opened with the digit, held in
# test_p26r2_text_figures.py (which tests the new pattern against it).
def ref_figures(text: str, folded: str | None = None) -> list[Figure]:
    """figures before the sixth round (every number put through the date tests, the marker
    read before the digit check), verbatim but for the module's names."""
    if folded is None:
        folded = fold(text)
    marker = S._marker(folded)
    if S._DIGIT.search(folded) is None:
        return []
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
        if not unit:
            if S._NOT_FIGURE_AFTER.match(s, num_end):
                continue
            if S._CLOSE_PAREN.match(s, num_end) and s[:start].rstrip().endswith("("):
                continue
            if len(plain) > 1 and plain.startswith("0") and "." not in plain:
                continue
        if unit in (None, "年") and S._YEAR.fullmatch(plain) and \
                S._AFTER_YEAR.match(s, num_end):
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


def test_no_unit_but_nian_starts_with_a_date_word():
    # The reason the date tests are skipped for a number with another unit.
    assert [u for u in S._UNITS if u != "年" and u[0] in "月日年"] == []


_FIGURE_TEXT = st.lists(st.sampled_from([
    "1", "2", "0", "9", "2024", "2023", "12", "3.5", "1,915.52", "，", ",", ".", "、", " ", "　",
    "年", "月", "日", "号", "路", "期", "万元", "元", "亿元", "%", "％", "个", "人", "人次", "辆",
    "台（套）", "分", "余", "多", "以上", "约", "近", "超过", "逾", "第", "(", ")", "（", "）",
    "一是", "1、", "（1）", "①", "增长", "预算", "至", "-", "—", "~", "。", "；",
]), max_size=24).map("".join)


@settings(max_examples=600, deadline=None)
@given(_FIGURE_TEXT)
def test_figures_as_before(text):
    assert figures(text) == ref_figures(text)
    assert [(f.unit, f.qualifier, f.end) for f in figures(text)] == \
        [(f.unit, f.qualifier, f.end) for f in ref_figures(text)]


def test_figures_as_before_on_the_seed(d2024):
    n = 0
    for key in d2024.sections:
        for par in section_paragraphs(d2024.sections, key, own_only=True):
            for sent in S.sentences(par):
                got = figures(sent.text, sent.folded)
                assert got == ref_figures(sent.text, sent.folded), sent.text
                n += len(got)
    assert n > 100


# ---- match_code: each candidate's agreement worked out once ----------------------------------


def ref_match_code(codes: Codes, table: str, names: tuple[str, str, str],
                   amount: Decimal | None = None, printed: str = ""
                   ) -> tuple[str, tuple[str, str, str], str]:
    """match_code before the sixth round (the agreement of a code asked afresh each time)."""
    rows = codes.rows(table)
    cls, kuan, xiang = names

    def path(c):
        return rows.get(c[:3], ""), rows.get(c[:5], ""), rows[c]

    def agreement(c):
        t = path(c)
        return same_name(cls, t[0]), same_name(kuan, t[1]), same_name(xiang, t[2])

    def result(c):
        mismatch = ",".join(level for level, ok in zip("类款项", agreement(c), strict=True)
                            if not ok)
        return c, path(c), mismatch

    def by_amount(cands):
        if amount is None:
            return []
        return [c for c in cands if budget_execution._same_amount(codes.total(table, c), amount)]

    if len(printed) == 7 and printed in rows:
        return result(printed)
    candidates = codes.named(table, 7, xiang)
    if candidates:
        ranked = sorted(candidates, key=lambda c: (-sum(agreement(c)), c))
        best = ranked[0]
        tied = [c for c in ranked if sum(agreement(c)) == sum(agreement(best))]
        if len(tied) > 1:
            tied = by_amount(tied)
            if len(tied) != 1:
                return "", ("", "", ""), "ambiguous"
            best = tied[0]
        return result(best)
    items = {c: n for c, n in rows.items() if len(c) == 7}
    kuans = [c for c, n in rows.items() if len(c) == 5 and same_name(kuan, n)
             and (not cls or same_name(cls, rows.get(c[:3], "")))]
    classes = [c for c, n in rows.items() if len(c) == 3 and same_name(cls, n)]
    scope = kuans or classes
    within = [c for c in items if any(c.startswith(k) for k in scope)]
    found = by_amount(within)
    if len(found) == 1:
        return result(found[0])
    if amount is None:
        scored = sorted(((difflib.SequenceMatcher(None, norm_name(xiang), norm_name(n)).ratio(),
                          c) for c, n in items.items() if same_name(cls, rows.get(c[:3], ""))),
                        reverse=True)
        if scored and scored[0][0] >= 0.6:
            return result(scored[0][1])
    return "", ("", "", ""), "ambiguous" if len(found) > 1 else "unmatched"


def test_match_code_as_before(d2024):
    codes = Codes(d2024.tables)
    table = "general_budget_expenditure"
    rows = codes.rows(table)
    triples = [(rows.get(c[:3], ""), rows.get(c[:5], ""), n) for c, n in rows.items()
               if len(c) == 7]
    assert triples
    # Each 项 by its names, with each level's name swapped for another row's (a mismatch),
    # with and without an amount, by a printed code, and names no row has.
    cases = []
    for k, (cls, kuan, xiang) in enumerate(triples):
        other = triples[(k + 1) % len(triples)]
        cases += [(cls, kuan, xiang), (other[0], kuan, xiang), (cls, other[1], xiang),
                  (cls, kuan, xiang + "支出"), (cls, kuan, "没有的项"), ("", "", xiang)]
    amounts = [None, Decimal("0"), *(codes.total(table, c) for c in list(rows)[:6])]
    for names in cases:
        for amount in amounts:
            for printed in ("", next(iter(c for c in rows if len(c) == 7)), "1234567"):
                assert budget_execution.match_code(codes, table, names, amount, printed) == \
                    ref_match_code(codes, table, names, amount, printed), (names, amount)


# ---- Hit and Cue made by one dict update --------------------------------------------------------


def test_hit_and_cue_as_the_dataclasses_they_were():
    @dataclasses.dataclass(frozen=True)
    class RefCue:
        measure: str
        basis: str = ""
        negative: bool = False
        share_of: str = ""

    for args, kw in [(("amount",), {}), (("share",), {"share_of": "支出"}),
                     (("change", "budget", True), {}), (("rate", "", False, "x"), {})]:
        fast, plain = scanner.Cue(*args, **kw), RefCue(*args, **kw)
        assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
        assert repr(fast).partition("(")[2] == repr(plain).partition("(")[2]
        assert fast == scanner.Cue(*args, **kw) and hash(fast) == hash(scanner.Cue(*args, **kw))
        assert list(vars(fast)) == [f.name for f in dataclasses.fields(scanner.Cue)]
        with pytest.raises(AttributeError):
            fast.measure = "x"  # type: ignore[misc]
    t = T("支出", "expenditure.total")
    hit = scanner.Hit(1, 3, t, "expenditure.total", "")
    assert (hit.start, hit.end, hit.topic, hit.subject, hit.code) == \
        (1, 3, t, "expenditure.total", "")
    assert list(vars(hit)) == [f.name for f in dataclasses.fields(scanner.Hit)]
    assert hit == scanner.Hit(1, 3, t, "expenditure.total", "")
    with pytest.raises(AttributeError):
        hit.start = 0  # type: ignore[misc]


# ---- inline markers: patterns that open with the marker's character ---------------------------

_REF_INLINE = {
    "shi": re.compile(r"(?:^|(?<=[。;:,，；：\s]))([一二三四五六七八九十]{1,3})是"),
    "dot": re.compile(r"(?:^|(?<=[。;:,；：\s]))(\d{1,2})\s*[、.](?![\d])"),
}
_MARKER_TEXT = st.lists(st.sampled_from([
    "一", "二", "三", "十", "九", "是", "1", "2", "12", "123", "0", "、", ".", " ", "\n", "。", ";",
    ":", ",", "，", "；", "：", "x", "年", "(", ")", "3.5",
]), max_size=20).map("".join)


@settings(max_examples=800, deadline=None)
@given(_MARKER_TEXT)
def test_inline_markers_as_the_former_patterns(text):
    for style, ref in _REF_INLINE.items():
        got = [(m.span(), m.group(1)) for m in S._INLINE[style].finditer(text)]
        assert got == [(m.span(), m.group(1)) for m in ref.finditer(text)], style


def test_inline_markers_as_the_former_patterns_on_the_seed(d2024):
    n = 0
    for key in d2024.sections:
        for par in section_paragraphs(d2024.sections, key, own_only=True):
            for style, ref in _REF_INLINE.items():
                got = [(m.span(), m.group(1)) for m in S._INLINE[style].finditer(par.folded)]
                assert got == [(m.span(), m.group(1)) for m in ref.finditer(par.folded)]
                n += len(got)
    assert n > 10


# ---- the budget-execution sections' paragraphs made once ---------------------------------------


def test_explanation_facts_with_the_items_paragraphs_as_made_afresh():
    shared = 0
    for _, d in readable_documents():
        items = read_items(d.sections, Codes(d.tables))
        for key, pars in items.paragraphs.items():
            assert pars == section_paragraphs(d.sections, key)
            shared += len(pars)
        fresh = items._replace(paragraphs={})  # the narrative makes every section's own
        assert explanation_facts(d.sections, d.tables, items) == \
            explanation_facts(d.sections, d.tables, fresh)
        # Items read from other sections lend no paragraphs.
        other = items._replace(sections=dict(d.sections))
        assert explanation_facts(d.sections, d.tables, other) == \
            explanation_facts(d.sections, d.tables, fresh)
    assert shared > 20


# ---- topic hits ordered by C-level keys ---------------------------------------------------------


def ref_hits(self: scanner.Scanner, s: str) -> list[scanner.Hit]:
    """Scanner.hits before the sixth round (lambdas as sort keys), verbatim."""
    found = []
    for rank, topic, needs in self._plan:
        if needs:
            for word in needs:
                if word in s:
                    break
            else:
                continue
        for m in topic.pattern.finditer(s):
            a, b = m.span()
            if b > a:
                found.append((a - b, rank, a, b, m, topic))
    found.sort(key=lambda h: h[:3])
    taken: list[tuple[int, int]] = []
    out = []
    for _, _, a, b, m, topic in found:
        if any(a < e and s0 < b for s0, e in taken):
            continue
        taken.append((a, b))
        subject, code = self._fill(topic, m)
        out.append(scanner.Hit(a, b, topic, subject, code))
    return sorted(out, key=lambda h: h.start)


def test_hits_as_before():
    from zhuzhou_budget.transform.lexicon import LEXICONS
    from zhuzhou_budget.transform.performance_cues import LEXICON
    n = 0
    for _, d in readable_documents():
        codes = Codes(d.tables)
        scanners = [scanner.Scanner(lex, codes) for lex in [*LEXICONS.values(), LEXICON]]
        for key in d.sections:
            for par in section_paragraphs(d.sections, key, own_only=True):
                for sent in S.sentences(par):
                    for sc in scanners:
                        got = sc.hits(sent.folded)
                        assert got == ref_hits(sc, sent.folded), sent.text
                        n += len(got)
    assert n > 500
