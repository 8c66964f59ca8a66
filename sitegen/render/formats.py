"""Locale formatting: Babel decides every number and date, never the OS locale."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache

from babel.core import Locale
from babel.dates import format_date as _babel_date

from ..load.figures import CURRENCIES
from ..load.periods import Period

UNKNOWN_TEXT = {"da": "ukendt", "en": "unknown"}
CURRENCY_WORD = {code.lower(): code for code in CURRENCIES}  # unit id -> the code shown
MILLIONS_OF = {"musd": "usd"}  # units counting a currency in millions, as the source does ("$464 mln.")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")  # ASCII digits: '-٣' is text
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet run a cell as a formula


def _(text: str) -> str:
    """Mark a message id for `pybabel extract`; the language's gettext translates it later."""
    return text


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


# Whole numbers below ten in running text, as Danish ministries and British style guides write them.
# Danish 1 stays a digit: 'en' or 'et' depends on the noun, which the figure does not know.
NUMBER_WORDS = {
    "da": ("nul", None, "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}


def number_words(value: Decimal | None, lang: str) -> str | None:
    """'tre' / 'three' for a whole number from 0 to 9; None when it is written in digits."""
    if value is None or value != value.to_integral_value() or not 0 <= value < 10:
        return None
    return NUMBER_WORDS[lang][int(value)]


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


def format_size(size: int, lang: str) -> str:
    """A file size as readers know it: `1,2 MB` / `1.2 MB`, `345 kB` below one megabyte (SI units)."""
    kilobytes = max(1, round(Decimal(size) / 1000))
    if kilobytes < 1000:
        return f"{format_number(kilobytes, lang)}\u00a0kB"
    return f"{format_number(Decimal(size) / 1_000_000, lang, 1)}\u00a0MB"


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
    if unit in MILLIONS_OF:  # one order for every amount: 'USD 464 million' beside 'USD 3 million'
        return format_amount(value * 1_000_000, MILLIONS_OF[unit], lang)
    text = format_number(value, lang)
    return f"{text}\u00a0{suffix}" if suffix else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The one writer of downloadable CSV: every cell made safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in (header, *rows):
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return; not a
    number such as -5 or +0.5) gets a leading apostrophe, so a name like '=HYPERLINK(...)' is never run
    as a formula (OWASP's advice for CSV injection). The one neutraliser of every CSV and XLSX download."""
    return f"'{text}" if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text) else text


def format_period(period: Period, gettext: Callable[[str], str]) -> str:
    """A period in words: '1. kvartal 2025' / 'Q1 2025', or '2025' for a year. The one maker of
    period text: templates, charts, prose references and source lines all call it."""
    if not period.quarter:
        return str(period.year)
    return gettext(_("Q{quarter} {year}")).format(quarter=period.quarter, year=period.year)


def column_decimals(values: Sequence[Decimal | None]) -> int:
    """One number of decimals for a whole column: the most the source prints in it."""
    known = [v for v in values if v is not None]
    return max([max(0, -v.normalize().as_tuple().exponent) for v in known] or [0])
