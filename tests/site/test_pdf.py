"""The real project's PDFs, read back: text in each language's number format, contents with page numbers,
every chart with its alt text, embedded fonts, tags and language, and links that work."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from html import unescape
from pathlib import Path

import pypdf
import pytest

from sitegen.render.formats import format_size
from tests.site.sitecheck import INSTALL_HINT, LANGS, Built

pytestmark = pytest.mark.slow

EDITION = "2025-q1"
# Key figures of the edition as each language writes them (the dataset's values, Folketinget's format).
# The estimated landmines are in millions, as the source states them (figures.csv).
KEY_FIGURES = {
    "da": ("11.667 km²", "1,5 mio. landminer", "190.794,2 ha", "11.002,4 ha", "191.604", "4,8 %"),
    "en": ("11,667 km²", "1.5 million landmines", "190,794.2 ha", "11,002.4 ha", "191,604", "4.8%"),
}
RUNNING_TITLE = {  # the site's title and the edition's period, as the web pages print it
    "da": "Minerydning i Aserbajdsjan – briefing for Udenrigsudvalget · 1. kvartal 2025",
    "en": "Mine action in Azerbaijan – briefing for the Foreign Affairs Committee · Q1 2025",
}
PAGE_OF = "{} / {}"  # the page margins of the site's print stylesheet (assets/site.css), in both languages
MARGIN = 17 / 25.4 * 72  # the page's side margins (assets/site.css, @page), in points


def pdf_path(site: Path, lang: str) -> Path:
    return site / lang / EDITION / f"briefing-{EDITION}-{lang}.pdf"


def poppler(tool: str, *args: str) -> str:
    """The output of one of Poppler's tools."""
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: {INSTALL_HINT}")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@cache
def pages_text(path: Path) -> tuple[str, ...]:
    """Each page's text, spaces (no-break ones too) made single."""
    raw = poppler("pdftotext", "-layout", str(path), "-").split("\f")[:-1]
    return tuple(" ".join(page.replace("\u00a0", " ").split()) for page in raw)


def web_page(built: Built, url: str) -> str:
    page = built.page_at(url)
    assert page is not None, url
    return (built.root / page.file).read_text(encoding="utf-8")


