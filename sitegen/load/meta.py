"""An edition's edition.toml: its period and as-of date, its sources, and where each table comes from.

Every key's type is declared once in `EDITION` (and `SOURCE` in load/sources.py) and checked with its line
before anything here reads it; what follows checks what the keys say together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem, relpath
from .files import parse_toml, read_text
from .periods import Period, parse_period
from .settings import BILINGUAL
from .sources import SOURCE, Source, SourceRef, parse_sources, place_problem
from .spec import (
    DATE,
    FIGURE_KEY,
    ID,
    TEXT,
    KeyLines,
    ListOf,
    MapOf,
    Scalar,
    Table,
    check_settings,
    intact,
    is_whole,
    key_lines,
    one_of,
    optional,
)

PERIOD = Scalar(
    'a quarter such as "2025-Q4" or a year such as "2025"',
    lambda v: isinstance(v, str) and parse_period(v) is not None,
)
NUMBER_OR_TEXT = lambda v: is_whole(v) or isinstance(v, str)  # noqa: E731
TABLE_REF = Table(  # [tables.ID]: where the edition's copy of a table comes from
    {
        "source": optional(TEXT),  # an id of [[sources]]
        "number": optional(Scalar("the table's number in its source, e.g. 4", NUMBER_OR_TEXT)),
        "place": optional(Scalar('a page such as 8, pages such as "8-9", or a section', NUMBER_OR_TEXT)),
        "as_of": optional(DATE),  # only when it differs from the edition's
    }
)
NEEDED = ("period", "as_of", "status", "absent_tables")  # without them there is no edition to check
REASON = Scalar("a text saying why the figure is right", lambda v: isinstance(v, str) and bool(v.strip()))
EDITION = Table(
    {
        "period": PERIOD,
        "as_of": DATE,
        "published": optional(DATE),  # a warning until staff set it
        "status": one_of("final", "draft"),
        "absent_tables": optional(ListOf(ID)),
        "sources": optional(ListOf(SOURCE)),  # at least one: parse_sources says so with what to do
        "tables": optional(MapOf(TABLE_REF)),
        "revisions": optional(MapOf(BILINGUAL, key=FIGURE_KEY)),
        "confirmed": optional(MapOf(REASON, key=FIGURE_KEY)),
    }
)


@dataclass(frozen=True)
class Meta:
    """What edition.toml says about an edition."""

    period: Period
    as_of: date
    published: date | None  # the day the briefing's edition is published; None until staff set it
    status: str
    sources: dict[str, Source]
    complete: bool  # every source was read: a reference to an id not among them is wrong
    tables: dict[str, SourceRef]  # where each table given in data/ comes from
    absent_tables: tuple[str, ...]
    revisions: dict[str, dict[str, str]]  # figure key -> why it does not follow from the previous edition
    confirmed: dict[str, str]  # figure key -> why a warning about it is unfounded
    lines: KeyLines  # line of each key, for problems found later


def read_meta(
    path: Path, root: Path, folder: str, tables: Iterable[str]
) -> tuple[Meta | None, list[Problem]]:
    """Read and check edition.toml; None when it lacks what an edition needs (its period, date, status and
    absent tables, each of the right type): then its tables and figures are read without it. A source,
    table reference or note with a problem is left out, and nothing that follows from it is said."""
    where = relpath(path, root)
    raw, problem = read_text(path, root)
    if problem:
        return None, [problem]
    doc, problem = parse_toml(raw, where)
    if doc is None:
        return None, [problem] if problem else []
    lines, failed = key_lines(raw), set()
    problems = check_settings(doc, EDITION, lines, where, failed)
    if any(not path or path[0] in NEEDED or path[0] not in EDITION.keys for path in failed):
        return None, problems  # an unknown key may be a needed one misspelt
    at = lambda *key: lines.line(key)  # noqa: E731
    period, as_of, found = _time(doc, folder, where, at)
    problems += found
    published, found = (
        _published(doc.get("published"), as_of, where, at("published" if "published" in doc else "as_of"))
        if intact(failed, "published")
        else (None, [])
    )
    problems += found
    items = [(n, item) for n, item in enumerate(part(doc, "sources", list)) if intact(failed, "sources", n)]
    sources, found = parse_sources(items, where, lines) if intact(failed, "sources", 0) or items else ({}, [])
    problems += found
    complete = not any(path[0] == "sources" for path in failed)  # else a reference may name a broken one
    if doc["status"] == "draft":
        problems.append(
            Problem(where, at("status"), 'edition is a draft (fill it in, then set status = "final")')
        )
    known = set(tables)
    absent = doc.get("absent_tables", [])
    unknown = [t for t in absent if t not in known]
    if unknown:
        problems.append(
            Problem(where, at("absent_tables"), f"absent_tables names unknown table(s): {', '.join(unknown)}")
        )
    entries = {k: v for k, v in part(doc, "tables", dict).items() if intact(failed, "tables", k)}
    refs, found = _table_refs(entries, known, set(absent), sources if complete else None, where, lines)
    problems += found
    if period is None or as_of is None:
        return None, problems
    meta = Meta(
        period,
        as_of,
        published,
        doc["status"],
        sources,
        complete,
        refs,
        tuple(t for t in absent if t in known),
        {
            key: {lang: text.strip() for lang, text in texts.items()}
            for key, texts in part(doc, "revisions", dict).items()
            if intact(failed, "revisions", key)
        },
        {
            key: text.strip()
            for key, text in part(doc, "confirmed", dict).items()
            if intact(failed, "confirmed", key)
        },
        lines,
    )
    return meta, problems


def part(doc: dict, key: str, kind: type) -> list | dict:
    """A list or table of the document, or an empty one when it is of another type (said by the spec)."""
    value = doc.get(key)
    return value if isinstance(value, kind) else kind()


def _time(doc: dict, folder: str, where: str, at) -> tuple[Period | None, date | None, list[Problem]]:
    """The period (matching the folder name) and the as-of date, which must lie in it."""
    period, as_of = parse_period(doc["period"]), doc["as_of"]
    assert period is not None  # the spec checked it
    if period.slug != folder:
        message = f"period {period.id} does not match the folder name '{folder}' (rename one)"
        return None, as_of, [Problem(where, at("period"), message)]
    if not period.contains(as_of):
        message = (
            f"as_of {as_of} is not in {period.id} ({period.start} to {period.end}); "
            "give the date the figures are as of, within the period"
        )
        return period, None, [Problem(where, at("as_of"), message)]
    return period, as_of, []


def _published(
    value: date | None, as_of: date | None, where: str, line: int
) -> tuple[date | None, list[Problem]]:
    """The publication date follows the data date; without one, the edition bar cannot give it."""
    if value is None:
        hint = "add published = YYYY-MM-DD, the day this edition is published"
        warning = f"'published' is missing, so the edition bar shows no date ({hint})"
        return None, [Problem(where, line, warning, warning=True)]
    if as_of and value < as_of:
        return None, [Problem(where, line, f"'published' ({value}) is before 'as_of' ({as_of})")]
    return value, []


def _table_refs(
    items: dict, known: set[str], absent: set, sources: dict[str, Source] | None, where: str, lines: KeyLines
) -> tuple[dict[str, SourceRef], list[Problem]]:
    """[tables.ID]: the source, number and place of each table the edition gives (`sources` is None when
    one of them could not be read: then a reference's source is not checked)."""
    refs, problems = {}, []
    for table, entry in items.items():
        at = lambda *key, table=table: lines.line(("tables", table, *key))  # noqa: E731
        if table not in known:
            problems.append(Problem(where, at(), f"[tables.{table}]: no such table in content/schema.toml"))
            continue
        if table in absent:
            problems.append(
                Problem(
                    where, at(), f"[tables.{table}]: the table is also listed in absent_tables (keep one)"
                )
            )
            continue
        ref, found = source_ref(
            entry.get("source"), entry.get("place", ""), entry.get("as_of"), sources, f"[tables.{table}]"
        )
        problems += [Problem(where, at(key), message) for key, message in found]
        if ref:
            refs[table] = SourceRef(ref.source, ref.place, str(entry.get("number", "")), ref.as_of)
    return refs, problems


def source_ref(
    source: object, place: object, as_of: date | None, sources: dict[str, Source] | None, ctx: str
) -> tuple[SourceRef | None, list[tuple[str, str]]]:
    """A checked reference to one of the edition's sources; problems as (key, message) pairs. With
    `sources` None (one could not be read) only a missing source is said."""
    if not source:
        known = f"one of {', '.join(sources)}" if sources else "an id from [[sources]]"
        return None, [("source", f"{ctx}: name its source ({known})")]
    if sources is None:
        return None, []
    if source not in sources:
        known = ", ".join(sources) or "none yet"
        return None, [("source", f"{ctx}: '{source}' is not a source of this edition (its sources: {known})")]
    place = str(place).strip()
    reason = place_problem(place, sources[str(source)])
    if reason:
        return None, [("place", f"{ctx}: {reason}")]
    return SourceRef(str(source), place, "", as_of), []
