"""The Excel workbooks, opened as staff open them: every cell against the dataset, in both languages."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sitegen.build import build
from sitegen.render.formats import column_decimals, neutralise
from sitegen.write.workbooks import save
from tests.test_quarters import project

UNKNOWN = {"da": "Ukendt: kilden angiver ikke tallet.", "en": "Unknown: the source gives no figure."}
FIRST = {"da": "Om tallene", "en": "About the figures"}
KEY_FIGURES = {"da": "Nøgletal", "en": "Key figures"}
TABLE = {"da": "Tabel {}", "en": "Table {}"}


def workbook(files: dict, slug: str, lang: str) -> Workbook:
    data = files[f"data/{slug}/{slug}-{lang}.xlsx"]
    return load_workbook(io.BytesIO(data if isinstance(data, bytes) else data.read_bytes()))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("slug", ["2025-q1", "2025-q4"])
def test_every_table_cell_is_the_dataset_number(built: tuple, slug: str, lang: str) -> None:
    files, editions, schema = built
    edition = next(e for e in editions if e.slug == slug)
    wb = workbook(files, slug, lang)
    assert wb.sheetnames[:2] == [FIRST[lang], KEY_FIGURES[lang]]
    for table_id, table in edition.tables.items():
        spec, ref = schema.tables[table_id], edition.table_refs[table_id]
        title = spec.title[lang]
        short = title if len(title) <= 31 else title[:30].rsplit(" ", 1)[0] + "…"  # Excel's limit
        name = TABLE[lang].format(ref.number) if ref.number else short
        ws = wb[name]
        caption = f"{name}. {spec.title[lang]}" if ref.number else spec.title[lang]
        assert ws["A1"].value.startswith(caption)
        headers = [c.value for c in ws[4]]
        assert headers[0] == schema.lists[spec.rows][lang]
        for column, header in zip(spec.columns, headers[1:], strict=True):
            assert header.startswith(column.label[lang])
        assert ws.freeze_panes == "B5"
        order = {k: i for i, k in enumerate(spec.row_order)}
        rows = sorted(table.rows, key=lambda r: order[r.key])
        for n, row in enumerate(rows, start=5):
            assert ws.cell(n, 1).value == schema.row_label(spec, row.key, lang)
            for col, column in enumerate(spec.columns, start=2):
                cell, value = ws.cell(n, col), row.values[column.name]
                if value is None:
                    assert cell.value is None and cell.comment.text == UNKNOWN[lang]
                    continue
                assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
                assert Decimal(str(cell.value)) == value
                places = column_decimals([r.values[column.name] for r in rows])
                assert cell.number_format == "#,##0" + ("." + "0" * places if places else "")
        assert ws.max_row > len(rows) + 4 or not any(v is None for r in rows for v in r.values.values())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_key_figures_and_the_first_sheet(built: tuple, lang: str) -> None:
    files, editions, schema = built
    edition = editions[-1]  # 2025-Q4: approximate figures with their own dates, many unknown
    wb = workbook(files, edition.slug, lang)
    ws = wb[KEY_FIGURES[lang]]
    for n, (key, spec) in enumerate(schema.figures.items(), start=2):
        assert ws.cell(n, 1).value == spec.label[lang]
        fig = edition.figures.get(key)
        if fig is None or fig.value is None:
            assert ws.cell(n, 2).value is None and ws.cell(n, 2).comment.text == UNKNOWN[lang]
        else:
            assert Decimal(str(ws.cell(n, 2).value)) == fig.value
            assert ws.cell(n, 4).value == ({"da": "ca.", "en": "approx."}[lang] if fig.approx else None)
            assert ws.cell(n, 7).value == neutralise(fig.quote)
    about = wb[FIRST[lang]]
    text = "\n".join(str(c.value) for row in about.iter_rows() for c in row if c.value)
    expected = {
        "da": [
            "Tal for 4. kvartal 2025",
            "pr. 26. december 2025",
            "Sådan citeres",
            "udgaven for 4. kvartal 2025",
        ],
        "en": ["Figures for Q4 2025", "as of 26 December 2025", "How to cite", "the Q4 2025 edition"],
    }[lang]
    assert all(part in text for part in expected), text
    assert "ANAMA" in text and "Bilag 219" not in text  # this edition's own sources


def test_a_workbook_is_dated_by_its_edition_not_the_clock(built: tuple) -> None:
    files, _editions, _schema = built
    data = files["data/2025-q1/2025-q1-da.xlsx"]
    archive = zipfile.ZipFile(io.BytesIO(data if isinstance(data, bytes) else data.read_bytes()))
    assert {info.date_time for info in archive.infolist()} == {(2025, 3, 31, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2025-03-31T00:00:00Z") == 2  # created and modified


def test_two_saves_of_one_workbook_are_the_same_bytes() -> None:
    from datetime import datetime
    from time import sleep

    def make() -> bytes:
        wb = Workbook()
        wb.active["A1"] = Decimal("11002.4")
        wb.properties.created = wb.properties.modified = datetime(2025, 3, 31)
        return save(wb, datetime(2025, 3, 31))

    first = make()
    sleep(2.1)  # zip dates count in two-second steps
    assert make() == first


def test_a_text_that_a_spreadsheet_would_run_is_neutralised(built: tuple, tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    figures = root / "content/editions/2025-q1/figures.csv"
    text = figures.read_text(encoding="utf-8")
    old = "prevents the safe return of nearly 800,000 internally displaced persons"
    figures.write_text(text.replace(old, "=HYPERLINK(1)"), encoding="utf-8")
    files = build(root, root / "site").files
    ws = workbook(files, "2025-q1", "en")["Key figures"]
    cell = next(c for c in ws["G"] if c.value and "HYPERLINK" in c.value)
    assert cell.value == "'=HYPERLINK(1)" and cell.data_type == "s"
    assert ",'=HYPERLINK(1)\n" in files["data/figures.csv"].decode()
