from datetime import date
from decimal import Decimal

import pytest

from sitegen.render.formats import (
    format_amount,
    format_date,
    format_number,
    format_percent,
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


def test_download_cells_never_run_as_formulas() -> None:
    from sitegen.render.formats import csv_text

    rows = [['=HYPERLINK("x")', "-5", "+45 1234", "@SUM(A1)", "-x", "12.5", "plain"]]
    assert csv_text(["name"], rows).splitlines() == [
        "name",
        '"\'=HYPERLINK(""x"")",-5,\'+45 1234,\'@SUM(A1),\'-x,12.5,plain',
    ]
