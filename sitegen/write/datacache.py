"""The series and the data downloads, kept between builds by everything they are made from: the
dataset (edition.toml, figures, tables of every edition), schema, names, site settings, catalogs and
the generator's code. Pages are not among them, so a prose edit finds them here and never imports
pandas; a data edit makes them again.

Its files reach site/ as bytes read here, never hard-linked, so an edit made in site/ cannot reach them;
an older edition's downloads are linked from the page cache, whose stamps guard them (charts.cache.stamps):
one integrity rule for every cached file the site links."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..compute.series import Series, series_from_json, series_json
from .pagecache import digest_files

INPUTS = ("content/schema.toml", "content/names.csv", "content/site.toml")
SERIES, FILES, DONE = "series.json", "files", ".complete"


def data_key(root: Path) -> str:
    """A hash of every input of the series and the downloads (edition pages excluded)."""
    editions = root / "content" / "editions"
    data = [
        p for p in editions.rglob("*") if p.is_file() and "pages" not in p.relative_to(editions).parts[1:2]
    ]
    settings = [root / f for f in INPUTS if (root / f).is_file()]
    catalogs = sorted((root / "translations").rglob("*.po"))
    code = Path(__file__).parent.parent
    digest = hashlib.sha256(digest_files(data + settings + catalogs, root).encode())
    digest.update(
        digest_files([p for p in code.rglob("*.py") if "__pycache__" not in p.parts], code).encode()
    )
    return digest.hexdigest()


def load_data(cache: Path, key: str) -> tuple[Series, dict[str, bytes]] | None:
    """The series and downloads stored under `key`, or None."""
    folder = cache / key
    if not (folder / DONE).is_file():
        return None
    files = {
        p.relative_to(folder / FILES).as_posix(): p.read_bytes()
        for p in sorted((folder / FILES).rglob("*"))
        if p.is_file()
    }
    return series_from_json((folder / SERIES).read_bytes()), files


def store_data(cache: Path, key: str, series: Series, files: Mapping[str, bytes]) -> None:
    """Keep the series and downloads of this build under `key`; drop every older entry."""
    if (cache / key / DONE).is_file():
        return
    staging = cache / f".{key}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    for path, content in files.items():
        (staging / FILES / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / FILES / path).write_bytes(content)
    staging.mkdir(parents=True, exist_ok=True)
    (staging / SERIES).write_bytes(series_json(series))
    (staging / DONE).write_bytes(b"")
    for old in cache.iterdir():
        if old != staging:
            shutil.rmtree(old, ignore_errors=True)
    staging.rename(cache / key)
