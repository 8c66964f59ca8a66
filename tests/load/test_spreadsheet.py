from pathlib import Path

import pytest
from openpyxl import Workbook

from sitegen.cli import main

T4 = "content/editions/2025-q1/data/t4_devices.csv"


def to_workbook(root: Path, rows: list[list[object]], formula: bool = False) -> None:
    (root / T4).unlink()
    book = Workbook()
    sheet = book.active
    sheet.title = "t4_devices"
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["D2"] = "=B2+C2"
    book.save(root / "content/editions/2025-q1/data/received.xlsx")


ROWS = [
    ["operator", "erw", "apm", "total"],
    ["anama", 100, 20, 120],
    ["commercial", 30, 5, 35],
    ["alpha", 10, 5, 15],
    ["qaya", 20.0, 0, 20],
    ["total", 130, 25, 155],
]


def test_a_table_given_as_a_workbook_builds_the_same_site(tiny: Path, tmp_path: Path) -> None:
    assert main(["--project", str(tiny), "build", "--out", str(tmp_path / "a")]) == 0
    to_workbook(tiny, ROWS)
    assert main(["--project", str(tiny), "build", "--out", str(tmp_path / "b")]) == 0
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes() == path.read_bytes(), path


def test_workbook_errors_name_the_sheet_and_row(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][1] = "3O"
    to_workbook(tiny, rows, formula=True)
    assert main(["--project", str(tiny), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        "content/editions/2025-q1/data/received.xlsx[t4_devices]:2: cell holds a formula; paste the values instead"
        in err
    )


def test_a_table_given_twice_is_a_problem(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_text = (tiny / T4).read_text()
    to_workbook(tiny, ROWS)
    (tiny / T4).write_text(csv_text)
    assert main(["--project", str(tiny), "check"]) == 1
    assert "table t4_devices is given twice" in capsys.readouterr().err
