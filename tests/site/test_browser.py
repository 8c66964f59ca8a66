"""The built site in Debian's Chromium: axe-core, no external requests, narrow screens, keyboard,
language switcher and print."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.site.sitecheck import LANGS, Built, Page, grouped, pdftotext_or_fail, svg_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core as vendored by the PyPI package axe-playwright-python (a test dependency).
AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_WIDTHS = (1280, 375)
NARROWEST = 320
WIDEST = 1280
PHONE = 375
HEIGHT = 800
H1_WITHIN = 400  # px from the top of a phone's first screen
SMALLEST_CHART_TEXT = 11  # CSS px
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
# Every image loaded, each <picture> showing the drawing its <source> selects at the current width: after
# a resize the browser picks the source anew and loads it, while the old drawing still counts as complete.
LOAD_LAZY_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = "eager"; });
  const wanted = i => {
    const sources = i.parentElement.matches("picture") ? [...i.parentElement.querySelectorAll("source")] : [];
    const source = sources.find(s => matchMedia(s.media).matches);
    return new URL(source ? source.srcset : i.getAttribute("src"), location.href).href;
  };
  const pause = () => new Promise(done => setTimeout(done, 20));
  await Promise.all(images.map(async i => {
    for (let tries = 0; tries < 150 && !(i.complete && i.currentSrc === wanted(i)); tries++) await pause();
  }));
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
  const text = document.querySelector("main").getBoundingClientRect().width;
  const narrowCharts = [...document.querySelectorAll("figure.chart img")]
    .filter(i => i.getBoundingClientRect().width < text - 1)
    .map(i => `${i.closest("figure").id}: ${Math.round(i.getBoundingClientRect().width)} of ${Math.round(text)} px`);
  const hidden = [...document.querySelectorAll(".downloads, .download, .pager, .contents, .az")]
    .filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80));
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
    narrowCharts, shownLinks: hidden,
    loose: [...document.querySelectorAll("main h2, main h3")]
      .filter(e => !["avoid", "avoid-page"].includes(getComputedStyle(e).breakAfter))
      .map(e => e.tagName.toLowerCase() + "#" + e.id),
  };
}"""


# Where the first screen's landmarks end, in page coordinates.
FIRST_SCREEN = """() => {
  const bottom = e => e.getBoundingClientRect().bottom + scrollY;
  const h1 = document.querySelector("h1"), lede = document.querySelector("main .lede");
  const number = document.querySelector("main .fig");
  return {
    h1: h1 ? bottom(h1) : null,
    lede: lede ? bottom(lede) : null,
    figures: [...document.querySelectorAll(".key-figures .kf")].map(bottom),
    firstNumber: number ? number.getBoundingClientRect().top + scrollY : null,
  };
}"""

# Every table's scrolling box, chart data tables included (their <details> opened to measure them).
TABLES_OVERFLOW = """() => {
  const closed = [...document.querySelectorAll("details:not([open])")];
  closed.forEach(d => { d.open = true; });
  const wide = [...document.querySelectorAll(".table-scroll")]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.getAttribute("aria-label") || e.getAttribute("aria-labelledby")}: `
      + `${e.scrollWidth} px in ${e.clientWidth} px`);
  closed.forEach(d => { d.open = false; });
  return wide;
}"""

# Each chart's drawing as the browser chose it, its displayed width and the page's H3 size.
CHARTS_SHOWN = """async () => {
  await (LOAD_LAZY_IMAGES)();
  const images = [...document.querySelectorAll("figure.chart img")];
  const probe = document.createElement("h3");
  probe.textContent = "H3";
  document.querySelector("main article, main").append(probe);
  const h3 = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  return {h3, charts: images.map(i => ({
    id: i.closest("figure").id, src: i.currentSrc, width: i.getBoundingClientRect().width}))};
}""".replace("LOAD_LAZY_IMAGES", LOAD_LAZY_IMAGES)

