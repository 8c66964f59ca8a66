"""The chart registry: which charts exist, the data each needs, and preparing them per language.

A definition (`definitions`) turns an edition into plain data and text without Matplotlib; `plot.draw`
turns the resulting `Drawing` into bytes, only on a cache miss (`stage`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..compute.series import TRENDS as TREND_DATA
from ..compute.series import Series
from ..load.dataset import Edition
from ..load.schema import Schema
from .definitions import (
    AREA_COLUMNS,
    DEVICE_TOTALS,
    prepare_area_by_operator,
    prepare_cleared_vs_contaminated,
    prepare_devices_by_operator,
    prepare_districts,
    prepare_funding,
    prepare_resources_by_operator,
    prepare_victims_by_device,
    prepare_victims_killed_injured,
    prepare_workplan,
)
from .kit import Context, Prepared
from .trends import prepare_trend_area, prepare_trend_devices


@dataclass(frozen=True)
class Chart:
    """A registry entry: how to prepare a chart and the data it needs ('{year}' = the edition's)."""

    prepare: Callable[[Context], Prepared | None]  # None: nothing the edition gives can be drawn
    tables: tuple[tuple[str, tuple[str, ...]], ...] = ()
    figures: tuple[str, ...] = ()


CHARTS: dict[str, Chart] = {
    "area-by-operator": Chart(prepare_area_by_operator, (("t3_area", AREA_COLUMNS),)),
    "devices-by-operator": Chart(prepare_devices_by_operator, (("t4_devices", DEVICE_TOTALS),)),
    "districts": Chart(prepare_districts, (("t5_districts", ("quarter_ha", "quarter_devices")),)),
    "victims-by-device": Chart(prepare_victims_by_device, (("t1_victims", ("victims",)),)),
    "victims-killed-injured": Chart(
        prepare_victims_killed_injured, figures=("victims_killed", "victims_injured")
    ),
    "resources-by-operator": Chart(
        prepare_resources_by_operator, (("t2_resources", ("staff", "dogs", "machines")),)
    ),
    "funding-government-foreign": Chart(
        prepare_funding, figures=("spending_government_musd", "spending_foreign_musd")
    ),
    "workplan-progress": Chart(prepare_workplan, (("t5_districts", ("ytd_ha",)),), ("workplan_{year}_ha",)),
    "cleared-vs-contaminated": Chart(
        prepare_cleared_vs_contaminated,
        figures=("area_cleared_cumulative_ha", "contaminated_area_km2"),
    ),
}
TRENDS: dict[str, Chart] = {  # the figures state the table's total where an edition lacks the table
    "trend-area": Chart(
        prepare_trend_area, (("t3_area", ("quarter_ha",)),), tuple(TREND_DATA["trend-area"].figures.values())
    ),
    "trend-devices": Chart(
        prepare_trend_devices,
        (("t4_devices", DEVICE_TOTALS),),
        tuple(TREND_DATA["trend-devices"].figures.values()),
    ),
}
CHART_IDS: tuple[str, ...] = tuple(CHARTS)
TREND_IDS: tuple[str, ...] = tuple(TRENDS)


def chart_tables() -> dict[str, tuple[str, ...]]:
    """The tables each chart is drawn from, so a page need not show both."""
    return {
        chart_id: tuple(t for t, _columns in chart.tables) for chart_id, chart in {**CHARTS, **TRENDS}.items()
    }


def prepare_charts(
    editions: Sequence[Edition],
    schema: Schema,
    messages: Mapping[str, Callable[[str], str]],
    series: Series | None = None,
) -> list[Prepared]:
    """Text, data and drawing instructions of every chart of the last edition, in every language (no
    Matplotlib). A chart whose data the edition lacks is left out (its page says so); a trend is drawn
    from the series' quarters up to this one that have its data, when at least two do (no series: no
    trends)."""
    out = []
    for chart_id, chart in {**CHARTS, **TRENDS}.items():
        needed = [e for e in editions if e.period.quarter] if chart_id in TRENDS else editions[-1:]
        if not any(has_data(chart, e, schema, trend=chart_id in TRENDS) for e in needed):
            continue  # a project without this chart's data (e.g. a test fixture) gets no chart
        for lang in sorted(messages):
            ctx = Context(tuple(editions), schema, lang, messages[lang], messages, series)
            prepared = chart.prepare(ctx)
            if prepared is not None:
                out.append(replace(prepared, chart_id=chart_id))
    return out


def has_data(chart: Chart, edition: Edition, schema: Schema, trend: bool = False) -> bool:
    """Whether the schema declares, and the edition has, every table column and figure needed (a trend
    also takes the headline figures that state the table's total)."""
    for table_id, columns in chart.tables:
        spec = schema.tables.get(table_id)
        if spec is None or not spec.total or not set(columns) <= {c.name for c in spec.columns}:
            return False
        if table_id not in edition.tables and not (
            trend and chart.figures and set(chart.figures) <= set(schema.figures)
        ):
            return False
    year = str(edition.period.year)
    return trend or all(key.replace("{year}", year) in schema.figures for key in chart.figures)
