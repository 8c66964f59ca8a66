"""What chart definitions are made of: the per-language context and shared pieces (no Matplotlib)."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from babel.lists import format_list

from ..load.dataset import Edition, Table
from ..load.periods import Period
from ..load.schema import Schema, TableSchema
from ..render import sources
from ..render.formats import UNKNOWN_TEXT, format_date, format_number, format_percent
from ..render.sources import period_label
from .plot import Drawing, Panel, Series

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
        """The edition's period: '1. kvartal 2025' / 'Q1 2025', or '2025' for a year."""
        return self.period_of((edition or self.edition).period)

    def period_of(self, period: Period) -> str:
        """A period in words, whether or not an edition covers it."""
        return period_label(period, self.gettext)

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
    side_by_side: bool = True,
    missing: Sequence[str] = (),
) -> Prepared:
    """Panels of horizontal bars, one per (column, panel title), over a table's member rows;
    `missing` names the panels left out because the edition gives no figure for them."""
    spec, table = ctx.schema.tables[table_id], ctx.edition.tables[table_id]
    columns = [c for c, _title in panels]
    width = TITLE_WRAP if side_by_side and len(panels) > 1 else 28
    drawn = tuple(column_panel(ctx, spec, table, c, wrap(t, width)) for c, t in panels)
    headers, rows, data = table_parts(ctx, spec, table, columns)
    source = source_line(ctx, [table_id])
    alt = texts[1] + unknown_note(ctx, unknown_rows(ctx, spec, table, columns)) + missing_note(ctx, missing)
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
    source = source_line(ctx, figures=[k for k, _v, _u in keys])
    lines = max(2, *(len(c.splitlines()) for c in panel.categories))
    drawing = Drawing(ctx.lang, (panel,), source, lines)
    return Prepared("", ctx.lang, title, alt, source, headers, rows, data, drawing)


def _figure_label(ctx: Context, value: Decimal | None, whole: Decimal | None) -> str:
    """A figure's own precision, with its share of the whole unless it is the whole."""
    share = share_of(value, whole)
    if share is None or share == 100:
        return ctx.num(value)
    return f"{ctx.num(value)} ({format_percent(share, ctx.lang, 1)})"
