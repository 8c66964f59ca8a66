"""Likely typos against a figure's own series: separators, decimals, range; at most one warning each."""

from decimal import Decimal
from pathlib import Path

from sitegen.build import load
from sitegen.compute.editions import as_grouped, derive_all
from sitegen.compute.typos import typo_warnings
from tests.series import series
from tests.test_bad_input import FIG, both, earlier, replace


def warnings(root: Path) -> list[str]:
    project, problems = load(root, None)
    assert [p for p in problems if not p.warning] == []
    trends = series(project.editions, project.schema)
    return [
        p.message
        for p in typo_warnings(
            list(derive_all(project.editions, project.schema, trends).values()), project.schema, trends
        )
    ]


def test_a_number_that_reads_better_with_a_thousands_separator() -> None:
    assert as_grouped(Decimal("237.821"), Decimal("190794.2")) == Decimal("237821")
    assert as_grouped(Decimal("190.794"), Decimal("190.123")) is None  # nearer as it is
    assert as_grouped(Decimal("237.82"), Decimal("190794.2")) is None  # two decimals: not a group of three
    assert as_grouped(Decimal("237.821"), Decimal("190.794")) is None  # the series itself has three decimals


def test_one_warning_per_figure_the_most_specific(tiny: Path) -> None:
    both(
        earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
        replace(FIG, "workplan_ha,65092.6,", "workplan_ha,65.093,"),
    )(tiny)
    found = warnings(tiny)
    assert len(found) == 1 and found[0].startswith(
        "workplan_ha: 65.093 looks like 65093"
    )  # not also "decimals"


def test_a_table_cell_prints_its_columns_precision(tiny: Path) -> None:
    """t4 counts are whole numbers; the quiet case: the first edition and consistent columns."""
    assert warnings(tiny) == []
    earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9")(tiny)
    assert warnings(tiny) == []


def test_confirmed_and_revised_figures_are_not_warned_of(tiny: Path) -> None:
    both(
        earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
        replace(FIG, "workplan_ha,65092.6,", "workplan_ha,65092.64,"),
    )(tiny)
    assert len(warnings(tiny)) == 1
    meta = tiny / "content/editions/2025-q1/edition.toml"
    meta.write_text(meta.read_text() + '\n[confirmed]\nworkplan_ha = "The report prints two decimals."\n')
    assert warnings(tiny) == []
