"""Read tables that staff receive as Excel workbooks (one sheet per table) into the same raw rows as CSV."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..errors import Problem, relpath


def find_sheet(folder: Path, table_id: str) -> list[Path]:
    """Workbooks in `folder` that have a sheet named after the table."""
    from openpyxl import load_workbook

    found = []
    for path in sorted(folder.glob("*.xlsx")):
        workbook = load_workbook(path, read_only=True)
        try:
            if table_id in workbook.sheetnames:
                found.append(path)
        finally:
            workbook.close()
    return found


def read_sheet(path: Path, table_id: str, root: Path) -> tuple[list[list[str]], list[Problem]]:
    """Rows of the sheet `table_id` as text, as a CSV would give them; formulas are refused."""
    from openpyxl import load_workbook

    where = f"{relpath(path, root)}[{table_id}]"
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        rows, problems = [], []
        for line, row in enumerate(workbook[table_id].iter_rows(values_only=True), start=1):
            cells = [_text(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            if any(c.startswith("=") for c in cells):
                problems.append(Problem(where, line, "cell holds a formula; paste the values instead"))
            rows.append(cells)
    finally:
        workbook.close()
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
        return str(number.to_integral_value()) if number == number.to_integral_value() else str(number)
    return str(value).strip()
