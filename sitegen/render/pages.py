"""The HTML of one route: its template, body, navigation, language versions and edition bar."""

from __future__ import annotations

from markupsafe import Markup

from ..compute.editions import EditionView
from ..compute.figures import Value
from .blocks import BlockRenderer
from .bodies import Bodies
from .context import RenderContext
from .formats import format_date
from .routes import Route, navigation, neighbours
from .sources import _, period_label
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
    view = ctx.view_for(route)
    return {
        "lang": lang,
        "title": title,
        "site_title": cfg.title[lang],
        "description": description(ctx, route, title),
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
        "sourced": ctx.edition_info(view.edition, lang) if view else None,  # the footer's sources
        "csp": CSP,
        "asset": ctx.link,
    }


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


def description(ctx: RenderContext, route: Route, title: str) -> str:
    """The page's summary; an edition page without one is described by its period and sources."""
    if route.page and route.page.summary:
        return route.page.summary
    if route.edition is None:
        return ctx.data.config.title[route.lang]
    info = ctx.edition_info(route.edition, route.lang)
    _ = ctx.translate[route.lang]
    return _("%(title)s, %(period)s: figures from %(sources)s as of %(date)s.") % {
        "title": title,
        "period": info["period"],
        "sources": info["source_names"],
        "date": format_date(route.edition.as_of, route.lang),
    }


def key_figures(ctx: RenderContext, route: Route) -> list[dict]:
    """The front page's key figures, in the order site.toml gives. A figure this edition lacks is taken
    from the latest earlier edition that has it, and says which; a figure with its own date says so."""
    view = ctx.view_for(route)
    if view is None:
        return []
    order = [e.slug for e in reversed(ctx.data.site.editions)]  # oldest first
    earlier = [ctx.data.views[s] for s in reversed(order[: order.index(view.edition.slug) + 1])]
    gettext = ctx.translate[route.lang]
    items = []
    for key in ctx.data.config.key_figures:
        found = next((v for v in earlier if v.values[key].value is not None), view)
        value = found.values[key]
        blocks = BlockRenderer(ctx, route.lang, found)
        html = Markup('<span class="{}">{}</span>').format(
            "fig unknown" if value.value is None else "fig", blocks.shown(value)
        )
        note = _note(found, view, value, route.lang, gettext)
        items.append({"label": value.label[route.lang], "value": html, "note": note})
    return items


def _note(found: EditionView, view: EditionView, value: Value, lang: str, gettext) -> str:
    """'1. kvartal 2025: Bilag 219, pr. 31. marts 2025' for a figure from an earlier edition;
    'pr. 10. november 2025' for one with its own date."""
    own = value.ref.as_of if value.ref and value.ref.as_of else found.edition.as_of
    day = gettext(_("as of {date}")).format(date=format_date(own, lang))
    if found is view:
        return day if own != view.edition.as_of else ""
    parts = [found.edition.sources[value.ref.source].short[lang]] if value.ref else []
    return f"{period_label(found.edition.period, gettext)}: {', '.join([*parts, day])}"
