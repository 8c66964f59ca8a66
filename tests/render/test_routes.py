from pathlib import Path

from sitegen.load.dataset import load_editions
from sitegen.load.pages import load_pages
from sitegen.load.schema import load_schema
from sitegen.render.routes import navigation, plan_routes


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
