"""Trend charts over many quarters: the latest DRAWN_SLOTS drawn, legibly; every quarter in the table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import matplotlib
import pytest
from babel.support import NullTranslations

from sitegen.charts import plot, registry, stage, trends
from sitegen.charts.drawing import NARROW, WIDE
from sitegen.load.periods import parse_period
from sitegen.render.templates import make_environments
from tests.charts.chartproject import REPO, load, messages, write_project
from tests.series import series

QUARTERS = tuple(f"{year}-Q{q}" for year in (2022, 2023, 2024, 2025) for q in (1, 2, 3, 4))[1:15]


@pytest.fixture(scope="module")
def long_trends(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The trend charts of fourteen quarters, 2022-Q2 to 2025-Q3, by (chart id, language)."""
    editions, schema = load(write_project(tmp_path_factory.mktemp("long") / "project", QUARTERS))
    prepared = registry.prepare_charts(editions, schema, messages(), series(editions, schema))
    return {(p.chart_id, p.lang): p for p in prepared if p.chart_id.startswith("trend-")}


def test_a_long_trend_draws_its_latest_quarters_and_tabulates_them_all(long_trends: dict) -> None:
    assert len(QUARTERS) == trends.DRAWN_SLOTS + 2
    area = long_trends[("trend-area", "en")]
    assert len(area.drawing.panels[0].categories) == trends.DRAWN_SLOTS
    assert [row[0] for row in area.rows] == [f"Q{p[-1]} {p[:4]}" for p in QUARTERS]  # every quarter
    assert [row["period"] for row in csv.DictReader(io.StringIO(area.csv))] == list(QUARTERS)
    assert area.title == "Area cleared per quarter, Q4 2022 to Q3 2025"  # what the chart draws
    assert area.alt.startswith("Bar chart of the area cleared per quarter, Q4 2022 to Q3 2025. ")
    assert area.alt.endswith(
        " The chart shows the latest 12 quarters; the table also has the 2 before them, from Q2 2022."
    )
    assert (
        area.note
        == "The chart shows the latest 12 quarters; the table also has the 2 before them, from Q2 2022."
    )


def test_the_note_stands_over_the_charts_table_where_the_rows_outnumber_the_bars(long_trends: dict) -> None:
    """Shown with the table only: printed pages and the PDF leave the table out, and the note with it."""
    envs = make_environments(REPO / "templates", {"en": NullTranslations()}, None)
    result = stage.chart_result(long_trends[("trend-area", "en")], b"", b"", b"", b"", rendered=True)
    links = {"wide": "w.svg", "narrow": "n.svg", "png": "c.png", "csv": "c.csv", "tables": []}
    html = envs["en"].get_template("blocks/chart.html").render(chart=result, **links)
    table = html.split('<details class="chart-data"')[1].split("</details>")[0]
    assert (
        '<p class="chart-note">The chart shows the latest 12 quarters; the table also has the 2 before them, from Q2 2022.</p>'
        in table
    )
    assert html.count("chart-note") == 1


def test_a_short_trend_draws_every_quarter_and_says_nothing_of_earlier_ones(tmp_path: Path) -> None:
    editions, schema = load(write_project(tmp_path / "project", ("2024-Q4", "2025-Q1")))
    prepared = registry.prepare_charts(editions, schema, messages(), series(editions, schema))
    area = next(p for p in prepared if (p.chart_id, p.lang) == ("trend-area", "en"))
    assert area.drawing.panels[0].categories == ("Q4\n2024", "Q1\n2025")
    assert "the table also has" not in area.alt and area.note == ""


@pytest.mark.parametrize(
    ("ids", "labels"),
    [
        (("2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"), ("K2\n2024", "K3", "K4", "K1\n2025", "K2")),
        (("2024-Q3", "2024-Q4", "2025-Q1"), ("K3\n2024", "K4", "K1\n2025")),
        # a fourth quarter first, of many slots: its year would run into the next slot's
        (("2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"), ("K4", "K1\n2025", "K2", "K3", "K4")),
        (("2024-Q4", "2025-Q1", "2025-Q2"), ("K4\n2024", "K1\n2025", "K2")),
        (("2024-Q4",), ("K4\n2024",)),
    ],
)
def test_slot_names_are_short_with_the_year_where_it_starts(ids: tuple, labels: tuple) -> None:
    danish = {"Q{quarter}": "K{quarter}"}
    assert trends.slot_labels([parse_period(i) for i in ids], lambda s: danish.get(s, s)) == labels


@pytest.mark.parametrize("layout", [NARROW, WIDE], ids=lambda layout: layout.name)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_value_label_drawn_fits_its_slot(long_trends: dict, layout, lang: str) -> None:
    """Labels that would run into each other or out of their bar are not drawn at all; where they fit,
    all are drawn, each inside its slot with room to spare (the two-slot chart keeps them)."""
    inside = 0
    for chart_id in ("trend-area", "trend-devices"):
        drawing = long_trends[(chart_id, lang)].drawing
        for n in (2, 4, 8, trends.DRAWN_SLOTS):
            panel = drawing.panels[0]
            cut = type(panel)(panel.title, panel.axis, panel.categories[-n:],
                              tuple(type(s)(s.label, s.values[-n:], s.style) for s in panel.series),
                              panel.labels[-n:])  # fmt: skip
            short = type(drawing)(
                drawing.lang, (cut,), drawing.footer, drawing.names[-n:], True, drawing.legend
            )
            with matplotlib.rc_context(plot.rc(layout)):
                fig = plot.compose(short, layout)
                ax = fig.axes[0]
                slot = ax.get_window_extent().width / n
                labels = [t for t in ax.texts if t.get_text() in cut.labels]
                assert len(labels) in (0, n), (chart_id, n, layout.name)
                for label in labels:
                    room = plot.BAR_SHARE * slot if label.get_color() == "white" else slot  # inside its bar
                    assert label.get_window_extent().width + plot.gap(label) <= room
                inside += sum(label.get_color() == "white" for label in labels)
                if n == 2:
                    assert len(labels) == n  # two slots leave room for every label
    if layout is WIDE:
        assert inside  # the area's labels stand inside its wide bars: the bar's own room is checked
