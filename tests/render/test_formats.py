from datetime import date
from decimal import Decimal

import pytest

from sitegen.load.periods import parse_period
from sitegen.render.formats import (
    column_decimals,
    format_amount,
    format_date,
    format_number,
    format_percent,
    format_period,
    format_size,
    format_value,
    number_words,
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
def test_format_number_follows_the_language_not_the_os(value, lang, expected, os_locale: str) -> None:
    assert format_number(value, lang) == expected


def test_percent_and_dates(os_locale: str) -> None:
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


def test_download_cells_never_run_as_formulas() -> None:
    from sitegen.render.formats import csv_text

    rows = [['=HYPERLINK("x")', "-5", "+45 1234", "@SUM(A1)", "-x", "12.5", "plain"]]
    assert csv_text(["name"], rows).splitlines() == [
        "name",
        '"\'=HYPERLINK(""x"")",-5,\'+45 1234,\'@SUM(A1),\'-x,12.5,plain',
    ]


def test_neutralise() -> None:
    """The one neutraliser of CSV and workbook cells: numbers in ASCII digits are left alone."""
    from sitegen.render.formats import neutralise

    cases = ("=1+2", "+45", "-x", "@SUM(A1)", "\tx", "\rx", "-5", "+0.5", "a=b", "", "-３", "+٣")
    assert [neutralise(t) for t in cases] == [
        "'=1+2", "+45", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "-5", "+0.5", "a=b", "", "'-３", "'+٣",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "da", "en"),
    [
        (Decimal("0"), "nul", "zero"),
        (Decimal("3"), "tre", "three"),
        (Decimal("9"), "ni", "nine"),
        (Decimal("1"), None, "one"),  # Danish 'en' or 'et' depends on the noun: the digit stays
        (Decimal("10"), None, None),
        (Decimal("2.5"), None, None),
        (None, None, None),
    ],
)
def test_number_words_below_ten(value, da, en) -> None:
    assert number_words(value, "da") == da
    assert number_words(value, "en") == en


def test_amounts_in_millions_read_like_other_amounts() -> None:
    assert format_value(Decimal("464"), "musd", "million USD", "en") == "USD\u00a0464 million"
    assert format_value(Decimal("23.3"), "musd", "mio. USD", "da") == "23,3\u00a0mio. USD"


def test_periods_in_words_use_the_catalog() -> None:
    """One maker of period text: a quarter in the catalog's words, a year as its number."""
    danish = {"Q{quarter} {year}": "{quarter}. kvartal {year}"}
    assert format_period(parse_period("2025-Q1"), lambda m: danish.get(m, m)) == "1. kvartal 2025"
    assert format_period(parse_period("2025-q4"), str) == "Q4 2025"
    assert format_period(parse_period("2025"), lambda m: danish.get(m, m)) == "2025"  # an annual edition


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


def test_a_column_takes_the_most_decimals_its_source_prints() -> None:
    values = [Decimal("938.5"), Decimal("44935"), Decimal("3"), Decimal("0.7"), None]
    assert column_decimals(values) == 1
    assert [format_number(v, "da", column_decimals(values)) for v in values[:4]] == [
        "938,5",
        "44.935,0",
        "3,0",
        "0,7",
    ]
    assert column_decimals([Decimal("12"), Decimal("7.50")]) == 1  # a trailing zero is no precision
    assert column_decimals([None]) == 0
