"""Search in Debian's Chromium: a typed query finds its pages in each language, by keyboard alone, with
the count announced; axe with the results open; no request leaves the site; the page without
JavaScript lists every page; an older edition in a test fixture is found, and equal matches show the
newest edition first."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.compute.test_editions import Q4, publish
from tests.site.conftest import serving
from tests.site.sitecheck import ROOT, Built, build_site
from tests.site.test_browser import AXE_SOURCE, AXE_TAGS, MEASURE_OVERFLOW, RUN_AXE, Recorder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCH = {"da": "/da/soeg/", "en": "/en/search/"}
EDITION = {"da": "Udgave: 1. kvartal 2025", "en": "Edition: Q1 2025"}
# Query, and pages it must find (the glossary says "pansermine": found through Danish stemming).
QUERIES = [
    ("da", "Khankendi", {"/da/2025-q1/minerydning/", "/da/2025-q1/data/", "/da/metode/"}),
    ("da", "panserminer", {"/da/2025-q1/minerydning/", "/da/2025-q1/problemets-omfang/", "/da/ordliste/"}),
    ("en", "anti-tank", {"/en/2025-q1/clearance/", "/en/2025-q1/scope/", "/en/glossary/"}),
    ("en", "MAG", {"/en/2025-q1/foreign-assistance/", "/en/glossary/"}),
]

RESULTS = """() => [...document.querySelectorAll("#search-results li")].map(li => ({
  url: li.querySelector("a.result-title").getAttribute("href"),
  title: li.querySelector("a.result-title").textContent,
  edition: li.querySelector(".result-edition")?.textContent ?? null,
  excerpt: li.querySelector(".result-excerpt").textContent,
  marks: [...li.querySelectorAll(".result-excerpt mark")].map(m => m.textContent),
}))"""

# Pagefind's own order for a query, before the page ranks equal matches newest first.
RAW_ORDER = """async (query) => {
  const pagefind = await import(document.getElementById("search-form").dataset.pagefind);
  const found = await pagefind.search(query);
  return Promise.all(found.results.map(async r => (await r.data()).url));
}"""


def search(tab: Any, origin: str, lang: str, query: str) -> list[dict[str, Any]]:
    """Type a query into the language's search page; the results once the status line names it."""
    tab.goto(origin + SEARCH[lang])
    tab.locator("#search-query").press_sequentially(query)
    wait_for_answer(tab, query)
    return tab.evaluate(RESULTS)


def wait_for_answer(tab: Any, query: str) -> None:
    tab.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query, timeout=10000
    )


@pytest.mark.parametrize(("lang", "query", "expected"), QUERIES, ids=[q for _, q, _ in QUERIES])
def test_a_typed_query_finds_its_pages_with_their_edition_and_an_excerpt(
    tab: Any, server: str, lang: str, query: str, expected: set[str]
) -> None:
    recorder = Recorder()
    recorder.attach(tab)
    results = search(tab, server, lang, query)
    urls = [r["url"] for r in results]
    assert expected <= set(urls), f"{query!r} found {urls}, not all of {sorted(expected)}"
    for result in results:
        assert result["title"].strip(), result
        assert result["marks"], f"{result['url']}: no word marked in the excerpt {result['excerpt']!r}"
        shared = "/2025-q1/" not in result["url"]
        assert result["edition"] == (None if shared else EDITION[lang]), result
    status = tab.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert tab.locator(".search-more").is_hidden()  # every result is shown: the count is theirs
    assert f"{len(results)} " in status.text_content(), status.text_content()
    assert tab.url.endswith(f"?q={query}")
    outside = [url for url in recorder.requests if not url.startswith(server + "/")]
    assert not outside, f"requests to other origins: {outside}"
    assert not recorder.errors, recorder.errors


def test_the_masthead_field_leads_to_the_results(tab: Any, server: str) -> None:
    tab.goto(server + "/en/2025-q1/clearance/")
    tab.locator("#site-search").fill("Khankendi")
    tab.locator("#site-search").press("Enter")
    wait_for_answer(tab, "Khankendi")
    assert tab.url == f"{server}/en/search/?q=Khankendi"
    assert tab.locator("#search-query").input_value() == "Khankendi"
    assert "/en/2025-q1/clearance/" in [r["url"] for r in tab.evaluate(RESULTS)]


@pytest.mark.parametrize(("width", "field"), [(375, False), (800, True), (1280, True)])
def test_on_phones_the_menu_leads_to_search_and_wider_the_masthead_field(
    tab: Any, server: str, width: int, field: bool
) -> None:
    """A phone's first screen is the page's own (the front page's key figures): its masthead has no field,
    the menu's first link is the search page; from 40em the field is in the masthead, not in the menu."""
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(server + "/da/2025-q1/minerydning/")
    assert tab.locator("#site-search").is_visible() == field
    link = tab.locator(".menu li").first.locator("a")
    assert link.get_attribute("href") == SEARCH["da"] and link.text_content() == "Søg i briefingen"
    if width < 1024:  # the menu is a button below 64em
        tab.locator(".menu > summary").click()
    assert link.is_visible() != field
    if not field:
        link.click()
        tab.wait_for_url(server + SEARCH["da"])
        assert tab.locator("#search-query").is_visible()


