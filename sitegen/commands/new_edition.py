"""`sitegen new-edition`: start an edition for any quarter or year from the latest one, every value left
to fill in."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from ..errors import BuildError, Problem, UsageError, raise_if, relpath
from ..load.dataset import edition_folders
from ..load.figures import CONTRIBUTION_HEADER, FIGURE_HEADER
from ..load.files import is_editor_file, parse_toml, read_text, unsafe_entries
from ..load.pages import page_files
from ..load.periods import Period, parse_period
from ..load.schema import Schema, TableSchema, load_schema


def new_edition(root: Path, edition_id: str) -> Path:
    """Start content/editions/<period>/ from the latest edition: every table it has (CSV, an .xlsx sheet,
    or absent: then from the schema) with its rows and blank values, every figure blank, pages as drafts."""
    period = parse_period(edition_id)
    if period is None:
        raise UsageError(
            f"'{edition_id}' is not a period like 2025-Q2 or 2025 (a year 1900-2099, and Q1-Q4 for a quarter)"
        )
    raise_if(unsafe_entries(root))  # never copy through a link out of the project, nor read a device
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
    files = scaffold(period, existing[-1], schema, root)
    try:
        for path, text in files.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_text(text, encoding="utf-8")
    except BaseException:  # a full disk: leave no half-made edition behind
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def scaffold(period: Period, latest: Path, schema: Schema, root: Path) -> dict[str, str]:
    """The new edition's files, by path in its folder, read from the latest edition as strictly as a
    build reads it: its tables' rows and every figure blank, its pages as drafts."""
    files = {"edition.toml": edition_toml(period, latest / "edition.toml", schema, root)}
    for spec in schema.tables.values():
        files[f"data/{spec.id}.csv"] = blank_table(latest / "data", spec, root)
    rows = [FIGURE_HEADER, *([key] + [""] * (len(FIGURE_HEADER) - 1) for key in schema.figures)]
    files["figures.csv"] = to_csv(rows)
    if (latest / "contributions.csv").exists():
        files["contributions.csv"] = to_csv([CONTRIBUTION_HEADER])
    pages, problems = page_files(latest / "pages", root, shared=False)
    raise_if(problems)
    for lang, page in pages:
        files[f"pages/{lang}/{page.name}"] = mark_draft(read(page, root))
    return files


def read(path: Path, root: Path) -> str:
    """A file of the latest edition, read as strictly as a build reads it."""
    text, problem = read_text(path, root)
    raise_if([problem] if problem else [])
    return text


def blank_table(folder: Path, spec: TableSchema, root: Path) -> str:
    """A table's CSV with the latest edition's header and row keys, values blank; from the schema (all
    but its optional rows) when that edition lacks the table."""
    path = folder / f"{spec.id}.csv"
    if path.exists():
        rows = list(csv.reader(io.StringIO(read(path, root), newline="")))
    else:
        rows = _sheet_rows(folder, spec.id, root)
    if not rows:
        keys = [k for k in spec.row_order if k not in spec.optional_rows]
        rows = [[spec.rows, *(c.name for c in spec.columns)], *([k] for k in keys)]
    width = len(rows[0])
    return to_csv([rows[0], *([row[0]] + [""] * (width - 1) for row in rows[1:] if row and row[0].strip())])


def _sheet_rows(folder: Path, table_id: str, root: Path) -> list[list[str]]:
    """The table's rows from an .xlsx sheet of that name, if the latest edition gives it so."""
    if not any(not is_editor_file(p.name) for p in folder.glob("*.xlsx")):
        return []
    from ..load.spreadsheet import find_sheet, read_sheet

    books, problems = find_sheet(folder, table_id, root)
    raise_if(problems)
    return read_sheet(books[0], table_id, root)[0] if books else []


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def edition_toml(period: Period, previous: Path, schema: Schema, root: Path) -> str:
    """The new edition's identity, a source to describe, and each table's source to name; the latest
    edition's table numbers and places are given as comments to check against the new document."""
    doc = parse_toml(read(previous, root), relpath(previous, root))[0] or {}
    refs = doc.get("tables", {}) if isinstance(doc.get("tables"), dict) else {}
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
