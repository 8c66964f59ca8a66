"""The only stage that touches the output folder: write a whole site beside it, then swap it in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..render.site import Content


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
