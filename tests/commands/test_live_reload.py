"""`sitegen serve` in Debian's Chromium: the open page reloads after an edit, keeps its place, shows a
failed rebuild's problems over the page and drops them when they are fixed; nothing of it reaches site/."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_serve import free_port
from tests.site.sitecheck import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT

pytestmark = pytest.mark.browser

T4 = "content/editions/2025-q1/data/t4_devices.csv"
GLOSSARY = "content/pages/da/glossary.md"
WAIT = 20_000  # ms: a rebuild of the tiny project takes well under a second; the machine may be busy


class Served:
    """`sitegen serve` running on the tiny project in a process of its own, with its stderr read."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen.cli", "--project", str(root), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 30) -> str:
        """The next line of stderr that starts with `start`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, f"serve ended: {self.seen}"
                continue
            self.seen.append(line)
            if line.startswith(start):
                return line
        pytest.fail(f"serve did not print {start!r}: {self.seen}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()

    def edit(self, path: str, old: str, new: str) -> None:
        """Change a source file as an editor would, with a later modification time."""
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        later = time.time() + 1
        os.utime(file, (later, later))


@pytest.fixture
def served(tiny: Path) -> Iterator[Served]:
    server = Served(tiny, free_port())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium for this module alone: the site gates' session browser keeps a profile (and a
    network-quality estimate, which decides how far ahead lazy images load) that these tests, with a
    server that is busy rebuilding, must not change."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    """A phone-sized tab in a fresh context, so that even the tiny project's pages scroll; console errors
    are collected (a script the CSP refused would be one)."""
    context = chromium.new_context(viewport={"width": 375, "height": 400}, service_workers="block")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


def test_an_edit_reloads_the_open_page_and_a_failed_rebuild_shows_its_problems(
    served: Served, tab: Any
) -> None:
    from playwright.sync_api import expect

    started = served.wait_for("sitegen: serving ")
    address = started.split()[2]
    assert address.startswith("http://127.0.0.1:") and address.endswith("/da/")
    response = tab.goto(address)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(tab.locator("h1")).to_be_visible()
    tab.goto(address + "ordliste/")
    expect(tab.get_by_text("Antipersonelmine.")).to_be_visible()
    tab.wait_for_function("document.documentElement.scrollHeight > innerHeight + 150")
    tab.evaluate("window.scrollTo(0, 150)")

    served.edit(GLOSSARY, "Antipersonelmine.", "Antipersonelmine, rettet i redaktionen.")
    expect(tab.get_by_text("Antipersonelmine, rettet i redaktionen.")).to_be_visible(timeout=WAIT)
    tab.wait_for_function("window.scrollY === 150")  # the reader is where they were

    served.edit(T4, "anama,100,", "anama,1OO,")
    overlay = tab.locator("#sitegen-problems")
    expect(overlay).to_be_visible(timeout=WAIT)
    expect(overlay).to_contain_text("the last rebuild failed")
    expect(overlay).to_contain_text(f"{T4}:2: column 'erw': '1OO' is not a number")
    # each problem's file and line, the warnings too (the Danish glossary changed after its translation)
    expect(overlay.locator("code")).to_have_text([f"{T4}:2", "content/pages/en/glossary.md:1"])
    expect(tab.get_by_text("Antipersonelmine, rettet i redaktionen.")).to_be_visible()  # the previous site
    tab.reload()  # a page opened while the rebuild has failed shows the problems once, as the overlay
    expect(overlay.locator("code")).to_have_text([f"{T4}:2", "content/pages/en/glossary.md:1"])
    assert tab.locator("[role=alert]").count() == 1

    served.edit(T4, "anama,1OO,", "anama,100,")
    expect(overlay).to_have_count(0, timeout=WAIT)
    assert served.wait_for("sitegen: rebuilt ")
    assert tab.errors == []


def test_the_overlay_shows_problems_as_text_and_can_be_hidden(served: Served, tab: Any) -> None:
    from playwright.sync_api import expect

    address = served.wait_for("sitegen: serving ").split()[2]
    tab.goto(address)
    expect(tab.locator("h1")).to_be_visible()
    served.edit(T4, "anama,100,", "anama,<b>1</b>,")
    overlay = tab.locator("#sitegen-problems")
    expect(overlay).to_contain_text(f"{T4}:2: column 'erw': '<b>1</b>' is not a number", timeout=WAIT)
    assert overlay.locator("b").count() == 0  # shown as text, never run as markup
    overlay.get_by_role("button", name="Hide").click()
    expect(overlay).to_have_count(0)
    assert tab.errors == []


def test_the_injected_script_reaches_no_file_of_site(served: Served, tab: Any) -> None:
    from playwright.sync_api import expect

    address = served.wait_for("sitegen: serving ").split()[2]
    tab.goto(address)
    expect(tab.locator("script[src='/__sitegen/reload.js']")).to_have_count(1)
    served.edit(GLOSSARY, "Antipersonelmine.", "Antipersonelmine!")
    served.wait_for("sitegen: rebuilt ")
    site = served.root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files
    assert [p for p in files if b"__sitegen" in p.read_bytes()] == []
    scripted = sorted(p.relative_to(site).as_posix() for p in files if b"<script" in p.read_bytes())
    assert scripted == ["da/soeg/index.html", "en/search/index.html"]  # the search pages' own script
    assert b"script-src &#39;self&#39;;" in (site / "da/index.html").read_bytes()  # the published CSP
