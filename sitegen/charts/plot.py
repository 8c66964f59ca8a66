"""Drawing charts with Matplotlib: one shared style, deterministic SVG and PNG bytes.

Every chart is drawn twice: narrow for phones and wide for larger screens and print, each with one text
size chosen so that, at the widths the stylesheet shows it (see `Layout`), chart text reads at 11 CSS px
or more and never larger than the page's H3. Matplotlib is imported inside the functions that draw, so
importing this module stays cheap and a rebuild whose charts all come from the cache never loads it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..render.formats import format_number
from .drawing import (
    ABOVE_WRAP,
    FOOTER_IN,
    NARROW,
    PAD_IN,
    WIDE,
    Drawing,
    Drawn,
    Layout,
    Panel,
    bar_in,
    figure_size,
    key_width,
    line_in,
    names_above,
    panel_height,
    row_in,
    side_by_side,
    value_axis,
    wrap,
)

DPI = 200  # PNG: sharp on 2x screens and in print
SVG_SALT = "sitegen-charts"
NO_METADATA = dict.fromkeys(("Creator", "Date", "Format", "Type"))  # no RDF block: its date is not stable
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
BAR_SHARE = 0.68  # of a slot that an upright bar fills
CONTEXT_COLOUR = "#C4C4C4"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#555555"
EDGE_COLOUR = "#333333"


def rc(layout: Layout) -> dict[str, object]:
    """Matplotlib settings of a layout: every text at the layout's one size."""
    size = layout.text_pt
    return {
        "font.family": "DejaVu Sans",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": size,
        "axes.titlesize": size,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 6,
        "axes.labelsize": size,
        "axes.labelcolor": TEXT_COLOUR,
        "axes.edgecolor": "#444444",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.spines.bottom": False,
        "axes.axisbelow": True,
        "xtick.labelsize": size,
        "ytick.labelsize": size,
        "legend.fontsize": size,
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


def tick_text(x: float, lang: str) -> str:
    """An axis tick in the page language ('10.000' / '10,000'), never from the OS locale."""
    value = Decimal(repr(round(float(x), 6))).normalize()
    return format_number(value, lang, max(0, -value.as_tuple().exponent))


def draw_all(drawings: Sequence[Drawing]) -> Iterator[Drawn]:
    """Draw the misses, in order: in this process for one or two, else on two worker processes.

    Results are yielded as they arrive, so the caller can store each and keep little in memory."""
    if len(drawings) <= 2:
        return (draw(d) for d in drawings)
    from .workers import in_workers

    return in_workers(draw, drawings, chunksize=max(1, min(8, len(drawings) // 4)))


# --- Drawing (Matplotlib is imported here only) ------------------------------------------------


def draw(drawing: Drawing) -> Drawn:
    """Draw one chart: narrow and wide SVG, the wide PNG with the source line under the chart, and the
    wide SVG for print."""
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context(rc(NARROW)):
        narrow = io.BytesIO()
        compose(drawing, NARROW).savefig(narrow, format="svg", metadata=NO_METADATA)
    with matplotlib.rc_context(rc(WIDE)):
        fig = compose(drawing, WIDE, footer=True)
        wide, printed, png = io.BytesIO(), io.BytesIO(), io.BytesIO()
        fig.savefig(wide, format="svg", metadata=NO_METADATA)
        # The same drawing for the PDF, its words as text: the PDF embeds the typeface anyway, so the words
        # can be selected and searched there, and text is cheaper to lay out than a path per glyph.
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(printed, format="svg", metadata=NO_METADATA)
        height = fig.get_figheight()
        fig.text(0.012, FOOTER_IN * 0.35 / height, drawing.footer, fontsize=WIDE.text_pt * 0.8,
                 color=MUTED_COLOUR, ha="left", va="bottom")  # fmt: skip
        fig.savefig(png, format="rgba", dpi=DPI)
        image = palette_png(png.getvalue(), (int(fig.get_figwidth() * DPI), int(fig.get_figheight() * DPI)))
    narrow_svg, wide_svg, printed_svg = (compact_svg(svg.getvalue()) for svg in (narrow, wide, printed))
    return Drawn(narrow_svg, wide_svg, image, printed_svg)


def palette_png(rgba: bytes, size: tuple[int, int]) -> bytes:
    """The PNG download with a palette of at most 256 colours: a chart has a few colours and their
    anti-aliased edges, so it looks the same at under a third of the bytes (no dithering: flat areas stay
    flat), and the 200 dpi that keeps it sharp in print is kept."""
    import numpy as np
    from PIL import Image

    pixels = np.frombuffer(rgba, dtype="<u4") & np.uint32(0xFFFFFF)  # 0xBBGGRR: the opaque page's alpha
    colours, counts = distinct(pixels)
    palette, nearest = chart_palette(colours, counts)
    lookup = np.zeros(1 << 24, dtype=np.uint8)
    lookup[colours] = nearest
    image = Image.frombuffer("P", size, lookup[pixels].tobytes(), "raw", "P", 0, 1)
    image.putpalette(palette.tobytes())
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI))
    return out.getvalue()


def distinct(pixels):  # (numpy array) -> (array, array)
    """The distinct 0xBBGGRR values, ascending, with how many pixels have each."""
    import numpy as np

    ordered = np.sort(pixels)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, ordered.size])


