"""Printed numbers → Decimal. Blank is None (missing), never 0."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

# A dash alone means "nothing to report" in these templates.
_BLANK = {"", "-", "--", "—", "——", "–", "－", "/", "…"}
# Thousands groups and the decimal point may carry stray spaces ("22, 393. 85" in the 2024 table 05).
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SPACED = re.compile(r"\s*([,.])\s*")
_UNIT_SUFFIX = re.compile(r"(千元|万元|亿元|元)$")

# Every unit the template prints money in, converted explicitly to 万元; anything else (美元,
# 千万元 …) is an error, never read as 万元.
UNIT_FACTORS = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"),
                "亿元": Decimal(10000)}


def normalize(text: str) -> str:
    """NFKC folds full-width digits and punctuation to ASCII; the minus sign too."""
    if text.isascii():  # NFKC leaves ASCII as it is (most cells: amounts and codes)
        return text.strip()
    return _normalize_wide(text)


# One line is normalised by several readers (the table finder, the section splitter, the
# sentence reader) and a cell on every test of its row: fold each text once. A pure
# function of its text; bounded.
@functools.lru_cache(maxsize=32768)
def _normalize_wide(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("−", "-").strip()


# Justified cell text ("合 计", "因 公 出 国 （ 境 ） 费用"): spaces between two wide (CJK or
# full-width) characters are spacing, not words; spaces next to ASCII are kept ("2024 年").
_JUSTIFIED = re.compile(r"(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])[ \u3000]+"
                        r"(?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])")


# A cell's text is squeezed each time its row is placed on the columns (several times per
# table): once per text. A pure function of its text; bounded.
@functools.lru_cache(maxsize=32768)
def squeeze_cjk(text: str) -> str:
    """Drop the spaces a justified cell puts between CJK characters; nothing else changes."""
    return _JUSTIFIED.sub("", text)


def squeeze_cjk_line(text: str) -> str:
    """`squeeze_cjk` of a whole line, not cached (a line is squeezed once; its cells' texts
    are the ones read again and again). Most rows hold no space at all: nothing to drop,
    known by two C-level searches instead of the lookbehind tried at every character."""
    if " " not in text and "\u3000" not in text:
        return text
    return _JUSTIFIED.sub("", text)


def parse_amount(text: str | None) -> Decimal | None:
    """Parse one printed amount; None for a blank cell; ValueError for anything else.

    Keeps the printed number of decimals (Decimal("0.00") is a reported zero). A unit
    written in the cell ("453.05元") is dropped here: `parse_amount_unit` returns it.
    """
    return parse_amount_unit(text)[0]


def parse_amount_unit(text: str | None) -> tuple[Decimal | None, str]:
    """(amount, the unit written in the cell or "") — see parse_amount."""
    if text is None:
        return None, ""
    parts = amount_parts(text)
    if parts is None:
        raise ValueError(f"not a number: {text!r}")
    value, unit, negative = parts
    # Negated here, not in the cache: `-value` rounds to the caller's decimal context.
    return (-value if negative and value is not None else value), unit


# A cell's text is tested (is_amount) as its row is sorted, its columns merged and its
# value read: parse each text once. A pure function of the text (a Decimal is immutable);
# bounded. None: not a number.
@functools.lru_cache(maxsize=32768)
def amount_parts(text: str) -> tuple[Decimal | None, str, bool] | None:
    """(amount without its sign of brackets, unit, bracketed negative), or None."""
    s = normalize(text)
    if s in _BLANK:
        return None, "", False
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    unit = ""
    if m := _UNIT_SUFFIX.search(s):
        unit, s = m.group(1), s[:m.start()].strip()
    s = _SPACED.sub(r"\1", s)
    s = s.replace(" ", "")
    if not _NUMBER.fullmatch(s):
        return None
    return Decimal(s.replace(",", "")), unit, negative


def parse_percent(text: str) -> Decimal:
    """'12.0%' → Decimal('12.0') (percentage points, printed decimals kept)."""
    s = normalize(text).rstrip("%％").strip()
    value = parse_amount(s)
    if value is None:
        raise ValueError(f"not a percentage: {text!r}")
    return value


def is_amount(text: str) -> bool:
    """True when the text is a printed number (blank and dashes are not)."""
    if text is None:
        return False
    parts = amount_parts(text)
    return parts is not None and parts[0] is not None


def to_wan(value: Decimal | None, unit: str) -> Decimal | None:
    """Convert an amount printed in `unit` to 万元, exactly."""
    if value is None:
        return None
    if unit not in UNIT_FACTORS:
        raise ValueError(f"unknown unit {unit!r}")
    return value * UNIT_FACTORS[unit] if unit != "万元" else value


def format_amount(value: Decimal | None) -> str:
    """Plain decimal text with the printed number of decimals; '' for missing."""
    return "" if value is None else format(value, "f")
