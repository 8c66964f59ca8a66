"""The one Markdown renderer: raw HTML off, dataset references, heading anchors and a link policy."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

REF = re.compile(
    r"\{\{\s*(fig|chart|table|notes|changes|site|edition)(?::([A-Za-z0-9_.\-]+)(?:\|(plain|words))?)?\s*\}\}"
)
ATTEMPT = re.compile(
    r"\{\{.*?(?:\}\}|$)"
)  # anything meant as a reference; one REF does not match is malformed
BLOCK_KINDS = ("chart", "table", "notes", "changes")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")
# Numbers typed in prose: 1.234,5 / 1,234.5 / 1 234 / 16.4 / 384 (ASCII digits: \d would take '٣' too)
NUMBER = re.compile(
    r"(?<![\w.,])[0-9]{1,3}(?:[ .,\u00a0][0-9]{3})+(?:[.,][0-9]+)?(?![\w])"
    r"|(?<![\w.,])[0-9]+(?:[.,][0-9]+)?(?![\w])"
)
NOT_FIGURE_BEFORE = re.compile(
    r"(\b(tabel|tabeller|table|tables|side|sider|page|pages|s\.|p\.|pp\.|kapitel|chapter|bilag|annex|nr\.|no\.|"
    r"punkt|afsnit)|§)\s*([0-9]+\s*[-–]\s*)?$",  # also the end of a range: "side 2-22", "tables 3-5"
    re.IGNORECASE,
)
ONE_H1 = "a level-1 heading: the page's title is its only one (use ## for sections)"
LOCAL_IMAGE = (
    "image '{}' is not a file of the site "
    "(give a local path, not an http(s):, //, javascript: or data: address)"
)
MALFORMED = (
    "malformed reference '{}' (write {{{{ fig:KEY }}}}, {{{{ fig:KEY|plain }}}} or {{{{ fig:KEY|words }}}}; "
    "see docs/formats.md)"
)
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december", "january", "february", "march", "may", "june", "july",
          "october")  # fmt: skip


@dataclass(frozen=True)
class Resolver:
    """What the renderer may look up; each returns None when the reference is unknown."""

    figure: Callable[[str, str], str | None]  # key and style: "" (with unit), "plain" or "words"
    block: Callable[[str, str | None], str | None]
    link: Callable[[str], str | None]
    site: Callable[[str], str | None]
    figures: frozenset[Decimal]  # values a typed number must not duplicate
    edition: Callable[[str], str | None] = lambda key: None  # the page's edition: period, as_of, ...


@dataclass(frozen=True)
class Issue:
    line: int  # line within the Markdown body (1-based)
    message: str


@dataclass(frozen=True)
class Heading:
    """A heading of a page body, for its contents list or A-Z index."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """A page body as HTML, with the problems found in it and its headings in order."""

    html: str
    issues: list[Issue]
    headings: tuple[Heading, ...]
    blocks: tuple[tuple[int, str, str], ...] = ()  # (line, kind, id) of each block reference, in order


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = lambda url: True  # every link reaches the policy below, which reports bad ones
    return md


MD = _parser()


def render_markdown(body: str, lang: str, resolve: Resolver) -> Rendered:
    """Render a page body to HTML and list every problem in it with its line."""
    tokens = MD.parse(body)
    issues: list[Issue] = []
    blocks = _replace_blocks(tokens, resolve, issues)
    anchors: set[str] = set()
    headings = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and token.children:
            line = (token.map[0] if token.map else 0) + 1
            _check_children(token.children, line, lang, resolve, issues)
        if token.type == "heading_open":
            anchor = _anchor(tokens[i + 1].content, anchors)
            token.attrSet("id", anchor)
            headings.append(Heading(int(token.tag[1]), anchor, _plain_text(tokens[i + 1])))
            if token.tag == "h1":
                issues.append(Issue((token.map[0] if token.map else 0) + 1, ONE_H1))
    html = MD.renderer.render(tokens, MD.options, {"resolve": resolve})
    return Rendered(html, issues, tuple(headings), tuple(blocks))


def block_outline(body: str) -> tuple[tuple[int, int], ...]:
    """Each heading's level and line in the body (0-based), from the block parse alone (the inline one
    costs twice as much)."""
    blocks: list[Token] = []
    MD.block.parse(re.sub(r"\r\n?", "\n", body).replace("\0", "\ufffd"), MD, {}, blocks)
    headings = [token for token in blocks if token.type == "heading_open"]
    return tuple((int(token.tag[1:]), token.map[0] if token.map else 0) for token in headings)


def heading_lines(body: str) -> dict[str, int]:
    """Each heading's id, as `render_markdown` gives it, and its line in the body (to locate a clash)."""
    tokens = MD.parse(body)
    taken: set[str] = set()
    return {
        _anchor(tokens[i + 1].content, taken): (token.map[0] if token.map else 0) + 1
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    }


