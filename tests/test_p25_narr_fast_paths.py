"""The fifth round's fast paths of the narrative readers (issue 23) give what the plain ways give.

Each is held against the code it replaced (kept here as the oracle): Text and Figure built with
one dict update against the dataclasses they were; Text.slice against the former trimming loop
and line map, and the fold it slices from its paragraph's against folding; fold's translate
table against NFKC character by character; the unit classes set with a Figure against the
former lazy reads; measure_of's 预算 prefilter against its former loop; Codes.named against
comparing every row with same_name; the lazy Performance.facts against the frame made from the
facts; the prefilters of enumerations and Scanner._fill against running the general way.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract import sentences as S
from zhuzhou_budget.extract.sentences import Figure, Text, figures, fold
from zhuzhou_budget.transform import scanner
from zhuzhou_budget.transform.frames import facts_frame
from zhuzhou_budget.transform.lexicon import FUND_NAMES, SECTION_KINDS
from zhuzhou_budget.transform.paragraphs import (
    explanation_sections,
    part_has,
    section_kind,
    section_paragraphs,
)
from zhuzhou_budget.transform.performance import read_performance
from zhuzhou_budget.transform.scanner import Codes, Cue, measure_of, same_name

# ---- the former ways (the oracles), verbatim but for their names ------------------------------


@dataclasses.dataclass(frozen=True)
class RefText:
    text: str
    starts: tuple[tuple[int, int], ...]
    section: str = ""
    origin: int = 0

    def line_at(self, offset: int) -> int:
        k = bisect.bisect_right([o for o, _ in self.starts], offset) - 1
        return self.starts[max(k, 0)][1]

    def slice(self, start: int, end: int) -> RefText:
        offsets = [o for o, _ in self.starts]
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        starts = [(0, self.line_at(start))]
        lo = bisect.bisect_right(offsets, start)
        hi = bisect.bisect_left(offsets, end)
        starts += [(o - start, ln) for o, ln in self.starts[lo:hi]]
        return RefText(self.text[start:end], tuple(starts), self.section, self.origin + start)


_REF_BUDGET_WORDS = scanner._BUDGET_WORDS


def ref_budget_cue(fig: Figure, local: str, counts_topic: bool) -> Cue | None:
    """The tail of measure_of before the 预算 prefilter: the budget or actual cue, or None."""
    local = FUND_NAMES.sub("", local)
    for pattern, measure in _REF_BUDGET_WORDS:
        if pattern.search(local) and (fig.is_money or not fig.unit or (
                fig.base_unit == scanner.WAN_SHORT and not counts_topic)):
            return Cue(measure)
    return None


def ref_named(codes: Codes, table: str, size: int, name: str) -> list[str]:
    return [c for c, n in codes.rows(table).items() if len(c) == size and same_name(name, n)]


def ref_class_code(codes: Codes, name: str) -> str:
    for table in ("general_budget_expenditure", "expenditure"):
        for code, item in codes.rows(table).items():
            if len(code) == 3 and same_name(name, item):
                return code
    return next((c for c, n in scanner.FUNCTION_CLASSES.items() if same_name(name, n)), "")


# ---- dataclasses built with one dict update ----------------------------------------------------


def test_text_and_figure_are_the_dataclasses_they_were():
    t = Text("abc", ((0, 3),), "s", 2)
    assert (t.text, t.starts, t.section, t.origin) == ("abc", ((0, 3),), "s", 2)
    assert t == Text("abc", ((0, 3),), "s", 2) and hash(t) == hash(Text("abc", ((0, 3),), "s", 2))
    assert Text("abc", ((0, 3),)) == Text("abc", ((0, 3),), "", 0) != t
    assert repr(t) == "Text(text='abc', starts=((0, 3),), section='s', origin=2)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.text = "x"  # type: ignore[misc]
    f = Figure(Decimal("1.5"), "万元", 3, 7)
    assert f == Figure(Decimal("1.5"), "万元", 3, 7, "") != Figure(Decimal("1.5"), "元", 3, 7)
    assert hash(f) == hash(Figure(Decimal("1.5"), "万元", 3, 7, ""))
    assert repr(f) == "Figure(value=Decimal('1.5'), unit='万元', start=3, end=7, qualifier='')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.unit = "元"  # type: ignore[misc]


@pytest.mark.parametrize("unit", ["", "万元", "元", "亿元", "%", "％", "‰", "台（套）", "台(套)",
                                  "人次", "万", "分", "个"])
def test_figure_unit_class_as_the_lazy_reads(unit):
    f = Figure(Decimal(2), unit, 0, 1)
    base = fold(unit)  # the former base_unit, is_money, is_percent, read one by one
    assert (f.base_unit, f.is_money, f.is_percent) == (
        base, base in S.MONEY_UNITS, base in ("%", "‰"))
    assert f.to_wan() == (Decimal(2) * S.MONEY_UNITS[base] if base in S.MONEY_UNITS else None)


def ref_fold(text: str) -> str:
    """fold before the translate table: NFKC character by character, then − as -."""
    if text.isascii():
        return text
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c
                   for c in text).replace("−", "-")


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.text(max_size=30) | st.lists(st.sampled_from(
    list("０１２３４５６７８９，。：；（）％　−⁻①ⅫＡａ﹣－一二") + ["ﬁ", "㎡", "1,2", "a b"]),
    max_size=20).map("".join))
def test_fold_table_as_nfkc_by_character(text):
    assert fold.__wrapped__(text) == ref_fold(text)
    assert len(fold.__wrapped__(text)) == len(text)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("０１２３，。 ！？.!?（）年月万元％") + ["1.5", "　", "\n"]),
                max_size=25).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_slice_fold_and_figures_with_fold_given(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    par = Text(text, ((0, 1),))
    plain = Text(text, ((0, 1),)).slice(start, end)  # the parent's fold never read
    _ = par.folded
    piece = par.slice(start, end)  # the parent's fold read: the piece's sliced from it
    assert "folded" in piece.__dict__ and "folded" not in plain.__dict__
    assert piece.folded == plain.folded == fold(piece.text)
    assert figures(piece.text, piece.folded) == figures(piece.text)
    assert [(p.text, p.folded) for p in S.sentences(par)] == [
        (p.text, fold(p.text)) for p in S.sentences(Text(text, ((0, 1),)))]


def test_figure_groups_read_by_number():
    # figures() reads the groups of _FIGURE by number: they must be these.
    # (The seventh round's pattern opens with the number; the qualifier before it is read back.)
    assert S._FIGURE.groupindex == {"num": 1, "q1": 2, "unit": 3, "q2": 4}
    assert S._FIGURE.groups == 4


# ---- Text.slice ----------------------------------------------------------------------------------

PIECES = list("ab 一二。\n\t　,") + ["  ", "万元", "1.5"]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(texts, st.lists(st.integers(1, 24), max_size=4, unique=True), st.integers(0, 30),
       st.integers(0, 30), st.integers(0, 40))
def test_slice_as_the_former_loop(text, cuts, a, b, origin):
    starts = ((0, 7), *((c, 8 + k) for k, c in enumerate(sorted(c for c in cuts
                                                                 if c < len(text)))))
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    fast = Text(text, starts, "s", origin).slice(start, end)
    ref = RefText(text, starts, "s", origin).slice(start, end)
    assert (fast.text, fast.starts, fast.section, fast.origin) == (
        ref.text, ref.starts, ref.section, ref.origin)
    for offset in range(-1, len(text) + 2):  # line_at: one line without a search
        assert Text(text, starts).line_at(offset) == RefText(text, starts).line_at(offset)
        assert fast.line_at(offset) == ref.line_at(offset)


def test_slice_of_a_piece_not_starting_at_offset_zero():
    # A hand-made Text whose one line starts inside it: the general line map, not the fast one.
    fast, ref = Text("ab cd", ((2, 5),)).slice(0, 5), RefText("ab cd", ((2, 5),)).slice(0, 5)
    assert fast.starts == ref.starts == ((0, 5), (2, 5))


# ---- measure_of's 预算 prefilter ----------------------------------------------------------------

CLAUSES = ["", "年初预算为", "全年预算数", "调整后预算", "预算", "决算数为", "执行数",
           "实际支出", "实际使用", "使用金额", "一般公共预算财政拨款", "政府性基金预算支出",
           "预算单位", "预算管理费用", "一般公共预算年初预算", "国有资本经营预算决算",
           "支出", "其中：", "合计"]


@pytest.mark.parametrize("unit", ["", "万元", "元", "万", "个", "人"])
@pytest.mark.parametrize("counts_topic", [False, True])
@pytest.mark.parametrize("local", CLAUSES)
def test_budget_words_as_the_former_loop(local, unit, counts_topic):
    fig = Figure(Decimal(3), unit, 0, 1)
    cue = measure_of(fig, local, None, "x", {}, counts_topic)
    expected = ref_budget_cue(fig, local, counts_topic)
    if expected is not None:
        assert cue == expected
    else:  # the words of neither: the cues after them (persons, amount, count, none)
        assert cue.measure not in {m for _, m in _REF_BUDGET_WORDS}


# ---- the 2024 document (conftest's d2024): names, lazy facts, shared paragraphs -----------------


def test_named_as_comparing_every_row(d2024):
    codes = Codes(d2024.tables)
    names = {n for t in ("general_budget_expenditure", "expenditure", "government_fund")
             for n in codes.rows(t).values()}
    names |= {n.removesuffix("支出") for n in names} | {n + "支出" for n in names}
    names |= {"", "支出", "  卫生 健康 ", "不存在的名称"}
    for table in ("general_budget_expenditure", "expenditure", "government_fund", "none"):
        for size in (3, 5, 7):
            for name in names:
                assert codes.named(table, size, name) == ref_named(codes, table, size, name)
    for name in names:
        assert codes.class_code(name) == ref_class_code(codes, name)
    assert codes.class_code("卫生健康") == "210"


def test_performance_facts_frame_as_made_from_its_facts(d2024):
    performance = read_performance(d2024.sections, d2024.tables)
    assert "facts" not in performance.__dict__  # not made until asked
    frame = performance.facts
    pd.testing.assert_frame_equal(frame, facts_frame(list(performance.fact_list)))
    assert len(frame) > 20 and performance.facts is frame


def test_cached_section_words_as_the_plain_ones(d2024):
    kinds = [(re.compile(p), k) for p, k in SECTION_KINDS]
    for sec in d2024.sections.values():
        words = ("情况说明", "概况", "不在")
        assert part_has(sec, *words) == any(w in re.sub(r"\s", "", sec.part) for w in words)
        assert section_kind(sec.heading) == next(
            (k for p, k in kinds if p.search(sec.heading)), "")
    assert {kind for kind, _ in explanation_sections(d2024.sections)} >= {
        "general_budget", "performance", "three_public"}


# ---- enumerations' and figures' prefilters, Scanner._fill's fast path -----------------------------

marker_texts = st.lists(st.sampled_from(
    list("一二三是（）()、.。;；,，①②③ 12") + ["一是", "二是", "(1)", "（2）", "1、", "2.", "3、",
                                         "1.5", "第一", "①", "主要"]), max_size=25).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(marker_texts)
def test_enumerations_as_without_the_prefilter(text):
    fast = _outcome(S.enumerations, text)
    saved = dict(S._INLINE_NEEDS)
    try:
        S._INLINE_NEEDS.update({k: () for k in saved})  # every style's pattern run
        assert fast == _outcome(S.enumerations, text)
    finally:
        S._INLINE_NEEDS.update(saved)


def _outcome(fn, *args):
    """The result, or the kind of error (一一是 fails the same way either way)."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - compared, not hidden
        return type(e).__name__


