"""Chinese list-marker numbers: a run of numerals that is no number (一一, 九九, 十十, 一二三)
is ordinary text, never an error. The markers' patterns admit any run of up to three numerals,
so a sentence such as "第九九项" reached the number reader, which raised KeyError and cost the
whole document as an "unexpected" error."""

from __future__ import annotations

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.extract.sentences import cn_number, enumerations, figures, leading_marker


@pytest.mark.parametrize(("text", "number"), [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("一十", 10), ("一十九", 19), ("二十", 20),
    ("二十一", 21), ("九十九", 99), ("12", 12), ("①", 1), ("⑳", 20),
])
def test_numbers(text: str, number: int) -> None:
    assert cn_number(text) == number


@pytest.mark.parametrize("text", ["一一", "九九", "十十", "一二三", "二一", "十一十", "十十一", ""])
def test_runs_of_numerals_that_are_no_number(text: str) -> None:
    assert cn_number(text) is None


def test_leading_markers() -> None:
    assert leading_marker("第十一项，金额5万元") == (11, 3)
    assert leading_marker("（三）项目支出") == (3, 3)
    assert leading_marker("第一一项，金额5万元") is None
    assert leading_marker("九九、其他") is None
    assert leading_marker("（十十）其他") is None


def test_figures_of_a_sentence_with_no_number_marker() -> None:
    (figure,) = figures("第九九项，金额5万元")
    assert (str(figure.value), figure.unit) == ("5", "万元")
    assert figures("第一一") == []


def test_inline_runs_pass_over_numerals_that_are_no_number() -> None:
    text = "主要做法：一是加强管理；一一是笔误；二是压减支出。"
    (run,) = enumerations(text)
    assert [item.no for item in run.items] == [1, 2]


def test_a_document_with_such_sentences_loads(tmp_path) -> None:
    seed = RAW_2024.read_text(encoding="utf-8")
    anchor = "（一）绩效评价工作开展情况。"
    assert seed.count(anchor) == 1
    text = seed.replace(anchor, anchor + "第一一，一二三是九九、（十十）。")
    path = tmp_path / RAW_2024.name
    path.write_text(text, encoding="utf-8")
    altered, original = zb.load(path), zb.load(RAW_2024)
    assert altered.complete and altered.problems == original.problems
    assert sorted(altered.tables) == sorted(original.tables)
    for name, table in original.tables.items():
        assert altered.tables[name].equals(table), name
    assert altered.budget_execution.equals(original.budget_execution)
    assert len(original.budget_execution) == 23  # 22 general-budget items and one fund item
