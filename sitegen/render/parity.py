"""Parity beyond text: a page and its translation show the same data references under the same headings.

A translation that is known to lag behind its original (stale or unrecorded) gets its differences as
warnings, since that lag is already reported; a translation recorded as current must match, so there
they are errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Problem
from ..load.pages import Page
from .markdown import REF, block_outline

Outline = Callable[[str], tuple[tuple[int, int], ...]]  # a body's headings: (level, line in the body)

DATA_KINDS = ("fig", "chart", "table", "notes", "changes")  # `site:` references are prose, not data
SAME_HEADINGS = "give both languages the same headings"
SAME_REFS = "use the same figures, charts and tables in both languages"


@dataclass(frozen=True)
class Structure:
    """A page's headings (level, file line) in order and its data references with their first line."""

    headings: tuple[tuple[int, int], ...]
    refs: dict[str, int]  # "fig:KEY", "chart:ID", "notes" ... -> first line in the file


def page_structure(page: Page, outline: Outline = block_outline) -> Structure:
    """Headings from `outline` (the Markdown block parse, or a memo of it); references from the text,
    line by line."""
    first = page.body_line
    headings = tuple((level, first + line) for level, line in outline(page.body))
    refs: dict[str, int] = {}
    for i, line in enumerate(page.body.splitlines()):
        for match in REF.finditer(line):
            kind, key = match.group(1), match.group(2)
            if kind in DATA_KINDS:
                refs.setdefault(f"{kind}:{key}" if key else kind, first + i)
    return Structure(headings, refs)


def parity_problems(
    original: Page, translation: Page, warning: bool, outline: Outline = block_outline
) -> list[Problem]:
    """Each reference used on one side only, and the first place where the headings part ways."""
    ours, theirs = page_structure(original, outline), page_structure(translation, outline)
    problems = []
    for page, mine, other, rest in (
        (original, ours, translation, theirs),
        (translation, theirs, original, ours),
    ):
        for ref, line in sorted(mine.refs.items(), key=lambda item: item[1]):
            if ref not in rest.refs:
                message = f"{{{{ {ref} }}}} is used here but not in {other.path} ({SAME_REFS})"
                problems.append(Problem(page.path, line, message, warning))
    return problems + heading_problems(original, ours, translation, theirs, warning)


def heading_problems(
    original: Page, ours: Structure, translation: Page, theirs: Structure, warning: bool
) -> list[Problem]:
    """The first heading whose level differs, or the first one that has no counterpart."""
    for a, b in zip(ours.headings, theirs.headings, strict=False):
        if a[0] != b[0]:
            message = (
                f"heading is level {b[0]} here but level {a[0]} at {original.path}:{a[1]} ({SAME_HEADINGS})"
            )
            return [Problem(translation.path, b[1], message, warning)]
    common = min(len(ours.headings), len(theirs.headings))
    for page, mine, other, count in (
        (original, ours, translation, len(theirs.headings)),
        (translation, theirs, original, len(ours.headings)),
    ):
        if len(mine.headings) > common:
            level, line = mine.headings[common]
            where = f"{other.path}, which has {count}"
            message = f"level-{level} heading has no counterpart in {where} ({SAME_HEADINGS})"
            return [Problem(page.path, line, message, warning)]
    return []
