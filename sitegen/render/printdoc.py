"""Each edition's print document: the cover, the contents and the bodies of the edition's pages in reading
order, as one HTML file for the PDF engine (write/pdf.py).

The bodies are the web pages' own (one source of truth); only their ids and links change, so that ids
stay unique in one document and a link to another page of the briefing becomes a link inside it."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..compute.editions import EditionView
from ..errors import processing
from ..load.dataset import Edition
from ..load.settings import Config
from .bodies import Bodies
from .context import RenderContext
from .formats import UNKNOWN_TEXT, format_date
from .pages import is_front, key_figures
from .routes import Route, navigation, pdf_path
from .sitefiles import PRINT_CSS, print_stylesheet

# The site's stylesheet (its print rules and page margins), the running titles of printed pages, and the
# PDF's own rules on top.
STYLESHEETS = ("assets/site.css", PRINT_CSS, "assets/pdf.css")
ATTR = re.compile(r'\s(id|href|aria-labelledby|aria-describedby)="([^"]*)"')
IMAGE = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')
PRINT_TEMPLATE = "templates/pdf.html"  # where a problem of a print document or its PDF is reported


@dataclass(frozen=True)
class PrintDocument:
    """One edition in one language as a single HTML document, with every file it loads.

    The HTML is kept deflated (`packed`; `html` inflates it): every edition's document is made before
    the first PDF, and at a hundred editions the 200 documents are 63 MB as text, 7 MB packed."""

    path: str  # site path of the PDF made from it
    url: str  # its link (under the base path), which the document's own links are relative to
    lang: str
    text: InitVar[str]  # the HTML
    resources: Mapping[str, bytes | Path]  # link -> content: the stylesheets and chart SVGs it loads
    packed: bytes = field(init=False, repr=False)

    def __post_init__(self, text: str) -> None:
        object.__setattr__(self, "packed", zlib.compress(text.encode(), 1))  # the quickest level: 1 ms

    @property
    def html(self) -> str:
        return unpacked(self.packed)


def unpacked(packed: bytes) -> str:
    """A print document's HTML from its `packed` form."""
    return zlib.decompress(packed).decode()


def print_documents(ctx: RenderContext, bodies: Bodies, skip: set[str]) -> list[PrintDocument]:
    """The print document of every edition not in `skip`, in every language."""
    files: dict[str, bytes | Path] = {**ctx.data.assets, PRINT_CSS: print_stylesheet(ctx)}
    for (slug, chart_id, lang), chart in (ctx.data.charts or {}).items():
        files[f"charts/{slug}/{chart_id}-{lang}.svg"] = chart.printed  # where the <img> names the wide one
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
    info = ctx.edition_info(edition, lang)
    sections = []
    for route in routes:
        with processing(route.page.path):
            sections.append(section(ctx, bodies, route, view, anchors, info))
    html = ctx.template(
        lang,
        "pdf.html",
        {
            "lang": lang,
            "cover": cover_facts(ctx, edition, lang),
            "edition": info,
            "sections": sections,
            "stylesheets": [ctx.link(s) for s in STYLESHEETS],
        },
    )
    links = {ctx.link(s): s for s in STYLESHEETS}
    links.update({src: src.removeprefix(ctx.data.config.base_path) for src in IMAGE.findall(html)})
    path = pdf_path(edition.slug, lang)
    # A file that nobody made is left out here; making the PDF then reports it.
    resources = {link: files[p] for link, p in sorted(links.items()) if p in files}
    return PrintDocument(path, ctx.link(path), lang, html, resources)


def section(
    ctx: RenderContext,
    bodies: Bodies,
    route: Route,
    view: EditionView,
    anchors: Mapping[str, str],
    info: Mapping[str, object],
) -> dict[str, object]:
    """One page of the edition in the print document: its title, summary and body (the front page with
    its key figures, as the web page shows them)."""
    anchor = anchors[ctx.link(route.path)]
    lead = ""
    if is_front(route):
        figures = key_figures(ctx, bodies, route)
        lead = ctx.fragment(route.lang, "blocks/key_figures.html", key_figures=figures, edition=info)
    return {
        "id": anchor,
        "title": route.page.title,
        "intro": route.page.summary,
        "lead": Markup(localise(lead, anchor, anchors, ctx.data.config)),
        "body": Markup(localise(bodies.html(route, view), anchor, anchors, ctx.data.config)),
    }


def cover_facts(ctx: RenderContext, edition: Edition, lang: str) -> dict[str, object]:
    """What the cover states about an edition, each fact from the edition's or the site's data (its
    sources are the edition's citations, `edition.sources`, as the footer gives them)."""
    config = ctx.data.config
    front = ctx.data.site.find(lang, edition.slug, "index")
    published = edition.published
    return {
        "title": config.title[lang],
        "period": ctx.period(edition, lang),
        "as_of": format_date(edition.as_of, lang),
        "published": format_date(published, lang) if published else UNKNOWN_TEXT[lang],
        "publisher": config.publisher[lang],
        "address": config.url(front.path) if config.site_url and front else "",
    }


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
