"""Read an edition's tables and figures strictly and check them against the schema and their totals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..errors import Problem, processing, relpath
from .files import is_editor_file, parse_toml, read_csv, read_text
from .schema import Schema, TableSchema
from .settings import BILINGUAL
from .spec import (
    DATE,
    ID,
    ID_PATTERN,
    TEXT,
    KeyLines,
    ListOf,
    MapOf,
    Scalar,
    Table,
    check_settings,
    key_lines,
    one_of,
    optional,
    whole,
)

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits only: \d and isdigit() accept '²' and '٣'
WHOLE = re.compile(r"[0-9]+")
UNKNOWN = "unknown"
EDITION_ID = re.compile(r"((?:19|20)[0-9]{2})-[Qq]([1-4])")
FIGURE_HEADER = ["key", "value", "page", "quote"]
CONTRIBUTION_HEADER = [
    "id",
    "donor_da",
    "donor_en",
    "kind",
    "amount",
    "currency",
    "year",
    "page",
    "quote",
]
CONTRIBUTION_KINDS = ("cash", "pledge", "project", "in_kind")
CURRENCIES = ("DKK", "EUR", "GBP", "NOK", "SEK", "USD")  # ISO 4217 codes contributions may be stated in
FIGURE_KEY = Scalar(
    "a figure key such as area_cleared_cumulative_ha or t3_area.anama.cumulative_ha",
    lambda v: isinstance(v, str) and all(ID_PATTERN.fullmatch(part) for part in v.split(".")),
)
SOURCE = Table(  # the document an edition is read from
    {
        "committee": optional(TEXT),
        "session": optional(TEXT),
        "document": optional(TEXT),
        "title_da": optional(TEXT),
        "received": optional(DATE),
        "reference": optional(TEXT),
        "letter_month": optional(TEXT),
        "letter_day": optional(TEXT),
        "sender": optional(TEXT),
        "sender_role": optional(TEXT),
        "recipient": optional(TEXT),
        "recipient_role": optional(TEXT),
        "report_title": optional(TEXT),
        "report_author": optional(TEXT),
        "pages": optional(whole(1)),  # page numbers of figures and contributions must lie within it
    }
)
EDITION = Table(
    {
        "id": TEXT,
        "as_of": DATE,
        "period_start": DATE,
        "period_end": DATE,
        "status": one_of("final", "draft"),
        "absent_tables": optional(ListOf(ID)),
        "source": optional(SOURCE),
        "revisions": optional(MapOf(BILINGUAL, key=FIGURE_KEY)),
    }
)


@dataclass(frozen=True)
class Row:
    """A table row: its key and cells, with the line it came from."""

    key: str
    line: int
    values: dict[str, Decimal | None]


@dataclass(frozen=True)
class Table:
    id: str
    path: str
    rows: tuple[Row, ...]

    def value(self, row: str, column: str) -> Decimal | None:
        return next(r.values[column] for r in self.rows if r.key == row)

    def has(self, row: str, column: str) -> bool:
        return any(r.key == row and column in r.values for r in self.rows)


@dataclass(frozen=True)
class Figure:
    """A headline figure as the source states it (None = unknown)."""

    key: str
    value: Decimal | None
    page: int
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
    page: int
    quote: str


@dataclass(frozen=True, eq=False)
class Edition:
    """One quarterly report: identity, period and its checked data (compared by identity: one per quarter)."""

    id: str
    slug: str
    as_of: date
    period_start: date
    period_end: date
    status: str
    source: dict[str, object]
    path: str
    tables: dict[str, Table]
    figures: dict[str, Figure]
    contributions: tuple[Contribution, ...]
    revisions: dict[str, dict[str, str]]  # figure key -> why it differs from the previous edition
    lines: KeyLines = field(default=KeyLines({}))  # where each key of edition.toml is, for problems


def load_editions(root: Path, schema: Schema) -> tuple[list[Edition], list[Problem]]:
    """Read every edition under content/editions, oldest first."""
    problems: list[Problem] = []
    editions = []
    base = root / "content" / "editions"
    for folder in edition_folders(root):
        edition, found = load_edition(folder, root, schema)
        problems += found
        if edition:
            editions.append(edition)
    if not editions and not problems:
        problems.append(Problem(relpath(base, root), 0, "no edition found (run 'sitegen new-edition')"))
    editions.sort(key=lambda e: e.as_of)
    return editions, problems


def edition_folders(root: Path) -> list[Path]:
    """The folders under content/editions, by name (hidden and editor folders are not editions)."""
    base = root / "content" / "editions"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not is_editor_file(p.name))


def load_edition(folder: Path, root: Path, schema: Schema) -> tuple[Edition | None, list[Problem]]:
    """Read and check one edition folder."""
    meta, pages, problems = _read_meta(folder / "edition.toml", root, folder.name, schema.tables)
    absent = set(meta.pop("absent_tables")) if meta else set()
    tables = {}
    for spec in schema.tables.values():
        if spec.id in absent:
            continue
        with processing(relpath(folder / "data" / f"{spec.id}.csv", root)):
            table, found = load_table(folder / "data", spec, schema, root)
        problems += found
        if table:
            tables[spec.id] = table
    with processing(relpath(folder / "figures.csv", root)):
        figures, found = load_figures(folder / "figures.csv", schema, root, pages)
    problems += found
    with processing(relpath(folder / "contributions.csv", root)):
        contributions, found = load_contributions(folder / "contributions.csv", root, pages)
    problems += found
    if meta is None:
        return None, problems
    return Edition(
        **meta,
        path=relpath(folder, root),
        tables=tables,
        figures=figures,
        contributions=contributions,
    ), problems


def _read_meta(
    path: Path, root: Path, folder: str, tables: Iterable[str]
) -> tuple[dict | None, int | None, list[Problem]]:
    """The edition's identity and its source's page count; `absent_tables` lists tables this quarter's
    report does not have. The page count is known even when the edition is a draft."""
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return None, None, [problem]
    doc, problem = parse_toml(text, where)
    if doc is None:
        return None, None, [problem] if problem else []
    lines = key_lines(text)
    problems = check_settings(doc, EDITION, lines, where)
    if problems:
        return None, None, problems
    pages = doc.get("source", {}).get("pages")
    match = EDITION_ID.fullmatch(doc["id"])
    if not match or folder != match.group(0).lower():
        problems.append(
            Problem(
                where, lines.line(("id",)), f"id must be like 2025-Q1 and match the folder name '{folder}'"
            )
        )
    unknown = [t for t in doc.get("absent_tables", []) if t not in tables]
    if unknown:
        problems.append(
            Problem(
                where,
                lines.line(("absent_tables",)),
                f"absent_tables names unknown table(s): {', '.join(unknown)}",
            )
        )
    if doc["status"] == "draft":
        problems.append(
            Problem(
                where, lines.line(("status",)), 'edition is a draft (fill it in, then set status = "final")'
            )
        )
    if problems:
        return None, pages, problems
    return (
        dict(
            id=doc["id"].upper(),
            slug=doc["id"].lower(),
            as_of=doc["as_of"],
            period_start=doc["period_start"],
            period_end=doc["period_end"],
            status=doc["status"],
            source=dict(doc.get("source", {})),
            absent_tables=list(doc.get("absent_tables", [])),
            revisions=doc.get("revisions", {}),
            lines=lines,
        ),
        pages,
        [],
    )


def load_table(
    folder: Path, spec: TableSchema, schema: Schema, root: Path
) -> tuple[Table | None, list[Problem]]:
    """Read a table's CSV, or its sheet in an .xlsx workbook, and check it fully."""
    path = folder / f"{spec.id}.csv"
    workbooks, problems = [], []
    if any(p.suffix == ".xlsx" and not is_editor_file(p.name) for p in folder.glob("*.xlsx")):
        from .spreadsheet import find_sheet

        workbooks, problems = find_sheet(folder, spec.id, root)
    if problems:
        return None, problems
    places = ([path] if path.exists() else []) + workbooks
    if len(places) > 1:
        names = ", ".join(relpath(p, root) for p in places)
        return None, [Problem(relpath(path, root), 0, f"table {spec.id} is given twice ({names}); keep one")]
    if not places:
        return None, [
            Problem(
                relpath(path, root),
                0,
                f"table {spec.id} is missing "
                f"(Table {spec.number} of the source; create it with the schema's columns)",
            )
        ]
    if workbooks:
        from .spreadsheet import read_sheet

        rows, problems = read_sheet(workbooks[0], spec.id, root)
        where = f"{relpath(workbooks[0], root)}[{spec.id}]"
    else:
        rows, problems = read_csv(path, root)
        where = relpath(path, root)
    if problems:
        return None, problems
    return check_table(rows, spec, schema, where)


