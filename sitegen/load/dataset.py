"""Read an edition's tables and figures strictly and check them against the schema and their totals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..errors import Problem, relpath
from .files import read_csv, read_toml
from .schema import Schema, TableSchema

NUMBER = re.compile(r"-?\d+(\.\d+)?")
UNKNOWN = "unknown"
EDITION_ID = re.compile(r"(\d{4})-[Qq]([1-4])")
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
    published: date | None  # the day the briefing's edition was published; None until staff set it
    source: dict[str, object]
    path: str
    tables: dict[str, Table]
    figures: dict[str, Figure]
    contributions: tuple[Contribution, ...]
    revisions: dict[str, dict[str, str]]  # figure key -> why it differs from the previous edition


def load_editions(root: Path, schema: Schema) -> tuple[list[Edition], list[Problem]]:
    """Read every edition under content/editions, oldest first."""
    problems: list[Problem] = []
    editions = []
    base = root / "content" / "editions"
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        edition, found = load_edition(folder, root, schema)
        problems += found
        if edition:
            editions.append(edition)
    if not editions and not problems:
        problems.append(Problem(relpath(base, root), 0, "no edition found (run 'sitegen new-edition')"))
    editions.sort(key=lambda e: e.as_of)
    return editions, problems


def load_edition(folder: Path, root: Path, schema: Schema) -> tuple[Edition | None, list[Problem]]:
    """Read and check one edition folder."""
    meta_path = folder / "edition.toml"
    meta, problems = _read_meta(meta_path, root, folder.name, schema.tables)
    absent = set(meta.pop("absent_tables")) if meta else set()
    problems += publication_problems(meta, relpath(meta_path, root))
    tables = {}
    for spec in schema.tables.values():
        if spec.id in absent:
            continue
        table, found = load_table(folder / "data", spec, schema, root)
        problems += found
        if table:
            tables[spec.id] = table
    figures, found = load_figures(folder / "figures.csv", schema, root)
    problems += found
    contributions, found = load_contributions(folder / "contributions.csv", root)
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
) -> tuple[dict | None, list[Problem]]:
    """The edition's identity; `absent_tables` lists tables this quarter's report does not have."""
    where = relpath(path, root)
    doc, problems = read_toml(path, root)
    if doc is None:
        return None, problems
    match = EDITION_ID.fullmatch(str(doc.get("id", "")))
    if not match or folder != match.group(0).lower():
        problems.append(Problem(where, 0, f"id must be like 2025-Q1 and match the folder name '{folder}'"))
    for key in ("as_of", "period_start", "period_end"):
        if not isinstance(doc.get(key), date):
            problems.append(Problem(where, 0, f"'{key}' must be a date such as 2025-03-31"))
    unknown = [t for t in doc.get("absent_tables", []) if t not in tables]
    if unknown:
        problems.append(
            Problem(where, 0, f"absent_tables names unknown table(s): {', '.join(map(str, unknown))}")
        )
    if "published" in doc and not isinstance(doc["published"], date):
        problems.append(Problem(where, 0, "'published' must be a date such as 2025-06-02"))
    if doc.get("status") not in ("final", "draft"):
        problems.append(Problem(where, 0, '\'status\' must be "final" or "draft"'))
    elif doc["status"] == "draft":
        problems.append(Problem(where, 0, 'edition is a draft (fill it in, then set status = "final")'))
    if problems:
        return None, problems
    return dict(
        id=doc["id"].upper(),
        slug=doc["id"].lower(),
        as_of=doc["as_of"],
        period_start=doc["period_start"],
        period_end=doc["period_end"],
        status=doc["status"],
        published=doc.get("published"),
        source=dict(doc.get("source", {})),
        absent_tables=list(doc.get("absent_tables", [])),
        revisions={str(k): dict(v) for k, v in doc.get("revisions", {}).items()},
    ), []


def publication_problems(meta: dict | None, where: str) -> list[Problem]:
    """The publication date follows the data date; without one, the edition bar cannot give it."""
    if meta is None:
        return []
    if meta["published"] is None:
        hint = "add published = YYYY-MM-DD, the day this edition is published"
        return [Problem(where, 0, f"'published' is missing, so the edition bar shows no date ({hint})", True)]
    if meta["published"] < meta["as_of"]:
        return [Problem(where, 0, f"'published' ({meta['published']}) is before 'as_of' ({meta['as_of']})")]
    return []


def load_table(
    folder: Path, spec: TableSchema, schema: Schema, root: Path
) -> tuple[Table | None, list[Problem]]:
    """Read a table's CSV, or its sheet in an .xlsx workbook, and check it fully."""
    path = folder / f"{spec.id}.csv"
    workbooks = []
    if any(folder.glob("*.xlsx")):
        from .spreadsheet import find_sheet

        workbooks = find_sheet(folder, spec.id)
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
    header, body = rows[0], rows[1:]
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
    if missing:
        problems.append(Problem(where, len(body) + 1, f"missing row(s): {', '.join(missing)} (add them)"))
    table = Table(spec.id, where, tuple(parsed))
    if not problems:
        problems += check_sums(table, spec) + check_totals(table, spec)
    return (None if problems else table), problems


