"""The site's static assets: the stylesheet and favicons under templates/assets."""

from __future__ import annotations

from pathlib import Path


def load_assets(folder: Path) -> dict[str, bytes]:
    """Stylesheet under assets/, favicons at the site root (where browsers look for them)."""
    assets = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        assets[rel if rel.startswith("favicon") else f"assets/{rel}"] = path.read_bytes()
    return assets
