"""The chart definitions: each turns an edition into a chart's text, table, CSV and drawing, per language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..load.dataset import Edition
from ..load.periods import Period, quarters_between
from ..load.schema import TableSchema
from ..render.formats import format_date
from .kit import (
    Context,
    Prepared,
    _,
    column_values,
    decimals_of,
    figure_chart,
    floats,
    inline,
    known_columns,
    leader,
    members,
    name_lines,
    partial_texts,
    source_line,
    table_chart,
    table_parts,
    to_csv,
    unknown_note,
    unknown_rows,
    wrap,
)
from .plot import CONTEXT, Drawing, Panel, Series

# --- Chart definitions -------------------------------------------------------------------------


def prepare_area_by_operator(ctx: Context) -> Prepared | None:
    """Area cleared per operator: the quarter beside the cumulative total since 2020."""
    spec, table = ctx.schema.tables["t3_area"], ctx.edition.tables["t3_area"]
    period = ctx.period()
    options = [
        [("quarter_ha", ctx.t(_("Cleared in {period} (ha)"), period=period))],
        [("cumulative_ha", ctx.t(_("Cleared since 10 November 2020 (ha)")))],
    ]
    sentences = {
        "quarter_ha": lambda: ctx.t(
            _("In {period}, {name} cleared the most: {amount}."),
            period=period,
            **leader(ctx, spec, table, "quarter_ha", "ha"),
        ),
        "cumulative_ha": lambda: ctx.t(
            _("Since 10 November 2020, {name} has cleared the most: {amount}."),
            **leader(ctx, spec, table, "cumulative_ha", "ha"),
        ),
    }
    texts = (
        ctx.t(_("Area cleared per operator, {period} and since 10 November 2020"), period=period),
        ctx.t(
            _(
                "Bar charts of the area cleared per operator, in {period} and in total since "
                "10 November 2020."
            ),
            period=period,
        ),
    )
    return chosen_chart(ctx, spec, options, texts, sentences, side_by_side=False)


def chosen_chart(
    ctx: Context,
    spec: TableSchema,
    options: list[list[tuple[str, str]]],
    texts: tuple[str, str],
    sentences: dict,
    side_by_side: bool = True,
) -> Prepared | None:
    """A table chart of the columns the edition gives: per panel the first of its (column, title)
    options with any figure. `texts` (title, opening sentence) fit the first options; otherwise the
    chart is titled by what it shows and says what is missing. `sentences` give each column's finding.
    None when the edition gives nothing to draw."""
    chosen, missing = known_columns(ctx, spec.id, options)
    if not chosen:
        return None
    title, intro = texts
    if [c for c, _t in chosen] != [choices[0][0] for choices in options]:
        title, intro = partial_texts(ctx, spec, [t for _c, t in chosen])
    alt = " ".join([intro, *(sentences[c]() for c, _t in chosen)])
    return table_chart(ctx, spec.id, chosen, (title, alt), side_by_side=side_by_side, missing=missing)


AREA_COLUMNS = ("quarter_ha", "cumulative_ha")
DEVICE_COLUMNS = ("quarter_erw", "quarter_apm", "quarter_atm")
DEVICE_TOTALS = (*DEVICE_COLUMNS, "quarter_total")


def prepare_devices_by_operator(ctx: Context) -> Prepared | None:
    """Devices found per operator in the quarter, stacked by kind (ERW, APM, ATM)."""
    spec, table = ctx.schema.tables["t4_devices"], ctx.edition.tables["t4_devices"]
    period, keys = ctx.period(), members(spec, table)
    if all(table.value(k, c) is None for k in keys for c in DEVICE_TOTALS):
        return None  # the edition gives no device counts for the quarter
    series = tuple(
        Series(device_label(ctx, c), floats(column_values(table, keys, c)), i)
        for i, c in enumerate(DEVICE_COLUMNS)
    )
    totals = column_values(table, keys, "quarter_total")
    panel = Panel(
        "",
        ctx.t(_("Explosive devices found")),
        tuple(wrap(ctx.name(spec, k)) for k in keys),
        series,
        tuple(ctx.num(v, 0) for v in totals),
    )
    columns = DEVICE_TOTALS
    headers, rows, data = table_parts(ctx, spec, table, columns)
    source = source_line(ctx, ["t4_devices"])
    total = table.value(spec.total, "quarter_total")
    shares = {c[8:]: ctx.share(table.value(spec.total, c), total) for c in DEVICE_COLUMNS}
    top = leader(ctx, spec, table, "quarter_total", "")
    alt = " ".join(
        [
            ctx.t(
                _(
                    "Stacked bar chart of the explosive devices found per operator in "
                    "{period}, split into explosive remnants of war (ERW), anti-personnel "
                    "mines (APM) and anti-tank mines (ATM)."
                ),
                period=period,
            ),
            ctx.t(_("{name} found the most: {amount}."), **top),
            ctx.t(
                _(
                    "Of all devices found, {erw} were explosive remnants of war, {apm} "
                    "anti-personnel mines and {atm} anti-tank mines."
                ),
                **shares,
            ),
        ]
    ) + unknown_note(ctx, unknown_rows(ctx, spec, table, columns))
    title = ctx.t(_("Explosive devices found per operator in {period}"), period=period)
    drawing = Drawing(ctx.lang, (panel,), source, name_lines(ctx.schema, spec, keys), legend=True)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def device_label(ctx: Context, column: str) -> str:
    """Legend text for a device column: the device list's name where it has one."""
    found = ctx.schema.names.get(("device", column.rsplit("_", 1)[1]))
    if found:
        return found.label[ctx.lang]
    return ctx.t(_("Explosive remnants of war (ERW)"))


