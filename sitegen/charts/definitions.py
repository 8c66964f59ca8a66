"""The chart definitions: each turns an edition into a chart's text, table, CSV and drawing, per language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from ..load.schema import TableSchema
from ..render.formats import format_date
from .drawing import Drawing, Panel, Series
from .kit import (
    Context,
    Part,
    Prepared,
    _,
    column_values,
    floats,
    inline,
    known_columns,
    leader,
    members,
    partial_texts,
    parts_chart,
    remainder,
    row_names,
    source_line,
    table_chart,
    table_parts,
    unknown_note,
    unknown_rows,
)
from .plot import CONTEXT

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
    return chosen_chart(ctx, spec, options, texts, sentences)


def chosen_chart(
    ctx: Context,
    spec: TableSchema,
    options: list[list[tuple[str, str]]],
    texts: tuple[str, str],
    sentences: dict,
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
    return table_chart(ctx, spec.id, chosen, (title, alt), missing=missing)


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
        tuple(ctx.name(spec, k) for k in keys),
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
    drawing = Drawing(ctx.lang, (panel,), source, row_names(ctx, spec, keys), legend=True)
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
        _("The largest area was cleared in {name}: {amount}."),
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
            _("Most of the victims were harmed by {name}: {amount}."),
            name=inline(top["name"]),
            amount=top["amount"],
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
    year = str(ctx.edition.period.year)
    key = f"workplan_{year}_ha"
    target, cleared, cleared_key = ctx.figure(key), *year_to_date(ctx)
    ref = ctx.edition.table_refs.get("t5_districts")
    day = ref.as_of if ref and ref.as_of else ctx.edition.as_of
    date = format_date(day, ctx.lang).replace(" ", "\u00a0")  # one line
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
