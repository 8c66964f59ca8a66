"""Find the Markdown pages, read their front matter and pair each page with its translation."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, relpath, toml_problem
from .files import read_text
from .settings import LANGS

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FENCE = "+++"
CONTENTS = ("a-z",)  # front matter `contents`: what replaces the automatic list of sections


@dataclass(frozen=True)
class Page:
    """A Markdown page in one language; `edition` is None for evergreen pages."""

    id: str
    lang: str
    edition: str | None
    title: str
    slug: str
    summary: str
    order: int | None
    body: str
    path: str
    body_line: int  # line number of the body's first line in the file
    contents: str = ""  # "a-z": an A-Z index of the page's terms (its H3 headings) instead of sections

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.edition, self.id)


def load_pages(root: Path) -> tuple[list[Page], list[Problem]]:
    """Read every page under content/pages and content/editions/*/pages."""
    pages, problems = [], []
    folders = [(root / "content" / "pages", None)]
    editions = root / "content" / "editions"
    if editions.is_dir():
        folders += [(e / "pages", e.name) for e in sorted(editions.iterdir()) if e.is_dir()]
    for folder, edition in folders:
        for lang in LANGS:
            for path in sorted((folder / lang).glob("*.md")):
                page, problem = read_page(path, root, lang, edition)
                if problem:
                    problems.append(problem)
                else:
                    pages.append(page)
    return pages, problems


def read_page(path: Path, root: Path, lang: str, edition: str | None) -> tuple[Page | None, Problem | None]:
    """Parse one page file: TOML front matter between '+++' lines, then Markdown."""
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return None, problem
    meta, body, body_line, problem = split_front_matter(text, where)
    if problem:
        return None, problem
    title, slug, order = meta.get("title"), meta.get("slug", path.stem), meta.get("order")
    if not isinstance(title, str) or not title.strip():
        return None, Problem(where, 1, "front matter lacks 'title' (add title = \"...\")")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return None, Problem(where, 1, f"slug '{slug}' must be lower-case letters, digits and hyphens")
    if order is not None and not isinstance(order, int):
        return None, Problem(where, 1, "'order' must be a whole number")
    contents = meta.get("contents", "")
    if contents and contents not in CONTENTS:
        return None, Problem(
            where, 1, f'contents = {contents!r}: use "a-z" (an A-Z index of the terms) or leave it out'
        )
    if meta.get("draft"):
        return None, Problem(where, 1, "page is a draft (write it, then remove 'draft = true')")
    return Page(
        path.stem,
        lang,
        edition,
        title.strip(),
        slug,
        str(meta.get("summary", "")),
        order,
        body,
        where,
        body_line,
        str(contents),
    ), None


def split_front_matter(text: str, where: str) -> tuple[dict, str, int, Problem | None]:
    """Separate the TOML front matter from the body, keeping line numbers."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return {}, "", 0, Problem(where, 1, "page must start with front matter between '+++' lines")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE), None)
    if end is None:
        return (
            {},
            "",
            0,
            Problem(where, 1, "front matter is not closed (add a '+++' line after it)"),
        )
    try:
        meta = tomllib.loads("".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        return (
            {},
            "",
            0,
            toml_problem(exc, where, first_line=2, what="front matter is not valid TOML"),
        )
    return meta, "".join(lines[end + 1 :]), end + 2, None


def check_pages(pages: list[Page], reserved: dict[str, set[str]], unreadable: set[str]) -> list[Problem]:
    """Every page exists in both languages and no two pages share a URL.

    A translation that exists but could not be read (`unreadable` paths) is reported once, where it is."""
    problems = []
    by_key: dict[tuple[str | None, str], dict[str, Page]] = {}
    for page in pages:
        by_key.setdefault(page.key, {})[page.lang] = page
    for versions in by_key.values():
        present = next(iter(versions.values()))
        for lang in LANGS:
            sibling = present.path.replace(f"/{present.lang}/", f"/{lang}/", 1)
            if lang not in versions and sibling not in unreadable:
                hint = f"add its {lang} translation under {lang}/{present.id}.md"
                problems.append(Problem(present.path, 1, f"page exists in {present.lang} only ({hint})"))
    urls: dict[tuple[str, str | None, str], Page] = {}
    for page in pages:
        slot = (page.lang, page.edition, page.slug)
        if slot in urls:
            problems.append(
                Problem(
                    page.path,
                    1,
                    f"slug '{page.slug}' is also used by {urls[slot].path} (choose another)",
                )
            )
        urls.setdefault(slot, page)
        if page.edition is None and page.slug in reserved.get(page.lang, set()):
            problems.append(
                Problem(
                    page.path,
                    1,
                    f"slug '{page.slug}' is reserved for a generated page (choose another)",
                )
            )
    return problems
