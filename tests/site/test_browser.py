"""The built site in Debian's Chromium: axe-core, no external requests, narrow screens, keyboard,
language switcher and print."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.site.sitecheck import LANGS, Built, Page, grouped

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core as vendored by the PyPI package axe-playwright-python (a test dependency).
AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_WIDTHS = (1280, 375)
NARROWEST = 320
HEIGHT = 800
FRONT_PAGES = {"/", *(f"/{lang}/" for lang in LANGS)}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}"""

# The innermost elements that stick out to the right or whose content does, so a failure names
# the culprit.
MEASURE_OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(e =>
    e.getBoundingClientRect().right > width + 0.5
    || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible"));
  const leaves = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return {scrollWidth: root.scrollWidth, clientWidth: width,
          culprits: leaves.slice(0, 5).map(e => e.outerHTML.slice(0, 120))};
}"""

# Lazy images below the fold would not be requested at all; load them so their requests count.
LOAD_LAZY_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = "eager"; });
  await Promise.all(images.map(i => i.complete ? null : new Promise(done => {
    i.addEventListener("load", done); i.addEventListener("error", done); })));
}"""

FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), href: e.getAttribute("href"),
    html: e === document.body ? "<body>" : e.outerHTML.slice(0, 120),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
    shadow: s.boxShadow !== "none",
    onScreen: r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0
      && r.left < innerWidth && r.top < innerHeight,
    inMain: !!e.closest("main"),
  };
}"""

PRINT_LAYOUT = """() => {
  const navs = [...document.querySelectorAll("nav")];
  const blocks = [...document.querySelectorAll("figure, table")];
  const named = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
  const name = e => (e.parentElement.closest("[id]") && !e.id
    ? named(e.parentElement.closest("[id]")) + " " : "") + named(e);
  return {
    navs: navs.length,
    shownNavs: navs.filter(n => n.checkVisibility()).map(n => n.outerHTML.slice(0, 100)),
    blocks: blocks.length,
    breakable: blocks.map(e => [name(e), getComputedStyle(e).breakInside])
      .filter(([, value]) => value !== "avoid" && value !== "avoid-page"),
  };
}"""


@dataclass
class Recorder:
    """Everything a page asked the network for and complained about, since the last reset."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} ({r.failure})"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"),
        )

    def reset(self) -> None:
        self.requests.clear()
        self.errors.clear()


@dataclass
class Visit:
    """What one load of a page showed."""

    status: int | None
    requests: list[str]
    errors: list[str]
    violations: dict[int, list[dict[str, Any]]]
    overflow: dict[str, Any]


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh tab in the session's browser."""
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def visits(browser: Any, server: str, pages: list[Page]) -> dict[str, Visit]:
    """Each page loaded once: its requests and errors, axe at both widths, overflow at 320 px."""
    page = browser.new_page()
    # An init script is not subject to the page's CSP (an inline <script> tag would be).
    page.add_init_script(script=AXE_SOURCE)
    recorder = Recorder()
    recorder.attach(page)
    found = {}
    try:
        for site_page in pages:
            recorder.reset()
            page.set_viewport_size({"width": AXE_WIDTHS[0], "height": HEIGHT})
            response = page.goto(server + site_page.url, wait_until="load")
            page.evaluate(LOAD_LAZY_IMAGES)
            violations = {}
            for width in AXE_WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                violations[width] = page.evaluate(RUN_AXE, AXE_TAGS)
            page.set_viewport_size({"width": NARROWEST, "height": HEIGHT})
            overflow = page.evaluate(MEASURE_OVERFLOW)
            found[site_page.file] = Visit(
                response.status if response else None,
                list(recorder.requests),
                list(dict.fromkeys(recorder.errors)),
                violations,
                overflow,
            )
    finally:
        page.close()
    return found


def test_axe_finds_no_wcag_21_aa_violation(visits: dict[str, Visit]) -> None:
    findings = [
        (
            file,
            f"{v['id']} ({v['impact']}) at {width}px: {v['help']}\n"
            + "\n".join(f"      {n['target']}: {n['html']}" for n in v["nodes"]),
        )
        for file, visit in visits.items()
        for width, violations in visit.violations.items()
        for v in violations
    ]
    assert not findings, "axe-core violations:\n" + grouped(findings)


def test_no_request_leaves_the_site(visits: dict[str, Visit], server: str) -> None:
    findings = [
        (file, f"requested {url}")
        for file, visit in visits.items()
        for url in visit.requests
        if not url.startswith(server + "/") and urlsplit(url).scheme not in ("data", "blob")
    ]
    assert not findings, "requests to other origins:\n" + grouped(findings)


def test_no_console_error_or_failed_request(visits: dict[str, Visit], server: str) -> None:
    findings = [(file, error.replace(server, "")) for file, visit in visits.items() for error in visit.errors]
    findings += [
        (file, f"served with HTTP {visit.status}") for file, visit in visits.items() if visit.status != 200
    ]
    assert not findings, grouped(findings)


def test_no_horizontal_scrolling_at_320px(visits: dict[str, Visit]) -> None:
    problems = [
        f"{file}: scrollWidth {v.overflow['scrollWidth']} > clientWidth {v.overflow['clientWidth']}; "
        "too wide: " + "; ".join(v.overflow["culprits"])
        for file, v in visits.items()
        if v.overflow["scrollWidth"] > v.overflow["clientWidth"]
    ]
    assert not problems, "\n".join(problems)


