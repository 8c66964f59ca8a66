"""What chart definitions are made of: the per-language context and shared pieces (no Matplotlib)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from babel.lists import format_list

from ..compute.series import Series as TimeSeries
from ..load.dataset import Edition, Table
from ..load.periods import Period
from ..load.schema import Schema, TableSchema
from ..render import sources
from ..render.formats import (
    UNKNOWN_TEXT,
    _,
    column_decimals,
    csv_text,
    format_date,
    format_number,
    format_percent,
    format_period,
    format_value,
)
from .drawing import Drawing, Panel, Series


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
    note: str = ""  # said over the chart's table where it holds more than the drawing shows


@dataclass(frozen=True)
class Context:
    """What a chart in one language is made from; the last edition is the one charted."""

    editions: tuple[Edition, ...]
    schema: Schema
    lang: str
    gettext: Callable[[str], str]
    messages: Mapping[str, Callable[[str], str]] = field(default_factory=dict)  # every language's gettext
    series: TimeSeries | None = None  # the archive's series (trends); None: no trend is drawn

    @property
    def edition(self) -> Edition:
        """The edition being charted (trends also look at the earlier ones)."""
        return self.editions[-1]

    def t(self, msgid: str, **values: str) -> str:
        """Translate a message, then fill in its named values."""
        text = self.gettext(msgid)
        return text.format(**values) if values else text

    def everywhere(self, msgid: str, **values: str) -> tuple[str, ...]:
        """A message in this language, then in the others: a drawing is sized for the longest."""
        others = [g for lang, g in sorted(self.messages.items()) if lang != self.lang]
        return tuple(g(msgid).format(**values) if values else g(msgid) for g in (self.gettext, *others))

    def name(self, spec: TableSchema, key: str) -> str:
        """A row's display name: from names.csv, or the schema's total/subtotal label."""
        return self.schema.row_label(spec, key, self.lang)

    def num(self, value: Decimal | None, decimals: int | None = None) -> str:
        """A number in the page language ('ukendt'/'unknown' for None)."""
        return format_number(value, self.lang, decimals)

    def amount(self, value: Decimal | None, unit: str, decimals: int | None = None) -> str:
        """A number with its unit, as prose shows it ('11.002,4 ha', 'USD 464 million');
        `decimals` evens out a column of numbers."""
        suffix = self.schema.units.get(unit, {}).get(self.lang, "")
        if decimals is None:
            return format_value(value, unit, suffix, self.lang)
        text = self.num(value, decimals)
        return f"{text}\u00a0{suffix}" if suffix and value is not None else text

    def share(self, part: Decimal | None, whole: Decimal | None) -> str:
        """A share as a percentage with one decimal, '4,8 %' / '4.8%'."""
        return format_percent(share_of(part, whole), self.lang, 1)

    def period(self, edition: Edition | None = None) -> str:
        """The edition's period: '1. kvartal 2025' / 'Q1 2025', or '2025' for a year."""
        return self.period_of((edition or self.edition).period)

    def period_of(self, period: Period, gettext: Callable[[str], str] | None = None) -> str:
        """A period in words, whether or not an edition covers it (in another language with its gettext)."""
        return format_period(period, gettext or self.gettext)

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


