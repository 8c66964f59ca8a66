"""`sitegen new-edition`: start the next quarter from the latest one, with every value left to fill in."""

from __future__ import annotations

import calendar
import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

from ..errors import BuildError, Problem, UsageError, raise_if
from ..load.dataset import EDITION_ID, edition_folders
from ..load.files import is_editor_file, read_text, unsafe_entries
from ..load.pages import page_files


def quarter_dates(edition_id: str) -> tuple[date, date]:
    """First and last day of a quarter such as 2025-Q2."""
    match = EDITION_ID.fullmatch(edition_id)
    if not match:
        raise UsageError(f"'{edition_id}' is not an edition id like 2025-Q2 (a year 1900-2099 and Q1-Q4)")
    year, quarter = int(match.group(1)), int(match.group(2))
    last_month = 3 * quarter
    return date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def new_edition(root: Path, edition_id: str) -> Path:
    """Start content/editions/<id>/ from the latest edition: same tables and rows, blank values, drafts."""
    start, end = quarter_dates(edition_id)
    raise_if(unsafe_entries(root))  # never copy through a link out of the project, nor read a device
    existing = [p for p in edition_folders(root) if EDITION_ID.fullmatch(p.name)]
    target = root / "content" / "editions" / edition_id.lower()
    if target.exists():
        raise BuildError([Problem(target.relative_to(root).as_posix(), 0, "edition exists already")])
    if not existing:
        raise BuildError([Problem("content/editions", 0, "no edition to start from")])
    latest = max(existing, key=lambda p: quarter_dates(p.name.upper())[1])
    if quarter_dates(latest.name.upper())[1] >= end:
        raise BuildError([Problem("new-edition", 0, f"{edition_id} is not newer than {latest.name.upper()}")])
    files = scaffold(latest, root, edition_id.upper(), start, end)
    try:
        for path, text in files.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_text(text, encoding="utf-8")
    except BaseException:  # a full disk: leave no half-made edition behind
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def scaffold(latest: Path, root: Path, edition_id: str, start: date, end: date) -> dict[str, str]:
    """The new edition's files, by path in its folder: the latest edition's shape with every value blank."""
    files = {"edition.toml": edition_toml(read(latest / "edition.toml", root), edition_id, start, end)}
    tables = sorted(p for p in (latest / "data").glob("*.csv") if not is_editor_file(p.name))
    for table in tables:
        files[f"data/{table.name}"] = blank_values(read(table, root), keep=1)
    files["figures.csv"] = blank_values(read(latest / "figures.csv", root), keep=1)
    if (latest / "contributions.csv").exists():
        files["contributions.csv"] = blank_values(
            read(latest / "contributions.csv", root), keep=0, rows=False
        )
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


def edition_toml(previous: str, edition_id: str, start: date, end: date) -> str:
    """The new edition's identity: its quarter, status draft, source details to fill in."""
    return (
        f'id = "{edition_id}"\n'
        f"as_of = {end.isoformat()}\n"
        f"period_start = {start.isoformat()}\n"
        f"period_end = {end.isoformat()}\n"
        '# Set to "final" when every table, figure and text is filled in.\n'
        'status = "draft"\n\n'
        "[source]\n"
        "# Copied from the previous edition: update every field for the new report.\n"
        + _source_section(previous)
    )


def _source_section(text: str) -> str:
    match = re.search(r"^\[source\]\n(.*)", text, flags=re.S | re.M)
    return match.group(1) if match else ""


def blank_values(text: str, keep: int, rows: bool = True) -> str:
    """The same header and row keys with every value emptied, for staff to fill in (or the header alone)."""
    lines = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in lines[:1]:
        writer.writerow(row)
    for row in lines[1:] if rows else []:
        if row:
            writer.writerow(row[:keep] + [""] * (len(row) - keep))
    return out.getvalue()


def mark_draft(page: str) -> str:
    """Add `draft = true` to a page's front matter so the build refuses it until it is rewritten."""
    head, sep, rest = page.partition("\n")
    return f"{head}{sep}draft = true  # rewrite for the new quarter, then delete this line\n{rest}"
