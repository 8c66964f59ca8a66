"""Charts: the registry of chart definitions, and the stage that draws them into cached SVG and PNG.

Each chart is computed in two steps. Definitions (`chartdefs`) turn an edition into plain data and
text (title, alt, source, data table, CSV, and a `Drawing`) without Matplotlib; `plot.draw` turns a
`Drawing` into bytes. Drawing happens only on a cache miss, so a cached rebuild never imports
Matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from importlib import metadata
from pathlib import Path

from . import chartdefs, chartkit, i18n, plot
from .chartdefs import (
    AREA_COLUMNS,
    DEVICE_TOTALS,
    prepare_area_by_operator,
    prepare_cleared_vs_contaminated,
    prepare_devices_by_operator,
    prepare_districts,
    prepare_funding,
    prepare_resources_by_operator,
    prepare_trend_area,
    prepare_trend_devices,
    prepare_victims_by_device,
    prepare_victims_killed_injured,
    prepare_workplan,
)
from .chartkit import Context, Prepared
from .dataset import Edition
from .plot import draw_all
from .schema import Schema

STYLE_VERSION = "1"


@dataclass(frozen=True)
class ChartResult:
    chart_id: str
    lang: str
    title: str
    alt: str
    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    svg: bytes | Path  # a Path is a file in the chart cache, copied to the site as it is
    png: bytes | Path
    csv: bytes
    rendered: bool


@dataclass(frozen=True)
class Chart:
    """A registry entry: how to prepare a chart and the data it needs ('{year}' = the edition's)."""

    prepare: Callable[[Context], Prepared]
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
TRENDS: dict[str, Chart] = {
    "trend-area": Chart(prepare_trend_area, (("t3_area", ("quarter_ha",)),)),
    "trend-devices": Chart(prepare_trend_devices, (("t4_devices", DEVICE_TOTALS),)),
}
CHART_IDS: tuple[str, ...] = tuple(CHARTS)
TREND_IDS: tuple[str, ...] = tuple(TRENDS)


# --- The stage: prepare, look up the cache, draw the misses ------------------------------------


def render_charts(
    editions: Sequence[Edition],
    schema: Schema,
    messages: Mapping[str, Callable[[str], str]],
    cache_dir: Path | None,
) -> dict[tuple[str, str, str], ChartResult]:
    """Every chart of the newest edition (editions are oldest first) in every language; key
    (edition.slug, chart_id, lang). Trend charts join when there are two or more editions."""
    return render_archive(editions, schema, messages, cache_dir, {e.slug for e in editions[:-1]})


def render_archive(
    editions: Sequence[Edition],
    schema: Schema,
    messages: Mapping[str, Callable[[str], str]],
    cache_dir: Path | None,
    skip: set[str],
) -> dict[tuple[str, str, str], ChartResult]:
    """The charts of every edition not in `skip`, each drawn with the editions up to it.

    All cache misses are drawn together, so the worker processes start once per build, and a chart
    that several editions share (same data, same labels) is drawn once."""
    prepared = [(e.slug, p) for i, e in enumerate(editions) if e.slug not in skip
                for p in prepare_charts(editions[: i + 1], schema, messages)]  # fmt: skip
    keys = [cache_key(p) for _slug, p in prepared]
    files = {k: read_cache(cache_dir, k) if cache_dir else None for k in keys}
    misses = {k: p.drawing for k, (_slug, p) in zip(keys, prepared, strict=True) if files[k] is None}
    for key, drawn in zip(misses, draw_all(list(misses.values())), strict=True):
        files[key] = write_cache(cache_dir, key, *drawn) if cache_dir else drawn
    return {
        (slug, p.chart_id, p.lang): chart_result(p, *files[key], rendered=key in misses)
        for (slug, p), key in zip(prepared, keys, strict=True)
    }


def chart_result(p: Prepared, svg: bytes | Path, png: bytes | Path, rendered: bool) -> ChartResult:
    """What the render stage gets: the text, table and files of one chart in one language."""
    texts = (p.chart_id, p.lang, p.title, p.alt, p.source, p.headers, p.rows)
    return ChartResult(*texts, svg, png, p.csv.encode("utf-8"), rendered)


def prepare_charts(
    editions: Sequence[Edition], schema: Schema, messages: Mapping[str, Callable[[str], str]]
) -> list[Prepared]:
    """Text, data and drawing instructions of every chart in every language (no Matplotlib)."""
    registry = {**CHARTS, **(TRENDS if len(editions) > 1 else {})}
    out = []
    for chart_id, chart in registry.items():
        needed = editions if chart_id in TRENDS else editions[-1:]
        if not all(has_data(chart, e, schema) for e in needed):
            continue  # a project without this chart's data (e.g. a test fixture) gets no chart
        for lang in sorted(messages):
            ctx = Context(tuple(editions), schema, lang, messages[lang])
            out.append(replace(chart.prepare(ctx), chart_id=chart_id))
    return out


def has_data(chart: Chart, edition: Edition, schema: Schema) -> bool:
    """Whether the schema declares, and the edition has, every table column and figure needed."""
    for table_id, columns in chart.tables:
        spec = schema.tables.get(table_id)
        if spec is None or table_id not in edition.tables or not spec.total:
            return False
        if not set(columns) <= {c.name for c in spec.columns}:
            return False
    year = str(edition.period_end.year)
    return all(key.replace("{year}", year) in schema.figures for key in chart.figures)


def cache_key(prepared: Prepared) -> str:
    """Hash of everything that decides the chart's bytes: the drawing (values, display names,
    translated labels, source line), the style and the code. Alt text and the data table are
    computed afresh on every build, so changing them does not force a redraw."""
    payload = {
        "chart": prepared.chart_id,
        "lang": prepared.lang,
        "drawing": asdict(prepared.drawing),
        "style": STYLE_VERSION,
        "code": code_digest(),
        "matplotlib": matplotlib_version(),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """The source of the code that draws and formats: a change to it invalidates the cache."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(chartdefs.__file__), Path(chartkit.__file__), Path(plot.__file__),
                 Path(i18n.__file__)):  # fmt: skip
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def matplotlib_version() -> str:
    """Read from the installed metadata, so a cache hit does not import Matplotlib."""
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "none"


def read_cache(cache_dir: Path, key: str) -> tuple[Path, Path] | None:
    """The cached SVG and PNG files for a key, or None: the site copies them without reading them here."""
    svg, png = cache_dir / f"{key}.svg", cache_dir / f"{key}.png"
    return (svg, png) if svg.is_file() and png.is_file() else None


def write_cache(cache_dir: Path, key: str, svg: bytes, png: bytes) -> tuple[Path, Path]:
    """Store one chart; each file is written to a temporary name and renamed, so none is ever half written."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, data in (("svg", svg), ("png", png)):
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, cache_dir / f"{key}.{suffix}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        paths.append(cache_dir / f"{key}.{suffix}")
    return paths[0], paths[1]
