"""The chart cache: files keyed by everything that decides a chart's bytes, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import cache
from importlib import metadata
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
        "matplotlib": matplotlib_version(),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """The source of the chart package and of number formatting: a change to either invalidates the cache."""
    digest = hashlib.sha256()
    for path in (*sorted(Path(__file__).parent.glob("*.py")), Path(formats.__file__)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def matplotlib_version() -> str:
    """Read from the installed metadata, so a cache hit does not import Matplotlib."""
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "none"


FILES = ("narrow.svg", "wide.svg", "png")  # the fields of plot.Drawn, in order


def read_cache(cache_dir: Path, key: str) -> tuple[Path, ...] | None:
    """The cached files for a key (narrow SVG, wide SVG, PNG), or None: the site copies them as they are."""
    paths = tuple(cache_dir / f"{key}.{suffix}" for suffix in FILES)
    return paths if all(p.is_file() for p in paths) else None


def write_cache(cache_dir: Path, key: str, drawn: Drawn) -> tuple[Path, ...]:
    """Store one chart; each file is written to a temporary name and renamed, so none is ever half written."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, data in zip(FILES, (drawn.narrow, drawn.wide, drawn.png), strict=True):
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, cache_dir / f"{key}.{suffix}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        paths.append(cache_dir / f"{key}.{suffix}")
    return tuple(paths)
