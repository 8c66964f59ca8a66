"""Shared fixtures: a tiny project built from tests/fixtures/tiny plus the real templates and catalogs, and
Debian's Chromium for the browser tests (the built site's, and `sitegen serve`'s live reload)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "fixtures" / "tiny"

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from the current output"
    )


def make_tiny(dest: Path) -> Path:
    """A copy of the tiny fixture project that a test may break as it likes, every translation current.

    The project's catalogs come along, its translation ledger does not (it names the real pages): the
    copy records its own, as a translator would."""
    from sitegen.commands.translations import record_done

    shutil.copytree(TINY / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    shutil.copytree(REPO / "translations", dest / "translations", ignore=shutil.ignore_patterns("pages.toml"))
    record_done(dest, None)
    return dest


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_tiny(tmp_path / "project")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's Chromium through Playwright: one browser (a persistent context with a fresh,
    empty profile) for the whole session. Never downloads a browser."""
    from tests.site.sitecheck import INSTALL_HINT

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
