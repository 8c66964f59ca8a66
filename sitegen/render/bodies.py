"""Page bodies: each page's Markdown rendered once, with its references resolved and its problems kept."""

from __future__ import annotations

from decimal import Decimal

from ..compute.editions import EditionView
from ..errors import Problem
from ..load.pages import Page
from .blocks import BlockRenderer
from .context import RenderContext
from .formats import format_date
from .markdown import Resolver, render_markdown
from .routes import Route
from .sources import short_names, sources_sentence

SMALL_INT = Decimal(10)  # integers below this are too common in prose to flag as typed figures


class Bodies:
    """The HTML of every page body, rendered on first use; problems carry the page's file and line."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.problems: list[Problem] = []
        self._html: dict[tuple[str, str | None, str], str] = {}

    def html(self, route: Route) -> str:
        """A page's Markdown as HTML."""
        page = route.page
        assert page is not None
        key = (page.lang, page.edition, page.id)
        if key not in self._html:
            html, issues = render_markdown(
                page.body, page.lang, self.resolver(page, self.ctx.view_for(route))
            )
            self.problems += [Problem(page.path, page.body_line + i.line - 1, i.message) for i in issues]
            self._html[key] = html
        return self._html[key]

    def resolver(self, page: Page, view: EditionView | None) -> Resolver:
        """What a page's references may name: its edition's figures and blocks, pages, site settings."""
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
        return Resolver(
            figure=blocks.figure,
            block=blocks.block,
            link=lambda target: self.ctx.page_link(page, target),
            site=site.get,
            figures=stated,
            edition=facts.get,
        )


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
