"""Two editions: the real 2025-Q1 beside a partial 2024-Q4 built from published figures (test fixture only)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from sitegen.build import build, load
from sitegen.cli import main
from sitegen.compute.editions import derive_all, expand_flows, value_place
from sitegen.compute.figures import Value
from sitegen.load.dataset import load_editions
from sitegen.load.schema import Flow, load_schema
from tests.series import series

REPO = Path(__file__).resolve().parents[2]
Q4 = REPO / "tests" / "fixtures" / "editions" / "2024-q4"


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """The real project plus the 2024-Q4 fixture edition."""
    root = tmp_path / "project"
    for name in ("content", "templates", "translations"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(Q4, root / "content" / "editions" / "2024-q4")
    publish(root / "content" / "editions" / "2025-q1")
    return root


def publish(edition: Path) -> None:
    """Give a copied edition a publication date, as staff do when they publish (else a warning)."""
    meta = edition / "edition.toml"
    if "published" not in meta.read_text():
        meta.write_text(
            meta.read_text().replace('status = "final"\n', 'status = "final"\npublished = 2025-06-02\n')
        )


def views(root: Path) -> dict:
    project, problems = load(root, None)
    assert problems == []
    return derive_all(project.editions, project.schema, series(project.editions, project.schema))


def test_changes_against_the_previous_edition(two_editions: Path) -> None:
    q1 = views(two_editions)["2025-q1"]
    assert q1.previous.id == "2024-Q4"
    changes = {c.key: c for c in q1.changes}
    area = changes["area_cleared_cumulative_ha"]
    assert area.absolute == Decimal("11002.3")
    assert round(area.percent, 2) == Decimal("6.12")
    assert changes["erw_found_cumulative"].absolute is None  # unknown in 2024-Q4: never 0
    assert changes["apm_found_cumulative"].absolute == Decimal("1141")


def test_small_inconsistency_is_a_note_and_exact_flows_are_silent(two_editions: Path) -> None:
    q1 = views(two_editions)["2025-q1"]
    notes = {i.key: i for i in q1.inconsistencies}
    assert set(notes) == {"area_cleared_cumulative_ha"}
    area = notes["area_cleared_cumulative_ha"]
    assert (area.previous, area.quarter, area.stated, area.difference) == (
        Decimal("179791.9"),
        Decimal("11002.4"),
        Decimal("190794.2"),
        Decimal("-0.1"),
    )
    assert area.within_tolerance


def test_inconsistency_beyond_tolerance_needs_a_revision_note(
    two_editions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = two_editions / "content/editions/2024-q4/figures.csv"
    figures.write_text(
        figures.read_text().replace("apm_found_cumulative,35338,", "apm_found_cumulative,30000,")
    )
    assert main(["--project", str(two_editions), "check"]) == 1
    assert (
        "content/editions/2025-q1/edition.toml: apm_found_cumulative: 36479 is not the previous edition's "
        "30000 + this quarter's 1141 = 31141 (difference 5338); correct it or explain it under [revisions]"
    ) in capsys.readouterr().err.splitlines()
    meta = two_editions / "content/editions/2025-q1/edition.toml"
    meta.write_text(
        meta.read_text()
        + '\n[revisions.apm_found_cumulative]\nda = "Revideret af ANAMA."\nen = "Revised by ANAMA."\n'
    )
    assert main(["--project", str(two_editions), "check"]) == 0


def test_archive_links_notes_and_unknowns_in_the_built_site(two_editions: Path, tmp_path: Path) -> None:
    files = build(two_editions, tmp_path / "site").files
    q1 = files["da/2025-q1/index.html"].decode()
    assert '<a href="/da/2024-q4/">Ældre udgave: 4. kvartal 2024</a>' in q1
    q4 = files["da/2024-q4/index.html"].decode()
    assert (
        '<li class="edition-newer"><a href="/da/2025-q1/">Der findes en nyere udgave: 1. kvartal 2025</a>'
        in q4
    )
    assert '<span class="fig unknown">ukendt</span>' in q4
    absent = "Tabellen &#34;Ryddet areal pr. operatør (ha)&#34; indgår ikke i denne udgave"  # escaped
    assert absent in files["da/2024-q4/data/index.html"].decode()  # an absent table is said, not zeroed
    data = files["da/2025-q1/data/index.html"].decode()
    assert 'id="revision-area_cleared_cumulative_ha"' in data
    assert "Ændringer siden udgaven for 4. kvartal 2024 (data pr. 31. december 2024)" in data
    tables = re.findall(r"<table [^>]*>", data)
    changes = [t for t in tables if 'class="changes"' in t]  # each figure twice and the difference
    assert changes and all(" data-pagefind-ignore" in t for t in changes)  # not searched: the figures are
    assert not [t for t in tables if t not in changes and "pagefind" in t]  # the data's own tables are
    editions = files["da/udgaver/index.html"].decode()
    assert editions.index("1. kvartal 2025") < editions.index("4. kvartal 2024")
    feed = files["en/feed.xml"].decode()
    assert feed.count("<entry>") == 2
    assert feed.count('<link rel="enclosure" type="application/pdf"') == 2  # each edition's PDF
    for slug in ("2024-q4", "2025-q1"):
        assert f'<a href="/da/{slug}/briefing-{slug}-da.pdf" type="application/pdf">' in editions
    older = pypdf.PdfReader(files["da/2024-q4/briefing-2024-q4-da.pdf"])  # a file of the PDF cache
    assert "4. kvartal 2024" in older.pages[0].extract_text()  # each edition's own PDF
    front, newest = files["da/index.html"].decode(), files["da/2025-q1/index.html"].decode()
    indexed = ' data-pagefind-body data-pagefind-meta="edition_id:2025-q1"'  # search lists the edition's page
    assert indexed in newest and indexed not in front
    assert front != newest and front.replace(  # the front is the newest edition, its English link the front's
        '<a href="/en/" hreflang="en"', '<a href="/en/2025-q1/" hreflang="en"'
    ) == newest.replace(indexed, "")
    assert '<link rel="canonical" href="/da/2025-q1/">' in files["da/index.html"].decode()


def test_older_editions_are_reused_until_their_inputs_change(two_editions: Path, tmp_path: Path) -> None:
    fresh = build(two_editions, tmp_path / "a").files
    pages = {k: v for k, v in fresh.items() if k.startswith("da/2024-q4/") and not k.endswith(".pdf")}
    assert pages and not any(isinstance(v, Path) for v in pages.values())  # PDFs: linked from their cache
    again = build(two_editions, tmp_path / "b")
    assert isinstance(again.files["da/2024-q4/briefing-2024-q4-da.pdf"], Path)  # with its pages
    assert again.pdfs_made == ()
    again = again.files
    reused = sorted(k for k, v in again.items() if isinstance(v, Path) and k.endswith(".html"))
    assert reused == [
        "da/2024-q4/data/index.html",
        "da/2024-q4/index.html",
        "en/2024-q4/data/index.html",
        "en/2024-q4/index.html",
    ]
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    page = two_editions / "content/editions/2024-q4/pages/da/index.md"
    page.write_text(page.read_text().replace("Offentliggjorte tal", "Publicerede tal"))
    third = build(two_editions, tmp_path / "c")
    assert third.pdfs_made == ("da/2024-q4/briefing-2024-q4-da.pdf",)  # the edited edition and language only
    third = third.files
    assert isinstance(third["da/2024-q4/index.html"], bytes)
    assert "Publicerede tal" in third["da/2024-q4/index.html"].decode()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fill_second_quarter(root: Path) -> None:
    """Fill the scaffolded 2025-Q2 with Q1's quarterly figures again, cumulative figures carried forward."""
    q1, q2 = root / "content/editions/2025-q1", root / "content/editions/2025-q2"
    for table in (q1 / "data").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
        header = rows[0]
        for row in rows[1:]:
            for i, name in enumerate(header):
                if name.startswith("cumulative_"):
                    row[i] = str(
                        Decimal(row[i]) + Decimal(row[header.index(name.replace("cumulative_", "quarter_"))])
                    )
                elif name.startswith("ytd_"):
                    row[i] = str(Decimal(row[i]) * 2)
        with (q2 / "data" / table.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    figures = list(csv.reader(io.StringIO((q1 / "figures.csv").read_text(encoding="utf-8"))))
    values = {row[0]: row for row in figures[1:]}
    for cumulative, quarter in (
        ("area_cleared_cumulative_ha", "quarter_area_ha"),
        ("apm_found_cumulative", "quarter_apm"),
        ("atm_found_cumulative", "quarter_atm"),
        ("erw_found_cumulative", "quarter_erw"),
        ("mines_found_cumulative", "quarter_mines"),
        ("devices_found_cumulative", "quarter_devices"),
    ):
        values[cumulative][1] = str(Decimal(values[cumulative][1]) + Decimal(values[quarter][1]))
    with (q2 / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(figures)
    shutil.copyfile(q1 / "contributions.csv", q2 / "contributions.csv")
    for page in (q2 / "pages").rglob("*.md"):
        page.write_text(
            "".join(line for line in page.read_text().splitlines(True) if not line.startswith("draft = true"))
        )
    meta = (q1 / "edition.toml").read_text()
    (q2 / "edition.toml").write_text(
        meta.replace('period = "2025-Q1"', 'period = "2025-Q2"')
        .replace("as_of = 2025-03-31", "as_of = 2025-06-30")
        .replace("published = 2025-06-02", "published = 2025-08-01")
    )


def test_a_synthetic_second_quarter_becomes_the_front_and_keeps_the_first(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("content", "templates", "translations"):
        shutil.copytree(REPO / name, root / name)
    publish(root / "content" / "editions" / "2025-q1")
    assert main(["--project", str(root), "new-edition", "2025-Q2"]) == 0
    fill_second_quarter(root)
    q2 = views(root)["2025-q2"]
    assert q2.inconsistencies == ()
    assert q2.year_to_date["quarter_area_ha"] == Decimal("22004.8")
    assert {c.key: c.absolute for c in q2.changes}["area_cleared_cumulative_ha"] == Decimal("11002.4")
    files = build(root, tmp_path / "site", preview=True).files  # the PDFs of two editions: see above
    assert '<link rel="canonical" href="/da/2025-q2/">' in files["da/index.html"].decode()
    newer = '<li class="edition-newer"><a href="/da/2025-q2/">Der findes en nyere udgave: 2. kvartal 2025</a>'
    assert newer in files["da/2025-q1/index.html"].decode()
    assert "charts/2025-q2/trend-area-da.svg" in files
    data = files["en/2025-q2/data/index.html"].decode()
    assert "Key figures against the Q1 2025 edition" in data
    assert "Changes since the Q1 2025 edition (data as of 31 March 2025), one quarter later." in data
    # the copied pages keep their titles, and the period tells the editions' pages apart
    assert "<title>Data and sources – Q2 2025 – " in data
    assert "<title>Data and sources – Q1 2025 – " in files["en/2025-q1/data/index.html"].decode()
    assert 'id="chart-trend-area"' in data


def test_across_a_gap_only_what_can_be_checked_is_checked(two_editions: Path) -> None:
    """2024-Q4 and 2025-Q1 follow each other; moved to 2024-Q2, two quarters without an edition lie
    between, so cumulative = previous + quarter becomes cumulative >= previous + quarter."""
    old = two_editions / "content/editions/2024-q4"
    meta = (old / "edition.toml").read_text()
    old.rename(two_editions / "content/editions/2024-q2")
    (two_editions / "content/editions/2024-q2/edition.toml").write_text(
        meta.replace('period = "2024-Q4"', 'period = "2024-Q2"').replace(
            "as_of = 2024-12-31", "as_of = 2024-06-30"
        )
    )
    q1 = views(two_editions)["2025-q1"]
    assert [p.id for p in q1.gap] == ["2024-Q3", "2024-Q4"] and q1.span == 3
    (area,) = q1.inconsistencies  # 190794.2 < 179791.9 + 11002.4 by 0.1: a note, within tolerance
    assert area.gap and area.within_tolerance and area.difference == Decimal("-0.1")
    implied = {i.key: i for i in q1.implied}
    assert implied["area_cleared_cumulative_ha"].amount == Decimal("-0.1")  # within rounding
    assert (
        implied["apm_found_cumulative"].amount == 0 and not implied["apm_found_cumulative"].includes_current
    )
    # 2025-Q1 is the year's first quarter: its year to date is itself
    assert q1.year_to_date["quarter_area_ha"] == Decimal("11002.4")
    assert q1.year_to_date["quarter_apm"] == Decimal("1141")


def value(key: str, number: str | None) -> Value:
    return Value(key, None if number is None else Decimal(number), "ha", {}, False, None)


def test_a_wildcard_flow_expands_to_the_rows_of_this_edition() -> None:
    """Implied flows over a gap are computed in the panel (tests/compute/test_panel.py)."""
    flows = [Flow("area_cum", "area_q"), Flow("t3.*.cum", "t3.*.q")]
    current = {
        "area_cum": value("area_cum", "150"),
        "area_q": value("area_q", "20"),
        "t3.a.cum": value("t3.a.cum", "18"),
        "t3.a.q": value("t3.a.q", None),
        "t3.b.cum": value("t3.b.cum", "5"),  # a row new in this edition
        "t3.b.q": value("t3.b.q", "5"),
    }
    assert expand_flows(flows, current) == [
        Flow("area_cum", "area_q"),
        Flow("t3.a.cum", "t3.a.q"),
        Flow("t3.b.cum", "t3.b.q"),
    ]


def test_a_figure_is_placed_at_its_row(tiny: Path) -> None:
    schema, _ = load_schema(tiny)
    (edition,) = load_editions(tiny, schema)[0]
    assert value_place(edition, "cleared_ha") == ("content/editions/2025-q1/figures.csv", 2)
    assert value_place(edition, "t4_devices.qaya.erw") == ("content/editions/2025-q1/data/t4_devices.csv", 5)
    assert value_place(edition, "t4_devices.nobody.erw") == ("content/editions/2025-q1/edition.toml", 0)
    assert value_place(edition, "t9_none.a.b") == ("content/editions/2025-q1/edition.toml", 0)
