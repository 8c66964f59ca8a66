import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.errors import UsageError, failure_line
from sitegen.write import output
from sitegen.write.output import MARKER, MARKER_TEXT, is_dead, place, write_site


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project beside the output folder, with its source folders."""
    project = tmp_path / "project"
    for folder in ("content", "templates", "translations"):
        (project / folder).mkdir(parents=True)
    return project


def test_write_replaces_the_site_and_leaves_no_stale_files(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "site"
    write_site({"a/index.html": b"1", "old.txt": b"x"}, out, root)
    write_site({"a/index.html": b"2"}, out, root)
    assert listing(out) == [MARKER, "a/index.html"]
    assert (out / "a/index.html").read_bytes() == b"2"
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_failed_write_leaves_the_previous_site(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out, root)
    with pytest.raises(FileExistsError):
        write_site({"x": b"1", "x/y": b"2"}, out, root)  # 'x' cannot be both a file and a folder
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_failed_first_write_leaves_nothing(tmp_path: Path, root: Path) -> None:
    with pytest.raises(FileExistsError):  # its own error, not one of the cleaning up
        write_site({"x": b"1", "x/y": b"2"}, tmp_path / "site", root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (".", "refusing to write the site to {root}: it holds the project (choose e.g. site/)"),
        ("..", "refusing to write the site to {parent}: it holds the project (choose e.g. site/)"),
        (
            "content",
            "refusing to write the site to content: it is inside or contains content/, part of the project "
            "(choose e.g. site/)",
        ),
        (
            "content/editions/out",
            "refusing to write the site to content/editions/out: it is inside or contains content/, part of "
            "the project (choose e.g. site/)",
        ),
        (
            "templates/site",
            "refusing to write the site to templates/site: it is inside or contains templates/, part of the "
            "project (choose e.g. site/)",
        ),
        ("notes.txt", "refusing to write the site to notes.txt: it is a file, not a folder"),
        (
            "mine",
            "refusing to replace mine: it is not empty and sitegen did not write it (it has no .sitegen-site); "
            "empty it or choose another folder",
        ),
    ],
)
def test_the_writer_refuses_what_it_did_not_write(root: Path, target: str, reason: str) -> None:
    (root / "notes.txt").write_text("keep me")
    (root / "mine").mkdir()
    (root / "mine" / "thesis.tex").write_text("keep me")
    (root / "content" / "site.toml").write_text("keep me")
    before = listing(root.parent)
    with pytest.raises(UsageError) as refused:
        write_site({"index.html": b"x"}, root / target, root)
    assert str(refused.value) == reason.format(root=root, parent=root.parent)
    assert listing(root.parent) == before


def test_the_generator_package_is_never_the_output(tmp_path: Path, root: Path) -> None:
    with pytest.raises(UsageError, match="contains sitegen/"):
        write_site({"index.html": b"x"}, output.PACKAGE.parent, root)


def test_an_empty_folder_is_taken(tmp_path: Path, root: Path) -> None:
    (tmp_path / "empty").mkdir()
    write_site({"index.html": b"x"}, tmp_path / "empty", root)
    assert listing(tmp_path / "empty") == [MARKER, "index.html"]


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "site"
    building = subprocess.Popen(["sleep", "60"])  # another build, still running
    try:
        dead, alive, own = dead_pid(), building.pid, os.getpid()
        empty, foreign = dead_pid(), dead_pid()  # ended too (a neighbour's id may belong to a live process)
        for name in (f".site.new-{dead}", f".site.old-{dead}", f".site.new-{alive}", f".site.old-{own}"):
            (tmp_path / name).mkdir()
            (tmp_path / name / MARKER).write_bytes(MARKER_TEXT)
        (tmp_path / f".site.old-{empty}").mkdir()  # empty: a build killed before it wrote anything
        (tmp_path / f".site.new-{foreign}").mkdir()
        (tmp_path / f".site.new-{foreign}" / "x").write_text("not ours")
        write_site({"index.html": b"x"}, out, root)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["project", "site", f".site.new-{alive}", f".site.new-{foreign}"]
        )
        with pytest.raises(subprocess.TimeoutExpired):  # asked whether it lives, not signalled
            building.wait(timeout=0.5)
    finally:
        building.kill()
        building.wait()


def test_a_marker_is_recognised_by_its_text_even_with_more_after_it(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT + b"Edited by hand.\n")
    (out / "old.html").write_bytes(b"old")
    write_site({"index.html": b"new"}, out, root)
    assert listing(out) == [MARKER, "index.html"]
    (out / MARKER).write_bytes(MARKER_TEXT[:-2])  # not the marker's text: not ours
    with pytest.raises(UsageError, match="it is not empty and sitegen did not write it"):
        write_site({"index.html": b"new"}, out, root)


def test_a_build_of_another_user_counts_as_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "kill", refused)
    assert is_dead(os.getpid() + 1) is False
    assert is_dead(os.getpid()) is True  # this build is not writing a staging folder now


def test_a_read_only_site_is_refused_without_leaving_a_copy(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site({"da/index.html": b"old"}, out, root)
    read_only = str(out / "da")
    real_access = os.access
    asked = set()

    def access(path: str, mode: int) -> bool:
        asked.add(mode)
        return path != read_only and real_access(path, mode)

    monkeypatch.setattr(output.os, "access", access)
    for _ in range(2):
        with pytest.raises(PermissionError) as refused:
            write_site({"da/index.html": b"new"}, out, root)
        assert (refused.value.errno, refused.value.strerror, refused.value.filename) == (
            errno.EACCES,
            "a folder of the previous site is read-only",
            read_only,
        )
    assert asked == {os.W_OK | os.X_OK}  # a folder is emptied only if it can be written and entered
    assert (out / "da/index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_really_read_only_site_leaves_no_copy(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "site"
    write_site({"da/index.html": b"old"}, out, root)
    (out / "da").chmod(0o555)
    try:
        for _ in range(2):
            with pytest.raises(PermissionError):
                write_site({"da/index.html": b"new"}, out, root)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    finally:
        (out / "da").chmod(0o755)


def test_a_cached_file_is_linked(tmp_path: Path) -> None:
    cached = tmp_path / "cache.svg"
    cached.write_bytes(b"<svg/>")
    place(cached, tmp_path / "site.svg")
    assert (tmp_path / "site.svg").stat().st_ino == cached.stat().st_ino  # the caches watch for edits


def test_a_leftover_that_cannot_be_removed_does_not_stop_the_build(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftover = tmp_path / f".site.new-{dead_pid()}"
    leftover.mkdir()
    (leftover / MARKER).write_bytes(MARKER_TEXT)
    real_rmtree = shutil.rmtree

    def rmtree(path: Path, ignore_errors: bool = False) -> None:
        if Path(path) == leftover:  # say, a file in it held open on a network drive
            if not ignore_errors:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return
        real_rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(output.shutil, "rmtree", rmtree)
    write_site({"index.html": b"x"}, tmp_path / "site", root)
    assert (tmp_path / "site/index.html").read_bytes() == b"x"


def test_a_cached_file_is_copied_where_it_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(source: Path, target: Path) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(output.os, "link", no_link)
    cached = tmp_path / "cache.svg"
    cached.write_bytes(b"<svg/>")
    place(cached, tmp_path / "site.svg")
    assert (tmp_path / "site.svg").read_bytes() == b"<svg/>"
    assert (tmp_path / "site.svg").stat().st_ino != cached.stat().st_ino


def test_a_site_goes_into_folders_that_do_not_exist_yet(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "publish/2025/site"
    write_site({"index.html": b"x"}, out, root)
    assert listing(out) == [MARKER, "index.html"]


def test_a_bug_while_writing_names_the_site_and_leaves_the_previous_one(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out, root)
    real_rmtree = shutil.rmtree

    def planted(content: bytes, target: Path) -> None:
        raise RuntimeError("planted")

    def rmtree(path: Path, ignore_errors: bool = False) -> None:
        if not ignore_errors:  # the staging folder cannot be removed either: the first failure is said
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_rmtree(path, ignore_errors=True)

    monkeypatch.setattr(output, "place", planted)
    monkeypatch.setattr(output.shutil, "rmtree", rmtree)
    with pytest.raises(RuntimeError, match="planted") as failed:
        write_site({"index.html": b"new"}, out, root)
    assert failure_line(failed.value) == (
        f"sitegen: internal error while processing {out}: RuntimeError: planted "
        "(this is a bug in sitegen: please report it with this line)"
    )
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_swap_that_fails_puts_the_previous_site_back(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out, root)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name.startswith(".site.new-"):  # the new site cannot be moved in (say, the disk is gone)
            raise OSError(errno.EIO, "Input/output error", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="Input/output error"):
        write_site({"index.html": b"new"}, out, root)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
