"""Turn routes, pages, figures and charts into a mapping of site paths to bytes (pure)."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import jinja2
from babel.support import Translations
from markupsafe import Markup

from . import i18n
from .compute import Change, Discrepancy, Inconsistency, Value
from .config import Config
from .content import Page
from .dataset import Edition
from .errors import BuildError, Problem
from .markdown import Resolver, render_markdown
from .output import Content, SiteFiles
from .pagecache import owner
from .routes import EDITIONS_SLUG, Route, SiteMap, navigation, neighbours
from .schema import Schema

CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
SMALL_INT = Decimal(10)  # integers below this are too common in prose to flag as typed figures


@dataclass(frozen=True)
class EditionView:
    """What render needs about one edition: its data, derived figures and notes."""

    edition: Edition
    values: dict[str, Value]
    discrepancies: tuple[Discrepancy, ...]
    previous: Edition | None = None
    changes: tuple[Change, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    year_to_date: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderInput:
    config: Config
    schema: Schema
    site: SiteMap
    views: dict[str, EditionView]  # by edition slug
    catalogs: dict[str, i18n.Catalog]
    translations: dict[str, i18n.StrictTranslations]
    charts: Mapping[tuple[str, str, str], object] | None  # None: check only, charts are not drawn
    chart_ids: tuple[str, ...]
    source_files: dict[str, bytes]  # table CSVs for download, by site path
    assets: dict[str, bytes]  # stylesheet and favicons, by site path
    template_cache: Path | None = None  # compiled templates, reused across builds


def make_environments(
    templates: Path, translations: dict[str, Translations], cache: Path | None
) -> dict[str, jinja2.Environment]:
    """One strict, autoescaping Jinja environment per language with its catalog and Babel filters.

    Compiled templates are kept in `cache`, so a rebuild does not recompile them. Jinja keys them by
    template source only, so the folder is named after this module and Jinja's version: a change to the
    environment's settings here starts a fresh cache."""
    if cache:
        settings = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
        cache = cache / settings
        cache.mkdir(parents=True, exist_ok=True)
    bytecode = jinja2.FileSystemBytecodeCache(str(cache)) if cache else None
    envs = {}
    for lang, translation in translations.items():
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            bytecode_cache=bytecode,
            autoescape=jinja2.select_autoescape(("html", "xml")),  # _headers and robots.txt are plain text
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(translation, newstyle=True)
        env.filters.update(
            number=lambda v, d=None, lang=lang: i18n.format_number(v, lang, d),
            percent=lambda v, d=None, lang=lang: i18n.format_percent(v, lang, d),
            date=lambda v, lang=lang: i18n.format_date(v, lang),
            amount=lambda v, cur, lang=lang: i18n.format_amount(v, cur, lang),
        )
        envs[lang] = env
    return envs


