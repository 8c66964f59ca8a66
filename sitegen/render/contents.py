"""Ways into a long page: the list of its sections and an A-Z index of its terms (pure)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .markdown import Heading

MIN_SECTIONS = 3  # a page with this many sections (H2) gets a contents list
ALPHABET = {"da": "abcdefghijklmnopqrstuvwxyzæøå", "en": "abcdefghijklmnopqrstuvwxyz"}


def contents_list(headings: Sequence[Heading]) -> list[Heading]:
    """The page's sections (H2), when there are enough of them to need a list."""
    sections = [h for h in headings if h.level == 2]
    return sections if len(sections) >= MIN_SECTIONS else []


def az_index(headings: Sequence[Heading], lang: str) -> list[dict]:
    """The page's terms (H3) in the language's alphabetical order, grouped by their first letter."""
    groups: dict[str, list[Heading]] = {}
    for term in sorted((h for h in headings if h.level == 3), key=lambda h: collation_key(h.text, lang)):
        groups.setdefault(initial(term.text, lang), []).append(term)
    return [{"letter": letter, "terms": terms} for letter, terms in groups.items()]


def collation_key(text: str, lang: str) -> tuple[tuple[int, str], ...]:
    """Sort order of a term: letters by the language's alphabet (Danish æ, ø, å after z), then the rest."""
    alphabet = ALPHABET.get(lang, ALPHABET["en"])
    return tuple((alphabet.index(c), c) if c in alphabet else (len(alphabet), c) for c in _fold(text, lang))


def initial(text: str, lang: str) -> str:
    """The letter a term is listed under: 'Æ' in Danish, accents dropped otherwise; '#' for a digit."""
    first = _fold(text, lang)[:1]
    return first.upper() if first.isalpha() else "#"


def _fold(text: str, lang: str) -> str:
    """Lower case, accents removed except on the language's own letters (æ, ø, å in Danish)."""
    own = set(ALPHABET.get(lang, ""))
    return "".join(
        c if c in own else unicodedata.normalize("NFKD", c)[0] for c in text.lower() if not c.isspace()
    )
