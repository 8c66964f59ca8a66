"""Rebuilds compared with builds of a copy without any cache: what the cache tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.build import build
from sitegen.errors import BuildError

EDITION = "content/editions/2025-q1"


def outcome(root: Path, out: Path) -> tuple:
    """The pages and warnings of a preview build, or the problems it failed with."""
    try:
        built = build(root, out, preview=True)
    except BuildError as failed:
        return ("failed", [str(p) for p in failed.problems])
    html = {path: content for path, content in built.files.items() if path.endswith(".html")}
    return ("built", html, [str(p) for p in built.warnings])


def fresh_build(root: Path, scratch: Path) -> tuple:
    """The same project built without any cache."""
    copy = scratch / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    return outcome(copy, copy / "site")


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
