"""scripts/make_corpus.py --own-amounts: each variant prints its own amounts (the benchmarks'
corpus), every amount of the bundled text multiplied by the variant's index + 2, and nothing
else changed."""

from __future__ import annotations

import re
from decimal import Decimal

from conftest import RAW_2024
from corpus_helpers import make_corpus

import zhuzhou_budget as zb

SEED = RAW_2024


def test_each_amount_is_scaled_as_printed():
    cases = {"22,393.85": "67,181.55", "2.58": "7.74", "1, 915. 52": "5, 746. 56",
             "6453.23": "19359.69", "0.00": "0.00"}
    for printed, times_three in cases.items():
        assert make_corpus._AMOUNT.sub(lambda m: make_corpus._scaled(m, 3), printed) == \
            times_three, printed
    for kept in ("12.5%", "8.6%", "2024", "20805", "3.4", "1.234", "12.34％"):
        assert make_corpus._AMOUNT.sub(lambda m: make_corpus._scaled(m, 3), kept) == kept


def test_a_variant_reads_as_the_seed_with_its_amounts_scaled(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    same = make_corpus.variant(text, 1, 2024)
    own = make_corpus.variant(text, 1, 2024, own_amounts=True)
    # only amounts differ: the texts agree once every amount is masked
    def masked(s: str) -> str:
        return make_corpus._AMOUNT.sub("#", s)

    assert masked(own) == masked(same) and own != same
    (tmp_path / "same.txt").write_text(same, encoding="utf-8")
    (tmp_path / "own.txt").write_text(own, encoding="utf-8")
    seed, scaled = zb.load(tmp_path / "same.txt"), zb.load(tmp_path / "own.txt")
    a, b = seed.facts.reset_index(drop=True), scaled.facts.reset_index(drop=True)
    assert len(a) == len(b) == 1008
    assert list(a["code"]) == list(b["code"]) and list(a["column"]) == list(b["column"])
    pairs = [(x, y) for x, y in zip(a["amount"], b["amount"], strict=True) if x is not None]
    assert len(pairs) == 543  # the amounts printed (the other cells are blank)
    assert all(isinstance(y, Decimal) and y == 3 * x for x, y in pairs)
    assert re.search(r"\b67,181\.55\b", own)  # 22,393.85 × 3
