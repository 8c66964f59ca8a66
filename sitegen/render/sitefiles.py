"""The files around the pages: language choice, 404 pages, sitemap, Atom feeds, robots.txt, _headers."""

from __future__ import annotations

from .context import RenderContext
from .templates import CSP


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
        files[f"{lang}/404.html"] = render_plain(ctx, "404.html", lang)
        files[f"{lang}/feed.xml"] = render_plain(ctx, "feed.xml", lang, feed=feed(ctx, lang))
    files["index.html"] = render_plain(ctx, "landing.html", "da", landing=landing(ctx), root_url=cfg.url(""))
    files["404.html"] = render_plain(ctx, "404.html", "da", bilingual=True)
    files["sitemap.xml"] = render_plain(ctx, "sitemap.xml", "da", sitemap=sitemap(ctx))
    files["robots.txt"] = render_plain(ctx, "robots.txt", "da", sitemap_url=cfg.url("sitemap.xml"))
    files["_headers"] = render_plain(ctx, "_headers.txt", "da", csp=CSP, base=cfg.base_path)
    return files


def landing(ctx: RenderContext) -> list[dict]:
    """The two ways into the site, Danish first."""
    cfg = ctx.data.config
    out = []
    for lang in cfg.langs:
        _ = ctx.translate[lang]
        out.append(
            {
                "lang": lang,
                "title": cfg.title[lang],
                "url": ctx.link(f"{lang}/"),
                "label": _("Read the briefing in English"),
            }
        )
    return out


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
