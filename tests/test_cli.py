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
