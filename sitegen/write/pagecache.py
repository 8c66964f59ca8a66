"""Reuse the rendered files of older editions whose inputs have not changed since the last build.

An edition's pages depend on its own files, on every earlier edition (comparisons, trends), on the
next edition's id (the 'newer edition' link), on the shared inputs (templates, catalogs, schema, shared
pages, code) and on the base URL; its key hashes exactly those. The newest edition is always rendered."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..charts.cache import stamps
from ..load.files import Digests, digest_files, listing
from ..render.routes import owner
from ..render.site import Content
from .output import write_files

SHARED = ("templates", "translations", "content/pages")
SHARED_FILES = ("content/site.toml", "content/schema.toml", "content/names.csv")
DONE = ".complete"  # written last: the stamps of the entry's files
CODE = Path(__file__).parent.parent  # the sitegen package


def files_under(root: Path, folders: tuple[str, ...]) -> list[Path]:
    def enter(relative: str) -> bool:
        return os.path.basename(relative) != "__pycache__"

    return [path for folder in folders for path in listing(root / folder, enter)]


def code_digest(code: Path = CODE) -> str:
    """The generator's own source, wherever the project is: any change renders older editions afresh."""
    return digest_files([p for p in code.rglob("*.py") if "__pycache__" not in p.parts], code)


def edition_keys(
    root: Path,
    slugs: list[str],
    base_url: str | None,
    variant: str,
    history: str = "",
    archive: str = "",
    digests: Digests | None = None,
) -> dict[str, str]:
    """The cache key of every edition but the newest (slugs oldest first).

    `variant` names what else the files depend on: the PDF engine, or "preview" (no PDFs); `history` is
    the git commit the build's dates come from (notices on stale translations), or ""; `archive` names the
    archive-wide downloads by size, which every edition's data page lists; `digests` has the files this
    build has read already."""
    settings = [root / f for f in SHARED_FILES if (root / f).is_file()]
    shared = digest_files(files_under(root, SHARED) + settings, root, digests) + code_digest()
    running = hashlib.sha256(f"{shared}\0{base_url}\0{variant}\0{history}\0{archive}".encode())
    keys = {}
    for i, slug in enumerate(slugs[:-1]):
        running.update(digest_files(files_under(root, (f"content/editions/{slug}",)), root, digests).encode())
        key = running.copy()
        key.update(f"\0next={slugs[i + 1]}".encode())
        keys[slug] = key.hexdigest()
    return keys


def load_cached(cache: Path, keys: Mapping[str, str]) -> dict[str, dict[str, Path]]:
    """Files of each edition whose key has a complete cache entry, unchanged since it was stored (the
    site links them, so an edit of a site file in place would otherwise change the cache: see stamps)."""
    found = {}
    for slug, key in keys.items():
        folder = cache / slug / key
        try:
            recorded = json.loads((folder / DONE).read_text())
            files = {path: folder / path for path in recorded}
            if stamps(list(files.values())) == list(recorded.values()):
                found[slug] = files
        except (OSError, ValueError, TypeError):  # no entry, an old or broken one: render the edition
            continue
    return found


def store(cache: Path, keys: Mapping[str, str], files: Mapping[str, Content], reused: set[str]) -> None:
    """Keep the files of each freshly rendered older edition for the next build; drop stale entries."""
    fresh = {slug: key for slug, key in keys.items() if slug not in reused}
    groups: dict[str, dict[str, Content]] = {slug: {} for slug in fresh}
    for path, content in files.items():
        slug = owner(path, set(fresh))
        if slug:
            groups[slug][path] = content
    for slug, key in fresh.items():
        shutil.rmtree(cache / slug, ignore_errors=True)
        staging = cache / slug / f".{key}.{os.getpid()}"
        staging.mkdir(parents=True, exist_ok=True)
        write_files(groups[slug], staging)
        paths = sorted(groups[slug])
        recorded = dict(zip(paths, stamps([staging / p for p in paths]), strict=True))
        (staging / DONE).write_text(json.dumps(recorded))
        staging.rename(cache / slug / key)
