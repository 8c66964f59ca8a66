"""A cell of a table or figures.csv: a number in ASCII digits within what the data downloads hold, or unknown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sitegen.load.cells import parse_number

TOO_MANY = "has too many digits for the data downloads"


@pytest.mark.parametrize(
    "text", ["999999999999", "0.000001", "123456789.123456", "999999999999.999", "1.100", "0", "007"]
)
def test_numbers_within_the_bounds(text: str) -> None:
    assert parse_number(text, whole=False) == (Decimal(text), None)


@pytest.mark.parametrize(
    "text", ["1000000000000", "0.0000001", "123456.123456789", "11002.400000000000000000001"]
)
def test_numbers_beyond_the_bounds(text: str) -> None:
    value, problem = parse_number(text, whole=False)
    assert value is None and problem and problem.startswith(f"{text} {TOO_MANY}")


def test_a_fraction_in_a_whole_column_is_said_first() -> None:
    assert parse_number("0.0000001", whole=True) == (None, "0.0000001 is not a whole number")
