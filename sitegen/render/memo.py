"""Page bodies kept from the last build, so that a prose edit parses again only the page it changed.

A body's HTML, problems and headings follow from its text, its language and the answers its references
got (figures, blocks, links, site and edition facts, the figures a typed number must not repeat). An
entry records those lookups with their answers, and is reused only when the same lookups give the same
answers now: a changed figure, table, link target or page text renders the page afresh."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from .markdown import Heading, Issue, Rendered, Resolver, render_markdown

LOOKUPS = ("figure", "block", "link", "site", "edition")
Entry = dict[str, object]  # JSON: calls, figures, html, issues, headings, blocks


@dataclass
class BodyMemo:
    """Entries from the last build by page text (`entries`), and those this build used or made (`kept`,
    what the next build gets: an entry no page needs any more is dropped)."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    kept: dict[str, list[Entry]] = field(default_factory=dict)

    def render(self, body: str, lang: str, resolve: Resolver) -> Rendered:
        """`render_markdown(body, lang, resolve)`, from an entry whose lookups still hold if there is one."""
        key = hashlib.sha256(f"{lang}\0{body}".encode()).hexdigest()
        figures = sorted(str(value) for value in resolve.figures)
        for entry in self.entries.get(key, []):
            if entry["figures"] == figures and holds(entry["calls"], resolve):
                self.keep(key, entry)
                return rendered_from(entry)
        calls: list[list] = []
        rendered = render_markdown(body, lang, recording(resolve, calls))
        self.keep(key, {"calls": calls, "figures": figures, **as_json(rendered)})
        return rendered

    def keep(self, key: str, entry: Entry) -> None:
        kept = self.kept.setdefault(key, [])
        if entry not in kept:
            kept.append(entry)


def recording(resolve: Resolver, calls: list[list]) -> Resolver:
    """`resolve`, with every lookup appended to `calls` as [name, arguments, answer]."""

    def recorded(name: str):
        lookup = getattr(resolve, name)

        def call(*args):
            answer = lookup(*args)
            calls.append([name, list(args), answer])
            return answer

        return call

    return replace(resolve, **{name: recorded(name) for name in LOOKUPS})


def holds(calls: list, resolve: Resolver) -> bool:
    """Each recorded lookup gives the same answer now."""
    return all(getattr(resolve, name)(*args) == answer for name, args, answer in calls)


def as_json(rendered: Rendered) -> Entry:
    return {
        "html": rendered.html,
        "issues": [[i.line, i.message] for i in rendered.issues],
        "headings": [[h.level, h.anchor, h.text] for h in rendered.headings],
        "blocks": [list(block) for block in rendered.blocks],
    }


def rendered_from(entry: Entry) -> Rendered:
    return Rendered(
        entry["html"],
        [Issue(*issue) for issue in entry["issues"]],
        tuple(Heading(*heading) for heading in entry["headings"]),
        tuple(tuple(block) for block in entry["blocks"]),
    )
