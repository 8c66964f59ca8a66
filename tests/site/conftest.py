"""Fixtures for checks of the built site: build it once, serve it, drive Debian's Chromium."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import pytest

from tests.site.sitecheck import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    Built,
    Page,
    build_site,
    html_files,
    parse_headers_file,
    parse_page,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("built") / "site")


@pytest.fixture(scope="session")
def pages(site: Path) -> list[Page]:
    """Every HTML page of the built site, parsed."""
    found = [parse_page(site, f) for f in html_files(site)]
    assert found, f"the build wrote no HTML file into {site}"
    return found


@pytest.fixture(scope="session")
def built(site: Path, pages: list[Page]) -> Built:
    """The built site with lookups between its pages."""
    return Built(site, tuple(pages))


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder like a static host: `_headers` applied, 404.html for missing paths."""

    header_rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".svg": "image/svg+xml",
        ".csv": "text/csv; charset=utf-8",
        ".xml": "application/xml",
        ".txt": "text/plain; charset=utf-8",
        ".ico": "image/x-icon",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output clean."""

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        for pattern, headers in self.header_rules:
            if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._error_page() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error_page(self) -> Path | None:
        """The nearest 404.html up the requested path, as Cloudflare Pages serves it."""
        root = Path(self.directory)
        folder = Path(unquote(urlsplit(self.path).path).lstrip("/")).parent
        for candidate in [folder, *folder.parents]:
            page = root / candidate / "404.html"
            if page.is_file() and page.resolve().is_relative_to(root.resolve()):
                return page
        return None


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port; yields its origin."""
    with serving(site) as origin:
        yield origin


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site served like a static host (its _headers applied) on a free port; yields its origin."""
    headers_file = site / "_headers"
    rules = parse_headers_file(headers_file.read_text()) if headers_file.is_file() else []
    handler = type("Handler", (_SiteHandler,), {"header_rules": rules})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's Chromium through Playwright: one browser (a persistent context with a fresh,
    empty profile) for the whole session. Never downloads a browser."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
            service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh tab in the session's browser."""
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()