def ref_fill(scan: scanner.Scanner, topic, m: re.Match) -> tuple[str, str]:
    groups = {k: scanner._SPACE.sub("", v or "") for k, v in m.groupdict().items()}
    code = topic.code
    if code == "{code}":
        code = scan.codes.class_code(groups.get("name", "")) if scan.codes else ""
        groups["code"] = code or groups.get("name", "")
    if "kind" in groups:
        groups["kind"] = scanner.KIND_SLUG.get(groups["kind"], groups["kind"])
    subject = topic.subject.format(**groups) if "{" in topic.subject else topic.subject
    return subject, code


def test_fill_as_the_former_way(d2024):
    from zhuzhou_budget.transform.lexicon import LEXICONS
    from zhuzhou_budget.transform.performance_cues import LEXICON

    codes = Codes(d2024.tables)
    texts = [fold(p.text) for kind, key in explanation_sections(d2024.sections)
             for p in section_paragraphs(d2024.sections, key)]
    texts += ["卫生健康(类)支出 12 万元", "单位价值 100 万元以上通用设备 3 台", "执法执勤用车 2 辆"]
    seen = 0
    for lexicon in [*LEXICONS.values(), LEXICON]:
        scan = scanner.Scanner(lexicon, codes)
        for topic in lexicon:
            for text in texts:
                for m in topic.pattern.finditer(text):
                    seen += 1
                    assert scan._fill(topic, m) == ref_fill(scan, topic, m)
    assert seen > 100


def test_measure_of_with_cues_as_with_the_phrase(d2024):
    from zhuzhou_budget.transform.scanner import SentenceCues

    texts = [p.folded for kind, key in explanation_sections(d2024.sections)
             for p in section_paragraphs(d2024.sections, key)]
    texts += ["与年初预算相比增加 5 万元,与上年相比减少 3.2%", "比预算增长 10%,较上年下降 2 万元",
              "同比增长 12%,与 2023 年相比增加 1 万元"]
    changes = 0
    for s in texts:
        for fig in figures(s):
            eager = SentenceCues(s)  # the phrase found before the call, as callers did
            local = s[eager.clause_start(fig.start):fig.start]
            phrase = eager.comparison_before(fig.start)
            lazy = SentenceCues(s)
            for subject in (None, "x"):
                cue = measure_of(fig, local, None, subject, {}, cues=lazy)
                assert cue == measure_of(fig, local, phrase, subject, {})
                changes += cue.measure.startswith(("change", "growth", "rate_vs"))
    assert changes >= 6


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("0123456789,，.a 一１٣")), max_size=20).map("".join))
def test_comma_in_number_led_by_the_comma(text):
    assert bool(S._COMMA_IN_NUMBER.search(text)) == bool(re.search(r"\d,\d", text))
