"""Find the Markdown pages, read their front matter and pair each page with its translation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import Problem, processing, relpath
from .dataset import edition_folders
from .files import is_editor_file, parse_toml, read_text
from .memo import LoadMemo
from .settings import LANGS
from .spec import BOOL, INT, TEXT, Table, check_settings, key_lines, optional

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PAGE_FILE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.md")  # a page: pages/<lang>/<id>.md, nothing else
FENCE = "+++"
CONTENTS = ("a-z",)  # front matter `contents`: what replaces the automatic list of sections
FRONT_MATTER = Table(
    {
        "title": TEXT,
        "slug": optional(TEXT),  # the URL's last part; defaults to the file's id
        "summary": optional(TEXT),
        "order": optional(INT),  # place in the navigation; pages without one are not in it
        "contents": optional(TEXT),  # one of CONTENTS
        "draft": optional(BOOL),
    }
)


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


def load_pages(root: Path, memo: LoadMemo | None = None) -> tuple[list[Page], list[Problem]]:
    """Read every page under content/pages and content/editions/*/pages; `memo` has the pages the last
    build parsed, by their files' bytes."""
    pages, problems = [], []
    folders = [(root / "content" / "pages", None)]
    folders += [(e / "pages", e.name) for e in edition_folders(root)]
    for folder, edition in folders:
        files, found = page_files(folder, root, shared=edition is None)
        problems += found
        for lang, path in files:
            read = partial(read_page, path, root, lang, edition)
            page, found = memo.parsed("pages", memo.key([path], root), read) if memo else read()
            problems += found
            if page:
                pages.append(page)
    return pages, problems


def page_files(folder: Path, root: Path, shared: bool) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The pages in a pages/ folder by one rule: `[a-z0-9-]+.md` files directly in da/ or en/.

    Editor files (locks, swap files, backups, hidden files) are skipped; anything else is reported, so
    that no file is silently left out of the site."""
    files, problems = [], []
    if not folder.is_dir():
        return [], []
    for entry in sorted(folder.iterdir()):
        if is_editor_file(entry.name):
            continue
        if entry.name not in LANGS or not entry.is_dir():
            problems.append(
                Problem(
                    relpath(entry, root),
                    0,
                    f"not a language folder (pages go in {' or '.join(f'{lang}/' for lang in LANGS)})",
                )
            )
            continue
        for path in sorted(entry.iterdir()):
            problem = _not_a_page(path, shared)
            if problem:
                problems.append(Problem(relpath(path, root), 0, problem))
            elif not is_editor_file(path.name):
                files.append((entry.name, path))
    return files, problems


def _not_a_page(path: Path, shared: bool) -> str | None:
    if is_editor_file(path.name):
        return None
    if path.is_dir():
        return "a folder among the pages (pages are .md files directly in da/ or en/)"
    if not PAGE_FILE.fullmatch(path.name):
        return "not a page file name (use lowercase letters, digits and hyphens, ending in .md)"
    if shared and path.stem == "index":
        return "a shared page cannot be called index (the front page is an edition's index.md)"
    return None


def read_page(path: Path, root: Path, lang: str, edition: str | None) -> tuple[Page | None, list[Problem]]:
    """Parse one page file: TOML front matter between '+++' lines, then Markdown."""
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return None, [problem]
    with processing(where):
        return _parse_page(text, where, path.stem, lang, edition)


def _parse_page(
    text: str, where: str, page_id: str, lang: str, edition: str | None
) -> tuple[Page | None, list[Problem]]:
    meta, body, body_line, problem = split_front_matter(text, where)
    if problem:
        return None, [problem]
    lines = key_lines("".join(text.splitlines(keepends=True)[1 : body_line - 2]), first_line=2)
    problems = check_settings(meta, FRONT_MATTER, lines, where)
    if problems:
        return None, problems
    title, slug, order = meta["title"], meta.get("slug", page_id), meta.get("order")
    contents = meta.get("contents", "")
    problem = None
    if not title.strip():
        problem = Problem(where, lines.line(("title",)), "'title' is empty (write the page's title)")
    elif not SLUG.fullmatch(slug):
        problem = Problem(
            where, lines.line(("slug",)), f"slug '{slug}' must be lower-case letters, digits and hyphens"
        )
    elif contents and contents not in CONTENTS:
        problem = Problem(
            where,
            lines.line(("contents",)),
            f'contents = {contents!r}: use "a-z" (an A-Z index of the terms) or leave it out',
        )
    elif meta.get("draft"):
        problem = Problem(
            where, lines.line(("draft",)), "page is a draft (write it, then remove 'draft = true')"
        )
    if problem:
        return None, [problem]
    summary = meta.get("summary", "")
    return Page(
        page_id, lang, edition, title.strip(), slug, summary, order, body, where, body_line, contents
    ), []


def split_front_matter(text: str, where: str) -> tuple[dict, str, int, Problem | None]:
    """Separate the TOML front matter from the body, keeping line numbers."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return {}, "", 0, Problem(where, 1, "page must start with front matter between '+++' lines")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE), None)
    if end is None:
        return {}, "", 0, Problem(where, 1, "front matter is not closed (add a '+++' line after it)")
    meta, problem = parse_toml(
        "".join(lines[1:end]), where, first_line=2, what="front matter is not valid TOML"
    )
    if meta is None:
        return {}, "", 0, problem
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