def prepare_districts(ctx: Context) -> Prepared | None:
    """Area cleared and devices found per district in the quarter; the year to date where the source
    gives only that."""
    spec, table = ctx.schema.tables["t5_districts"], ctx.edition.tables["t5_districts"]
    period = ctx.period()
    ref = ctx.edition.table_refs.get(spec.id)
    day = format_date(ref.as_of if ref and ref.as_of else ctx.edition.as_of, ctx.lang)
    year = str(ctx.edition.period.year)
    options = [
        [
            ("quarter_ha", ctx.t(_("Area cleared (ha)"))),
            ("ytd_ha", ctx.t(_("Area cleared in {year} up to {date} (ha)"), year=year, date=day)),
        ],
        [
            ("quarter_devices", ctx.t(_("Devices found"))),
            ("ytd_devices", ctx.t(_("Devices found in {year} up to {date}"), year=year, date=day)),
        ],
    ]
    area, found = (
        _("Most area was cleared in {name}: {amount}."),
        _("Most devices were found in {name}: {amount}."),
    )
    sentences = {
        "quarter_ha": finding(ctx, spec, table, "quarter_ha", area, "ha"),
        "ytd_ha": finding(ctx, spec, table, "ytd_ha", area, "ha"),
        "quarter_devices": finding(ctx, spec, table, "quarter_devices", found, ""),
        "ytd_devices": finding(ctx, spec, table, "ytd_devices", found, ""),
    }
    texts = (
        ctx.t(_("Area cleared and explosive devices found per district in {period}"), period=period),
        ctx.t(
            _("Bar charts of the area cleared and the explosive devices found per district in {period}."),
            period=period,
        ),
    )
    return chosen_chart(ctx, spec, options, texts, sentences)


def finding(ctx: Context, spec: TableSchema, table, column: str, message: str, unit: str):
    """A column's finding for alt text, made only if the column is drawn."""
    return lambda: ctx.t(message, **leader(ctx, spec, table, column, unit))


