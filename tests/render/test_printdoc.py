"""The print document: a page body's ids and links made to work inside one document."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from sitegen.build import render
from sitegen.load.settings import Config
from sitegen.render.printdoc import PrintDocument, link_target, localise
from sitegen.render.structure import find_flaws

REPO = Path(__file__).resolve().parents[2]
ANCHORS = {"/da/2025-q1/": "page-index", "/da/2025-q1/minerydning/": "page-clearance"}


def config(site_url: str = "", base_path: str = "/") -> Config:
    text = {"da": "T", "en": "T"}
    return Config(Path("."), text, base_path, site_url, "c", "c@x", (), text, text, text)


def test_ids_and_the_ids_they_name_are_prefixed_with_the_page() -> None:
    html = '<h2 id="kilder">K</h2><figure id="table-t3"><caption id="caption-t3"></caption><div aria-labelledby="caption-t3">'
    assert localise(html, "page-data", ANCHORS, config()) == (
        '<h2 id="page-data--kilder">K</h2><figure id="page-data--table-t3">'
        '<caption id="page-data--caption-t3"></caption><div aria-labelledby="page-data--caption-t3">'
    )


def test_links_to_pages_of_the_briefing_stay_inside_the_document() -> None:
    assert link_target("#kilder", "page-data", ANCHORS, config()) == "#page-data--kilder"
    assert link_target("/da/2025-q1/minerydning/", "page-data", ANCHORS, config()) == "#page-clearance"
    assert (
        link_target("/da/2025-q1/minerydning/#ofre", "page-data", ANCHORS, config())
        == "#page-clearance--ofre"
    )


def test_other_links_of_the_site_lead_to_the_web_when_its_address_is_known() -> None:
    known = config("https://example.org", "/uru/")
    assert (
        link_target("/uru/data/2025-q1/t3.csv", "p", ANCHORS, known)
        == "https://example.org/uru/data/2025-q1/t3.csv"
    )
    assert link_target("/data/2025-q1/t3.csv", "p", ANCHORS, config()) is None  # nowhere a PDF can reach
    html = '<a href="/data/2025-q1/t3.csv" download>CSV</a>'
    assert localise(html, "p", ANCHORS, config()) == "<a download>CSV</a>"


def test_links_to_other_sites_and_mail_are_kept() -> None:
    for href in ("https://www.ft.dk/samling/", "mailto:folketinget@ft.dk"):
        assert link_target(href, "p", ANCHORS, config()) == href


def test_the_print_documents_keep_the_page_rules(tiny: Path) -> None:
    """The documents the PDFs are made from have unique ids and no image without alt text; each page keeps
    its <h1> besides the cover's and the contents'."""
    docs: list[PrintDocument] = []
    render(tiny, None, draw_charts=False, strict=True, make_pdfs=lambda found: docs.extend(found) or {})
    assert [doc.path for doc in docs] == [
        "da/2025-q1/briefing-2025-q1-da.pdf",
        "en/2025-q1/briefing-2025-q1-en.pdf",
    ]
    for doc in docs:
        flaws = find_flaws(doc.html)
        assert flaws.duplicate_ids == () and flaws.images_without_alt == 0
        assert flaws.h1_count == 2 + doc.html.count('<article class="prose pdf-section"')


def test_tables_of_nine_columns_are_marked_for_the_pdfs_small_type() -> None:
    """The PDF's stylesheet names wide tables by class: WeasyPrint matches :has() by walking the whole table
    again for each cell, which made the styles of an archive's long tables cost seconds a PDF."""
    docs: list[PrintDocument] = []
    render(REPO, None, draw_charts=False, strict=False, make_pdfs=lambda found: docs.extend(found) or {})
    for doc in docs:
        tables = re.findall(r"<table([^>]*)>(.*?)</table>", doc.html, flags=re.S)
        widths = {len(re.findall(r"<t[hd][ >]", body.split("<tbody>")[1].split("</tr>")[0])): attrs
                  for attrs, body in tables if "<tbody>" in body}  # fmt: skip
        assert max(widths) >= 9 and min(widths) < 9  # the real project has both
        for columns, attrs in widths.items():
            assert ('class="many-columns"' in attrs) == (columns >= 9), (doc.path, columns)
    rules = re.sub(
        r"/\*.*?\*/", "", (REPO / "templates/assets/pdf.css").read_text(encoding="utf-8"), flags=re.S
    )
    assert ":has(" not in rules


def test_a_document_is_kept_deflated_and_given_back_whole() -> None:
    html = '<html lang="da"><p>Ryddet areal – 11.002,4 ha</p>' + "<tr><td>1.116</td></tr>" * 500
    doc = PrintDocument("da/x.pdf", "/da/x.pdf", "da", html, {})
    assert doc.html == html
    assert len(doc.packed) * 10 < len(html.encode())  # a table's rows deflate well
    assert pickle.loads(pickle.dumps(doc)) == doc  # as a build's list of documents may be
