"""Department and year from the document's own title, in the shapes real covers print it."""

from __future__ import annotations

import shutil

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.extract.lines import Line
from zhuzhou_budget.extract.titles import title_meta


@pytest.mark.parametrize("cover,expected", [
    (["上海市普陀区财政局", "2024年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["上海市普陀区财政局 2024 年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["2024年度株洲市住房和城乡建设局部门决算公开"], ("株洲市住房和城乡建设局", 2024)),
    (["**2024年度", "株洲市住房和城乡建设局", "部门决算公开**"], ("株洲市住房和城乡建设局", None)),
    (["某某县教育局2023年部门决算"], ("某某县教育局", 2023)),
    (["目 录", "第一部分 概况"], ("", None)),
    # a name wrapped over two or three lines, above or into the year and 部门决算 line
    (["上海市普陀区规划和自然", "资源局", "2024年度部门决算"], ("上海市普陀区规划和自然资源局", 2024)),
    (["上海市普陀区规划和", "自然资源局2024年度部门决算"], ("上海市普陀区规划和自然资源局", 2024)),
    (["上海市", "普陀区规划和", "自然资源局", "2024年度部门决算"], ("上海市普陀区规划和自然资源局", 2024)),
    (["2024年度", "上海市普陀区规划和自然", "资源局", "部门决算"], ("上海市普陀区规划和自然资源局", None)),
    (["2024年度上海市普陀区规划和", "自然资源局部门决算"], ("上海市普陀区规划和自然资源局", 2024)),
    (["上海市", "普陀区财政局", "2024年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["中共上海市委", "宣传部", "2024年度部门决算"], ("中共上海市委宣传部", 2024)),
    # a name above a complete name is another name, and a heading is no name
    (["上海市人民政府", "上海市普陀区财政局", "2024年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["附件2", "目录", "上海市普陀区财政局", "2024年度部门决算"], ("上海市普陀区财政局", 2024)),
    # a budget's cover (部门预算), as the Southwest University and Guangzhou budgets print it
    (["西南大学", "2024 年度部门预算", "2024 年 4 月"], ("西南大学", 2024)),
    (["2026年", "广州市统计局部门预算"], ("广州市统计局", None)),
])
def test_title_meta(cover, expected):
    assert title_meta([Line(k + 1, 1, t) for k, t in enumerate(cover)]) == expected


def test_a_document_outside_the_manifest_names_itself(tmp_path):
    copy = tmp_path / "any-name.txt"
    shutil.copy(RAW_2024, copy)
    d = zb.load(copy)
    assert (d.meta.department, d.meta.year, d.meta.department_id) == (
        "株洲市住房和城乡建设局", 2024, "")
