"""Real quarters, as readers see them: the real 2025-Q1 edition, then a 2025-Q4 edition from other
documents (two ANAMA web releases: headline figures only, one of them approximate, different as-of
dates, a district table with year-to-date areas only and a new district), with no edition between.

Test fixture only: tests/fixtures/editions/2025-q4 (made-up values) and 2024-q4 (published figures)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build, check
from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "editions"
Q4_FIGURES = "content/editions/2025-q4/figures.csv"


def project(dest: Path, *editions: str) -> Path:
    """The real project, with the fixture editions and the district the 2025-Q4 edition adds."""
    for name in ("content", "templates", "translations"):
        shutil.copytree(REPO / name, dest / name)
    names = dest / "content/names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "district,tartar,Tartar,Tartar,\n", encoding="utf-8")
    schema = dest / "content/schema.toml"
    text = schema.read_text(encoding="utf-8")
    old = '"zangilan", "others", "total"]\n'
    assert old in text
    schema.write_text(
        text.replace(old, '"zangilan", "tartar", "others", "total"]\noptional_rows = ["tartar"]\n'),
        encoding="utf-8",
    )
    for edition in editions:
        shutil.copytree(FIXTURES / edition, dest / "content/editions" / edition)
    meta = dest / "content/editions/2025-q1/edition.toml"  # published, as staff do before they publish
    meta.write_text(
        meta.read_text().replace('status = "final"\n', 'status = "final"\npublished = 2025-06-02\n')
    )
    assert main(["--project", str(dest), "translations", "--done-all"]) == 0  # translations checked
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The built site of 2025-Q1 and 2025-Q4, text files only."""
    root = project(tmp_path_factory.mktemp("quarters") / "project", "2025-q4")
    files = build(root, root / "site", strict=True).files
    return {path: (data if isinstance(data, bytes) else data.read_bytes()).decode()
            for path, data in files.items() if path.endswith((".html", ".xml", ".csv"))}  # fmt: skip


def footer(html: str) -> str:
    return re.search(r'<p class="source">(.*?)</p>', html, re.S).group(1)


def test_every_page_names_its_own_documents(site: dict[str, str]) -> None:
    q1, q4 = footer(site["da/2025-q1/data/index.html"]), footer(site["da/2025-q4/data/index.html"])
    assert "URU Alm.del Bilag 219 (2024-25)" in q1 and "ANAMA" not in q1.split(":")[0]
    assert q4 == (
        "Kilder til udgaven for 4. kvartal 2025: "
        'ANAMA: <a href="https://example.org/anama/2025-11-10">Pressemeddelelse om minerydning og ofre for '
        "miner</a> (10. november 2025). "
        'ANAMA: <a href="https://example.org/anama/2025-12-26">Pressemeddelelse om minerydningen i 2025</a> '
        "(26. december 2025). Data pr. 26. december 2025. Tallene er, som ANAMA opgiver dem."
    )
    for path, html in site.items():
        if path.startswith(("da/2025-q4/", "en/2025-q4/")) and path.endswith(".html"):
            assert "Bilag 219" not in footer(html), path
    data = site["en/2025-q4/data/index.html"]
    table = data.split('id="table-t5_districts"')[1].split("</figure>")[0]
    assert '<span class="table-source">Source: ANAMA, 26 Dec 2025.</span>' in table
    assert "Not checkable against the stated totals, as some figures are unknown" in table
    chart = site["en/2025-q4/index.html"].split('id="chart-districts"')[1].split("</figure>")[0]
    assert '<span class="chart-source">Source: ANAMA, 26 Dec 2025</span>' in chart
    assert (
        "Figures for Q4 2025 from ANAMA, 10 Nov 2025 and ANAMA, 26 Dec 2025, as of 26 December 2025."
        in (site["en/feed.xml"])
    )


