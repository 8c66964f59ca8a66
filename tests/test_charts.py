"""Charts: text and tables from the data, locale formatting, determinism, the cache and catalogs."""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from sitegen import chartkit, charts, plot
from sitegen.dataset import load_editions
from sitegen.schema import load_schema

REPO = Path(__file__).resolve().parent.parent

SCHEMA = """
[units.ha]
label = { da = "ha", en = "ha" }
[units.km2]
label = { da = "km²", en = "km²" }
[units.persons]
label = { da = "personer", en = "persons" }
[units.devices]
label = { da = "genstande", en = "devices" }
[units.staff]
label = { da = "ansatte", en = "staff" }
[units.dogs]
label = { da = "hunde", en = "dogs" }
[units.musd]
label = { da = "mio. USD", en = "million USD" }

[lists.operator]
label = { da = "Operatør", en = "Operator" }
[lists.district]
label = { da = "Distrikt", en = "District" }
[lists.device]
label = { da = "Type", en = "Type" }

[row_labels.total]
da = "I alt"
en = "Total"
[row_labels.commercial]
da = "Kommercielle i alt"
en = "Commercial, total"

[tables.t1_victims]
number = 1
page = 6
title = { da = "Ofre", en = "Victims" }
rows = "device"
row_order = ["atm", "apm", "total"]
total = "total"
subtotals = {}
[[tables.t1_victims.columns]]
name = "victims"
type = "int"
unit = "persons"
label = { da = "Ofre", en = "Victims" }

[tables.t2_resources]
number = 2
page = 7
title = { da = "Ressourcer", en = "Resources" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t2_resources.columns]]
name = "staff"
type = "int"
unit = "staff"
label = { da = "Personale", en = "Staff" }
[[tables.t2_resources.columns]]
name = "dogs"
type = "int"
unit = "dogs"
label = { da = "Hunde", en = "Dogs" }
unknown = true
[[tables.t2_resources.columns]]
name = "machines"
type = "int"
unit = "staff"
label = { da = "Maskiner", en = "Machines" }

[tables.t3_area]
number = 3
page = 8
title = { da = "Areal", en = "Area" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t3_area.columns]]
name = "quarter_ha"
type = "decimal"
unit = "ha"
label = { da = "Kvartal (ha)", en = "Quarter (ha)" }
[[tables.t3_area.columns]]
name = "cumulative_ha"
type = "decimal"
unit = "ha"
label = { da = "I alt (ha)", en = "Cumulative (ha)" }

[tables.t4_devices]
number = 4
page = 9
title = { da = "Genstande", en = "Devices" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t4_devices.columns]]
name = "quarter_erw"
type = "int"
unit = "devices"
label = { da = "ERW", en = "ERW" }
[[tables.t4_devices.columns]]
name = "quarter_apm"
type = "int"
unit = "devices"
label = { da = "APM", en = "APM" }
[[tables.t4_devices.columns]]
name = "quarter_atm"
type = "int"
unit = "devices"
label = { da = "ATM", en = "ATM" }
[[tables.t4_devices.columns]]
name = "quarter_total"
type = "int"
unit = "devices"
label = { da = "I alt", en = "Total" }

[tables.t5_districts]
number = 5
page = 10
title = { da = "Distrikter", en = "Districts" }
rows = "district"
row_order = ["aghdam", "fuzuli", "total"]
total = "total"
subtotals = {}
[[tables.t5_districts.columns]]
name = "quarter_ha"
type = "decimal"
unit = "ha"
label = { da = "Kvartal (ha)", en = "Quarter (ha)" }
[[tables.t5_districts.columns]]
name = "ytd_ha"
type = "decimal"
unit = "ha"
label = { da = "År til dato (ha)", en = "Year to date (ha)" }
[[tables.t5_districts.columns]]
name = "quarter_devices"
type = "int"
unit = "devices"
label = { da = "Genstande", en = "Devices" }

[figures.victims_total]
unit = "persons"
type = "int"
label = { da = "Ofre", en = "Victims" }
[figures.victims_killed]
unit = "persons"
type = "int"
label = { da = "Dræbte", en = "Killed" }
[figures.victims_injured]
unit = "persons"
type = "int"
label = { da = "Sårede", en = "Injured" }
[figures.spending_government_musd]
unit = "musd"
type = "int"
label = { da = "Regeringen", en = "Government" }
[figures.spending_foreign_musd]
unit = "musd"
type = "decimal"
label = { da = "Udenlandsk", en = "Foreign" }
[figures.workplan_2025_ha]
unit = "ha"
type = "decimal"
label = { da = "Arbejdsplan 2025", en = "Work plan 2025" }
[figures.area_cleared_cumulative_ha]
unit = "ha"
type = "decimal"
label = { da = "Ryddet", en = "Cleared" }
[figures.contaminated_area_km2]
unit = "km2"
type = "int"
label = { da = "Forurenet", en = "Contaminated" }
"""

