"""HTML for what prose references: figures with their notes, data tables, charts and the notes list."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from babel.lists import format_list
from markupsafe import Markup

from ..compute.editions import EditionView, Implied, Inconsistency
from ..compute.figures import Discrepancy, Value, spell_formula
from ..load.schema import TableSchema
from . import formats
from .context import RenderContext
from .formats import _, format_period
from .sources import source_line, where


class BlockRenderer:
    """Resolves references of one page (its language and edition) to HTML."""

    def __init__(self, ctx: RenderContext, lang: str, view: EditionView | None) -> None:
        self.ctx, self.lang, self.view = ctx, lang, view
        self._figures: dict[tuple[str, str], str | None] = {}
        self._shown: Counter[tuple[str, str | None]] = Counter()  # blocks so far on the page

    def figure(self, key: str, style: str = "") -> str | None:
        """A formatted figure, with the source discrepancy beside it when there is one.

        `style` is "" (with its unit), "plain" (the number alone) or "words" (a whole number below
        ten in words, as ministries write counts in running text). Memoised: the Markdown stage asks
        once to check a reference and again to render it."""
        if (key, style) not in self._figures:
            self._figures[(key, style)] = self._format_figure(key, style)
        return self._figures[(key, style)]

    def _format_figure(self, key: str, style: str) -> str | None:
        if self.view is None or key not in self.view.values:
            return None
        value = self.view.values[key]
        text = (formats.number_words(value.value, self.lang) if style == "words" else None) or (
            formats.format_value(value.value, value.unit, self.suffix(value.unit), self.lang, bool(style))
        )
        css = "fig unknown" if value.value is None else "fig"
        html = Markup('<span class="{}">{}</span>').format(css, text)
        note = next((d for d in self.view.discrepancies if d.key == key), None)
        if note is not None:
            html += self.render(
                "blocks/figure_note.html",
                note=note,
                data_url=self.data_url(),
                recomputed=self.format(note.recomputed, note.unit, note.stated),
            )
        return str(html)

    def format(self, value: Decimal, unit: str, like: Decimal) -> str:
        """A recomputed value at the stated value's precision, percentages with at least one decimal.

        A note exists only when the two differ by more than half a unit of the stated last digit, so
        at that precision the difference always shows; one decimal keeps every share alike (8,2 %)."""
        decimals = max(0, -like.as_tuple().exponent)
        if unit == "pct":
            return formats.format_percent(value, self.lang, max(decimals, 1))
        return formats.format_number(value, self.lang, decimals)

    def data_url(self) -> str:
        """The edition's data page, where every note is listed."""
        route = self.ctx.data.site.find(self.lang, self.view.edition.slug, "data")
        return self.ctx.link(route.path) if route else ""

    def block(self, kind: str, ident: str | None) -> str | None:
        """HTML for a block reference, or None when it names nothing. A block shown again on the page (a
        warning, see bodies.repeated_blocks) gets ids of its own, so the page's ids stay unique."""
        html = self._block(kind, ident)
        self._shown[(kind, ident)] += html is not None
        count = self._shown[(kind, ident)]
        return renumber_ids(html, count) if html and count > 1 else html

    def _block(self, kind: str, ident: str | None) -> str | None:
        if self.view is None:
            return None
        if kind == "table":
            return self.table(ident or "")
        if kind == "chart":
            return self.chart(ident or "")
        if kind == "changes":
            return self.changes()
        return self.render(
            "blocks/notes.html",
            notes=[self.note(d) for d in self.view.discrepancies],
            revisions=[self.revision(i) for i in self.view.inconsistencies],
        )

    def revision(self, i: Inconsistency) -> dict:
        """A cumulative figure that does not follow from the previous edition, for the notes list."""
        numbers = {"stated": i.stated, "previous": i.previous, "quarter": i.quarter,
                   "expected": i.expected, "difference": i.difference}  # fmt: skip
        return {
            "key": i.key,
            "label": self.value_label(i.key),
            **{name: formats.format_number(v, self.lang) for name, v in numbers.items()},
            "kind": "falls" if i.falls else "gap" if i.gap else "flow",
            "explanation": i.revision.get(self.lang) if i.revision else None,
            "within": i.within_tolerance,
        }

    def value_label(self, key: str) -> str:
        """A figure's name for readers; a table cell is named by table, row and column."""
        value = self.view.values[key]
        parts = key.split(".")
        if len(parts) == 3 and parts[0] in self.ctx.data.schema.tables:
            spec = self.ctx.data.schema.tables[parts[0]]
            row = self.ctx.data.schema.row_label(spec, parts[1], self.lang)
            return f"{spec.title[self.lang]}: {row}, {value.label[self.lang]}"
        return value.label[self.lang]

    def changes(self) -> str:
        """Every figure against the previous edition, with what the comparison spans, the flows a gap
        implies, the year to date and the trend charts."""
        view = self.view
        if view.previous is None:
            return self.render("blocks/changes.html", previous=None, figures=[], tables=[], trends=[])
        figures, tables = [], {}
        for change in view.changes:
            value = view.values[change.key]
            before = self.ctx.data.views[view.previous.slug].values[change.key]
            row = {
                "label": self.value_label(change.key),
                "previous": self.shown(before),
                "current": self.shown(value),
                "absolute": self.signed(change.absolute),
                "percent": self.signed(change.percent, pct=True),
                "ytd": formats.format_number(view.year_to_date[change.key], self.lang)
                if change.key in view.year_to_date
                else "",
            }
            if value.table:
                tables.setdefault(value.table, []).append(row)
            elif not change.key.startswith("calc."):
                figures.append(row)
        drawn = self.ctx.data.charts or {}  # a trend with fewer than two known quarters is left out
        trends = [
            self.chart(c)
            for c in self.ctx.data.chart_ids
            if c.startswith("trend-") and (view.edition.slug, c, self.lang) in drawn
        ]
        titles = {t: self.ctx.data.schema.tables[t].title[self.lang] for t in tables}
        gettext = self.ctx.translate[self.lang]
        return self.render(
            "blocks/changes.html",
            previous=self.ctx.edition_info(view.previous, self.lang),
            span=self.span(view.span),
            gap=self.names([format_period(p, gettext) for p in view.gap]),
            implied=[self.implied(i) for i in view.implied],
            figures=figures,
            tables=[{"title": titles[t], "rows": rows} for t, rows in tables.items()],
            trends=[Markup(t) for t in trends if t],
        )

    def span(self, quarters: int) -> str:
        """'ét kvartal senere' / 'three quarters later': how far apart two compared editions are (a count
        below ten in words, as running text writes it)."""
        gettext = self.ctx.translate[self.lang]
        if quarters == 1:
            return gettext(_("one quarter later"))
        n = formats.number_words(Decimal(quarters), self.lang) or str(quarters)
        return gettext(_("{n} quarters later")).format(n=n) if quarters > 1 else ""

    def names(self, items: list[str]) -> str:
        """'a, b og c' / 'a, b and c'."""
        return format_list(items, locale=self.lang) if items else ""

    def implied(self, i: Implied) -> dict:
        """A flow over the gap, implied by two cumulative figures, for the changes block."""
        value = self.view.values[i.key]
        amount = formats.format_value(i.amount, value.unit, self.suffix(value.unit), self.lang)
        return {
            "key": i.key,
            "label": self.value_label(i.key),
            "amount": amount,
            "with_current": i.includes_current,
        }

    def shown(self, value: Value) -> str:
        """A figure outside prose: formatted with its unit, marked 'ca.' / 'approx.' when the source
        says it is approximate (prose says 'nearly' or 'over' in its own words)."""
        text = formats.format_value(value.value, value.unit, self.suffix(value.unit), self.lang)
        if value.approx and value.value is not None:
            return self.ctx.translate[self.lang](_("approx. {value}")).format(value=text)
        return text

    def signed(self, value: Decimal | None, pct: bool = False) -> str:
        """+1.234,5 / −12 with a real minus sign; unknown when either edition lacks the figure."""
        if value is None:
            return formats.UNKNOWN_TEXT[self.lang]
        size = (
            formats.format_percent(abs(value), self.lang, 1)
            if pct
            else formats.format_number(abs(value), self.lang)
        )
        return ("+" if value > 0 else "−" if value < 0 else "±") + size

    def note(self, d: Discrepancy) -> dict:
        """A discrepancy for the notes list: what the source states, what its own figures give, and how."""
        formula, keys = spell_formula(d.formula, self.term, lambda n: formats.format_number(n, self.lang))
        return {
            "key": d.key,
            "label": d.label[self.lang],
            "where": where(self.view.edition, d.ref, self.lang, self.ctx.translate[self.lang])
            if d.ref
            else "",
            "stated": Markup(formats.format_value(d.stated, d.unit, self.suffix(d.unit), self.lang)),
            "recomputed": self.format(d.recomputed, d.unit, d.stated),
            "formula": formula,
            "terms": "; ".join(f"{self.term(key)}: {self.term_label(key)}" for key in keys),
        }

    def term(self, key: str) -> str:
        """A figure inside a written-out formula: its value with its unit, as prose shows it."""
        value = self.view.values[key]
        return formats.format_value(value.value, value.unit, self.suffix(value.unit), self.lang)

    def term_label(self, key: str) -> str:
        """Where a formula's figure comes from: its label, or a table cell as 'tabel 4, I alt, <column>'."""
        parts, schema = key.split("."), self.ctx.data.schema
        label = self.view.values[key].label[self.lang]
        if len(parts) == 3 and parts[0] in schema.tables:
            spec, ref = schema.tables[parts[0]], self.view.edition.table_refs.get(parts[0])
            gettext = self.ctx.translate[self.lang]
            number = ref.number if ref else ""
            table = gettext(_("Table {number}")).format(number=number) if number else spec.title[self.lang]
            return f"{table}, {schema.row_label(spec, parts[1], self.lang)}, {label}"
        return label

    def suffix(self, unit: str) -> str:
        return self.ctx.data.schema.units.get(unit, {}).get(self.lang, "")

    def table(self, table_id: str) -> str | None:
        schema = self.ctx.data.schema
        spec = schema.tables.get(table_id)
        if spec is None:
            return None
        edition = self.view.edition
        table = edition.tables.get(table_id)
        if table is None:
            return self.render("blocks/table_missing.html", title=spec.title[self.lang])
        order = {k: i for i, k in enumerate(spec.row_order)}
        decimals = {
            c.name: formats.column_decimals([r.values[c.name] for r in table.rows]) for c in spec.columns
        }
        rows = []
        for row in sorted(table.rows, key=lambda r: order.get(r.key, len(order))):
            cells = [
                formats.format_number(row.values[c.name], self.lang, decimals[c.name]) for c in spec.columns
            ]
            label = schema.row_label(spec, row.key, self.lang)
            rows.append({"label": label, "kind": row_kind(spec, row.key), "cells": cells})
        ref = edition.table_refs.get(table_id)  # missing only in a project that fails to build
        gettext = self.ctx.translate[self.lang]
        return self.render(
            "blocks/table.html",
            spec=spec,
            rows=rows,
            number=ref.number if ref else "",
            as_of=ref.as_of if ref and ref.as_of else edition.as_of,
            source=source_line(edition, [ref], self.lang, gettext),
            unchecked=self.names([c.label[self.lang] for c in spec.columns if c.name in table.unchecked]),
            header=header_rows(spec, schema.lists[spec.rows][self.lang], self.lang),
            csv_url=self.ctx.link(f"data/{edition.slug}/{table_id}.csv"),
        )

    def chart(self, chart_id: str) -> str | None:
        if chart_id not in self.ctx.data.chart_ids:
            return None
        charts = self.ctx.data.charts
        if charts is None:
            return ""
        result = charts.get((self.view.edition.slug, chart_id, self.lang))
        if result is None:
            return self.render("blocks/chart_missing.html", chart_id=chart_id)
        base = f"charts/{self.view.edition.slug}/{chart_id}"
        return self.render(
            "blocks/chart.html",
            chart=result,
            wide=self.ctx.link(f"{base}-{self.lang}.svg"),
            narrow=self.ctx.link(f"{base}-{self.lang}-narrow.svg"),
            png=self.ctx.link(f"{base}-{self.lang}.png"),
            csv=self.ctx.link(f"{base}.csv"),
            tables=self.source_tables(chart_id),
        )

    def source_tables(self, chart_id: str) -> list[dict]:
        """Links to the full tables a chart is drawn from, on the edition's data page: by the table's
        number in its source, or by its title where the source numbers none."""
        data_url, schema, edition = self.data_url(), self.ctx.data.schema, self.view.edition
        tables = [t for t in self.ctx.data.chart_tables.get(chart_id, ()) if t in edition.tables]
        if not data_url:
            return []
        refs = {t: edition.table_refs.get(t) for t in tables}
        return [
            {
                "number": refs[t].number if refs[t] else "",
                "title": schema.tables[t].title[self.lang],
                "url": f"{data_url}#table-{t}",
            }
            for t in tables
        ]

    def render(self, template: str, **context: object) -> Markup:
        return self.ctx.fragment(self.lang, template, **context)


