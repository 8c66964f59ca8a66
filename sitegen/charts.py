"""Charts: a registry of chart definitions, drawn per language into deterministic SVG and PNG.

Each chart is computed in two steps. `prepare_*` functions turn an edition into plain data and
text (title, alt, source, data table, CSV, and a `Drawing`) without Matplotlib; `draw` turns a
`Drawing` into bytes. Drawing happens only on a cache miss, so a cached rebuild never imports
Matplotlib.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import metadata
from pathlib import Path

from babel.lists import format_list

from . import i18n, plot
from .dataset import Edition, Table
from .i18n import UNKNOWN_TEXT, format_date, format_number, format_percent
from .plot import CONTEXT, Drawing, Panel, Series, draw_all
from .schema import Schema, TableSchema

STYLE_VERSION = "1"
WRAP = 20  # characters per line of a category label
TITLE_WRAP = 18  # characters per line of a panel title when panels stand side by side


def _(text: str) -> str:
    """Mark a message id for `pybabel extract`; the language's gettext translates it later."""
    return text


@dataclass(frozen=True)
class Prepared:
    """A chart in one language before drawing: its text, data and drawing instructions."""

    chart_id: str
    lang: str
    title: str
    alt: str
    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    csv: str
    drawing: Drawing


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
class Context:
    """What a chart in one language is made from; the last edition is the one charted."""

    editions: tuple[Edition, ...]
    schema: Schema
    lang: str
    gettext: Callable[[str], str]

    @property
    def edition(self) -> Edition:
        """The edition being charted (trends also look at the earlier ones)."""
        return self.editions[-1]

    def t(self, msgid: str, **values: str) -> str:
        """Translate a message, then fill in its named values."""
        text = self.gettext(msgid)
        return text.format(**values) if values else text

    def name(self, spec: TableSchema, key: str) -> str:
        """A row's display name: from names.csv, or the schema's total/subtotal label."""
        return self.schema.row_label(spec, key, self.lang)

    def num(self, value: Decimal | None, decimals: int | None = None) -> str:
        """A number in the page language ('ukendt'/'unknown' for None)."""
        return format_number(value, self.lang, decimals)

    def amount(self, value: Decimal | None, unit: str, decimals: int | None = None) -> str:
        """A number with its unit word, as alt text shows it."""
        text = self.num(value, decimals)
        suffix = self.schema.units.get(unit, {}).get(self.lang)
        return f"{text}\u00a0{suffix}" if suffix and value is not None else text

    def share(self, part: Decimal | None, whole: Decimal | None) -> str:
        """A share as a percentage with one decimal, '4,8 %' / '4.8%'."""
        return format_percent(share_of(part, whole), self.lang, 1)

    def period(self, edition: Edition | None = None) -> str:
        """The edition's quarter: '1. kvartal 2025' / 'Q1 2025'."""
        edition = edition or self.edition
        match = re.fullmatch(r"(\d{4})-Q([1-4])", edition.id)
        if not match:
            return edition.id
        return self.t(_("Q{quarter} {year}"), quarter=match.group(2), year=match.group(1))

    def as_of(self) -> str:
        """The edition's data date, '31. marts 2025' / '31 March 2025'."""
        return format_date(self.edition.as_of, self.lang)

    def figure(self, key: str) -> Decimal | None:
        """A headline figure; a figure the edition lacks is unknown, never 0."""
        found = self.edition.figures.get(key)
        return found.value if found else None

    def names(self, items: Sequence[str]) -> str:
        """'a, b og c' / 'a, b and c'."""
        return format_list(list(items), locale=self.lang)


def share_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Part as a percentage of whole; unknown when either is unknown or the whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * 100


# --- Building blocks shared by chart definitions (pure, no Matplotlib) -------------------------


def members(spec: TableSchema, table: Table) -> tuple[str, ...]:
    """Rows drawn as bars: all but the total and subtotals (their members are drawn), in the
    schema's order; an optional row the edition lacks is left out, not shown as unknown."""
    present = {r.key for r in table.rows}
    return tuple(k for k in spec.row_order if k in present and k != spec.total and k not in spec.subtotals)


def wrap(text: str, width: int = WRAP) -> str:
    """Break a label into lines at spaces, so long names need no wide label column."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def name_lines(schema: Schema, spec: TableSchema, keys: Sequence[str]) -> int:
    """Lines the longest wrapped name needs in any language, so both languages get one size."""
    labels = [n.label.values() for k in keys if (n := schema.names.get((spec.rows, k)))]
    return max([len(wrap(text).splitlines()) for group in labels for text in group] or [1])


def decimals_of(values: Sequence[Decimal | None]) -> int:
    """One number of decimals for a whole column, so the column reads evenly."""
    known = [v for v in values if v is not None]
    return max([max(0, -v.normalize().as_tuple().exponent) for v in known] or [0])


def column_values(table: Table, keys: Sequence[str], column: str) -> tuple[Decimal | None, ...]:
    """A column's cells for the given rows, in that order."""
    return tuple(table.value(k, column) for k in keys)


