"""Locale formatting: Babel decides every number and date, never the OS locale."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache

from babel.core import Locale
from babel.dates import format_date as _babel_date

from ..load.dataset import CURRENCIES

UNKNOWN_TEXT = {"da": "ukendt", "en": "unknown"}
CURRENCY_WORD = {code.lower(): code for code in CURRENCIES}  # unit id -> the code shown
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet run a cell as a formula


def format_number(value: Decimal | float | int | None, lang: str, decimals: int | None = None) -> str:
    """`11.002,4` in Danish, `11,002.4` in English (symbols from Babel's locale data); None is 'unknown'."""
    if value is None:
        return UNKNOWN_TEXT[lang]
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimals is None:
        decimals = max(0, -int(number.as_tuple().exponent))
    return f"{number:,.{decimals}f}".translate(_separators(lang))


@cache
def _separators(lang: str) -> dict[int, str]:
    """Babel's grouping, decimal and minus symbols for the language, as a translation table.

    Python does the formatting (half-even rounding, as Babel): Babel's per-call pattern handling
    dominated the build time of a site with many tables."""
    symbols = _locale(lang).number_symbols["latn"]
    return str.maketrans({",": symbols["group"], ".": symbols["decimal"], "-": symbols["minusSign"]})


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def format_percent(value: Decimal | float | None, lang: str, decimals: int | None = None) -> str:
    """`4,8 %` in Danish, `4.8%` in English, from a value already in percent."""
    if value is None:
        return UNKNOWN_TEXT[lang]
    number = format_number(value, lang, decimals)
    return f"{number}\u00a0%" if lang == "da" else f"{number}%"


def format_amount(value: Decimal | None, currency: str, lang: str) -> str:
    """A currency amount in the source's currency: `5 mio. USD` / `USD 5 million`."""
    if value is None:
        return UNKNOWN_TEXT[lang]
    code = CURRENCY_WORD.get(currency.lower(), currency.upper())
    if value >= 1_000_000 and value % 10_000 == 0:
        millions = format_number(value / 1_000_000, lang)
        return f"{millions}\u00a0mio. {code}" if lang == "da" else f"{code}\u00a0{millions} million"
    return (
        f"{format_number(value, lang)}\u00a0{code}"
        if lang == "da"
        else f"{code}\u00a0{format_number(value, lang)}"
    )


def format_date(value: date, lang: str) -> str:
    """`31. marts 2025` in Danish, `31 March 2025` in English."""
    pattern = "d. MMMM y" if lang == "da" else "d MMMM y"
    return _babel_date(value, format=pattern, locale=_locale(lang))


def format_value(value: Decimal | None, unit: str, suffix: str, lang: str, plain: bool = False) -> str:
    """A figure as prose shows it: percent and currency by their own rules, else number + suffix."""
    if value is None:
        return UNKNOWN_TEXT[lang]
    if plain:
        return format_number(value, lang)
    if unit == "pct":
        return format_percent(value, lang)
    if unit in CURRENCY_WORD:
        return format_amount(value, unit, lang)
    text = format_number(value, lang)
    return f"{text}\u00a0{suffix}" if suffix else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The one writer of downloadable CSV: every cell made safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in (header, *rows):
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (not a number such as -5) gets a
    leading apostrophe, so a name like '=HYPERLINK(...)' is never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text) else text
