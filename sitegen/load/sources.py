"""An edition's source documents and the references that tie each figure and table to one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import Problem
from .settings import LANGS

SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PAGES = re.compile(r"(\d+)(?:-(\d+))?")
SESSION = re.compile(r"\d{4}-\d{2}")
FOLKETINGET = ("committee", "session", "bilag")
SOURCE_KEYS = ("id", "short", "title", "publisher", "author", "date", "url", "pages", *FOLKETINGET)
UNKNOWN = "unknown"


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


def text(value: object) -> dict[str, str] | None:
    """A text as edition.toml gives it: one string for both languages, or {da = ..., en = ...}."""
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(LANGS, value.strip())
    if isinstance(value, dict) and all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS
    ):
        return {lang: value[lang].strip() for lang in LANGS}
    return None


def parse_sources(
    items: object, where: str, lines: dict[str, int]
) -> tuple[dict[str, Source], list[Problem]]:
    """The [[sources]] of edition.toml, each checked; at least one is needed."""
    if not isinstance(items, list) or not items:
        line = lines.get("sources.0", 0)
        return {}, [
            Problem(where, line, "no [[sources]]: name the documents the edition's figures come from")
        ]
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for n, item in enumerate(items):
        source, found = _source(item if isinstance(item, dict) else {}, f"sources.{n}", where, lines)
        problems += found
        if source and source.id in sources:
            problems.append(
                Problem(where, lines.get(f"sources.{n}.id", 0), f"source '{source.id}' is named twice")
            )
        elif source:
            sources[source.id] = source
    return sources, problems


def _source(item: dict, ctx: str, where: str, lines: dict[str, int]) -> tuple[Source | None, list[Problem]]:
    at = lambda key: lines.get(f"{ctx}.{key}", lines.get(ctx, 0))  # noqa: E731
    problems = [
        Problem(where, at(key), f"source: unknown key '{key}' (known: {', '.join(SOURCE_KEYS)})")
        for key in item
        if key not in SOURCE_KEYS
    ]
    id_ = item.get("id")
    if not isinstance(id_, str) or not SOURCE_ID.fullmatch(id_):
        problems.append(
            Problem(
                where,
                at("id"),
                "source: 'id' must be lower-case letters, digits and hyphens, e.g. \"bilag-219\"",
            )
        )
        id_ = ""
    name = f"source '{id_}'" if id_ else "source"
    texts = {}
    for key in ("short", "title", "publisher", "author"):
        texts[key] = text(item.get(key))
        if texts[key] is None and (key != "author" or key in item):
            problems.append(Problem(where, at(key), f"{name}: '{key}' must be a text, or da and en texts"))
    day = item.get("date")
    if not isinstance(day, date) and day != UNKNOWN:
        problems.append(
            Problem(
                where,
                at("date"),
                f"{name}: 'date' must be the document's date, e.g. 2025-05-21, or \"unknown\"",
            )
        )
    url = item.get("url", "")
    if not isinstance(url, str) or (url and not re.match(r"https?://[^\s/]+", url)):
        problems.append(Problem(where, at("url"), f"{name}: 'url' must be an http(s) address"))
    pages = item.get("pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 1):
        problems.append(Problem(where, at("pages"), f"{name}: 'pages' must be the document's page count"))
    problems += _folketinget(item, name, at, where)
    if not id_:
        return None, problems
    blank = dict.fromkeys(LANGS, "")  # a source with problems still answers to its id: the figures that
    texts = {k: v or blank for k, v in texts.items()}  # name it are not reported again
    folketinget = not problems and "bilag" in item
    return Source(
        id_,
        texts["short"],
        texts["title"],
        texts["publisher"],
        texts["author"] if "author" in item else texts["publisher"],
        day if isinstance(day, date) else None,
        url if isinstance(url, str) else "",
        pages if isinstance(pages, int) and not problems else None,
        str(item["committee"]) if folketinget else "",
        str(item["session"]) if folketinget else "",
        item["bilag"] if folketinget else None,
    ), problems


def _folketinget(item: dict, name: str, at, where: str) -> list[Problem]:
    """A Folketinget document names committee, session and Bilag number together."""
    given = [k for k in FOLKETINGET if k in item]
    if not given:
        return []
    if len(given) < len(FOLKETINGET):
        missing = ", ".join(k for k in FOLKETINGET if k not in item)
        return [
            Problem(
                where,
                at(given[0]),
                f"{name}: a Folketinget document needs committee, session and bilag (add {missing})",
            )
        ]
    bilag, session, committee = item["bilag"], item["session"], item["committee"]
    problems = []
    if not isinstance(committee, str) or not re.fullmatch(r"[A-ZÆØÅ]+", committee):
        problems.append(
            Problem(
                where, at("committee"), f"{name}: 'committee' must be the committee's letters, e.g. \"URU\""
            )
        )
    if not isinstance(session, str) or not SESSION.fullmatch(session):
        problems.append(Problem(where, at("session"), f"{name}: 'session' must be like \"2024-25\""))
    if not isinstance(bilag, int) or isinstance(bilag, bool) or bilag < 1:
        problems.append(Problem(where, at("bilag"), f"{name}: 'bilag' must be the Bilag number, e.g. 219"))
    return problems


def place_problem(place: str, source: Source) -> str | None:
    """Why a place cannot be in its source (a page beyond its page count), or None."""
    match = PAGES.fullmatch(place)
    if not match or source.pages is None:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= first <= last <= source.pages:
        return f"page {place} is not in source '{source.id}' (it has {source.pages} pages)"
    return None