def render_template(env: jinja2.Environment, name: str, context: dict, root: Path) -> str:
    """Render a template; a template error names the template file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            [Problem(f"templates/{exc.name or name}", exc.lineno or 0, exc.message or str(exc))]
        ) from exc
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc, root, name)
        raise BuildError([Problem(where, line, f"{exc.message} (define it or fix the name)")]) from exc


def _template_frame(exc: Exception, root: Path, name: str) -> tuple[str, int]:
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))
    ]
    if not frames:
        return f"templates/{name}", 0
    frame = frames[-1]
    path = Path(frame.filename)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else frame.filename
    return shown, frame.lineno or 0


class PageRenderer:
    """Renders the pages of one site; holds the environments and memoises page bodies."""

    def __init__(self, data: RenderInput) -> None:
        self.data = data
        self.root = data.config.root
        self.gettext = {lang: t.gettext for lang, t in data.translations.items()}
        self.envs = make_environments(self.root / "templates", data.translations, data.template_cache)
        self.problems: list[Problem] = []
        self._bodies: dict[tuple[str, str | None, str], str] = {}

    def link(self, path: str) -> str:
        return self.data.config.base_path + path

    def view_for(self, route: Route) -> EditionView | None:
        edition = route.edition or (self.data.site.editions[0] if self.data.site.editions else None)
        return self.data.views.get(edition.slug) if edition else None

    def body(self, route: Route) -> str:
        """A page's Markdown as HTML, rendered once; problems are kept with file and line."""
        page = route.page
        assert page is not None
        key = (page.lang, page.edition, page.id)
        if key not in self._bodies:
            html, issues = render_markdown(page.body, page.lang, self.resolver(page, self.view_for(route)))
            self.problems += [Problem(page.path, page.body_line + i.line - 1, i.message) for i in issues]
            self._bodies[key] = html
        return self._bodies[key]

    def resolver(self, page: Page, view: EditionView | None) -> Resolver:
        from .blocks import BlockRenderer

        blocks = BlockRenderer(self, page.lang, view)
        values = view.values if view else {}
        stated = frozenset(
            v.value
            for v in values.values()
            if v.value is not None and not (v.value < SMALL_INT and v.value == v.value.to_integral_value())
        )
        site = {
            "contact": self.data.config.contact,
            "contact_email": self.data.config.contact_email,
        }
        return Resolver(
            figure=blocks.figure,
            block=blocks.block,
            link=lambda target: self.page_link(page, target),
            site=site.get,
            figures=stated,
        )

    def page_link(self, page: Page, target: str) -> str | None:
        """URL of `page:ID#anchor` in the same language (same edition first, then shared pages)."""
        page_id, _, anchor = target.partition("#")
        site = self.data.site
        newest = site.editions[0].slug if site.editions else None
        for edition in (page.edition or newest, None):
            route = site.find(page.lang, edition, page_id)
            if route:
                return self.link(route.path) + (f"#{anchor}" if anchor else "")
        return None

    def render(self, route: Route) -> bytes:
        """The HTML of one route."""
        lang = route.lang
        context = self.common(route)
        if route.kind == "editions":
            template = "editions.html"
            context["editions"] = [self.edition_info(e, lang) for e in self.data.site.editions]
        else:
            template = "front.html" if route.page and route.page.id == "index" else "page.html"
            context["content"] = Markup(self.body(route))
            context["key_figures"] = self.key_figures(route) if template == "front.html" else []
        return render_template(self.envs[lang], template, context, self.root).encode()

    def common(self, route: Route) -> dict:
        """Context every page template gets: language, links, navigation, edition."""
        cfg, site, lang = self.data.config, self.data.site, route.lang
        other = next(code for code in cfg.langs if code != lang)
        counterpart = site.counterpart(route, other)
        alternates = [
            {"lang": code, "url": cfg.url(site.counterpart(route, code).canonical)} for code in cfg.langs
        ]
        title = route.page.title if route.page else title_of(self, route)
        return {
            "lang": lang,
            "title": title,
            "site_title": cfg.title[lang],
            "description": route.page.summary if route.page and route.page.summary else cfg.title[lang],
            "canonical": cfg.url(route.canonical),
            "alternates": alternates,
            "x_default": alternates[0]["url"],
            "counterpart": {"lang": other, "url": self.link(counterpart.path)},
            "nav": [
                {
                    "title": r.page.title if r.page else title_of(self, r),
                    "url": self.link(r.path),
                    "current": r.canonical == route.canonical,
                }
                for r in navigation(site, route)
            ],
            "home": self.link(f"{lang}/"),
            "accessibility": self.page_link_for(lang, "accessibility"),
            "edition": self.edition_context(route),
            "csp": CSP,
            "asset": self.link,
        }

    def page_link_for(self, lang: str, page_id: str) -> str:
        route = self.data.site.find(lang, None, page_id)
        return self.link(route.path) if route else self.link(f"{lang}/")

    def edition_context(self, route: Route) -> dict | None:
        if route.edition is None:
            return None
        newer, older = neighbours(self.data.site, route.edition)
        lang = route.lang
        info = self.edition_info(route.edition, lang)
        info["newer"] = self.edition_info(newer, lang) if newer else None
        info["older"] = self.edition_info(older, lang) if older else None
        info["latest"] = newer is None
        return info

    def edition_info(self, edition: Edition, lang: str) -> dict:
        route = self.data.site.find(lang, edition.slug, "index")
        return {
            "id": edition.id,
            "as_of": edition.as_of,
            "url": self.link(route.path) if route else "",
            "period_start": edition.period_start,
            "period_end": edition.period_end,
            "source": edition.source,
        }

    def key_figures(self, route: Route) -> list[dict]:
        view = self.view_for(route)
        if view is None:
            return []
        from .blocks import BlockRenderer

        blocks = BlockRenderer(self, route.lang, view)
        return [
            {"label": view.values[key].label[route.lang], "value": Markup(blocks.figure(key, False))}
            for key in self.data.config.key_figures
        ]

    def render_plain(self, template: str, lang: str, **context: object) -> bytes:
        """A page outside the route table (landing, 404, sitemap, feed, robots.txt)."""
        cfg = self.data.config
        base = {
            "lang": lang,
            "site_title": cfg.title[lang],
            "titles": cfg.title,
            "csp": CSP,
            "asset": self.link,
            "home": self.link(f"{lang}/"),
            "homes": {c: self.link(f"{c}/") for c in cfg.langs},
            "bilingual": False,
        }
        return render_template(self.envs[lang], template, {**base, **context}, self.root).encode()

    def landing(self) -> list[dict]:
        """The two ways into the site, Danish first."""
        cfg = self.data.config
        out = []
        for lang in cfg.langs:
            _ = self.gettext[lang]
            out.append(
                {
                    "lang": lang,
                    "title": cfg.title[lang],
                    "url": self.link(f"{lang}/"),
                    "label": _("Read the briefing in English"),
                }
            )
        return out

    def sitemap(self) -> list[dict]:
        """Canonical pages with their language alternates."""
        cfg, site = self.data.config, self.data.site
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

    def feed(self, lang: str) -> dict:
        """An Atom feed announcing each edition, newest first."""
        cfg, site = self.data.config, self.data.site
        entries = []
        for edition in site.editions:
            route = site.find(lang, edition.slug, "index")
            if route:
                entries.append(
                    dict(
                        self.edition_info(edition, lang),
                        url_abs=cfg.url(route.path),
                        atom_id=self.atom_id(route.path),
                    )
                )
        return {
            "id": self.atom_id(f"{lang}/feed.xml"),
            "self": cfg.url(f"{lang}/feed.xml"),
            "url": cfg.url(f"{lang}/"),
            "title": cfg.title[lang],
            "updated": site.editions[0].as_of if site.editions else None,
            "entries": entries,
        }

    def atom_id(self, path: str) -> str:
        """A permanent Atom id: the page URL when the site's origin is known, else a tag URI."""
        cfg = self.data.config
        return (
            cfg.url(path) if cfg.site_url else f"tag:folketinget.dk,2025:uru-bilag-219{cfg.base_path}{path}"
        )


