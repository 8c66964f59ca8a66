from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.translations import record_done
from sitegen.compute.figures import (
    evaluate,
    figure_values,
    find_discrepancies,
    formula_names,
    spell_formula,
    tolerance,
)
from sitegen.load.dataset import load_editions
from sitegen.load.schema import load_schema


@pytest.fixture
def tiny_data(tiny: Path):
    schema, problems = load_schema(tiny)
    editions, more = load_editions(tiny, schema)
    assert problems == more == []
    return schema, editions[0]


def test_values_cover_figures_cells_and_derived(tiny_data) -> None:
    schema, edition = tiny_data
    values = figure_values(edition, schema)
    assert values["cleared_ha"].value == Decimal("11002.4")
    assert values["t4_devices.commercial.erw"].value == 30
    assert values["t4_devices.total.total"].table == "t4_devices"
    assert values["t4_devices.total.total"].ref.number == "4"  # the edition's source numbers the table
    assert values["cleared_ha"].ref.place == "8"
    assert values["calc.anama_share_pct"].value == Decimal("77.4")


def test_stated_figure_that_disagrees_with_the_tables_is_a_discrepancy(tiny_data) -> None:
    schema, edition = tiny_data
    notes = find_discrepancies(edition, schema, figure_values(edition, schema))
    assert [(d.key, d.stated, round(d.recomputed, 2)) for d in notes] == [
        ("erw_share_pct", Decimal("69.7"), Decimal("83.87"))
    ]


def test_tolerance_is_half_the_last_stated_digit() -> None:
    assert tolerance(Decimal("16.4")) == Decimal("0.05")
    assert tolerance(Decimal("384")) == Decimal("0.5")


def test_formulas_are_decimal_and_unknown_propagates() -> None:
    class V:
        def __init__(self, v):
            self.value = v

    values = {"a.b.c": V(Decimal("0.1")), "d": V(Decimal("0.2")), "u": V(None)}
    assert evaluate("a.b.c + d", values) == Decimal("0.3")
    assert evaluate("a.b.c + u", values) is None
    assert evaluate("d / 0", values) is None
    assert evaluate("-d + 1.5", values) == Decimal("1.3")  # a negative term
    assert evaluate("-(a.b.c - d) * 2", values) == Decimal("0.2")
    assert evaluate("-u + 1", values) is None
    assert evaluate("d - a.b.c", values) == Decimal("0.1") and evaluate("d * 3", values) == Decimal("0.6")
    assert formula_names("a.b.c / d * 100") == {"a.b.c", "d"}
    with pytest.raises(ValueError, match="only figure names"):
        formula_names("__import__('os')")


@pytest.mark.parametrize(
    ("formula", "spelled"),
    [
        ("area / country * 100", "<area> / <country> × 100"),
        ("t3.total.ha / 100 / area * 100", "<t3.total.ha> / 100 / <area> × 100"),
        ("part / (gov + part) * 100", "<part> / (<gov> + <part>) × 100"),
        ("a - (b - c)", "<a> − (<b> − <c>)"),
        ("(a - b) - c", "<a> − <b> − <c>"),
        ("a * (b / c)", "<a> × (<b> / <c>)"),
        ("-a + 1.5", "−<a> + 1.5"),
    ],
)
def test_a_formula_is_spelled_out_for_readers(formula: str, spelled: str) -> None:
    """Operators as readers write them, parentheses only where the order of operations needs them."""
    text, _keys = spell_formula(formula, lambda key: f"<{key}>", str)
    assert text == spelled


def test_a_spelled_formula_lists_each_figure_once_in_order() -> None:
    _text, keys = spell_formula("part / (gov + part) * 100", lambda key: key, str)
    assert keys == ("part", "gov")


def test_contributions_are_figures_prose_can_name(tiny: Path) -> None:
    """{{ fig:contributions.ID.amount }} shows a contribution's amount in its own currency, and an unknown
    amount (an in-kind gift) as unknown in the page's language, never as 0."""
    edition = tiny / "content/editions/2025-q1"
    (edition / "contributions.csv").write_text(
        "id,donor_da,donor_en,kind,amount,currency,year,source,place,quote\n"
        'eu,EU,EU,cash,2500000,EUR,2024,bilag-219,8,"EUR 2.5 million"\n'
        'uk,Storbritannien,United Kingdom,in_kind,unknown,unknown,2023,bilag-219,9,"equipment"\n'
    )
    for lang, words in (("da", "Bidrag: {} og {}."), ("en", "Contributions: {} and {}.")):
        page = edition / f"pages/{lang}/index.md"
        line = words.format("{{ fig:contributions.eu.amount }}", "{{ fig:contributions.uk.amount }}")
        page.write_text(page.read_text() + f"\n{line}\n")
    record_done(tiny, None)
    assert main(["--project", str(tiny), "build", "--preview", "--strict"]) == 0
    da = (tiny / "site/da/2025-q1/index.html").read_text()
    en = (tiny / "site/en/2025-q1/index.html").read_text()
    assert (
        '<p>Bidrag: <span class="fig">2,5\u00a0mio. EUR</span> og <span class="fig unknown">ukendt</span>.</p>'
        in da
    )
    assert (
        '<p>Contributions: <span class="fig">EUR\u00a02.5 million</span> and <span class="fig unknown">unknown</span>.</p>'
        in en
    )
