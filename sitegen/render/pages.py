"""The HTML of one route: its template, body, navigation, language versions and edition bar."""

from __future__ import annotations

from markupsafe import Markup

from .blocks import BlockRenderer
from .bodies import Bodies
from .context import RenderContext
from .routes import Route, navigation, neighbours
from .templates import CSP


def render_page(ctx: RenderContext, bodies: Bodies, route: Route) -> bytes:
    """A page of the route table as HTML."""
    context = page_context(ctx, route)
    if route.kind == "editions":
        template = "editions.html"
        context["editions"] = [ctx.edition_info(e, route.lang) for e in ctx.data.site.editions]
    else:
        template = "front.html" if route.page and route.page.id == "index" else "page.html"
        context["content"] = Markup(bodies.html(route))
        context["key_figures"] = key_figures(ctx, route) if template == "front.html" else []
    return ctx.template(route.lang, template, context).encode()


def page_context(ctx: RenderContext, route: Route) -> dict:
    """Context every page template gets: language, links, navigation, edition."""
    cfg, site, lang = ctx.data.config, ctx.data.site, route.lang
    other = next(code for code in cfg.langs if code != lang)
    counterpart = site.counterpart(route, other)
    alternates = [
        {"lang": code, "url": cfg.url(site.counterpart(route, code).canonical)} for code in cfg.langs
    ]
    title = route.page.title if route.page else ctx.generated_title(route)
    return {
        "lang": lang,
        "title": title,
        "site_title": cfg.title[lang],
        "description": route.page.summary if route.page and route.page.summary else cfg.title[lang],
        "canonical": cfg.url(route.canonical),
        "alternates": alternates,
        "x_default": alternates[0]["url"],
        "counterpart": {"lang": other, "url": ctx.link(counterpart.path)},
        "nav": [
            {
                "title": r.page.title if r.page else ctx.generated_title(r),
                "url": ctx.link(r.path),
                "current": r.canonical == route.canonical,
            }
            for r in navigation(site, route)
        ],
        "home": ctx.link(f"{lang}/"),
        "accessibility": ctx.shared_page_link(lang, "accessibility"),
        "edition": edition_context(ctx, route),
        "stale_notice": stale_notice(ctx, route),
        "csp": CSP,
        "asset": ctx.link,
    }


def stale_notice(ctx: RenderContext, route: Route) -> dict | None:
    """A translation whose original changed after it was recorded tells its readers so (if configured)."""
    if route.page is None or route.page.path not in ctx.data.stale:
        return None
    return {"date": ctx.data.stale[route.page.path]}


def edition_context(ctx: RenderContext, route: Route) -> dict | None:
    """The edition bar: this edition, its neighbours, and whether it is the newest."""
    if route.edition is None:
        return None
    newer, older = neighbours(ctx.data.site, route.edition)
    lang = route.lang
    info = ctx.edition_info(route.edition, lang)
    info["newer"] = ctx.edition_info(newer, lang) if newer else None
    info["older"] = ctx.edition_info(older, lang) if older else None
    info["latest"] = newer is None
    return info


def key_figures(ctx: RenderContext, route: Route) -> list[dict]:
    """The front page's key figures, in the order site.toml gives."""
    view = ctx.view_for(route)
    if view is None:
        return []
    blocks = BlockRenderer(ctx, route.lang, view)
    return [
        {"label": view.values[key].label[route.lang], "value": Markup(blocks.figure(key))}
        for key in ctx.data.config.key_figures
    ]
