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

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.problems: list[Problem] = []
        self._html: dict[tuple[str, str | None, str], str] = {}

    def html(self, route: Route, view: EditionView | None = None) -> str:
        """A page's Markdown as HTML, its references resolved in `view` (default: the route's edition).

        An evergreen page in an older edition's PDF is resolved in that edition; a problem it shares
        with another edition's copy is reported once."""
        page = route.page
        assert page is not None
        view = view or self.ctx.view_for(route)
        key = (page.lang, view.edition.slug if view else None, page.id)
        if key not in self._html:
            html, issues = render_markdown(page.body, page.lang, self.resolver(page, view))
            for issue in issues:
                problem = Problem(page.path, page.body_line + issue.line - 1, issue.message)
                if problem not in self.problems:
                    self.problems.append(problem)
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
        site = {"contact": config.contact, "contact_email": config.contact_email}
        return Resolver(
            figure=blocks.figure,
            block=blocks.block,
            link=lambda target: self.ctx.page_link(page, target, view.edition.slug if view else None),
            site=site.get,
            figures=stated,
        )
