import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_exit_codes(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tiny), "check"]) == 0
    assert main(["--project", str(tiny), "build"]) == 0
    assert main(["--project", str(tiny), "frobnicate"]) == 2
    assert main(["--project", str(tmp_path / "nowhere"), "build"]) == 2
    (tiny / "content/site.toml").write_text('title = \nbase_url = "/"\n')
    assert main(["--project", str(tiny), "build"]) == 1
    assert "content/site.toml:1: not valid TOML" in capsys.readouterr().err


def test_the_command_exits_with_mains_status_without_a_last_full_collection(monkeypatch) -> None:
    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as exited:
            cli.entry()
        assert exited.value.code == 3
        assert gc.get_freeze_count() > 0  # left to the process's end, not walked by the collector
    finally:
        gc.unfreeze()


def test_python_m_sitegen_cli_runs_the_command(tiny: Path) -> None:
    def sitegen(*argv: str) -> int:
        return subprocess.run([sys.executable, "-m", "sitegen.cli", "--project", str(tiny), *argv]).returncode

    assert (sitegen("check"), sitegen("frobnicate")) == (0, 2)


def test_build_preview_leaves_out_the_search_index(tiny: Path) -> None:
    assert main(["--project", str(tiny), "build", "--preview"]) == 0
    assert (tiny / "site/da/soeg/index.html").is_file() and not (tiny / "site/pagefind").exists()
    assert main(["--project", str(tiny), "build"]) == 0
    assert (tiny / "site/pagefind/pagefind-entry.json").is_file()


def test_check_writes_nothing(tiny: Path) -> None:
    before = sorted(p for p in tiny.rglob("*"))
    assert main(["--project", str(tiny), "check"]) == 0
    assert sorted(p for p in tiny.rglob("*")) == before


