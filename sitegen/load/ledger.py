"""The translation ledger, translations/pages.toml: the original text each translation was checked against.

Each translated page, and the interface catalogs, pair an original (Danish, the first language) with a
translation. The ledger keeps, per translation, a fingerprint of the original as it was when a translator
recorded the translation as current (`sitegen translations --done PAGE`); when the original's fingerprint
changes, the translation is stale."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import Problem
from .catalogs import parse_po
from .dataset import edition_folders
from .files import parse_toml, read_text
from .memo import LoadMemo
from .pages import PAGE_FILE, Page, split_front_matter
from .settings import LANGS
from .spec import KeyLines, key_lines

LEDGER = "translations/pages.toml"
CATALOG = "catalog"  # the name of the interface catalogs' pair, beside page names
CATALOG_PATH = "translations/{lang}/LC_MESSAGES/messages.po"
FINGERPRINT = re.compile(r"[0-9a-f]{16}")
ORIGINAL = LANGS[0]
HEADER = (
    "# Translation ledger: for each translation, the fingerprint of its Danish original when the\n"
    "# translation was last recorded as current. Written by `sitegen translations --done PAGE`;\n"
    "# do not edit by hand.\n"
)


@dataclass(frozen=True)
class Entry:
    """One recorded translation: the original's fingerprint then, and the entry's line in the ledger."""

    fingerprint: str
    line: int


@dataclass(frozen=True)
class Ledger:
    """The recorded translations by language and page name; `exists` is False before the first record."""

    path: str
    exists: bool
    entries: dict[str, dict[str, Entry]]  # translation language -> page name -> entry
    broken: bool = False  # the file is there but cannot be read: its problem says so, once
    invalid: frozenset[str] = frozenset()  # names whose entry is malformed (each one a problem)

    def recorded(self, lang: str, name: str) -> str | None:
        """The fingerprint a translation was recorded against, or None."""
        entry = self.entries.get(lang, {}).get(name)
        return entry.fingerprint if entry else None


@dataclass(frozen=True)
class Pair:
    """An original and one translation of it, as files; `fingerprint` is None when the original is missing."""

    name: str  # what the command line calls it: about, 2025-q1/clearance, catalog
    lang: str  # the translation's language
    original: str  # project-relative path of the Danish file
    translation: str
    fingerprint: str | None
    translated: bool  # the translation's file exists


def load_ledger(root: Path) -> tuple[Ledger, list[Problem]]:
    """Read the ledger; a missing file is an empty ledger, a malformed entry a located problem."""
    path = root / LEDGER
    if not path.is_file():
        return Ledger(LEDGER, False, {}), []
    text, problem = read_text(path, root)
    if problem:
        return Ledger(LEDGER, True, {}, broken=True), [problem]
    doc, problem = parse_toml(text, LEDGER)
    if doc is None:
        return Ledger(LEDGER, True, {}, broken=True), [problem] if problem else []
    return parse_ledger(doc, key_lines(text))


def parse_ledger(doc: dict, lines: KeyLines) -> tuple[Ledger, list[Problem]]:
    """Check every table and entry of the parsed ledger; keep the good entries."""
    entries: dict[str, dict[str, Entry]] = {}
    problems, invalid = [], set()
    for lang, table in doc.items():
        line = lines.lines.get((lang,), 0)
        if lang not in LANGS[1:] or not isinstance(table, dict):
            hint = ", ".join(f"[{code}]" for code in LANGS[1:])
            problems.append(
                Problem(LEDGER, line, f"'{lang}' is not a table of a translation language ({hint})")
            )
            continue
        for name, value in table.items():
            line = lines.lines.get((lang, name), 0)
            if not isinstance(value, str) or not FINGERPRINT.fullmatch(value):
                problems.append(
                    Problem(
                        LEDGER,
                        line,
                        f"fingerprint of '{name}' must be 16 hexadecimal digits, not {value!r} "
                        f"(record it again with 'sitegen translations --done {name}')",
                    )
                )
                invalid.add(name)
                continue
            entries.setdefault(lang, {})[name] = Entry(value, line)
    return Ledger(LEDGER, True, entries, invalid=frozenset(invalid)), problems


def check_ledger(ledger: Ledger, names: set[str]) -> list[Problem]:
    """Every entry names a page (or the catalogs) that exists."""
    return [
        Problem(
            LEDGER,
            entry.line,
            f"'{name}' names no page (delete the line: the page was removed or renamed; "
            "'sitegen translations --done' drops it too)",
        )
        for lang in sorted(ledger.entries)
        for name, entry in sorted(ledger.entries[lang].items())
        if name not in names
    ]


def format_ledger(entries: dict[str, dict[str, str]]) -> str:
    """The ledger's text: one `"name" = "fingerprint"` line per translation, sorted, so diffs stay small."""
    tables = [
        f"[{lang}]\n" + "".join(f'"{name}" = "{fp}"\n' for name, fp in sorted(entries[lang].items()))
        for lang in sorted(entries)
        if entries[lang]
    ]
    return HEADER + "".join(f"\n{table}" for table in tables)


