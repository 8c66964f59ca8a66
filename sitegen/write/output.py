"""The only stage that touches the output folder: write a whole site beside it, then swap it in.

It replaces only a folder it wrote itself: each site it writes carries a marker file, `MARKER`, which
is published with the site (a one-sentence text file, harmless on any host). A folder without the
marker is replaced only when it is empty; the project, anything containing it and the project's source
folders are never the output, whatever `--out` says."""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError, processing
from ..render.site import Content

MARKER = ".sitegen-site"
MARKER_TEXT = b"This folder was written by sitegen, which replaces all of it on each build.\n"
PROTECTED = ("content", "templates", "translations", ".git", ".cache")  # in the project
PACKAGE = Path(__file__).resolve().parent.parent  # the generator's own code


def write_site(files: Mapping[str, Content], out: Path, root: Path) -> tuple[str, ...]:
    """Write every file into a fresh folder next to `out`, then replace `out` with it; return the paths
    written (the marker first), for the summary.

    A failure before the swap leaves the previous site exactly as it was; no stale file survives.
    Staging folders that dead builds left behind are removed first."""
    out = out.resolve()
    check_target(out, root)
    with processing(str(out)):
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        staging = out.parent / f".{out.name}.new-{os.getpid()}"
        retired = out.parent / f".{out.name}.old-{os.getpid()}"
        try:
            staging.mkdir()
            (staging / MARKER).write_bytes(MARKER_TEXT)
            write_files(files, staging)
            if out.exists():
                check_removable(out)
                out.rename(retired)
            staging.rename(out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if retired.exists() and not out.exists():
                retired.rename(out)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    return (MARKER, *sorted(files))


def check_target(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement could destroy anything but an earlier site (exit 2)."""
    out, root = out.resolve(), root.resolve()
    shown = out.relative_to(root).as_posix() if out.is_relative_to(root) and out != root else str(out)
    if out == root or root.is_relative_to(out):
        raise UsageError(f"refusing to write the site to {shown}: it holds the project (choose e.g. site/)")
    for folder in [root / name for name in PROTECTED] + [PACKAGE]:
        if out.is_relative_to(folder) or folder.is_relative_to(out):
            raise UsageError(
                f"refusing to write the site to {shown}: it is inside or contains {folder.name}/, "
                "part of the project (choose e.g. site/)"
            )
    if out.exists() and not out.is_dir():
        raise UsageError(f"refusing to write the site to {shown}: it is a file, not a folder")
    if out.is_dir() and not replaceable(out):
        raise UsageError(
            f"refusing to replace {shown}: it is not empty and sitegen did not write it "
            f"(it has no {MARKER}); empty it or choose another folder"
        )


def replaceable(folder: Path) -> bool:
    """Whether sitegen may replace a folder: it is empty, or sitegen wrote it (it carries the marker)."""
    marker = folder / MARKER
    if marker.is_file():
        with marker.open("rb") as handle:
            if handle.read(len(MARKER_TEXT)) == MARKER_TEXT:
                return True
    return not any(folder.iterdir())


def check_removable(out: Path) -> None:
    """Every folder of the old site can be emptied, so the swap cannot leave a half-removed copy behind."""
    for base, _dirs, _files in os.walk(out):
        if not os.access(base, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "a folder of the previous site is read-only", base)


def remove_leftovers(out: Path) -> None:
    """Remove staging and retired folders of builds that died (killed, or the machine stopped)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(?:new|old)-([0-9]+)")
    for path in sorted(out.parent.iterdir()):
        match = pattern.fullmatch(path.name)
        dead = match and path.is_dir() and not path.is_symlink() and is_dead(int(match.group(1)))
        if dead and replaceable(path):
            shutil.rmtree(path, ignore_errors=True)


def is_dead(pid: int) -> bool:
    """Whether a build process is gone (this process counts as gone: it is not writing now)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no such process id at all)
        return True
    except OSError:  # alive, but another user's
        return False
    return False


def write_files(files: Mapping[str, Content], staging: Path) -> None:
    """Place every file under `staging`, making each folder once: with plain strings, as at a hundred
    editions the site is 11,720 files and pathlib's cost per path is a tenth of a second."""
    folders = {str(staging)}
    for path in sorted(files):
        target = os.path.join(staging, path)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        place(files[path], target)


def place(content: Content, target: str | Path) -> None:
    """Write bytes, or hard-link a cached file (copy it where links are not possible).

    An edit of the site file in place then edits the cached file too; the caches record each file's
    stamp and do not use a changed one again (charts.cache.stamps)."""
    if isinstance(content, bytes):
        with open(target, "wb") as file:
            file.write(content)
        return
    try:
        os.link(content, target)
    except OSError:
        shutil.copyfile(content, target)
