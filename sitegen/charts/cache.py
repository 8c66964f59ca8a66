"""The chart cache: files keyed by everything that decides a chart's bytes, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, astuple
from functools import cache
from importlib import util
from pathlib import Path

from ..render import formats
from .drawing import Drawn
from .kit import Prepared

STYLE_VERSION = "2"  # narrow and wide drawings


def cache_key(prepared: Prepared) -> str:
    """Hash of everything that decides the chart's bytes: the drawing (values, display names,
    translated labels, source line), the style and the code. Alt text and the data table are
    computed afresh on every build, so changing them does not force a redraw."""
    payload = {
        "chart": prepared.chart_id,
        "lang": prepared.lang,
        "drawing": asdict(prepared.drawing),
        "style": STYLE_VERSION,
        "code": code_digest(),
        "libraries": library_versions(),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """The source of the chart package and of number formatting: a change to either invalidates the cache."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def code_files() -> list[Path]:
    """The code that decides a chart's bytes: the chart package and number formatting."""
    return [*sorted(Path(__file__).parent.glob("*.py")), Path(formats.__file__)]


DRAWING_LIBRARIES = (("matplotlib", "_version.py"), ("PIL", "_version.py"))  # the drawing, the PNG


@cache
def library_versions(versions: Sequence[tuple[str, str]] = DRAWING_LIBRARIES) -> str:
    """The version files of installed packages (package, file), read as bytes: a cache hit imports none
    of them, nor importlib.metadata (about 20 ms of every build)."""
    digest = hashlib.sha256()
    for package, name in versions:
        spec = util.find_spec(package)
        files = [Path(folder) / name for folder in (spec and spec.submodule_search_locations) or []]
        digest.update(b"".join(f.read_bytes() for f in files if f.is_file()) or b"none")
    return digest.hexdigest()


FILES = ("narrow.svg", "wide.svg", "png", "print.svg")  # the fields of plot.Drawn, in order
PUBLISHED = 0o644  # the mode of a cached file, which the site links: as the site's other files have


def stamps(paths: Sequence[Path]) -> list[list[int]]:
    """Size and modification time of each file. The site hard-links cached files, so an edit of a site
    file in place edits the cached one too: its stamp then differs from the one recorded when it was
    cached, and the entry is not used again (cheaper than hashing or copying every cached file)."""
    return [[info.st_size, info.st_mtime_ns] for info in (p.stat() for p in paths)]


def read_cache(cache_dir: Path, key: str) -> tuple[Path, ...] | None:
    """The cached files for a key (narrow SVG, wide SVG, PNG, print SVG), or None (also when any was changed
    since it was cached): the site links them without reading them here."""
    paths = tuple(cache_dir / f"{key}.{suffix}" for suffix in FILES)
    return paths if unchanged(cache_dir / f"{key}.stamp", paths) else None


def write_cache(cache_dir: Path, key: str, drawn: Drawn) -> tuple[Path, ...]:
    """Store one chart; each file is written to a temporary name and renamed, so none is ever half written."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = tuple(cache_dir / f"{key}.{suffix}" for suffix in FILES)
    for path, data in zip(paths, astuple(drawn), strict=True):
        replace_atomically(path, data)
    record_stamps(cache_dir / f"{key}.stamp", paths)
    return paths


def record_stamps(record: Path, paths: Sequence[Path]) -> None:
    """Note the stamps of freshly cached files, written last: an entry without its record is no entry."""
    replace_atomically(record, json.dumps(stamps(paths)).encode())


def unchanged(record: Path, paths: Sequence[Path]) -> bool:
    """Whether cached files are all there and as `record` says they were cached (not edited since)."""
    try:
        return json.loads(record.read_text()) == stamps(paths)
    except (OSError, ValueError):
        return False


def replace_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name beside `path`, then rename it over `path`.

    The file is readable by all (`PUBLISHED`), not private as a temporary file is made: the site links
    cached files, and a host serves only what it may read."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, PUBLISHED)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
