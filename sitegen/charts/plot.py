"""Drawing charts with Matplotlib: one shared style, deterministic SVG and PNG bytes.

Matplotlib is imported inside the functions that draw, so importing this module stays cheap and a
rebuild whose charts all come from the cache never loads it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..render.formats import format_number

WIDTH_IN = 4.0  # 384 CSS px at 100 %: a 360 px phone shows the text at ~94 % of its size
DPI = 200  # PNG: sharp on 2x screens and in print
SVG_SALT = "sitegen-charts"
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
# Okabe-Ito colours; every series after the first also gets a hatch so greyscale print tells them
# apart. The last style is the light "context" bar (a whole that a part is measured against).
STYLES = (
    ("#0072B2", ""),
    ("#E69F00", "////"),
    ("#56B4E9", "xxx"),  # line hatches only: a dot hatch makes a 250 kB SVG pattern
    ("#009E73", "---"),
    ("#CC79A7", "\\\\\\\\"),
)
CONTEXT = len(STYLES)
CONTEXT_COLOUR = "#C4C4C4"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#555555"
EDGE_COLOUR = "#333333"
RC = {
    "font.family": "DejaVu Sans",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 6,
    "axes.labelsize": 9,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.bottom": False,
    "axes.axisbelow": True,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 9,
    "xtick.color": MUTED_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "xtick.labelcolor": TEXT_COLOUR,
    "grid.color": "#DADADA",
    "grid.linewidth": 0.6,
    "hatch.color": "white",
    "hatch.linewidth": 1.0,
    "text.color": TEXT_COLOUR,
    "text.parse_math": False,
    "svg.fonttype": "path",  # the SVG looks the same everywhere, with or without DejaVu Sans
    "svg.hashsalt": SVG_SALT,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
}


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
    lines: int  # text lines per category row (the same in every language, so sizes match)
    vertical: bool = False  # upright bars, for time on the horizontal axis
    legend: bool = False
    side_by_side: bool = True  # small multiples on one category axis; False: panels stacked


def tick_text(x: float, lang: str) -> str:
    """An axis tick in the page language ('10.000' / '10,000'), never from the OS locale."""
    value = Decimal(repr(round(float(x), 6))).normalize()
    return format_number(value, lang, max(0, -value.as_tuple().exponent))


def draw_all(drawings: Sequence[Drawing]) -> Iterator[tuple[bytes, bytes]]:
    """Draw the misses, in order: in this process for one or two, else on two worker processes.

    Results are yielded as they arrive, so the caller can store each and keep little in memory."""
    if len(drawings) <= 2:
        yield from (draw(d) for d in drawings)
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forking skips re-importing the generator in each worker; a threaded parent (sitegen serve) spawns.
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=2, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            for result in pool.map(draw, drawings, chunksize=max(1, min(8, len(drawings) // 4))):
                done += 1
                yield result
    except BrokenProcessPool:
        # A worker could not start (e.g. the calling script lacks `if __name__ == "__main__"`):
        # draw the rest here instead; slower, same bytes.
        yield from (draw(d) for d in drawings[done:])


def die_with_parent(parent: int) -> None:
    """Worker initializer: have the kernel kill this worker when the build that started it dies, so a
    killed build leaves no drawing process behind (Linux; elsewhere the pool's own shutdown remains)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl on this system
        return
    if os.getppid() != parent:  # the build died before the request took effect
        os._exit(1)


# --- Drawing (Matplotlib is imported here only) ------------------------------------------------

LINE_IN = 0.155  # height of one line of category text
ROW_PAD_IN = 0.1
FOOTER_IN = 0.2


def draw(drawing: Drawing) -> tuple[bytes, bytes]:
    """Draw one chart to SVG and PNG bytes; module-level and plain-data so a worker can run it."""
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context(RC):
        fig = compose(drawing)
        svg, png = io.BytesIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        fig.set_layout_engine("none")  # keep the layout just solved: the PNG matches the SVG, drawn faster
        fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def figure_height(d: Drawing) -> float:
    """Height from the number of categories and lines, never from the language's text widths."""
    if d.vertical:
        return 2.9 + FOOTER_IN + (0.2 * len(d.panels[0].series) if d.legend else 0)
    legend = 0.2 * len(d.panels[0].series) if d.legend else 0
    heights = [panel_height(p, d.lines) for p in d.panels]
    return (max(heights) if d.side_by_side else sum(heights)) + legend + FOOTER_IN


def panel_height(panel: Panel, lines: int) -> float:
    """Inches one panel needs: its rows, a two-line title allowance, ticks and axis label."""
    rows = len(panel.categories) * (lines * LINE_IN + ROW_PAD_IN)
    # Two title lines are allowed for in every language, so Danish and English sizes match.
    title = 0.16 * max(2, len(panel.title.splitlines())) + 0.08 if panel.title else 0
    return rows + title + 0.3 + (0.2 if panel.axis else 0)


def compose(d: Drawing):  # -> matplotlib.figure.Figure
    """Lay out the panels, draw bars and direct labels, add the source line."""
    from matplotlib.figure import Figure

    height = figure_height(d)
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    footer = FOOTER_IN / height
    fig.get_layout_engine().set(rect=(0, footer, 1, 1 - footer), w_pad=0.04, h_pad=0.04)
    n = len(d.panels)
    if d.side_by_side:
        grid = fig.subplots(1, n, sharey=not d.vertical, squeeze=False)
    else:
        ratios = [panel_height(p, d.lines) for p in d.panels]
        grid = fig.subplots(n, 1, squeeze=False, height_ratios=ratios)
    axes = list(grid.flat)
    placed = [draw_panel(ax, panel, d) for ax, panel in zip(axes, d.panels, strict=True)]
    if d.legend:
        add_legend(fig, d.panels[0])
    fig.text(0.012, 0.02, d.footer, fontsize=7, color=MUTED_COLOUR, ha="left", va="bottom")
    fig.draw_without_rendering()
    for ax, labels in zip(axes, placed, strict=True):
        place_labels(ax, labels, d.vertical)
    return fig


def draw_panel(ax, panel: Panel, d: Drawing) -> list:
    """Bars (stacked when several series) with a label at the end of each; returns the labels."""
    n = len(panel.categories)
    ends = [0.0] * n
    bar = ax.bar if d.vertical else ax.barh
    for series in panel.series:
        for i, value in enumerate(series.values):
            if not value:
                continue  # unknown: no bar, never a 0-length one (and 0 needs none)
            style = panel.styles[i] if panel.styles else series.style
            bar(i, value, 0.68, ends[i], **bar_style(style))
            ends[i] += value
    format_axes(ax, panel, d)
    return [end_label(ax, i, ends[i], t, panel, d.vertical) for i, t in enumerate(panel.labels)]


def bar_style(style: int) -> dict[str, object]:
    """Colour and hatch of a style index; the context style is a plain light bar. A dark edge
    gives the light colours 3:1 contrast against the page and separates stacked segments."""
    colour, hatch = (CONTEXT_COLOUR, "") if style == CONTEXT else STYLES[style % len(STYLES)]
    return {"facecolor": colour, "hatch": hatch or None, "edgecolor": EDGE_COLOUR, "linewidth": 0.5}


def end_label(ax, i: int, end: float, text: str, panel: Panel, vertical: bool) -> tuple:
    """A direct value label just past the bar's end; an unknown value is said in words.
    Returns the label, the bar's end and the text colour to use if it moves inside the bar."""
    unknown = all(s.values[i] is None for s in panel.series)
    offset = (0, 3) if vertical else (3, 0)
    xy = (i, end) if vertical else (end, i)
    label = ax.annotate(
        text, xy, xytext=offset, textcoords="offset points", fontsize=8.5,
        ha="center" if vertical else "left", va="bottom" if vertical else "center",
        color=MUTED_COLOUR if unknown else TEXT_COLOUR, style="italic" if unknown else "normal",
    )  # fmt: skip
    label.set_in_layout(False)
    style = panel.styles[i] if panel.styles else panel.series[0].style
    inside = {0: "white", CONTEXT: TEXT_COLOUR}.get(style)  # colours with AA contrast
    return label, end, None if unknown or len(panel.series) > 1 else inside


def format_axes(ax, panel: Panel, d: Drawing) -> None:
    """Category axis with names, value axis with few locale-formatted ticks and a light grid."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n = len(panel.categories)
    cat_axis, value_axis = (ax.xaxis, ax.yaxis) if d.vertical else (ax.yaxis, ax.xaxis)
    cat_axis.set_ticks(range(n), labels=panel.categories)
    cat_axis.set_tick_params(length=0)
    across = len(d.panels) if d.side_by_side else 1  # narrower panels get fewer ticks
    bins = {1: 4, 2: 3}.get(across, 2)
    value_axis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]))
    value_axis.set_major_formatter(FuncFormatter(lambda x, _pos: tick_text(x, d.lang)))
    value_axis.set_tick_params(length=0)
    value_axis.grid(True)
    if d.vertical:
        ax.set_xlim(-0.6, n - 0.4)
        ax.spines[["left"]].set_visible(False)
        ax.spines[["bottom"]].set_visible(True)
        ax.set_ylabel(panel.axis)
    else:
        ax.set_ylim(n - 0.5, -0.5)  # first category on top; idempotent on shared axes
        ax.set_xlabel(panel.axis)
    if panel.title:
        ax.set_title(panel.title, fontsize=8.5 if across > 2 else None)  # narrow small multiples


def add_legend(fig, panel: Panel) -> None:
    """Series names above the plot, one per line so long names fit a phone."""
    from matplotlib.patches import Patch

    handles = [Patch(label=s.label, **bar_style(s.style)) for s in panel.series]
    fig.legend(
        handles=handles, loc="outside upper left", ncols=1, frameon=False, fontsize=8.5,
        handlelength=1.6, borderaxespad=0.2,
    )  # fmt: skip


def place_labels(ax, labels: list, vertical: bool) -> None:
    """Fit each direct label: inside its bar where the bar can hold it (so long bars keep their
    length), else past the bar's end, with the value axis extended to make room."""
    box = ax.get_window_extent()
    size = box.height if vertical else box.width
    widths = [text_size(label, vertical) + 8 for label, _end, _colour in labels]
    inside: set[int] = set()
    eligible = [i for i, (_label, _end, colour) in enumerate(labels) if colour]
    for i in sorted(eligible, key=lambda i: -labels[i][1]):  # longest bars first
        limit = value_limit(labels, widths, size, inside | {i})
        if labels[i][1] / limit * size >= widths[i]:
            inside.add(i)  # moving more labels inside only shortens the axis: earlier ones still fit
    for i in inside:
        label, _end, colour = labels[i]
        label.xyann = (0, -4) if vertical else (-4, 0)
        label.set(color=colour, **({"va": "top"} if vertical else {"ha": "right"}))
    (ax.set_ylim if vertical else ax.set_xlim)(0, value_limit(labels, widths, size, inside))


def text_size(label, vertical: bool) -> float:
    """A label's extent, in pixels, along the value axis."""
    extent = label.get_window_extent()
    return extent.height if vertical else extent.width


def value_limit(labels: list, widths: list[float], size: float, inside: set[int]) -> float:
    """The smallest axis end at which every outside label fits between its bar and the edge."""
    need = max([end for _label, end, _colour in labels] + [1e-9])
    for i, (_label, end, _colour) in enumerate(labels):
        if i not in inside and widths[i] < size * 0.9:
            need = max(need, end / (1 - widths[i] / size))
    return need * 1.03
