"""The files around the pages: language choice, 404 pages, sitemap, Atom feeds, robots.txt, _headers."""

from __future__ import annotations

from .context import RenderContext
from .pages import chrome_context, route_title
from .routes import EDITIONS_SLUG
from .templates import CSP, HEADER_CSP

PRINT_CSS = "assets/print.css"


def render_plain(ctx: RenderContext, template: str, lang: str, **context: object) -> bytes:
    """A page outside the route table (landing, 404, sitemap, feed, robots.txt)."""
    cfg = ctx.data.config
    base = {
        "lang": lang,
        "site_title": cfg.title[lang],
        "titles": cfg.title,
        "csp": CSP,
        "asset": ctx.link,
        "home": ctx.link(f"{lang}/"),
        "homes": {c: ctx.link(f"{c}/") for c in cfg.langs},
        "bilingual": False,
    }
    return ctx.template(lang, template, {**base, **context}).encode()


def site_files(ctx: RenderContext) -> dict[str, bytes]:
    """Every file outside the route table, by site path."""
    cfg = ctx.data.config
    files = {}
    for lang in cfg.langs:
        files[f"{lang}/404.html"] = not_found(ctx, lang, bilingual=False)
        files[f"{lang}/feed.xml"] = render_plain(ctx, "feed.xml", lang, feed=feed(ctx, lang))
    files["index.html"] = render_plain(
        ctx, "landing.html", cfg.langs[0], landing=landing(ctx), root_url=cfg.url(""), langs=cfg.langs
    )
    files["404.html"] = not_found(ctx, cfg.langs[0], bilingual=True)
    files[PRINT_CSS] = print_stylesheet(ctx)
    files["sitemap.xml"] = render_plain(ctx, "sitemap.xml", "da", sitemap=sitemap(ctx))
    files["robots.txt"] = render_plain(ctx, "robots.txt", "da", sitemap_url=cfg.url("sitemap.xml"))
    files["_headers"] = render_plain(ctx, "_headers.txt", "da", csp=HEADER_CSP, base=cfg.base_path)
    return files


def landing(ctx: RenderContext) -> list[dict]:
    """The two ways into the site, with equal weight, Danish first."""
    cfg = ctx.data.config
    out = []
    for lang in cfg.langs:
        _ = ctx.translate[lang]
        out.append(
            {
                "lang": lang,
                "title": cfg.title[lang],
                "description": cfg.description[lang],
                "publisher": cfg.publisher[lang],
                "url": ctx.link(f"{lang}/"),
                "address": cfg.url(f"{lang}/"),  # read away from the site: with its origin when known
                "label": _("Read the briefing in English"),
            }
        )
    return out


def not_found(ctx: RenderContext, lang: str, bilingual: bool) -> bytes:
    """A 404 page in the site's layout, with links to the front page, the data and the editions."""
    cfg = ctx.data.config
    _ = ctx.translate[lang]
    other = next(code for code in cfg.langs if code != lang)
    context = {
        **chrome_context(ctx, lang, None),
        "title": _("Page not found"),
        "description": cfg.description[lang],
        "counterpart": {"lang": other, "url": ctx.link(f"{other}/")},
        "bilingual": bilingual,
        "links": way_back(ctx, lang),
        "links_en": way_back(ctx, "en") if bilingual and "en" in cfg.langs else [],
    }
    return ctx.template(lang, "404.html", context).encode()


def way_back(ctx: RenderContext, lang: str) -> list[dict]:
    """From a missing page to the front page, the newest edition's data page and the editions."""
    _ = ctx.translate[lang]
    site = ctx.data.site
    links = [{"title": _("Go to the front page"), "url": ctx.link(f"{lang}/")}]
    data = site.find(lang, site.editions[0].slug, "data") if site.editions else None
    if data:
        links.append({"title": route_title(ctx, data), "url": ctx.link(data.path)})
    links.append({"title": _("Editions"), "url": ctx.link(f"{lang}/{EDITIONS_SLUG[lang]}/")})
    return links


def print_stylesheet(ctx: RenderContext) -> bytes:
    """The running titles of printed pages, for the web pages' print and the PDFs alike."""
    return render_plain(ctx, "print.css", ctx.data.config.langs[0], running=running_titles(ctx))


def running_titles(ctx: RenderContext) -> list[dict]:
    """The running title of printed pages, per language and edition (shared pages: per language).

    The print stylesheet puts it in the page margins; a page's <html> names its language and edition."""
    cfg, site = ctx.data.config, ctx.data.site
    out = []
    for lang in cfg.langs:
        out.append(
            {"lang": lang, "edition": None, "title": cfg.title[lang], "address": address(ctx, f"{lang}/")}
        )
        for edition in site.editions:
            info = ctx.edition_info(edition, lang)
            title = f"{cfg.title[lang]} · {info['period']}"
            out.append(
                {
                    "lang": lang,
                    "edition": edition.slug,
                    "title": title,
                    "address": address(ctx, f"{lang}/{edition.slug}/"),
                }
            )
    return out


def address(ctx: RenderContext, path: str) -> str:
    """A web address for paper: only when the site's origin is known (a full base URL)."""
    cfg = ctx.data.config
    return cfg.url(path) if cfg.site_url else ""


def sitemap(ctx: RenderContext) -> list[dict]:
    """Canonical pages with their language alternates."""
    cfg, site = ctx.data.config, ctx.data.site
    entries: list[dict] = [{"loc": cfg.url(""), "alternates": []}]  # the language choice
    for route in site.routes:
        if route.canonical != route.path:
            continue
        entries.append(
            {
                "loc": cfg.url(route.path),
                "alternates": [
                    {"lang": code, "url": cfg.url(site.counterpart(route, code).canonical)}
                    for code in cfg.langs
                ],
            }
        )
    return entries


def feed(ctx: RenderContext, lang: str) -> dict:
    """An Atom feed announcing each edition, newest first."""
    cfg, site = ctx.data.config, ctx.data.site
    entries = []
    for edition in site.editions:
        route = site.find(lang, edition.slug, "index")
        if route:
            entries.append(
                dict(
                    ctx.edition_info(edition, lang),
                    url_abs=cfg.url(route.path),
                    atom_id=atom_id(ctx, route.path),
                )
            )
    return {
        "id": atom_id(ctx, f"{lang}/feed.xml"),
        "self": cfg.url(f"{lang}/feed.xml"),
        "url": cfg.url(f"{lang}/"),
        "title": cfg.title[lang],
        "updated": site.editions[0].as_of if site.editions else None,
        "entries": entries,
    }


def atom_id(ctx: RenderContext, path: str) -> str:
    """A permanent Atom id: the page URL when the site's origin is known, else a tag URI on its path."""
    cfg = ctx.data.config
    return cfg.url(path) if cfg.site_url else f"tag:folketinget.dk,2025:briefing{cfg.base_path}{path}"
