"""Chart definitions: titles, alt text, sources, data tables and CSV from the data, in both languages."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from sitegen.charts import kit, plot, registry
from tests.charts.chartproject import REPO, content, load, messages, write_project
from tests.series import series


def test_each_chart_has_alt_table_and_source(rendered: dict) -> None:
    for (_slug, chart_id, lang), result in rendered.items():
        assert result.chart_id == chart_id and result.lang == lang
        assert result.title and result.alt.endswith(".")
        numbers = {cell for row in result.rows for cell in row[1:] if re.search(r"[0-9]", cell)}
        assert any(number in result.alt for number in numbers), (chart_id, lang, result.alt)  # its figures
        assert result.source.startswith("Kilde: Bilag 219, " if lang == "da" else "Source: Bilag 219, ")
        assert result.headers and result.rows
        assert all(len(row) == len(result.headers) for row in result.rows)
        for svg in (content(result.narrow), content(result.wide)):
            assert svg.startswith(b"<?xml") and b"<script" not in svg
        assert content(result.png).startswith(b"\x89PNG")


def test_alt_text_says_what_the_chart_shows(rendered: dict) -> None:
    assert rendered[("2025-q1", "area-by-operator", "en")].alt == (
        "Bar charts of the area cleared per operator, in Q1 2025 and in total since 10 November 2020. "
        "In Q1 2025, ANAMA cleared the most: 12,642.9\u00a0ha (88.2% of 14,333.0\u00a0ha). Since 10 November "
        "2020, ANAMA has cleared the most: 113,546.4\u00a0ha (68.7% of 165,291.4\u00a0ha)."
    )
    assert rendered[("2025-q1", "victims-killed-injured", "en")].alt.endswith(
        " Killed: unknown; Injured: 263."
    )


def test_source_names_table_and_page(rendered: dict) -> None:
    assert rendered[("2025-q1", "area-by-operator", "da")].source == "Kilde: Bilag 219, tabel 3, s. 8"
    assert rendered[("2025-q1", "area-by-operator", "en")].source == "Source: Bilag 219, Table 3, p. 8"


def test_table_shows_the_numbers_the_chart_draws(prepared: dict) -> None:
    for (chart_id, _lang), p in prepared.items():
        cells = {cell for row in p.rows for cell in row}
        for panel in p.drawing.panels:
            for label in panel.labels:
                head = label.split(" (")[0]  # without its share
                found = re.search(r"\d[\d.,]*", head)  # without its unit, which may stand on either side
                number = found.group(0) if found else head
                assert number in cells, (chart_id, label)


def test_table_numbers_are_babel_formatted(rendered: dict) -> None:
    da = rendered[("2025-q1", "area-by-operator", "da")]
    en = rendered[("2025-q1", "area-by-operator", "en")]
    assert da.rows[0] == ("ANAMA", "12.642,9", "113.546,4")
    assert en.rows[0] == ("ANAMA", "12,642.9", "113,546.4")
    assert da.rows[-1][0] == "I alt" and en.rows[-1][0] == "Total"
    assert [r[0] for r in en.rows] == ["ANAMA", "Ministry of Defense", "Alpha Demining", "Total"]


def test_csv_is_machine_friendly_and_the_same_in_both_languages(rendered: dict) -> None:
    for chart_id in registry.CHART_IDS:
        da, en = (rendered[("2025-q1", chart_id, lang)].csv for lang in ("da", "en"))
        assert da == en
        rows = list(csv.reader(io.StringIO(da.decode("utf-8"))))
        assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    area = rendered[("2025-q1", "area-by-operator", "en")].csv.decode()
    assert area.splitlines()[:2] == ["operator,quarter_ha,cumulative_ha", "anama,12642.9,113546.4"]


def test_unknown_values_are_never_zero(prepared: dict) -> None:
    resources = prepared[("resources-by-operator", "da")]
    dogs = resources.drawing.panels[1]
    assert dogs.series[0].values[0] is None and dogs.labels[0] == "ukendt"
    assert resources.rows[0] == ("ANAMA", "1.931", "ukendt", "54")
    assert "ukendt" in resources.rows[-1]
    assert "anama,1931,unknown,54" in resources.csv
    assert resources.alt.endswith("The source gives no figure for ANAMA.")
    victims = prepared[("victims-killed-injured", "en")]
    assert victims.drawing.panels[0].series[0].values == (None, 263.0)
    assert victims.rows[0] == ("Killed", "unknown", "unknown")
    assert "Killed: unknown" in victims.alt
    assert "victims_killed,unknown,persons" in victims.csv


def test_bars_leave_out_total_and_subtotal_rows(prepared: dict) -> None:
    panel = prepared[("area-by-operator", "en")].drawing.panels[0]
    assert panel.categories == ("ANAMA", "Ministry of Defense", "Alpha Demining")
    assert panel.series[0].values == (12642.9, 938.5, 751.6)


def test_alt_states_the_main_finding(rendered: dict) -> None:
    def alt(chart_id: str, lang: str) -> str:
        return rendered[("2025-q1", chart_id, lang)].alt.replace("\xa0", " ")

    en = alt("area-by-operator", "en")
    assert "ANAMA cleared the most: 12,642.9 ha (88.2% of 14,333.0 ha)" in en
    assert "12.642,9 ha (88,2 %" in alt("area-by-operator", "da")
    workplan = alt("workplan-progress", "en")
    assert "3,822 ha has been cleared, 5.9% of the 65,092.6 ha planned" in workplan


def test_trend_charts_appear_with_a_second_edition(tmp_path: Path) -> None:
    editions, schema = load(write_project(tmp_path / "project", ("2024-Q4", "2025-Q1")))
    trends = series(editions, schema)
    prepared = {
        (p.chart_id, p.lang): p for p in registry.prepare_charts(editions, schema, messages(), trends)
    }
    assert {c for c, _lang in prepared} == set(registry.CHART_IDS) | set(registry.TREND_IDS)
    trend = prepared[("trend-devices", "da")]
    assert [row[0] for row in trend.rows] == ["4. kvartal 2024", "1. kvartal 2025"]
    assert trend.source == "Kilde: Bilag 219, tabel 4; Bilag 220, tabel 4"  # each edition numbers its table
    assert "edition,quarter_erw,quarter_apm,quarter_atm,quarter_total" in trend.csv
    drawn = plot.draw(trend.drawing)
    assert drawn.narrow.startswith(b"<?xml") and drawn.wide.startswith(b"<?xml")
    assert drawn.png.startswith(b"\x89PNG")
    single = registry.prepare_charts(editions[:1], schema, messages(), trends)
    # 2024-Q4 has no trends and no work-plan chart: the schema declares no workplan_2024_ha.
    assert {p.chart_id for p in single} == set(registry.CHART_IDS) - {"workplan-progress"}


def test_a_chart_whose_data_the_project_lacks_is_left_out(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    schema_path = root / "content" / "schema.toml"
    text = schema_path.read_text(encoding="utf-8")
    start, end = text.index("[tables.t1_victims]"), text.index("[tables.t2_resources]")
    schema_path.write_text(text[:start] + text[end:], encoding="utf-8")
    (root / "content" / "editions" / "2025-q1" / "data" / "t1_victims.csv").unlink()
    meta = root / "content" / "editions" / "2025-q1" / "edition.toml"
    meta.write_text(
        meta.read_text().replace('[tables.t1_victims]\nsource = "bilag-219"\nnumber = 1\nplace = 6\n', "")
    )
    editions, schema = load(root)
    prepared = registry.prepare_charts(editions, schema, messages())
    assert {p.chart_id for p in prepared} == set(registry.CHART_IDS) - {"victims-by-device"}


def test_every_chart_message_is_translated_in_both_catalogs() -> None:
    ids = {
        message
        for module in ("charts/kit.py", "charts/definitions.py", "charts/trends.py")
        for _line, message, _comments, _context in extract_from_file(
            "python", str(REPO / "sitegen" / module), keywords={"_": None, "gettext": None}
        )
    }
    assert len(ids) > 50
    for lang in ("da", "en"):
        path = REPO / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        missing = sorted(i for i in ids if i not in catalog or not catalog[i].string)
        assert missing == [], f"{lang}: {missing}"
        for msgid in ids:
            names = set(re.findall(r"{(\w+)}", msgid))
            assert set(re.findall(r"{(\w+)}", catalog[msgid].string)) == names, msgid


def test_shares_use_decimal_arithmetic() -> None:
    assert kit.share_of(Decimal("23.3"), Decimal("487.3")) == Decimal("23.3") / Decimal("487.3") * 100
    assert kit.share_of(None, Decimal(1)) is None
    assert kit.share_of(Decimal(1), Decimal(0)) is None


def blank(path: Path, columns: set[int]) -> None:
    """Write `unknown` into the given columns of every row of a table."""
    lines = path.read_text().splitlines()
    rows = [[("unknown" if i in columns else c) for i, c in enumerate(line.split(","))] for line in lines[1:]]
    path.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n")


def test_charts_draw_the_columns_that_are_known_and_say_what_is_missing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    data = root / "content" / "editions" / "2025-q1" / "data"
    blank(data / "t3_area.csv", {1})  # the quarter
    blank(data / "t5_districts.csv", {1, 3})  # the quarter's area and devices: the year to date remains
    blank(data / "t1_victims.csv", {1})
    editions, schema = load(root)
    prepared = {(p.chart_id, p.lang): p for p in registry.prepare_charts(editions, schema, messages())}
    area = prepared[("area-by-operator", "en")]
    assert area.title == "Per operator: cleared since 10 November 2020 (ha)"
    assert [p.title.replace("\n", " ") for p in area.drawing.panels] == [
        "Cleared since 10 November 2020 (ha)"
    ]
    assert area.alt.endswith("The source gives no figures for: cleared in Q1 2025 (ha).")
    districts = prepared[("districts", "en")]
    assert [p.title.replace("\n", " ") for p in districts.drawing.panels] == [
        "Area cleared in 2025 up to 28 March 2025 (ha)"
    ]
    assert districts.alt.endswith("The source gives no figures for: devices found.")
    assert ("victims-by-device", "en") not in prepared  # nothing known: its page says it cannot be drawn