def renumber_ids(html: str, n: int) -> str:
    """A fragment's ids, and the references to them, with the suffix -n: 'table-t3' -> 'table-t3-2'."""
    for ident in sorted(set(re.findall(r'\sid="([^"]+)"', html)), key=len, reverse=True):
        html = re.sub(rf'(["#]){re.escape(ident)}"', rf'\g<1>{ident}-{n}"', html)
    return str(html)


def row_kind(spec: TableSchema, key: str) -> str:
    """How a table row is styled: the total, a subtotal, a member of a subtotal, or a plain row."""
    if key == spec.total:
        return "total"
    if key in spec.subtotals:
        return "subtotal"
    return "member" if any(key in members for members in spec.subtotals.values()) else "row"


def header_rows(spec: TableSchema, row_header: str, lang: str) -> dict:
    """A table's heading cells in one row, or two where column groups head their columns' short headings.

    Also the spans of its <colgroup> elements: the row headings, then each group or single column."""
    top, below, spans = [{"text": row_header, "scope": "col", "rowspan": 1, "colspan": 1}], [], [1]
    groups = {g.columns[0]: g for g in spec.groups}
    grouped = {name for g in spec.groups for name in g.columns}
    for column in spec.columns:
        if column.name in groups:
            group = groups[column.name]
            top.append(
                {"text": group.label[lang], "scope": "colgroup", "rowspan": 1, "colspan": len(group.columns)}
            )
            spans.append(len(group.columns))
        elif column.name not in grouped:
            top.append({"text": column.label[lang], "scope": "col", "rowspan": 1, "colspan": 1})
            spans.append(1)
        if column.name in grouped:
            below.append(
                {"text": (column.short or column.label)[lang], "scope": "col", "rowspan": 1, "colspan": 1}
            )
    if below:
        for cell in top:
            cell["rowspan"] = 1 if cell["scope"] == "colgroup" else 2
    return {"rows": [top, below] if below else [top], "spans": spans}
