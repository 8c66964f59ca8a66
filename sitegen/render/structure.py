"""Rules a whole rendered page must keep, whatever made it: unique element ids, one <h1>, alt text on images.

Page bodies are checked as Markdown (with their lines); this check of the final HTML also catches what a
template or a block adds, such as a heading id that the page around the body already uses."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import Problem
from ..load.pages import Page
from .markdown import heading_lines

# Attributes are quoted and escaped: no '>' inside a tag.
ID = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*\b[^>]*?\sid="([^"]*)"')  # an element's id: its tag's first
H1 = re.compile(r"<h1\b", re.IGNORECASE)
IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
ALT = re.compile(r"\salt=")


@dataclass(frozen=True)
class Flaws:
    """What breaks the page rules in one HTML page."""

    duplicate_ids: tuple[str, ...]
    h1_count: int
    images_without_alt: int


def find_flaws(html: str) -> Flaws:
    """Find repeated ids, level-1 headings and images lacking alt text in a page's tags, each with one
    regular expression over the page (a loop over every tag took 6 ms of a prose edit's 36 pages)."""
    ids = Counter(ID.findall(html))
    missing_alt = sum(not ALT.search(attrs) for attrs in IMG.findall(html))
    return Flaws(tuple(sorted(i for i, n in ids.items() if n > 1)), len(H1.findall(html)), missing_alt)


def page_problems(html: str, body: str, page: Page | None, where: str) -> list[Problem]:
    """The page rules as problems: at the heading's line when a body heading causes it, else at `where`
    (the page's file, or its template). Headings and images in the `body` HTML were checked with their
    lines already (render_markdown), so only the rest of the page is counted for those."""
    flaws = find_flaws(html)
    around = find_flaws(html.replace(body, "", 1)) if body else flaws
    headings = heading_lines(page.body) if page and flaws.duplicate_ids else {}
    problems = []
    for anchor in flaws.duplicate_ids:
        if anchor in headings:
            line = page.body_line + headings[anchor] - 1
            message = f"heading id '{anchor}' is already used on the page (rename the heading)"
            problems.append(Problem(where, line, message))
        else:
            problems.append(Problem(where, 0, f"id '{anchor}' is used twice on the page"))
    if around.h1_count > 1:
        problems.append(
            Problem(where, 0, f"the page has {around.h1_count} level-1 headings (<h1>); keep one")
        )
    if around.images_without_alt:
        problems.append(Problem(where, 0, "an image on the page has no alt text"))
    return problems


def print_problems(html: str, pdf: str, where: str) -> list[Problem]:
    """The page rules for an edition's print document (made into the PDF at site path `pdf`): ids unique
    and alt text on every image, as on a page. Its <h1>s are not counted: the cover, the contents and each
    page of the edition open with one, and they make the PDF's outline, one entry per page."""
    flaws = find_flaws(html)
    problems = [
        Problem(where, 0, f"{pdf}: id '{anchor}' is used twice in the print document")
        for anchor in flaws.duplicate_ids
    ]
    if flaws.images_without_alt:
        problems.append(Problem(where, 0, f"{pdf}: an image in the print document has no alt text"))
    return problems
