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
