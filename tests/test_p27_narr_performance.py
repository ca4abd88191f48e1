"""The narrative frames' fast paths of the seventh round (issue 23) give what the plain ways
gave: the shared cues of plain measures, the performance facts grouped in one pass, the
performance reader that carries no topics past a paragraph's last scanned sentence, and
three_public_details reading its columns from their arrays. The former ways are kept here as
the oracles."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pandas as pd
import pytest

from tests.conftest import readable_documents
from zhuzhou_budget.extract.sentences import Text, sentences
from zhuzhou_budget.transform import details, performance
from zhuzhou_budget.transform.frames import Fact
from zhuzhou_budget.transform.paragraphs import explanation_sections, section_paragraphs
from zhuzhou_budget.transform.performance import _Reader
from zhuzhou_budget.transform.scanner import _PLAIN_CUES, Codes, Cue, measure_of, plain_cue

# ---- the former ways, verbatim but for their names ---------------------------------------------


def ref_by_subject(facts: list[Fact], prefix: str) -> dict[tuple[str, str], dict[str, Fact]]:
    out: dict[tuple[str, str], dict[str, Fact]] = {}
    for f in facts:
        if f.subject == prefix or f.subject.startswith(prefix + "."):
            out.setdefault((f.subject, f.section), {}).setdefault(f.measure, f)
    return out


class _RefReader(_Reader):
    """The reader with the former sentence loop: every sentence within a run carried over."""

    def _scan_sentences(self, par, runs, skip, inside) -> None:
        for sent in sentences(par):
            if inside(sent):
                self.scanner.carry(sent)
            else:
                self.facts += self.scanner.scan(sent, skip)


def ref_read_performance(sections, tables) -> performance.Performance:
    reader = _RefReader(Codes(tables))
    for kind, key in explanation_sections(sections):
        if kind == "performance":
            reader.read(section_paragraphs(sections, key), "")
    for sec in sections.values():
        if sec.level == 0 and "附件" in "".join(sec.heading.split()):
            reader.read(section_paragraphs(sections, sec.key), "annex")
    return reader.result()


def ref_three_public_details(facts: pd.DataFrame) -> list[dict]:
    """The rows the former three_public_details read (its columns as Series' lists)."""
    subjects = facts["subject"].tolist()
    fields = ("text", "measure", "value", "section", "line")
    values = {c: facts[c].tolist() for c in fields}
    return [{c: values[c][k] for c in fields} for k, s in enumerate(subjects)
            if s in ("three_public.overseas.trips", "three_public.reception.visits")]


# ---- tests -------------------------------------------------------------------------------------


def _fact(subject: str, measure: str, section: str = "s", line: int = 1) -> Fact:
    return Fact(section, line, subject, measure, Decimal(1), "万元", Decimal(1))


def test_plain_cues_equal_new_ones():
    for measure, cue in _PLAIN_CUES.items():
        assert cue == Cue(measure) and repr(cue) == repr(Cue(measure))
        assert plain_cue(measure) is cue
    assert plain_cue("growth_rate") == Cue("growth_rate")


def test_facts_grouped_in_one_pass_as_filtered_per_prefix():
    subjects = ["performance.overall", "performance.overallx", "performance.coverage",
                "performance.coverage.general_budget", "performance.coverage.a.b",
                "performance.expenditure.basic", "performance.expenditure", "performance",
                "performance.", "performance.achievement.1", "overall", "income.total",
                "performance.coverage.general_budget"]
    facts = [_fact(s, m, sec, line)
             for line, (s, m, sec) in enumerate(itertools.product(
                 subjects, ("amount", "count", "amount"), ("a", "b")))]
    grouped = performance._group_facts(facts)
    for prefix in performance._GROUPED:
        assert grouped[prefix] == ref_by_subject(facts, prefix)
        assert list(grouped[prefix]) == list(ref_by_subject(facts, prefix))  # same order
    assert sum(len(g) for g in grouped.values()) == 12  # 6 subjects × 2 sections


def _frames(p: performance.Performance) -> list[pd.DataFrame]:
    return [getattr(p, name) for name in performance.PERFORMANCE_FRAMES]


def test_performance_as_the_former_reader_on_every_fixture():
    read = 0
    for _, d in readable_documents():
        new = performance.read_performance(d.sections, d.tables)
        old = ref_read_performance(d.sections, d.tables)
        assert new.fact_list == old.fact_list
        for a, b in zip(_frames(new), _frames(old), strict=True):
            pd.testing.assert_frame_equal(a, b)
        read += len(new.fact_list)
    assert read > 100


def test_performance_with_topics_carried_to_a_later_sentence():
    # An achievements run, then a sentence of its own paragraph that has no topic before its
    # figure: the run's topic (项目支出) speaks for it, as before.
    text = ("绩效目标完成情况：一是项目支出执行良好，完成率达 98.5%。二是基本支出控制有力，"
            "节约 3 万元。另外支出 12 万元，分为：1. 办公 2 万元；2. 差旅 10 万元。")
    par = Text(text, ((0, 7),), "s")
    new, old = _Reader(None), _RefReader(None)  # type: ignore[arg-type]
    new._general(par)
    old._general(par)
    assert new.facts == old.facts
    assert new.rows == old.rows and len(new.rows["achievements"]) == 2
    by_value = {f.value: f.subject for f in new.facts if f.measure != "indicator"}
    assert by_value[Decimal(12)] == "performance.expenditure.basic"  # carried by the run


@pytest.mark.parametrize(("local", "unit", "expected"), [
    ("完成年初预算的", "%", Cue("completion_rate", "budget_initial")),
    ("完成全年预算的", "%", Cue("completion_rate", "budget_full_year")),
    ("完成预算的", "%", Cue("completion_rate", "budget")),
    ("年初预算为", "万元", Cue("budget_initial")),
    ("决算数为", "万元", Cue("actual")),
    ("得分", "分", Cue("score")),
    ("人数", "人", Cue("persons")),
    ("共", "个", Cue("count")),
    ("比率", "%", Cue("rate")),
    ("", "万元", Cue("amount")),
])
def test_measure_of_gives_cues_equal_to_new_ones(local, unit, expected):
    fig = figures_of(f"{local}12{unit}")
    cue = measure_of(fig, local, None, "x", {})
    assert cue == expected and repr(cue) == repr(expected)


def figures_of(text: str):
    from zhuzhou_budget.extract.sentences import figures
    (fig,) = figures(text)
    return fig


def test_three_public_details_read_as_from_the_series():
    seen = 0
    for _, d in readable_documents():
        facts = d.narrative_facts
        got = details.three_public_details(facts)
        rows = ref_three_public_details(facts)
        for _, row in got.iterrows():
            mine = [r for r in rows if r["section"] == row["section"]
                    and r["line"] == row["line"]]
            assert mine and mine[0]["text"] == row["text"]
            assert type(row["line"]) is type(mine[0]["line"]) or pd.isna(row["line"])
            seen += 1
    assert seen > 0


def test_hits_with_the_any_word_search_as_without():
    from zhuzhou_budget.transform.lexicon import LEXICONS
    from zhuzhou_budget.transform.performance_cues import LEXICON
    from zhuzhou_budget.transform.scanner import Scanner

    texts = [s.folded for _, d in readable_documents() for key in d.sections
             for par in section_paragraphs(d.sections, key, own_only=True)
             for s in sentences(par)]
    texts += ["", "无", "项目支出", "政府性基金预算支出 3 万元", "编制人数 5 人，在职人员 4 人"]
    found = 0
    for lexicon in [*LEXICONS.values(), LEXICON]:
        fast, plain = Scanner(lexicon, None), Scanner(lexicon, None)
        assert fast._any_needed is not None  # every topic of these lexicons needs a word
        plain._any_needed = None  # the former way: each topic's words tested in turn
        for s in texts:
            got = fast.hits(s)
            assert got == plain.hits(s)
            found += bool(got)
    assert found > 100


@pytest.mark.parametrize("text", [
    "他说：“完成了。”下一句。", "「结束。」』又一句！’后面", "引文。\"'」』x", "1.5万元.」下",
    "a. 」b", "没有句号", "。。”。", "问？’答!」", "x.」y"])
def test_sentences_take_the_closing_quotes_as_before(text):
    from tests.test_narrative_fast_paths import ref_sentences

    par = Text(text, ((0, 1),), "s")
    got = [(p.text, p.starts, p.origin) for p in sentences(par)]
    assert got == ref_sentences(Text(text, ((0, 1),), "s"))
