from pathlib import Path

import pytest

from sitegen.write import pagecache
from sitegen.write.output import place


def project(root: Path, slugs: list[str]) -> Path:
    for slug in slugs:
        (root / "content/editions" / slug).mkdir(parents=True)
        (root / "content/editions" / slug / "figures.csv").write_text(f"key,value\n{slug},1\n")
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text("<p>")
    return root


def test_keys_follow_the_inputs_of_each_edition(tmp_path: Path) -> None:
    root = project(tmp_path, ["2024-q3", "2024-q4", "2025-q1"])
    keys = pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "engine")
    assert set(keys) == {"2024-q3", "2024-q4"}  # the newest edition is always rendered
    (root / "content/editions/2024-q4/figures.csv").write_text("key,value\nchanged,2\n")
    after = pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "engine")
    assert after["2024-q3"] == keys["2024-q3"] and after["2024-q4"] != keys["2024-q4"]
    (root / "templates/page.html").write_text("<div>")
    shared = pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "engine")
    assert shared["2024-q3"] != after["2024-q3"]
    assert pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], "/sub/", "engine") != shared
    assert pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "preview") != shared
    # notices on stale translations carry dates from git: another commit, other pages
    assert pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "engine", "c0ffee") != shared
    # every data page lists the archive-wide downloads with their sizes
    assert (
        pagecache.edition_keys(root, ["2024-q3", "2024-q4", "2025-q1"], None, "engine", "", "a.zip=9;")
        != shared
    )


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    cache, keys = tmp_path / "cache", {"2024-q4": "k1"}
    files = {"da/2024-q4/index.html": b"<p>", "charts/2024-q4/a.svg": b"<svg/>", "da/index.html": b"front"}
    pagecache.store(cache, keys, files, reused=set())
    found = pagecache.load_cached(cache, keys)
    assert {k: v.read_bytes() for k, v in found["2024-q4"].items()} == {
        "da/2024-q4/index.html": b"<p>",
        "charts/2024-q4/a.svg": b"<svg/>",
    }
    assert pagecache.load_cached(cache, {"2024-q4": "k2"}) == {}


def test_an_entry_edited_through_the_site_is_not_used(tmp_path: Path) -> None:
    """The site hard-links cached files: an edit of a site file in place must not be published again."""
    cache, keys = tmp_path / "cache", {"2024-q4": "k1"}
    pagecache.store(cache, keys, {"da/2024-q4/index.html": b"<p>"}, reused=set())
    site_file = tmp_path / "index.html"
    place(pagecache.load_cached(cache, keys)["2024-q4"]["da/2024-q4/index.html"], site_file)
    with site_file.open("ab") as edit:  # as `>>` or an editor that writes in place would
        edit.write(b"<script>")
    assert pagecache.load_cached(cache, keys) == {}
    (cache / "2024-q4" / "k1" / ".complete").write_text("")  # an entry of an older version: no stamps
    assert pagecache.load_cached(cache, keys) == {}


def test_owner_of_site_paths() -> None:
    slugs = {"2024-q4"}
    assert pagecache.owner("en/2024-q4/data/index.html", slugs) == "2024-q4"
    assert pagecache.owner("data/2024-q4/t3_area.csv", slugs) == "2024-q4"
    assert pagecache.owner("da/udgaver/index.html", slugs) is None
    assert pagecache.owner("favicon.ico", slugs) is None


def test_keys_follow_the_generator_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Older editions' pages were rendered by the code of their day: other code renders them afresh."""
    code = tmp_path / "sitegen"
    (code / "render/__pycache__").mkdir(parents=True)
    (code / "render/pages.py").write_text("A = 1\n")
    stamp = pagecache.code_digest(code)
    (code / "render/__pycache__/pages.cpython-311.pyc").write_bytes(b"compiled")
    assert pagecache.code_digest(code) == stamp  # compiled files are not the code
    (code / "render/pages.py").write_text("A = 2\n")
    assert pagecache.code_digest(code) != stamp
    root = project(tmp_path / "project", ["2024-q4", "2025-q1"])
    keys = pagecache.edition_keys(root, ["2024-q4", "2025-q1"], None, "engine")
    assert keys == pagecache.edition_keys(root, ["2024-q4", "2025-q1"], None, "engine")
    monkeypatch.setattr(pagecache, "code_digest", lambda: "another generator")
    assert pagecache.edition_keys(root, ["2024-q4", "2025-q1"], None, "engine")["2024-q4"] != keys["2024-q4"]
