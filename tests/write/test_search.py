import gzip
import json
import os
import stat
from pathlib import Path

import pytest

from sitegen.build import SEARCH_CACHE, build
from sitegen.cli import main
from sitegen.errors import BuildError
from sitegen.report import Report
from sitegen.write import search


def page(lang: str, title: str, text: str, edition: str = "") -> bytes:
    meta = f' data-pagefind-meta="edition_id:{edition}"' if edition else ""
    return (
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>'
        f"<nav>Menu Minerydning</nav><article data-pagefind-body{meta}><h1>{title}</h1><p>{text}</p>"
        f"<details data-pagefind-ignore><table><tr><td>Skjult</td></tr></table></details></article>"
        "</body></html>"
    ).encode()


PAGES = {
    "da/2025-q1/minerydning/index.html": page("da", "Minerydning", "Khankendi og panserminer.", "2025-q1"),
    "da/ordliste/index.html": page("da", "Ordliste", "Pansermine: en mine mod køretøjer."),
    "en/2025-q1/clearance/index.html": page("en", "Clearance", "Khankendi and anti-tank mines.", "2025-q1"),
    "da/udgaver/index.html": b'<!doctype html><html lang="da"><body><h1>Udgaver</h1></body></html>',
    "assets/site.css": b"body{}",
}


def digests(files: dict[str, bytes]) -> dict[str, str]:
    """The index key's digest of each marked page."""
    return {path: digest for path, (digest, _data) in search.indexed_pages(files)[0].items()}