def floats(values: Sequence[Decimal | None]) -> tuple[float | None, ...]:
    """Matplotlib draws floats; unknown stays None so it can never become a 0-length bar."""
    return tuple(None if v is None else float(v) for v in values)


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Machine-friendly CSV: ids and plain numbers ('.' decimals), 'unknown' for unknown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["unknown" if v is None else _plain(v) for v in row])
    return out.getvalue()


def _plain(value: object) -> str:
    """`44935`, not `4.4935E+4`: Decimal's plain notation without trailing zeros."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def source_line(ctx: Context, tables: Sequence[TableSchema] = (), pages: Sequence[int] = ()) -> str:
    """'Kilde: Bilag 219, tabel 3, s. 8' / 'Source: Bilag 219, Table 3, p. 8'."""
    parts = [ctx.t(_("Table {number}, p. {page}"), number=str(t.number), page=str(t.page)) for t in tables]
    if pages:
        parts.append(ctx.t(_("p. {pages}"), pages=", ".join(str(p) for p in sorted(set(pages)))))
    where = "; ".join(parts)
    return ctx.t(_("Source: {document}, {where}"), document=document_name(ctx.edition), where=where)


def document_name(edition: Edition) -> str:
    """The short name of the edition's source document, e.g. 'Bilag 219'."""
    document = str(edition.source.get("document", ""))
    match = re.search(r"Bilag \d+", document)
    return match.group(0) if match else document or edition.id


def figure_pages(ctx: Context, keys: Sequence[str]) -> list[int]:
    """The source pages of the headline figures a chart shows, for its source line."""
    return [ctx.edition.figures[k].page for k in keys if k in ctx.edition.figures]


def leader(ctx: Context, spec: TableSchema, table: Table, column: str, unit: str) -> dict[str, str]:
    """The row with the largest known value, with its share of the total, for alt text."""
    keys = members(spec, table)
    values = column_values(table, keys, column)
    decimals = decimals_of(values)
    known = [(v, k) for k, v in zip(keys, values, strict=True) if v is not None]
    if not known:
        return {"name": UNKNOWN_TEXT[ctx.lang], "amount": UNKNOWN_TEXT[ctx.lang]}
    value, key = max(known, key=lambda pair: pair[0])
    total = table.value(spec.total, column) if spec.total else None
    return {"name": ctx.name(spec, key), "amount": of_total(ctx, value, total, unit, decimals)}


def of_total(ctx: Context, value: Decimal, total: Decimal | None, unit: str, decimals: int) -> str:
    """'7.642,9 ha (69,5 % af 11.002,4 ha)', or just the value when the total is unknown."""
    amount = ctx.amount(value, unit, decimals)
    if share_of(value, total) is None:
        return amount
    return ctx.t(
        _("{value} ({share} of {total})"),
        value=amount,
        share=ctx.share(value, total),
        total=ctx.amount(total, unit, decimals),
    )


def unknown_note(ctx: Context, names: Sequence[str]) -> str:
    """A sentence naming the rows the source gives no figure for ('' when there are none)."""
    if not names:
        return ""
    return " " + ctx.t(_("The source gives no figure for {names}."), names=ctx.names(names))


def unknown_rows(ctx: Context, spec: TableSchema, table: Table, columns: Sequence[str]) -> list:
    """Names of the drawn rows with an unknown value in any of the columns."""
    keys = members(spec, table)
    return [ctx.name(spec, k) for k in keys if any(table.value(k, c) is None for c in columns)]


