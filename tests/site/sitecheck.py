"""Reading a built site: pages parsed with html.parser, links resolved to files, CSP and _headers; and
Debian's Chromium, which the browser tests drive."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL_HINT = "run `sh scripts/install-system-deps.sh` (as root) to install it"
CHROMIUM = Path("/usr/bin/chromium")
# As the machine notes advise: without the background-networking flags Chromium keeps trying to
# reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
LANGS = ("da", "en")

# Attributes that load or link something, per element.
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}


@dataclass(frozen=True)
class Element:
    """A start tag of a page: its name, attributes (valueless ones as "") and line."""

    tag: str
    attrs: dict[str, str]
    line: int


@dataclass(frozen=True)
class Page:
    """A parsed HTML file of the built site."""

    file: str  # relative to the site root, e.g. "da/ordliste/index.html"
    url: str  # the path it is served at, e.g. "/da/ordliste/"
    title: str
    elements: tuple[Element, ...]

    def all(self, tag: str) -> list[Element]:
        """Every element with this tag name, in document order."""
        return [e for e in self.elements if e.tag == tag]

    @property
    def lang(self) -> str:
        """The lang attribute of <html>, or "" when missing."""
        html = self.all("html")
        return html[0].attrs.get("lang", "") if html else ""

    @property
    def ids(self) -> set[str]:
        """Every fragment a link may point at on this page."""
        ids = {e.attrs["id"] for e in self.elements if "id" in e.attrs}
        return ids | {e.attrs["name"] for e in self.all("a") if "name" in e.attrs}

    @property
    def is_error_page(self) -> bool:
        """404 pages have no canonical URL, alternates or sitemap entry."""
        return self.file.rsplit("/", 1)[-1] == "404.html"

    def links(self, rel: str) -> list[Element]:
        """<link> elements whose rel contains `rel`."""
        return [e for e in self.all("link") if rel in e.attrs.get("rel", "").lower().split()]

    def where(self, element: Element) -> str:
        """file:line of an element, for messages."""
        return f"{self.file}:{element.line}"

    @property
    def needs_skip_link(self) -> bool:
        """True when something focusable (a header, a menu) comes before <main>."""
        for e in self.elements:
            if e.tag == "main":
                return False
            if e.attrs.get("href") == "#main":
                continue
            if (e.tag in ("a", "area") and "href" in e.attrs) or e.attrs.get("tabindex", "-1") != "-1":
                return True
            if e.tag in ("button", "input", "select", "textarea", "summary", "iframe"):
                return True
        return False


@dataclass(frozen=True)
class Built:
    """The built site: its folder and parsed pages, with lookups between them."""

    root: Path
    pages: tuple[Page, ...]

    def page_at(self, url: str) -> Page | None:
        """The page served at a site URL path such as "/da/"."""
        return self.target_of(url, "")

    def target_of(self, base_url: str, href: str) -> Page | None:
        """The page a link on the page at `base_url` leads to (None if not a page)."""
        found, _ = resolve(self.root, base_url, href)
        if found is None:
            return None
        file = found.relative_to(self.root.resolve()).as_posix()
        return next((p for p in self.pages if p.file == file), None)

    def canonical(self, page: Page) -> Page:
        """The page its canonical link names, or the page itself."""
        links = page.links("canonical")
        named = self.target_of(page.url, links[0].attrs.get("href", "")) if links else None
        return named or page

    def is_alias(self, page: Page) -> bool:
        """True for a copy whose canonical link names another page (such as /da/ of an edition)."""
        return self.canonical(page) != page


class _PageParser(HTMLParser):
    """Collects start tags and the document title (not the <title> of inline SVG)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.titles: list[str] = []
        self._svg_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0]))
        if tag == "svg":
            self._svg_depth += 1
        elif tag == "title" and not self._svg_depth:
            self._in_title = True
            self.titles.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def url_of(file: str) -> str:
    """The URL path a file is served at: directories end in "/" instead of index.html."""
    if file == "index.html" or file.endswith("/index.html"):
        return "/" + file[: -len("index.html")]
    return "/" + file


def parse_page(site: Path, file: str) -> Page:
    """Parse one HTML file of the site."""
    parser = _PageParser()
    parser.feed((site / file).read_text(encoding="utf-8"))
    parser.close()
    title = " ".join(parser.titles[0].split()) if parser.titles else ""
    return Page(file, url_of(file), title, tuple(parser.elements))


