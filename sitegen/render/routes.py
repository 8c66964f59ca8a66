"""Where every page lives: URLs, translations, navigation and edition order (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.dataset import Edition
from ..load.pages import Page

EDITIONS_SLUG = {"da": "udgaver", "en": "editions"}
SEARCH_SLUG = {"da": "soeg", "en": "search"}
# The archive's data files, beside the editions' own under data/<edition>/
FIGURES_CSV, INDICATORS_CSV, DATA_PACKAGE = "data/figures.csv", "data/indicators.csv", "data/datapackage.json"


def table_csv_path(slug: str, table_id: str) -> str:
    """Where an edition's table is published as CSV."""
    return f"data/{slug}/{table_id}.csv"


def workbook_path(slug: str, lang: str) -> str:
    """Where an edition's workbook in a language is published."""
    return f"data/{slug}/{slug}-{lang}.xlsx"


@dataclass(frozen=True)
class Route:
    """A page placed in the site: its file, its URL path and what it shows."""

    page: Page | None  # None for generated pages (the editions list, the search page)
    kind: str  # "page", "front" (the language's home: newest edition's front), "editions", "search"
    lang: str
    edition: Edition | None
    path: str  # site path without base, e.g. "da/2025-q1/minerydning/"
    canonical: str  # site path of the canonical copy

    @property
    def file(self) -> str:
        return self.path + "index.html"


@dataclass(frozen=True)
class SiteMap:
    """All routes, with lookups by page identity."""

    routes: tuple[Route, ...]
    editions: tuple[Edition, ...]  # newest first
    index: dict[tuple[str, str, str | None, str | None], Route] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.index.update({identity(r, r.lang): r for r in self.routes})

    def find(self, lang: str, edition: str | None, page_id: str) -> Route | None:
        """The canonical route of a page in a language."""
        return self.index.get(("page", lang, edition, page_id))

    def counterpart(self, route: Route, lang: str) -> Route:
        """The same page in another language (generated pages have one in every language)."""
        found = self.index.get(identity(route, lang))
        if found is None:
            raise KeyError(f"no {lang} counterpart of {route.path}")
        return found


def identity(route: Route, lang: str) -> tuple[str, str, str | None, str | None]:
    """What a route shows, in a language: kind, language, edition and page id."""
    edition = route.page.edition if route.page else route.edition.slug if route.edition else None
    return (route.kind, lang, edition, route.page.id if route.page else None)


def page_path(page: Page) -> str:
    """da/2025-q1/minerydning/ for edition pages, da/ordliste/ for evergreen pages."""
    parts = [page.lang]
    if page.edition:
        parts.append(page.edition)
    if page.slug != "index":
        parts.append(page.slug)
    return "/".join(parts) + "/"


def pdf_path(edition: str, lang: str) -> str:
    """da/2025-q1/briefing-2025-q1-da.pdf: in the edition's folder, named so a saved copy says what it is."""
    return f"{lang}/{edition}/briefing-{edition}-{lang}.pdf"


def plan_routes(pages: list[Page], editions: list[Edition], langs: tuple[str, ...]) -> SiteMap:
    """Place every page; the newest edition's front page is also each language's home."""
    by_slug = {e.slug: e for e in editions}
    routes = []
    for page in sorted(pages, key=lambda p: (p.lang, p.edition or "", p.id)):
        edition = by_slug.get(page.edition) if page.edition else None
        path = page_path(page)
        routes.append(Route(page, "page", page.lang, edition, path, path))
    newest = editions[-1] if editions else None
    for lang in langs:
        front = next(
            (
                r
                for r in routes
                if r.lang == lang
                and r.page
                and r.page.id == "index"
                and newest
                and r.page.edition == newest.slug
            ),
            None,
        )
        if front:
            routes.append(Route(front.page, "front", lang, newest, f"{lang}/", front.path))
        for kind, slug in (("editions", EDITIONS_SLUG[lang]), ("search", SEARCH_SLUG[lang])):
            routes.append(Route(None, kind, lang, None, f"{lang}/{slug}/", f"{lang}/{slug}/"))
    return SiteMap(tuple(routes), tuple(reversed(editions)))


def navigation(site: SiteMap, route: Route) -> list[Route]:
    """The menu: the edition's pages (the newest edition's for shared pages), then shared pages."""
    edition = route.edition or (site.editions[0] if site.editions else None)
    slug = edition.slug if edition else None
    items = [
        r
        for r in site.routes
        if r.kind == "page"
        and r.lang == route.lang
        and r.page
        and r.page.order is not None
        and r.page.edition in (slug, None)
    ]
    items.sort(key=lambda r: (r.page.order, r.page.id))
    items += [r for r in site.routes if r.kind == "editions" and r.lang == route.lang]
    return items


def neighbours(site: SiteMap, edition: Edition) -> tuple[Edition | None, Edition | None]:
    """The newer and the older edition of `edition`."""
    order = list(site.editions)
    i = order.index(edition)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def owner(path: str, slugs: set[str]) -> str | None:
    """The edition a site file belongs to: <lang>/<slug>/..., charts/<slug>/..., data/<slug>/..."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[1] in slugs else None
