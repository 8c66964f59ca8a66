"""The chart definitions: each turns an edition into a chart's text, table, CSV and drawing, per language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from ..load.schema import TableSchema
from ..render.formats import column_decimals, format_date, format_period
from .drawing import Drawing, Panel, Series
from .kit import (
    Context,
    Part,
    Prepared,
    _,
    column_values,
    document_name,
    figure_pages,
    floats,
    leader,
    members,
    parts_chart,
    remainder,
    row_names,
    source_line,
    table_chart,
    table_parts,
    to_csv,
    unknown_note,
    unknown_rows,
)
from .plot import CONTEXT

# --- Chart definitions -------------------------------------------------------------------------


def prepare_area_by_operator(ctx: Context) -> Prepared:
    """Area cleared per operator: the quarter beside the cumulative total since 2020."""
    spec, table = ctx.schema.tables["t3_area"], ctx.edition.tables["t3_area"]
    period = ctx.period()
    alt = " ".join(
        [
            ctx.t(
                _(
                    "Bar charts of the area cleared per operator, in {period} and in total since "
                    "10 November 2020."
                ),
                period=period,
            ),
            ctx.t(
                _("In {period}, {name} cleared the most: {amount}."),
                period=period,
                **leader(ctx, spec, table, "quarter_ha", "ha"),
            ),
            ctx.t(
                _("Since 10 November 2020, {name} has cleared the most: {amount}."),
                **leader(ctx, spec, table, "cumulative_ha", "ha"),
            ),
        ]
    )
    title = ctx.t(_("Area cleared per operator, {period} and since 10 November 2020"), period=period)
    panels = [
        ("quarter_ha", ctx.t(_("Cleared in {period} (ha)"), period=period)),
        ("cumulative_ha", ctx.t(_("Cleared since 10 November 2020 (ha)"))),
    ]
    return table_chart(ctx, "t3_area", panels, (title, alt))


AREA_COLUMNS = ("quarter_ha", "cumulative_ha")
DEVICE_COLUMNS = ("quarter_erw", "quarter_apm", "quarter_atm")
DEVICE_TOTALS = (*DEVICE_COLUMNS, "quarter_total")


def prepare_devices_by_operator(ctx: Context) -> Prepared:
    """Devices found per operator in the quarter, stacked by kind (ERW, APM, ATM)."""
    spec, table = ctx.schema.tables["t4_devices"], ctx.edition.tables["t4_devices"]
    period, keys = ctx.period(), members(spec, table)
    series = tuple(
        Series(device_label(ctx, c), floats(column_values(table, keys, c)), i)
        for i, c in enumerate(DEVICE_COLUMNS)
    )
    totals = column_values(table, keys, "quarter_total")
    panel = Panel(
        "",
        ctx.t(_("Explosive devices found")),
        tuple(ctx.name(spec, k) for k in keys),
        series,
        tuple(ctx.num(v, 0) for v in totals),
    )
    columns = DEVICE_TOTALS
    headers, rows, data = table_parts(ctx, spec, table, columns)
    source = source_line(ctx, [spec])
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
    drawing = Drawing(ctx.lang, (panel,), source, row_names(ctx, spec, keys), legend=True)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def device_label(ctx: Context, column: str) -> str:
    """Legend text for a device column: the device list's name where it has one."""
    found = ctx.schema.names.get(("device", column.rsplit("_", 1)[1]))
    if found:
        return found.label[ctx.lang]
    return ctx.t(_("Explosive remnants of war (ERW)"))


def prepare_districts(ctx: Context) -> Prepared:
    """Area cleared and devices found per district in the quarter."""
    spec, table = ctx.schema.tables["t5_districts"], ctx.edition.tables["t5_districts"]
    period = ctx.period()
    area = leader(ctx, spec, table, "quarter_ha", "ha")
    found = leader(ctx, spec, table, "quarter_devices", "")
    alt = " ".join(
        [
            ctx.t(
                _("Bar charts of the area cleared and the explosive devices found per district in {period}."),
                period=period,
            ),
            ctx.t(_("The largest area was cleared in {name}: {amount}."), **area),
            ctx.t(_("Most devices were found in {name}: {amount}."), **found),
        ]
    )
    title = ctx.t(_("Area cleared and explosive devices found per district in {period}"), period=period)
    panels = [
        ("quarter_ha", ctx.t(_("Area cleared (ha)"))),
        ("quarter_devices", ctx.t(_("Devices found"))),
    ]
    return table_chart(ctx, "t5_districts", panels, (title, alt))


