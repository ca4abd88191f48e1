"""Mutation harness: ≥200 table cells changed (fixed seed), each must give an error-level
finding that points at the changed table and row; recall ≥ 99 %, no crash."""

import pytest
from conftest import RAW_2024

from zhuzhou_budget.checks.mutation import run


@pytest.mark.slow  # about 30 s: 240 mutated documents reconciled
def test_mutation_recall():
    results = run(RAW_2024, n=240, seed=2024)
    assert len(results) == 240
    assert {m.kind for m in results} == {"small", "large"}
    assert [m for m in results if m.crashed] == []
    recall = sum(m.detected for m in results) / len(results)
    print(f"mutation recall {recall:.1%}")
    assert recall >= 0.99
