"""Where every page lives: URLs, translations, navigation and edition order (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from .content import Page
from .dataset import Edition

EDITIONS_SLUG = {"da": "udgaver", "en": "editions"}


@dataclass(frozen=True)
class Route:
    """A page placed in the site: its file, its URL path and what it shows."""

    page: Page | None  # None for generated pages (the editions list)
    kind: str  # "page", "front" (the language's home: newest edition's front), "editions"
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

    def find(self, lang: str, edition: str | None, page_id: str) -> Route | None:
        """The canonical route of a page in a language."""
        for route in self.routes:
            if (
                route.kind == "page"
                and route.lang == lang
                and route.page
                and route.page.id == page_id
                and route.page.edition == edition
            ):
                return route
        return None

    def counterpart(self, route: Route, lang: str) -> Route:
        """The same page in another language (generated pages have one in every language)."""
        for other in self.routes:
            if other.lang == lang and other.kind == route.kind and _same_page(route, other):
                return other
        raise KeyError(f"no {lang} counterpart of {route.path}")


def _same_page(a: Route, b: Route) -> bool:
    if a.page is None or b.page is None:
        return a.page is b.page and a.edition == b.edition
    return a.page.id == b.page.id and a.page.edition == b.page.edition


def page_path(page: Page) -> str:
    """da/2025-q1/minerydning/ for edition pages, da/ordliste/ for evergreen pages."""
    parts = [page.lang]
    if page.edition:
        parts.append(page.edition)
    if page.slug != "index":
        parts.append(page.slug)
    return "/".join(parts) + "/"


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
        routes.append(
            Route(
                None,
                "editions",
                lang,
                None,
                f"{lang}/{EDITIONS_SLUG[lang]}/",
                f"{lang}/{EDITIONS_SLUG[lang]}/",
            )
        )
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
