"""Each edition's figures as an Excel workbook per language, for staff who work in Excel: a first sheet
that says what the figures are, where they come from and how to cite them; the key figures; a sheet
per table; the series over time. Numbers are stored as numbers; the same input gives the same bytes."""

from __future__ import annotations

import io
import math
import os
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..compute.series import Series
from ..load.dataset import Edition
from ..load.periods import Period, parse_period
from ..load.schema import Schema, TableSchema
from ..load.settings import Config
from ..render.blocks import row_kind
from ..render.formats import _, column_decimals, format_date, format_period, neutralise
from ..render.sources import authors, short_names, source_line, sources_sentence, where

Gettext = Callable[[str], str]
BOLD, TITLE = Font(name="Calibri", bold=True), Font(name="Calibri", bold=True, size=14)  # the body's font
WRAP, TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")  # rows read from the top
HEADER_ROW = 4  # a table sheet: caption, source line, a blank row, then the header row
LINE = 15  # points per line of 11-point text


class _Sheet:
    """A worksheet with the few things every sheet here does: text made safe, numbers as numbers."""

    def __init__(self, ws: Worksheet, gettext: Gettext, author: str) -> None:
        self.ws, self.gettext, self.author = ws, gettext, author
        self.wrapped: dict[int, list[tuple[int, str]]] = {}  # row -> (column, text) of wrapped cells

    def text(self, row: int, col: int, text: str, font: Font | None = None, wrap: bool = False) -> None:
        cell = self.ws.cell(row, col, neutralise(text))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if font:
            cell.font = font
        cell.alignment = WRAP if wrap else TOP
        if wrap:
            self.wrapped.setdefault(row, []).append((col, text))

    def number(self, row: int, col: int, value: Decimal | None, decimals: int) -> None:
        """A number with the source's decimals shown (Excel uses the reader's separators); an unknown
        value is an empty cell with a comment that says so."""
        cell = self.ws.cell(row, col)
        cell.alignment = TOP
        if value is None:
            cell.comment = Comment(self.gettext(_("Unknown: the source gives no figure.")), self.author)
            return
        cell.value = value  # openpyxl writes a Decimal's digits as they are: no float in between
        cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")

    def layout(self, widths: dict[int, float], landscape: bool = True) -> None:
        """Column widths; rows of wrapped text tall enough for their lines (neither Excel nor
        LibreOffice grows a row on opening a file); printed one page wide."""
        for col, width in widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        for row, cells in self.wrapped.items():
            lines = max(math.ceil(len(text) / max(widths.get(col, 10) - 2, 1)) for col, text in cells)
            if lines > 1:
                self.ws.row_dimensions[row].height = LINE * lines
        self.ws.page_setup.orientation = "landscape" if landscape else "portrait"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0


def edition_workbook(
    edition: Edition, schema: Schema, series: Series, config: Config, lang: str, gettext: Gettext
) -> bytes:
    """One edition's workbook in one language."""
    wb = Workbook()
    author = config.publisher[lang]
    about = _Sheet(wb.active, gettext, author)
    about.ws.title = _sheet_name(gettext(_("About the figures")), set())
    names = {about.ws.title}
    sheets = [(gettext(_("Key figures")), lambda s: key_figures_sheet(s, edition, schema, lang))]
    for table_id in edition.tables:
        spec = schema.tables[table_id]
        ref = edition.table_refs.get(table_id)
        numbered = ref and ref.number
        name = (gettext(_("Table %(n)s.")) % {"n": ref.number}).rstrip(".") if numbered else spec.title[lang]
        sheets.append((name, lambda s, spec=spec: table_sheet(s, edition, schema, spec, lang)))
    if _over_time(series, edition):
        sheets.append((gettext(_("Over time")), lambda s: over_time_sheet(s, edition, schema, series, lang)))
    listed = []
    for name, fill in sheets:
        sheet = _Sheet(wb.create_sheet(_sheet_name(name, names)), gettext, author)
        names.add(sheet.ws.title)
        listed.append((sheet.ws.title, fill(sheet)))
    about_sheet(about, edition, config, lang, listed)
    when = datetime(edition.as_of.year, edition.as_of.month, edition.as_of.day)
    wb.properties.creator = author
    wb.properties.title = f"{config.title[lang]} – {format_period(edition.period, gettext)}"
    wb.properties.created = wb.properties.modified = when
    return save(wb, when)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in its workbook; a long
    title is cut at a word, with an ellipsis."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()
    if len(base) > 31:
        base = base[:30].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    found, n = base, 2
    while found in taken:
        found = f"{base[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    return found


