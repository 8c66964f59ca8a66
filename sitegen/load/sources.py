"""An edition's source documents and the references that tie each figure and table to one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import Problem
from .settings import LANGS
from .spec import WORDS, Either, KeyLines, Scalar, Table, optional, whole

SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PAGES = re.compile(r"([0-9]+)(?:-([0-9]+))?")  # ASCII digits: \d would take '٣' and isdigit() '²'
SESSION = re.compile(r"[0-9]{4}-[0-9]{2}")
URL = re.compile(r"https?://[^\s/]+")
FOLKETINGET = ("committee", "session", "bilag")
UNKNOWN = "unknown"
TEXTS = Either(WORDS, Table({lang: WORDS for lang in LANGS}), "a text, or da and en texts")
SOURCE = Table(  # one [[sources]] block of edition.toml
    {
        "id": Scalar(
            'lower-case letters, digits and hyphens, e.g. "bilag-219"',
            lambda v: isinstance(v, str) and SOURCE_ID.fullmatch(v) is not None,
        ),
        "short": TEXTS,  # in source lines: "Bilag 219"
        "title": TEXTS,
        "publisher": TEXTS,
        "author": optional(TEXTS),  # whose figures these are, when not the publisher's
        "date": Scalar(
            'the document\'s date, e.g. 2025-05-21, or "unknown"',
            lambda v: (isinstance(v, date) and not isinstance(v, datetime)) or v == UNKNOWN,
        ),
        "url": optional(Scalar("an http(s) address", lambda v: isinstance(v, str) and bool(URL.match(v)))),
        "pages": optional(whole(1)),  # a paged document's page count: every page named must lie within it
        "committee": optional(Scalar('the committee\'s letters, e.g. "URU"', lambda v: _letters(v))),
        "session": optional(
            Scalar(
                'a session like "2024-25"', lambda v: isinstance(v, str) and SESSION.fullmatch(v) is not None
            )
        ),
        "bilag": optional(whole(1)),
    }
)


@dataclass(frozen=True)
class Source:
    """A document an edition's figures come from, as a citation needs it."""

    id: str
    short: dict[str, str]  # in source lines: "Bilag 219"
    title: dict[str, str]
    publisher: dict[str, str]
    author: dict[str, str]  # whose figures the document states (the publisher unless given)
    date: date | None  # the document's date; None when unknown
    url: str
    pages: int | None  # page count of a paged document, so page numbers can be checked
    committee: str = ""  # for a Folketinget document: committee, session and Bilag number
    session: str = ""
    bilag: int | None = None

    @property
    def reference(self) -> str:
        """Folketinget's designation, 'URU Alm.del Bilag 219 (2024-25)', or '' for other documents."""
        if self.bilag is None:
            return ""
        return f"{self.committee} Alm.del Bilag {self.bilag} ({self.session})"


@dataclass(frozen=True)
class SourceRef:
    """Where a figure or a table comes from: a source of its edition, the place in it, its own date."""

    source: str  # the id of one of the edition's sources
    place: str = ""  # a page "8", pages "8-9", or a section of an unpaged source
    number: str = ""  # a table's number in that source, if it has one
    as_of: date | None = None  # only when it differs from the edition's


def _letters(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-ZÆØÅ]+", value) is not None


def text(value: str | dict[str, str]) -> dict[str, str]:
    """A text as edition.toml gives it (checked by TEXTS): one string for both languages, or {da, en}."""
    if isinstance(value, str):
        return dict.fromkeys(LANGS, value.strip())
    return {lang: value[lang].strip() for lang in LANGS}


def parse_sources(
    items: list[tuple[int, dict]], where: str, lines: KeyLines
) -> tuple[dict[str, Source], list[Problem]]:
    """The [[sources]] of edition.toml (by their place in it; their keys checked by SOURCE); at least one
    is needed."""
    if not items and ("sources", 0) not in lines.lines:
        return {}, [
            Problem(
                where,
                lines.line(("sources",)),
                "no [[sources]]: name the documents the edition's figures come from",
            )
        ]
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for n, item in items:
        if item["id"] in sources:
            message = f"source '{item['id']}' is named twice"
            problems.append(Problem(where, lines.line(("sources", n, "id")), message))
            continue
        problem = _folketinget(item, lambda key, n=n: lines.line(("sources", n, key)), where)
        problems += problem
        sources[item["id"]] = _source(item, folketinget=not problem)
    return sources, problems


def _source(item: dict, folketinget: bool) -> Source:
    """A source as citations need it (a Folketinget reference only when all three parts are given)."""
    day = item["date"]
    folketinget = folketinget and "bilag" in item
    return Source(
        item["id"],
        text(item["short"]),
        text(item["title"]),
        text(item["publisher"]),
        text(item.get("author", item["publisher"])),
        None if day == UNKNOWN else day,
        item.get("url", ""),
        item.get("pages"),
        item["committee"] if folketinget else "",
        item["session"] if folketinget else "",
        item["bilag"] if folketinget else None,
    )


def _folketinget(item: dict, at, where: str) -> list[Problem]:
    """A Folketinget document names committee, session and Bilag number together."""
    given = [k for k in FOLKETINGET if k in item]
    if not given or len(given) == len(FOLKETINGET):
        return []
    missing = ", ".join(k for k in FOLKETINGET if k not in item)
    return [
        Problem(
            where,
            at(given[0]),
            f"source '{item['id']}': a Folketinget document needs committee, session and bilag "
            f"(add {missing})",
        )
    ]


def place_problem(place: str, source: Source) -> str | None:
    """Why a place cannot be in its source, or None: the one check of a page reference. A page is ASCII
    digits ('²' and '٣' are not pages), and within the source's page count when it has one; a place
    that is not a page (a section of a web page) is not checked."""
    match = PAGES.fullmatch(place)
    if not match:
        looks_like_page = any(c.isnumeric() for c in place) and all(
            c.isnumeric() or c in "-– " for c in place
        )
        return f"page '{place}' is not a page number" if looks_like_page else None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if source.pages is not None and not 1 <= first <= last <= source.pages:
        return f"page {place} is not in source '{source.id}' (it has {source.pages} pages)"
    if first < 1 or last < first:
        return f"page {place} is not a page of source '{source.id}'"
    return None
