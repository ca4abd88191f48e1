"""storage.json_text.dumps writes exactly the text json.dumps(ensure_ascii=False, indent=n)
writes, for any JSON value (fuzzed), and defers to it for anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.storage.json_text import dumps

_LEAVES = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text())
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=4))
def test_the_same_text_as_the_standard_library(value, indent):
    assert dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_examples_of_each_shape():
    value = {"名称": "株洲\n\"局\"", "n": [1, 2.5, -0.0, float("inf"), None, True, False],
             "empty": {}, "none": [], "t": (1, "二")}
    assert dumps(value, 2) == json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps([], 1) == "[]" and dumps("é", 1) == '"é"'


def test_anything_else_is_the_standard_library_s_to_decide():
    assert dumps({1: "a"}, 1) == json.dumps({1: "a"}, ensure_ascii=False, indent=1)
    with pytest.raises(TypeError):
        dumps({"x": object()}, 1)