def test_warnings_are_printed_and_only_strict_refuses_them(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen import build
    from sitegen.errors import Problem

    planted = Problem("content/x.md", 3, "something to look at", warning=True)
    real_validate = build.validate
    monkeypatch.setattr(build, "validate", lambda project, memo: [*real_validate(project, memo), planted])
    assert main(["--project", str(tiny), "check"]) == 0
    err = capsys.readouterr().err
    assert "content/x.md:3: warning: something to look at" in err
    assert main(["--project", str(tiny), "build"]) == 0
    assert (tiny / "site" / "index.html").is_file()
    before = (tiny / "site" / "index.html").read_bytes()
    (tiny / "site" / "marker").write_text("kept")
    capsys.readouterr()
    assert main(["--project", str(tiny), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/x.md:3: warning: something to look at" in err
    assert "1 problem(s); nothing was written" in err
    assert (tiny / "site" / "marker").read_text() == "kept"
    assert (tiny / "site" / "index.html").read_bytes() == before
    assert main(["--project", str(tiny), "check", "--strict"]) == 1


def test_version_comes_from_the_installed_package(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"sitegen {metadata.version('sitegen')}\n"


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_the_build_summary_counts_what_was_written(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    out = capsys.readouterr().out.splitlines()
    site = tiny / "site"
    files = site_files(site)
    pages = {
        lang: len([f for f in files if f.startswith(f"{lang}/") and f.endswith(".html")])
        for lang in ("da", "en")
    }
    assert re.fullmatch(rf"sitegen: wrote {len(files)} files to {re.escape(str(site))} in [0-9.]+ s", out[0])
    assert out[1:] == [
        "  editions: 1 rendered, 0 reused",
        "  data downloads: 5 made, 0 reused",  # its workbooks and data package files
        "  charts: 0 drawn, 0 reused",  # the tiny project has no chart
        "  PDFs: 2 made, 0 reused",
        f"  pages: {pages['da']} da, {pages['en']} en",
        "  search: 8 pages indexed, 0 reused",  # each page once: not da/, the editions or search pages
    ]
    assert pages == {"da": 8, "en": 8}
    assert main(["--project", str(tiny), "build"]) == 0  # nothing changed: everything from the caches
    again = capsys.readouterr().out.splitlines()[1:]
    assert again[1:4] == [
        "  data downloads: 0 made, 5 reused",
        "  charts: 0 drawn, 0 reused",
        "  PDFs: 0 made, 2 reused",
    ]
    assert again[5] == "  search: 0 pages indexed, 8 reused"
    glossary = tiny / "content/pages/da/glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\nMAG: Mines Advisory Group.\n", encoding="utf-8"
    )
    assert main(["--project", str(tiny), "build"]) == 0  # a prose edit: indexed again, in one run
    assert capsys.readouterr().out.splitlines()[-1] == "  search: 8 pages indexed, 0 reused"


def test_long_work_shows_its_progress_in_a_log(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Workbooks and PDFs (the tiny project has no chart) each say when they start and when they are done,
    as plain lines: stderr is not a terminal here."""
    assert main(["--project", str(tiny), "build"]) == 0
    progress = [re.sub(r"\([0-9.]+ s\)", "(T)", line) for line in capsys.readouterr().err.splitlines()]
    assert progress == [
        "sitegen: workbooks 0/2 written (T)",
        "sitegen: workbooks 2/2 written (T)",
        "sitegen: PDFs 0/2 made (T)",
        "sitegen: PDFs 2/2 made (T)",
    ]


def test_a_preview_summary_says_it_made_no_pdfs_and_no_search_index(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(tiny), "build", "--preview"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(" s (a preview: no PDFs, no search index; publish a build without --preview)")
    assert not [line for line in out if "PDFs:" in line or "search:" in line]


@pytest.mark.slow
def test_the_summary_of_the_real_project_counts_charts_and_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--verbose lists every file written; the charts drawn or reused are the charts in the site."""
    site = tmp_path / "site"
    assert main(["--project", str(REPO), "build", "--out", str(site), "--verbose"]) == 0
    out = capsys.readouterr().out.splitlines()
    files = site_files(site)
    headline = next(i for i, line in enumerate(out) if line.startswith("sitegen: wrote "))
    assert sorted(out[:headline]) == files
    assert out[headline].startswith(f"sitegen: wrote {len(files)} files to {site} in ")
    summary = dict(line.strip().split(": ", 1) for line in out[headline + 1 :])
    drawn, reused = (
        int(n) for n in re.fullmatch(r"([0-9]+) drawn, ([0-9]+) reused", summary["charts"]).groups()
    )
    assert drawn + reused == len([f for f in files if f.startswith("charts/") and f.endswith(".png")]) > 0
    da, en = (
        len([f for f in files if f.startswith(f"{lang}/") and f.endswith(".html")]) for lang in ("da", "en")
    )
    assert summary["pages"] == f"{da} da, {en} en"
    assert summary["editions"] == "1 rendered, 0 reused"


def test_quiet_prints_only_problems_and_verbose_conflicts_with_it(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen import build
    from sitegen.errors import Problem

    assert main(["--project", str(tiny), "build", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    planted = Problem("content/x.md", 3, "something to look at", warning=True)
    real_validate = build.validate
    monkeypatch.setattr(build, "validate", lambda project, memo: [*real_validate(project, memo), planted])
    assert main(["--project", str(tiny), "build", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "content/x.md:3: warning: something to look at\n")
    assert main(["--project", str(tiny), "build", "--quiet", "--verbose"]) == 2
    assert capsys.readouterr().err == (
        "sitegen build: argument --verbose: not allowed with argument --quiet (see 'sitegen build --help')\n"
    )


def plant(monkeypatch: pytest.MonkeyPatch, problems: list) -> None:
    from sitegen import build

    real_validate = build.validate
    monkeypatch.setattr(build, "validate", lambda project, memo: [*real_validate(project, memo), *problems])


def test_check_ends_many_problems_with_the_count_in_each_file(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.cli import MANY
    from sitegen.errors import Problem

    many = [Problem("content/a.md", n, "wrong") for n in range(1, 9)]
    many += [Problem("content/b.csv", n, "odd", warning=True) for n in range(1, 3)]
    many += [Problem("content/b.csv", 5, "wrong")]
    assert len(many) == MANY + 1
    plant(monkeypatch, many)
    assert main(["--project", str(tiny), "check"]) == 1
    assert capsys.readouterr().err.splitlines()[-4:] == [
        "sitegen: problems per file (11 in all):",
        "  content/a.md: 8",
        "  content/b.csv: 3 (2 warnings)",
        "sitegen: 9 problem(s); nothing was written",
    ]


def test_check_lists_a_few_problems_without_counts(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.cli import MANY
    from sitegen.errors import Problem

    plant(monkeypatch, [Problem("content/a.md", n, "odd", warning=True) for n in range(1, MANY + 1)])
    assert main(["--project", str(tiny), "check"]) == 0
    captured = capsys.readouterr()
    assert len(captured.err.splitlines()) == MANY and "per file" not in captured.err
    assert captured.out == f"sitegen: no problems found, {MANY} warning(s)\n"
    plant(monkeypatch, [Problem("content/a.md", n, "odd", warning=True) for n in range(MANY + 1, MANY + 3)])
    assert main(["--project", str(tiny), "check"]) == 0
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "sitegen: problems per file (12 in all):",
        "  content/a.md: 12 (12 warnings)",
    ]


def test_the_preview_option_says_what_it_leaves_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--preview a quick look: no PDFs (their print documents are not put together or checked) and no "
        "search index (the pages say the publishing build makes them)" in text
    )


def test_a_full_base_url_on_the_command_line_makes_every_address_absolute(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`build --base-url https://…` reaches the build: links stay under its path, and what is read away
    from the site (canonical and alternate links, sitemap, robots.txt, Atom feeds) names the origin too."""
    url = "https://example.org/uru/"
    assert main(["--project", str(tiny), "build", "--base-url", url]) == 0
    site = tiny / "site"
    page = (site / "da/ordliste/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/uru/da/ordliste/">' in page
    assert '<link rel="alternate" hreflang="en" href="https://example.org/uru/en/glossary/">' in page
    assert '<link rel="stylesheet" href="/uru/assets/site.css">' in page  # links on the site: its path
    front = (site / "da/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/uru/da/2025-q1/">' in front
    landing = (site / "index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/uru/">' in landing
    assert '<link rel="alternate" hreflang="en" href="https://example.org/uru/en/">' in landing
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/uru/da/">' in landing
    assert '<a href="/uru/en/" hreflang="en">' in landing  # a link on the site: its path
    sitemap = (site / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]*)</loc>|href=\"([^\"]*)\"", sitemap)
    addresses = [a or b for a, b in locations]
    assert "https://example.org/uru/" in addresses and "https://example.org/uru/en/glossary/" in addresses
    assert len(addresses) > 10 and all(a.startswith(url) for a in addresses), addresses
    assert "Sitemap: https://example.org/uru/sitemap.xml" in (site / "robots.txt").read_text().splitlines()
    for lang, front_page in (("da", "2025-q1/"), ("en", "2025-q1/")):
        feed = (site / f"{lang}/feed.xml").read_text()
        assert f"<id>{url}{lang}/feed.xml</id>" in feed
        assert f'<link rel="self" href="{url}{lang}/feed.xml"/>' in feed
        assert f"<id>{url}{lang}/{front_page}</id>" in feed
        assert f'<link rel="alternate" href="{url}{lang}/{front_page}"/>' in feed
        pdf = f'href="{url}{lang}/2025-q1/briefing-2025-q1-{lang}.pdf"'
        assert f'<link rel="enclosure" type="application/pdf" {pdf}' in feed
        assert "tag:" not in feed and 'href="/' not in feed


def test_a_base_path_on_the_command_line_reaches_the_build(tiny: Path) -> None:
    assert main(["--project", str(tiny), "build", "--preview", "--base-url", "/udvalg/uru/"]) == 0
    page = (tiny / "site/en/glossary/index.html").read_text()
    assert '<link rel="canonical" href="/udvalg/uru/en/glossary/">' in page
    assert '<link rel="stylesheet" href="/udvalg/uru/assets/site.css">' in page
    assert "<loc>/udvalg/uru/en/glossary/</loc>" in (tiny / "site/sitemap.xml").read_text()
