"""Read an edition's tables and figures strictly and check them against the schema and their totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

from ..errors import Problem, processing, relpath
from .cells import parse_number
from .figures import Contribution, Figure, load_contributions, load_figures
from .files import is_editor_file, listing, read_csv
from .memo import LoadMemo
from .meta import read_meta
from .periods import Period, parse_period, period_order
from .schema import SCHEMA_FILES, Schema, TableSchema
from .sources import Source, SourceRef
from .spec import KeyLines


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
    unchecked: tuple[str, ...] = ()  # columns whose total could not be checked: a part is unknown

    def value(self, row: str, column: str) -> Decimal | None:
        return next(r.values[column] for r in self.rows if r.key == row)

    def has(self, row: str, column: str) -> bool:
        return any(r.key == row and column in r.values for r in self.rows)


@dataclass(frozen=True, eq=False)
class Edition:
    """One report: its period, date, sources and checked data (compared by identity: one per period)."""

    period: Period
    as_of: date
    status: str
    published: date | None  # the day the briefing's edition was published; None until staff set it
    sources: dict[str, Source]
    table_refs: dict[str, SourceRef]  # where each table of `tables` comes from
    path: str
    tables: dict[str, Table]
    figures: dict[str, Figure]
    contributions: tuple[Contribution, ...]
    revisions: dict[str, dict[str, str]]  # figure key -> why it differs from the previous edition
    confirmed: dict[str, str] = field(default_factory=dict)  # figure key -> why a warning is unfounded
    lines: KeyLines = field(default=KeyLines({}))  # where each key of edition.toml is, for problems

    @property
    def id(self) -> str:
        """'2025-Q1', or '2025' for a year."""
        return self.period.id

    @property
    def slug(self) -> str:
        return self.period.slug


def edition_folders(root: Path) -> list[Path]:
    """Edition folders in time order, oldest first; a folder that names no period sorts last (hidden and
    editor folders are not editions)."""
    base = root / "content" / "editions"
    folders = (
        [p for p in base.iterdir() if p.is_dir() and not is_editor_file(p.name)] if base.is_dir() else []
    )

    def order(folder: Path) -> tuple:
        period = parse_period(folder.name)
        return (0, *period_order(period), folder.name) if period else (1, folder.name)

    return sorted(folders, key=order)


def load_editions(
    root: Path, schema: Schema, memo: LoadMemo | None = None
) -> tuple[list[Edition], list[Problem]]:
    """Read every edition under content/editions, oldest first; `memo` has the editions the last build
    read, by the bytes of their files and the schema's.

    Only the newest must list every figure of the schema: older ones may lack figures added later."""
    problems: list[Problem] = []
    editions = []
    folders = edition_folders(root)
    schema_files = [root / "content" / name for name in SCHEMA_FILES]
    for folder in folders:
        read = partial(load_edition, folder, root, schema)
        key = memo.key([*schema_files, *edition_files(folder)], root) if memo else ""
        edition, found, missing = memo.parsed("editions", key, read) if memo else read()
        problems += found + (missing if folder == folders[-1] else [])
        if edition:
            editions.append(edition)
    if not folders:
        base = root / "content" / "editions"
        problems.append(Problem(relpath(base, root), 0, "no edition found (run 'sitegen new-edition')"))
    return editions, problems


def edition_files(folder: Path) -> list[Path]:
    """Everything in an edition's folder that its data is read from (all but its pages): folders too, so
    that a folder where a table's file should be is part of the key."""
    return listing(folder, lambda relative: relative != "pages", folders=True)


def load_edition(
    folder: Path, root: Path, schema: Schema
) -> tuple[Edition | None, list[Problem], list[Problem]]:
    """Read and check one edition folder; the last list holds the figures it lacks."""
    meta_path = folder / "edition.toml"
    with processing(relpath(meta_path, root)):
        meta, problems = read_meta(meta_path, root, folder.name, schema.tables)
    sources = meta.sources if meta and meta.complete else None  # else references are not checked
    tables = {}
    for spec in schema.tables.values():
        if meta and spec.id in meta.absent_tables:
            continue
        with processing(relpath(folder / "data" / f"{spec.id}.csv", root)):
            table, found = load_table(folder / "data", spec, schema, root, missing_ok=meta is None)
        problems += found
        if table:
            tables[spec.id] = table
        if table and meta and ("tables", spec.id) not in meta.lines.lines:  # named there, if wrongly: said
            problems.append(
                Problem(
                    relpath(meta_path, root),
                    0,
                    f"table {spec.id}: name its source under [tables.{spec.id}] "
                    "(source, number, place), or list the table under absent_tables",
                )
            )
    if meta:
        keys = schema.stated_keys()
        problems += [
            Problem(
                relpath(meta_path, root),
                meta.lines.line((section, key)),
                f"[{section}] names '{key}', which is no figure of the schema",
            )
            for section, named in (("revisions", meta.revisions), ("confirmed", meta.confirmed))
            for key in named
            if key not in keys
        ]
    with processing(relpath(folder / "figures.csv", root)):
        figures, found, missing = load_figures(folder / "figures.csv", schema, root, sources)
    problems += found
    with processing(relpath(folder / "contributions.csv", root)):
        contributions, found = load_contributions(folder / "contributions.csv", root, sources)
    problems += found
    if meta is None:
        return None, problems, missing
    edition = Edition(
        meta.period,
        meta.as_of,
        meta.status,
        meta.published,
        meta.sources,
        meta.tables,
        relpath(folder, root),
        tables,
        figures,
        contributions,
        meta.revisions,
        meta.confirmed,
        meta.lines,
    )
    return edition, problems, missing