def check_table(
    rows: list[list[str]], spec: TableSchema, schema: Schema, where: str
) -> tuple[Table | None, list[Problem]]:
    """Check shape, names, numbers and totals of one table's raw rows."""
    header, body = [h.strip() for h in rows[0]], rows[1:]
    problems = _check_header(header, spec, where)
    if problems:
        return None, problems
    parsed = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(body, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            problems.append(Problem(where, line, f"expected {len(header)} fields, found {len(raw)}"))
            seen.setdefault(raw[0].strip(), line)  # the row is there, only malformed: not also "missing"
            continue
        key = raw[0].strip()
        problems += _check_key(key, line, seen, spec, schema, where)
        values = {}
        for name, cell in zip(header[1:], raw[1:], strict=True):
            value, problem = parse_cell(cell, spec, name, where, line)
            values[name] = value
            if problem:
                problems.append(problem)
        parsed.append(Row(key, line, values))
    missing = [k for k in spec.row_order if k not in seen and k not in spec.optional_rows]
    unknown = [k for k in seen if k not in spec.row_order]
    if missing and not unknown:  # an unknown row is likely the missing one misspelt: reported already
        problems.append(Problem(where, len(body) + 1, f"missing row(s): {', '.join(missing)} (add them)"))
    table = Table(spec.id, where, tuple(parsed))
    if not problems:
        problems += check_sums(table, spec)
    if not problems:  # a row that does not add up would make its columns' totals fail too
        problems += check_totals(table, spec)
    return (None if problems else table), problems


def _check_header(header: list[str], spec: TableSchema, where: str) -> list[Problem]:
    expected = [spec.rows] + [c.name for c in spec.columns]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        return [Problem(where, 1, f"duplicated column(s): {', '.join(dupes)}")]
    missing = [h for h in expected if h not in header]
    extra = [h for h in header if h not in expected]
    found = [f"unexpected column(s): {', '.join(extra)}"] if extra else []
    found += [f"missing column(s): {', '.join(missing)}"] if missing else []
    if found:  # a renamed column is both: one message says it
        return [Problem(where, 1, f"{'; '.join(found)} (expected {','.join(expected)})")]
    if header != expected:
        return [Problem(where, 1, f"columns out of order (expected {','.join(expected)})")]
    return []


def _check_key(
    key: str, line: int, seen: dict[str, int], spec: TableSchema, schema: Schema, where: str
) -> list[Problem]:
    problems = []
    if key in seen:
        problems.append(Problem(where, line, f"duplicated row '{key}' (first on line {seen[key]})"))
    seen.setdefault(key, line)
    structural = key == spec.total or key in spec.subtotals
    if not structural and (spec.rows, key) not in schema.names:
        known = sorted(i for (lst, i) in schema.names if lst == spec.rows)
        problems.append(
            Problem(
                where,
                line,
                f"unknown {spec.rows} '{key}' (known: {', '.join(known)}; "
                "add new names to content/names.csv)",
            )
        )
    elif key not in spec.row_order:
        problems.append(Problem(where, line, f"row '{key}' is not in the schema's row_order for {spec.id}"))
    return problems


def parse_cell(
    cell: str, spec: TableSchema, name: str, where: str, line: int
) -> tuple[Decimal | None, Problem | None]:
    """A cell is a plain number or the explicit marker `unknown`, as the schema allows."""
    column = next(c for c in spec.columns if c.name == name)
    text = cell.strip()
    at = f"column '{name}'"
    if text == UNKNOWN:
        if column.unknown:
            return None, None
        return None, Problem(
            where, line, f"{at}: 'unknown' is not allowed here (the schema requires a number)"
        )
    if not text:
        hint = "write 'unknown' if the source does not give it" if column.unknown else "fill in the number"
        return None, Problem(where, line, f"{at}: empty cell ({hint})")
    if not NUMBER.fullmatch(text):
        hint = (
            " (use '.' for decimals and no thousands separator)"
            if re.fullmatch(r"[0-9., \u00a0-]+", text)
            else ""
        )
        return None, Problem(where, line, f"{at}: '{text}' is not a number{hint}")
    value = Decimal(text)
    if value < 0:
        return None, Problem(where, line, f"{at}: {text} is negative (counts and areas cannot be)")
    if column.type == "int" and value != value.to_integral_value():
        return None, Problem(where, line, f"{at}: {text} is not a whole number")
    return value, None


def check_sums(table: Table, spec: TableSchema) -> list[Problem]:
    """Each row's parts add up to its total (e.g. ERW + APM + ATM = total)."""
    problems = []
    for row in table.rows:
        for total, parts in spec.sums:
            values = [row.values[p] for p in parts]
            if row.values[total] is None or any(v is None for v in values):
                continue
            found = sum(values, Decimal(0))
            if found != row.values[total]:
                problems.append(
                    Problem(
                        table.path,
                        row.line,
                        _mismatch(f"row '{row.key}': {' + '.join(parts)}", found, total, row.values[total]),
                    )
                )
    return problems


def check_totals(table: Table, spec: TableSchema) -> list[Problem]:
    """Each column adds up to the source's stated subtotals and total."""
    rows = {r.key: r for r in table.rows}
    members = {m for ms in spec.subtotals.values() for m in ms}
    groups = dict(spec.subtotals)
    if spec.total:
        groups[spec.total] = tuple(k for k in rows if k != spec.total and k not in members)
    problems: list[Problem] = []
    failed: set[str] = set()  # columns whose subtotal fails: their grand total would only echo it
    for target, parts in groups.items():
        for column in spec.columns:
            if target not in rows or (target == spec.total and column.name in failed):
                continue
            values = [rows[p].values[column.name] for p in parts if p in rows]
            stated = rows[target].values[column.name]
            if stated is None or any(v is None for v in values):
                continue
            found = sum(values, Decimal(0))
            if found != stated:
                failed.add(column.name)
                problems.append(
                    Problem(
                        table.path,
                        rows[target].line,
                        _mismatch(
                            f"column '{column.name}': rows {', '.join(parts)}",
                            found,
                            f"'{target}' row",
                            stated,
                        ),
                    )
                )
    return problems


def _mismatch(what: str, found: Decimal, target: str, stated: Decimal) -> str:
    return (
        f"{what} add up to {found}, but {target} says {stated} "
        f"(difference {found - stated}; correct the rows or the total)"
    )


def page_problem(text: str, pages: int | None) -> str | None:
    """Why a page reference is not a page of the source (ASCII digits, within its page count), or None."""
    if not WHOLE.fullmatch(text):
        return f"page '{text}' is not a page number"
    if pages is not None and not 1 <= int(text) <= pages:
        return f"page {int(text)} is not in the source (it has pages 1-{pages})"
    return None


def load_figures(
    path: Path, schema: Schema, root: Path, pages: int | None
) -> tuple[dict[str, Figure], list[Problem]]:
    """Read the headline figures; each must be declared in the schema and name its source page."""
    rows, problems = read_csv(path, root)
    if problems:
        return {}, problems
    where = relpath(path, root)
    if [h.strip() for h in rows[0]] != FIGURE_HEADER:
        return {}, [Problem(where, 1, f"header must be {','.join(FIGURE_HEADER)}")]
    figures: dict[str, Figure] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(FIGURE_HEADER):
            problems.append(Problem(where, line, f"expected {len(FIGURE_HEADER)} fields, found {len(row)}"))
            continue
        figure, found = _figure(row, line, where, schema, figures, pages)
        problems += found
        if figure:
            figures[figure.key] = figure
    listed = {row[0].strip() for row in rows[1:] if row}
    undeclared = listed - schema.figures.keys()  # likely the missing ones misspelt: reported already
    for key in sorted(k for k in schema.figures if k not in listed and not undeclared):
        problems.append(
            Problem(
                where,
                len(rows) + 1,
                f"figure '{key}' is missing (add a row with its value or 'unknown')",
            )
        )
    return figures, problems


def _figure(
    row: list[str], line: int, where: str, schema: Schema, seen: dict, pages: int | None
) -> tuple[Figure | None, list[Problem]]:
    key, value, page, quote = (c.strip() for c in row)
    spec = schema.figures.get(key)
    problems = []
    if spec is None:
        problems.append(
            Problem(where, line, f"figure '{key}' is not declared in content/schema.toml [figures]")
        )
    if key in seen:
        problems.append(Problem(where, line, f"duplicated figure '{key}' (first on line {seen[key].line})"))
    if not page or not quote:
        problems.append(
            Problem(where, line, f"figure '{key}' has no source: give the page of Bilag 219 and a quote")
        )
    elif page_problem(page, pages):
        problems.append(Problem(where, line, f"figure '{key}': {page_problem(page, pages)}"))
    parsed = None
    if not value:
        problems.append(
            Problem(where, line, f"figure '{key}': value is empty (fill in the number, or 'unknown')")
        )
    elif value != UNKNOWN:
        if not NUMBER.fullmatch(value):
            problems.append(Problem(where, line, f"figure '{key}': '{value}' is not a number (or 'unknown')"))
        elif Decimal(value) < 0:
            problems.append(Problem(where, line, f"figure '{key}': {value} is negative"))
        elif spec and spec.type == "int" and "." in value:
            problems.append(Problem(where, line, f"figure '{key}': {value} is not a whole number"))
        else:
            parsed = Decimal(value)
    if problems:
        return None, problems
    return Figure(key, parsed, int(page), quote, line), []


def load_contributions(
    path: Path, root: Path, pages: int | None
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
        found = [Problem(where, line, m) for m in _contribution_problems(cells, pages)]
        if cells[0] in out:
            found.append(
                Problem(
                    where, line, f"duplicated contribution '{cells[0]}' (first on line {out[cells[0]][0]})"
                )
            )
        problems += found
        if not found:
            out[cells[0]] = (line, _contribution(cells))
    return tuple(c for _line, c in out.values()), problems


def _contribution_problems(cells: list[str], pages: int | None) -> list[str]:
    """What is wrong with one row of contributions.csv."""
    id_, _da, _en, kind, amount, currency, year, page, _quote = cells
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
    if year != UNKNOWN and not re.fullmatch(r"(19|20)[0-9]{2}", year):
        found.append(f"year '{year}' is not a year (or 'unknown')")
    if page_problem(page, pages):
        found.append(f"{page_problem(page, pages)} (give the page of the source)")
    return found


def _contribution(cells: list[str]) -> Contribution:
    id_, da, en, kind, amount, currency, year, page, quote = cells
    return Contribution(
        id_,
        {"da": da, "en": en},
        kind,
        None if amount == UNKNOWN else Decimal(amount),
        None if currency == UNKNOWN else currency,
        None if year == UNKNOWN else int(year),
        int(page),
        quote,
    )
