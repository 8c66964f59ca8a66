"""An edition's headline figures (figures.csv) and named contributions (contributions.csv), each with the
source, place and date it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..errors import Problem, relpath
from .cells import NUMBER, UNKNOWN, parse_number
from .files import read_csv
from .meta import source_ref
from .schema import Schema
from .sources import Source, SourceRef
from .spec import ID_PATTERN

APPROX = {"": False, "no": False, "yes": True}
FIGURE_HEADER = ["key", "value", "approx", "source", "place", "as_of", "quote"]
CONTRIBUTION_HEADER = [
    "id",
    "donor_da",
    "donor_en",
    "kind",
    "amount",
    "currency",
    "year",
    "source",
    "place",
    "quote",
]
CONTRIBUTION_KINDS = ("cash", "pledge", "project", "in_kind")
CURRENCIES = ("DKK", "EUR", "GBP", "NOK", "SEK", "USD")  # ISO 4217 codes contributions may be stated in
YEAR = re.compile(r"(19|20)[0-9]{2}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: isdigit() takes '２０２４' too


@dataclass(frozen=True)
class Figure:
    """A headline figure as the source states it (None = unknown), and where the source states it."""

    key: str
    value: Decimal | None
    approx: bool  # the source says "approximately", "nearly", "over"
    ref: SourceRef | None  # None only for an unknown figure that names no source
    quote: str
    line: int


@dataclass(frozen=True)
class Contribution:
    id: str
    donor: dict[str, str]
    kind: str
    amount: Decimal | None
    currency: str | None
    year: int | None
    ref: SourceRef | None
    quote: str


def load_figures(
    path: Path, schema: Schema, root: Path, sources: dict[str, Source] | None
) -> tuple[dict[str, Figure], list[Problem], list[Problem]]:
    """Read the headline figures; each must be declared in the schema and, when known, name its source.

    `sources` is None when edition.toml could not be read (sources are then not checked). The last list
    names the schema's figures the file lacks: only the newest edition must have them all."""
    rows, problems = read_csv(path, root)
    if problems:
        return {}, problems, []
    where = relpath(path, root)
    if [h.strip() for h in rows[0]] != FIGURE_HEADER:
        return {}, [Problem(where, 1, f"header must be {','.join(FIGURE_HEADER)}")], []
    figures: dict[str, Figure] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(FIGURE_HEADER):
            problems.append(Problem(where, line, f"expected {len(FIGURE_HEADER)} fields, found {len(row)}"))
            continue
        figure, found = _figure(row, line, where, schema, figures, sources)
        problems += found
        if figure:
            figures[figure.key] = figure
    listed = {row[0].strip() for row in rows[1:] if row}
    undeclared = listed - schema.figures.keys()  # likely the missing ones misspelt: reported already
    missing = [
        Problem(where, len(rows) + 1, f"figure '{key}' is missing (add a row with its value or 'unknown')")
        for key in sorted(k for k in schema.figures if k not in listed and not undeclared)
    ]
    return figures, problems, missing


def _figure(
    row: list[str], line: int, where: str, schema: Schema, seen: dict, sources: dict[str, Source] | None
) -> tuple[Figure | None, list[Problem]]:
    key, value, approx, source, place, as_of, quote = (c.strip() for c in row)
    spec = schema.figures.get(key)
    problems = []
    if spec is None:
        problems.append(
            Problem(where, line, f"figure '{key}' is not declared in content/schema.toml [figures]")
        )
    if key in seen:
        problems.append(Problem(where, line, f"duplicated figure '{key}' (first on line {seen[key].line})"))
    parsed, problem = parse_number(value, bool(spec and spec.type == "int"))
    if problem:
        problems.append(
            Problem(where, line, f"figure '{key}': {problem.replace('empty cell', 'value is empty')}")
        )
    if approx not in APPROX:
        problems.append(
            Problem(where, line, f"figure '{key}': approx must be 'yes' or empty, not '{approx}'")
        )
    day = _date(as_of)
    if as_of and day is None:
        problems.append(
            Problem(where, line, f"figure '{key}': as_of '{as_of}' is not a date like 2025-11-10")
        )
    ref, found = reference(f"figure '{key}'", source, place, quote, day, sources, known=parsed is not None)
    problems += [Problem(where, line, message) for message in found]
    if problems:
        return None, problems
    return Figure(key, parsed, APPROX[approx], ref, quote, line), []