def load_table(
    folder: Path, spec: TableSchema, schema: Schema, root: Path, missing_ok: bool = False
) -> tuple[Table | None, list[Problem]]:
    """Read a table's CSV, or its sheet in an .xlsx workbook, and check it fully. `missing_ok`: a missing
    table is not reported (edition.toml could not be read, so whether it is absent is not known)."""
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
    if not places and missing_ok:
        return None, []
    if not places:
        return None, [
            Problem(
                relpath(path, root),
                0,
                f"table {spec.id} is missing (create it with the schema's columns, "
                "or list it under absent_tables in edition.toml)",
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
    if problems:
        return None, problems
    sums, unchecked_sums = check_sums(table, spec)
    # a row that does not add up would make its columns' totals fail too: they are checked only after
    totals, unchecked_totals = check_totals(table, spec) if not sums else ([], set())
    problems = sums + totals
    unchecked = tuple(c.name for c in spec.columns if c.name in unchecked_sums | unchecked_totals)
    return (None if problems else Table(spec.id, where, tuple(parsed), unchecked)), problems


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
    """A cell is a plain number, or the explicit marker `unknown` where the source gives no figure."""
    column = next(c for c in spec.columns if c.name == name)
    value, problem = parse_number(cell, column.type == "int")
    return value, Problem(where, line, f"column '{name}': {problem}") if problem else None


def check_sums(table: Table, spec: TableSchema) -> tuple[list[Problem], set[str]]:
    """Each row's parts add up to its total (e.g. ERW + APM + ATM = total); a sum over an unknown part
    cannot be checked, and its total column is returned among the unchecked ones."""
    problems, unchecked = [], set()
    for row in table.rows:
        for total, parts in spec.sums:
            values = [row.values[p] for p in parts]
            if row.values[total] is None or any(v is None for v in values):
                unchecked.add(total)
                problems += _partial(
                    values,
                    row.values[total],
                    table.path,
                    row.line,
                    f"row '{row.key}': {' + '.join(parts)}",
                    total,
                )
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
    return problems, unchecked


def check_totals(table: Table, spec: TableSchema) -> tuple[list[Problem], set[str]]:
    """Each column adds up to the source's stated subtotals and total; columns with an unknown part or
    total cannot be checked and are returned (the known parts still must not exceed the total)."""
    rows = {r.key: r for r in table.rows}
    members = {m for ms in spec.subtotals.values() for m in ms}
    groups = dict(spec.subtotals)
    if spec.total:
        groups[spec.total] = tuple(k for k in rows if k != spec.total and k not in members)
    problems, unchecked = [], set()
    failed: set[str] = set()  # columns whose subtotal fails: their grand total would only echo it
    for target, parts in groups.items():
        if target not in rows:
            continue
        for column in spec.columns:
            if target == spec.total and column.name in failed:
                continue
            values = [rows[p].values[column.name] for p in parts if p in rows]
            stated = rows[target].values[column.name]
            what = f"column '{column.name}': rows {', '.join(p for p in parts if p in rows)}"
            if stated is None or any(v is None for v in values):
                unchecked.add(column.name)
                problems += _partial(values, stated, table.path, rows[target].line, what, f"'{target}' row")
                continue
            found = sum(values, Decimal(0))
            if found != stated:
                failed.add(column.name)
                problems.append(
                    Problem(table.path, rows[target].line, _mismatch(what, found, f"'{target}' row", stated))
                )
    return problems, unchecked


def _partial(
    values: list[Decimal | None], stated: Decimal | None, path: str, line: int, what: str, target: str
) -> list[Problem]:
    """With some parts unknown, the known ones (never negative) still cannot exceed the stated total."""
    known = sum((v for v in values if v is not None), Decimal(0))
    if stated is None or known <= stated:
        return []
    return [
        Problem(
            path,
            line,
            f"{what}: the known ones add up to {known}, more than {target} says ({stated}); "
            "correct the rows or the total",
        )
    ]


def _mismatch(what: str, found: Decimal, target: str, stated: Decimal) -> str:
    return (
        f"{what} add up to {found}, but {target} says {stated} "
        f"(difference {found - stated}; correct the rows or the total)"
    )
