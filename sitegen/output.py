"""The only stage that touches the output folder: write a whole site beside it, then swap it in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

Content = bytes | Path  # a Path is an unchanged file from a cache, linked or copied as it is


class SiteFiles:
    """The site in memory: path -> bytes or a cached file; refuses unsafe paths and double writes."""

    def __init__(self) -> None:
        self.files: dict[str, Content] = {}

    def add(self, path: str, data: Content) -> None:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or not path or path.endswith("/"):
            raise ValueError(f"refusing to write outside the site: {path!r}")
        if path in self.files:
            raise ValueError(f"two outputs want the same file: {path}")
        self.files[path] = data


def write_site(files: Mapping[str, Content], out: Path) -> None:
    """Write every file into a fresh folder next to `out`, then replace `out` with it.

    A failure before the swap leaves the previous site exactly as it was; no stale file survives."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for path in sorted(files):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            place(files[path], target)
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def place(content: Content, target: Path) -> None:
    """Write bytes, or hard-link a cached file (copy it where links are not possible)."""
    if isinstance(content, bytes):
        target.write_bytes(content)
        return
    try:
        os.link(content, target)
    except OSError:
        shutil.copyfile(content, target)