def prepare_victims_by_device(ctx: Context) -> Prepared | None:
    """Victims since 2020 by the kind of device that harmed them (Table 1)."""
    spec, table = ctx.schema.tables["t1_victims"], ctx.edition.tables["t1_victims"]

    def most() -> str:
        top = leader(ctx, spec, table, "victims", "")
        return ctx.t(
            _("Most victims were caused by {name}: {amount}."), name=inline(top["name"]), amount=top["amount"]
        )

    texts = (
        ctx.t(_("Mine victims since 2020 by type of device (as of {date})"), date=ctx.as_of()),
        ctx.t(
            _(
                "Bar chart of the mine victims (killed and injured) since 2020 by type "
                "of device, as of {date}."
            ),
            date=ctx.as_of(),
        ),
    )
    options = [[("victims", ctx.t(_("Victims (killed and injured)")))]]
    return chosen_chart(ctx, spec, options, texts, {"victims": most})


def prepare_victims_killed_injured(ctx: Context) -> Prepared:
    """Victims since 2020: how many died and how many were injured."""
    killed, injured = ctx.figure("victims_killed"), ctx.figure("victims_injured")
    total = ctx.figure("victims_total")
    if total is None and killed is not None and injured is not None:
        total = killed + injured
    items = [
        ("victims_killed", ctx.t(_("Killed")), killed, 0),
        ("victims_injured", ctx.t(_("Injured")), injured, 0),
    ]
    what = ctx.t(
        _("Bar chart of the mine victims since 2020, killed and injured, as of {date}."),
        date=ctx.as_of(),
    )
    if None in (killed, injured, total):
        finding = listing(ctx, [(label, ctx.num(v)) for _k, label, v, _s in items])
    else:
        finding = ctx.t(
            _("Of the {total} victims, {killed} were killed ({share}) and {injured} injured."),
            total=ctx.num(total),
            killed=ctx.num(killed),
            injured=ctx.num(injured),
            share=ctx.share(killed, total),
        )
    persons = ctx.t(_("Persons"))
    texts = (
        ctx.t(_("Mine victims since 2020: killed and injured (as of {date})"), date=ctx.as_of()),
        f"{what} {finding}",
        persons,
        ctx.t(_("Victims")),
        persons,
    )
    keys = [
        ("victims_killed", killed, "persons"),
        ("victims_injured", injured, "persons"),
        ("victims_total", total, "persons"),
    ]
    return figure_chart(ctx, items, total, texts, keys)


def listing(ctx: Context, pairs: Sequence[tuple[str, str]]) -> str:
    """'Dræbte: ukendt; sårede: 314.' for when a figure is unknown and no sentence fits."""
    return "; ".join(f"{label}: {value}" for label, value in pairs) + "."


def prepare_resources_by_operator(ctx: Context) -> Prepared:
    """Staff, dogs and machines per operator as small multiples on one category axis."""
    spec, table = ctx.schema.tables["t2_resources"], ctx.edition.tables["t2_resources"]
    staff = leader(ctx, spec, table, "staff", "")
    alt = " ".join(
        [
            ctx.t(
                _(
                    "Three bar charts of the operational staff, mine detection dogs and mine "
                    "clearance machines per operator, as of {date}."
                ),
                date=ctx.as_of(),
            ),
            ctx.t(_("{name} has the most operational staff: {amount}."), **staff),
            ctx.t(
                _(
                    "In all there are {staff} staff, {dogs} mine detection dogs and "
                    "{machines} mine clearance machines."
                ),
                **{c: ctx.num(table.value(spec.total, c)) for c in ("staff", "dogs", "machines")},
            ),
        ]
    )
    title = ctx.t(_("Operational resources per operator (as of {date})"), date=ctx.as_of())
    panels = [
        ("staff", ctx.t(_("Staff"))),
        ("dogs", ctx.t(_("Dogs"))),
        ("machines", ctx.t(_("Machines"))),
    ]
    return table_chart(ctx, "t2_resources", panels, (title, alt))