def counted_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every Pagefind run from now on (each still made)."""
    runs: list[tuple] = []
    real = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda *args: (runs.append(args), real(*args)))
    return runs


def fragments(files: dict[str, Path]) -> list[dict]:
    """What the index holds for each page (Pagefind's fragments are gzipped JSON after a signature)."""
    found = []
    for path, content in sorted(files.items()):
        if path.startswith("pagefind/fragment/"):
            data = gzip.decompress(content.read_bytes())
            found.append(json.loads(data[data.index(b"{") :]))
    return found


def test_the_index_holds_each_marked_page_in_its_language_with_only_its_main_text(tmp_path: Path) -> None:
    files = search.search_index(PAGES, tmp_path / "cache")
    entry = json.loads(files["pagefind/pagefind-entry.json"].read_bytes())
    assert {lang: e["page_count"] for lang, e in entry["languages"].items()} == {"da": 2, "en": 1}
    by_url = {f["url"]: f for f in fragments(files)}
    assert sorted(by_url) == ["/da/2025-q1/minerydning/", "/da/ordliste/", "/en/2025-q1/clearance/"]
    khankendi = by_url["/da/2025-q1/minerydning/"]
    assert khankendi["meta"] == {"title": "Minerydning", "edition_id": "2025-q1"}
    assert khankendi["content"] == "Minerydning. Khankendi og panserminer."  # no menu, no ignored table


def test_the_site_ships_only_what_the_search_page_loads(tmp_path: Path) -> None:
    shipped = sorted(search.search_index(PAGES, tmp_path / "cache"))
    assert {p for p in shipped if "/" not in p.removeprefix("pagefind/")} == {
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.da.pagefind",
        "pagefind/wasm.en.pagefind",
        *(p for p in shipped if p.endswith(".pf_meta")),
    }
    assert len([p for p in shipped if p.endswith(".pf_meta")]) == 2
    assert not [p for p in shipped if "ui" in p or "highlight" in p or "unknown" in p]


def test_the_same_pages_give_the_same_index_bytes(tmp_path: Path) -> None:
    """Several runs, as Pagefind lists the languages of its entry file in any order (sitegen sorts them)."""
    first = {k: v.read_bytes() for k, v in search.search_index(PAGES, tmp_path / "first").items()}
    for run in range(6):
        pages = dict(reversed(PAGES.items())) if run % 2 else PAGES
        again = search.search_index(pages, tmp_path / f"run{run}")
        assert {k: v.read_bytes() for k, v in again.items()} == first


def test_one_run_per_language_ships_what_one_run_over_every_page_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind is run once per language, for its memory: the site gets the files of one run over all."""
    runs: list[list[str]] = []
    run_pagefind = search.run_pagefind

    def counted(binary: Path, site: Path, out: Path) -> None:
        runs.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")))
        run_pagefind(binary, site, out)

    monkeypatch.setattr(search, "run_pagefind", counted)
    made = {k: v.read_bytes() for k, v in search.search_index(PAGES, tmp_path / "cache").items()}
    assert runs == [
        ["da/2025-q1/minerydning/index.html", "da/ordliste/index.html"],
        ["en/2025-q1/clearance/index.html"],
    ]
    site, out = tmp_path / "all", tmp_path / "one-run"
    for path, (_digest, data) in search.indexed_pages(PAGES)[0].items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    run_pagefind(search.executable(), site, out)
    one_run = {f"pagefind/{path}": (out / path).read_bytes() for path in search.shipped(out)}
    one_run["pagefind/pagefind-entry.json"] = search.stable_entry([out / search.ENTRY])
    assert made == one_run


def test_pagefind_runs_again_only_when_an_indexed_page_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counted_runs(monkeypatch)
    cache = tmp_path / "cache"
    first = search.search_index(PAGES, cache)
    unindexed = {**PAGES, "da/udgaver/index.html": b"<html><body>Andet</body></html>", "x.css": b"a{}"}
    assert search.search_index(unindexed, cache) == first
    assert len(runs) == 2  # one run per language, the first time only
    edited = {**PAGES, "da/ordliste/index.html": page("da", "Ordliste", "MAG: Mines Advisory Group.")}
    assert search.search_index(edited, cache) != first
    assert len(runs) == 4
    key = search.index_key(digests(edited), search.executable())
    assert [p.name for p in cache.iterdir()] == [key]


def test_another_pagefind_binary_makes_another_index(tmp_path: Path) -> None:
    other = tmp_path / "pagefind"
    other.write_bytes(search.executable().read_bytes()[:1000])
    pages = digests(PAGES)
    assert search.index_key(pages, other) != search.index_key(pages, search.executable())


def test_a_missing_pagefind_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def gone() -> Path:
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr("pagefind_bin.get_executable", gone)
    with pytest.raises(BuildError) as caught:
        search.search_index(PAGES, tmp_path / "cache")
    assert str(caught.value.problems[0]).startswith(
        "pagefind: the search index could not be made: Pagefind is not installed (Could not find any of "
        "[pagefind]) (install the locked packages with"
    )


def test_a_cached_page_file_is_read_for_the_index(tmp_path: Path) -> None:
    cached = tmp_path / "cached.html"
    cached.write_bytes(PAGES["da/ordliste/index.html"])
    files = search.search_index({"da/ordliste/index.html": cached}, tmp_path / "cache")
    assert [f["url"] for f in fragments(files)] == ["/da/ordliste/"]


def cached_pages(folder: Path) -> dict[str, bytes | Path]:
    """PAGES with each HTML page as a file of a cache, as an older edition's pages come to the index."""
    files: dict[str, bytes | Path] = {}
    for n, (path, data) in enumerate(PAGES.items()):
        if path.endswith(".html"):
            (folder / f"{n}.html").write_bytes(data)
            files[path] = folder / f"{n}.html"
        else:
            files[path] = data
    return files


def test_a_page_cached_since_the_last_build_keeps_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counted_runs(monkeypatch)
    cache = tmp_path / "cache"
    first = search.search_index(PAGES, cache)  # rendered: in memory
    assert search.search_index(cached_pages(tmp_path), cache) == first  # the next build: from the cache
    assert len(runs) == 2  # one run per language, the first time only


def test_cached_pages_are_read_once_while_their_files_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, cache = cached_pages(tmp_path), tmp_path / "cache"
    first = search.search_index(files, cache)
    read: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: (read.append(path), read_bytes(path))[1])
    report = Report()
    assert search.search_index(files, cache, report) == first
    assert not [path for path in read if path.suffix == ".html"]
    assert report.tallies["search"] == {"pages indexed": 0, "reused": 3}
    (cache / search.DIGESTS).write_text("{broken", encoding="utf-8")  # no notes: every page is read
    assert search.search_index(files, cache) == first
    assert len([path for path in read if path.suffix == ".html"]) == 4  # the unmarked one too


def test_a_cached_page_edited_in_place_is_indexed_again(tmp_path: Path) -> None:
    """The site links cached pages: an edit of one through site/ changes its stamps, and it is read again."""
    files, cache = cached_pages(tmp_path), tmp_path / "cache"
    search.search_index(files, cache)
    glossary = files["da/ordliste/index.html"]
    assert isinstance(glossary, Path)
    glossary.write_bytes(page("da", "Ordliste", "MAG: Mines Advisory Group."))
    made = search.search_index(files, cache)
    contents = {f["url"]: f["content"] for f in fragments(made)}
    assert contents["/da/ordliste/"] == "Ordliste. MAG: Mines Advisory Group."
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [
            search.DIGESTS,
            search.index_key(
                digests({**PAGES, "da/ordliste/index.html": glossary.read_bytes()}), search.executable()
            ),
        ]
    )  # the latest index, and the notes on the cached pages


def test_no_marked_page_no_index(tmp_path: Path) -> None:
    assert search.search_index({"index.html": b"<html></html>"}, tmp_path / "cache") == {}


