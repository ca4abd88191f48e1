"""match_title refuses a line without 表 before trying the title patterns (titles.TITLE_WORD):
a rule that holds only while every title pattern requires the word. Checked on the patterns'
syntax trees: 表 must be a literal at the top level of each (not inside an optional group or
an alternative), so no text without it can match."""

from __future__ import annotations

import re._parser as sre_parse  # type: ignore[import-not-found]

from zhuzhou_budget.extract.lines import Line
from zhuzhou_budget.extract.titles import TITLE_WORD, find_titles, match_title
from zhuzhou_budget.metadata.tables import TABLES


def _required_literals(pattern: str) -> set[str]:
    return {chr(av) for op, av in sre_parse.parse(pattern) if op == sre_parse.LITERAL}


def test_every_title_pattern_requires_the_title_word() -> None:
    lacking = [tid for tid, spec in TABLES.items()
               if TITLE_WORD not in _required_literals(spec.title)]
    assert lacking == []


def test_the_syntax_check_sees_an_optional_word() -> None:
    # The check itself can fail: 表 optional, or in an alternative, is not required.
    assert TITLE_WORD not in _required_literals("收入决算(表)?")
    assert TITLE_WORD not in _required_literals("收入决算(?:表|单)")
    assert TITLE_WORD in _required_literals("(部门)?收入决算表")


def test_no_other_character_becomes_the_title_word_under_nfkc() -> None:
    # match_title looks for 表 in the text as printed, before NFKC: exact only while no other
    # character (a compatibility ideograph, say) normalises to it.
    import sys
    import unicodedata

    others = [hex(c) for c in range(sys.maxunicode + 1) if chr(c) != TITLE_WORD
              and TITLE_WORD in unicodedata.normalize("NFKC", chr(c))]
    assert others == []


def test_titles_still_match_and_lines_without_the_word_do_not() -> None:
    assert match_title("收入支出决算总表") == "income_expenditure_summary"
    assert match_title("2024年度部门收入决算表（公开02表）") == "income"
    assert match_title("一般公共预算财政拨款“三公”经费支出决算表") == "three_public"
    # NFKC: a full-width space and digits fold before the word is looked for.
    assert match_title("表３　支出决算表") == "expenditure"
    assert match_title("收入支出决算总") is None
    assert match_title("一、收入支出决算总体情况") is None


def test_a_title_broken_over_two_lines_is_still_joined() -> None:
    lines = [Line(1, 1, "一般公共预算财政拨款"), Line(2, 1, "单位：万元"), Line(3, 1, "部门：某局"),
             Line(4, 1, "基本支出决算表")]  # 表 three lines on: the head is still looked at
    assert [(i, tid) for i, tid, _ in find_titles(lines)] == [(0, "basic_expenditure")]
    lines = [Line(1, 1, "一般公共预算财政拨款基本支出决算"), Line(2, 1, "表"),
             Line(3, 1, "单位：万元")]
    assert [(i, tid) for i, tid, _ in find_titles(lines)] == [(0, "basic_expenditure")]