NAMES = """list,id,da,en,group
operator,anama,ANAMA,ANAMA,agency
operator,mod,Aserbajdsjans forsvarsministerium,Ministry of Defense,agency
operator,alpha,Alpha Demining,Alpha Demining,commercial
district,aghdam,Agdam,Aghdam,
district,fuzuli,Fuzuli,Fuzuli,
device,atm,Panserminer (ATM),Anti-tank mines (ATM),
device,apm,Antipersonelminer (APM),Anti-personnel mines (APM),
"""

# Quarter 2025-Q1: above 10,000 ha so both languages show a thousands separator; one unknown cell.
TABLES = {
    "t1_victims": "device,victims\natm,156\napm,177\ntotal,333\n",
    "t2_resources": "operator,staff,dogs,machines\nanama,1931,unknown,54\nmod,181,9,19\n"
    "commercial,99,20,2\nalpha,99,20,2\ntotal,2211,unknown,75\n",
    "t3_area": "operator,quarter_ha,cumulative_ha\nanama,12642.9,113546.4\nmod,938.5,44935\n"
    "commercial,751.6,6810\nalpha,751.6,6810\ntotal,14333,165291.4\n",
    "t4_devices": "operator,quarter_erw,quarter_apm,quarter_atm,quarter_total\n"
    "anama,11235,1111,380,12726\nmod,14,0,0,14\ncommercial,575,20,64,659\nalpha,575,20,64,659\n"
    "total,11824,1131,444,13399\n",
    "t5_districts": "district,quarter_ha,ytd_ha,quarter_devices\naghdam,1722.6,1722.6,1116\n"
    "fuzuli,2099.4,2099.4,1258\ntotal,3822,3822,2374\n",
}
FIGURES = {
    "victims_total": "333",
    "victims_killed": "unknown",
    "victims_injured": "263",
    "spending_government_musd": "464",
    "spending_foreign_musd": "23.3",
    "workplan_2025_ha": "65092.6",
    "area_cleared_cumulative_ha": "190794.2",
    "contaminated_area_km2": "11667",
}
EDITION = """id = "{id}"
as_of = {end}
period_start = {start}
period_end = {end}
status = "final"
[source]
document = "URU Alm.del Bilag {bilag}"
"""
DANISH = {  # a few translations, enough to tell the languages apart
    "Source: {document}, {where}": "Kilde: {document}, {where}",
    "Table {number}, p. {page}": "tabel {number}, s. {page}",
    "p. {pages}": "s. {pages}",
    "Q{quarter} {year}": "{quarter}. kvartal {year}",
    "Table {number}": "tabel {number}",
    "Killed": "Dræbte",
}