def html_files(site: Path) -> list[str]:
    """Every HTML file of the site, relative and sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def is_external(ref: str) -> bool:
    """True for references that leave the site (another origin)."""
    parts = urlsplit(ref.strip())
    return parts.scheme in ("http", "https") or (not parts.scheme and ref.strip().startswith("//"))


def refs_of(element: Element) -> list[str]:
    """The URLs an element refers to (srcset split into its candidates)."""
    refs = []
    for attr in URL_ATTRS.get(element.tag, ()):
        value = element.attrs.get(attr)
        if value is None:
            continue
        if attr.endswith("srcset"):
            refs += [c.split()[0] for c in value.split(",") if c.strip()]
        else:
            refs.append(value)
    return refs


def resolve(site: Path, page_url: str, ref: str) -> tuple[Path | None, str]:
    """The file a local reference leads to (None if none) and its fragment."""
    parts = urlsplit(urljoin(page_url, ref.strip()))
    path = unquote(parts.path)
    target = (site / path.lstrip("/")).resolve()
    if not target.is_relative_to(site.resolve()):
        return None, parts.fragment
    if target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() else None), unquote(parts.fragment)


# What a script directive may hold: the site's own files, and WebAssembly compiled from them (the search
# index is queried by Pagefind's WebAssembly), nothing that runs inline or evaluates text as code.
SCRIPT_SOURCES = {"'self'", "'none'", "'wasm-unsafe-eval'"}


def csp_problems(policy: str) -> list[str]:
    """What makes a Content-Security-Policy too loose: script sources other than 'self'/'none' (and
    'wasm-unsafe-eval'), unsafe-inline/unsafe-eval anywhere, forms sent elsewhere than the site, any
    origin other than 'self'."""
    if re.search(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", policy):
        return [f"the policy holds HTML character references ({policy[:60]}...): it was escaped as HTML"]
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), tokens[1:])
    problems = []
    script = directives.get("script-src", directives.get("default-src"))
    if script is None:
        problems.append("neither script-src nor default-src is set")
    elif "'self'" not in script and "'none'" not in script:
        problems.append(f"script-src is {' '.join(script)!r}, not 'self' or 'none'")
    for name in ("script-src", "script-src-elem", "script-src-attr", "default-src"):
        for token in directives.get(name, []):
            if token.lower() in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"):
                problems.append(f"{name} allows {token}")
            elif name != "default-src" and token.lower() not in SCRIPT_SOURCES:
                problems.append(f"{name} allows {token} (only {', '.join(sorted(SCRIPT_SOURCES))})")
    form = directives.get("form-action")
    if form is None or any(token.lower() not in ("'self'", "'none'") for token in form):
        problems.append(f"form-action is {' '.join(form or ['unset'])!r}, not 'self' or 'none'")
    not_sources = {"sandbox", "report-uri", "report-to", "upgrade-insecure-requests"}
    not_sources |= {"require-trusted-types-for", "trusted-types", "plugin-types"}
    for name, tokens in directives.items():
        if name in not_sources:
            continue
        for token in tokens:
            if not token.startswith("'") and token.lower() not in ("data:", "blob:"):
                problems.append(f"{name} allows the origin {token!r} (only 'self' is allowed)")
    return problems


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a Netlify/Cloudflare `_headers` file: URL pattern and its (name, value) pairs."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def grouped(findings: Iterable[tuple[str, str]]) -> str:
    """(page, message) findings as one entry per message, naming the pages it occurs on."""
    pages_by_message: dict[str, list[str]] = {}
    for page, message in findings:
        where = pages_by_message.setdefault(message, [])
        if page not in where:
            where.append(page)
    entries = []
    for message, where in pages_by_message.items():
        shown = ", ".join(where[:4]) + (f" and {len(where) - 4} more" if len(where) > 4 else "")
        entries.append(f"{message}\n    on {shown}")
    return "\n".join(entries)


def build_site(out: Path, root: Path = ROOT) -> Path:
    """Build the project at `root` (default: the repository this file is in) into `out`, base URL "/"."""
    from sitegen.build import build

    build(root, out, base_url="/")
    return out


def copy_project(dest: Path) -> Path:
    """The project's sources without caches, builds or virtualenvs, so a build there starts cold."""
    skip = {".git", ".venv", ".cache", "site", "build", "node_modules", ".pytest_cache", ".ruff_cache"}

    def ignored(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == ROOT
        return [n for n in names if (top and n in skip) or n == "__pycache__" or n.endswith(".egg-info")]

    shutil.copytree(ROOT, dest, ignore=ignored)
    return dest


def java_or_fail() -> str:
    """The java binary the Nu Html Checker needs."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"java is missing (the Nu Html Checker needs it): {INSTALL_HINT}")
    return java


def pdftotext_or_fail() -> str:
    """poppler's pdftotext, which reads the printed PDFs back as text."""
    found = shutil.which("pdftotext")
    if found is None:
        pytest.fail(f"pdftotext is missing (the print tests read PDFs with it): {INSTALL_HINT}")
    return found


def svg_text_sizes(svg: str) -> tuple[float, set[float]]:
    """An SVG drawing's width in pt and the point sizes of its texts (Matplotlib draws each run of
    glyphs as paths scaled by size / 100)."""
    match = re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)
    assert match, "the SVG has no width in pt"
    return float(match.group(1)), {float(s) * 100 for s in re.findall(r"scale\(([\d.]+) -\1\)", svg)}