def chart_palette(colours, counts):  # (array, array) -> (array of RGB rows, array of indices)
    """At most 256 RGB colours, and the entry each of `colours` is drawn in: all of them when they fit,
    else Pillow's max-coverage choice over the colours weighted by their pixels (a chart has a few
    hundred: choosing among them, not among two million pixels, is a third of the time for the same
    picture), each colour taking its nearest entry."""
    import numpy as np
    from PIL import Image

    rgb = np.stack([colours & 255, colours >> 8 & 255, colours >> 16 & 255], axis=1).astype(np.uint8)
    if len(colours) <= 256:
        return rgb, np.arange(len(colours), dtype=np.uint8)
    weighted = np.repeat(rgb, -(-counts // 64), axis=0)  # one sample per 64 pixels, each colour at least one
    sample = Image.frombuffer("RGB", (len(weighted), 1), weighted.tobytes(), "raw", "RGB", 0, 1)
    chosen = sample.quantize(256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    palette = np.frombuffer(bytes(chosen.getpalette()[:768]), dtype=np.uint8).reshape(-1, 3)
    distance = ((rgb[:, None, :].astype(np.int32) - palette[None, :, :].astype(np.int32)) ** 2).sum(axis=2)
    return palette, distance.argmin(axis=1).astype(np.uint8)


COMMENT = re.compile(rb"<!--.*?-->", re.S)
PATH_DATA = re.compile(rb' d="([^"]*)"')
ID_OR_REFERENCE = re.compile(rb'( id="|href="#|url\(#)([^")]+)')
UNNAMED = re.compile(rb' id="(?!i[0-9]+")[^"]*"')
GLYPH_SHIFT = re.compile(rb'(<use [^>]*?) transform="translate\(([-0-9.]+) 0\)"')
BETWEEN_TAGS = re.compile(rb">\s+<")


def compact_svg(svg: bytes) -> bytes:
    """Matplotlib's SVG at about two thirds of its bytes, and the same from every process: the same
    picture without the comments, indentation and unreferenced ids it writes, with path data and each
    glyph's shift written short, and every referenced id renamed "i1", "i2", ... in order of appearance.

    Matplotlib names clip paths, hatches and markers by a hash of their float geometry, whose last bit can
    differ between processes (vectorised arithmetic depends on memory alignment), so the same chart drawn
    twice could differ in its ids alone. Only whitespace between tags goes: a label's text is kept."""
    svg = COMMENT.sub(b"", svg)
    svg = PATH_DATA.sub(short_path, svg)
    referenced = {m[2] for m in ID_OR_REFERENCE.finditer(svg) if m[1] != b' id="'}
    names: dict[bytes, bytes] = {}

    def rename(m: re.Match) -> bytes:
        if m[2] not in referenced:
            return m[0]
        return m[1] + names.setdefault(m[2], b"i%d" % (len(names) + 1))

    svg = UNNAMED.sub(b"", ID_OR_REFERENCE.sub(rename, svg))
    svg = GLYPH_SHIFT.sub(rb'\1 x="\2"', svg)  # on <use>, x is the same translation
    return BETWEEN_TAGS.sub(b"><", svg).replace(b"<g/>", b"")


def short_path(m: re.Match) -> bytes:
    """Path data as Matplotlib writes it ("M 0 412.8 \\nL 460.8 412.8 \\nz\\n"), without the spaces and line
    breaks around its commands ("M0 412.8L460.8 412.8z")."""
    data = m[1].replace(b" \n", b"").replace(b"\n", b"")
    for command in (b"M", b"L", b"Q", b"C"):  # all that Matplotlib writes, with "z", which has no space
        data = data.replace(command + b" ", command)
    return b' d="' + data + b'"'


def compose(d: Drawing, layout: Layout, footer: bool = False):  # -> matplotlib.figure.Figure
    """Lay out the panels, draw bars and direct labels; `footer` leaves room for the source line."""
    if d.parts:
        return compose_parts(d, layout, footer)
    width, height = figure_size(d, layout, footer)
    fig = figure(width, height, layout="constrained")
    bottom = FOOTER_IN / height if footer else 0
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom), w_pad=0.04, h_pad=0.04)
    n = len(d.panels)
    if side_by_side(d, layout) or d.vertical:
        grid = fig.subplots(1, n, sharey=not d.vertical, squeeze=False)
    else:
        ratios = [panel_height(p, d, layout) for p in d.panels]
        grid = fig.subplots(n, 1, squeeze=False, height_ratios=ratios)
    axes = list(grid.flat)
    placed = [draw_panel(ax, panel, d, layout) for ax, panel in zip(axes, d.panels, strict=True)]
    if d.legend:
        add_legend(fig, d.panels[0])
    engine = fig.get_layout_engine()
    engine.execute(fig)  # the panels' sizes, which the labels are fitted to
    for ax, labels in zip(axes, placed, strict=True):
        place_labels(ax, labels, d.vertical)
    engine.execute(fig)  # again for the new value axes, then fixed: saving draws once per format
    fig.set_layout_engine("none")
    return fig


def figure(width: float, height: float, **options):  # -> matplotlib.figure.Figure
    """A figure on an Agg canvas, which keeps one renderer: every text is measured with it, so
    Matplotlib's text-metrics cache (per renderer) serves each repeated label, tick and title,
    where a bare figure makes a new full-size renderer for each text it measures."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), **options)
    FigureCanvasAgg(fig)
    return fig


def draw_panel(ax, panel: Panel, d: Drawing, layout: Layout) -> list:
    """Bars (stacked when several series) with a label at the end of each; returns the labels."""
    n = len(panel.categories)
    ends = [0.0] * n
    above = names_above(d, layout)
    thickness = min(0.75, bar_in(layout) / row_in(d, layout))
    # With names above, each bar sits at the bottom of its row, under its name.
    offset = 0.5 - PAD_IN / row_in(d, layout) - thickness / 2 if above else 0.0
    for series in panel.series:
        shown = [i for i, value in enumerate(series.values) if value]  # unknown: no bar (and 0 needs none)
        styles = [bar_style(panel.styles[i] if panel.styles else series.style) for i in shown]
        if shown:  # one call per series: most of a bar's cost is Matplotlib's cost per call
            values, starts = [series.values[i] for i in shown], [ends[i] for i in shown]
            style = {**styles[0], **{key: [s[key] for s in styles] for key in ("facecolor", "hatch")}}
            if d.vertical:
                ax.bar(shown, values, BAR_SHARE, starts, **style)
            else:
                ax.barh([i + offset for i in shown], values, thickness, starts, **style)
        for i in shown:
            ends[i] += series.values[i]
    format_axes(ax, panel, d, layout)
    if above:
        for i, name in enumerate(panel.categories):
            text = ax.annotate(wrap(name, ABOVE_WRAP), (0, i - 0.5 + PAD_IN / row_in(d, layout)),
                               xycoords=("axes fraction", "data"), va="top", ha="left")  # fmt: skip
            text.set_in_layout(False)
    return [end_label(ax, i, ends[i], offset, t, panel, d.vertical) for i, t in enumerate(panel.labels)]


def bar_style(style: int) -> dict[str, object]:
    """Colour and hatch of a style index; the context style is a plain light bar. A dark edge
    gives the light colours 3:1 contrast against the page and separates stacked segments."""
    colour, hatch = (CONTEXT_COLOUR, "") if style == CONTEXT else STYLES[style % len(STYLES)]
    return {"facecolor": colour, "hatch": hatch or None, "edgecolor": EDGE_COLOUR, "linewidth": 0.5}


def end_label(ax, i: int, end: float, offset: float, text: str, panel: Panel, vertical: bool) -> tuple:
    """A direct value label just past the bar's end; an unknown value is said in words.
    Returns the label, the bar's end and the text colour to use if it moves inside the bar."""
    unknown = all(s.values[i] is None for s in panel.series)
    xy = (i, end) if vertical else (end, i + offset)
    label = ax.annotate(
        text, xy, xytext=(0, 3) if vertical else (3, 0), textcoords="offset points",
        ha="center" if vertical else "left", va="bottom" if vertical else "center",
        color=MUTED_COLOUR if unknown else TEXT_COLOUR, style="italic" if unknown else "normal",
    )  # fmt: skip
    label.set_in_layout(False)
    style = panel.styles[i] if panel.styles else panel.series[0].style
    inside = {0: "white", CONTEXT: TEXT_COLOUR}.get(style)  # colours with AA contrast
    return label, end, None if unknown or len(panel.series) > 1 else inside


def format_axes(ax, panel: Panel, d: Drawing, layout: Layout) -> None:
    """Category axis with names (or none, when they stand above the bars), value axis only where needed."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n = len(panel.categories)
    cat_axis, value_ax = (ax.xaxis, ax.yaxis) if d.vertical else (ax.yaxis, ax.xaxis)
    if d.vertical:
        names = list(panel.categories)  # a time axis's slot names come short, broken where they should be
    else:
        names = [] if names_above(d, layout) else [wrap(c, layout.wrap) for c in panel.categories]
    cat_axis.set_ticks(range(n) if names else [], labels=names)
    cat_axis.set_tick_params(length=0)
    if value_axis(panel, d):
        across = len(d.panels) if side_by_side(d, layout) else 1  # narrower panels get fewer ticks
        value_ax.set_major_locator(MaxNLocator(nbins={1: 4, 2: 3}.get(across, 2), steps=[1, 2, 2.5, 5, 10]))
        value_ax.set_major_formatter(FuncFormatter(lambda x, _pos: tick_text(x, d.lang)))
        value_ax.set_tick_params(length=0)
        value_ax.grid(True)
        (ax.set_ylabel if d.vertical else ax.set_xlabel)(panel.axis)
    else:
        value_ax.set_ticks([])
    if names_above(d, layout):
        ax.spines[["left"]].set_visible(False)  # the names start where the bars do
    if d.vertical:
        ax.set_xlim(-0.6, n - 0.4)
        ax.spines[["left"]].set_visible(False)
        ax.spines[["bottom"]].set_visible(True)
    else:
        ax.set_ylim(n - 0.5, -0.5)  # first category on top; idempotent on shared axes
    if panel.title:
        ax.set_title(wrap(panel.title, title_width(d, layout)))


def title_width(d: Drawing, layout: Layout) -> int:
    """Characters per line of a panel title: the panel's share of the width."""
    across = len(d.panels) if side_by_side(d, layout) else 1
    names = 0 if names_above(d, layout) else layout.wrap * 0.58 * layout.text_pt
    return max(10, int((layout.width_in * 72 - names) / across / (0.6 * layout.text_pt)))


def add_legend(fig, panel: Panel) -> None:
    """Series names above the plot, one per line so long names fit a phone."""
    from matplotlib.patches import Patch

    handles = [Patch(label=s.label, **bar_style(s.style)) for s in panel.series]
    fig.legend(handles=handles, loc="outside upper left", ncols=1, frameon=False, handlelength=1.6,
               borderaxespad=0.2)  # fmt: skip


def place_labels(ax, labels: list, vertical: bool) -> None:
    """Fit each direct label: inside its bar where the bar can hold it (so long bars keep their
    length), else past the bar's end, with the value axis extended to make room."""
    box = ax.get_window_extent()
    size = box.height if vertical else box.width
    slot = box.width / max(len(labels), 1)
    dropped = vertical and not fit_slots(labels, slot)
    for label, _end, _colour in labels if dropped else []:
        label.remove()
    widths = [0.0 if dropped else text_size(label, vertical) + 8 for label, _end, _colour in labels]
    inside: set[int] = set()
    eligible = [
        i
        for i, (label, _end, colour) in enumerate(labels)
        if colour
        and not dropped
        and (not vertical or label.get_window_extent().width + gap(label) <= BAR_SHARE * slot)
    ]
    for i in sorted(eligible, key=lambda i: -labels[i][1]):  # longest bars first
        limit = value_limit(labels, widths, size, inside | {i})
        if labels[i][1] / limit * size >= widths[i]:
            inside.add(i)  # moving more labels inside only shortens the axis: earlier ones still fit
    for i in inside:
        label, _end, colour = labels[i]
        label.xyann = (0, -4) if vertical else (-4, 0)
        label.set(color=colour, **({"va": "top"} if vertical else {"ha": "right"}))
    (ax.set_ylim if vertical else ax.set_xlim)(0, value_limit(labels, widths, size, inside))


def fit_slots(labels: list, slot: float) -> bool:
    """Whether every value label of upright bars fits its `slot` (pixels). Where one does not, none is
    drawn: a label cut off or run into the next misreads as another number, and the value axis and the
    table under the chart give them all."""
    return all(label.get_window_extent().width + gap(label) <= slot for label, _end, _colour in labels)


def gap(label) -> float:
    """Half an em in pixels: the least space between two labels side by side, so they read as two."""
    return label.get_fontsize() * label.figure.dpi / 72 / 2


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


def compose_parts(d: Drawing, layout: Layout, footer: bool):  # -> matplotlib.figure.Figure
    """One bar split into the parts of a whole, the whole named above it and a key below."""
    from matplotlib.patches import Rectangle

    panel = d.panels[0]
    width, height = figure_size(d, layout, footer)
    fig = figure(width, height)
    line, bar, left = line_in(layout), 1.6 * bar_in(layout), 0.05
    top = height - PAD_IN
    fig.text(left / width, top / height, wrap(panel.title, key_width(layout)), va="top", weight="bold")
    bar_top = top - 2 * line
    ax = fig.add_axes((left / width, (bar_top - bar) / height, 1 - 2 * left / width, bar / height))
    values = panel.series[0].values
    whole = sum(v for v in values if v)  # the parts make the whole (a remainder is a part of its own)
    start = 0.0
    for value, style in zip(values, panel.styles, strict=True):
        if value:
            ax.barh(0, value, 1, start, **bar_style(style))
            start += value
    ax.set_xlim(0, whole or 1)
    ax.set_ylim(-0.5, 0.5)
    ax.set_axis_off()
    y = bar_top - bar - PAD_IN
    for name, label, style in zip(panel.categories, panel.labels, panel.styles, strict=True):
        swatch = ((left / width, (y - 0.75 * line) / height), 0.16 / width, 0.6 * line / height)
        fig.add_artist(Rectangle(*swatch, transform=fig.transFigure, **bar_style(style)))
        text = wrap(f"{name}: {label}", key_width(layout))
        fig.text((left + 0.24) / width, y / height, text, va="top")
        y -= len(text.splitlines()) * line * 1.15
    return fig
