"""What a chart drawing is made of and how big it is: plain data and arithmetic, no Matplotlib.

A definition makes a `Drawing`; `plot.draw` turns it into files. The sizes here decide the page's <img>
width and height too, so they are computed without Matplotlib, from counts of categories and lines."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its width and its single text size.

    Narrow is shown 296-448 CSS px wide (phones: 320 px screens up to the 28rem cap of
    templates/assets/site.css), so 11 pt on 288 pt reads at 11.3-17.1 px (H3 there: 19 px).
    Wide is shown 608-704 px (screens of 40em and more, up to the 44rem text column), so 10 pt on
    460.8 pt reads at 13.2-15.3 px (H3 there: 24 px); in print it fills the text width."""

    name: str
    width_in: float
    text_pt: float
    wrap: int  # characters per line of a category name beside its bar
    above_from: int | None  # names longer than this go above their bars (None: always beside)


NARROW = Layout("narrow", 4.0, 11.0, 14, 12)
WIDE = Layout("wide", 6.4, 10.0, 22, None)
ABOVE_WRAP = 40  # characters per line of a category name above its bar
FOOTER_IN = 0.24  # the source line, in the PNG only (on the page the caption gives the source)
PAD_IN = 0.08


@dataclass(frozen=True)
class Series:
    """One set of bars; several series in a panel are stacked."""

    label: str  # legend text ("" = not in the legend)
    values: tuple[float | None, ...]  # None = unknown: no bar, never 0
    style: int


@dataclass(frozen=True)
class Panel:
    """One set of axes: categories, bars and the direct label at the end of each bar."""

    title: str
    axis: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    labels: tuple[str, ...]
    styles: tuple[int, ...] = ()  # per-category style for a single series (overrides series.style)


@dataclass(frozen=True)
class Drawing:
    """Everything `draw` needs, as plain picklable data (it may run in a worker process)."""

    lang: str
    panels: tuple[Panel, ...]
    footer: str
    names: tuple[tuple[str, ...], ...]  # each category's name in every language: sizes match across them
    vertical: bool = False  # upright bars, for time on the horizontal axis
    legend: bool = False
    parts: bool = False  # one bar split into the parts of a whole (the panel's categories); title: the whole


@dataclass(frozen=True)
class Drawn:
    """A chart's files: the narrow and wide SVG for the page, the wide PNG (with its source) to download,
    and the wide SVG for the PDF, its words as text (see plot.draw)."""

    narrow: bytes
    wide: bytes
    png: bytes
    printed: bytes


def wrap(text: str, width: int) -> str:
    """Break a label into lines at spaces, so long names need no wide label column."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def line_in(layout: Layout) -> float:
    return layout.text_pt * 1.3 / 72


def bar_in(layout: Layout) -> float:
    return layout.text_pt * 1.6 / 72


def names_above(d: Drawing, layout: Layout) -> bool:
    """Whether category names stand above their bars (long names on a narrow drawing)."""
    longest = max((len(n) for names in d.names for n in names), default=0)
    return not d.vertical and layout.above_from is not None and longest > layout.above_from


def name_width(d: Drawing, layout: Layout) -> int:
    return ABOVE_WRAP if names_above(d, layout) else layout.wrap


def name_lines(d: Drawing, layout: Layout) -> int:
    """Lines the longest wrapped name needs in any language, so both languages get one size."""
    width = name_width(d, layout)
    return max((len(wrap(n, width).splitlines()) for names in d.names for n in names), default=1)


def row_in(d: Drawing, layout: Layout) -> float:
    """Height of one category: its name beside or above its bar."""
    names = name_lines(d, layout) * line_in(layout)
    if names_above(d, layout):
        return names + bar_in(layout) + 2 * PAD_IN
    return max(names, bar_in(layout)) + PAD_IN


def side_by_side(d: Drawing, layout: Layout) -> bool:
    """Panels stand side by side on the wide drawing and above each other on the narrow one."""
    return layout is WIDE and not d.vertical


def value_axis(panel: Panel, d: Drawing) -> bool:
    """A value axis only where bars are stacked or upright; single bars carry their own labels."""
    return d.vertical or len(panel.series) > 1


def panel_height(panel: Panel, d: Drawing, layout: Layout) -> float:
    """Inches one panel needs: its rows, a two-line title allowance, ticks and axis label."""
    rows = len(panel.categories) * row_in(d, layout)
    title = (2 * line_in(layout) + PAD_IN) if panel.title else 0
    ticks = 1.6 * line_in(layout) if value_axis(panel, d) else PAD_IN
    return rows + title + ticks + (line_in(layout) if panel.axis and value_axis(panel, d) else 0)


def key_lines(d: Drawing, layout: Layout) -> int:
    """Lines of a parts chart's key: each part's name and value, wrapped, in the longest language."""
    width = key_width(layout)
    panel = d.panels[0]
    return sum(
        max(len(wrap(f"{name}: {label}", width).splitlines()) for name in names)
        for names, label in zip(d.names, panel.labels, strict=True)
    )


def key_width(layout: Layout) -> int:
    return int((layout.width_in * 72 - 30) / (0.58 * layout.text_pt))


def figure_size(d: Drawing, layout: Layout, footer: bool = False) -> tuple[float, float]:
    """Width and height in inches, from the number of categories and lines, never from text widths."""
    legend = line_in(layout) * 1.15 * len(d.panels[0].series) + PAD_IN if d.legend else 0
    if d.parts:
        height = 2 * line_in(layout) + 1.6 * bar_in(layout) + key_lines(d, layout) * line_in(layout) * 1.15
        height += 3 * PAD_IN
    elif d.vertical:
        height = 2.2 + 3 * line_in(layout) + legend
    else:
        heights = [panel_height(p, d, layout) for p in d.panels]
        height = (max(heights) if side_by_side(d, layout) else sum(heights)) + legend
    return layout.width_in, round(height + (FOOTER_IN if footer else 0), 3)
