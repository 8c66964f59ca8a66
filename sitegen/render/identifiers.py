"""No internal identifier (a figure key, table id, column or formula name) may reach a reader."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from ..errors import Problem
from ..load.pages import Page
from ..load.schema import Schema
from .markdown import REF

# A word joined by '_' or '.' to more words: how keys look (t4_devices.total.quarter_apm), never prose.
TOKEN = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+")
READABLE = ("alt", "title", "aria-label", "content", "placeholder")  # attributes a reader sees or hears
ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*\"[^\"]*$")
FIX = "(write it in words; a figure's value is {{ fig:KEY }})"


def internal_identifiers(schema: Schema, keys: Iterable[str]) -> frozenset[str]:
    """Every key readers must never see: figures and table cells (`keys`), tables, columns, row ids.

    Single plain words ('victims', 'anama', 'total') are left out: they read as ordinary text."""
    names = set(keys) | set(schema.tables) | set(schema.figures) | set(schema.derived)
    names |= {c.name for spec in schema.tables.values() for c in spec.columns}
    names |= {row for (_list, row) in schema.names}
    return frozenset(n for n in names if "_" in n or "." in n)


def exposed(html: str, identifiers: frozenset[str]) -> list[tuple[int, str]]:
    """(line, identifier) for each identifier shown in a page's text or readable attributes, once each."""
    found: dict[str, int] = {}
    for match in tokens(html, identifiers):
        token = match.group(0)
        hit = next((p for p in (token, *token.split(".")) if p in identifiers), None)
        if hit is None or hit in found or not _readable(html, match.start()):
            continue
        found[hit] = html.count("\n", 0, match.start()) + 1
    return sorted((line, name) for name, line in found.items())


def tokens(html: str, identifiers: frozenset[str]) -> Iterator[re.Match[str]]:
    """TOKEN's matches in `html` that could be or hold an identifier, in order.

    TOKEN over a whole page cost 0.4 ms (13 ms of a prose edit's 34 pages). An identifier has an
    underscore or a dot. A token's parts between dots have no dot, so a part is an identifier only with
    an underscore, and a token without one can only be, whole, an identifier without one. So only the
    tokens around an underscore or such an identifier are tried: each starts where the run of word
    characters and dots around that place starts (TOKEN never starts inside such a run)."""
    places = set(occurrences(html, "_"))
    for name in identifiers:
        if "_" not in name:
            places.update(occurrences(html, name))
    tried = -1
    for at in sorted(places):
        start = at
        while start and (html[start - 1].isalnum() or html[start - 1] in "._"):  # \w is isalnum() or _
            start -= 1
        if start != tried and (match := TOKEN.match(html, start)):
            yield match
        tried = start


def occurrences(text: str, part: str) -> Iterator[int]:
    """Where `part` starts in `text`."""
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def _readable(html: str, pos: int) -> bool:
    """Text, or the value of an attribute readers get (alt, title …); not a URL, id or class."""
    start = html.rfind("<", 0, pos)
    if start <= html.rfind(">", 0, pos):
        return True
    attribute = ATTRIBUTE.search(html, start, pos)
    return bool(attribute) and attribute.group(1).lower() in READABLE


def identifier_problems(
    files: Mapping[str, object], pages: Mapping[str, Page], identifiers: frozenset[str]
) -> list[Problem]:
    """An error for each identifier on a rendered page, at the page's Markdown line when it is typed there.

    `pages` maps a page's output file to its source; other files are reported by their site path."""
    problems = []
    for path, content in sorted(files.items()):
        if not path.endswith(".html") or not isinstance(content, bytes):
            continue  # a cached file was checked when it was rendered
        problems += document_problems(path, content.decode("utf-8"), pages.get(path), identifiers)
    return problems


def document_problems(path: str, html: str, page: Page | None, identifiers: frozenset[str]) -> list[Problem]:
    """An error for each identifier in one rendered document: a page, or an edition's print document."""
    problems = []
    for line, name in exposed(html, identifiers):
        where, at = path, line
        typed = _typed_line(page.body, name) if page else None
        if page and typed:
            where, at = page.path, page.body_line + typed - 1
        problems.append(Problem(where, at, f"internal identifier '{name}' is shown to readers {FIX}"))
    return problems


def _typed_line(body: str, name: str) -> int | None:
    """The body line where `name` is typed as text (not inside a {{ … }} reference)."""
    text = REF.sub(lambda m: " " * len(m.group(0)), body)
    match = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None
