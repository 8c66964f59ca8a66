"""Attribution in words: places in a source, source lines and citations (pure).

Every text naming a document is made here from an edition's sources; no template or catalog string
names a particular document."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from babel.lists import format_list

from ..load.dataset import Edition
from ..load.sources import PAGES, SourceRef
from .formats import _, format_date

Gettext = Callable[[str], str]


def place_text(place: str, gettext: Gettext) -> str:
    """'s. 8' / 'p. 8', 's. 8-9' / 'pp. 8-9'; a section of an unpaged source as the source names it."""
    match = PAGES.fullmatch(place)
    if not match:
        return place
    if match.group(2):
        return gettext(_("pp. {pages}")).format(pages=place)
    return gettext(_("p. {page}")).format(page=place)


def where(edition: Edition, ref: SourceRef, lang: str, gettext: Gettext) -> str:
    """'Bilag 219, tabel 3, s. 8': the source's short name and the place in it, with the reference's
    own as-of date when it differs from the edition's."""
    return ", ".join([edition.sources[ref.source].short[lang], *_details(edition, ref, lang, gettext)])


def _details(edition: Edition, ref: SourceRef, lang: str, gettext: Gettext) -> list[str]:
    parts = []
    if ref.number:
        parts.append(gettext(_("Table {number}")).format(number=ref.number))
    if ref.place:
        parts.append(place_text(ref.place, gettext))
    if ref.as_of and ref.as_of != edition.as_of:
        parts.append(gettext(_("as of {date}")).format(date=format_date(ref.as_of, lang)))
    return parts


def source_line(edition: Edition, refs: Sequence[SourceRef | None], lang: str, gettext: Gettext) -> str:
    """'Kilde: Bilag 219, tabel 5, s. 10; s. 8, 9': each source once, with every place in it (bare
    pages merged into one list)."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for ref in refs:
        if ref is None:
            continue
        details, pages = groups.setdefault(edition.sources[ref.source].short[lang], ([], []))
        bare = (
            not ref.number and PAGES.fullmatch(ref.place) and not (ref.as_of and ref.as_of != edition.as_of)
        )
        if bare:
            pages += [ref.place] if ref.place not in pages else []
            continue
        detail = ", ".join(_details(edition, ref, lang, gettext))
        if detail and detail not in details:
            details.append(detail)
    if not groups:
        return ""
    listed = "; ".join(
        ", ".join([short, "; ".join([*details, *_pages(pages, gettext)])]).rstrip(", ")
        for short, (details, pages) in groups.items()
    )
    return gettext(_("Source: {sources}")).format(sources=listed)


def _pages(pages: list[str], gettext: Gettext) -> list[str]:
    """Several bare pages of one source as one place: 's. 5, 8' / 'pp. 5, 8'."""
    if len(pages) < 2:
        return [place_text(p, gettext) for p in pages]
    ordered = sorted(pages, key=lambda p: int(PAGES.fullmatch(p).group(1)))
    return [gettext(_("pp. {pages}")).format(pages=", ".join(ordered))]


def citations(edition: Edition, lang: str) -> list[dict]:
    """Each source as a citation shows it: publisher, Folketinget's reference, title, date and address."""
    return [
        {
            "id": s.id,
            "short": s.short[lang],
            "publisher": s.publisher[lang],
            "reference": s.reference,
            "title": s.title[lang],
            "date": s.date,
            "url": s.url,
        }
        for s in edition.sources.values()
    ]


def authors(edition: Edition, lang: str) -> str:
    """'ANAMA', or 'ANAMA og Aserbajdsjans anklagemyndighed': whose figures an edition gives."""
    return format_list(list(dict.fromkeys(s.author[lang] for s in edition.sources.values())), locale=lang)


def short_names(edition: Edition, lang: str) -> str:
    """'Bilag 219', or 'ANAMA, 10. nov. 2025 og ANAMA, 26. dec. 2025'."""
    return format_list([s.short[lang] for s in edition.sources.values()], locale=lang)


def sources_sentence(edition: Edition, lang: str) -> str:
    """The sources as running text: 'URU Alm.del Bilag 219 (2024-25): Henvendelse af …'."""
    parts = []
    for s in edition.sources.values():
        head = s.reference or s.publisher[lang]
        tail = f" ({format_date(s.date, lang)})" if s.date and not s.reference else ""
        parts.append(f"{head}: {s.title[lang]}{tail}")
    return format_list(parts, locale=lang)
