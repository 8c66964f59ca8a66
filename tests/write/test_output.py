from pathlib import Path

import pytest

from sitegen.write.output import write_site


def test_write_replaces_the_site_and_leaves_no_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a/index.html": b"1", "old.txt": b"x"}, out)
    write_site({"a/index.html": b"2"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a/index.html"]
    assert (out / "a/index.html").read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_write_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    with pytest.raises(FileExistsError):
        write_site({"x": b"1", "x/y": b"2"}, out)  # 'x' cannot be both a file and a folder
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