def load_pairs(
    root: Path, pages: Mapping[str, Page] | None = None, memo: LoadMemo | None = None
) -> list[Pair]:
    """Every page pair under content/ (by file name, as pages pair) and the interface catalogs.

    `pages`, by path, are originals the build has read already: their fingerprints come from what was
    parsed then, not from the file read and parsed again. `memo` has the fingerprints of other originals
    (the catalog) the last build worked out, by their bytes: Babel's parser took 10 ms of a prose edit."""
    pages = pages or {}
    folders = [(root / "content" / "pages", "")]
    folders += [(e / "pages", f"{e.name}/") for e in sorted(edition_folders(root))]
    pairs = []
    for folder, prefix in folders:
        for lang in LANGS[1:]:
            stems = {
                p.stem
                for code in (ORIGINAL, lang)
                for p in (folder / code).glob("*.md")
                if PAGE_FILE.fullmatch(p.name)
            }  # the page rule of load/pages.py: editor files and misnamed files are no pages
            for stem in sorted(stems):
                pairs.append(_pair(root, prefix + stem, lang, folder / ORIGINAL / f"{stem}.md",
                                   folder / lang / f"{stem}.md", pages, memo))  # fmt: skip
    for lang in LANGS[1:]:
        original, translation = (root / CATALOG_PATH.format(lang=code) for code in (ORIGINAL, lang))
        pairs.append(_pair(root, CATALOG, lang, original, translation, pages, memo))
    return pairs


def _pair(
    root: Path,
    name: str,
    lang: str,
    original: Path,
    translation: Path,
    pages: Mapping[str, Page],
    memo: LoadMemo | None,
) -> Pair:
    where = original.relative_to(root).as_posix()
    page = pages.get(where)
    if page:
        fingerprint = page_fingerprint(page.title, page.summary, page.body)
    else:
        fingerprint = read_fingerprint(original, where, root, memo)
    return Pair(
        name, lang, where, translation.relative_to(root).as_posix(), fingerprint, translation.is_file()
    )


def read_fingerprint(original: Path, where: str, root: Path, memo: LoadMemo | None = None) -> str | None:
    """The fingerprint of the file at `original`, or None when there is none to read; from `memo` when
    the last build worked it out from the same bytes."""
    try:
        data = original.read_bytes() if original.is_file() else None
    except OSError:  # unreadable: its loader says so (read_text), once
        data = None
    if data is None:
        return None
    work = partial(file_fingerprint, where, data)
    return memo.parsed("fingerprints", memo.key([original], root), work) if memo else work()


def file_fingerprint(path: str, data: bytes) -> str:
    """The fingerprint of an original's file: a catalog by its messages, a page by its text."""
    text = data.decode("utf-8-sig", errors="replace")
    if path.endswith(".po"):
        catalog, problems = parse_po(data, ORIGINAL, path)
        if catalog.messages or not problems:
            return messages_fingerprint(catalog.messages)
        return _digest(_normalise(text))  # a catalog that does not parse: its whole text
    meta, body, _, problem = split_front_matter(text, path)
    if problem:  # not a page (yet): its whole text
        return _digest(_normalise(text))
    return page_fingerprint(str(meta.get("title", "")).strip(), str(meta.get("summary", "")), body)


def page_fingerprint(title: str, summary: str, body: str) -> str:
    """What a translator translates: title, summary and body; not slug, order or layout of whitespace."""
    return _digest(f"title: {_normalise(title)}\nsummary: {_normalise(summary)}\n\n{_normalise(body)}")


def messages_fingerprint(messages: dict[str, str]) -> str:
    """A catalog's entries, id and text, in a stable order (comments and header dates do not count)."""
    return _digest("".join(f"{key}\0{messages[key]}\0" for key in sorted(messages)))


def _normalise(text: str) -> str:
    """Line ends, trailing spaces and blank lines at either end do not change what a text says."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
