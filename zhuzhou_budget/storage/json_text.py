"""`json.dumps(obj, ensure_ascii=False, indent=n)`, the same text, faster.

With an indent the standard library encodes in pure Python (its C encoder serves only
`indent=None`): a document's datapackage.json and sections.json cost ~3 ms that way, a few per
cent of a document's build in a corpus. This writes the same text from the C string encoder
and `repr`, recursively. Objects of the JSON types only (dict with str keys, list, tuple, str,
int, float, bool, None); anything else goes to `json.dumps` itself (which raises as it does).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import repeat
from json.encoder import encode_basestring  # the C encoder where available (non-ASCII kept)

_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


class Fixed(list):
    """A list never changed once made (a resource's field descriptors, made once and written
    into every document's datapackage.json): `dumps` writes its text at each indentation once
    and keeps it here. A list to everything else (json.dumps writes it as one)."""

    __slots__ = ("_texts",)

    def __init__(self, items: Iterable[object] = ()) -> None:
        super().__init__(items)
        self._texts: dict[tuple[str, str], str] = {}  # (newline, step) → text: a few at most

    def text(self, newline: str, step: str) -> str:
        """The text `_write` writes of this list at `newline` (made the first time)."""
        text = self._texts.get((newline, step))
        if text is None:
            out: list[str] = []
            _write(list(self), out, newline, step)
            text = self._texts[newline, step] = "".join(out)
        return text


class _Other(Exception):
    """A value outside the JSON types this module writes: the standard library decides."""


def dumps(obj: object, indent: int) -> str:
    """The text `json.dumps(obj, ensure_ascii=False, indent=indent)` gives."""
    out: list[str] = []
    try:
        _write(obj, out, "\n", " " * indent)
    except _Other:
        return json.dumps(obj, ensure_ascii=False, indent=indent)
    return "".join(out)


def _write(obj: object, out: list[str], newline: str, step: str) -> None:
    # In the order and with the tests json's own encoder uses (a bool is an int: first).
    if isinstance(obj, str):
        out.append(encode_basestring(obj))
    elif obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, int):
        out.append(int.__repr__(obj))
    elif isinstance(obj, float):
        out.append(_float(obj))
    elif isinstance(obj, dict | list | tuple):
        is_dict = isinstance(obj, dict)
        if not obj:
            out.append("{}" if is_dict else "[]")
            return
        inner = newline + step
        sep, comma = inner, "," + inner
        out.append("{" if is_dict else "[")
        pairs = obj.items() if isinstance(obj, dict) else zip(repeat(None), obj)
        for key, value in pairs:
            out.append(sep)
            sep = comma
            if is_dict:
                if not isinstance(key, str):
                    raise _Other
                out.append(encode_basestring(key))
                out.append(": ")
            kind = type(value)
            if kind is str:  # most values, text and whole numbers: written here, no call
                out.append(encode_basestring(value))
            elif kind is int:
                out.append(int.__repr__(value))
            elif kind is Fixed:
                out.append(value.text(inner, step))
            elif (kind is list or kind is tuple or kind is dict) and value and (
                    flat := _flat(value, inner, step)) is not None:
                out.append(flat)
            else:
                _write(value, out, inner, step)
        out.append(newline + ("}" if is_dict else "]"))
    else:
        raise _Other


def _flat(obj: list | tuple | dict, newline: str, step: str) -> str | None:
    """The text of a non-empty list or dict of text and whole numbers only (a document's
    line [number, text], a field's descriptor) as _write writes it at `newline`, in one
    join; None for any other (a nested value, a float, a bool, a key not text)."""
    inner = newline + step
    if isinstance(obj, dict) and not set(map(type, obj)) <= _TEXT:
        return None  # a key that is not text: _write leaves it to the standard library
    values = obj.values() if isinstance(obj, dict) else obj
    kinds = set(map(type, values))
    if kinds <= _TEXT:
        items = list(map(encode_basestring, values))
    elif kinds <= _SCALARS:
        items = [encode_basestring(v) if type(v) is str else int.__repr__(v) for v in values]
    elif kinds <= _LISTS and not isinstance(obj, dict):
        return _numbered_texts(obj, newline, step)
    else:
        return None
    if isinstance(obj, dict):
        items = [f"{encode_basestring(k)}: {v}" for k, v in zip(obj, items, strict=True)]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    return "[" + inner + ("," + inner).join(items) + newline + "]"


def _numbered_texts(obj: list | tuple, newline: str, step: str) -> str | None:
    """The text of a list of [whole number, text] pairs (a section's lines) as _write writes
    it at `newline`: each pair made by one format, not a `_flat` call; None for any other
    list (then written item by item)."""
    if not all(len(p) == 2 and type(p[0]) is int and type(p[1]) is str for p in obj):
        return None
    inner = newline + step
    head, middle, tail = "[" + inner + step, "," + inner + step, inner + "]"
    pairs = [f"{head}{int.__repr__(n)}{middle}{encode_basestring(t)}{tail}" for n, t in obj]
    return "[" + inner + ("," + inner).join(pairs) + newline + "]"


_TEXT = frozenset({str})
_LISTS = frozenset({list, tuple})
_SCALARS = frozenset({str, int})  # exactly: a bool is written true/false


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    return _FLOATS.get(value) or float.__repr__(value)
