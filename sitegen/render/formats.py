"""Locale formatting: Babel decides every number and date, never the OS locale."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from babel.core import Locale
from babel.dates import format_date as _babel_date

UNKNOWN_TEXT = {"da": "ukendt", "en": "unknown"}
CURRENCY_WORD = {"usd": "USD", "eur": "EUR"}


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


def format_period(start: date, end: date, lang: str) -> str:
    """`1. kvartal 2025` / `1st quarter 2025` for a calendar quarter, else the two dates."""
    after = date(start.year + (start.month > 9), (start.month + 2) % 12 + 1, 1)  # the next quarter's 1st
    if start.day == 1 and start.month % 3 == 1 and end == after - timedelta(days=1):
        return _babel_date(start, format="QQQQ y", locale=_locale(lang))
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


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
    text = format_number(value, lang)
    return f"{text}\u00a0{suffix}" if suffix else text
