from datetime import date
from decimal import Decimal

import pytest

from sitegen.render.formats import (
    format_amount,
    format_date,
    format_number,
    format_percent,
    format_period,
    format_size,
    format_value,
)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("11002.4"), "da", "11.002,4"),
        (Decimal("11002.4"), "en", "11,002.4"),
        (Decimal("190794.20"), "da", "190.794,20"),
        (1500000, "da", "1.500.000"),
        (None, "da", "ukendt"),
        (None, "en", "unknown"),
    ],
)
def test_format_number_follows_the_language_not_the_os(value, lang, expected) -> None:
    assert format_number(value, lang) == expected


def test_percent_and_dates() -> None:
    assert format_percent(Decimal("4.8"), "da") == "4,8\u00a0%"
    assert format_percent(Decimal("4.8"), "en") == "4.8%"
    assert format_date(date(2025, 3, 31), "da") == "31. marts 2025"
    assert format_date(date(2025, 3, 31), "en") == "31 March 2025"


def test_amounts_keep_the_source_currency() -> None:
    assert format_amount(Decimal("5000000"), "usd", "da") == "5\u00a0mio. USD"
    assert format_amount(Decimal("4250000"), "eur", "en") == "EUR\u00a04.25 million"
    assert format_amount(Decimal("4250000"), "eur", "da") == "4,25\u00a0mio. EUR"


def test_format_value_uses_unit_suffix_and_plain() -> None:
    assert format_value(Decimal("11667"), "km2", "km²", "da") == "11.667\u00a0km²"
    assert format_value(Decimal("11667"), "km2", "km²", "da", plain=True) == "11.667"
    assert format_value(Decimal("384"), "persons", "", "en") == "384"


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (date(2025, 1, 1), date(2025, 3, 31), "da", "1. kvartal 2025"),
        (date(2025, 1, 1), date(2025, 3, 31), "en", "1st quarter 2025"),
        (date(2024, 10, 1), date(2024, 12, 31), "da", "4. kvartal 2024"),
        (date(2025, 1, 1), date(2025, 3, 30), "da", "1. januar 2025 – 30. marts 2025"),  # not a whole quarter
        (date(2025, 2, 1), date(2025, 4, 30), "en", "1 February 2025 – 30 April 2025"),
    ],
)
def test_a_period_in_words(start: date, end: date, lang: str, expected: str) -> None:
    assert format_period(start, end, lang) == expected


@pytest.mark.parametrize(
    ("size", "lang", "expected"),
    [
        (1_234_567, "da", "1,2\u00a0MB"),
        (1_234_567, "en", "1.2\u00a0MB"),
        (345_678, "da", "346\u00a0kB"),
        (999_600, "en", "1.0\u00a0MB"),  # not "1,000 kB"
        (12, "da", "1\u00a0kB"),
    ],
)
def test_a_file_size_for_readers(size: int, lang: str, expected: str) -> None:
    assert format_size(size, lang) == expected
