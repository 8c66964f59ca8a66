"""The search index: Pagefind run over the rendered pages that mark their main text (data-pagefind-body).

Pagefind reads the pages as they will be published (one index per language, from <html lang>; Danish
pages get Danish stemming) in a temporary folder, never in site/: the files the site ships are kept in a
cache keyed by the indexed pages' bytes, Pagefind's binary and this module, and the writer puts them in
the site as it does every other file. A rebuild where no indexed text changed does not run Pagefind at all.
Only HTML pages are indexed: the PDFs hold the same text as an edition's pages, which are the results."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..charts.cache import record_stamps, replace_atomically, stamps, unchanged
from ..errors import BuildError, Problem, processing
from ..render.site import Content, content_bytes
from ..report import Report
from .output import is_dead

MARK = b"data-pagefind-body"  # on the <article> of each page to index (render/pages.py: indexed)
FOLDER = "pagefind"  # where the index lives in the site; pagefind.js finds the rest beside itself
STAGING = re.compile(r"\.[0-9a-f]{64}\.([0-9]+)")  # an entry being made, by the process with that id
HTML_LANG = re.compile(rb'<html[^>]*?\slang="([^"]*)"')  # the page's language, as Pagefind reads it
DIGESTS = "pages.json"  # each cached page file read so far: [size, modified, sha256 of its bytes, marked]
STAMP = ".stamp"  # written last: the stamps of the entry's files (charts.cache.record_stamps)
TIMEOUT = 300  # seconds; Pagefind indexes a few hundred pages in well under one
# What pagefind.js loads: itself, its worker, the entry, each language's metadata and WebAssembly, and
# the index and fragment chunks. Not shipped: Pagefind's own interfaces (the site has its own search
# page), the highlighter and the WebAssembly of languages the site does not have ("unknown" is for a
# language Pagefind cannot stem).
ENTRY = "pagefind-entry.json"  # the languages, each one's metadata file and WebAssembly
SHIPPED_FILES = ("pagefind.js", "pagefind-worker.js", ENTRY)
SHIPPED_FOLDERS = ("index", "fragment", "filter")


def search_index(
    files: Mapping[str, Content], cache: Path, report: Report | None = None
) -> dict[str, Content]:
    """The index files by site path (pagefind/...), made by Pagefind only when an indexed page changed.

    `report` counts the pages indexed anew, or whose index was reused, for the summary."""
    known = read_digests(cache / DIGESTS)
    pages, seen = indexed_pages(files, known)
    if seen != known:
        cache.mkdir(parents=True, exist_ok=True)
        replace_atomically(cache / DIGESTS, json.dumps(seen, sort_keys=True).encode())
    if not pages:
        return {}
    with processing(FOLDER):
        binary = executable()
        key = index_key({path: digest for path, (digest, _content) in pages.items()}, binary)
        found = cached(cache / key)
        fresh = found is None
        if found is None:
            texts = {path: content_bytes(content) for path, (_digest, content) in pages.items()}
            found = make_index(texts, binary, cache, key)
    counts = {"pages indexed": len(pages) if fresh else 0, "reused": 0 if fresh else len(pages)}
    (report or Report()).tally("search", **counts)
    return {f"{FOLDER}/{path.relative_to(cache / key).as_posix()}": path for path in found}


def cached(folder: Path) -> list[Path] | None:
    """An entry's files, or None: no entry, a half-made one, or one whose files changed since they were
    cached (the site links them, so a file edited through site/ is not published again)."""
    files = entry_files(folder)
    return files if files and unchanged(folder / STAMP, files) else None


def entry_files(folder: Path) -> list[Path]:
    """The files an entry holds, in a fixed order, its record of stamps aside."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != STAMP)


def indexed_pages(
    files: Mapping[str, Content], known: Mapping[str, list] | None = None
) -> tuple[dict[str, tuple[str, Content]], dict[str, list]]:
    """The HTML pages whose main text is marked for the index, each with the digest of its bytes, by site
    path; and what the next build may take from `known` (DIGESTS).

    A cached page (an older edition's, a file of the page cache) is read only if `known` lacks its
    stamps: at 100 editions reading every page took most of a rebuild's 0.1 s here, to learn that the
    index was unchanged. The digests are of the bytes, so a page has the same one in memory and cached."""
    known = known or {}
    pages: dict[str, tuple[str, Content]] = {}
    seen: dict[str, list] = {}
    for path, content in sorted(files.items()):
        if not path.endswith(".html"):
            continue
        if isinstance(content, bytes):
            if MARK in content:
                pages[path] = (hashlib.sha256(content).hexdigest(), content)
            continue
        name, stamp = str(content), stamps([content])[0]
        entry = known.get(name)
        if not (isinstance(entry, list) and entry[:2] == stamp and len(entry) == 4):
            data = content.read_bytes()
            entry = [*stamp, hashlib.sha256(data).hexdigest(), MARK in data]
        seen[name] = entry
        if entry[3]:
            pages[path] = (entry[2], content)
    return pages, seen