def prepare_funding(ctx: Context) -> Prepared:
    """Who pays for demining: the government against foreign assistance."""
    gov, foreign = ctx.figure("spending_government_musd"), ctx.figure("spending_foreign_musd")
    total = None if gov is None or foreign is None else gov + foreign
    items = [
        ("spending_government_musd", ctx.t(_("Government of Azerbaijan")), gov, 0),
        ("spending_foreign_musd", ctx.t(_("Foreign assistance")), foreign, 0),
    ]
    what = ctx.t(
        _(
            "Bar chart of the demining expenses since November 2020 paid by the "
            "government and through foreign assistance."
        )
    )
    if total is None:
        finding = listing(ctx, [(label, ctx.amount(v, "musd")) for _k, label, v, _s in items])
    else:
        finding = ctx.t(
            _(
                "The government has paid {government} and foreign assistance {foreign}; "
                "foreign assistance is {share} of the total of {total}."
            ),
            government=ctx.amount(gov, "musd"),
            foreign=ctx.amount(foreign, "musd"),
            share=ctx.share(foreign, total),
            total=ctx.amount(total, "musd"),
        )
    musd = ctx.t(_("Million USD"))
    texts = (
        ctx.t(_("Demining expenses since November 2020 by source of funding")),
        f"{what} {finding}",
        musd,
        ctx.t(_("Source of funding")),
        musd,
    )
    keys = [("spending_government_musd", gov, "musd"), ("spending_foreign_musd", foreign, "musd")]
    return figure_chart(ctx, items, total, texts, keys)


def prepare_workplan(ctx: Context) -> Prepared:
    """The year's cleared area so far against the year's work plan."""
    year = str(ctx.edition.period.year)
    key = f"workplan_{year}_ha"
    target, cleared, cleared_key = ctx.figure(key), *year_to_date(ctx)
    ref = ctx.edition.table_refs.get("t5_districts")
    day = ref.as_of if ref and ref.as_of else ctx.edition.as_of
    date = format_date(day, ctx.lang).replace(" ", "\u00a0")  # one line
    items = [
        (key, ctx.t(_("Work plan {year}"), year=year), target, CONTEXT),
        (cleared_key, ctx.t(_("Cleared up to {date}"), date=date), cleared, 0),
    ]
    what = ctx.t(
        _("Bar chart of the area cleared in {year} up to {date} against the work plan for {year}."),
        year=year,
        date=date,
    )
    if cleared is None or target is None:
        finding = listing(ctx, [(label, ctx.amount(v, "ha")) for _k, label, v, _s in items])
    else:
        finding = ctx.t(
            _("{cleared} has been cleared, {share} of the {target} planned."),
            cleared=ctx.amount(cleared, "ha"),
            share=ctx.share(cleared, target),
            target=ctx.amount(target, "ha"),
        )
    hectares = ctx.t(_("Hectares (ha)"))
    texts = (
        ctx.t(_("Area cleared in {year} against the work plan (up to {date})"), year=year, date=date),
        f"{what} {finding}",
        hectares,
        ctx.t(_("Area")),
        hectares,
    )
    keys = [(key, target, "ha"), (cleared_key, cleared, "ha")]
    prepared = figure_chart(ctx, items, target, texts, keys)
    source = source_line(ctx, ["t5_districts"], [key])
    return _with_source(prepared, source)


def year_to_date(ctx: Context) -> tuple[Decimal | None, str]:
    """Area cleared so far this year: Table 5's year-to-date total."""
    spec, table = ctx.schema.tables["t5_districts"], ctx.edition.tables["t5_districts"]
    return table.value(spec.total, "ytd_ha"), f"t5_districts.{spec.total}.ytd_ha"


def _with_source(prepared: Prepared, source: str) -> Prepared:
    """The same chart with another source line (in its text and inside the image)."""
    drawing = replace(prepared.drawing, footer=source)
    return replace(prepared, source=source, drawing=drawing)