# Widths at which chart text is measured: every 16 px from 320 to 1280, and both sides of each breakpoint.
CHART_WIDTHS = sorted({*range(NARROWEST, WIDEST + 1, 16), 639, 640, 1023, 1024, WIDEST})


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
    phone: dict[str, Any]  # where the first screen's landmarks end at 375 x 800
    wide_tables: list[str]  # tables that need horizontal scrolling at 1280 px


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
            page.set_viewport_size({"width": PHONE, "height": HEIGHT})
            response = page.goto(server + site_page.url, wait_until="load")
            phone = page.evaluate(FIRST_SCREEN)
            # Every drawing a width selects is loaded before the next resize or page: the browser cancels
            # a <picture>'s fetch that a resize makes stale, which would read as a failed request.
            page.evaluate(LOAD_LAZY_IMAGES)
            page.set_viewport_size({"width": AXE_WIDTHS[0], "height": HEIGHT})
            page.evaluate(LOAD_LAZY_IMAGES)
            wide_tables = page.evaluate(TABLES_OVERFLOW)
            violations = {}
            for width in AXE_WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                page.evaluate(LOAD_LAZY_IMAGES)
                violations[width] = page.evaluate(RUN_AXE, AXE_TAGS)
            page.set_viewport_size({"width": NARROWEST, "height": HEIGHT})
            overflow = page.evaluate(MEASURE_OVERFLOW)
            found[site_page.file] = Visit(
                response.status if response else None,
                list(recorder.requests),
                list(dict.fromkeys(recorder.errors)),
                violations,
                overflow,
                phone,
                wide_tables,
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


def test_every_h1_ends_within_the_first_400_px_of_a_phone(visits: dict[str, Visit]) -> None:
    problems = [
        f"{file}: the H1 ends at {v.phone['h1']:.0f} px at {PHONE}x{HEIGHT}"
        for file, v in visits.items()
        if v.phone["h1"] is None or v.phone["h1"] > H1_WITHIN
    ]
    assert not problems, "\n".join(problems)


def test_front_pages_show_the_lede_and_two_key_figures_in_the_first_screen(visits: dict[str, Visit]) -> None:
    fronts = {file: v for file, v in visits.items() if v.phone["figures"]}
    assert {f"{lang}/index.html" for lang in LANGS} <= set(fronts), (
        "a language's front page has no key figures"
    )
    problems = []
    for file, v in fronts.items():
        lede, figures, number = v.phone["lede"], v.phone["figures"], v.phone["firstNumber"]
        if lede is None or lede > HEIGHT:
            problems.append(f"{file}: the lede ends at {lede} px, below the first screen ({HEIGHT} px)")
        elif number is not None and number < lede:
            problems.append(f"{file}: a figure ({number:.0f} px) comes before the lede ends ({lede:.0f} px)")
        if sum(bottom <= HEIGHT for bottom in figures) < 2:
            problems.append(
                f"{file}: key figures end at {[round(b) for b in figures]} px; two must end by {HEIGHT}"
            )
    assert not problems, "\n".join(problems)


def test_no_table_needs_horizontal_scrolling_at_1280px(visits: dict[str, Visit]) -> None:
    findings = [(file, table) for file, v in visits.items() for table in v.wide_tables]
    assert not findings, f"tables wider than their box at {WIDEST} px:\n" + grouped(findings)


def test_chart_text_is_between_11px_and_the_h3_at_every_width(
    tab: Any, server: str, site: Path, pages: list[Page]
) -> None:
    with_charts = [
        p for p in pages if any("chart" in e.attrs.get("class", "").split() for e in p.all("figure"))
    ]
    assert with_charts, "no page has a chart"
    sizes: dict[str, tuple[float, set[float]]] = {}
    findings, measured = [], 0
    for page in with_charts:
        tab.set_viewport_size({"width": WIDEST, "height": HEIGHT})
        tab.goto(server + page.url)
        for width in CHART_WIDTHS:
            tab.set_viewport_size({"width": width, "height": HEIGHT})
            shown = tab.evaluate(CHARTS_SHOWN)
            for chart in shown["charts"]:
                path = urlsplit(chart["src"]).path
                if path not in sizes:
                    sizes[path] = svg_text_sizes((site / path.lstrip("/")).read_text(encoding="utf-8"))
                drawn_pt, fonts = sizes[path]
                scale = chart["width"] / drawn_pt  # CSS px per pt of the drawing
                smallest, largest = min(fonts) * scale, max(fonts) * scale
                measured += 1
                if smallest < SMALLEST_CHART_TEXT or largest > shown["h3"]:
                    findings.append(
                        (
                            page.file,
                            f"{chart['id']} at {width} px ({path.rsplit('/', 1)[-1]}, "
                            f"{chart['width']:.0f} px wide): text {smallest:.1f}-{largest:.1f} px, "
                            f"H3 {shown['h3']:.0f} px",
                        )
                    )
    assert measured, "no chart was measured"
    assert not findings, f"chart text outside {SMALLEST_CHART_TEXT} px .. the page's H3:\n" + grouped(
        findings
    )


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
        findings += [
            (page.file, f"chart narrower than the text in print: {c}") for c in layout["narrowCharts"]
        ]
        findings += [(page.file, f"shown in print: {html}") for html in layout["shownLinks"]]
        findings += [
            (page.file, f"{h} may end a printed page (break-after is not avoid)") for h in layout["loose"]
        ]
    assert navs, "no page has a <nav>, so there is no navigation to hide in print"
    assert blocks, "no page has a <figure> or <table>"
    assert not findings, grouped(findings)


def running_title(page: Page) -> str:
    """What printed pages carry in the margin: the site's title, and on an edition's page ' · ' and its
    period. The <title> gives both: 'Page – Site', or 'Page – Q1 2025 – Site' on an edition's page."""
    html = page.all("html")
    if html and html[0].attrs.get("data-edition"):
        _own, period, site = page.title.split(" – ", 2)
        return f"{site} · {period}"
    return page.title.split(" – ", 1)[-1]


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_prints_to_pdf_with_page_numbers_and_a_running_title(
    tab: Any, server: str, pages: list[Page], tmp_path: Path, lang: str
) -> None:
    candidates = [p for p in pages if p.lang.startswith(lang) and not p.is_error_page]
    assert candidates, f"no {lang} page"
    # The page with the most figures and tables shows most of the print stylesheet.
    page = max(candidates, key=lambda p: (len(p.all("figure")) + len(p.all("table")), p.file))
    tab.emulate_media(media="print")
    tab.goto(server + page.url)
    tab.evaluate(LOAD_LAZY_IMAGES)
    path = tmp_path / f"{lang}.pdf"
    pdf = tab.pdf(path=path, prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF-"), f"{page.file}: page.pdf() returned no PDF"
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf, f"{page.file}: the PDF has no page"
    text = subprocess.run(
        [pdftotext_or_fail(), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    assert len(printed) > 1, f"{page.file}: {len(printed)} printed page(s); the test needs several"
    problems = []
    for number, content in enumerate(printed, start=1):
        if not re.search(rf"(?m)\b{number}\s*/\s*{len(printed)}\s*$", content):
            problems.append(f"page {number} carries no page number '{number} / {len(printed)}'")
        if running_title(page) not in " ".join(content.split()):
            problems.append(f"page {number} carries no running title ({running_title(page)!r})")
    assert not problems, f"{page.file}:\n" + "\n".join(problems)
