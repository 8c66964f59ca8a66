from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.new_edition import new_edition, quarter_dates
from sitegen.errors import BuildError, UsageError


def test_quarter_dates() -> None:
    assert [str(d) for d in quarter_dates("2025-Q4")] == ["2025-10-01", "2025-12-31"]


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
    assert 'status = "draft"' in (target / "edition.toml").read_text()
    assert "as_of = 2025-06-30" in (target / "edition.toml").read_text()
    assert "draft = true" in (target / "pages/da/index.md").read_text()


def test_build_refuses_the_scaffold_and_lists_every_blank(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(tiny), "new-edition", "2025-Q2"]) == 0
    assert main(["--project", str(tiny), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    blanks = [line for line in err if "empty cell" in line]
    assert len(blanks) == 15  # 5 rows x 3 columns
    assert (
        'content/editions/2025-q2/edition.toml:6: edition is a draft (fill it in, then set status = "final")'
        in err
    )
    assert any(
        line.startswith("content/editions/2025-q2/pages/da/index.md:2: page is a draft") for line in err
    )
    assert (
        "content/editions/2025-q2/figures.csv:2: figure 'cleared_ha': value is empty (fill in the number, or 'unknown')"
        in err
    )


def test_new_edition_must_be_newer_and_new(tiny: Path) -> None:
    with pytest.raises(BuildError, match="not newer"):
        new_edition(tiny, "2024-Q4")
    with pytest.raises(UsageError, match="not an edition id"):
        new_edition(tiny, "2025-Q5")
    with pytest.raises(UsageError, match="not an edition id"):
        new_edition(tiny, "9999-Q4")


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
        "id,donor_da,donor_en,kind,amount,currency,year,page,quote\neu,EU,EU,cash,1,EUR,2024,8,q\n"
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
        "id,donor_da,donor_en,kind,amount,currency,year,page,quote\n"
    )
