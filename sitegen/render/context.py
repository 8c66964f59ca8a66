"""What every renderer shares: the render input, the Jinja environments and the links between pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from ..compute.editions import EditionView
from ..load.catalogs import Catalog
from ..load.dataset import Edition
from ..load.pages import Page
from ..load.schema import Schema
from ..load.settings import Config
from .formats import format_period, format_size
from .routes import Route, SiteMap, pdf_path
from .sources import authors, citations, short_names
from .templates import make_environments, render_template
from .translations import StrictTranslations


@dataclass(frozen=True)
class RenderInput:
    config: Config
    schema: Schema
    site: SiteMap
    views: dict[str, EditionView]  # by edition slug
    catalogs: dict[str, Catalog]
    translations: dict[str, StrictTranslations]
    charts: Mapping[tuple[str, str, str], object] | None  # None: check only, charts are not drawn
    chart_ids: tuple[str, ...]
    chart_tables: Mapping[str, tuple[str, ...]]  # the tables each chart is drawn from
    source_files: dict[str, bytes]  # table CSVs for download, by site path
    assets: dict[str, bytes]  # stylesheet and favicons, by site path
    template_cache: Path | None = None  # compiled templates, reused across builds
    # The translations whose readers are told that the original changed: file path -> day (None: unknown)
    stale: Mapping[str, date | None] = field(default_factory=dict)


class RenderContext:
    """The input with its Jinja environments, and the lookups every page and block makes."""

    def __init__(self, data: RenderInput) -> None:
        self.data = data
        self.root = data.config.root
        self.translate = {lang: t.gettext for lang, t in data.translations.items()}
        self.envs = make_environments(self.root / "templates", data.translations, data.template_cache)
        self.pdfs: dict[str, int] = {}  # size of each edition's PDF by site path, once made (none in preview)

    def link(self, path: str) -> str:
        """A site path as a link under the base path."""
        return self.data.config.base_path + path

    def template(self, lang: str, name: str, context: dict) -> str:
        """A template rendered in a language; errors name the template file and line."""
        return render_template(self.envs[lang], name, context, self.root)

    def fragment(self, lang: str, name: str, **context: object) -> Markup:
        """A block template's HTML, trusted (it was escaped when rendered)."""
        return Markup(self.template(lang, name, {"lang": lang, **context}).strip())

    def view_for(self, route: Route) -> EditionView | None:
        """The edition a page shows: its own, or the newest for shared pages."""
        edition = route.edition or (self.data.site.editions[0] if self.data.site.editions else None)
        return self.data.views.get(edition.slug) if edition else None

    def page_link(self, page: Page, target: str, edition: str | None = None) -> str | None:
        """URL of `page:ID#anchor` in the same language (same edition first, then shared pages).

        A shared page links into `edition`, or the newest edition."""
        page_id, _, anchor = target.partition("#")
        site = self.data.site
        newest = site.editions[0].slug if site.editions else None
        for slug in (page.edition or edition or newest, None):
            route = site.find(page.lang, slug, page_id)
            if route:
                return self.link(route.path) + (f"#{anchor}" if anchor else "")
        return None

    def shared_page_link(self, lang: str, page_id: str) -> str:
        """A shared page's URL, or the language's front page when the project lacks it."""
        route = self.data.site.find(lang, None, page_id)
        return self.link(route.path) if route else self.link(f"{lang}/")

    def edition_info(self, edition: Edition, lang: str) -> dict:
        """An edition as templates show it: id, period, date, sources and the address of its front page."""
        route = self.data.site.find(lang, edition.slug, "index")
        pdf = pdf_path(edition.slug, lang)
        size = self.pdfs.get(pdf)
        return {
            "id": edition.id,
            "slug": edition.slug,
            "period": self.period(edition, lang),
            "as_of": edition.as_of,
            "published": edition.published,
            "url": self.link(route.path) if route else "",
            "sources": citations(edition, lang),
            "source_names": short_names(edition, lang),
            "authors": authors(edition, lang),
            "pdf": None if size is None else self.pdf_info(pdf, size, lang),
        }

    def period(self, edition: Edition, lang: str) -> str:
        """The period an edition covers, as readers name it: '1. kvartal 2025' / 'Q1 2025', or '2025'."""
        return format_period(edition.period, self.translate[lang])

    def pdf_info(self, path: str, size: int, lang: str) -> dict:
        """An edition's PDF as templates link it: its address and its size for readers and for feeds."""
        link = {"url": self.link(path), "url_abs": self.data.config.url(path)}
        return {**link, "length": size, "size": format_size(size, lang)}

    def generated_title(self, route: Route) -> str:
        """Title of a generated page (the editions list, the search page) in its language."""
        _ = self.translate[route.lang]
        return _("Search") if route.kind == "search" else _("Editions")
