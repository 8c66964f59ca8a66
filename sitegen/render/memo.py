"""Page bodies kept from the last build, so that a prose edit parses again only the page it changed,
and the heading outline of every page (which the translation checks compare), by its text.

A body's HTML, problems and headings follow from its text, its language and the answers its references
got (figures, blocks, links, site and edition facts, the figures a typed number must not repeat). An
entry records those lookups with a digest of their answers, and is reused only when the same lookups
give the same answers now: a changed figure, table, link target or page text renders the page afresh.
Digests, not the answers: a block's answer is a whole table or chart, which the body's HTML already
has; at a hundred editions the answers made the memo 130 MB in memory, and now the bodies' HTML (about
45 MB) is most of it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .markdown import Heading, Issue, Rendered, Resolver, block_outline, render_markdown

LOOKUPS = ("figure", "block", "link", "site", "edition")
Entry = dict[str, object]  # JSON: calls, figures, html, issues, headings, blocks
SECTIONS = ("bodies", "outlines")  # rendered bodies by language and text; heading outlines by text


@dataclass
class BodyMemo:
    """What the last build kept (`last`) and what this build used or made (`kept`, what the next build
    gets: an entry no page needs any more is dropped), each a JSON mapping of SECTIONS."""

    last: dict[str, dict] = field(default_factory=dict)
    kept: dict[str, dict] = field(default_factory=lambda: {name: {} for name in SECTIONS})

    def render(self, body: str, lang: str, resolver: Callable[[], Resolver]) -> Rendered:
        """`render_markdown(body, lang, resolver())`, from an entry whose lookups still hold if there is one.

        Each try gets a resolver of its own: a page's lookups count the blocks shown (one shown again is
        numbered anew), so a replay that stops halfway must not leave its counts to the rendering."""
        key = digest(f"{lang}\0{body}")
        figures = digest("\0".join(sorted(str(value) for value in resolver().figures)))
        for entry in self.last.get("bodies", {}).get(key, []):
            if entry["figures"] == figures and holds(entry["calls"], resolver()):
                self.keep(key, entry)
                return rendered_from(entry)
        calls: list[list] = []
        rendered = render_markdown(body, lang, recording(resolver(), calls))
        self.keep(key, {"calls": calls, "figures": figures, **as_json(rendered)})
        return rendered

    def keep(self, key: str, entry: Entry) -> None:
        kept = self.kept["bodies"].setdefault(key, [])
        if entry not in kept:
            kept.append(entry)

    def outline(self, body: str) -> tuple[tuple[int, int], ...]:
        """`block_outline(body)`: the same text has the same headings, so the last build's answer holds."""
        key = digest(body)
        found = self.last.get("outlines", {}).get(key)
        if found is None:
            found = [list(heading) for heading in block_outline(body)]
        self.kept["outlines"][key] = found
        return tuple((level, line) for level, line in found)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def recording(resolve: Resolver, calls: list[list]) -> Resolver:
    """`resolve`, with every lookup appended to `calls` as [name, arguments, digest of the answer]."""

    def recorded(name: str):
        lookup = getattr(resolve, name)

        def call(*args):
            answer = lookup(*args)
            calls.append([name, list(args), answer_digest(answer)])
            return answer

        return call

    return replace(resolve, **{name: recorded(name) for name in LOOKUPS})


def holds(calls: list, resolve: Resolver) -> bool:
    """Each recorded lookup gives the same answer now."""
    return all(answer_digest(getattr(resolve, name)(*args)) == answer for name, args, answer in calls)


def answer_digest(answer: str | None) -> str:
    return digest(json.dumps(answer, ensure_ascii=False))


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