def test_the_gap_is_labelled(site: dict[str, str]) -> None:
    data = site["da/2025-q4/data/index.html"]
    assert (
        "Ændringer siden udgaven for 1. kvartal 2025 (data pr. 31. marts 2025), tre kvartaler senere." in data
    )
    assert "Ingen udgave dækker 2. kvartal 2025 og 3. kvartal 2025: ændringen i et akkumuleret tal" in data
    implied = re.search(r'<tr id="implied-area_cleared_cumulative_ha">(.*?)</tr>', data).group(1)
    assert "<td>22.559,1\xa0ha</td>" in implied  # 225.313,6 − 190.794,2 − 11.960,3
    assert "inklusive dette kvartal, hvis tal er ukendt" in data  # mines: this quarter's figure is unknown
    trend = site["da/2025-q4/data/index.html"].split('id="chart-trend-area"')[1].split("</figure>")[0]
    assert "Ingen udgave dækker 2. kvartal 2025 og 3. kvartal 2025." in trend  # the alt text
    assert '<tr><th scope="row">2. kvartal 2025</th><td>ingen udgave</td></tr>' in trend
    csv = site["charts/2025-q4/trend-area.csv"]
    assert csv.splitlines() == [
        "period,edition,quarter_ha",
        "2025-Q1,2025-Q1,11002.4",
        "2025-Q2,none,unknown",
        "2025-Q3,none,unknown",
        "2025-Q4,2025-Q4,11960.3",
    ]


def test_unknowns_are_said_and_known_columns_are_drawn(site: dict[str, str]) -> None:
    da, en = site["da/2025-q4/data/index.html"], site["en/2025-q4/data/index.html"]
    assert '<tr class="row"><th scope="row">Tartar</th><td>ukendt</td><td>1.210,5</td>' in da
    assert '<tr class="row"><th scope="row">Tartar</th><td>unknown</td><td>1,210.5</td>' in en
    chart = site["en/2025-q4/index.html"].split('id="chart-districts"')[1].split("</figure>")[0]
    assert "Per district: area cleared in 2025 up to 26 December 2025 (ha)" in chart
    assert "The largest area was cleared in Fuzuli: 8,415.0\xa0ha (18.5% of 45,521.8\xa0ha)." in chart
    assert "The source gives no figures for: devices found." in chart
    assert "The table “Area cleared per operator (ha)” is not in this edition" in en
    assert (
        'number of explosive remnants of war found is <span class="fig unknown">unknown</span>'
        in (site["en/2025-q4/index.html"])
    )


def key_figures(html: str) -> dict[str, tuple[str, str, str]]:
    """Each key figure on a front page: label -> (value, context line, date line), tags removed."""
    found = {}
    for item in re.findall(r'<li class="kf">(.*?)</li>', html, re.S):
        parts = dict(re.findall(r'<p class="kf-(\w+)">(.*?)</p>', item, re.S))
        text = {k: re.sub(r"<[^>]+>", "", v) for k, v in parts.items()}
        found[text["label"]] = (text["value"], text.get("context", ""), text["date"])
    return found


def test_key_figures_come_with_their_own_date_or_edition(site: dict[str, str]) -> None:
    front = site["da/index.html"]
    assert '<link rel="canonical" href="/da/2025-q4/">' in front
    figures = key_figures(front)
    # this edition's figure with its own date; its context names a figure this edition lacks: left out
    assert figures["Forurenet areal"] == ("ca. 11.000\xa0km²", "", "Pr. 10. november 2025")
    assert figures["Ofre for miner siden 2020"] == ("401", "", "Pr. 10. november 2025")
    # a figure this edition lacks: the latest edition that has it, with its date, source and context
    assert figures["Udenlandsk bistands andel af udgifterne"] == (
        "4,8\xa0%",
        "23,3\xa0mio. USD af udgifterne siden november 2020; resten er betalt af regeringen.",
        "Pr. 31. marts 2025. Fra udgaven for 1. kvartal 2025 (Bilag 219)",
    )
    assert "medmindre en anden udgave eller dato er angivet" in front
    assert "ukendt" not in front.split('class="key-figures"')[1].split("</section>")[0]


