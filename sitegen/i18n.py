"""Catalogs and locale formatting: Babel decides every number and date, never the OS locale."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.core import Locale
from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .errors import Problem, relpath

LANGS = ("da", "en")
UNKNOWN_TEXT = {"da": "ukendt", "en": "unknown"}
CURRENCY_WORD = {"usd": "USD", "eur": "EUR"}


@dataclass(frozen=True)
class Catalog:
    """A language's compiled messages, kept with their source for error messages."""

    lang: str
    path: str
    messages: dict[str, str]


def load_catalogs(root: Path) -> tuple[dict[str, Catalog], list[Problem]]:
    """Read translations/<lang>/LC_MESSAGES/messages.po for each language."""
    catalogs, problems = {}, []
    for lang in LANGS:
        path = root / "translations" / lang / "LC_MESSAGES" / "messages.po"
        where = relpath(path, root)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(where, 0, "catalog is missing (run pybabel init, see README)"))
            continue
        catalog, found = parse_po(text, lang, where)
        catalogs[lang] = catalog
        problems += found
    return catalogs, problems


def parse_po(data: bytes, lang: str, where: str) -> tuple[Catalog, list[Problem]]:
    """Parse a .po file; an untranslated or fuzzy entry is a problem, never a silent fallback."""
    try:
        po = read_po(io.BytesIO(data), locale=lang)
    except Exception as exc:  # babel raises several types for broken files
        return Catalog(lang, where, {}), [Problem(where, 0, f"catalog does not parse: {exc}")]
    problems, messages = [], {}
    for msg in po:
        if not msg.id:
            continue
        line = msg.lineno or 0
        if msg.fuzzy:
            problems.append(
                Problem(
                    where,
                    line,
                    f"entry '{msg.id}' is fuzzy (check the translation, remove '#, fuzzy')",
                )
            )
        elif not msg.string:
            problems.append(Problem(where, line, f"entry '{msg.id}' is not translated (fill in msgstr)"))
        else:
            messages[msg.id] = msg.string
    return Catalog(lang, where, messages), problems


def check_catalogs(catalogs: dict[str, Catalog]) -> list[Problem]:
    """Every message id exists in every language's catalog."""
    problems = []
    ids = set().union(*(c.messages for c in catalogs.values())) if catalogs else set()
    for cat in catalogs.values():
        for msgid in sorted(ids - cat.messages.keys()):
            problems.append(
                Problem(
                    cat.path,
                    0,
                    f"entry '{msgid}' is missing in the {cat.lang} catalog (add and translate it)",
                )
            )
    return problems


class StrictTranslations(Translations):
    """Gettext that remembers every message it had no translation for, so none falls back silently."""

    def __init__(self, fp: io.BytesIO) -> None:
        super().__init__(fp=fp)
        self.missing: set[str] = set()

    def gettext(self, message: str) -> str:
        if message not in self._catalog:
            self.missing.add(message)
        return super().gettext(message)

    ugettext = gettext  # Jinja prefers ugettext when a translations object has it


def missing_problems(catalogs: dict[str, Catalog], compiled: dict[str, StrictTranslations]) -> list[Problem]:
    """Interface strings used by templates or code that a catalog lacks."""
    return [
        Problem(
            catalogs[lang].path,
            0,
            f"entry '{msgid}' is used but missing (run scripts/update-catalogs.sh and translate it)",
        )
        for lang, t in sorted(compiled.items())
        for msgid in sorted(t.missing)
    ]


def translations(catalog: Catalog) -> StrictTranslations:
    """Compile a catalog in memory into a gettext object for jinja2.ext.i18n."""
    from babel.messages.catalog import Catalog as BabelCatalog

    babel_catalog = BabelCatalog(locale=catalog.lang)
    for msgid, msgstr in sorted(catalog.messages.items()):
        babel_catalog.add(msgid, msgstr)
    buf = io.BytesIO()
    write_mo(buf, babel_catalog)
    buf.seek(0)
    return StrictTranslations(buf)


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
