"""The series, the data downloads and the typo warnings, kept between builds by everything they are made
from: the dataset (edition.toml, figures, tables of every edition), schema, names, site settings,
catalogs and the generator's code. Pages are not among them, so a prose edit finds them here and never
imports pandas; a data edit makes them again.

Its files reach site/ as bytes read here, never hard-linked, so an edit made in site/ cannot reach them;
an older edition's downloads are linked from the page cache. Like the page and chart caches, an entry
records each file's stamp (charts.cache.stamps) and one with a changed, missing or broken file is made
afresh rather than published."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..charts.cache import stamps
from ..compute.series import Series, series_from_json, series_json
from ..errors import Problem
from ..load.files import Digests, digest_files, listing
from .pagecache import code_digest

INPUTS = ("content/schema.toml", "content/names.csv", "content/site.toml")
SERIES, TYPOS, FILES = "series.json", "typos.json", "files"
DONE = ".complete"  # written last: the stamps of the rest


def data_key(root: Path, digests: Digests | None = None) -> str:
    """A hash of every input of the series and the downloads (edition pages excluded); `digests` has the
    files this build has read already."""
    editions = root / "content" / "editions"
    data = listing(editions, lambda relative: relative.split(os.sep)[1:2] != ["pages"])
    settings = [root / f for f in INPUTS if (root / f).is_file()]
    catalogs = sorted((root / "translations").rglob("*.po"))
    digest = hashlib.sha256(digest_files(data + settings + catalogs, root, digests).encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def load_data(cache: Path, key: str) -> tuple[Series, dict[str, bytes], tuple[Problem, ...]] | None:
    """The series, downloads and typo warnings stored under `key`, or None (also when any file of the
    entry changed)."""
    folder = cache / key
    try:
        recorded = json.loads((folder / DONE).read_text())
        if stamps([folder / path for path in recorded]) != list(recorded.values()):
            return None
        files = {path.removeprefix(f"{FILES}/"): (folder / path).read_bytes() for path in recorded}
        series = series_from_json(files.pop(SERIES))
        rows = json.loads(files.pop(TYPOS))
        typos = tuple(Problem(path, line, message, warning=True) for path, line, message in rows)
    except (OSError, ValueError, TypeError, KeyError):  # no entry, an old or broken one: make it afresh
        return None
    return series, files, typos


def store_data(
    cache: Path, key: str, series: Series, files: Mapping[str, bytes], typos: Sequence[Problem]
) -> None:
    """Keep the series, downloads and typo warnings of this build under `key`, replacing a broken entry;
    drop every older entry."""
    staging = cache / f".{key}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    for path, content in files.items():
        (staging / FILES / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / FILES / path).write_bytes(content)
    staging.mkdir(parents=True, exist_ok=True)
    (staging / SERIES).write_bytes(series_json(series))
    rows = [[p.path, p.line, p.message] for p in typos]  # every one a warning
    (staging / TYPOS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    paths = [SERIES, TYPOS, *sorted(f"{FILES}/{path}" for path in files)]
    recorded = dict(zip(paths, stamps([staging / p for p in paths]), strict=True))
    (staging / DONE).write_text(json.dumps(recorded))
    for old in cache.iterdir():
        if old != staging:
            shutil.rmtree(old, ignore_errors=True)
    staging.rename(cache / key)