def prepare_victims_by_device(ctx: Context) -> Prepared:
    """Victims since 2020 by the kind of device that harmed them (Table 1)."""
    spec, table = ctx.schema.tables["t1_victims"], ctx.edition.tables["t1_victims"]
    top = leader(ctx, spec, table, "victims", "")
    alt = " ".join(
        [
            ctx.t(
                _(
                    "Bar chart of the mine victims (killed and injured) since 2020 by type "
                    "of device, as of {date}."
                ),
                date=ctx.as_of(),
            ),
            ctx.t(
                _("Most of the victims were harmed by {name}: {amount}."),
                name=inline(top["name"]),
                amount=top["amount"],
            ),
        ]
    )
    title = ctx.t(_("Mine victims since 2020 by type of device (as of {date})"), date=ctx.as_of())
    panels = [("victims", ctx.t(_("Victims (killed and injured)")))]
    return table_chart(ctx, "t1_victims", panels, (title, alt))


def inline(name: str) -> str:
    """A common noun in mid-sentence ('Panserminer (ATM)' -> 'panserminer (ATM)'); acronyms stay."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def prepare_victims_killed_injured(ctx: Context) -> Prepared:
    """Victims since 2020 as one whole: how many died and how many were injured."""
    killed, injured = ctx.figure("victims_killed"), ctx.figure("victims_injured")
    total = ctx.figure("victims_total")
    if total is None and killed is not None and injured is not None:
        total = killed + injured
    parts = [
        Part("victims_killed", ctx.everywhere(_("Killed")), killed, 0),
        Part("victims_injured", ctx.everywhere(_("Injured")), injured, 1),
    ]
    what = ctx.t(
        _("Chart of the mine victims since 2020 as one bar split into killed and injured, as of {date}."),
        date=ctx.as_of(),
    )
    if None in (killed, injured, total):
        finding = listing(ctx, [(p.names[0], ctx.num(p.value)) for p in parts])
    else:
        finding = ctx.t(
            _("Of the {total} victims, {killed} were killed ({share}) and {injured} injured."),
            total=ctx.num(total),
            killed=ctx.num(killed),
            injured=ctx.num(injured),
            share=ctx.share(killed, total),
        )
    texts = (
        ctx.t(_("Mine victims since 2020: killed and injured (as of {date})"), date=ctx.as_of()),
        f"{what} {finding}",
        ctx.t(_("Victims")),
    )
    keys = [
        ("victims_killed", killed, "persons"),
        ("victims_injured", injured, "persons"),
        ("victims_total", total, "persons"),
    ]
    return parts_chart(ctx, parts, (ctx.t(_("Victims in all")), total), "persons", texts, keys)


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
                    "In all there are {staff} operational staff, {dogs} mine detection dogs "
                    "and {machines} mine clearance machines."
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
    """Who pays for demining: the government's and foreign assistance's parts of the expenses."""
    gov, foreign = ctx.figure("spending_government_musd"), ctx.figure("spending_foreign_musd")
    total = None if gov is None or foreign is None else gov + foreign
    parts = [
        Part("spending_government_musd", ctx.everywhere(_("Government of Azerbaijan")), gov, 0),
        Part("spending_foreign_musd", ctx.everywhere(_("Foreign assistance")), foreign, 1),
    ]
    what = ctx.t(
        _(
            "Chart of the demining expenses since November 2020 as one bar split into what the "
            "government paid and what foreign assistance paid."
        )
    )
    if total is None:
        finding = listing(ctx, [(p.names[0], ctx.amount(p.value, "musd")) for p in parts])
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
    texts = (
        ctx.t(_("Demining expenses since November 2020 by source of funding")),
        f"{what} {finding}",
        ctx.t(_("Source of funding")),
    )
    keys = [("spending_government_musd", gov, "musd"), ("spending_foreign_musd", foreign, "musd")]
    whole = (ctx.t(_("Expenses in all (sum of the two)")), total)
    return parts_chart(ctx, parts, whole, "musd", texts, keys)


def prepare_workplan(ctx: Context) -> Prepared:
    """The year's work plan as a whole: the part cleared so far and the part still to clear."""
    year = str(ctx.edition.period_end.year)
    key = f"workplan_{year}_ha"
    target, cleared, cleared_key = ctx.figure(key), *year_to_date(ctx)
    date = format_date(ctx.edition.period_end, ctx.lang).replace(" ", "\u00a0")  # one line
    left = remainder(target, [cleared])
    parts = [
        Part(cleared_key, ctx.everywhere(_("Cleared up to {date}"), date=date), cleared, 0),
        Part(f"workplan_{year}_remaining_ha", ctx.everywhere(_("Still to clear")), left, CONTEXT),
    ]
    what = ctx.t(
        _(
            "Chart of the work plan for {year} as one bar split into the area cleared up to {date} "
            "and the area still to clear."
        ),
        year=year,
        date=date,
    )
    if cleared is None or target is None:
        pairs = [(ctx.t(_("Work plan {year}"), year=year), target), (parts[0].names[0], cleared)]
        finding = listing(ctx, [(label, ctx.amount(v, "ha")) for label, v in pairs])
    else:
        finding = ctx.t(
            _("{cleared} has been cleared, {share} of the {target} planned."),
            cleared=ctx.amount(cleared, "ha"),
            share=ctx.share(cleared, target),
            target=ctx.amount(target, "ha"),
        )
    texts = (
        ctx.t(_("Area cleared in {year} against the work plan (up to {date})"), year=year, date=date),
        f"{what} {finding}",
        ctx.t(_("Area")),
    )
    keys = [(key, target, "ha"), (cleared_key, cleared, "ha"), (parts[1].key, left, "ha")]
    prepared = parts_chart(ctx, parts, (ctx.t(_("Work plan {year}"), year=year), target), "ha", texts, keys)
    spec = ctx.schema.tables["t5_districts"]
    source = source_line(ctx, [spec], figure_pages(ctx, [key]))
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
    """The estimated contaminated area as a whole: the part cleared since 2020 (in km²) and the rest."""
    cleared_ha, contaminated = (
        ctx.figure("area_cleared_cumulative_ha"),
        ctx.figure("contaminated_area_km2"),
    )
    cleared = None if cleared_ha is None else (cleared_ha / 100).quantize(Decimal("0.1"))
    rest = remainder(contaminated, [cleared])
    parts = [
        Part("area_cleared_cumulative_km2", ctx.everywhere(_("Cleared since November 2020")), cleared, 0),
        Part("contaminated_remaining_km2", ctx.everywhere(_("Not yet cleared")), rest, CONTEXT),
    ]
    what = ctx.t(
        _(
            "Chart of the estimated contaminated area as one bar split into the area cleared since "
            "November 2020 and the area not yet cleared."
        )
    )
    if cleared is None or contaminated is None:
        pairs = [(ctx.t(_("Contaminated area (estimate)")), contaminated), (parts[0].names[0], cleared)]
        finding = listing(ctx, [(label, ctx.amount(v, "km2")) for label, v in pairs])
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
        ctx.t(_("Area")),
    )
    keys = [
        ("contaminated_area_km2", contaminated, "km2"),
        ("area_cleared_cumulative_ha", cleared_ha, "ha"),
        ("area_cleared_cumulative_km2", cleared, "km2"),
        ("contaminated_remaining_km2", rest, "km2"),
    ]
    whole = (ctx.t(_("Contaminated area (estimate)")), contaminated)
    return parts_chart(ctx, parts, whole, "km2", texts, keys)


