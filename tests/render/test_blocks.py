from sitegen.load.schema import Column, ColumnGroup, TableSchema
from sitegen.render.blocks import header_rows


def column(name: str, short: str | None = None) -> Column:
    return Column(name, "int", "devices", {"da": f"{name} i alt"}, False, {"da": short} if short else None)


def table(groups: tuple[ColumnGroup, ...]) -> TableSchema:
    columns = (column("q_erw", "ERW"), column("q_apm", "APM"), column("total"))
    return TableSchema("t", 4, 9, {"da": "T"}, "operator", (), "total", {}, columns, (), None, (), groups)


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