def write_project(root: Path, quarters: tuple[str, ...] = ("2025-Q1",)) -> Path:
    """A small project: the real table ids and columns, few rows, one unknown cell and figure."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "schema.toml").write_text(SCHEMA, encoding="utf-8")
    (root / "content" / "names.csv").write_text(NAMES, encoding="utf-8")
    for n, quarter in enumerate(quarters):
        folder = root / "content" / "editions" / quarter.lower()
        (folder / "data").mkdir(parents=True)
        year, q = int(quarter[:4]), int(quarter[-1])
        start, end = f"{year}-{3 * q - 2:02d}-01", f"{year}-{3 * q:02d}-{28}"
        meta = EDITION.format(id=quarter, start=start, end=end, bilag=219 + n)
        (folder / "edition.toml").write_text(meta, encoding="utf-8")
        for table, text in TABLES.items():
            (folder / "data" / f"{table}.csv").write_text(text, encoding="utf-8")
        figures = "".join(f'{k},{v},5,"quote"\n' for k, v in FIGURES.items())
        (folder / "figures.csv").write_text("key,value,page,quote\n" + figures, encoding="utf-8")
    return root


def load(root: Path) -> tuple:
    schema, problems = load_schema(root)
    editions, more = load_editions(root, schema)
    assert problems + more == []
    return editions, schema


def messages() -> dict:
    """Identity gettext for English, a few Danish messages: the real catalogs are tested apart."""
    return {"da": lambda s: DANISH.get(s, s), "en": lambda s: s}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    return load(write_project(tmp_path_factory.mktemp("charts") / "project"))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def rendered(project: tuple, cache_dir: Path) -> dict:
    """Every chart, drawn once (in worker processes) into a cache shared by the module's tests."""
    editions, schema = project
    return charts.render_charts(editions, schema, messages(), cache_dir)


@pytest.fixture(scope="module")
def prepared(project: tuple) -> dict:
    editions, schema = project
    return {(p.chart_id, p.lang): p for p in charts.prepare_charts(editions, schema, messages())}


def test_every_chart_in_every_language(rendered: dict) -> None:
    expected = {("2025-q1", c, lang) for c in charts.CHART_IDS for lang in ("da", "en")}
    assert set(rendered) == expected
    assert all(r.rendered for r in rendered.values())


def test_each_chart_has_alt_table_and_source(rendered: dict) -> None:
    for (_slug, chart_id, lang), result in rendered.items():
        assert result.chart_id == chart_id and result.lang == lang
        assert len(result.alt) > 40 and result.title
        assert result.source.startswith("Kilde: Bilag 219, " if lang == "da" else "Source: Bilag 219, ")
        assert result.headers and result.rows
        assert all(len(row) == len(result.headers) for row in result.rows)
        assert content(result.svg).startswith(b"<?xml") and content(result.png).startswith(b"\x89PNG")
        assert b"<script" not in content(result.svg)


def test_source_names_table_and_page(rendered: dict) -> None:
    assert rendered[("2025-q1", "area-by-operator", "da")].source == "Kilde: Bilag 219, tabel 3, s. 8"
    assert rendered[("2025-q1", "area-by-operator", "en")].source == "Source: Bilag 219, Table 3, p. 8"


def test_table_shows_the_numbers_the_chart_draws(prepared: dict) -> None:
    for (chart_id, _lang), p in prepared.items():
        cells = {cell for row in p.rows for cell in row}
        for panel in p.drawing.panels:
            for label in panel.labels:
                number = label.split(" (")[0]
                assert number in cells, (chart_id, label)


def test_table_numbers_are_babel_formatted(rendered: dict) -> None:
    da = rendered[("2025-q1", "area-by-operator", "da")]
    en = rendered[("2025-q1", "area-by-operator", "en")]
    assert da.rows[0] == ("ANAMA", "12.642,9", "113.546,4")
    assert en.rows[0] == ("ANAMA", "12,642.9", "113,546.4")
    assert da.rows[-1][0] == "I alt" and en.rows[-1][0] == "Total"
    assert [r[0] for r in en.rows] == ["ANAMA", "Ministry of Defense", "Alpha Demining", "Total"]


def test_csv_is_machine_friendly_and_the_same_in_both_languages(rendered: dict) -> None:
    for chart_id in charts.CHART_IDS:
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


def test_an_unknown_value_draws_no_bar(prepared: dict) -> None:
    fig = plot.compose(prepared[("victims-killed-injured", "da")].drawing)
    ax = fig.axes[0]
    assert len(ax.patches) == 1  # only 'injured' has a bar; 'killed' is unknown, not 0
    assert "ukendt" in [t.get_text() for t in ax.texts]


def test_ticks_follow_the_language_not_the_os_locale() -> None:
    assert plot.tick_text(10000.0, "da") == "10.000"
    assert plot.tick_text(10000.0, "en") == "10,000"
    assert plot.tick_text(2.5, "da") == "2,5"
    assert plot.tick_text(0.1 + 0.2, "en") == "0.3"
    assert plot.tick_text(0, "da") == "0"


