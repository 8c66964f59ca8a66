"""Site settings from content/site.toml and the command line, checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Problem, processing, relpath
from .files import parse_toml, read_text
from .spec import BOOL, FIGURE_KEY, TEXT, KeyLines, ListOf, Table, check_settings, key_lines, optional

LANGS = ("da", "en")  # Danish first: the primary language
BILINGUAL = Table({lang: TEXT for lang in LANGS})
KEY_FIGURE = Table(
    {
        "key": FIGURE_KEY,
        "label": optional(BILINGUAL),  # replaces the schema's label
        "context": optional(BILINGUAL),  # one line under the figure; may hold {{ fig:KEY }} references
    }
)
SITE = Table(
    {
        "base_url": optional(TEXT),
        "contact": TEXT,
        "contact_email": TEXT,
        "translation_notice": optional(BOOL),
        "title": BILINGUAL,
        "description": BILINGUAL,
        "publisher": BILINGUAL,
        "reuse": BILINGUAL,
        "key_figures": optional(ListOf(KEY_FIGURE)),  # [[key_figures]], most important first
    }
)
SEGMENT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+")  # a folder of a URL path, as published
HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?")


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
    lines: KeyLines = field(default=KeyLines({}), compare=False)  # where each setting is, for problems

    def url(self, path: str) -> str:
        """A site path as a link: under the base path, absolute when the site's origin is known."""
        return self.site_url + self.base_path + path.lstrip("/")


def load_config(root: Path, base_url: str | None = None) -> tuple[Config | None, list[Problem]]:
    """Read content/site.toml; `base_url` (path or full URL) overrides its default."""
    path = root / "content" / "site.toml"
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return None, [problem]
    with processing(where):
        doc, problem = parse_toml(text, where)
        if doc is None:
            return None, [problem] if problem else []
        lines = key_lines(text)
        problems = check_settings(doc, SITE, lines, where)
        if problems:
            return None, problems
        site_url, base_path, problem = split_base_url(
            base_url if base_url is not None else doc.get("base_url", "/")
        )
        if problem:
            at = Problem("--base-url", 0, problem) if base_url is not None else None
            return None, [at or Problem(where, lines.line(("base_url",)), problem)]
        return Config(
            root=root,
            title=doc["title"],
            base_path=base_path,
            site_url=site_url,
            contact=doc["contact"],
            contact_email=doc["contact_email"],
            key_figures=tuple(
                KeyFigure(k["key"], k.get("label"), k.get("context")) for k in doc.get("key_figures", ())
            ),
            publisher=doc["publisher"],
            reuse=doc["reuse"],
            description=doc["description"],
            translation_notice=doc.get("translation_notice", False),
            lines=lines,
        ), []


def split_base_url(value: object) -> tuple[str, str, str]:
    """Split '/sub/' or 'https://host/sub/' into origin and path; say what is wrong otherwise."""
    if not isinstance(value, str) or not value:
        return "", "/", "base URL must be a path such as /udvalg/uru/ or a URL such as https://example.org/"
    problem = base_url_problem(value)
    if problem:
        return "", "/", f"base URL '{value}' {problem}"
    parts = urlsplit(value)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    return origin, path, ""


def base_url_problem(value: str) -> str | None:
    """What makes a base URL unsafe or ambiguous to publish under, or None."""
    if re.search(r"[\s\\\x00-\x1f\x7f]", value):
        return "must not contain spaces, backslashes or control characters"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks the port number)
    except ValueError as exc:
        return f"is not a URL ({exc})"
    if (parts.scheme and parts.scheme not in ("http", "https")) or parts.query or parts.fragment:
        return "must be a path or an http(s) URL without query or fragment"
    if not parts.scheme and not value.startswith("/"):
        return "must start with '/' (or be a full http(s) URL)"
    if not parts.scheme and value.startswith("//"):
        return "must not start with '//' (that starts a host name; use one '/' or a full https:// URL)"
    if parts.username is not None or parts.password is not None:
        return "must not contain a user name or password"
    if parts.scheme and not HOST.fullmatch(parts.netloc):
        return "needs a valid host name after http(s)://"
    segments = [s for s in parts.path.split("/") if s]
    if any(s in (".", "..") for s in segments):
        return "must not contain '.' or '..' folders"
    if not all(SEGMENT.fullmatch(s) for s in segments):
        return "may use only letters, digits, '.', '_', '~' and '-' in its folders"
    return None