def _plain_text(inline: Token) -> str:
    """A heading's words without markup (emphasis, code) or references."""
    parts = [c.content for c in inline.children or [] if c.type in ("text", "code_inline")]
    return " ".join(REF.sub("", "".join(parts)).split())


def render_inline(text: str, lang: str, resolve: Resolver) -> tuple[str, list[Issue]]:
    """Render one line of Markdown (no paragraph around it), such as a key figure's context."""
    tokens = MD.parseInline(text)
    issues: list[Issue] = []
    for token in tokens:
        if token.children:
            _check_children(token.children, 1, lang, resolve, issues)
    return MD.renderer.render(tokens, MD.options, {"resolve": resolve}), issues


def _replace_blocks(
    tokens: list[Token], resolve: Resolver, issues: list[Issue]
) -> list[tuple[int, str, str]]:
    """A paragraph that is only a chart/table/notes reference becomes that block's HTML; returns them."""
    blocks = []
    for i, token in enumerate(tokens[:-2]):
        if token.type != "paragraph_open" or tokens[i + 1].type != "inline":
            continue
        match = REF.fullmatch(tokens[i + 1].content.strip())
        if not match or match.group(1) not in BLOCK_KINDS:
            continue
        line = (token.map[0] if token.map else 0) + 1
        blocks.append((line, match.group(1), match.group(2) or ""))
        html = resolve.block(match.group(1), match.group(2))
        if html is None:
            issues.append(Issue(line, f"unknown {match.group(1)} reference '{match.group(2)}'"))
            html = ""
        block = Token("html_block", "", 0, content=html)
        tokens[i : i + 3] = [block, Token("text", "", 0), Token("text", "", 0)]
    return blocks


def _check_children(
    children: list[Token], line: int, lang: str, resolve: Resolver, issues: list[Issue]
) -> None:
    offset = 0
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        if child.type == "link_open":
            _check_link(child, line + offset, resolve, issues)
        if child.type == "image":
            _check_image(child, line + offset, issues)
        if child.type != "text":
            continue
        for attempt in ATTEMPT.finditer(child.content):
            if not REF.fullmatch(attempt.group(0)):
                issues.append(Issue(line + offset, MALFORMED.format(attempt.group(0))))
        for match in REF.finditer(child.content):
            kind, key, style = match.groups()
            if kind in BLOCK_KINDS:
                issues.append(Issue(line + offset, f"'{match.group(0)}' must stand on a line of its own"))
            elif (kind == "fig" and resolve.figure(key or "", style or "") is None) or (
                kind in ("site", "edition") and _text_ref(resolve, kind, key) is None
            ):
                issues.append(Issue(line + offset, f"unknown {kind} reference '{key}' (see docs/formats.md)"))
        for number in typed_figures(REF.sub(" ", child.content), lang, resolve.figures):
            issues.append(
                Issue(
                    line + offset,
                    f"number '{number}' is typed in; it duplicates a dataset figure, "
                    "so write it as a {{ fig:KEY }} reference",
                )
            )