def title_of(renderer: PageRenderer, route: Route) -> str:
    """Title of a generated page in its language."""
    _ = renderer.gettext[route.lang]
    return _("Editions")


def reserved_slugs() -> dict[str, set[str]]:
    """Evergreen slugs the generator uses itself."""
    return {lang: {slug, "404", "assets", "charts", "data"} for lang, slug in EDITIONS_SLUG.items()}


def check_bodies(data: RenderInput) -> list[Problem]:
    """Problems in page bodies alone, for a project whose layout is broken elsewhere."""
    renderer = PageRenderer(data)
    for route in data.site.routes:
        if route.kind == "page":
            renderer.body(route)
    return renderer.problems


def render_site(
    data: RenderInput, reuse: Mapping[str, Mapping[str, Path]]
) -> tuple[dict[str, Content], list[Problem]]:
    """Every output file of the site, and every problem found while rendering.

    Editions in `reuse` (slug -> their unchanged files from an earlier build) are not rendered again."""
    renderer = PageRenderer(data)
    files = SiteFiles()
    for route in data.site.routes:
        if not (route.kind == "page" and route.edition and route.edition.slug in reuse):
            files.add(route.file, renderer.render(route))
    for lang in data.config.langs:
        files.add(f"{lang}/404.html", renderer.render_plain("404.html", lang))
        files.add(f"{lang}/feed.xml", renderer.render_plain("feed.xml", lang, feed=renderer.feed(lang)))
    landing = renderer.render_plain(
        "landing.html", "da", landing=renderer.landing(), root_url=data.config.url("")
    )
    files.add("index.html", landing)
    files.add("404.html", renderer.render_plain("404.html", "da", bilingual=True))
    files.add("sitemap.xml", renderer.render_plain("sitemap.xml", "da", sitemap=renderer.sitemap()))
    robots = renderer.render_plain("robots.txt", "da", sitemap_url=data.config.url("sitemap.xml"))
    files.add("robots.txt", robots)
    files.add("_headers", renderer.render_plain("_headers.txt", "da", csp=CSP, base=data.config.base_path))
    for path, content in sorted({**data.source_files, **data.assets}.items()):
        if owner(path, set(reuse)):
            continue  # a reused edition's table downloads come with its cached files
        files.add(path, content)
    for (edition, chart_id, lang), chart in sorted((data.charts or {}).items()):
        base = f"charts/{edition}/{chart_id}"
        files.add(f"{base}-{lang}.svg", chart.svg)
        files.add(f"{base}-{lang}.png", chart.png)
        if lang == data.config.langs[0]:
            files.add(f"{base}.csv", chart.csv)
    for slug in sorted(reuse):
        for path, cached in sorted(reuse[slug].items()):
            files.add(path, cached)
    return files.files, renderer.problems + i18n.missing_problems(data.catalogs, data.translations)