def _check_header(header: list[str], spec: TableSchema, where: str) -> list[Problem]:
    header = [h.strip() for h in header]
    expected = [spec.rows] + [c.name for c in spec.columns]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        return [Problem(where, 1, f"duplicated column(s): {', '.join(dupes)}")]
    missing = [h for h in expected if h not in header]
    extra = [h for h in header if h not in expected]
    problems = []
    if missing:
        problems.append(
            Problem(where, 1, f"missing column(s): {', '.join(missing)} (expected {','.join(expected)})")
        )
    if extra:
        problems.append(
            Problem(
                where,
                1,
                f"unexpected column(s): {', '.join(extra)} (expected {','.join(expected)})",
            )
        )
    if not problems and header != expected:
        problems.append(Problem(where, 1, f"columns out of order (expected {','.join(expected)})"))
    return problems


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
            " (use '.' for decimals and no thousands separator)" if re.fullmatch(r"[\d.,\s-]+", text) else ""
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
    problems = []
    for target, parts in groups.items():
        for column in spec.columns:
            values = [rows[p].values[column.name] for p in parts if p in rows]
            stated = rows[target].values[column.name]
            if stated is None or any(v is None for v in values):
                continue
            found = sum(values, Decimal(0))
            if found != stated:
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


def _int_or_unknown(text: str) -> int | None:
    return None if text.strip() == UNKNOWN else int(text)


def load_figures(path: Path, schema: Schema, root: Path) -> tuple[dict[str, Figure], list[Problem]]:
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
        figure, found = _figure(row, line, where, schema, figures)
        problems += found
        if figure:
            figures[figure.key] = figure
    listed = {row[0].strip() for row in rows[1:] if row}
    for key in sorted(k for k in schema.figures if k not in listed):
        problems.append(
            Problem(
                where,
                len(rows) + 1,
                f"figure '{key}' is missing (add a row with its value or 'unknown')",
            )
        )
    return figures, problems


def _figure(
    row: list[str], line: int, where: str, schema: Schema, seen: dict
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
    if not page.isdigit() or not quote:
        problems.append(
            Problem(where, line, f"figure '{key}' has no source: give the page of Bilag 219 and a quote")
        )
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


def load_contributions(path: Path, root: Path) -> tuple[tuple[Contribution, ...], list[Problem]]:
    """Read the named foreign contributions (optional file)."""
    if not path.exists():
        return (), []
    rows, problems = read_csv(path, root)
    where = relpath(path, root)
    if problems:
        return (), problems
    if [h.strip() for h in rows[0]] != CONTRIBUTION_HEADER:
        return (), [Problem(where, 1, f"header must be {','.join(CONTRIBUTION_HEADER)}")]
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(CONTRIBUTION_HEADER):
            problems.append(
                Problem(where, line, f"expected {len(CONTRIBUTION_HEADER)} fields, found {len(row)}")
            )
            continue
        id_, da, en, kind, amount, currency, year, page, quote = (c.strip() for c in row)
        if kind not in CONTRIBUTION_KINDS:
            problems.append(
                Problem(where, line, f"kind '{kind}' is not one of {', '.join(CONTRIBUTION_KINDS)}")
            )
        if amount != UNKNOWN and not NUMBER.fullmatch(amount):
            problems.append(Problem(where, line, f"amount '{amount}' is not a number (or 'unknown')"))
        if year != UNKNOWN and not year.isdigit():
            problems.append(Problem(where, line, f"year '{year}' is not a year (or 'unknown')"))
        if not page.isdigit():
            problems.append(Problem(where, line, "page must be the page number in Bilag 219"))
        if problems:
            continue
        out.append(
            Contribution(
                id_,
                {"da": da, "en": en},
                kind,
                None if amount == UNKNOWN else Decimal(amount),
                None if currency == UNKNOWN else currency,
                _int_or_unknown(year),
                int(page),
                quote,
            )
        )
    return tuple(out), problems
