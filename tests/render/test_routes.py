import shutil
from pathlib import Path

import pytest

from sitegen.load.dataset import load_editions
from sitegen.load.pages import load_pages
from sitegen.load.schema import load_schema
from sitegen.render.routes import Route, SiteMap, navigation, neighbours, owner, pdf_path, plan_routes


def test_routes_place_pages_and_pair_translations(tiny: Path) -> None:
    schema, _ = load_schema(tiny)
    editions, _ = load_editions(tiny, schema)
    pages, _ = load_pages(tiny)
    site = plan_routes(pages, editions, ("da", "en"))
    paths = sorted(r.path for r in site.routes)
    assert paths == [
        "da/",
        "da/2025-q1/",
        "da/2025-q1/data/",
        "da/ordliste/",
        "da/soeg/",
        "da/tilgaengelighed/",
        "da/udgaver/",
        "en/",
        "en/2025-q1/",
        "en/2025-q1/data/",
        "en/accessibility/",
        "en/editions/",
        "en/glossary/",
        "en/search/",
    ]
    glossary = site.find("da", None, "glossary")
    assert site.counterpart(glossary, "en").path == "en/glossary/"
    home = next(r for r in site.routes if r.path == "da/")
    assert home.canonical == "da/2025-q1/"
    assert [r.path for r in navigation(site, glossary)] == [
        "da/2025-q1/",
        "da/2025-q1/data/",
        "da/ordliste/",
        "da/udgaver/",
    ]


def two_editions(tiny: Path, *periods: tuple[str, str]) -> SiteMap:
    """The tiny project with older editions beside 2025-Q1 (copies for 2024-Q4, or for `periods`)."""
    for period, as_of in periods or (("2024-Q4", "2024-12-31"),):
        older = tiny / "content/editions" / period.lower()
        shutil.copytree(tiny / "content/editions/2025-q1", older)
        meta = (older / "edition.toml").read_text()
        meta = meta.replace('period = "2025-Q1"', f'period = "{period}"')
        (older / "edition.toml").write_text(meta.replace("as_of = 2025-03-31", f"as_of = {as_of}"))
    schema, _ = load_schema(tiny)
    editions, problems = load_editions(tiny, schema)
    pages, _ = load_pages(tiny)
    assert problems == [] and editions[-1].slug == "2025-q1"
    return plan_routes(pages, editions, ("da", "en"))


def test_each_edition_has_a_newer_and_an_older_neighbour(tiny: Path) -> None:
    site = two_editions(tiny, ("2024-Q3", "2024-09-30"), ("2024-Q4", "2024-12-31"))
    newest, middle, oldest = site.editions
    assert [e.slug for e in site.editions] == ["2025-q1", "2024-q4", "2024-q3"]
    assert neighbours(site, newest) == (None, middle)
    assert neighbours(site, middle) == (newest, oldest)
    assert neighbours(site, oldest) == (middle, None)


def test_the_newest_edition_is_the_front_and_each_edition_keeps_its_pages(tiny: Path) -> None:
    site = two_editions(tiny)
    assert [e.slug for e in site.editions] == ["2025-q1", "2024-q4"]  # newest first
    fronts = [r for r in site.routes if r.kind == "front"]
    assert [(r.lang, r.path, r.canonical, r.edition.slug) for r in fronts] == [
        ("da", "da/", "da/2025-q1/", "2025-q1"),
        ("en", "en/", "en/2025-q1/", "2025-q1"),
    ]
    older = site.find("da", "2024-q4", "data")
    assert (older.path, older.canonical, older.file) == (
        "da/2024-q4/data/",
        "da/2024-q4/data/",
        "da/2024-q4/data/index.html",
    )
    assert older.edition.slug == "2024-q4" and older.kind == "page"
    assert site.counterpart(older, "en").path == "en/2024-q4/data/"
    assert site.counterpart(fronts[0], "en") is fronts[1]
    editions_page = next(r for r in site.routes if r.kind == "editions" and r.lang == "en")
    assert site.counterpart(editions_page, "da").path == "da/udgaver/"
    assert site.find("da", "2024-q4", "nothing") is None and site.find("da", None, "data") is None
    # an older edition's menu is its own pages, then the shared pages and the editions
    assert [r.path for r in navigation(site, older)] == [
        "da/2024-q4/",
        "da/2024-q4/data/",
        "da/ordliste/",
        "da/udgaver/",
    ]
    # a shared page's menu is the newest edition's
    assert [r.path for r in navigation(site, site.find("en", None, "glossary"))][:2] == [
        "en/2025-q1/",
        "en/2025-q1/data/",
    ]
    newest, oldest = site.editions
    assert neighbours(site, newest) == (None, oldest)
    assert neighbours(site, oldest) == (newest, None)


def test_a_route_without_a_counterpart_is_a_key_error(tiny: Path) -> None:
    site = two_editions(tiny)
    lone = Route(None, "page", "da", None, "da/x/", "da/x/")
    with pytest.raises(KeyError, match="no en counterpart of da/x/"):
        site.counterpart(lone, "en")


def test_site_files_belong_to_their_edition() -> None:
    slugs = {"2024-q4", "2025-q1"}
    assert owner("da/2024-q4/index.html", slugs) == "2024-q4"
    assert owner("charts/2025-q1/area-da.svg", slugs) == "2025-q1"
    assert owner("data/2024-q4/t4_devices.csv", slugs) == "2024-q4"
    assert owner("da/2024-q4", slugs) is None  # a folder name, not a file in it
    assert owner("da/index.html", slugs) is None and owner("da/ordliste/index.html", slugs) is None
    assert pdf_path("2025-q1", "en") == "en/2025-q1/briefing-2025-q1-en.pdf"


def test_a_site_without_editions_has_no_front(tiny: Path) -> None:
    pages, _ = load_pages(tiny)
    site = plan_routes([p for p in pages if p.edition is None], [], ("da", "en"))
    kinds = [r.kind for r in site.routes if r.kind != "page"]
    assert sorted(kinds) == ["editions", "editions", "search", "search"]  # a list of editions, and search
    assert site.editions == ()
    assert [r.path for r in navigation(site, site.find("da", None, "glossary"))] == [
        "da/ordliste/",
        "da/udgaver/",
    ]
