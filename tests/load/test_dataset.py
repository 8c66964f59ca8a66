from decimal import Decimal
from pathlib import Path

from sitegen.compute.figures import figure_values
from sitegen.load.dataset import load_editions
from sitegen.load.schema import load_schema

T4 = "content/editions/2025-q1/data/t4_devices.csv"


def add_operator(root: Path, optional: bool) -> None:
    """A row that only later editions have: a new operator in names.csv and the table's row order."""
    names = root / "content/names.csv"
    names.write_text(names.read_text() + "operator,sbs,SBS,SBS,agency\n")
    schema = root / "content/schema.toml"
    old = 'row_order = ["anama", "commercial", "alpha", "qaya", "total"]\n'
    new = 'row_order = ["anama", "sbs", "commercial", "alpha", "qaya", "total"]\n'
    schema.write_text(
        schema.read_text().replace(old, new + ('optional_rows = ["sbs"]\n' if optional else ""))
    )


def test_an_edition_without_an_optional_row_builds_and_lacks_it(tiny: Path) -> None:
    add_operator(tiny, optional=True)
    schema, problems = load_schema(tiny)
    editions, found = load_editions(tiny, schema)
    assert problems == found == []
    table = editions[0].tables["t4_devices"]
    assert [r.key for r in table.rows] == ["anama", "commercial", "alpha", "qaya", "total"]
    assert figure_values(editions[0], schema)["t4_devices.sbs.erw"].value is None  # unknown, never 0


def test_an_optional_row_that_is_given_is_read_and_added_up(tiny: Path) -> None:
    add_operator(tiny, optional=True)
    (tiny / T4).write_text(
        (tiny / T4)
        .read_text()
        .replace("anama,100,20,120\n", "anama,100,20,120\nsbs,1,0,1\n")
        .replace("total,130,25,155", "total,131,25,156")
    )
    schema, _ = load_schema(tiny)
    editions, found = load_editions(tiny, schema)
    assert found == []
    assert figure_values(editions[0], schema)["t4_devices.sbs.erw"].value == Decimal(1)


def test_a_row_that_is_not_optional_must_be_given(tiny: Path) -> None:
    add_operator(tiny, optional=False)
    schema, _ = load_schema(tiny)
    _editions, found = load_editions(tiny, schema)
    assert [str(p) for p in found] == [f"{T4}:6: missing row(s): sbs (add them)"]
