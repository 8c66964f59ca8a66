"""An edition's edition.toml: its period and as-of date, its sources, and where each table comes from."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem, relpath, toml_problem
from .files import read_text, toml_lines
from .periods import Period, parse_period
from .sources import Source, SourceRef, parse_sources, place_problem, text

META_KEYS = (
    "period",
    "as_of",
    "published",
    "status",
    "absent_tables",
    "sources",
    "tables",
    "revisions",
    "confirmed",
)
TABLE_KEYS = ("source", "number", "place", "as_of")


@dataclass(frozen=True)
class Meta:
    """What edition.toml says about an edition."""

    period: Period
    as_of: date
    published: date | None  # the day the briefing's edition is published; None until staff set it
    status: str
    sources: dict[str, Source]
    tables: dict[str, SourceRef]  # where each table given in data/ comes from
    absent_tables: tuple[str, ...]
    revisions: dict[str, dict[str, str]]  # figure key -> why it does not follow from the previous edition
    confirmed: dict[str, str]  # figure key -> why a warning about it is unfounded
    lines: dict[str, int]  # line of each key, for problems found later


def read_meta(
    path: Path, root: Path, folder: str, tables: Iterable[str]
) -> tuple[Meta | None, list[Problem]]:
    """Read and check edition.toml; None when it lacks what an edition needs (its period and date)."""
    where = relpath(path, root)
    raw, problem = read_text(path, root)
    if problem:
        return None, [problem]
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        return None, [toml_problem(exc, where)]
    lines = toml_lines(raw)
    at = lambda key: lines.get(key, 0)  # noqa: E731
    problems = [
        Problem(where, at(key), f"unknown key '{key}' (known: {', '.join(META_KEYS)})")
        for key in doc
        if key not in META_KEYS
    ]
    period, as_of, found = _time(doc, folder, where, at)
    problems += found
    published, found = _published(doc.get("published"), as_of, where, at("published") or at("as_of"))
    problems += found
    sources, found = parse_sources(doc.get("sources"), where, lines)
    problems += found
    status = doc.get("status")
    if status not in ("final", "draft"):
        problems.append(Problem(where, at("status"), '\'status\' must be "final" or "draft"'))
    elif status == "draft":
        problems.append(
            Problem(where, at("status"), 'edition is a draft (fill it in, then set status = "final")')
        )
    known = set(tables)
    absent = doc.get("absent_tables", [])
    if not isinstance(absent, list):
        absent = []
        problems.append(Problem(where, at("absent_tables"), "'absent_tables' must be a list of table ids"))
    unknown = [str(t) for t in absent if t not in known]
    if unknown:
        problems.append(
            Problem(where, at("absent_tables"), f"absent_tables names unknown table(s): {', '.join(unknown)}")
        )
    refs, found = _table_refs(doc.get("tables", {}), known, set(absent), sources, where, lines)
    problems += found
    revisions, confirmed, found = _notes(doc, where, at)
    problems += found
    if period is None or as_of is None:
        return None, problems
    meta = Meta(
        period,
        as_of,
        published,
        str(status),
        sources,
        refs,
        tuple(str(t) for t in absent if t in known),
        revisions,
        confirmed,
        lines,
    )
    return meta, problems


def _time(doc: dict, folder: str, where: str, at) -> tuple[Period | None, date | None, list[Problem]]:
    """The period (matching the folder name) and the as-of date, which must lie in it."""
    problems = []
    raw = doc.get("period")
    period = parse_period(raw) if isinstance(raw, str) else None
    if period is None:
        problems.append(
            Problem(
                where, at("period"), 'period must be a quarter such as "2025-Q4" or a year such as "2025"'
            )
        )
    elif period.slug != folder:
        problems.append(
            Problem(
                where,
                at("period"),
                f"period {period.id} does not match the folder name '{folder}' (rename one)",
            )
        )
        period = None
    as_of = doc.get("as_of")
    if not isinstance(as_of, date):
        problems.append(
            Problem(where, at("as_of"), "'as_of' must be the date the figures are as of, e.g. 2025-03-31")
        )
        as_of = None
    elif period and not period.contains(as_of):
        problems.append(
            Problem(
                where,
                at("as_of"),
                f"as_of {as_of} is not in {period.id} ({period.start} to {period.end}); "
                "give the date the figures are as of, within the period",
            )
        )
        as_of = None
    return period, as_of, problems


def _published(value: object, as_of: date | None, where: str, line: int) -> tuple[date | None, list[Problem]]:
    """The publication date follows the data date; without one, the edition bar cannot give it."""
    if value is None:
        hint = "add published = YYYY-MM-DD, the day this edition is published"
        warning = f"'published' is missing, so the edition bar shows no date ({hint})"
        return None, [Problem(where, line, warning, warning=True)]
    if not isinstance(value, date):
        return None, [Problem(where, line, "'published' must be a date such as 2025-06-02")]
    if as_of and value < as_of:
        return None, [Problem(where, line, f"'published' ({value}) is before 'as_of' ({as_of})")]
    return value, []


def _table_refs(
    items: object, known: set[str], absent: set, sources: dict[str, Source], where: str, lines: dict[str, int]
) -> tuple[dict[str, SourceRef], list[Problem]]:
    """[tables.ID]: the source, number and place of each table the edition gives."""
    if not isinstance(items, dict):
        return {}, [
            Problem(
                where, lines.get("tables", 0), "[tables] must name a table per key, e.g. [tables.t3_area]"
            )
        ]
    refs, problems = {}, []
    for table, entry in items.items():
        at = lambda key, table=table: lines.get(f"tables.{table}.{key}", lines.get(f"tables.{table}", 0))  # noqa: E731
        if table not in known:
            problems.append(Problem(where, at(""), f"[tables.{table}]: no such table in content/schema.toml"))
            continue
        if table in absent:
            problems.append(
                Problem(
                    where, at(""), f"[tables.{table}]: the table is also listed in absent_tables (keep one)"
                )
            )
            continue
        entry = entry if isinstance(entry, dict) else {}
        problems += [
            Problem(where, at(k), f"[tables.{table}]: unknown key '{k}' (known: {', '.join(TABLE_KEYS)})")
            for k in entry
            if k not in TABLE_KEYS
        ]
        ref, found = source_ref(
            entry.get("source"), entry.get("place", ""), entry.get("as_of"), sources, f"[tables.{table}]"
        )
        problems += [Problem(where, at(key), message) for key, message in found]
        number = entry.get("number", "")
        if not isinstance(number, int | str) or isinstance(number, bool):
            problems.append(
                Problem(
                    where,
                    at("number"),
                    f"[tables.{table}]: 'number' must be the table's number in its source",
                )
            )
        if ref:
            refs[table] = SourceRef(ref.source, ref.place, str(number), ref.as_of)
    return refs, problems


def source_ref(
    source: object, place: object, as_of: object, sources: dict[str, Source], ctx: str
) -> tuple[SourceRef | None, list[tuple[str, str]]]:
    """A checked reference to one of the edition's sources; problems as (key, message) pairs."""
    problems = []
    if not source:
        known = f"one of {', '.join(sources)}" if sources else "an id from [[sources]]"
        problems.append(("source", f"{ctx}: name its source ({known})"))
    elif not isinstance(source, str) or source not in sources:
        known = ", ".join(sources) or "none yet"
        problems.append(
            ("source", f"{ctx}: '{source}' is not a source of this edition (its sources: {known})")
        )
    place = str(place).strip() if isinstance(place, int | str) and not isinstance(place, bool) else None
    if place is None:
        problems.append(("place", f"{ctx}: 'place' must be a page such as 8 or 8-9, or a section"))
    elif not problems:
        reason = place_problem(place, sources[str(source)])
        if reason:
            problems.append(("place", f"{ctx}: {reason}"))
    if as_of is not None and not isinstance(as_of, date):
        problems.append(("as_of", f"{ctx}: 'as_of' must be a date such as 2025-11-10"))
    if problems:
        return None, problems
    return SourceRef(str(source), place or "", "", as_of), []


def _notes(doc: dict, where: str, at) -> tuple[dict, dict, list[Problem]]:
    """[revisions]: explanations shown to readers; [confirmed]: warnings checked and found unfounded."""
    problems = []
    revisions = {}
    for key, value in (doc.get("revisions") or {}).items():
        texts = text(value)
        if texts is None or isinstance(value, str):
            problems.append(
                Problem(where, at(f"revisions.{key}"), f"[revisions.{key}] needs da and en texts")
            )
        else:
            revisions[str(key)] = texts
    confirmed = {}
    for key, value in (doc.get("confirmed") or {}).items():
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(where, at(f"confirmed.{key}"), f"confirmed.{key}: say why the figure is right")
            )
        else:
            confirmed[str(key)] = value.strip()
    return revisions, confirmed, problems
