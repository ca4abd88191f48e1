"""transform.frames: the frames of rows keep their values and dtypes exactly (object columns,
never pandas' inferred str; line Int64; derived bool), whatever the rows hold."""

from decimal import Decimal

import pandas as pd

from zhuzhou_budget.transform.frames import FACT_COLUMNS, Fact, facts_frame, object_frame


def test_object_frame_keeps_values_as_they_are():
    rows = [{"name": "甲", "line": 7, "value": Decimal("1.50"), "pair": (1, 2)},
            {"name": "乙", "line": None}]
    frame = object_frame(rows, ["name", "line", "value", "pair"])
    assert list(frame.columns) == ["name", "line", "value", "pair"]
    assert [str(t) for t in frame.dtypes] == ["object", "Int64", "object", "object"]
    assert frame["name"].tolist() == ["甲", "乙"]
    assert frame["line"].iloc[0] == 7 and frame["line"].isna().tolist() == [False, True]
    assert frame["value"].tolist() == [Decimal("1.50"), None]
    assert frame["pair"].tolist() == [(1, 2), None]  # a tuple stays one value
    assert frame.index.equals(pd.RangeIndex(2))


def test_object_frame_without_rows_has_its_columns():
    frame = object_frame([], ["name", "line"])
    assert list(frame.columns) == ["name", "line"] and len(frame) == 0
    assert [str(t) for t in frame.dtypes] == ["object", "Int64"]


def test_frames_of_one_schema_do_not_share_their_column_names():
    a, b = object_frame([], ["name"]), object_frame([], ["name"])
    a.columns.name = "mine"
    assert b.columns.name is None


def test_facts_frame_orders_by_line_stably():
    facts = [Fact("s", 3, "x", "amount", Decimal("1"), "万元", Decimal("1")),
             Fact("s", 1, "y", "share", Decimal("20"), "%", None, derived=True),
             Fact("s", 1, "z", "amount", Decimal("2"), "", None)]
    frame = facts_frame(facts)
    assert list(frame.columns) == FACT_COLUMNS
    assert frame["subject"].tolist() == ["y", "z", "x"]
    assert frame["line"].tolist() == [1, 1, 3]
    assert frame["derived"].tolist() == [True, False, False]
    assert frame["derived"].dtype == bool and frame["line"].dtype == "Int64"
    assert frame["value_wan"].tolist() == [None, None, Decimal("1")]
    assert frame["subject"].dtype == object and frame["section"].dtype == object


def test_bracket_scope_nested_and_unclosed():
    from zhuzhou_budget.transform.scanner import _Scope

    s = "a(b(c)d)e(f"  # (1,8) holds (3,6); (9,11) is never closed
    scope = _Scope(s)
    assert [scope.innermost(i) for i in range(len(s) + 1)] == [
        None, None, (1, 8), (1, 8), (3, 6), (3, 6), (1, 8), (1, 8), None, None, (9, 11), None]
    assert scope.reaches(4, 5) and not scope.reaches(4, 7) and scope.reaches(0, 4)
    part = _Scope("支出10万元(含接待5万元)")
    assert part.part_of(11, 0) and not part.part_of(11, 8) and not part.part_of(2, 0)
    assert _Scope("无括号)").innermost(3) is None


def test_the_public_constructor_makes_the_same_frame(monkeypatch):
    """Where pandas lacks its private DataFrame._from_arrays, the public path gives the same
    frame: columns, dtypes and each value's type."""
    import pandas as pd

    from zhuzhou_budget.transform import frames

    rows = [{"line": 1, "value": Decimal("1.50"), "text": "a", "derived": True, "t": (1, 2)},
            {"line": None, "value": None, "text": "b", "derived": False, "t": None}]
    names = ["line", "value", "text", "derived", "t"]

    def make():
        return frames._column_frame({c: [r[c] for r in rows] for c in names}, 2, names,
                                    flags=("derived",))

    private = make()
    monkeypatch.delattr(pd.DataFrame, "_from_arrays")
    public = make()
    pd.testing.assert_frame_equal(private, public, check_exact=True)
    assert [str(t) for t in public.dtypes] == ["Int64", "object", "object", "bool", "object"]
    assert [type(v) for v in public["value"]] == [Decimal, type(None)]
    assert public["t"].iloc[0] == (1, 2)
