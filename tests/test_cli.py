import re
from pathlib import Path

import pytest

from sitegen.cli import main


def test_exit_codes(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tiny), "check"]) == 0
    assert main(["--project", str(tiny), "build"]) == 0
    assert main(["--project", str(tiny), "frobnicate"]) == 2
    assert main(["--project", str(tmp_path / "nowhere"), "build"]) == 2
    (tiny / "content/site.toml").write_text('title = \nbase_url = "/"\n')
    assert main(["--project", str(tiny), "build"]) == 1
    assert "content/site.toml:1: not valid TOML" in capsys.readouterr().err


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
    monkeypatch.setattr(build, "validate", lambda project: [*real_validate(project), planted])
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


def test_the_preview_option_says_what_it_leaves_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--preview a quick look: no PDFs, and their print documents are not put together or checked" in text
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