def test_a_failing_pagefind_is_one_problem_and_nothing_is_written(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: out of cheese' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr("pagefind_bin.get_executable", lambda: broken)
    with pytest.raises(BuildError) as caught:
        search.search_index(PAGES, tmp_path / "cache")
    assert [str(p) for p in caught.value.problems] == [
        "pagefind: the search index could not be made: Pagefind failed: Error: out of cheese (install the "
        "locked packages with 'sh scripts/venv.sh requirements.lock', or use 'sitegen build --preview', "
        "which leaves out search)"
    ]
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
    assert main(["--project", str(tiny), "build"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert not (tiny / "site").exists()


def test_the_build_indexes_every_page_once_and_preview_leaves_search_out(tiny: Path, tmp_path: Path) -> None:
    files = build(tiny, tmp_path / "site").files
    pages = sorted(p for p, c in files.items() if p.endswith(".html") and b"data-pagefind-body" in c)
    assert pages == [
        "da/2025-q1/data/index.html",
        "da/2025-q1/index.html",
        "da/ordliste/index.html",
        "da/tilgaengelighed/index.html",
        "en/2025-q1/data/index.html",
        "en/2025-q1/index.html",
        "en/accessibility/index.html",
        "en/glossary/index.html",
    ]  # not the front page's copy at da/, the editions list, the search page or the 404 pages
    entry = json.loads((tmp_path / "site/pagefind/pagefind-entry.json").read_text())
    assert {lang: e["page_count"] for lang, e in entry["languages"].items()} == {"da": 4, "en": 4}
    assert (tiny / SEARCH_CACHE).is_dir()
    index = {path: tmp_path / "site" / path for path in files if path.startswith("pagefind/")}
    data_page = next(f["content"] for f in fragments(index) if f["url"] == "/da/2025-q1/data/")
    assert "Projektmappen rummer udgavens nøgletal" in data_page  # the download section's text
    assert "Projektmappe på dansk" not in data_page and "kB" not in data_page  # not its list of files
    preview = build(tiny, tmp_path / "preview", preview=True).files
    assert not [p for p in preview if p.startswith("pagefind/")]
    assert not (tmp_path / "preview/pagefind").exists()
    assert (tmp_path / "preview/da/soeg/index.html").is_file()  # the page says the search is missing


def test_an_index_file_edited_through_the_site_is_made_again(tiny: Path) -> None:
    """The site hard-links the cached index: an edit of a site file in place must not be published again."""
    entry = tiny / "site/pagefind/pagefind-entry.json"
    build(tiny)
    report = Report()
    build(tiny, report=report)
    assert report.tallies["search"] == {"pages indexed": 0, "reused": 8}  # the site links the cache
    before = entry.read_bytes()
    with entry.open("ab") as edit:  # as `>>` or an editor that writes in place would
        edit.write(b" ")
    report = Report()
    build(tiny, report=report)
    assert report.tallies["search"] == {"pages indexed": 8, "reused": 0}
    assert entry.read_bytes() == before
    [cached] = (tiny / SEARCH_CACHE).iterdir()  # one entry: the latest index
    (cached / search.STAMP).unlink()
    report = Report()
    build(tiny, report=report)  # an entry without its stamps (half made) is no entry
    assert report.tallies["search"] == {"pages indexed": 8, "reused": 0}


def test_a_removed_index_file_is_made_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = {k: v.read_bytes() for k, v in search.search_index(PAGES, cache).items()}
    search.search_index(PAGES, cache)["pagefind/pagefind.js"].unlink()
    assert {k: v.read_bytes() for k, v in search.search_index(PAGES, cache).items()} == first


def test_the_cache_keeps_the_latest_index_and_what_a_live_build_is_staging(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    search.search_index(PAGES, cache)
    dead, live = cache / f".{'a' * 64}.999999999", cache / f".{'b' * 64}.{os.getppid()}"
    for folder in (dead, live):
        folder.mkdir()
    edited = {**PAGES, "da/ordliste/index.html": page("da", "Ordliste", "MAG: Mines Advisory Group.")}
    search.search_index(edited, cache)
    key = search.index_key(digests(edited), search.executable())
    assert sorted(p.name for p in cache.iterdir()) == sorted([key, live.name])


def test_the_index_is_never_made_in_the_site(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind writes into a temporary folder of its own; only the writer puts its files in site/."""
    folders = []
    real = search.run_pagefind
    monkeypatch.setattr(
        search, "run_pagefind", lambda binary, site, out: (folders.append(out), real(binary, site, out))
    )
    build(tiny)
    assert len(folders) == 2  # one run per language
    assert all(not folder.is_relative_to(tiny) and not folder.exists() for folder in folders)
