from decimal import Decimal

import pytest

from zhuzhou_budget.extract.numbers import format_amount, parse_amount, parse_percent, to_wan


@pytest.mark.parametrize("text, expected", [
    ("22,393.85", Decimal("22393.85")),
    ("22, 393. 85", Decimal("22393.85")),  # table 05 of the 2024 document
    ("２２，３９３．８５", Decimal("22393.85")),  # full-width digits and punctuation
    ("0.00", Decimal("0.00")),
    ("7.7", Decimal("7.7")),
    ("-12.50", Decimal("-12.50")),
    ("−12.50", Decimal("-12.50")),
    ("(12.50)", Decimal("-12.50")),
    ("（12.50）", Decimal("-12.50")),
    ("1,069.55万元", Decimal("1069.55")),
    ("5000", Decimal("5000")),
])
def test_parse_amount(text, expected):
    value = parse_amount(text)
    assert value == expected
    assert value.as_tuple().exponent == expected.as_tuple().exponent  # decimals kept


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "--", "－", None])
def test_blank_is_none_never_zero(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["12,34.5", "1.2.3", "abc", "12元5", "22,39x.85", "1,2345"])
def test_garbage_raises(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_percent():
    assert parse_percent("12.0%") == Decimal("12.0")
    assert parse_percent("１８２．４％") == Decimal("182.4")


def test_units_convert_explicitly():
    assert to_wan(Decimal("3224500.00"), "元") == Decimal("322.45")
    assert to_wan(Decimal("2.24"), "亿元") == Decimal("22400")
    assert format_amount(to_wan(Decimal("1234.5"), "元")) == "0.12345"
    with pytest.raises(ValueError):
        to_wan(Decimal(1), "美元")


def test_format_keeps_published_decimals():
    assert format_amount(Decimal("0.00")) == "0.00"
    assert format_amount(Decimal("7.7")) == "7.7"
    assert format_amount(None) == ""
