from pathlib import Path

import pytest
from openpyxl import Workbook

from sitegen.cli import main

T4 = "content/editions/2025-q1/data/t4_devices.csv"


def to_workbook(root: Path, rows: list[list[object]], formula: bool = False) -> None:
    (root / T4).unlink(missing_ok=True)
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
    assert files(tmp_path / "b") == files(tmp_path / "a")  # the same files, byte for byte, none more


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_workbook_errors_name_the_sheet_and_row(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][1] = "3O"
    to_workbook(tiny, rows)
    assert main(["--project", str(tiny), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/editions/2025-q1/data/received.xlsx[t4_devices]:3: column 'erw': '3O' is not a number",
        "sitegen: 1 problem(s); nothing was written",
    ]
    to_workbook(tiny, rows, formula=True)  # a formula is said first: its sheet's cells are not read then
    assert main(["--project", str(tiny), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/editions/2025-q1/data/received.xlsx[t4_devices]:2: cell holds a formula; paste the values instead",
        "sitegen: 1 problem(s); nothing was written",
    ]


def test_a_table_given_twice_is_a_problem(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_text = (tiny / T4).read_text()
    to_workbook(tiny, ROWS)
    (tiny / T4).write_text(csv_text)
    assert main(["--project", str(tiny), "check"]) == 1
    assert "table t4_devices is given twice" in capsys.readouterr().err
