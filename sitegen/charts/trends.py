"""Trend charts: a series over editions on a time axis with one slot per quarter, from the editions
that have the data (a table's total, or the headline figures that state it). The slots are the
series' (`compute.panel` places them on a quarterly axis); this module only words and lays them out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..compute.series import TRENDS, Trend
from ..load.dataset import Edition
from ..load.periods import Period, parse_period
from ..render.formats import column_decimals
from .definitions import device_label
from .drawing import Drawing, Panel, Series, wrap
from .kit import Context, Prepared, _, floats, to_csv

# Quarters a trend chart draws: the latest three years. Beyond them a phone has under 20 pt a slot, and the
# chart's cost would grow with the archive; the table and CSV under the chart keep every quarter.
DRAWN_SLOTS = 12
SPACIOUS = 4  # slots up to which two years side by side fit under a phone's chart


def trend_points(ctx: Context, trend_id: str) -> list[tuple[Period, Edition | None, dict, list]]:
    """Every quarter from the first edition with the data up to the charted one: (quarter, its edition
    or None, column -> value, source references), from the series' quarter axis. Editions of a whole
    year are not on a quarter axis: charted from one, the axis ends at the last quarter with data."""
    trend = TRENDS[trend_id]
    slots = ctx.series.trends.get(trend_id, ()) if ctx.series else ()
    shown = [s for s in slots if _period(s.period).end <= ctx.edition.period.end]
    if not ctx.edition.period.quarter:
        known = [i for i, s in enumerate(shown) if s.values.get(trend.total) is not None]
        shown = shown[: known[-1] + 1] if known else []
    by_slug = {e.slug: e for e in ctx.editions}
    points = []
    for slot in shown:
        edition = by_slug.get(slot.edition or "")
        refs = _refs(trend, edition, slot.from_table) if edition else []
        points.append((_period(slot.period), edition, slot.values, refs))
    return points


def _period(text: str) -> Period:
    period = parse_period(text)
    assert period is not None  # the series writes only periods it read from editions
    return period


def _refs(trend: Trend, edition: Edition, from_table: bool) -> list:
    """Where an edition's values for a trend come from: its table, or the headline figures."""
    if from_table:
        return [edition.table_refs.get(trend.table)]
    figures = [edition.figures.get(k) for k in trend.figures.values()]
    return [f.ref for f in figures if f and f.value is not None and f.ref]


def trend_chart(ctx: Context, trend_id: str, texts: tuple[str, ...]) -> Prepared | None:
    """Upright bars on a time axis, one slot per quarter (oldest left) for the latest DRAWN_SLOTS
    quarters: a quarter without an edition is an empty slot that says so; several columns stack. The
    table and CSV hold every quarter."""
    trend = TRENDS[trend_id]
    points = trend_points(ctx, trend_id)
    if sum(1 for _q, _e, values, _r in points if values.get(trend.total) is not None) < 2:
        return None
    spec = ctx.schema.tables[trend.table]
    labels = {c.name: c.label[ctx.lang] for c in spec.columns}
    cols = tuple(dict.fromkeys((*trend.columns, trend.total)))
    places = {c: column_decimals([values.get(c) for _q, _e, values, _r in points]) for c in cols}
    drawn = points[-DRAWN_SLOTS:]
    series_values = {c: tuple(values.get(c) for _q, _e, values, _r in drawn) for c in cols}
    periods = tuple(ctx.period_of(q) for q, _e, _v, _r in points)
    none = ctx.t(_("no edition"))
    shown = tuple(  # the label of an empty slot, in two short lines under a narrow slot
        (wrap(none, 7) if edition is None else ctx.num(values.get(trend.total), places[trend.total]))
        for _q, edition, values, _r in drawn
    )
    series = tuple(
        Series(device_label(ctx, c) if len(trend.columns) > 1 else "", floats(series_values[c]), i)
        for i, c in enumerate(trend.columns)
    )
    quarters = [q for q, _e, _v, _r in drawn]
    names = slot_names(ctx, quarters)  # this language's first
    panel = Panel("", texts[2], tuple(n[0] for n in names), series, shown)
    headers = (ctx.t(_("Quarter")), *(labels[c] for c in cols))
    rows = tuple(
        (p, *((none if e is None else ctx.num(v.get(c), places[c])) for c in cols))
        for p, (_q, e, v, _r) in zip(periods, points, strict=True)
    )
    data = to_csv(
        ("period", "edition", *cols),
        [(q.id, e.id if e else "none", *(v.get(c) for c in cols)) for q, e, v, _r in points],
    )
    source = trend_source(ctx, points)
    first, last = ctx.period_of(quarters[0]), periods[-1]
    earlier = earlier_quarters(ctx, points[: -len(drawn)])
    finding = trend_finding(ctx, texts[1], points, trend, places[trend.total])
    what = ctx.t(texts[0], first=first, last=last)
    alt = " ".join(filter(None, [what, finding, *trend_gaps(ctx, drawn, trend), earlier]))
    drawing = Drawing(ctx.lang, (panel,), source, names, vertical=True, legend=len(trend.columns) > 1)
    title = ctx.t(texts[3], first=first, last=last)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing, earlier)


