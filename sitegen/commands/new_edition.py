"""`sitegen new-edition`: start an edition for any quarter or year from the latest one, every value left
to fill in."""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
from pathlib import Path

from ..errors import BuildError, Problem, relpath
from ..load.dataset import edition_folders
from ..load.figures import CONTRIBUTION_HEADER, FIGURE_HEADER
from ..load.periods import Period, parse_period
from ..load.schema import Schema, TableSchema, load_schema


def new_edition(root: Path, edition_id: str) -> Path:
    """Start content/editions/<period>/ from the latest edition: every table it has (CSV, an .xlsx sheet,
    or absent: then from the schema) with its rows and blank values, every figure blank, pages as drafts."""
    period = parse_period(edition_id)
    if period is None:
        raise BuildError([Problem("new-edition", 0, f"'{edition_id}' is not a period like 2025-Q2 or 2025")])
    target = root / "content" / "editions" / period.slug
    if target.exists():
        raise BuildError(
            [Problem(relpath(target, root), 0, "edition exists already (edit it, or choose another period)")]
        )
    existing = [p for p in edition_folders(root) if parse_period(p.name)]
    if not existing:
        raise BuildError([Problem("content/editions", 0, "no edition to start from")])
    schema, problems = load_schema(root)
    if problems:
        raise BuildError(problems)
    latest = existing[-1]
    tables = {spec.id: blank_table(latest / "data", spec, root) for spec in schema.tables.values()}
    (target / "data").mkdir(parents=True)
    (target / "edition.toml").write_text(
        edition_toml(period, latest / "edition.toml", schema), encoding="utf-8"
    )
    for table_id, text in tables.items():
        (target / "data" / f"{table_id}.csv").write_text(text, encoding="utf-8")
    rows = [FIGURE_HEADER, *([key] + [""] * (len(FIGURE_HEADER) - 1) for key in schema.figures)]
    (target / "figures.csv").write_text(to_csv(rows), encoding="utf-8")
    if (latest / "contributions.csv").exists():
        (target / "contributions.csv").write_text(to_csv([CONTRIBUTION_HEADER]), encoding="utf-8")
    for page in sorted((latest / "pages").rglob("*.md")):
        dest = target / "pages" / page.relative_to(latest / "pages")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, dest)
        dest.write_text(mark_draft(dest.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def blank_table(folder: Path, spec: TableSchema, root: Path) -> str:
    """A table's CSV with the latest edition's header and row keys, values blank; from the schema (all
    but its optional rows) when that edition lacks the table."""
    path = folder / f"{spec.id}.csv"
    if path.exists():
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    else:
        rows = _sheet_rows(folder, spec.id, root)
    if not rows:
        keys = [k for k in spec.row_order if k not in spec.optional_rows]
        rows = [[spec.rows, *(c.name for c in spec.columns)], *([k] for k in keys)]
    width = len(rows[0])
    return to_csv([rows[0], *([row[0]] + [""] * (width - 1) for row in rows[1:] if row and row[0].strip())])


def _sheet_rows(folder: Path, table_id: str, root: Path) -> list[list[str]]:
    """The table's rows from an .xlsx sheet of that name, if the latest edition gives it so."""
    if not any(folder.glob("*.xlsx")):
        return []
    from ..load.spreadsheet import find_sheet, read_sheet

    books = find_sheet(folder, table_id)
    return read_sheet(books[0], table_id, root)[0] if books else []


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def edition_toml(period: Period, previous: Path, schema: Schema) -> str:
    """The new edition's identity, a source to describe, and each table's source to name; the latest
    edition's table numbers and places are given as comments to check against the new document."""
    try:
        refs = tomllib.loads(previous.read_text(encoding="utf-8")).get("tables", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        refs = {}
    lines = [
        f'period = "{period.id}"',
        "# The date the figures are as of: within the period (the report says, e.g. 'as of 31 March').",
        f"as_of = {period.end.isoformat()}",
        '# Set to "final" when every table, figure and text is filled in.',
        'status = "draft"',
        "# The day this edition of the briefing is published: the edition bar shows it (build --strict",
        "# refuses an edition without it). Must not be before as_of.",
        "# published = YYYY-MM-DD",
        "# Tables the new documents do not have: list them here and delete their files in data/.",
        "absent_tables = []",
        "",
        "# One [[sources]] block per document the figures come from (docs/adding-a-quarter.md).",
        "[[sources]]",
        'id = ""                        # short, lower-case: figures.csv and [tables] name it',
        'short = { da = "", en = "" }   # in source lines, e.g. "Bilag 219"',
        'title = { da = "", en = "" }',
        'publisher = { da = "", en = "" }',
        '# author = "ANAMA"             # whose figures they are, if not the publisher\'s',
        'date = "unknown"               # the document\'s date, e.g. 2025-11-10',
        'url = ""',
        "# pages = 22                   # a paged document's page count",
        '# committee = "URU"            # a Folketinget document: committee, session, Bilag number',
        '# session = "2025-26"',
        "# bilag = 219",
    ]
    for table_id in schema.tables:
        old = refs.get(table_id, {}) if isinstance(refs.get(table_id), dict) else {}
        lines += ["", f"[tables.{table_id}]", 'source = ""']
        lines += [
            f"# {key} = {_toml(old[key])}  (in the latest edition's source)"
            for key in ("number", "place")
            if key in old
        ]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    """A scalar as TOML writes it: 8, "8-9"."""
    return f'"{value}"' if isinstance(value, str) else str(value)


def mark_draft(page: str) -> str:
    """Add `draft = true` to a page's front matter so the build refuses it until it is rewritten."""
    head, sep, rest = page.partition("\n")
    return f"{head}{sep}draft = true  # rewrite for the new edition, then delete this line\n{rest}"
