import re
from pathlib import Path

from sitegen.cli import main
from sitegen.load.schema import Column, ColumnGroup, TableSchema
from sitegen.render.blocks import header_rows, renumber_ids

DA_INDEX = "content/editions/2025-q1/pages/da/index.md"
EN_INDEX = "content/editions/2025-q1/pages/en/index.md"
WORDS = (
    "{{ fig:t4_devices.alpha.apm|words }}, {{ fig:t4_devices.qaya.apm|words }}, {{ fig:found_total|words }}"
)


def built_text(tiny: Path, path: str) -> str:
    html = (tiny / "site" / path).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def add_line(tiny: Path, page: str, line: str) -> None:
    path = tiny / page
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_small_counts_are_written_in_words_in_both_languages(tiny: Path) -> None:
    """5 and 0 become words; 155 stays in digits, as |plain would write it."""
    add_line(tiny, DA_INDEX, f"Tal: {WORDS}.")
    add_line(tiny, EN_INDEX, f"Counts: {WORDS}.")
    assert main(["--project", str(tiny), "build"]) == 0
    assert "Tal: fem, nul, 155." in built_text(tiny, "da/2025-q1/index.html")
    assert "Counts: five, zero, 155." in built_text(tiny, "en/2025-q1/index.html")


def test_a_discrepancy_note_spells_out_its_calculation_with_the_figures(tiny: Path) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    da = built_text(tiny, "da/2025-q1/data/index.html")
    en = built_text(tiny, "en/2025-q1/data/index.html")
    assert "Beregning: 130 / 155 × 100 (130: tabel 4, I alt, ERW; 155: tabel 4, I alt, I alt)." in da
    assert "Calculation: 130 / 155 × 100 (130: Table 4, Total, ERW; 155: Table 4, Total, Total)." in en
    assert "Genberegnet ud fra kildens egne tabeller og tal: 83,9 %." in da  # one decimal, not 83,87


def column(name: str, short: str | None = None) -> Column:
    return Column(name, "int", "devices", {"da": f"{name} i alt"}, {"da": short} if short else None)


def table(groups: tuple[ColumnGroup, ...]) -> TableSchema:
    columns = (column("q_erw", "ERW"), column("q_apm", "APM"), column("total"))
    return TableSchema("t", {"da": "T"}, "operator", (), "total", {}, columns, (), None, (), groups)


def test_grouped_columns_get_a_heading_above_their_short_headings() -> None:
    header = header_rows(table((ColumnGroup({"da": "I kvartalet"}, ("q_erw", "q_apm")),)), "Operatør", "da")
    top, below = header["rows"]
    assert [(c["text"], c["scope"], c["rowspan"], c["colspan"]) for c in top] == [
        ("Operatør", "col", 2, 1),
        ("I kvartalet", "colgroup", 1, 2),
        ("total i alt", "col", 2, 1),
    ]
    assert [c["text"] for c in below] == ["ERW", "APM"]
    assert header["spans"] == [1, 2, 1]


def test_a_table_without_groups_has_one_heading_row() -> None:
    header = header_rows(table(()), "Operatør", "da")
    assert [[c["text"] for c in row] for row in header["rows"]] == [
        ["Operatør", "q_erw i alt", "q_apm i alt", "total i alt"]
    ]
    assert header["spans"] == [1, 1, 1, 1]


def test_a_block_shown_again_gets_ids_of_its_own() -> None:
    html = '<figure id="table-t4"><span id="caption-t4">T</span><table aria-labelledby="caption-t4"></table></figure>'
    assert renumber_ids(html, 2) == (
        '<figure id="table-t4-2"><span id="caption-t4-2">T</span><table aria-labelledby="caption-t4-2"></table>'
        "</figure>"
    )
