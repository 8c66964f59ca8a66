"""Each edition's print document: the cover, the contents and the bodies of the edition's pages in reading
order, as one HTML file for the PDF engine (write/pdf.py).

The bodies are the web pages' own (one source of truth); only their ids and links change, so that ids
stay unique in one document and a link to another page of the briefing becomes a link inside it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..load.dataset import Edition
from ..load.settings import Config
from . import formats
from .bodies import Bodies
from .context import RenderContext
from .pages import key_figures
from .routes import navigation, pdf_path

STYLESHEETS = ("assets/site.css", "assets/pdf.css")  # the site's stylesheet (print media) and the PDF's own
ATTR = re.compile(r'\s(id|href|aria-labelledby|aria-describedby)="([^"]*)"')
IMAGE = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')


@dataclass(frozen=True)
class PrintDocument:
    """One edition in one language as a single HTML document, with every file it loads."""

    path: str  # site path of the PDF made from it
    url: str  # its link (under the base path), which the document's own links are relative to
    lang: str
    html: str
    resources: Mapping[str, bytes | Path]  # link -> content: the stylesheets and chart SVGs it loads


def print_documents(ctx: RenderContext, bodies: Bodies, skip: set[str]) -> list[PrintDocument]:
    """The print document of every edition not in `skip`, in every language."""
    files: dict[str, bytes | Path] = dict(ctx.data.assets)
    for (slug, chart_id, lang), chart in (ctx.data.charts or {}).items():
        files[f"charts/{slug}/{chart_id}-{lang}.svg"] = chart.svg
    return [
        print_document(ctx, bodies, edition, lang, files)
        for edition in sorted(ctx.data.site.editions, key=lambda e: e.slug)
        if edition.slug not in skip
        for lang in ctx.data.config.langs
        if ctx.data.site.find(lang, edition.slug, "index")
    ]


def print_document(
    ctx: RenderContext, bodies: Bodies, edition: Edition, lang: str, files: Mapping[str, bytes | Path]
) -> PrintDocument:
    """One edition in one language: cover, contents, then each page of its menu in order."""
    front = ctx.data.site.find(lang, edition.slug, "index")
    assert front is not None
    view = ctx.data.views[edition.slug]
    routes = [r for r in navigation(ctx.data.site, front) if r.kind == "page" and r.page]
    anchors = {ctx.link(r.path): f"page-{r.page.id}" for r in routes}
    sections = []
    for route in routes:
        anchor = anchors[ctx.link(route.path)]
        body = localise(bodies.html(route, view), anchor, anchors, ctx.data.config)
        sections.append(
            {
                "id": anchor,
                "title": route.page.title,
                "body": Markup(body),
                "key_figures": key_figures(ctx, route) if route.page.id == "index" else [],
            }
        )
    html = ctx.template(
        lang,
        "pdf.html",
        {
            "lang": lang,
            "cover": cover_facts(ctx, edition, lang),
            "edition": ctx.edition_info(edition, lang),
            "sections": sections,
            "stylesheets": [ctx.link(s) for s in STYLESHEETS],
            "page_of": page_of(ctx, lang),
        },
    )
    links = {ctx.link(s): s for s in STYLESHEETS}
    links.update({src: src.removeprefix(ctx.data.config.base_path) for src in IMAGE.findall(html)})
    path = pdf_path(edition.slug, lang)
    # A file that nobody made is left out here; making the PDF then reports it.
    resources = {link: files[p] for link, p in sorted(links.items()) if p in files}
    return PrintDocument(path, ctx.link(path), lang, html, resources)


def cover_facts(ctx: RenderContext, edition: Edition, lang: str) -> dict[str, object]:
    """What the cover states about an edition, each fact from the edition's or the site's data."""
    config = ctx.data.config
    front = ctx.data.site.find(lang, edition.slug, "index")
    return {
        "title": config.title[lang],
        "period": formats.format_period(edition.period_start, edition.period_end, lang),
        "as_of": formats.format_date(edition.as_of, lang),
        "published": formats.UNKNOWN_TEXT[lang],  # no publication date is recorded yet
        "publisher": config.contact,
        "source": source_citation(ctx, edition, lang),
        "address": config.url(front.path) if config.site_url and front else "",
    }


def page_of(ctx: RenderContext, lang: str) -> Markup:
    """'Page 3 of 40' with the numbers left to the stylesheet's page counters."""
    _ = ctx.translate[lang]
    return Markup.escape(_("Page %(page)s of %(pages)s")) % {
        "page": Markup('<span class="pdf-page-number"></span>'),
        "pages": Markup('<span class="pdf-page-count"></span>'),
    }


def source_citation(ctx: RenderContext, edition: Edition, lang: str) -> Markup:
    """The edition's source as a reference: committee, session, document, its title, the enclosed report."""
    _ = ctx.translate[lang]
    source = {key: str(value) for key, value in edition.source.items()}
    parts = [" ".join(source[k] for k in ("committee", "session") if k in source), source.get("document", "")]
    text = Markup.escape(", ".join(p for p in parts if p))
    if "title_da" in source:  # the document's own (Danish) title, marked so for a reader in another language
        text += Markup(': <span lang="da">{}</span>').format(source["title_da"])
    if "report_title" in source:
        report = ", ".join(source[k] for k in ("report_author", "report_title") if k in source)
        text += ". " + _("Enclosing: %(report)s") % {"report": report}
    return text + "."


def localise(html: str, prefix: str, anchors: Mapping[str, str], config: Config) -> str:
    """A page body made to live in the print document: its ids prefixed with the page's anchor, links to
    pages of the briefing pointed inside the document, other links of the site made absolute (or, when
    the site's address is unknown, left as plain text)."""

    def swap(match: re.Match[str]) -> str:
        name, value = match.groups()
        if name != "href":
            return f' {name}="{" ".join(f"{prefix}--{v}" for v in value.split())}"'
        target = link_target(value, prefix, anchors, config)
        return f' href="{target}"' if target is not None else ""

    return ATTR.sub(swap, html)


def link_target(href: str, prefix: str, anchors: Mapping[str, str], config: Config) -> str | None:
    """Where a link of a page body leads in the print document (None: nowhere it can reach)."""
    path, _, fragment = href.partition("#")
    if not path:
        return f"#{prefix}--{fragment}"
    if path in anchors:
        return f"#{anchors[path]}--{fragment}" if fragment else f"#{anchors[path]}"
    if path.startswith(config.base_path):
        return config.site_url + href if config.site_url else None
    return href  # another site, or mail
