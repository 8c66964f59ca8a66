"""The HTML of one route: its template, body, navigation, language versions and edition bar."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from ..compute.editions import EditionView
from ..compute.figures import Value
from .blocks import BlockRenderer
from .bodies import Bodies
from .contents import az_index, contents_list
from .context import RenderContext
from .downloads import download_section
from .formats import _, format_date, format_period
from .markdown import Heading
from .routes import EDITIONS_SLUG, SEARCH_SLUG, Route, navigation, neighbours
from .templates import CSP


def render_page(ctx: RenderContext, bodies: Bodies, route: Route) -> bytes:
    """A page of the route table as HTML."""
    context = page_context(ctx, route)
    if route.kind == "editions":
        template = "editions.html"
        context["editions"] = [ctx.edition_info(e, route.lang) for e in ctx.data.site.editions]
    elif route.kind == "search":
        template = "search.html"
        context["listing"] = page_listing(ctx, route.lang)
        context["action"] = ctx.link(route.path)
        context["newest"] = ctx.data.site.editions[0].slug if ctx.data.site.editions else ""
    else:
        template = "front.html" if is_front(route) else "page.html"
        context.update(body_context(ctx, bodies, route))
        context["key_figures"] = key_figures(ctx, bodies, route) if template == "front.html" else []
    return ctx.template(route.lang, template, context).encode()


def is_front(route: Route) -> bool:
    """An edition's front page (also each language's home for the newest edition)."""
    return route.page is not None and route.page.id == "index" and route.edition is not None


def chrome_context(ctx: RenderContext, lang: str, current: Route | None) -> dict:
    """What every page in the site's layout shows around its content: masthead, menu, footer."""
    cfg, site = ctx.data.config, ctx.data.site
    menu_route = current or next((r for r in site.routes if r.lang == lang and r.kind == "front"), None)
    menu = navigation(site, menu_route) if menu_route else []
    return {
        "lang": lang,
        "site_title": cfg.title[lang],
        "publisher": cfg.publisher[lang],
        "reuse": cfg.reuse[lang],
        "contact": cfg.contact,
        "contact_email": cfg.contact_email,
        "home": ctx.link(f"{lang}/"),
        "feed": ctx.link(f"{lang}/feed.xml"),
        "editions_url": ctx.link(f"{lang}/{EDITIONS_SLUG[lang]}/"),
        "nav": [
            {
                "title": route_title(ctx, r),
                "url": ctx.link(r.path),
                "current": current is not None and r.canonical == current.canonical,
            }
            for r in menu
        ],
        "footer_links": footer_links(ctx, lang),
        # the search page has its own field: the masthead's would be a second one
        "search_url": None
        if current and current.kind == "search"
        else ctx.link(f"{lang}/{SEARCH_SLUG[lang]}/"),
        "sourced": footer_sources(ctx, lang, current),
        "edition": None,
        "stale_notice": None,
        "csp": CSP,
        "asset": ctx.link,
    }


def footer_sources(ctx: RenderContext, lang: str, current: Route | None) -> dict | None:
    """The edition whose sources the footer cites: the page's own, or the newest (shared pages, 404)."""
    editions = ctx.data.site.editions
    edition = current.edition if current and current.edition else (editions[0] if editions else None)
    return ctx.edition_info(edition, lang) if edition else None


def route_title(ctx: RenderContext, route: Route) -> str:
    """A route's title in menus and links."""
    return route.page.title if route.page else ctx.generated_title(route)


def footer_links(ctx: RenderContext, lang: str) -> list[dict]:
    """About, method, editions, accessibility statement and the feed: those the project has."""
    _ = ctx.translate[lang]
    site = ctx.data.site
    links = []
    for page_id in ("about", "method"):
        route = site.find(lang, None, page_id)
        if route:
            links.append({"title": route_title(ctx, route), "url": ctx.link(route.path)})
    links.append({"title": _("Editions"), "url": ctx.link(f"{lang}/{EDITIONS_SLUG[lang]}/")})
    route = site.find(lang, None, "accessibility")
    if route:
        links.append({"title": route_title(ctx, route), "url": ctx.link(route.path)})
    links.append({"title": _("New editions (Atom feed)"), "url": ctx.link(f"{lang}/feed.xml")})
    return links


def page_context(ctx: RenderContext, route: Route) -> dict:
    """Context every page template gets: the layout, language versions, edition bar."""
    cfg, site, lang = ctx.data.config, ctx.data.site, route.lang
    other = next(code for code in cfg.langs if code != lang)
    counterpart = site.counterpart(route, other)
    alternates = [
        {"lang": code, "url": cfg.url(site.counterpart(route, code).canonical)} for code in cfg.langs
    ]
    summary = route.page.summary if route.page else ""
    title = route_title(ctx, route)
    return {
        **chrome_context(ctx, lang, route),
        "title": title,
        "description": description(ctx, route, title),
        "intro": summary,
        "canonical": cfg.url(route.canonical),
        "alternates": alternates,
        "x_default": alternates[0]["url"],
        "counterpart": {"lang": other, "url": ctx.link(counterpart.path)},
        "edition": edition_context(ctx, route),
        "stale_notice": stale_notice(ctx, route),
        "contents": [],
        "az": [],
        "pager": None,
        "indexed": route.kind == "page",  # each page once: not the front page's copy at /da/
        "downloads": None,
    }


def page_listing(ctx: RenderContext, lang: str) -> list[dict]:
    """Every page in a language for the search page: the shared pages, then each edition's, newest first."""
    site = ctx.data.site
    groups = [{"edition": None, "newest": False, "pages": pages_of(ctx, lang, None)}]
    for i, edition in enumerate(site.editions):
        info = ctx.edition_info(edition, lang)
        groups.append({"edition": info, "newest": i == 0, "pages": pages_of(ctx, lang, edition.slug)})
    return [group for group in groups if group["pages"]]