def trend_chart(
    ctx: Context, table_id: str, columns: Sequence[str], total_column: str, texts: tuple[str, ...]
) -> Prepared:
    """Upright bars per edition (oldest left) of a table's total row; several columns stack."""
    spec = ctx.schema.tables[table_id]
    labels = {c.name: c.label[ctx.lang] for c in spec.columns}
    values = {
        c: tuple(e.tables[table_id].value(spec.total, c) for e in ctx.editions)
        for c in (*columns, total_column)
    }
    decimals = column_decimals(values[total_column])
    series = tuple(
        Series(device_label(ctx, c) if len(columns) > 1 else "", floats(values[c]), i)
        for i, c in enumerate(columns)
    )
    periods = tuple(ctx.period(e) for e in ctx.editions)
    panel = Panel(
        "",
        texts[2],
        periods,
        series,
        tuple(ctx.num(v, decimals) for v in values[total_column]),
    )
    cols = tuple(dict.fromkeys((*columns, total_column)))
    headers = (ctx.t(_("Quarter")), *(labels[c] for c in cols))
    rows = tuple(
        (p, *(ctx.num(values[c][i], column_decimals(values[c])) for c in cols)) for i, p in enumerate(periods)
    )
    data = to_csv(
        ("edition", *cols),
        [(e.id, *(values[c][i] for c in cols)) for i, e in enumerate(ctx.editions)],
    )
    source = trend_source(ctx, spec)
    alt = trend_alt(ctx, texts, periods, values[total_column], decimals)
    names = tuple(zip(*(periods_in(ctx, lang) for lang in (ctx.lang, *other_langs(ctx))), strict=True))
    drawing = Drawing(ctx.lang, (panel,), source, names, vertical=True, legend=len(columns) > 1)
    title = ctx.t(texts[3], first=periods[0], last=periods[-1])
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def other_langs(ctx: Context) -> list[str]:
    return sorted(lang for lang in ctx.messages if lang != ctx.lang)


