"""`adds_up` lets a check skip building the terms of a comparison that comes out equal: it
must say "equal" exactly when `Ledger.compare` of the same signed cells records no finding;
A6's `_holds` likewise exactly when `_within` of the same cells finds nothing."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.across import SUITE as ACROSS
from zhuzhou_budget.checks.across import _holds, _within
from zhuzhou_budget.checks.engine.ledger import Ledger, Term, adds_up
from zhuzhou_budget.checks.within import HIERARCHY, SUITE

_cell = st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=2),
                  st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("1.5"), Decimal("1.50"),
                                   Decimal("100"), Decimal("0.01")]))


def _compare_finds(parts: list[tuple[Decimal | None, int]], total: Decimal | None) -> bool:
    ledger = Ledger(SimpleNamespace(line_pages={}))
    ledger.suite = SUITE
    terms = [Term("t", f"r{k}", "c", v, k, None, sign) for k, (v, sign) in enumerate(parts)]
    return ledger.compare(HIERARCHY, "w", terms, Term("t", "total", "c", total, 99)) is not None


def _signed(value: Decimal | None, sign: int) -> Decimal | None:
    return value if value is None or sign > 0 else -value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_cell, st.sampled_from([1, -1])), max_size=6), _cell)
def test_adds_up_is_compare_finding_nothing(parts, total):
    equal = adds_up([_signed(v, sign) for v, sign in parts], total)
    assert equal is not _compare_finds(parts, total)


def test_adds_up_cases():
    assert adds_up([], None) and adds_up([None, None], None) and adds_up([None], Decimal(0))
    assert adds_up([Decimal("1.5"), None, Decimal("-0.5")], Decimal("1.00"))
    assert not adds_up([Decimal("1.5")], None)  # a blank total against a value
    assert not adds_up([Decimal("0.01")], Decimal(0))  # a rounding difference is a finding


def _within_finds(fiscal: list[Decimal | None], spent: Decimal | None,
                  room: list[tuple[Decimal | None, int]] | None) -> bool:
    ledger = Ledger(SimpleNamespace(line_pages={}))
    ledger.suite = ACROSS
    room_terms = None if room is None else [Term("r", f"r{k}", "c", v, k, None, sign)
                                            for k, (v, sign) in enumerate(room)]
    _within(ledger, "w", [Term("f", f"f{k}", "c", v, k) for k, v in enumerate(fiscal)],
            Term("e", "e", "c", spent, 99), room_terms)
    return bool(ledger.findings)


@settings(max_examples=300, deadline=None)
@given(st.lists(_cell, max_size=3), _cell,
       st.one_of(st.none(), st.lists(st.tuples(_cell, st.sampled_from([1, -1])), max_size=4)))
def test_holds_is_within_finding_nothing(fiscal, spent, room):
    room_total = None if room is None else _signed_sum(room)
    assert _holds(fiscal, spent, room_total) is not _within_finds(fiscal, spent, room)


def _signed_sum(terms: list[tuple[Decimal | None, int]]) -> Decimal:
    return sum(((v or Decimal(0)) * sign for v, sign in terms), Decimal(0))