def prepare_cleared_vs_contaminated(ctx: Context) -> Prepared:
    """Area cleared since 2020 (in km²) against the estimated contaminated area."""
    cleared_ha, contaminated = (
        ctx.figure("area_cleared_cumulative_ha"),
        ctx.figure("contaminated_area_km2"),
    )
    cleared = None if cleared_ha is None else (cleared_ha / 100).quantize(Decimal("0.1"))
    items = [
        ("contaminated_area_km2", ctx.t(_("Contaminated area (estimate)")), contaminated, CONTEXT),
        ("area_cleared_cumulative_km2", ctx.t(_("Cleared since November 2020")), cleared, 0),
    ]
    what = ctx.t(
        _("Bar chart of the area cleared since November 2020 against the estimated contaminated area.")
    )
    if cleared is None or contaminated is None:
        finding = listing(ctx, [(label, ctx.amount(v, "km2")) for _k, label, v, _s in items])
    else:
        finding = ctx.t(
            _("{cleared} has been cleared, {share} of the estimated contaminated area of {contaminated}."),
            cleared=ctx.amount(cleared, "km2"),
            share=ctx.share(cleared, contaminated),
            contaminated=ctx.amount(contaminated, "km2"),
        )
    texts = (
        ctx.t(_("Area cleared since November 2020 against the contaminated area")),
        f"{what} {finding}",
        "km\u00b2",
        ctx.t(_("Area")),
        "km\u00b2",
    )
    keys = [
        ("contaminated_area_km2", contaminated, "km2"),
        ("area_cleared_cumulative_ha", cleared_ha, "ha"),
        ("area_cleared_cumulative_km2", cleared, "km2"),
    ]
    return figure_chart(ctx, items, contaminated, texts, keys)


@dataclass(frozen=True)
class Trend:
    """A series over time: a table's total row, or, in editions without the table, headline figures."""

    table: str
    columns: tuple[str, ...]  # stacked, bottom first
    total: str  # the column whose value labels each bar
    figures: dict[str, str]  # column -> the headline figure that states the same total


def trend_points(ctx: Context, trend: Trend) -> list[tuple[Period, Edition | None, dict, list]]:
    """Every quarter from the first edition with the data up to the charted one: (quarter, its edition
    or None, column -> value, source references). Editions of a whole year are not on a quarter axis."""
    by_period = {e.period: e for e in ctx.editions if e.period.quarter}
    found = [e for e in ctx.editions if e.period.quarter and trend_values(ctx, trend, e)[0].get(trend.total)]
    if not found:
        return []
    last = ctx.edition.period if ctx.edition.period.quarter else found[-1].period
    quarters = [found[0].period, *quarters_between(found[0].period, last), last]
    points = []
    for quarter in dict.fromkeys(quarters):
        edition = by_period.get(quarter)
        values, refs = trend_values(ctx, trend, edition) if edition else ({}, [])
        points.append((quarter, edition, values, refs))
    return points


def trend_values(ctx: Context, trend: Trend, edition: Edition) -> tuple[dict, list]:
    """An edition's values for a trend, from its table when it has it, else from its headline figures."""
    spec = ctx.schema.tables[trend.table]
    table = edition.tables.get(trend.table)
    if table and table.has(spec.total or "", trend.total):
        values = {c: table.value(spec.total, c) for c in (*trend.columns, trend.total)}
        return values, [edition.table_refs.get(trend.table)]
    figures = {c: edition.figures.get(k) for c, k in trend.figures.items()}
    values = {c: f.value if f else None for c, f in figures.items()}
    return values, [f.ref for f in figures.values() if f and f.value is not None and f.ref]