def test_drawn_ticks_use_babel_formatting(prepared: dict) -> None:
    ticks = {}
    for lang in ("da", "en"):
        fig = plot.compose(prepared[("area-by-operator", lang)].drawing)
        ax = fig.axes[0]
        ticks[lang] = [ax.xaxis.get_major_formatter()(x, 0) for x in ax.get_xticks()]
    assert "10.000" in ticks["da"] and "10,000" in ticks["en"]


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


def test_danish_and_english_svgs_differ_only_in_language(rendered: dict) -> None:
    for chart_id in charts.CHART_IDS:
        da, en = (content(rendered[("2025-q1", chart_id, lang)].svg).decode() for lang in ("da", "en"))
        assert svg_size(da) == svg_size(en), chart_id
        for part in ('<g id="patch_', '<g id="axes_', '<g id="text_'):
            assert da.count(part) == en.count(part), (chart_id, part)


def svg_size(svg: str) -> tuple[str, str]:
    match = re.search(r'<svg[^>]* width="([^"]+)" height="([^"]+)"', svg)
    assert match
    return match.group(1), match.group(2)


def test_drawing_is_deterministic_in_and_across_processes(prepared: dict, tmp_path: Path) -> None:
    drawing = prepared[("devices-by-operator", "da")].drawing
    first = plot.draw(drawing)
    assert plot.draw(drawing) == first
    (tmp_path / "drawing.pickle").write_bytes(pickle.dumps(drawing))
    script = f"""
        import pickle, sys
        from sitegen import plot
        drawing = pickle.loads(open({str(tmp_path / "drawing.pickle")!r}, "rb").read())
        svg, png = plot.draw(drawing)
        open({str(tmp_path / "out.svg")!r}, "wb").write(svg)
        open({str(tmp_path / "out.png")!r}, "wb").write(png)
    """
    run_python(script)
    assert (tmp_path / "out.svg").read_bytes() == first[0]
    assert (tmp_path / "out.png").read_bytes() == first[1]
    assert b"<dc:date>" not in first[0]


def test_render_is_deterministic_across_worker_processes(rendered: dict, project: tuple) -> None:
    editions, schema = project
    again = charts.render_charts(editions, schema, messages(), None)
    assert all(again[k].rendered for k in again)
    assert {k: (content(r.svg), content(r.png)) for k, r in again.items()} == {
        k: (content(r.svg), content(r.png)) for k, r in rendered.items()
    }


def test_cached_rebuild_draws_nothing(rendered: dict, project: tuple, cache_dir: Path) -> None:
    editions, schema = project
    again = charts.render_charts(editions, schema, messages(), cache_dir)
    assert not any(r.rendered for r in again.values())
    assert again == {k: replace_rendered(r) for k, r in rendered.items()}


def content(data: bytes | Path) -> bytes:
    """A chart file's bytes, whether drawn just now or a file in the cache."""
    return data if isinstance(data, bytes) else data.read_bytes()


def replace_rendered(result: charts.ChartResult) -> charts.ChartResult:
    from dataclasses import replace

    return replace(result, rendered=False)


def test_cached_rebuild_does_not_import_matplotlib(
    rendered: dict, project: tuple, cache_dir: Path, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "project")
    editions, schema = load(root)
    charts.render_charts(editions, schema, {"da": str, "en": str}, tmp_path / "cache")
    script = f"""
        import json, sys
        from pathlib import Path
        from sitegen import charts
        from sitegen.dataset import load_editions
        from sitegen.schema import load_schema
        root = Path({str(root)!r})
        schema, _ = load_schema(root)
        editions, _ = load_editions(root, schema)
        results = charts.render_charts(editions, schema, {{"da": str, "en": str}},
                                       Path({str(tmp_path / "cache")!r}))
        print(json.dumps({{
            "drawn": sum(r.rendered for r in results.values()),
            "count": len(results),
            "heavy": sorted(m for m in ("matplotlib", "pandas", "numpy") if m in sys.modules),
        }}))
    """
    report = json.loads(run_python(script))
    assert report == {"drawn": 0, "count": 2 * len(charts.CHART_IDS), "heavy": []}