def read_digests(path: Path) -> dict[str, list]:
    """The cached pages' stamps, digests and marks the last build noted, or none."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def index_key(digests: Mapping[str, str], binary: Path) -> str:
    """A hash of everything the index is made from: the pages (the digests of their bytes), Pagefind's
    binary and this module.

    The binary counts by its size and modification time, which an upgrade changes (its version would
    cost a scan of the installed packages on every build)."""
    stat = binary.stat()
    digest = hashlib.sha256(f"pagefind {stat.st_size} {stat.st_mtime_ns}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for path, page in sorted(digests.items()):
        digest.update(f"\0{path}\0{page}".encode())
    return digest.hexdigest()


def executable() -> Path:
    """Pagefind's binary, from the package that ships it (pagefind_bin)."""
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, OSError) as exc:
        raise BuildError([missing(f"Pagefind is not installed ({exc})")]) from None


def missing(reason: str) -> Problem:
    """Pagefind is not usable: how to get it back, or to build without search."""
    return Problem(
        FOLDER,
        0,
        f"the search index could not be made: {reason} (install the locked packages with "
        "'sh scripts/venv.sh requirements.lock', or use 'sitegen build --preview', which leaves out search)",
    )


def make_index(pages: Mapping[str, bytes], binary: Path, cache: Path, key: str) -> list[Path]:
    """Run Pagefind on the pages in a temporary folder, once per language; keep the files the site ships
    under cache/key, with their stamps, and return them.

    Pagefind indexes each language apart and holds every page it reads until it writes: one run per
    language writes the same files as one run over all the pages (only the entry file lists one language
    instead of all), at the memory of the largest language (at 100 editions 330 MB instead of 530 MB)."""
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as tmp:
        outs = []
        for n, (_lang, group) in enumerate(sorted(by_language(pages).items())):
            site, out = Path(tmp) / f"site-{n}", Path(tmp) / f"index-{n}"
            for path, data in group.items():
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_bytes(data)
            run_pagefind(binary, site, out)
            outs.append(out)
        drop_others(cache, key)
        staging = cache / f".{key}.{os.getpid()}"
        staging.mkdir(parents=True)
        for out in outs:
            for path in shipped(out):
                if path != ENTRY:
                    (staging / path).parent.mkdir(parents=True, exist_ok=True)
                    replace_atomically(staging / path, (out / path).read_bytes())  # pagefind.js: alike
        replace_atomically(staging / ENTRY, stable_entry([out / ENTRY for out in outs]))
        record_stamps(staging / STAMP, entry_files(staging))
    target = cache / key
    if cached(target) is not None:  # a build running beside this one made the same index
        shutil.rmtree(staging, ignore_errors=True)
    else:  # none yet, or one whose files were edited through site/: this one replaces it
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return entry_files(target)


def drop_others(cache: Path, key: str) -> None:
    """Keep one entry, the latest index: remove the others, and what builds that died were staging (not
    what a live build beside this one is staging)."""
    for old in sorted(cache.iterdir()) if cache.is_dir() else []:
        if not old.is_dir():
            continue  # DIGESTS, or a file being written beside it
        staged = STAGING.fullmatch(old.name)
        if (staged and is_dead(int(staged[1]))) or (not staged and old.name != key):
            shutil.rmtree(old, ignore_errors=True)


def run_pagefind(binary: Path, site: Path, out: Path) -> None:
    """Pagefind over `site` into `out`; its failure is one problem, with what it said."""
    command = [str(binary), "--site", str(site), "--output-path", str(out), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError([missing(f"Pagefind did not run ({exc})")]) from None
    if result.returncode != 0 or not (out / ENTRY).is_file():
        said = " ".join((result.stderr or result.stdout).split())[-300:] or f"exit status {result.returncode}"
        raise BuildError([missing(f"Pagefind failed: {said}")])


def stable_entry(paths: list[Path]) -> bytes:
    """The entry files of Pagefind's runs as one, its languages those of every run in a fixed order
    (Pagefind lists them in any order)."""
    entries = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    languages = {lang: found for entry in entries for lang, found in entry["languages"].items()}
    entry = {**entries[0], "languages": dict(sorted(languages.items()))}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def by_language(pages: Mapping[str, bytes]) -> dict[str, dict[str, bytes]]:
    """The pages grouped by the language of their <html lang>, which Pagefind indexes them in."""
    groups: dict[str, dict[str, bytes]] = {}
    for path, data in pages.items():
        found = HTML_LANG.search(data)
        groups.setdefault(found[1].decode() if found else "", {})[path] = data
    return groups


def shipped(out: Path) -> list[str]:
    """The files of Pagefind's output that the search page loads, relative to `out`."""
    entry = json.loads((out / ENTRY).read_text(encoding="utf-8"))
    languages = entry["languages"].values()
    names = [*SHIPPED_FILES, *(f"pagefind.{lang['hash']}.pf_meta" for lang in languages)]
    names += sorted({f"wasm.{lang.get('wasm') or 'unknown'}.pagefind" for lang in languages})
    for folder in SHIPPED_FOLDERS:
        names += sorted(p.relative_to(out).as_posix() for p in (out / folder).rglob("*") if p.is_file())
    return names