def pages_of(ctx: RenderContext, lang: str, edition: str | None) -> list[dict]:
    """The pages of an edition (or the shared pages) in the menu's order, those outside the menu last."""
    routes = [
        r for r in ctx.data.site.routes
        if r.kind == "page" and r.lang == lang and r.page and r.page.edition == edition
    ]  # fmt: skip
    routes.sort(key=lambda r: (r.page.order is None, r.page.order or 0, r.page.id))
    return [{"title": route_title(ctx, r), "url": ctx.link(r.path)} for r in routes]


def body_context(ctx: RenderContext, bodies: Bodies, route: Route) -> dict:
    """A page's body with its contents list or A-Z index and the links to the pages around it."""
    page = route.page
    assert page is not None
    headings = bodies.headings(route)
    downloads = download_section(ctx, route)
    contents = [] if page.contents == "a-z" else contents_list(headings)
    if downloads and contents:  # the section comes first on the page, so first in its contents
        contents = [Heading(2, "downloads", ctx.translate[route.lang](_("Download data"))), *contents]
    return {
        "content": Markup(bodies.html(route)),
        "downloads": downloads,
        "contents": contents,
        "az": az_index(headings, route.lang) if page.contents == "a-z" else [],
        "pager": pager(ctx, route),
    }


def pager(ctx: RenderContext, route: Route) -> dict | None:
    """The previous and next page in the menu's reading order (None for pages outside the menu)."""
    order = [r for r in navigation(ctx.data.site, route) if r.kind == "page"]
    at = next((i for i, r in enumerate(order) if r.canonical == route.canonical), None)
    if at is None:
        return None
    link = {
        "previous": order[at - 1] if at > 0 else None,
        "next": order[at + 1] if at + 1 < len(order) else None,
    }
    return {
        k: {"title": route_title(ctx, r), "url": ctx.link(r.path)} if r else None for k, r in link.items()
    }


def stale_notice(ctx: RenderContext, route: Route) -> dict | None:
    """A translation whose original changed after it was recorded tells its readers so (if configured)."""
    if route.page is None or route.page.path not in ctx.data.stale:
        return None
    return {"date": ctx.data.stale[route.page.path]}


def edition_context(ctx: RenderContext, route: Route) -> dict | None:
    """The edition bar: this edition, its period and dates, and the editions before and after it."""
    if route.edition is None:
        return None
    newer, older = neighbours(ctx.data.site, route.edition)
    info = ctx.edition_info(route.edition, route.lang)
    info["newer"] = ctx.edition_info(newer, route.lang) if newer else None
    info["older"] = ctx.edition_info(older, route.lang) if older else None
    return info


def description(ctx: RenderContext, route: Route, title: str) -> str:
    """The page's summary; an edition page without one is described by its period and sources, any
    other page by the site's description."""
    if route.page and route.page.summary:
        return route.page.summary
    if route.edition is None:
        return ctx.data.config.description[route.lang]
    info = ctx.edition_info(route.edition, route.lang)
    _ = ctx.translate[route.lang]
    return _("%(title)s, %(period)s: figures from %(sources)s as of %(date)s.") % {
        "title": title,
        "period": info["period"],
        "sources": info["source_names"],
        "date": format_date(route.edition.as_of, route.lang),
    }


def key_figures(ctx: RenderContext, bodies: Bodies, route: Route) -> list[dict]:
    """The front page's key figures, in the order site.toml gives, each with its context and date.

    A figure this edition lacks is taken from the latest earlier edition that has it, with that
    edition's date, context and a note naming the edition and source; a figure with its own date
    carries that date."""
    view = ctx.view_for(route)
    if view is None:
        return []
    order = [e.slug for e in reversed(ctx.data.site.editions)]  # oldest first
    earlier = [ctx.data.views[s] for s in reversed(order[: order.index(view.edition.slug) + 1])]
    gettext = ctx.translate[route.lang]
    items = []
    for figure in ctx.data.config.key_figures:
        found = next((v for v in earlier if v.values[figure.key].value is not None), view)
        value = found.values[figure.key]
        items.append(
            {
                "label": (figure.label or value.label)[route.lang],
                "value": value_html(BlockRenderer(ctx, route.lang, found), value, gettext),
                "context": Markup(bodies.context_line(route, figure, found)),
                "as_of": value.ref.as_of if value.ref and value.ref.as_of else found.edition.as_of,
                "note": _note(found, view, value, route.lang, gettext),
            }
        )
    return items


def value_html(blocks: BlockRenderer, value: Value, gettext) -> Markup:
    """A key figure's value; the source's "approximately" as a small marker before it, so the number
    keeps its line."""
    css = "fig unknown" if value.value is None else "fig"
    text = blocks.shown(replace(value, approx=False))
    if not (value.approx and value.value is not None):
        return Markup('<span class="{}">{}</span>').format(css, text)
    before, _at, after = gettext(_("approx. {value}")).partition("{value}")
    html = Markup('<span class="{}"><span class="approx">{}</span>{}{}</span>')
    return html.format(css, before, text, after)


def _note(found: EditionView, view: EditionView, value: Value, lang: str, gettext) -> str:
    """'Fra udgaven for 1. kvartal 2025 (Bilag 219)' / 'From the Q1 2025 edition (Bilag 219)' for a
    figure an earlier edition gives; '' for one of this edition."""
    if found is view:
        return ""
    period = format_period(found.edition.period, gettext)
    if value.ref is None:
        return gettext(_("From the {period} edition")).format(period=period)
    source = found.edition.sources[value.ref.source].short[lang]
    return gettext(_("From the {period} edition ({source})")).format(period=period, source=source)