def sections(built: Built, lang: str) -> list[tuple[str, str]]:
    """The briefing's parts in reading order, from the edition's menu: (title, url)."""
    front = web_page(built, f"/{lang}/{EDITION}/")
    menu = front[front.index('<nav class="site-nav"') : front.index("</nav>")]
    items = re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', menu)
    return [
        (unescape(title), url)
        for url, title in items
        if not url.rstrip("/").endswith(("udgaver", "editions"))
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_linked_from_the_edition_with_its_size(site: Path, built: Built, lang: str) -> None:
    path = pdf_path(site, lang)
    size = format_size(path.stat().st_size, lang)
    label = {"da": "Hent briefingen som PDF ({})", "en": "Download the briefing as PDF ({})"}[lang]
    link = f'<a href="/{lang}/{EDITION}/{path.name}" type="application/pdf">{label.format(size)}</a>'
    for _title, url in sections(built, lang):
        if f"/{EDITION}/" in url:
            assert link in web_page(built, url), url


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_figures_are_in_the_language_s_format(site: Path, lang: str) -> None:
    text = " ".join(pages_text(pdf_path(site, lang)))
    for figure in KEY_FIGURES[lang]:
        assert figure in text, f"{figure} is not in the {lang} PDF"
    other = KEY_FIGURES["en" if lang == "da" else "da"]
    assert other[3] not in text  # 11,002.4 ha in the Danish PDF would be the wrong format


@pytest.mark.parametrize("lang", LANGS)
def test_contents_lists_every_part_at_the_page_it_starts_on(site: Path, built: Built, lang: str) -> None:
    pages = pages_text(pdf_path(site, lang))
    contents = pages[1]
    found = []
    for title, _url in sections(built, lang):
        match = re.search(re.escape(title) + r" ?\.*\s*(\d+)", contents)
        assert match, f"'{title}' is not in the contents: {contents}"
        number = int(match.group(1))
        found.append(number)
        assert title in pages[number - 1], f"'{title}' does not start on page {number}"
    assert found == sorted(found) and found[0] == 3  # reading order; cover and contents come first
    assert len(found) >= 12


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_but_the_cover_is_numbered_and_titled(site: Path, lang: str) -> None:
    path = pdf_path(site, lang)
    pages = pages_text(path)
    assert re.search(rf"^Pages:\s+{len(pages)}$", poppler("pdfinfo", str(path)), re.M)
    assert 20 <= len(pages) <= 60  # the whole briefing, and no page per paragraph
    running = RUNNING_TITLE[lang]
    for number, page in enumerate(pages[1:], start=2):
        assert page.startswith(running), f"page {number}"
        assert page.endswith(PAGE_OF.format(number, len(pages))), f"page {number}"
    assert PAGE_OF.format(1, len(pages)) not in pages[0] and running not in pages[0]  # the cover


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_is_a_tagged_figure_with_its_alt_text(site: Path, built: Built, lang: str) -> None:
    alts = set()
    for _title, url in sections(built, lang):
        for img in re.findall(r'<img src="/charts/[^"]+\.svg" alt="([^"]+)"', web_page(built, url)):
            alts.add(unescape(img))
    assert len(alts) >= 9
    figures = [str(node["/Alt"]) for node in structure(pdf_path(site, lang)) if node.get("/S") == "/Figure"]
    assert sorted(figures) == sorted(alts)
    pictures = [name for page in pypdf.PdfReader(pdf_path(site, lang)).pages for name in images(page)]
    assert pictures == []  # the charts are drawn as vector paths from their SVGs, not pasted as pictures


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_and_the_pdf_is_tagged_in_its_language(site: Path, lang: str) -> None:
    path = pdf_path(site, lang)
    rows = poppler("pdffonts", str(path)).splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        assert row.split()[-5] == "yes", f"not embedded: {row}"
        # the briefing's own font files, for the charts' words too: never a font the system happens to have
        assert row.split()[0].partition("+")[2].startswith("Briefing-"), f"not the briefing's font: {row}"
    info = poppler("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+\S", info, re.M)
    reader = pypdf.PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata  # no clock


@pytest.mark.parametrize("lang", LANGS)
def test_links_inside_the_briefing_are_links_inside_the_pdf(site: Path, lang: str) -> None:
    reader = pypdf.PdfReader(pdf_path(site, lang))
    uris, internal = [], 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
            elif action.get("/S") == "/GoTo" or "/Dest" in annotation.get_object():
                internal += 1
    assert internal >= 50  # contents, glossary terms, references between the pages
    assert uris and all(u.startswith("https://") and ".invalid" not in u for u in uris)
    text = "".join("".join(pages_text(pdf_path(site, lang))).split())
    for uri in uris:
        assert f"({uri})" in text, f"the target of a link to {uri} is not printed"


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_runs_off_the_page_and_no_heading_ends_one(site: Path, built: Built, lang: str) -> None:
    """No table or line cut at the margins; no page whose last line is a heading or a table's title."""
    path = pdf_path(site, lang)
    boxes = poppler("pdftotext", "-bbox", str(path), "-")
    outside = []
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page
        ):
            if float(x_min) < MARGIN - 1 or float(x_max) > width - MARGIN + 1:
                outside.append(f"page {number}: {word}")
    assert outside == []
    headings = set()
    for _title, url in sections(built, lang):
        html = web_page(built, url)
        main = html[html.index("<main") :]
        for text in re.findall(r"<(?:h[1-4][^>]*|caption[^>]*|span class=\"chart-title\")>(.*?)</", main):
            headings.add(" ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()))
    raw = poppler("pdftotext", "-layout", str(path), "-").split("\f")[:-1]
    for number, page in enumerate(raw[2:], start=3):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        last = lines[-2]  # the line above the running foot
        assert not any(h == last or (h.endswith(last) and " " in last) for h in headings), (
            f"page {number} ends with the heading '{last}'"
        )


def structure(path: Path) -> list[dict]:
    """Every element of the PDF's structure tree (its tags)."""
    found = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


def images(page: pypdf.PageObject) -> list[str]:
    """Names of the raster images a page paints (directly or inside a drawing)."""
    found = []
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    for name, xobject in xobjects.items():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(name)
        elif xobject.get("/Subtype") == "/Form":
            found += images(xobject)
    return found