def trend_chart(ctx: Context, trend: Trend, texts: tuple[str, ...]) -> Prepared | None:
    """Upright bars on a time axis, one slot per quarter (oldest left): a quarter without an edition is
    an empty slot that says so; several columns stack."""
    points = trend_points(ctx, trend)
    if sum(1 for _q, _e, values, _r in points if values.get(trend.total) is not None) < 2:
        return None
    spec = ctx.schema.tables[trend.table]
    labels = {c.name: c.label[ctx.lang] for c in spec.columns}
    cols = tuple(dict.fromkeys((*trend.columns, trend.total)))
    series_values = {c: tuple(values.get(c) for _q, _e, values, _r in points) for c in cols}
    decimals = decimals_of(series_values[trend.total])
    periods = tuple(ctx.period_of(q) for q, _e, _v, _r in points)
    none = ctx.t(_("no edition"))
    shown = tuple(  # the label of an empty slot, in two short lines under a narrow slot
        (wrap(none, 7) if edition is None else ctx.num(values.get(trend.total), decimals))
        for _q, edition, values, _r in points
    )
    series = tuple(
        Series(device_label(ctx, c) if len(trend.columns) > 1 else "", floats(series_values[c]), i)
        for i, c in enumerate(trend.columns)
    )
    panel = Panel("", texts[2], tuple(wrap(p, 10) for p in periods), series, shown)
    headers = (ctx.t(_("Quarter")), *(labels[c] for c in cols))
    rows = tuple(
        (p, *((none if e is None else ctx.num(v.get(c), decimals_of(series_values[c]))) for c in cols))
        for p, (_q, e, v, _r) in zip(periods, points, strict=True)
    )
    data = to_csv(
        ("period", "edition", *cols),
        [(q.id, e.id if e else "none", *(v.get(c) for c in cols)) for q, e, v, _r in points],
    )
    source = trend_source(ctx, points)
    alt = trend_alt(ctx, texts, points, trend, decimals) + trend_gaps(ctx, periods, points, trend)
    drawing = Drawing(ctx.lang, (panel,), source, 2, vertical=True, legend=len(trend.columns) > 1)
    title = ctx.t(texts[3], first=periods[0], last=periods[-1])
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def trend_gaps(ctx: Context, periods: Sequence[str], points: list, trend: Trend) -> str:
    """' No edition covers 2. kvartal 2025 og 3. kvartal 2025.' and the quarters whose edition lacks
    the figure, so the alt text says what the empty slots are."""
    slots = list(zip(periods, points, strict=True))
    gaps = [p for p, (_q, e, _v, _r) in slots if e is None]
    lacking = [p for p, (_q, e, v, _r) in slots if e is not None and v.get(trend.total) is None]
    text = ""
    if gaps:
        text += " " + ctx.t(_("No edition covers {periods}."), periods=ctx.names(gaps))
    if lacking:
        text += " " + ctx.t(_("The sources give no figure for {periods}."), periods=ctx.names(lacking))
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


def trend_alt(ctx: Context, texts: Sequence[str], points: list, trend: Trend, decimals: int) -> str:
    """What the trend shows, then the latest known quarter against the one known before it."""
    periods = [ctx.period_of(q) for q, _e, _v, _r in points]
    what = ctx.t(texts[0], first=periods[0], last=periods[-1])
    known = [
        (p, v[trend.total])
        for p, (_q, _e, v, _r) in zip(periods, points, strict=True)
        if v.get(trend.total) is not None
    ]
    (previous_period, previous), (last, value) = known[-2], known[-1]
    finding = ctx.t(
        texts[1],
        last=last,
        value=ctx.num(value, decimals),
        previous=ctx.num(previous, decimals),
        previous_period=previous_period,
    )
    return f"{what} {finding}"


TREND_AREA = Trend("t3_area", ("quarter_ha",), "quarter_ha", {"quarter_ha": "quarter_area_ha"})
TREND_DEVICES = Trend(
    "t4_devices",
    DEVICE_COLUMNS,
    "quarter_total",
    {
        "quarter_erw": "quarter_erw",
        "quarter_apm": "quarter_apm",
        "quarter_atm": "quarter_atm",
        "quarter_total": "quarter_devices",
    },
)


def prepare_trend_area(ctx: Context) -> Prepared | None:
    """Area cleared per quarter, one slot per quarter."""
    return trend_chart(
        ctx,
        TREND_AREA,
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
        TREND_DEVICES,
        (
            _("Stacked bar chart of the explosive devices found per quarter by type, {first} to {last}."),
            _("In {last}, {value} devices were found, against {previous} in {previous_period}."),
            ctx.t(_("Explosive devices found")),
            _("Explosive devices found per quarter, {first} to {last}"),
        ),
    )
