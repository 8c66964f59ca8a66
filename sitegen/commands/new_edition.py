"""`sitegen new-edition`: start the next quarter from the latest one, with every value left to fill in."""

from __future__ import annotations

import calendar
import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

from ..errors import BuildError, Problem, UsageError
from ..load.dataset import EDITION_ID


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
    editions = root / "content" / "editions"
    existing = sorted(p for p in editions.iterdir() if p.is_dir() and EDITION_ID.fullmatch(p.name))
    target = editions / edition_id.lower()
    if target.exists():
        raise BuildError([Problem(target.relative_to(root).as_posix(), 0, "edition exists already")])
    if not existing:
        raise BuildError([Problem("content/editions", 0, "no edition to start from")])
    latest = max(existing, key=lambda p: quarter_dates(p.name.upper())[1])
    if quarter_dates(latest.name.upper())[1] >= end:
        raise BuildError([Problem("new-edition", 0, f"{edition_id} is not newer than {latest.name.upper()}")])
    try:
        copy_edition(latest, target, edition_id.upper(), start, end)
    except BaseException:  # a full disk or a broken source edition: leave no half-made edition behind
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def copy_edition(latest: Path, target: Path, edition_id: str, start: date, end: date) -> None:
    """The new edition's files: the latest edition's shape with every value blank."""
    (target / "data").mkdir(parents=True)
    (target / "edition.toml").write_text(edition_toml(latest / "edition.toml", edition_id, start, end))
    for table in sorted((latest / "data").glob("*.csv")):
        (target / "data" / table.name).write_text(blank_values(table.read_text(encoding="utf-8-sig"), keep=1))
    (target / "figures.csv").write_text(
        blank_values((latest / "figures.csv").read_text(encoding="utf-8-sig"), keep=1)
    )
    contributions = latest / "contributions.csv"
    if contributions.exists():
        (target / "contributions.csv").write_text(
            contributions.read_text(encoding="utf-8-sig").splitlines()[0] + "\n"
        )
    for page in sorted((latest / "pages").rglob("*.md")):
        dest = target / "pages" / page.relative_to(latest / "pages")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, dest)
        dest.write_text(mark_draft(dest.read_text(encoding="utf-8")))


def edition_toml(previous: Path, edition_id: str, start: date, end: date) -> str:
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
        + _source_section(previous.read_text(encoding="utf-8"))
    )


def _source_section(text: str) -> str:
    match = re.search(r"^\[source\]\n(.*)", text, flags=re.S | re.M)
    return match.group(1) if match else ""


def blank_values(text: str, keep: int) -> str:
    """The same header and row keys with every value emptied, for staff to fill in."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows[:1]:
        writer.writerow(row)
    for row in rows[1:]:
        if row:
            writer.writerow(row[:keep] + [""] * (len(row) - keep))
    return out.getvalue()


def mark_draft(page: str) -> str:
    """Add `draft = true` to a page's front matter so the build refuses it until it is rewritten."""
    head, sep, rest = page.partition("\n")
    return f"{head}{sep}draft = true  # rewrite for the new quarter, then delete this line\n{rest}"