def periods_in(ctx: Context, lang: str) -> tuple[str, ...]:
    """The editions' periods in a language, for sizing the axis in every language alike."""
    gettext = ctx.messages.get(lang, ctx.gettext)
    return tuple(format_period(e.id, gettext) for e in ctx.editions)


def trend_source(ctx: Context, spec: TableSchema) -> str:
    """'Kilde: Bilag 219 og Bilag 230, tabel 3': every edition's document, one table number."""
    docs = ctx.names(list(dict.fromkeys(document_name(e) for e in ctx.editions)))
    where = ctx.t(_("Table {number}"), number=str(spec.number))
    return ctx.t(_("Source: {document}, {where}"), document=docs, where=where)


def trend_alt(
    ctx: Context, texts: Sequence[str], periods: Sequence[str], totals: Sequence, decimals: int
) -> str:
    """What the trend shows, then the newest quarter against the one before."""
    what = ctx.t(texts[0], first=periods[0], last=periods[-1])
    finding = ctx.t(
        texts[1],
        last=periods[-1],
        value=ctx.num(totals[-1], decimals),
        previous=ctx.num(totals[-2], decimals),
        previous_period=periods[-2],
    )
    return f"{what} {finding}"


def prepare_trend_area(ctx: Context) -> Prepared:
    """Area cleared per quarter, one bar per edition."""
    return trend_chart(
        ctx,
        "t3_area",
        ("quarter_ha",),
        "quarter_ha",
        (
            _("Bar chart of the area cleared per quarter, {first} to {last}."),
            _("In {last}, {value} ha was cleared, against {previous} ha in {previous_period}."),
            ctx.t(_("Hectares (ha)")),
            _("Area cleared per quarter, {first} to {last}"),
        ),
    )


def prepare_trend_devices(ctx: Context) -> Prepared:
    """Devices found per quarter, stacked by kind, one bar per edition."""
    return trend_chart(
        ctx,
        "t4_devices",
        DEVICE_COLUMNS,
        "quarter_total",
        (
            _("Stacked bar chart of the explosive devices found per quarter by type, {first} to {last}."),
            _("In {last}, {value} devices were found, against {previous} in {previous_period}."),
            ctx.t(_("Explosive devices found")),
            _("Explosive devices found per quarter, {first} to {last}"),
        ),
    )
