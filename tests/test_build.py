"""The tiny fixture builds to its golden site; the real project builds; builds are deterministic."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from sitegen.build import build, check
from sitegen.commands.translations import record_done

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "tiny"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_tiny_project_matches_its_golden_site(tiny: Path, update_goldens: bool) -> None:
    build(tiny, tiny / "site")
    # Not the search index: Pagefind's own code and binary format, made by the locked Pagefind; what it
    # holds is checked in tests/write/test_search.py, its bytes by the two-builds tests.
    built = {path: data for path, data in files(tiny / "site").items() if not path.startswith("pagefind/")}
    if update_goldens:
        rewrite_goldens(built, GOLDEN)
    golden = files(GOLDEN)
    assert sorted(built) == sorted(golden)
    for path, data in golden.items():
        assert built[path] == data, (
            f"{path} differs from tests/golden/tiny (run pytest --update-goldens and review)"
        )


def rewrite_goldens(built: dict[str, bytes], golden: Path) -> NoReturn:
    """Replace the golden site with what was built, then fail: a rewrite never passes on its own, a person
    reviews the diff first (conftest refuses --update-goldens under CI)."""
    for old in golden.rglob("*"):
        if old.is_file():
            old.unlink()
    for path, data in built.items():
        (golden / path).parent.mkdir(parents=True, exist_ok=True)
        (golden / path).write_bytes(data)
    pytest.fail("goldens rewritten: review git diff tests/golden and commit on their own", pytrace=False)


def test_a_golden_rewrite_fails_the_run(tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    (golden / "gone").mkdir(parents=True)
    (golden / "gone/old.html").write_bytes(b"old")
    with pytest.raises(pytest.fail.Exception, match=r"^goldens rewritten: review git diff tests/golden"):
        rewrite_goldens({"da/index.html": b"new"}, golden)
    assert files(golden) == {"da/index.html": b"new"}


def test_update_goldens_is_refused_under_ci() -> None:
    before = files(GOLDEN)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--update-goldens", "-p", "no:cacheprovider", "--co", "-q",
         "tests/test_build.py"],
        cwd=REPO, env={**os.environ, "CI": "true"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert (
        "ERROR: --update-goldens is refused when CI is set: rewrite the goldens locally, review "
        "git diff tests/golden and commit them on their own"
    ) in run.stderr.splitlines()
    assert files(GOLDEN) == before


def test_two_builds_are_byte_identical_whatever_the_folder(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "one")
    build(tiny, tmp_path / "two-with-another-name")
    assert files(tmp_path / "one") == files(tmp_path / "two-with-another-name")


def test_base_url_prefixes_every_link(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "out", "/udvalg/uru/mineindsats/")
    html = (tmp_path / "out/da/2025-q1/index.html").read_text()
    assert 'href="/udvalg/uru/mineindsats/assets/site.css"' in html
    assert 'href="/udvalg/uru/mineindsats/en/2025-q1/"' in html
    assert 'href="/assets' not in html
    assert 'action="/udvalg/uru/mineindsats/da/soeg/"' in html  # the masthead's search field
    search = (tmp_path / "out/da/soeg/index.html").read_text()
    assert (
        'data-pagefind="/udvalg/uru/mineindsats/pagefind/pagefind.js"' in search
    )  # results link under it too
    assert (tmp_path / "out/pagefind/pagefind.js").is_file()


def test_every_page_links_its_counterpart_and_alternates(tiny: Path) -> None:
    build(tiny, tiny / "site")
    html = (tiny / "site/da/ordliste/index.html").read_text()
    assert '<html lang="da">' in html
    assert '<a href="/en/glossary/" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="/en/glossary/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="/da/ordliste/">' in html
    assert '<link rel="canonical" href="/da/ordliste/">' in html


def test_the_real_project_builds_in_both_languages(tmp_path: Path) -> None:
    check(REPO)
    built = build(REPO, tmp_path / "site").files
    for lang in ("da", "en"):
        assert f"{lang}/2025-q1/index.html" in built
        assert f"{lang}/index.html" in built
    unknown = {lang: "ukendt" if lang == "da" else "unknown" for lang in ("da", "en")}
    shown: dict[str, list[str]] = {"da": [], "en": []}
    for path, content in built.items():
        if path.endswith(".html") and path[:3] in ("da/", "en/"):
            html = (content if isinstance(content, bytes) else content.read_bytes()).decode()
            lang = path[:2]
            shown[lang] += re.findall(r'<span class="fig unknown">([^<]*)</span>', html)
            if lang == "en":
                assert "ukendt" not in html, path  # no Danish word on an English page
    # an unknown figure says so in the page's language, and both languages show the same unknowns
    assert shown["da"] == [unknown["da"]] * len(shown["da"]) and shown["en"] == [unknown["en"]] * len(
        shown["en"]
    )
    assert len(shown["da"]) == len(shown["en"]) > 0


def test_printed_pages_carry_the_address_when_the_site_url_is_known(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "paths")
    assert '--running-address: "";' in (tmp_path / "paths/assets/print.css").read_text()
    build(tiny, tmp_path / "urls", "https://example.org/uru/")
    running = (tmp_path / "urls/assets/print.css").read_text()
    assert (
        'html[lang="da"][data-edition="2025-q1"] {\n  --running-title: "Testbriefing · 1. kvartal 2025";'
        in running
    )
    assert '--running-address: "https://example.org/uru/en/2025-q1/";' in running


def add_edition(root: Path, period: str, as_of: str, published: str, cleared_ha: str) -> None:
    """A copy of the tiny 2025-Q1 edition for another quarter, its cumulative area following on."""
    folder = root / "content/editions" / period.lower()
    shutil.copytree(root / "content/editions/2025-q1", folder)
    meta = (folder / "edition.toml").read_text()
    (folder / "edition.toml").write_text(
        meta.replace('period = "2025-Q1"', f'period = "{period}"')
        .replace("as_of = 2025-03-31", f"as_of = {as_of}")
        .replace("published = 2025-05-28", f"published = {published}")
    )
    figures = (folder / "figures.csv").read_text()
    (folder / "figures.csv").write_text(figures.replace("cleared_ha,11002.4,", f"cleared_ha,{cleared_ha},"))
    record_done(root, None)


def test_a_warm_build_after_a_new_edition_equals_a_cold_build(tiny: Path, tmp_path: Path) -> None:
    """The caches never publish what a build from nothing would not: after a new edition, and when the
    older editions' pages come from the page cache. (Previews: the PDF cache has its own tests.)"""
    add_edition(tiny, "2024-Q4", "2024-12-31", "2025-02-01", "9751.9")
    build(tiny, tiny / "site", preview=True)
    add_edition(tiny, "2025-Q2", "2025-06-30", "2025-07-15", "12252.9")
    build(tiny, tiny / "site", preview=True)
    again = build(tiny, tmp_path / "again", preview=True)
    assert isinstance(again.files["da/2025-q1/index.html"], Path)  # now an older edition, from the cache
    cold = tmp_path / "cold"
    for folder in ("content", "templates", "translations"):
        shutil.copytree(tiny / folder, cold / folder)
    build(cold, cold / "site", preview=True)
    assert files(tiny / "site") == files(cold / "site") == files(tmp_path / "again")
    assert "Der findes en nyere udgave: 2. kvartal 2025" in (cold / "site/da/2025-q1/index.html").read_text()