def slot_labels(quarters: Sequence[Period], gettext: Callable[[str], str]) -> tuple[str, ...]:
    """Each slot's short name on the axis, 'K1' / 'Q1', with the year under the first slot and under
    every first quarter: short enough for twelve slots on a phone (the series' slots are all quarters)."""
    labels = []
    for i, q in enumerate(quarters):
        name = gettext(_("Q{quarter}")).format(quarter=q.quarter)
        # the first slot's year, unless it is a fourth quarter and the slots are too narrow for that year
        # beside the next slot's (a first quarter's)
        year = q.quarter == 1 or (i == 0 and (q.quarter < 4 or len(quarters) <= SPACIOUS))
        labels.append(f"{name}\n{q.year}" if year else name)
    return tuple(labels)


def earlier_quarters(ctx: Context, earlier: Sequence) -> str:
    """'The chart shows the latest 12 quarters; the table also has the 30 before them, from Q2 2000.'
    when the chart leaves quarters out: in the alt text, and over the table, whose rows would otherwise
    outnumber the bars unexplained."""
    if not earlier:
        return ""
    message = _("The chart shows the latest {shown} quarters; the table also has the {count} before them, "
                "from {first}.")  # fmt: skip
    return ctx.t(message, shown=DRAWN_SLOTS, count=len(earlier), first=ctx.period_of(earlier[0][0]))


def slot_names(ctx: Context, quarters: Sequence[Period]) -> tuple[tuple[str, ...], ...]:
    """Each slot's axis name in this language, then in the others, so the axis is sized alike in all."""
    others = [g for lang, g in sorted(ctx.messages.items()) if lang != ctx.lang]
    in_each = [slot_labels(quarters, g) for g in (ctx.gettext, *others)]
    return tuple(zip(*in_each, strict=True))


def trend_gaps(ctx: Context, drawn: list, trend: Trend) -> list[str]:
    """'No edition covers 2. kvartal 2025 og 3. kvartal 2025.' and the quarters whose edition lacks
    the figure, so the alt text says what the chart's empty slots are."""
    gaps = [ctx.period_of(q) for q, e, _v, _r in drawn if e is None]
    lacking = [ctx.period_of(q) for q, e, v, _r in drawn if e is not None and v.get(trend.total) is None]
    text = []
    if gaps:
        text.append(ctx.t(_("No edition covers {periods}."), periods=ctx.names(gaps)))
    if lacking:
        text.append(ctx.t(_("The sources give no figure for {periods}."), periods=ctx.names(lacking)))
    return text


def trend_source(ctx: Context, points: list) -> str:
    """'Kilde: Bilag 219, tabel 3; ANAMA, 26. dec. 2025': the document of every value drawn."""
    parts = []
    for _q, edition, _values, refs in points:
        for ref in filter(None, refs):
            short = edition.sources[ref.source].short[ctx.lang]
            text = ", ".join([short, ctx.t(_("Table {number}"), number=ref.number)]) if ref.number else short
            if text not in parts:
                parts.append(text)
    return ctx.t(_("Source: {sources}"), sources="; ".join(parts))


def trend_finding(ctx: Context, text: str, points: list, trend: Trend, decimals: int) -> str:
    """The latest known quarter against the one known before it."""
    known = [(q, v[trend.total]) for q, _e, v, _r in points if v.get(trend.total) is not None]
    (previous_period, previous), (last, value) = known[-2], known[-1]
    return ctx.t(
        text,
        last=ctx.period_of(last),
        value=ctx.num(value, decimals),
        previous=ctx.num(previous, decimals),
        previous_period=ctx.period_of(previous_period),
    )


def prepare_trend_area(ctx: Context) -> Prepared | None:
    """Area cleared per quarter, one slot per quarter."""
    return trend_chart(
        ctx,
        "trend-area",
        (
            _("Bar chart of the area cleared per quarter, {first} to {last}."),
            _("In {last}, {value} ha was cleared, against {previous} ha in {previous_period}."),
            ctx.t(_("Hectares (ha)")),
            _("Area cleared per quarter, {first} to {last}"),
        ),
    )


def prepare_trend_devices(ctx: Context) -> Prepared | None:
    """Devices found per quarter, stacked by kind, one slot per quarter."""
    return trend_chart(
        ctx,
        "trend-devices",
        (
            _("Stacked bar chart of the explosive devices found per quarter by type, {first} to {last}."),
            _("In {last}, {value} devices were found, against {previous} in {previous_period}."),
            ctx.t(_("Explosive devices found")),
            _("Explosive devices found per quarter, {first} to {last}"),
        ),
    )
