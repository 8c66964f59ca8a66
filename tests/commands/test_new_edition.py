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