def about_sheet(sheet: _Sheet, edition: Edition, config: Config, lang: str, listed: list) -> None:
    """Title, what the figures are, their sources, how to cite them, reuse and contact, the sheets."""
    t, period, as_of = (
        sheet.gettext,
        format_period(edition.period, sheet.gettext),
        format_date(edition.as_of, lang),
    )
    sheet.text(1, 1, config.title[lang], TITLE)
    figures_for = t(_("Figures for %(period)s from %(sources)s, as of %(date)s."))
    sheet.text(2, 1, figures_for % {"period": period, "sources": short_names(edition, lang), "date": as_of})
    cite = t(_("{publisher}: {title}, the {period} edition (data as of {date})."))
    rows = [
        (t(_("Sources")), sources_sentence(edition, lang)),
        (
            "",
            t(_("Data as of %(date)s. The figures are as stated by %(authors)s."))
            % {"date": as_of, "authors": authors(edition, lang)},
        ),
        (
            t(_("How to cite")),
            cite.format(
                publisher=config.publisher[lang], title=config.title[lang], period=period, date=as_of
            ),
        ),
        (t(_("Reuse")), config.reuse[lang]),
        (t(_("Contact:")).rstrip(":"), f"{config.contact}, {config.contact_email}"),
        (t(_("Unknown figures")), t(_("An empty cell is a figure the source does not give; it is never 0."))),
    ]
    for n, (label, text) in enumerate(rows, start=4):
        sheet.text(n, 1, label, BOLD, wrap=True)
        sheet.text(n, 2, text, wrap=True)
    first = 4 + len(rows) + 1
    sheet.text(first, 1, t(_("Sheets")), BOLD)
    for n, (name, title) in enumerate(listed, start=first):
        sheet.text(n, 2, f"{name}: {title}" if title != name else name, wrap=True)
    sheet.layout({1: 16, 2: 80}, landscape=False)


def key_figures_sheet(sheet: _Sheet, edition: Edition, schema: Schema, lang: str) -> str:
    """Every headline figure of the edition: label, value, unit, approximate, where, date, quote."""
    t = sheet.gettext
    headers = (
        t(_("Key figure")),
        t(_("Value")),
        t(_("Unit")),
        t(_("Approximate")),
        t(_("Where in the source")),
        t(_("As of")),
        t(_("The source's words")),
    )
    for col, text in enumerate(headers, start=1):
        sheet.text(1, col, text, BOLD, wrap=True)
    for n, (key, spec) in enumerate(schema.figures.items(), start=2):
        fig = edition.figures.get(key)
        value = fig.value if fig else None
        sheet.text(n, 1, spec.label[lang], wrap=True)
        sheet.number(n, 2, value, 0 if value is None else max(0, -int(value.as_tuple().exponent)))
        sheet.text(n, 3, _unit(schema, spec.unit, lang))
        if fig and fig.approx and value is not None:
            sheet.text(n, 4, t(_("approx.")))
        if fig and fig.ref and value is not None:
            sheet.text(n, 5, where(edition, fig.ref, lang, t), wrap=True)
            sheet.text(n, 6, format_date(fig.ref.as_of or edition.as_of, lang))
        if fig and fig.quote:
            sheet.text(n, 7, fig.quote, wrap=True)
    sheet.ws.freeze_panes = "B2"
    sheet.layout({1: 44, 2: 12, 3: 8, 4: 11, 5: 24, 6: 17, 7: 60})
    return t(_("Key figures"))


def _unit(schema: Schema, unit: str, lang: str) -> str:
    return schema.units.get(unit, {}).get(lang, "")


def table_sheet(sheet: _Sheet, edition: Edition, schema: Schema, spec: TableSchema, lang: str) -> str:
    """A table as the data page shows it: caption and source, headers in the reader's language (with
    the unit where the heading lacks it), one row per source row, notes under it."""
    t, table, ref = sheet.gettext, edition.tables[spec.id], edition.table_refs.get(spec.id)
    number = (t(_("Table %(n)s.")) % {"n": ref.number} + " ") if ref and ref.number else ""
    as_of = ref.as_of if ref and ref.as_of else edition.as_of
    caption = f"{number}{spec.title[lang]}, {t(_('as of %(date)s')) % {'date': format_date(as_of, lang)}}"
    sheet.text(1, 1, caption, BOLD)
    sheet.text(2, 1, source_line(edition, [ref], lang, t))
    headers = [schema.lists[spec.rows][lang]] + [
        _heading(schema, c.label[lang], c.unit, lang) for c in spec.columns
    ]
    for col, text in enumerate(headers, start=1):
        sheet.text(HEADER_ROW, col, text, BOLD, wrap=True)
    order = {k: i for i, k in enumerate(spec.row_order)}
    rows = sorted(table.rows, key=lambda r: order.get(r.key, len(order)))
    places = {c.name: column_decimals([r.values[c.name] for r in rows]) for c in spec.columns}
    for n, row in enumerate(rows, start=HEADER_ROW + 1):
        kind = row_kind(spec, row.key)
        sheet.text(
            n, 1, schema.row_label(spec, row.key, lang), BOLD if kind in ("total", "subtotal") else None
        )
        sheet.ws.cell(n, 1).alignment = Alignment(indent=1 if kind == "member" else 0, vertical="top")
        for col, column in enumerate(spec.columns, start=2):
            sheet.number(n, col, row.values[column.name], places[column.name])
            if kind in ("total", "subtotal"):
                sheet.ws.cell(n, col).font = BOLD
    notes = (
        [t(_("An empty cell is a figure the source does not give; it is never 0."))]
        if any(v is None for r in rows for v in r.values.values())
        else []
    )
    unchecked = [c.label[lang] for c in spec.columns if c.name in table.unchecked]
    if unchecked:
        unknown = t(_("Not checkable against the stated totals, as some figures are unknown: %(columns)s."))
        notes.append(unknown % {"columns": ", ".join(unchecked)})
    notes += [spec.note[lang]] if spec.note else []
    for n, note in enumerate(notes, start=HEADER_ROW + len(rows) + 2):
        sheet.text(n, 1, note)
    sheet.ws.freeze_panes = sheet.ws.cell(HEADER_ROW + 1, 2).coordinate
    label_width = max(len(headers[0]), *(len(schema.row_label(spec, r.key, lang)) for r in rows)) + 4
    sheet.layout({1: min(label_width, 44), **dict.fromkeys(range(2, len(headers) + 1), 16)})
    return spec.title[lang]


