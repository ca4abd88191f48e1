"""A table continued over pages is one table, in the three ways real documents print it:
(a) the title, the header rows and even the 合计 row printed again on the next page;
(b) the header rows only; (c) neither — the rows simply go on. Each shape has a fixture of its
own, derived from the Zhuzhou 2024 text by splitting a table over a page break; the facts must
come out exactly as from the text printed in one piece. A title printed again further on,
after other tables, is a second instance: named in `problems`, never fatal.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import zhuzhou_budget as zb

VALUE_COLS = ["table", "code", "item", "column", "amount", "level", "side", "line"]

# The 支出决算表 of the Zhuzhou text: its title block and header rows as printed.
EXP_TITLE = "支出决算表\n\n公开03表\n金额单位：万元\n\n部门：株洲市住房和城乡建设局\n\n"
EXP_HEADER = ("科目代码\t项目\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
              "\t科目名称\t\t\t\t\t\t\n"
              "栏次\t\t1\t2\t3\t4\t5\t6\n")
EXP_TOTAL = "合计\t\t22,396.43\t10,934.24\t11,462.19\t\t\t\n"
# The page breaks after this row (then 211 节能环保支出 goes on).
SPLIT_AFTER = "2101199\t其他行政事业单位医疗支出\t511.54\t511.54\t\t\t\t\n"


def _write(tmp_path: Path, text: str, name: str = "continued.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _facts(d: zb.Disclosure, table: str | None = None):
    f = d.facts if table is None else d.facts[d.facts["table"] == table]
    return f[VALUE_COLS].astype(str).reset_index(drop=True)


def _continued(raw_text: str, repeat: str) -> str:
    assert raw_text.count(SPLIT_AFTER) == 1 and raw_text.count(EXP_TITLE + EXP_HEADER) == 1
    return raw_text.replace(SPLIT_AFTER, SPLIT_AFTER + "\f" + repeat)


@pytest.mark.parametrize("shape,repeat", [
    ("a-title-header-total", EXP_TITLE + EXP_HEADER + EXP_TOTAL),
    ("a-title-header", EXP_TITLE + EXP_HEADER),
    ("b-header-only", EXP_HEADER),
    ("c-rows-go-on", ""),
])
def test_a_table_continued_over_a_page_is_one_table(tmp_path, raw_text, d2024, shape, repeat):
    d = zb.load(_write(tmp_path, _continued(raw_text, repeat)))
    assert d.complete and d.problems == []
    assert _facts(d).equals(_facts(d2024))
    exp = d.tables["expenditure"]
    # One 合计, rows in print order across the break.
    assert list(exp["level"]).count("total") == 1
    items = list(exp["code"])
    assert items.index("2101199") + 1 == items.index("211")
    assert exp.loc[exp["code"] == "211", "total"].item() == Decimal("5.04")
    repeats = d.table_info["expenditure"].repeated_rows
    assert [r.agrees for r in repeats] == ([True] if shape == "a-title-header-total" else [])


def test_a_repeated_total_that_disagrees_is_kept_as_evidence(tmp_path, raw_text):
    wrong = EXP_TOTAL.replace("22,396.43", "22,396.34")
    d = zb.load(_write(tmp_path, _continued(raw_text, EXP_TITLE + EXP_HEADER + wrong)))
    exp = d.table_info["expenditure"]
    assert [r.agrees for r in exp.repeated_rows] == [False]
    # Which copy is right is not known: the table is not read whole.
    assert d.gaps == [f"table expenditure prints its total again at line "
                      f"{exp.repeated_rows[0].line} with other amounts than at line "
                      f"{exp.repeated_rows[0].first_line}"]
    # The first copy is the one read.
    assert d.tables["expenditure"].loc[0, "total"] == Decimal("22396.43")


def test_a_summary_with_line_numbers_continued_with_its_title(tmp_path, raw_text, d2024):
    # The 收入支出决算总表 (行次 printed) split after its 行次 10 with title and header again.
    start = raw_text.index("\n收入支出决算总表\n\n部门") + 1
    body = raw_text[start:raw_text.index("收入决算表\n", start)]
    title_block = body[:body.index("一、一般公共预算财政拨款收入")]
    assert title_block.endswith("栏次\t\t1\t栏次\t\t2\n")
    row = "\t10\t\t十、节能环保支出\t40\t5.04\n"
    assert raw_text.count(row) == 1
    text = raw_text.replace(row, row + "\f" + title_block, 1)
    d = zb.load(_write(tmp_path, text))
    assert d.problems == [] and d.complete
    assert _facts(d).equals(_facts(d2024))


def test_a_title_printed_again_after_other_tables_costs_nothing(tmp_path, raw_text, d2024):
    # A second instance of the 支出决算表 after the 三公 table: named, and everything loads.
    start = raw_text.index(EXP_TITLE)
    end = raw_text.index("财政拨款收入支出决算总表\n", start)
    again = raw_text[start:end]
    part3 = raw_text.index("第三部分")
    text = raw_text[:part3] + again + raw_text[part3:]
    d = zb.load(_write(tmp_path, text))
    assert [p.table for p in d.problems] == ["expenditure"]
    assert "printed again" in d.problems[0].reason
    assert _facts(d, "expenditure").equals(_facts(d2024, "expenditure"))
    assert sorted(d.tables) == sorted(d2024.tables)


def test_contents_entries_are_not_continuations(tmp_path, raw_text, d2024):
    # A contents list whose last entry names the table that follows it directly.
    text = raw_text.replace(EXP_TITLE, "目录\n三、支出决算表\n" + EXP_TITLE, 1)
    d = zb.load(_write(tmp_path, text))
    assert _facts(d).equals(_facts(d2024))
