"""`sitegen new-edition`: any quarter or year, older ones too, never twice; every table scaffolded."""

from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.new_edition import new_edition
from sitegen.errors import BuildError, UsageError
from sitegen.load.periods import parse_period


def test_a_quarter_runs_from_its_first_to_its_last_day() -> None:
    period = parse_period("2025-Q4")
    assert [str(d) for d in (period.start, period.end)] == ["2025-10-01", "2025-12-31"]


def test_new_edition_copies_shape_and_blanks_values(tiny: Path) -> None:
    target = new_edition(tiny, "2025-Q2")
    table = (target / "data/t4_devices.csv").read_text()
    assert table.splitlines() == [
        "operator,erw,apm,total",
        "anama,,,",
        "commercial,,,",
        "alpha,,,",
        "qaya,,,",
        "total,,,",
    ]
    meta = (target / "edition.toml").read_text()
    assert 'period = "2025-Q2"' in meta and "as_of = 2025-06-30" in meta and 'status = "draft"' in meta
    assert '[tables.t4_devices]\nsource = ""\n# number = 4' in meta  # the latest edition's number, to check
    assert "\n# published = YYYY-MM-DD\n" in meta  # set when publishing (the edition bar shows it)
    assert (target / "figures.csv").read_text().splitlines() == [
        "key,value,approx,source,place,as_of,quote",
        "cleared_ha,,,,,,",
        "found_total,,,,,,",
        "erw_share_pct,,,,,,",
        "cleared_quarter_ha,,,,,,",
        "workplan_ha,,,,,,",
    ]
    assert "draft = true" in (target / "pages/da/index.md").read_text()


def test_build_refuses_the_scaffold_and_lists_every_blank(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(tiny), "new-edition", "2025-Q2"]) == 0
    assert main(["--project", str(tiny), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    blanks = [line for line in err if "empty cell" in line]
    assert len(blanks) == 15  # 5 rows x 3 columns
    meta = "content/editions/2025-q2/edition.toml"
    assert f'{meta}:5: edition is a draft (fill it in, then set status = "final")' in err
    assert (
        f'{meta}:14: sources[1].id: must be lower-case letters, digits and hyphens, e.g. "bilag-219", '
        "not a string ('')"
    ) in err
    assert f"{meta}:15: sources[1].short.da: must be a text, not a string ('')" in err
    assert f"{meta}:27: [tables.t4_devices]: name its source (an id from [[sources]])" in err
    assert any(
        line.startswith("content/editions/2025-q2/pages/da/index.md:2: page is a draft") for line in err
    )
    assert (
        "content/editions/2025-q2/figures.csv:2: figure 'cleared_ha': value is empty "
        "(fill in the number, or write 'unknown' if the source does not give it)"
    ) in err


def test_any_quarter_or_year_older_ones_too_but_never_twice(tiny: Path) -> None:
    assert new_edition(tiny, "2024-q3").name == "2024-q3"
    annual = new_edition(tiny, "2024")
    assert 'period = "2024"' in (annual / "edition.toml").read_text()
    assert "as_of = 2024-12-31" in (annual / "edition.toml").read_text()
    with pytest.raises(BuildError, match="edition exists already"):
        new_edition(tiny, "2025-Q1")
    for wrong in ("2025-Q5", "9999-Q4", "2025-Q٢"):  # a refused argument: exit status 2
        with pytest.raises(UsageError, match="is not a period like 2025-Q2 or 2025"):
            new_edition(tiny, wrong)


def test_scaffolds_tables_the_latest_edition_gives_as_a_sheet_or_not_at_all(tiny: Path) -> None:
    """The latest edition (2025-Q1) gives its table in an .xlsx workbook; a later scaffold from an
    edition without the table takes the schema's rows."""
    from openpyxl import Workbook

    data = tiny / "content/editions/2025-q1/data"
    book = Workbook()
    sheet = book.active
    sheet.title = "t4_devices"
    for line in (data / "t4_devices.csv").read_text().splitlines():
        sheet.append(line.split(","))
    book.save(data / "received.xlsx")
    (data / "t4_devices.csv").unlink()
    q2 = new_edition(tiny, "2025-Q2")
    assert (q2 / "data/t4_devices.csv").read_text().splitlines()[:2] == ["operator,erw,apm,total", "anama,,,"]
    (q2 / "data/t4_devices.csv").unlink()  # 2025-Q2 lacks the table: the next scaffold uses the schema
    q3 = new_edition(tiny, "2025-Q3")
    assert (q3 / "data/t4_devices.csv").read_text().splitlines() == [
        "operator,erw,apm,total",
        "anama,,,",
        "commercial,,,",
        "alpha,,,",
        "qaya,,,",
        "total,,,",
    ]


def test_new_edition_never_copies_through_a_link_out_of_the_project(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tiny / "content/editions/2025-q1/pages/da/kort.md").symlink_to("/dev/zero")
    assert main(["--project", str(tiny), "new-edition", "2025-Q2"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/editions/2025-q1/pages/da/kort.md: symbolic link to a file outside the project "
        "(copy the file into the project instead)"
    )
    assert not (tiny / "content/editions/2025-q2").exists()


def test_new_edition_skips_editor_files_and_keeps_the_contributions_header(tiny: Path) -> None:
    latest = tiny / "content/editions/2025-q1"
    (latest / "pages/da/.#index.md").write_text("lock")
    (latest / "data/~$t4_devices.csv").write_text("lock")
    (latest / "contributions.csv").write_text(
        "id,donor_da,donor_en,kind,amount,currency,year,source,place,quote\n"
        "eu,EU,EU,cash,1,EUR,2024,bilag-219,8,q\n"
    )
    target = new_edition(tiny, "2025-Q2")
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "contributions.csv",
        "data/t4_devices.csv",
        "edition.toml",
        "figures.csv",
        "pages/da/data.md",
        "pages/da/index.md",
        "pages/en/data.md",
        "pages/en/index.md",
    ]
    assert (target / "contributions.csv").read_text() == (
        "id,donor_da,donor_en,kind,amount,currency,year,source,place,quote\n"
    )
