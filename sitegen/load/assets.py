"""The site's templates and static assets: templates are read strictly here, assets published as they are."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .files import is_editor_file, read_text


def load_assets(folder: Path) -> dict[str, bytes]:
    """Stylesheet under assets/, favicons at the site root (where browsers look for them); editor files
    (locks, backups, hidden files) are not published."""
    assets = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not is_editor_file(p.name)):
        rel = path.relative_to(folder).as_posix()
        assets[rel if rel.startswith("favicon") else f"assets/{rel}"] = path.read_bytes()
    return assets


def check_templates(root: Path) -> list[Problem]:
    """Every template is UTF-8 text without control characters (Jinja would fail on it with no location)."""
    folder = root / "templates"
    paths = sorted(
        p for p in folder.rglob("*") if p.is_file() and "assets" not in p.relative_to(folder).parts
    )
    return [problem for path in paths if (problem := read_text(path, root)[1])]
