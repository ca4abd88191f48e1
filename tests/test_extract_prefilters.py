"""The shortcuts of the text route's reading (load), each held to the general way it
replaces: a line refused before NFKC as no narrative heading; titles looked for only near a
line holding 表; the end of each section found in one pass; an amount parsed once per text."""

from __future__ import annotations

import sys
import unicodedata
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract import tables, titles
from zhuzhou_budget.extract.lines import Line
from zhuzhou_budget.extract.numbers import is_amount, normalize, parse_amount, parse_amount_unit
from zhuzhou_budget.extract.sections import Section, _next_at_or_above, split_sections


def test_the_heading_end_characters_are_every_source_of_them_under_nfkc():
    ends = "明况释"  # the last characters of 说明 情况 概况 解释
    sources = {chr(c) for c in range(sys.maxunicode + 1)
               if any(e in unicodedata.normalize("NFKC", chr(c)) for e in ends)}
    assert sources == set(tables._HEADING_END_CHARS)


def _ends_tables_in_full(line: Line) -> bool:
    text = line.text.strip()
    return bool(tables.PART_HEADING.match(text)
                or tables._NARRATIVE_HEADING.match(normalize(text)))


@pytest.mark.parametrize("text", [
    "三、决算报表说明", "（一）收入支出决算总体情况说明", "(二)支出决算情况", "一、部门概况",
    "四、名词解释", "  五、其他情况  ", "第三部分 部门决算情况说明", "第一部分",
    "一、收入支出决算总体情况说明。", "一、2024年收入情况", "收入支出决算总表", "",
    "一、明治\u337e", "一、某某情\ufa71", "一、某某情\U0002f81b", "二、決算說明",
    "（一）\u3000收入情况", "一、某某说明\t1", "十一、关于政府采购支出说明",
])
def test_a_narrative_heading_is_found_as_without_the_prefilter(text):
    line = Line(1, 1, text)
    assert tables._ends_tables(line) == _ends_tables_in_full(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二三、（）()说明情况概解释表第部分 \t\u337e\ufa71\U0002f81b0123",
               max_size=20))
def test_any_line_ends_tables_as_without_the_prefilter(text):
    line = Line(1, 1, text)
    assert tables._ends_tables(line) == _ends_tables_in_full(line)


def _find_titles_line_by_line(lines, document):
    """find_titles before its shortcut: every line looked at, those with no 表 near passed."""
    out, taken = [], set()
    worded = [titles.TITLE_WORD in ln.text for ln in lines]
    for i, ln in enumerate(lines):
        if ln.no in taken or not any(worded[i:i + 4]):
            continue
        if tid := titles.match_title(ln.text, document):
            out.append((i, tid, set()))
        elif joined := titles._broken_title(lines, i, document):
            out.append((i, *joined))
            taken |= joined[1]
    return out


_PIECES = ["收入支出决算总表", "收入决算表", "支出决算表", "一般公共预算财政拨款", "基本支出决算表",
           "表", "单位：万元", "公开01表", "", "部门：某局", "收入决算", "说明文字，", "部门收入总表",
           "国有资本经营预算财政拨款收入", "支出决算表", "收支预算总表"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14),
       st.sampled_from([None, "final", "budget"]))
def test_titles_near_the_word_are_every_title_found_line_by_line(pieces, document):
    lines = [Line(k + 1, 1, text) for k, text in enumerate(pieces)]
    assert titles.find_titles(lines, document) == _find_titles_line_by_line(lines, document)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=30))
def test_each_section_ends_at_the_next_of_its_level_or_above(levels):
    ordered = [Section("", f"h{k}", level, k + 1) for k, level in enumerate(levels)]
    by_scan = [next((s for s in ordered[k + 1:] if s.level <= sec.level), None)
               for k, sec in enumerate(ordered)]
    assert _next_at_or_above(ordered) == by_scan
    assert [id(s) for s in _next_at_or_above(ordered)] == [id(s) for s in by_scan]


def test_sections_end_where_the_next_heading_of_their_level_starts():
    text = ["第一部分 概况", "一、职责", "（一）甲", "正文", "（二）乙", "正文", "二、机构", "正文",
            "第二部分 说明", "一、收入", "正文"]
    secs = split_sections([Line(k + 1, 1, t) for k, t in enumerate(text)], set())
    assert {k: (s.start_line, s.end_line) for k, s in secs.items()} == {
        "第一部分 概况": (1, 8), "一、职责": (2, 6), "（一）甲": (3, 4), "（二）乙": (5, 6),
        "二、机构": (7, 8), "第二部分 说明": (9, 11), "一、收入": (10, 11)}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.()（）-−元万千亿 ２３，．—", max_size=12))