def test_search_by_keyboard_alone(tab: Any, server: str) -> None:
    tab.goto(server + SEARCH["da"])
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "search-query":
            break
    else:
        pytest.fail("Tab never reaches the search field")
    tab.keyboard.type("Khankendi")
    tab.keyboard.press("Enter")
    wait_for_answer(tab, "Khankendi")
    first = tab.evaluate(RESULTS)[0]["url"]
    tab.keyboard.press("Tab")  # the search button
    tab.keyboard.press("Tab")  # the first result
    assert tab.evaluate("document.activeElement.getAttribute('href')") == first
    tab.keyboard.press("Enter")
    tab.wait_for_url(server + first)


def test_more_results_come_in_batches_and_focus_moves_to_the_first_new_one(tab: Any, server: str) -> None:
    first = search(tab, server, "da", "ANAMA")  # on nearly every page: more than one batch of ten
    total = int(tab.locator("#search-status").text_content().split()[0])
    assert len(first) == 10 < total and tab.locator(".search-more").is_visible()
    tab.locator("#search-more").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("n => document.querySelectorAll('#search-results li').length === n", arg=total)
    urls = [r["url"] for r in tab.evaluate(RESULTS)]
    assert len(set(urls)) == total and urls[:10] == [r["url"] for r in first]
    assert tab.evaluate("document.activeElement.getAttribute('href')") == urls[10]
    assert tab.locator(".search-more").is_hidden()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", SEARCH)
def test_axe_with_the_results_open(tab: Any, server: str, lang: str, width: int) -> None:
    tab.add_init_script(script=AXE_SOURCE)
    tab.set_viewport_size({"width": width, "height": 800})
    results = search(tab, server, lang, "Khankendi")
    assert len(results) >= 2
    violations = tab.evaluate(RUN_AXE, AXE_TAGS)
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["target"] for n in v["nodes"])
        for v in violations
    )
    overflow = tab.evaluate(MEASURE_OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow["culprits"]


@pytest.mark.parametrize("lang", SEARCH)
def test_without_javascript_the_page_says_so_and_lists_every_page(
    browser: Any, server: str, built: Built, lang: str
) -> None:
    tab = browser.new_page()
    try:
        browser.new_cdp_session(tab).send("Emulation.setScriptExecutionDisabled", {"value": True})
        tab.goto(server + SEARCH[lang])
        assert tab.locator(".search-nojs").is_visible()
        assert "JavaScript" in tab.locator(".search-nojs").text_content()
        assert tab.locator("#search-results").is_hidden()
        listed = set(
            tab.eval_on_selector_all(".all-pages a", "links => links.map(a => a.getAttribute('href'))")
        )
        headings = tab.eval_on_selector_all(".all-pages h3", "hs => hs.map(h => h.textContent)")
    finally:
        tab.close()
    indexed = {
        page.url
        for page in built.pages
        if page.lang == lang and any("data-pagefind-body" in e.attrs for e in page.all("article"))
    }
    assert indexed and listed == indexed
    assert any(EDITION[lang] in heading for heading in headings), headings


def extra_page(folder: Path, lang: str, title: str, text: str) -> None:
    (folder / f"pages/{lang}/arkiv.md").write_text(f'+++\ntitle = "{title}"\n+++\n{text}\n', encoding="utf-8")


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real project with the 2024-Q4 fixture edition, both holding a page on the same made-up word
    (the older one a little shorter, so Pagefind scores it a little higher), built and served."""
    root = tmp_path_factory.mktemp("two-editions") / "project"
    for name in ("content", "templates", "translations"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(Q4, root / "content/editions/2024-q4")
    publish(root / "content/editions/2025-q1")
    for slug, more in (("2024-q4", ""), ("2025-q1", " også")):
        folder = root / "content/editions" / slug
        extra_page(folder, "da", "Arkivnote", f"Zebraflade er{more} et testord.")
        extra_page(folder, "en", "Archive note", f"Zebrafield is{more.replace('også', 'also')} a test word.")
    with serving(build_site(root.parent / "site", root)) as origin:
        yield origin


@pytest.mark.parametrize("lang", SEARCH)
def test_an_older_edition_is_found(tab: Any, two_editions: str, lang: str) -> None:
    query = "testdata" if lang == "da" else "test data"
    results = search(tab, two_editions, lang, query)
    older = [r for r in results if r["url"] == f"/{lang}/2024-q4/"]
    assert older, f"{query!r} found {[r['url'] for r in results]}"
    assert older[0]["edition"] == {"da": "Udgave: 4. kvartal 2024", "en": "Edition: Q4 2024"}[lang]


@pytest.mark.parametrize(("lang", "query"), [("da", "Zebraflade"), ("en", "Zebrafield")])
def test_equal_matches_show_the_newest_edition_first(
    tab: Any, two_editions: str, lang: str, query: str
) -> None:
    results = search(tab, two_editions, lang, query)
    newer, older = f"/{lang}/2025-q1/arkiv/", f"/{lang}/2024-q4/arkiv/"
    assert tab.evaluate(RAW_ORDER, query) == [older, newer]  # Pagefind alone puts the older page first
    assert [r["url"] for r in results] == [newer, older]