def _check_link(token: Token, line: int, resolve: Resolver, issues: list[Issue]) -> None:
    href = str(token.attrs.get("href", ""))
    lowered = re.sub(r"[\s\x00-\x1f]", "", href).lower()
    if lowered.startswith(BAD_SCHEMES):
        issues.append(
            Issue(
                line,
                f"link '{href}' uses a forbidden scheme (javascript:, data: and file: are not allowed)",
            )
        )
        token.attrs["href"] = "#"
    elif href.startswith("page:"):
        target = resolve.link(href[5:])
        if target is None:
            issues.append(Issue(line, f"link '{href}' names no page (use page:ID with a page id)"))
        token.attrs["href"] = target or "#"


def _check_image(token: Token, line: int, issues: list[Issue]) -> None:
    """An image is a file of the site, never another address, and says what it shows."""
    src = str(token.attrs.get("src", ""))
    bare = re.sub(r"[\s\x00-\x1f]", "", src).lower()
    if SCHEME.match(bare) or bare.startswith("//") or "\\" in src:
        issues.append(Issue(line, LOCAL_IMAGE.format(src)))
        token.attrs["src"] = ""
    if not token.content.strip():
        issues.append(Issue(line, f"image '{src}' has no alt text (write what it shows: ![text](...))"))


def typed_figures(text: str, lang: str, figures: frozenset[Decimal]) -> list[str]:
    """Numbers typed into prose that equal a dataset figure (dates, years and section numbers excepted)."""
    found = []
    for match in NUMBER.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if NOT_FIGURE_BEFORE.search(before) or _is_date(match.group(0), before, after):
            continue
        value = parse_number(match.group(0), lang)
        if value is not None and value in figures:
            found.append(match.group(0))
    return found


def _is_date(number: str, before: str, after: str) -> bool:
    tail = re.sub(r"^\.?\s*([-–]\s*[0-9]{1,2}\.?\s*)?", "", after).lower()  # "19-20 September", "19.-20. sep"
    if tail.startswith(MONTHS) or re.search(r"(" + "|".join(MONTHS) + r")\s*$", before.lower()):
        return True
    if re.fullmatch(r"(19|20)[0-9][0-9]", number):
        return True
    return (
        after.startswith((".", "th", "st", "nd", "rd"))
        and not re.match(r"[0-9]", after[1:2])
        and len(number) <= 2
    )


def parse_number(text: str, lang: str) -> Decimal | None:
    """Read a number as the language writes it (`1.234,5` in Danish, `1,234.5` in English)."""
    text = text.replace("\u00a0", "").replace(" ", "")
    group, decimal = (".", ",") if lang == "da" else (",", ".")
    if re.fullmatch(rf"[0-9]{{1,3}}(\{group}[0-9]{{3}})+(\{decimal}[0-9]+)?", text):
        text = text.replace(group, "")
    text = text.replace(decimal, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def slugify(text: str) -> str:
    """An ASCII anchor id from a heading: 'APM – antipersonelminer' -> 'apm-antipersonelminer'."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _anchor(heading: str, taken: set[str]) -> str:
    """A heading's id, unique within the page (a repeated heading gets -2, -3 …)."""
    base = slugify(REF.sub("", heading))
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def _text_ref(resolve: Resolver, kind: str, key: str | None) -> str | None:
    """A reference that stands for plain text: a site setting or a fact of the page's edition."""
    return (resolve.site if kind == "site" else resolve.edition)(key or "")


def _render_text(self, tokens: list[Token], idx: int, options, env) -> str:
    """Text with figure references swapped for their formatted values; a malformed reference (an error
    at its line) is left out, so that no key reaches a reader."""
    resolve: Resolver = env["resolve"]
    out, last = [], 0
    content = ATTEMPT.sub(lambda m: m.group(0) if REF.fullmatch(m.group(0)) else "", tokens[idx].content)
    for match in REF.finditer(content):
        out.append(escape(content[last : match.start()], quote=False))
        kind, key, style = match.groups()
        if kind == "fig":
            out.append(resolve.figure(key or "", style or "") or "")
        elif kind in ("site", "edition"):
            out.append(escape(_text_ref(resolve, kind, key) or ""))
        last = match.end()
    out.append(escape(content[last:], quote=False))
    return "".join(out)


MD.add_render_rule("text", _render_text)