def table_parts(
    ctx: Context, spec: TableSchema, table: Table, columns: Sequence[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    """The accessible table (member rows and the total) and the CSV of the chart's columns."""
    keys = members(spec, table) + ((spec.total,) if spec.total else ())
    labels = {c.name: c.label[ctx.lang] for c in spec.columns}
    decimals = {c: decimals_of(column_values(table, keys, c)) for c in columns}
    headers = (
        ctx.schema.lists.get(spec.rows, {}).get(ctx.lang, spec.rows),
        *(labels[c] for c in columns),
    )
    rows = tuple(
        (ctx.name(spec, k), *(ctx.num(table.value(k, c), decimals[c]) for c in columns)) for k in keys
    )
    data = to_csv((spec.rows, *columns), [(k, *(table.value(k, c) for c in columns)) for k in keys])
    return headers, rows, data


def column_panel(ctx: Context, spec: TableSchema, table: Table, column: str, title: str) -> Panel:
    """One panel of horizontal bars: a table column over the member rows."""
    keys = members(spec, table)
    values = column_values(table, keys, column)
    decimals = decimals_of(column_values(table, (*keys, spec.total or keys[0]), column))
    return Panel(
        title=title,
        axis="",
        categories=tuple(wrap(ctx.name(spec, k)) for k in keys),
        series=(Series("", floats(values), 0),),
        labels=tuple(ctx.num(v, decimals) for v in values),
    )


def table_chart(
    ctx: Context,
    table_id: str,
    panels: Sequence[tuple[str, str]],
    texts: tuple[str, str],
    side_by_side: bool = True,
) -> Prepared:
    """Panels of horizontal bars, one per (column, panel title), over a table's member rows."""
    spec, table = ctx.schema.tables[table_id], ctx.edition.tables[table_id]
    columns = [c for c, _title in panels]
    width = TITLE_WRAP if side_by_side and len(panels) > 1 else 28
    drawn = tuple(column_panel(ctx, spec, table, c, wrap(t, width)) for c, t in panels)
    headers, rows, data = table_parts(ctx, spec, table, columns)
    source = source_line(ctx, [spec])
    alt = texts[1] + unknown_note(ctx, unknown_rows(ctx, spec, table, columns))
    lines = name_lines(ctx.schema, spec, members(spec, table))
    drawing = Drawing(ctx.lang, drawn, source, lines, side_by_side=side_by_side)
    return Prepared("", ctx.lang, texts[0], alt, source, headers, rows, data, drawing)


def figure_chart(
    ctx: Context,
    items: Sequence[tuple[str, str, Decimal | None, int]],
    whole: Decimal | None,
    texts: tuple[str, str, str, str, str],
    keys: Sequence[tuple[str, Decimal | None, str]],
) -> Prepared:
    """Bars for a few headline figures, (csv key, label, value, style), each with its share of
    the whole; texts are the title, alt, value axis and the table's row and value headers."""
    title, alt, axis, row_header, value_header = texts
    labels = tuple(_figure_label(ctx, v, whole) for _k, _l, v, _s in items)
    panel = Panel(
        title="",
        axis=axis,
        categories=tuple(wrap(label) for _k, label, _v, _s in items),
        series=(Series("", floats([v for _k, _l, v, _s in items]), 0),),
        labels=labels,
        styles=tuple(s for _k, _l, _v, s in items),
    )
    headers = (row_header, value_header, ctx.t(_("Share")))
    rows = tuple((label, ctx.num(v), ctx.share(v, whole)) for _k, label, v, _s in items)
    data = to_csv(("key", "value", "unit"), keys)
    source = source_line(ctx, pages=figure_pages(ctx, [k for k, _v, _u in keys]))
    lines = max(2, *(len(c.splitlines()) for c in panel.categories))
    drawing = Drawing(ctx.lang, (panel,), source, lines)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def _figure_label(ctx: Context, value: Decimal | None, whole: Decimal | None) -> str:
    """A figure's own precision, with its share of the whole unless it is the whole."""
    share = share_of(value, whole)
    if share is None or share == 100:
        return ctx.num(value)
    return f"{ctx.num(value)} ({format_percent(share, ctx.lang, 1)})"


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
    return table_chart(ctx, "t3_area", panels, (title, alt), side_by_side=False)


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
        tuple(wrap(ctx.name(spec, k)) for k in keys),
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
    drawing = Drawing(ctx.lang, (panel,), source, name_lines(ctx.schema, spec, keys), legend=True)
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
            ctx.t(_("Most area was cleared in {name}: {amount}."), **area),
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
                _("Most victims were caused by {name}: {amount}."),
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
    year = str(ctx.edition.period_end.year)
    key = f"workplan_{year}_ha"
    target, cleared, cleared_key = ctx.figure(key), *year_to_date(ctx)
    date = format_date(ctx.edition.period_end, ctx.lang).replace(" ", "\u00a0")  # one line
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
    decimals = decimals_of(values[total_column])
    series = tuple(
        Series(device_label(ctx, c) if len(columns) > 1 else "", floats(values[c]), i)
        for i, c in enumerate(columns)
    )
    periods = tuple(ctx.period(e) for e in ctx.editions)
    panel = Panel(
        "",
        texts[2],
        tuple(wrap(p, 10) for p in periods),
        series,
        tuple(ctx.num(v, decimals) for v in values[total_column]),
    )
    cols = tuple(dict.fromkeys((*columns, total_column)))
    headers = (ctx.t(_("Quarter")), *(labels[c] for c in cols))
    rows = tuple(
        (p, *(ctx.num(values[c][i], decimals_of(values[c])) for c in cols)) for i, p in enumerate(periods)
    )
    data = to_csv(
        ("edition", *cols),
        [(e.id, *(values[c][i] for c in cols)) for i, e in enumerate(ctx.editions)],
    )
    source = trend_source(ctx, spec)
    alt = trend_alt(ctx, texts, periods, values[total_column], decimals)
    drawing = Drawing(ctx.lang, (panel,), source, 2, vertical=True, legend=len(columns) > 1)
    title = ctx.t(texts[3], first=periods[0], last=periods[-1])
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


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
    for path in (Path(__file__), Path(plot.__file__), Path(i18n.__file__)):
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