def _heading(schema: Schema, label: str, unit: str, lang: str) -> str:
    """A column heading with its unit, unless the heading names it already."""
    suffix = _unit(schema, unit, lang)
    return f"{label} ({suffix})" if suffix and suffix not in label else label


def _over_time(series: Series, edition: Edition) -> bool:
    return any(p.edition == edition.slug and p.value is not None for p in series.indicators)


def over_time_sheet(sheet: _Sheet, edition: Edition, schema: Schema, series: Series, lang: str) -> str:
    """The derived series up to this edition: the share of the contaminated area cleared, and the area
    each operator cleared in each quarter."""
    t = sheet.gettext
    slugs = _slugs_up_to(series, edition, t)
    share = {p.edition: p.value for p in series.indicators if p.indicator == "share_cleared_pct"}
    sheet.text(1, 1, t(_("Share of the contaminated area cleared (%)")), BOLD)
    sheet.text(2, 1, t(_("Edition")), BOLD)
    sheet.text(2, 2, "%", BOLD)
    row = 3
    for slug, period in slugs:
        sheet.text(row, 1, period)
        sheet.number(row, 2, share.get(slug), 1)
        row += 1
    area = [p for p in series.indicators if p.indicator == "area_cleared_ha" and p.edition in dict(slugs)]
    if area and "t3_area" in schema.tables:
        spec = schema.tables["t3_area"]
        columns = [(s, period) for s, period in slugs if any(p.edition == s for p in area)]
        values = {(p.edition, p.row): p.value for p in area}
        places = column_decimals(list(values.values()))  # one precision for the table, as the source's
        row += 1
        sheet.text(row, 1, t(_("Area cleared per quarter by operator (ha)")), BOLD)
        row += 1
        sheet.text(row, 1, schema.lists[spec.rows][lang], BOLD)
        for col, (_s, period) in enumerate(columns, start=2):
            sheet.text(row, col, period, BOLD)
        for key in spec.row_order:
            known = [values.get((s, key)) for s, _p in columns]
            if all((s, key) not in values for s, _p in columns):
                continue
            row += 1
            sheet.text(row, 1, schema.row_label(spec, key, lang))
            for col, value in enumerate(known, start=2):
                sheet.number(row, col, value, places)
    labels = [str(c.value) for c in sheet.ws["A"] if c.value and c.font != BOLD]
    sheet.layout(
        {1: min(max(map(len, labels), default=20) + 4, 44), **dict.fromkeys(range(2, len(slugs) + 2), 16)}
    )
    return t(_("Over time"))


def _slugs_up_to(series: Series, edition: Edition, gettext: Gettext) -> list[tuple[str, str]]:
    """(slug, period in words) of the editions up to this one, oldest first, as the indicators list them."""
    slugs = list(dict.fromkeys(p.edition for p in series.indicators if p.indicator == "share_cleared_pct"))
    slugs = slugs[: slugs.index(edition.slug) + 1] if edition.slug in slugs else slugs
    return [(slug, format_period(_period(slug), gettext)) for slug in slugs]


def _period(slug: str) -> Period:
    period = parse_period(slug)
    assert period is not None  # indicators name editions by their slugs, which are periods
    return period


class _FixedZip(zipfile.ZipFile):
    """A zip whose entries all carry one date, so the same workbook is the same bytes."""

    def __init__(self, file: io.BytesIO, when: datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self.when = (max(when.year, 1980), when.month, when.day, 0, 0, 0)

    def writestr(self, name, data, *args, **kwargs) -> None:  # type: ignore[override]
        info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, self.when)
        info.date_time, info.compress_type, info.external_attr = self.when, zipfile.ZIP_DEFLATED, 0o600 << 16
        super().writestr(info, data)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:  # type: ignore[override]
        """openpyxl writes each worksheet to a temporary file first: take its bytes, not its date."""
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def save(wb: Workbook, when: datetime) -> bytes:
    """The workbook's bytes, dated `when` inside and out (openpyxl's own save stamps the clock)."""
    buf = io.BytesIO()
    archive = _FixedZip(buf, when)
    ExcelWriter(wb, archive).save()
    return buf.getvalue()
