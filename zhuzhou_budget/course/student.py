"""What an assignment notebook imports: the document its parameters name, and `check`, the
tests' helper.

    ctx = student.setup(year, department, raw_path, manifest)
    d, check = ctx.disclosure, ctx.check

A visible test (`check.form`) says whether an answer has the right form — a number, a share
between 0 and 100, a 3-digit code — without giving the answer away. A hidden test
(`check.answer`, between nbgrader's BEGIN/END HIDDEN TESTS, so only the teacher's copy holds
it) compares the answer with the one computed from the document by `questions.key`, within
the question's tolerance, and says what to look at when it differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from ..disclosure import Disclosure
from ..reporting.notebook import code, md, open_disclosure
from . import questions

_CODE = {"largest_class": re.compile(r"^\d{3}$"), "largest_variance_code": re.compile(r"^\d{7}$")}


def _number(qid: str, value) -> Decimal:
    """The answer as a Decimal; a helpful AssertionError for anything that is not one number."""
    if isinstance(value, pd.DataFrame | pd.Series):
        raise AssertionError(f"{qid}: expected one number, got a pandas {type(value).__name__} "
                             f"of {len(value)} rows — take one value (.iloc[0]) or a sum")
    if value is None or isinstance(value, bool | str):
        raise AssertionError(f"{qid}: expected a number, got {type(value).__name__} "
                             f"{value!r} — assign the computed number to `{qid}`")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AssertionError(f"{qid}: expected a number, got {type(value).__name__}") from None
    if not number.is_finite():
        raise AssertionError(f"{qid}: got {value!r} — a blank cell (None/NaN) was probably "
                             "part of the sum; blank is 'not reported', not zero")
    return number


@dataclass
class Check:
    """The tests of one document's notebook."""

    disclosure: Disclosure
    _key: dict[str, object] | None = field(default=None, repr=False)

    def form(self, qid: str, value) -> None:
        """Visible test: the answer has the right form (never compares it with the key)."""
        q = questions.BY_ID[qid]
        if q.kind == "code":
            if not isinstance(value, str) or not _CODE[qid].match(value):
                raise AssertionError(f"{qid}: expected a function-classification code as a "
                                     f"string of digits (e.g. '2xx…'), got {value!r}")
        elif q.kind == "band":
            if value not in ("A", "B", "C", "D"):
                raise AssertionError(f"{qid}: expected one of 'A', 'B', 'C', 'D', got {value!r}")
        elif q.kind in ("count", "line"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise AssertionError(f"{qid}: expected a whole number ≥ 0 (an int; len() or "
                                     f".sum() of a condition gives one), got {value!r}")
        else:
            number = _number(qid, value)
            if q.kind == "share" and not Decimal(0) <= number <= Decimal(1000):
                raise AssertionError(f"{qid}: expected a percentage (a share between 0 and 100, "
                                     f"or a rate such as 182.4), got {number} — did you "
                                     "divide by the total and multiply by 100?")

    def answer(self, qid: str, value) -> None:
        """Hidden test: the answer equals the document's, within the question's tolerance."""
        self.form(qid, value)
        q = questions.BY_ID[qid]
        expected = self.key[qid]
        if expected is None:
            raise AssertionError(f"{qid}: this document gives no answer to this question")
        if q.tolerance is None:
            ok = value == expected
        else:
            ok = abs(_number(qid, value) - Decimal(str(expected))) <= q.tolerance
        if not ok:
            within = "" if q.tolerance is None else f" (within ±{q.tolerance})"
            raise AssertionError(f"{qid}: {value!r} is not the answer{within}. Hint: {q.hint}")

    @property
    def key(self) -> dict[str, object]:
        if self._key is None:
            self._key = questions.key(self.disclosure)
        return self._key


@dataclass
class Assignment:
    disclosure: Disclosure
    check: Check

    def _repr_markdown_(self) -> str:
        m = self.disclosure.meta
        return (f"**{md(m.department)}** · {m.year} 年度部门决算 · 金额单位 unit: {md(m.unit)}"
                f" · 来源 source: {code(Path(m.source_file).name)}")


def setup(year: int, department: str, raw_path: str | Path | None = None,
          manifest: str | Path | None = None) -> Assignment:
    """The document of an assignment notebook and its tests' helper."""
    d = open_disclosure(year, department, raw_path, manifest)
    return Assignment(d, Check(d))


def featured_finding(d: Disclosure) -> pd.DataFrame:
    """The finding the written answer of assignment 3 is about, with its evidence."""
    from ..checks import reconcile

    return questions.featured_finding(reconcile(d))
