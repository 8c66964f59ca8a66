"""Site settings from content/site.toml and the command line, checked once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Problem, relpath
from .files import read_toml

LANGS = ("da", "en")  # Danish first: the primary language


@dataclass(frozen=True)
class KeyFigure:
    """A figure on each edition's front page, with its own label and a line of context if given."""

    key: str
    label: dict[str, str] | None  # None: the schema's label
    context: dict[str, str] | None  # one line, may hold {{ fig:KEY }} references


@dataclass(frozen=True)
class Config:
    """Typed settings every stage reads; nothing else carries settings."""

    root: Path
    title: dict[str, str]
    base_path: str  # always starts and ends with "/"
    site_url: str  # scheme://host of the published site, or "" when unknown
    contact: str
    contact_email: str
    key_figures: tuple[KeyFigure, ...]
    publisher: dict[str, str]  # named at the top of every page and in the footer
    reuse: dict[str, str]  # terms for reusing the site's text, tables and charts
    description: dict[str, str]  # one line saying what the site is (language choice, meta description)
    translation_notice: bool = False  # tell readers of a stale translation that the original changed
    langs: tuple[str, ...] = LANGS

    def url(self, path: str) -> str:
        """A site path as a link: under the base path, absolute when the site's origin is known."""
        return self.site_url + self.base_path + path.lstrip("/")


def load_config(root: Path, base_url: str | None = None) -> tuple[Config | None, list[Problem]]:
    """Read content/site.toml; `base_url` (path or full URL) overrides its default."""
    path = root / "content" / "site.toml"
    where = relpath(path, root)
    doc, problems = read_toml(path, root)
    if doc is None:
        return None, problems
    title = doc.get("title", {})
    for lang in LANGS:
        if not isinstance(title.get(lang), str):
            problems.append(Problem(where, 0, f"title.{lang}: the site title in {lang} is missing"))
    for key in ("contact", "contact_email"):
        if not isinstance(doc.get(key), str):
            problems.append(Problem(where, 0, f"'{key}' must be a string"))
    if not isinstance(doc.get("translation_notice", False), bool):
        problems.append(Problem(where, 0, "'translation_notice' must be true or false"))
    texts = {key: bilingual(doc, key, where, problems) for key in ("publisher", "reuse", "description")}
    entries = doc.get("key_figures", [])
    if not isinstance(entries, list):
        problems.append(Problem(where, 0, "'key_figures' must be a list of [[key_figures]] tables"))
        entries = []
    key_figures = tuple(key_figure(entry, i, where, problems) for i, entry in enumerate(entries))
    site_url, base_path, problem = split_base_url(
        base_url if base_url is not None else doc.get("base_url", "/")
    )
    if problem:
        problems.append(Problem(where if base_url is None else "--base-url", 0, problem))
    if problems:
        return None, problems
    return Config(
        root=root,
        title=title,
        base_path=base_path,
        site_url=site_url,
        contact=doc["contact"],
        contact_email=doc["contact_email"],
        key_figures=key_figures,
        translation_notice=doc.get("translation_notice", False),
        **texts,
    ), []


def bilingual(doc: dict, key: str, where: str, problems: list[Problem]) -> dict[str, str]:
    """A text given in every language, e.g. publisher = { da = "...", en = "..." }."""
    value = doc.get(key)
    missing = [lang for lang in LANGS if not isinstance(value, dict) or not isinstance(value.get(lang), str)]
    if missing:
        example = ", ".join(f'{lang} = "..."' for lang in LANGS)
        problems.append(
            Problem(where, 0, f"'{key}' needs a text in {', '.join(missing)} ({key} = {{ {example} }})")
        )
        return {}
    return {lang: value[lang] for lang in LANGS}


def key_figure(entry: object, index: int, where: str, problems: list[Problem]) -> KeyFigure:
    """One [[key_figures]] entry: key, and optionally label and context in every language."""
    name = f"key_figures[{index + 1}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        problems.append(Problem(where, 0, f'{name}: give the figure as key = "FIGURE_KEY"'))
        return KeyFigure("", None, None)
    found = len(problems)
    texts = {k: bilingual(entry, k, where, problems) if k in entry else None for k in ("label", "context")}
    problems[found:] = [Problem(p.path, p.line, f"{name}: {p.message}") for p in problems[found:]]
    return KeyFigure(entry["key"], texts["label"], texts["context"])


def split_base_url(value: object) -> tuple[str, str, str]:
    """Split '/sub/' or 'https://host/sub/' into origin and path; say what is wrong otherwise."""
    if not isinstance(value, str) or not value:
        return (
            "",
            "/",
            "base URL must be a path such as /udvalg/uru/ or a URL such as https://example.org/",
        )
    parts = urlsplit(value)
    if (parts.scheme and parts.scheme not in ("http", "https")) or parts.query or parts.fragment:
        return (
            "",
            "/",
            f"base URL '{value}' must be a path or an http(s) URL without query or fragment",
        )
    if not parts.scheme and not value.startswith("/"):
        return "", "/", f"base URL '{value}' must start with '/' (or be a full http(s) URL)"
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    return origin, path, ""
