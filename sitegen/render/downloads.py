"""The 'Download data' section of an edition's data page: every file a reader can take away, with
its size (the downloads are made before any page is rendered)."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from ..load.dataset import Edition
from .context import RenderContext
from .formats import _, format_number
from .routes import DATA_PACKAGE, FIGURES_CSV, INDICATORS_CSV, Route, table_csv_path, workbook_path

WORKBOOK_TITLES = {"da": _("Workbook in Danish (Excel)"), "en": _("Workbook in English (Excel)")}
ARCHIVE_TITLES = (
    (FIGURES_CSV, _("Every edition's figures in one table (CSV, long format)")),
    (INDICATORS_CSV, _("Series derived from the figures over time (CSV)")),
    (DATA_PACKAGE, _("Description of the files (Frictionless Data Package, JSON)")),
)


def is_data_page(route: Route) -> bool:
    """An edition's data page, which lists the downloads."""
    return route.page is not None and route.page.id == "data" and route.edition is not None


def download_section(ctx: RenderContext, route: Route) -> dict | None:
    """The edition's workbooks (the reader's language first) and table CSVs, then the archive's
    files; each with its size. None on any other page."""
    if not is_data_page(route):
        return None
    edition, lang = route.edition, route.lang
    gettext = ctx.translate[lang]
    langs = sorted(ctx.data.config.langs, key=lambda code: code != lang)
    own = [(workbook_path(edition.slug, code), gettext(WORKBOOK_TITLES[code])) for code in langs]
    own += [(table_csv_path(edition.slug, t), table_title(ctx, edition, t, lang)) for t in edition.tables]
    archive = [(path, gettext(title)) for path, title in ARCHIVE_TITLES]
    return {"edition": items(ctx, own, lang), "archive": items(ctx, archive, lang)}


def table_title(ctx: RenderContext, edition: Edition, table_id: str, lang: str) -> str:
    """'Tabel 3. Ryddet areal pr. operatør (CSV)'."""
    ref, title = edition.table_refs.get(table_id), ctx.data.schema.tables[table_id].title[lang]
    number = ctx.translate[lang](_("Table %(n)s.")) % {"n": ref.number} + " " if ref and ref.number else ""
    return f"{number}{title} (CSV)"


def items(ctx: RenderContext, files: list[tuple[str, str]], lang: str) -> list[dict]:
    """The files that exist, as links with their sizes (a link's text names a workbook's language:
    hreflang is the language switcher's mark on these pages)."""
    found = ctx.data.source_files
    return [
        {"url": ctx.link(path), "title": title, "size": size_text(len(found[path]), lang)}
        for path, title in files
        if path in found
    ]


def size_text(size: int, lang: str) -> str:
    """'12,3 kB' / '12.3 kB': kilobytes with one decimal, never shown as 0."""
    kilobytes = max(Decimal(size) / 1024, Decimal("0.1")).quantize(Decimal("0.1"), ROUND_CEILING)
    return f"{format_number(kilobytes, lang, 1)}\u00a0kB"
