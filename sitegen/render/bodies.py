"""Page bodies: each page's Markdown rendered once, with its references resolved and its problems kept."""

from __future__ import annotations

from decimal import Decimal

from ..compute.editions import EditionView
from ..errors import Problem
from ..load.pages import Page
from .blocks import BlockRenderer
from .context import RenderContext
from .markdown import Resolver, render_markdown
from .routes import Route

SMALL_INT = Decimal(10)  # integers below this are too common in prose to flag as typed figures


class Bodies:
    """The HTML of every page body, rendered on first use; problems carry the page's file and line."""

    def __init__(self, ctx: RenderContext, unreliable: frozenset[str | None] = frozenset()) -> None:
        self.ctx = ctx
        self.unreliable = unreliable  # editions (None: shared pages) whose references are not checked
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
        site = {"contact": config.contact, "contact_email": config.contact_email}
        lenient = page.edition in self.unreliable
        return Resolver(
            figure=(lambda key, plain: blocks.figure(key, plain) or "") if lenient else blocks.figure,
            block=(lambda kind, ident: blocks.block(kind, ident) or "") if lenient else blocks.block,
            link=lambda target: self.ctx.page_link(page, target) or self.untranslated(page, target),
            site=site.get,
            figures=frozenset() if lenient else stated,
        )

    def untranslated(self, page: Page, target: str) -> str | None:
        """'#' for a link to a page that exists only in another language: the missing translation is
        reported where it is, so the link is not reported as broken too; None when no page has the id."""
        site, page_id = self.ctx.data.site, target.partition("#")[0]
        langs = [lang for lang in self.ctx.data.config.langs if lang != page.lang]
        found = any(site.find(lang, edition, page_id) for lang in langs for edition in (page.edition, None))
        return "#" if found else None