def row_names(ctx: Context, spec: TableSchema, keys: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Each row's name in this language, then in the others, for sizes that match across languages."""
    langs = (ctx.lang, *sorted(lang for lang in ctx.messages if lang != ctx.lang))
    return tuple(tuple(ctx.schema.row_label(spec, k, lang) for lang in langs) for k in keys)


def table_decimals(table: Table, column: str) -> int:
    """The decimals a table column is shown with everywhere: the most the source prints in it."""
    return column_decimals([r.values[column] for r in table.rows])


def column_values(table: Table, keys: Sequence[str], column: str) -> tuple[Decimal | None, ...]:
    """A column's cells for the given rows, in that order."""
    return tuple(table.value(k, column) for k in keys)


def floats(values: Sequence[Decimal | None]) -> tuple[float | None, ...]:
    """Matplotlib draws floats; unknown stays None so it can never become a 0-length bar."""
    return tuple(None if v is None else float(v) for v in values)


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Machine-friendly CSV: ids and plain numbers ('.' decimals), 'unknown' for unknown."""
    return csv_text(header, [["unknown" if v is None else _plain(v) for v in row] for row in rows])


def _plain(value: object) -> str:
    """`44935`, not `4.4935E+4`: Decimal's plain notation without trailing zeros."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def source_line(ctx: Context, tables: Sequence[str] = (), figures: Sequence[str] = ()) -> str:
    """'Kilde: Bilag 219, tabel 3, s. 8' / 'Source: Bilag 219, Table 3, p. 8': the edition's sources of
    the tables and headline figures a chart shows."""
    edition = ctx.edition
    refs = [edition.table_refs.get(t) for t in tables]
    refs += [edition.figures[k].ref for k in figures if k in edition.figures]
    return sources.source_line(edition, refs, ctx.lang, ctx.gettext)


def leader(ctx: Context, spec: TableSchema, table: Table, column: str, unit: str) -> dict[str, str]:
    """The row with the largest known value, with its share of the total, for alt text."""
    keys = members(spec, table)
    values = column_values(table, keys, column)
    decimals = table_decimals(table, column)
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
    decimals = {c: table_decimals(table, c) for c in columns}
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
    decimals = table_decimals(table, column)
    return Panel(
        title=title,
        axis="",
        categories=tuple(ctx.name(spec, k) for k in keys),
        series=(Series("", floats(values), 0),),
        labels=tuple(ctx.num(v, decimals) for v in values),
    )


def known_columns(
    ctx: Context, table_id: str, panels: Sequence[Sequence[tuple[str, str]]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """For each panel the first (column, title) the edition gives any figure for (e.g. the year to date
    when the quarter is unknown); and the titles of the panels it gives nothing for."""
    spec, table = ctx.schema.tables[table_id], ctx.edition.tables[table_id]
    declared = {c.name for c in spec.columns}
    keys = members(spec, table)
    chosen, missing = [], []
    for choices in panels:
        found = next(
            (c for c in choices if c[0] in declared and any(table.value(k, c[0]) is not None for k in keys)),
            None,
        )
        if found:
            chosen.append(found)
        else:
            missing.append(choices[0][1])
    return chosen, missing


def partial_texts(ctx: Context, spec: TableSchema, titles: Sequence[str]) -> tuple[str, str]:
    """Title and opening sentence of a chart that shows only some of its usual panels."""
    rows = inline(ctx.schema.lists.get(spec.rows, {}).get(ctx.lang, spec.rows))
    panels = ctx.names([inline(t) for t in titles])
    return ctx.t(_("Per {rows}: {panels}"), rows=rows, panels=panels), ctx.t(
        _("Bar charts per {rows}: {panels}."), rows=rows, panels=panels
    )


def missing_note(ctx: Context, titles: Sequence[str]) -> str:
    """' The source gives no figures for: …' naming what a chart cannot show ('' when nothing is missing)."""
    if not titles:
        return ""
    return " " + ctx.t(
        _("The source gives no figures for: {panels}."), panels=ctx.names([inline(t) for t in titles])
    )


def inline(name: str) -> str:
    """A common noun in mid-sentence ('Panserminer (ATM)' -> 'panserminer (ATM)'); acronyms stay."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def table_chart(
    ctx: Context,
    table_id: str,
    panels: Sequence[tuple[str, str]],
    texts: tuple[str, str],
    missing: Sequence[str] = (),
) -> Prepared:
    """Panels of horizontal bars, one per (column, panel title), over a table's member rows;
    `missing` names the panels left out because the edition gives no figure for them."""
    spec, table = ctx.schema.tables[table_id], ctx.edition.tables[table_id]
    columns = [c for c, _title in panels]
    drawn = tuple(column_panel(ctx, spec, table, c, t) for c, t in panels)
    headers, rows, data = table_parts(ctx, spec, table, columns)
    source = source_line(ctx, [table_id])
    alt = texts[1] + unknown_note(ctx, unknown_rows(ctx, spec, table, columns)) + missing_note(ctx, missing)
    names = row_names(ctx, spec, members(spec, table))
    drawing = Drawing(ctx.lang, drawn, source, names)
    return Prepared("", ctx.lang, texts[0], alt, source, headers, rows, data, drawing)


@dataclass(frozen=True)
class Part:
    """One part of a whole in a parts chart: its CSV key, names (this language first) and value."""

    key: str
    names: tuple[str, ...]
    value: Decimal | None
    style: int


def parts_chart(
    ctx: Context,
    parts: Sequence[Part],
    whole: tuple[str, Decimal | None],
    unit: str,
    texts: tuple[str, str, str],
    keys: Sequence[tuple[str, Decimal | None, str]],
) -> Prepared:
    """One bar split into the parts of a whole, each part with its value and share of the whole.

    `whole` is the whole's name and value; texts are the title, alt text and the table's row header."""
    title, alt, row_header = texts
    name, total = whole
    labels = tuple(_part_label(ctx, p.value, total, unit) for p in parts)
    panel = Panel(
        title=f"{name}: {ctx.amount(total, unit)}",
        axis="",
        categories=tuple(p.names[0] for p in parts),
        series=(Series("", floats([p.value for p in parts]), 0),),
        labels=labels,
        styles=tuple(p.style for p in parts),
    )
    unit_name = ctx.schema.units.get(unit, {}).get(ctx.lang) or ctx.t(_("Number"))
    headers = (row_header, unit_name, ctx.t(_("Share")))
    rows = tuple((p.names[0], ctx.num(p.value), ctx.share(p.value, total)) for p in parts)
    rows += ((name, ctx.num(total), ctx.share(total, total)),)
    data = to_csv(("key", "value", "unit"), keys)
    source = source_line(ctx, figures=[k for k, _v, _u in keys])
    drawing = Drawing(ctx.lang, (panel,), source, tuple(p.names for p in parts), parts=True)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def _part_label(ctx: Context, value: Decimal | None, whole: Decimal | None, unit: str) -> str:
    """A part's value with its unit and its share of the whole: '1.907,9 km² (16,4 %)'."""
    share = share_of(value, whole)
    amount = ctx.amount(value, unit)
    return amount if share is None else f"{amount} ({format_percent(share, ctx.lang, 1)})"


def remainder(whole: Decimal | None, parts: Sequence[Decimal | None]) -> Decimal | None:
    """What the parts leave of the whole (None when any is unknown or nothing is left)."""
    if whole is None or any(p is None for p in parts):
        return None
    rest = whole - sum(parts, Decimal(0))
    return rest if rest > 0 else None