def test_importing_charts_does_not_import_matplotlib() -> None:
    script = """
        import sys
        import sitegen.charts
        print(sorted(m for m in ("matplotlib", "pandas") if m in sys.modules))
    """
    assert run_python(script).strip() == "[]"


def test_a_changed_value_changes_only_its_charts(project: tuple, tmp_path: Path) -> None:
    editions, schema = project
    before = {
        (p.chart_id, p.lang): charts.cache_key(p) for p in charts.prepare_charts(editions, schema, messages())
    }
    root = write_project(tmp_path / "project")
    area = root / "content" / "editions" / "2025-q1" / "data" / "t1_victims.csv"
    area.write_text("device,victims\natm,157\napm,177\ntotal,334\n", encoding="utf-8")
    changed_editions, changed_schema = load(root)
    after = {
        (p.chart_id, p.lang): charts.cache_key(p)
        for p in charts.prepare_charts(changed_editions, changed_schema, messages())
    }
    differ = {chart_id for (chart_id, _lang), key in after.items() if before[(chart_id, _lang)] != key}
    assert differ == {"victims-by-device"}


def test_an_incomplete_cache_entry_is_drawn_again(project: tuple, tmp_path: Path) -> None:
    editions, schema = project
    only_en = {"en": messages()["en"]}
    first = {k: content(r.svg) for k, r in charts.render_charts(editions, schema, only_en, tmp_path).items()}
    sorted(tmp_path.glob("*.png"))[0].unlink()
    second = charts.render_charts(editions, schema, only_en, tmp_path)
    assert sum(r.rendered for r in second.values()) == 1
    assert {k: content(r.svg) for k, r in second.items()} == first
    assert not list(tmp_path.glob("*.tmp"))


def test_trend_charts_appear_with_a_second_edition(tmp_path: Path) -> None:
    editions, schema = load(write_project(tmp_path / "project", ("2024-Q4", "2025-Q1")))
    prepared = {(p.chart_id, p.lang): p for p in charts.prepare_charts(editions, schema, messages())}
    assert {c for c, _lang in prepared} == set(charts.CHART_IDS) | set(charts.TREND_IDS)
    trend = prepared[("trend-devices", "da")]
    assert [row[0] for row in trend.rows] == ["4. kvartal 2024", "1. kvartal 2025"]
    assert trend.source == "Kilde: Bilag 219 og Bilag 220, tabel 4"
    assert "edition,quarter_erw,quarter_apm,quarter_atm,quarter_total" in trend.csv
    svg, png = plot.draw(trend.drawing)
    assert svg.startswith(b"<?xml") and png.startswith(b"\x89PNG")
    single = charts.prepare_charts(editions[:1], schema, messages())
    # 2024-Q4 has no trends and no work-plan chart: the schema declares no workplan_2024_ha.
    assert {p.chart_id for p in single} == set(charts.CHART_IDS) - {"workplan-progress"}


def test_a_chart_whose_data_the_project_lacks_is_left_out(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    schema_path = root / "content" / "schema.toml"
    text = schema_path.read_text(encoding="utf-8")
    start, end = text.index("[tables.t1_victims]"), text.index("[tables.t2_resources]")
    schema_path.write_text(text[:start] + text[end:], encoding="utf-8")
    (root / "content" / "editions" / "2025-q1" / "data" / "t1_victims.csv").unlink()
    editions, schema = load(root)
    prepared = charts.prepare_charts(editions, schema, messages())
    assert {p.chart_id for p in prepared} == set(charts.CHART_IDS) - {"victims-by-device"}


def test_every_chart_message_is_translated_in_both_catalogs() -> None:
    ids = {
        message
        for module in ("chartkit.py", "chartdefs.py")
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


def run_python(script: str) -> str:
    """Run code in a fresh interpreter (no modules inherited from this test process)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_shares_use_decimal_arithmetic() -> None:
    assert chartkit.share_of(Decimal("23.3"), Decimal("487.3")) == Decimal("23.3") / Decimal("487.3") * 100
    assert chartkit.share_of(None, Decimal(1)) is None
    assert chartkit.share_of(Decimal(1), Decimal(0)) is None
