"""Department and year from the document's own title, in the shapes real covers print it."""

from __future__ import annotations

import shutil

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.disclosure import title_meta
from zhuzhou_budget.extract.lines import Line


@pytest.mark.parametrize("cover,expected", [
    (["上海市普陀区财政局", "2024年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["上海市普陀区财政局 2024 年度部门决算"], ("上海市普陀区财政局", 2024)),
    (["2024年度株洲市住房和城乡建设局部门决算公开"], ("株洲市住房和城乡建设局", 2024)),
    (["**2024年度", "株洲市住房和城乡建设局", "部门决算公开**"], ("株洲市住房和城乡建设局", None)),
    (["某某县教育局2023年部门决算"], ("某某县教育局", 2023)),
    (["目 录", "第一部分 概况"], ("", None)),
])
def test_title_meta(cover, expected):
    assert title_meta([Line(k + 1, 1, t) for k, t in enumerate(cover)]) == expected


def test_a_document_outside_the_manifest_names_itself(tmp_path):
    copy = tmp_path / "any-name.txt"
    shutil.copy(RAW_2024, copy)
    d = zb.load(copy)
    assert (d.meta.department, d.meta.year, d.meta.department_id) == (
        "株洲市住房和城乡建设局", 2024, "")
