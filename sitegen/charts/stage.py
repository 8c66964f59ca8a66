"""The chart stage: prepare every chart, take what the cache has, draw the misses together."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

from ..compute.series import Series
from ..load.dataset import Edition
from ..load.schema import Schema
from ..report import Report
from .cache import cache_key, read_cache, write_cache
from .drawing import NARROW, WIDE, Drawing, Layout, figure_size
from .kit import Prepared
from .plot import draw_all
from .registry import prepare_charts


@dataclass(frozen=True)
class ChartResult:
    chart_id: str
    lang: str
    title: str
    alt: str
    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    narrow: bytes | Path  # SVG for phones; a Path is a file in the chart cache, copied to the site as it is
    wide: bytes | Path  # SVG for larger screens and for printing the page from a browser
    png: bytes | Path  # the wide drawing with its source line, to download
    printed: bytes | Path  # the wide drawing for the PDF, its words as text
    sizes: dict[str, tuple[int, int]]  # CSS pixel width and height of each SVG ("narrow", "wide")
    csv: bytes
    rendered: bool
    note: str = ""  # over the table: what it holds beyond the drawing


def render_charts(
    editions: Sequence[Edition],
    schema: Schema,
    messages: Mapping[str, Callable[[str], str]],
    cache_dir: Path | None,
    series: Series | None = None,
) -> dict[tuple[str, str, str], ChartResult]:
    """Every chart of the newest edition (editions are oldest first) in every language; key
    (edition.slug, chart_id, lang). Trend charts join when the series has two quarters with data."""
    return render_archive(editions, schema, messages, cache_dir, {e.slug for e in editions[:-1]}, series)


def render_archive(
    editions: Sequence[Edition],
    schema: Schema,
    messages: Mapping[str, Callable[[str], str]],
    cache_dir: Path | None,
    skip: set[str],
    series: Series | None = None,
    report: Report | None = None,
) -> dict[tuple[str, str, str], ChartResult]:
    """The charts of every edition not in `skip`, each drawn with the editions up to it.

    All cache misses are drawn together, so the worker processes start once per build, and a chart
    that several editions share (same data, same labels) is drawn once. `report` shows the drawing's
    progress and counts the charts drawn and the others (cached, or identical to one drawn now)."""
    report = report or Report()
    prepared = [(e.slug, p) for i, e in enumerate(editions) if e.slug not in skip
                for p in prepare_charts(editions[: i + 1], schema, messages, series)]  # fmt: skip
    keys = [cache_key(p) for _slug, p in prepared]
    files = {k: read_cache(cache_dir, k) if cache_dir else None for k in keys}
    misses = {k: p.drawing for k, (_slug, p) in zip(keys, prepared, strict=True) if files[k] is None}
    drawing = zip(misses, draw_all(list(misses.values())), strict=True)
    for key, drawn in report.steps("charts", "drawn", drawing, len(misses)):
        files[key] = write_cache(cache_dir, key, drawn) if cache_dir else astuple(drawn)
    report.tally("charts", drawn=len(misses), reused=len(keys) - len(misses))
    return {
        (slug, p.chart_id, p.lang): chart_result(p, *files[key], rendered=key in misses)
        for (slug, p), key in zip(prepared, keys, strict=True)
    }


def chart_result(p: Prepared, *files: bytes | Path, rendered: bool) -> ChartResult:
    """What the render stage gets: the text, table and files (as plot.Drawn has them) of one chart in one
    language."""
    texts = (p.chart_id, p.lang, p.title, p.alt, p.source, p.headers, p.rows)
    sizes = {layout.name: css_size(p.drawing, layout) for layout in (NARROW, WIDE)}
    return ChartResult(*texts, *files, sizes, p.csv.encode("utf-8"), rendered, p.note)


def css_size(drawing: Drawing, layout: Layout) -> tuple[int, int]:
    """A drawing's width and height in CSS pixels (96 per inch), for the page's <img> attributes."""
    width, height = figure_size(drawing, layout, footer=layout is WIDE)
    return round(width * 96), round(height * 96)
