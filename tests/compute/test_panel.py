"""The panel: every edition's figures as one tidy frame, and the series pandas makes from it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.build import load
from sitegen.compute.panel import make_series, tidy_frame
from sitegen.compute.series import Series, series_from_json, series_json
from sitegen.load.dataset import Edition
from tests.test_quarters import project


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """2024-Q4 (published figures), 2025-Q1 (real) and 2025-Q4 (web releases): a gap of two quarters."""
    root = project(tmp_path_factory.mktemp("panel") / "project", "2024-q4", "2025-q4")
    loaded, _problems = load(root, None)
    frame = tidy_frame(loaded.editions, loaded.schema)
    return frame, make_series(frame, loaded.editions, loaded.schema), loaded


def test_one_row_per_edition_and_figure_with_its_status(quarters: tuple) -> None:
    frame, _series, loaded = quarters
    keys = len(loaded.schema.figures) + sum(
        len(t.row_order) * len(t.columns) for t in loaded.schema.tables.values()
    )
    assert len(frame) == 3 * keys and not frame.duplicated(["edition", "key"]).any()
    row = frame.set_index(["edition", "key"])
    assert row.loc[("2025-Q1", "t3_area.total.quarter_ha"), "value"] == Decimal("11002.4")
    assert str(row.loc[("2025-Q1", "t3_area.total.quarter_ha"), "value"]) == "11002.4"  # as printed
    assert row.loc[("2025-Q4", "t3_area.total.quarter_ha"), "status"] == "absent"
    assert row.loc[("2025-Q4", "t5_districts.total.quarter_ha"), "status"] == "unknown"
    assert row.loc[("2025-Q1", "t5_districts.tartar.ytd_ha"), "status"] == "absent"  # a district added later
    q4 = row.loc[("2025-Q4", "contaminated_area_km2")]
    assert (q4["value"], q4["approx"], q4["as_of"], q4["source"]) == (
        Decimal("11000"),
        True,
        "2025-11-10",
        "anama-2025-11-10",
    )
    assert frame["units"].dtype == "Int64" and frame.attrs["scale"] >= 1


def test_changes_run_edition_to_edition_and_unknown_is_never_zero(quarters: tuple) -> None:
    _frame, series, _loaded = quarters
    assert "2024-q4" not in series.changes
    q4 = {c.key: c for c in series.changes["2025-q4"]}
    assert q4["area_cleared_cumulative_ha"].previous == Decimal("190794.2")
    assert q4["area_cleared_cumulative_ha"].absolute == Decimal("225313.6") - Decimal("190794.2")
    assert q4["t3_area.total.quarter_ha"].absolute is None  # the table is absent in 2025-Q4


def test_year_to_date_only_with_every_quarter_of_the_year(quarters: tuple) -> None:
    _frame, series, _loaded = quarters
    assert series.year_to_date["2025-q1"]["quarter_area_ha"] == Decimal("11002.4")  # the year's first
    assert "2025-q4" not in series.year_to_date  # 2025-Q2 and Q3 have no edition
    assert "2024-q4" not in series.year_to_date  # 2024-Q1 to Q3 have none either


def test_a_gap_implies_flows_and_leaves_empty_slots(quarters: tuple) -> None:
    _frame, series, _loaded = quarters
    implied = {i.key: i for i in series.implied["2025-q4"]}
    area = implied["area_cleared_cumulative_ha"]
    assert area.amount == Decimal("225313.6") - Decimal("190794.2") - (
        _known(series, "quarter_area_ha", "2025-q4") or 0
    )
    assert "2025-q1" not in series.implied  # 2025-Q1 follows 2024-Q4
    slots = series.trends["trend-area"]
    # from the first quarter with the figure (2024-Q4's sources do not give it) to the last edition
    assert [(s.period, s.edition) for s in slots] == [
        ("2025-Q1", "2025-q1"),
        ("2025-Q2", None),
        ("2025-Q3", None),
        ("2025-Q4", "2025-q4"),
    ]
    assert slots[0].from_table and not slots[3].from_table  # 2025-Q4 states the total as a figure
    assert slots[1].values == {}


def _known(series: Series, key: str, slug: str) -> Decimal | None:
    return dict(series.history.get(key, ())).get(slug)


def test_an_implied_flow_says_when_this_quarters_own_flow_is_unknown(quarters: tuple) -> None:
    """Over a gap: later − earlier − this quarter's flow; an unknown flow is left in the amount and said."""
    from dataclasses import replace

    _frame, _series, loaded = quarters
    q4, q1, later = loaded.editions
    for flow, includes_current in ((Decimal("100.5"), False), (None, True)):
        figures = {
            k: replace(f, value=flow) if k == "quarter_area_ha" else f for k, f in later.figures.items()
        }
        editions = [q4, q1, replace(later, figures=figures)]
        series = make_series(tidy_frame(editions, loaded.schema), editions, loaded.schema)
        area = {i.key: i for i in series.implied["2025-q4"]}["area_cleared_cumulative_ha"]
        assert area.amount == Decimal("225313.6") - Decimal("190794.2") - (flow or 0)
        assert area.includes_current is includes_current


def test_history_and_printed_decimals_for_the_typo_checks(quarters: tuple) -> None:
    _frame, series, _loaded = quarters
    assert [s for s, _v in series.history["area_cleared_cumulative_ha"]] == ["2024-q4", "2025-q1", "2025-q4"]
    assert series.printed["t5_districts.ytd_ha"] == {"2025-q4": 1}  # 2025-Q1 printed one decimal
    assert "t3_area.quarter_ha" not in series.printed  # one edition has the table: nothing before it


def test_the_json_form_is_exact(quarters: tuple, tmp_path: Path) -> None:
    _frame, series, _loaded = quarters
    assert series_from_json(series_json(series)) == series


def test_the_largest_figures_a_cell_takes_stay_exact(quarters: tuple) -> None:
    """load/cells bounds a figure at 15 digits, 12 before the '.' and 6 after: with the smallest decimal
    anywhere setting the scale, the panel's 64-bit sums and differences of the largest stay exact."""
    from dataclasses import replace

    _frame, _series, loaded = quarters
    big, small = Decimal("999999999999.999"), Decimal("0.000001")

    def given(edition: Edition, values: dict[str, Decimal]) -> Edition:
        figures = {k: replace(f, value=values.get(k, f.value)) for k, f in edition.figures.items()}
        return replace(edition, figures=figures)

    q4, q1, later = loaded.editions
    editions = [
        q4,
        given(q1, {"area_cleared_cumulative_ha": small, "quarter_area_ha": big}),
        given(later, {"area_cleared_cumulative_ha": big, "quarter_area_ha": small}),
    ]
    frame = tidy_frame(editions, loaded.schema)
    assert frame.attrs["scale"] == 6
    series = make_series(frame, editions, loaded.schema)
    area = {i.key: i for i in series.implied["2025-q4"]}["area_cleared_cumulative_ha"]
    assert area.amount == big - small - small
    assert series.year_to_date["2025-q1"]["quarter_area_ha"] == big