def test_is_amount_is_parse_amount_succeeding_with_a_value(text):
    try:
        parsed = parse_amount(text)
    except ValueError:
        parsed = None
    assert is_amount(text) == (parsed is not None)


def test_a_parsed_amount_is_the_same_each_time_and_negated_by_the_caller():
    for _ in range(2):  # the second time from the cache
        assert parse_amount_unit("(1,234.50元)") == (Decimal("-1234.50"), "元")
        assert parse_amount_unit("—") == (None, "")
        with pytest.raises(ValueError, match="not a number: '12元5'"):
            parse_amount_unit("12元5")
    long = "(" + "1" * 30 + ")"
    assert parse_amount(long) == -Decimal("1" * 30)  # rounded to 28 digits; now cached
    with localcontext() as ctx:  # the negation rounds in the caller's context, as before
        ctx.prec = 5
        assert str(parse_amount(long)) == "-1.1111E+29"
    assert is_amount("1,234.50") and not is_amount("—") and not is_amount("abc")


def test_a_line_read_is_the_line_its_constructor_makes(tmp_path):
    from zhuzhou_budget.extract.lines import _new_line, read_lines

    made, built = _new_line(3, 2, "收入 1.00"), Line(3, 2, "收入 1.00")
    assert made == built and hash(made) == hash(built) and vars(made) == vars(built)
    assert made.tabbed is False and repr(made) == repr(built)
    with pytest.raises(AttributeError):  # still frozen
        made.text = "x"  # type: ignore[misc]
    path = tmp_path / "a.txt"
    path.write_text("第一行\n\f第二页\t1\r\n", encoding="utf-8")
    assert read_lines(path) == [Line(1, 1, "第一行"), Line(2, 2, "第二页\t1")]


def _fixture_lines():
    from pathlib import Path

    from zhuzhou_budget.extract.lines import read_lines
    data = Path(__file__).parent / "data"
    paths = (sorted(data.glob("*.txt")) + sorted((data / "plain").glob("*.txt"))
             + sorted((data.parents[0].parent / "data" / "raw").glob("*/*.txt")))
    texts = {ln.text for p in paths for ln in read_lines(p)}
    return sorted(texts | {"", "  ", "注：1. 说明", "公开 02 表", "第 3 页", "表 2",
                           "\t合计\t\t12.00", "合计 基本支出 项目支出", "第三部分 说明"})


def test_a_line_is_sorted_by_its_text_as_by_each_test():
    # tables._line_marks, _is_data_text and _holds_total_label cache per text what
    # _sort_lines tested line by line: the same answers on every line of the fixtures.
    import re

    from zhuzhou_budget.extract import tables
    from zhuzhou_budget.extract.lines import Line, split_cells
    from zhuzhou_budget.extract.page_patterns import META, PAGE_FOOTER, TOTAL_LABEL
    from zhuzhou_budget.extract.titles import NUMBER_ONLY

    for text in _fixture_lines():
        s = text.strip()
        assert tables._line_marks(text) == (
            s, bool(PAGE_FOOTER.match(s)), bool(tables._TABLE_NUMBER.match(s)),
            bool(NUMBER_ONLY.match(s)), bool(re.match(r"^注\s*[:：0-9]", s)),
            bool(META.search(s)))
        cells = split_cells(Line(1, 1, text))
        for kind in ("coded", "summary", "economic", "three_public"):
            for numbered in (False, True):
                for started in (False, True):
                    assert tables._is_data_text(kind, text, numbered, started) == \
                        tables._is_data(kind, cells, numbered, started)
        assert tables._holds_total_label(text) == any(
            TOTAL_LABEL.match(c.norm) for c in cells if c.norm)
        assert tables._ends_tables_text(text) == (
            bool(tables.PART_HEADING.match(s)) or bool(
                tables._NARRATIVE_HEADING.match(tables.normalize(s))))


def test_part_markers_and_heading_levels_by_text():
    from zhuzhou_budget.extract import sections

    for text in _fixture_lines():
        m = sections.PART_HEADING.match(text.strip())
        assert sections._part_marker(text) == (m.group() if m else None)
        assert sections.heading_level(text) == sections.heading_level.__wrapped__(text)
