"""Read tables that staff receive as Excel workbooks (one sheet per table) into the same raw rows as CSV."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from ..errors import Problem, relpath
from .files import is_editor_file


class Unreadable(Exception):
    """A workbook openpyxl cannot open: truncated, empty, or not an .xlsx at all."""


@contextmanager
def open_workbook(path: Path):  # -> Iterator[openpyxl.Workbook]
    """Open a workbook read-only; any failure to open it becomes `Unreadable` with the reason."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, XML, KeyError and OS errors for broken files
        raise Unreadable(str(exc) or type(exc).__name__) from exc
    try:
        yield workbook
    finally:
        workbook.close()


def find_sheet(folder: Path, table_id: str, root: Path) -> tuple[list[Path], list[Problem]]:
    """Workbooks in `folder` that have a sheet named after the table (Excel's lock files are skipped)."""
    found, problems = [], []
    for path in sorted(p for p in folder.glob("*.xlsx") if not is_editor_file(p.name)):
        try:
            with open_workbook(path) as workbook:
                if table_id in workbook.sheetnames:
                    found.append(path)
        except Unreadable as exc:
            problems.append(unreadable(path, root, exc))
    return found, problems


def unreadable(path: Path, root: Path, exc: Unreadable) -> Problem:
    """The problem of a workbook that cannot be opened."""
    return Problem(
        relpath(path, root), 0, f"not a readable .xlsx workbook ({exc}); save it again from Excel as .xlsx"
    )


def read_sheet(path: Path, table_id: str, root: Path) -> tuple[list[list[str]], list[Problem]]:
    """Rows of the sheet `table_id` as text, as a CSV would give them; formulas are refused."""
    where = f"{relpath(path, root)}[{table_id}]"
    rows, problems = [], []
    try:
        with open_workbook(path) as workbook:
            for line, row in enumerate(workbook[table_id].iter_rows(values_only=True), start=1):
                cells = [_text(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                if any(c.startswith("=") for c in cells):
                    problems.append(Problem(where, line, "cell holds a formula; paste the values instead"))
                rows.append(cells)
    except Unreadable as exc:
        return [], [unreadable(path, root, exc)]
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        problems.append(Problem(where, 1, "sheet is empty (it needs a header row and data rows)"))
    return rows, problems


def _text(value: object) -> str:
    """A cell as the text a careful person would type: 7642.9, 12, unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        if not number.is_finite():
            return repr(value)
        return str(number.to_integral_value()) if number == number.to_integral_value() else str(number)
    return str(value).strip()
