"""Page bodies: each page's Markdown rendered once, with its references resolved and its problems kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..compute.editions import EditionView
from ..errors import Problem
from ..load.pages import Page
from ..load.settings import KeyFigure
from .blocks import BlockRenderer
from .context import RenderContext
from .formats import format_date
from .markdown import REF, Heading, Rendered, Resolver, render_inline
from .memo import BodyMemo
from .routes import Route
from .sources import short_names, sources_sentence

SMALL_INT = Decimal(10)  # integers below this are too common in prose to flag as typed figures
SITE_SETTINGS = "content/site.toml"


class Bodies:
    """The HTML of every page body, rendered on first use; problems carry the page's file and line."""

    def __init__(
        self,
        ctx: RenderContext,
        unreliable: frozenset[str | None] = frozenset(),
        memo: BodyMemo | None = None,
    ) -> None:
        self.ctx = ctx
        self.unreliable = unreliable  # editions (None: shared pages) whose references are not checked
        self.memo = memo or BodyMemo()  # bodies from the last build, reused where nothing they use changed
        self.problems: list[Problem] = []
        self._rendered: dict[tuple[str, str | None, str], Rendered] = {}
        self._contexts: dict[tuple[str, str | None, str], str] = {}

    def html(self, route: Route, view: EditionView | None = None) -> str:
        """A page's Markdown as HTML, its references resolved in `view` (default: the route's edition)."""
        return self._render(route, view).html

    def headings(self, route: Route, view: EditionView | None = None) -> tuple[Heading, ...]:
        """A page's headings, in order, with their anchors."""
        return self._render(route, view).headings

    def _render(self, route: Route, view: EditionView | None) -> Rendered:
        """Render once per edition: an evergreen page in an older edition's PDF is resolved in that
        edition; a problem it shares with another edition's copy is reported once."""
        page = route.page
        assert page is not None
        view = view or self.ctx.view_for(route)
        key = (page.lang, view.edition.slug if view else None, page.id)
        if key not in self._rendered:
            rendered = self.memo.render(page.body, page.lang, lambda: self.resolver(page, view))
            found = [Problem(page.path, page.body_line + i.line - 1, i.message) for i in rendered.issues]
            blocks = [(page.body_line + line - 1, kind, ident) for line, kind, ident in rendered.blocks]
            found += [
                Problem(page.path, line, message, warning=True)
                for line, message in repeated_blocks(blocks, self.ctx.data.chart_tables)
            ]
            self.problems += [p for p in found if p not in self.problems]
            self._rendered[key] = rendered
        return self._rendered[key]

    def context_line(self, route: Route, figure: KeyFigure, view: EditionView | None = None) -> str:
        """A key figure's line of context on a front page, as HTML ('' when it has none). Its references
        name `view`'s figures: the edition the key figure is taken from (the page's by default). A line
        that would name a figure this edition does not give is left out, not shown with 'ukendt'."""
        page = route.page
        if figure.context is None or page is None:
            return ""
        view = view or self.ctx.view_for(route)
        key = (page.lang, view.edition.slug if view else page.edition, figure.key)
        if key not in self._contexts:
            text = figure.context[page.lang]
            html, issues = render_inline(text, page.lang, self.resolver(page, view))
            where = f"key_figures: '{figure.key}': context.{page.lang}"
            config = self.ctx.data.config
            line = config.lines.line(("key_figures", config.key_figures.index(figure), "context", page.lang))
            self.problems += [Problem(SITE_SETTINGS, line, f"{where}: {i.message}") for i in issues]
            values = view.values if view else {}
            names = [m.group(2) for m in REF.finditer(text) if m.group(1) == "fig"]
            lacking = any(n in values and values[n].value is None for n in names)
            self._contexts[key] = "" if lacking else html
        return self._contexts[key]

    def resolver(self, page: Page, view: EditionView | None) -> Resolver:
        """What a page's references may name: its edition's figures and blocks, pages, site settings.

        In a page whose edition's data did not load, any figure or block reference may stand."""
        blocks = BlockRenderer(self.ctx, page.lang, view)
        values = view.values if view else {}
        stated = frozenset(
            v.value
            for v in values.values()
            if v.value is not None and not (v.value < SMALL_INT and v.value == v.value.to_integral_value())
        )
        config = self.ctx.data.config
        site = {
            "contact": config.contact,
            "contact_email": config.contact_email,
            "title": config.title[page.lang],
        }
        facts = edition_facts(self.ctx, view, page.lang) if view else {}
        lenient = page.edition in self.unreliable
        return Resolver(
            figure=(lambda key, style: blocks.figure(key, style) or "") if lenient else blocks.figure,
            block=(lambda kind, ident: blocks.block(kind, ident) or "") if lenient else blocks.block,
            link=lambda target: (
                self.ctx.page_link(page, target, view.edition.slug if view else None)
                or self.untranslated(page, target)
            ),
            site=site.get,
            figures=frozenset() if lenient else stated,
            edition=(lambda key: facts.get(key, "")) if lenient and not facts else facts.get,
        )

    def untranslated(self, page: Page, target: str) -> str | None:
        """'#' for a link to a page that exists only in another language: the missing translation is
        reported where it is, so the link is not reported as broken too; None when no page has the id."""
        site, page_id = self.ctx.data.site, target.partition("#")[0]
        langs = [lang for lang in self.ctx.data.config.langs if lang != page.lang]
        found = any(site.find(lang, edition, page_id) for lang in langs for edition in (page.edition, None))
        return "#" if found else None


def repeated_blocks(
    blocks: Sequence[tuple[int, str, str]], chart_tables: Mapping[str, tuple[str, ...]]
) -> list[tuple[int, str]]:
    """Blocks that repeat numbers another block on the page shows: the same block twice, or a table
    beside a chart drawn from it. Returns (line, message) for each."""
    found, first = [], {}
    charts = [(line, ident) for line, kind, ident in blocks if kind == "chart"]
    for line, kind, ident in blocks:
        if kind not in ("chart", "table"):
            continue
        if (kind, ident) in first:
            found.append(
                (line, f"{kind} '{ident}' is already shown on line {first[(kind, ident)]} (keep one)")
            )
        first.setdefault((kind, ident), line)
        for chart_line, chart in charts if kind == "table" else []:
            if ident in chart_tables.get(chart, ()):
                found.append(
                    (
                        line,
                        f"table '{ident}' repeats the figures of chart '{chart}' on line {chart_line} "
                        "(keep one; the data page shows every table)",
                    )
                )
    return found


def edition_facts(ctx: RenderContext, view: EditionView, lang: str) -> dict[str, str]:
    """What `{{ edition:KEY }}` may name: the page's edition (the newest, on a shared page)."""
    edition = view.edition
    return {
        "id": edition.id,
        "period": ctx.period(edition, lang),
        "as_of": format_date(edition.as_of, lang),
        "sources": sources_sentence(edition, lang),
        "source_names": short_names(edition, lang),
    }