def reference(
    what: str,
    source: str,
    place: str,
    quote: str,
    day: date | None,
    sources: dict[str, Source] | None,
    known: bool,
) -> tuple[SourceRef | None, list[str]]:
    """Where a figure comes from: a known value names its source, its place there and the source's words."""
    if sources is None or (not known and not source):
        return None, []
    if not source:
        return None, [f"{what} has no source: name one of the edition's sources ({', '.join(sources)})"]
    ref, found = source_ref(source, place, day, sources, what)
    problems = [message for _key, message in found]
    if ref and known and not place and sources[source].pages:
        problems.append(f"{what}: give the page of source '{source}' it is on")
    if known and not quote:
        problems.append(f"{what}: quote the source's own words for it")
    return ref, problems


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if DAY.fullmatch(text) else None
    except ValueError:
        return None


def load_contributions(
    path: Path, root: Path, sources: dict[str, Source] | None
) -> tuple[tuple[Contribution, ...], list[Problem]]:
    """Read the named foreign contributions (optional file)."""
    if not path.exists():
        return (), []
    rows, problems = read_csv(path, root)
    where = relpath(path, root)
    if problems:
        return (), problems
    if [h.strip() for h in rows[0]] != CONTRIBUTION_HEADER:
        return (), [Problem(where, 1, f"header must be {','.join(CONTRIBUTION_HEADER)}")]
    out: dict[str, tuple[int, Contribution]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(CONTRIBUTION_HEADER):
            problems.append(
                Problem(where, line, f"expected {len(CONTRIBUTION_HEADER)} fields, found {len(row)}")
            )
            continue
        cells = [c.strip() for c in row]
        contribution, found = _contribution(cells, line, where, sources)
        if cells[0] in out:
            first = out[cells[0]][0]
            found.append(
                Problem(where, line, f"duplicated contribution '{cells[0]}' (first on line {first})")
            )
        problems += found
        if contribution and not found:
            out[cells[0]] = (line, contribution)
    return tuple(c for _line, c in out.values()), problems


def _contribution(
    row: list[str], line: int, where: str, sources: dict[str, Source] | None
) -> tuple[Contribution | None, list[Problem]]:
    id_, da, en, kind, amount, currency, year, source, place, quote = row
    problems = [Problem(where, line, message) for message in _contribution_problems(row)]
    ref, found = reference(f"contribution '{id_}'", source, place, quote, None, sources, known=True)
    problems += [Problem(where, line, message) for message in found]
    if problems:
        return None, problems
    return Contribution(
        id_,
        {"da": da, "en": en},
        kind,
        None if amount == UNKNOWN else Decimal(amount),
        None if currency == UNKNOWN else currency,
        None if year == UNKNOWN else int(year),
        ref,
        quote,
    ), []


def _contribution_problems(row: list[str]) -> list[str]:
    """What is wrong with one row of contributions.csv, its source aside."""
    id_, _da, _en, kind, amount, currency, year, _source, _place, _quote = row
    found = []
    if not ID_PATTERN.fullmatch(id_):
        found.append(f"id '{id_}' must be lowercase letters, digits, '_' and '-'")
    if kind not in CONTRIBUTION_KINDS:
        found.append(f"kind '{kind}' is not one of {', '.join(CONTRIBUTION_KINDS)}")
    if amount != UNKNOWN and not NUMBER.fullmatch(amount):
        found.append(f"amount '{amount}' is not a number (or 'unknown')")
    elif amount != UNKNOWN and Decimal(amount) < 0:
        found.append(f"amount {amount} is negative")
    if currency not in CURRENCIES and (currency != UNKNOWN or amount != UNKNOWN):
        found.append(f"currency '{currency}' is not one of {', '.join(CURRENCIES)}" + (
            "" if amount == UNKNOWN else " (an amount needs its currency)"))  # fmt: skip
    if year != UNKNOWN and not YEAR.fullmatch(year):
        found.append(f"year '{year}' is not a year (or 'unknown')")
    return found