def test_language_switcher_leads_to_the_counterpart(tab: Any, server: str, built: Built) -> None:
    problems = []
    for page in built.pages:
        if page.is_error_page:  # served at any missing URL: it has no counterpart
            continue
        other = next(lang for lang in LANGS if lang != page.lang.split("-")[0])
        alternates = {e.attrs.get("hreflang"): e.attrs.get("href", "") for e in page.links("alternate")}
        tab.goto(server + page.url)
        switcher = tab.locator(f'a[hreflang="{other}"]')
        if switcher.count() != 1:
            problems.append(f"{page.file}: {switcher.count()} <a hreflang={other}>, expected 1")
            continue
        switcher.click()
        tab.wait_for_load_state()
        path = urlsplit(tab.url).path
        landed = built.page_at(path)
        wanted = built.target_of(page.url, alternates[other]) if other in alternates else None
        if landed is None or landed.lang.split("-")[0] != other:
            problems.append(f"{page.file}: the switcher leads to {path}, not a page in {other}")
        elif wanted is None or built.canonical(landed) != built.canonical(wanted):
            problems.append(
                f"{page.file}: the switcher leads to {path}, "
                f"the hreflang={other} alternate is {wanted.url if wanted else None}"
            )
        if page.url not in FRONT_PAGES and path in FRONT_PAGES:
            problems.append(f"{page.file}: the switcher leads to the front page {path}")
    assert not problems, "\n".join(problems)


def _focus_problem(focused: dict[str, Any], what: str) -> str | None:
    if not focused["onScreen"]:
        return f"{what} is not on screen when focused: {focused['html']}"
    if not (focused["outline"] or focused["shadow"]):
        return f"{what} shows no outline or box-shadow when focused: {focused['html']}"
    return None


def test_first_tab_focuses_the_skip_link_visibly(tab: Any, server: str, pages: list[Page]) -> None:
    problems = []
    for page in pages:
        tab.goto(server + page.url)
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if page.needs_skip_link and focused["href"] != "#main":
            problems.append(f"{page.file}: the first Tab focuses {focused['html']}, not the skip link")
        elif not page.needs_skip_link and not focused["inMain"]:
            problems.append(f"{page.file}: the first Tab focuses {focused['html']}, outside <main>")
        problem = _focus_problem(focused, "the first focused element")
        if problem:
            problems.append(f"{page.file}: {problem}")
    assert not problems, "\n".join(problems)


def test_skip_link_moves_focus_to_main(tab: Any, server: str, pages: list[Page]) -> None:
    with_skip_link = [p for p in pages if any(a.attrs.get("href") == "#main" for a in p.all("a"))]
    assert with_skip_link, 'no page has a skip link <a href="#main">'
    problems = []
    for page in with_skip_link:
        tab.goto(server + page.url)
        tab.locator('a[href="#main"]').first.focus()
        tab.keyboard.press("Enter")
        focused = tab.evaluate(FOCUSED)
        if urlsplit(tab.url).fragment != "main" or not focused["inMain"]:
            problems.append(
                f"{page.file}: after the skip link, focus is on {focused['html']} "
                '(<main id="main"> takes focus only with tabindex="-1")'
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_focusable_element_of_the_front_page_shows_focus(tab: Any, server: str, lang: str) -> None:
    tab.goto(f"{server}/{lang}/")
    problems, seen = [], set()
    for _ in range(300):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if focused["tag"] == "body" or focused["html"] in seen:
            break
        seen.add(focused["html"])
        problem = _focus_problem(focused, f"<{focused['tag']}>")
        if problem:
            problems.append(f"/{lang}/: {problem}")
    assert seen, f"/{lang}/: Tab focuses nothing"
    assert not problems, "\n".join(problems)


def test_print_hides_navigation_and_keeps_figures_and_tables_whole(
    tab: Any, server: str, pages: list[Page]
) -> None:
    tab.emulate_media(media="print")
    findings, navs, blocks = [], 0, 0
    for page in pages:
        tab.goto(server + page.url)
        layout = tab.evaluate(PRINT_LAYOUT)
        navs += layout["navs"]
        blocks += layout["blocks"]
        findings += [(page.file, f"<nav> shown in print: {html}") for html in layout["shownNavs"]]
        findings += [
            (page.file, f"{name} has break-inside: {value} in print, not avoid")
            for name, value in layout["breakable"]
        ]
    assert navs, "no page has a <nav>, so there is no navigation to hide in print"
    assert blocks, "no page has a <figure> or <table>"
    assert not findings, grouped(findings)


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_prints_to_pdf(tab: Any, server: str, pages: list[Page], tmp_path: Path, lang: str) -> None:
    candidates = [p for p in pages if p.lang.startswith(lang) and not p.is_error_page]
    assert candidates, f"no {lang} page"
    # The page with the most figures and tables shows most of the print stylesheet.
    page = max(candidates, key=lambda p: (len(p.all("figure")) + len(p.all("table")), p.file))
    tab.emulate_media(media="print")
    tab.goto(server + page.url)
    pdf = tab.pdf(path=tmp_path / f"{lang}.pdf", format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-"), f"{page.file}: page.pdf() returned no PDF"
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf, f"{page.file}: the PDF has no page"