def test_titles_and_shared_pages_follow_the_current_edition(site: dict[str, str]) -> None:
    assert "<title>Data – 4. kvartal 2025 – " in site["da/2025-q4/data/index.html"]
    assert "<title>Data og kilder – 1. kvartal 2025 – " in site["da/2025-q1/data/index.html"]
    about = site["da/om/index.html"]
    assert "Den nuværende udgave gælder 4. kvartal 2025 med tal pr. 26. december 2025." in about
    assert "Pressemeddelelse om minerydningen i 2025" in about


def test_a_typo_in_a_cumulative_figure_is_caught(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "project", "2025-q4")
    figures = root / Q4_FIGURES
    text = figures.read_text(encoding="utf-8")
    figures.write_text(
        text.replace("area_cleared_cumulative_ha,225313.6,", "area_cleared_cumulative_ha,237.821,")
    )
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if x.startswith("area_cleared_cum")))
    assert main(["--project", str(root), "check"]) == 1
    assert (
        f"{Q4_FIGURES}:{line}: area_cleared_cumulative_ha: 237.821 falls below 190794.2 in 2025-Q1; a "
        "cumulative figure never falls (237.821 looks like 237821 written with a thousands separator); "
        "correct it or explain it under [revisions]"
    ) in capsys.readouterr().err.splitlines()


def read(content: bytes | Path) -> bytes:
    """A built file's bytes, in memory or a file of a cache."""
    return content if isinstance(content, bytes) else content.read_bytes()


def test_adding_a_newer_edition_changes_an_older_one_only_in_its_edition_bar(tmp_path: Path) -> None:
    """The promise: an older edition's files stay byte for byte, except the edition bar, where the
    link to the newer edition replaces 'This is the newest edition', and the sizes of the archive's
    files (every edition's figures) that its data page lists."""
    root = project(tmp_path / "project")
    before = {path: read(f) for path, f in build(root, tmp_path / "one").files.items()}  # cached files change
    shutil.copytree(FIXTURES / "2025-q4", root / "content/editions/2025-q4")
    after = build(root, tmp_path / "two").files
    owned = sorted(p for p in before if re.match(r"(da|en|charts|data)/2025-q1/", p))
    assert owned and all(p in after for p in owned)
    bar = re.compile(rb'<ul class="(edition-bar|archive-downloads)"[^>]*>.*?</ul>', re.S)
    for path in owned:
        old, new = before[path], read(after[path])
        if path.endswith(".html"):
            newer = ("Der findes en nyere udgave: 4. kvartal 2025", "A newer edition exists: Q4 2025")
            assert any(text.encode() in new for text in newer), path
            old, new = bar.sub(b"", old), bar.sub(b"", new)
        assert old == new, path


def test_three_editions_from_three_kinds_of_source_build_quietly(tmp_path: Path) -> None:
    root = project(tmp_path / "project", "2024-q4", "2025-q4")
    assert check(root, strict=True) == []
    files = build(root, tmp_path / "site").files
    q1 = files["en/2025-q1/data/index.html"].decode()
    assert "Changes since the Q4 2024 edition (data as of 31 December 2024), one quarter later." in q1
    feed = files["en/feed.xml"].decode()
    assert "Figures for Q4 2024 from MENAFN (mines) and MENAFN (victims), as of 31 December 2024." in feed
    # 2024-Q4 has no tables: the area trend still draws from the editions that have the figure
    assert "charts/2025-q4/trend-area-da.svg" in files and "charts/2025-q1/trend-area-da.svg" not in files


def test_no_template_schema_or_catalog_names_a_document() -> None:
    """Documents are named by editions' sources only."""
    texts = [*(REPO / "templates").rglob("*.*"), REPO / "content/schema.toml", REPO / "content/site.toml",
             *(REPO / "translations").rglob("*.po")]  # fmt: skip
    named = [
        p.relative_to(REPO).as_posix()
        for p in texts
        if p.suffix != ".ico" and "Bilag" in p.read_text("utf-8")
    ]
    assert named == []
