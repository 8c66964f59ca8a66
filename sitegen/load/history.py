"""What git knows about an original's past: its versions with their dates, and a diff since one of them.

Every function answers None when there is no git history to ask (git missing, not a repository):
translation status works without git, only less precisely."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .ledger import file_fingerprint

# Set inside git hooks; they would point git elsewhere than the project's own repository.
FOREIGN = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")


@dataclass(frozen=True)
class Version:
    """A commit that changed a file: its id, author date and the fingerprint of the file's text there."""

    commit: str
    date: date
    fingerprint: str


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git in the project folder; None when git is missing or the folder is not in a repository."""
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, env=env
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def head(root: Path) -> str:
    """The commit checked out, or "" without git: what the dates git gives depend on."""
    out = git(root, "rev-parse", "--verify", "-q", "HEAD")
    return out.decode().strip() if out else ""


def file_versions(root: Path, path: str) -> list[Version] | None:
    """The commits that changed `path` (project-relative), newest first, with the file's fingerprint there."""
    log = git(root, "log", "--no-renames", "--format=%H %as", "--", path)
    if log is None:
        return None
    commits = [line.split() for line in log.decode().splitlines() if line.strip()]
    if not commits:
        return []
    blobs = git(root, "cat-file", "--batch", stdin="".join(f"{c}:./{path}\n" for c, _ in commits).encode())
    if blobs is None:
        return None
    versions = []
    for (commit, day), data in zip(commits, _split_batch(blobs), strict=True):
        if data is not None:  # None: the commit deleted the file
            versions.append(Version(commit, date.fromisoformat(day), file_fingerprint(path, data)))
    return versions


def _split_batch(out: bytes) -> list[bytes | None]:
    """The objects of `git cat-file --batch` output in order; None for one it reports missing."""
    found, pos = [], 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if header[-1] == b"missing":
            found.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        found.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1  # the object, then a newline
    return found


def diff_since(root: Path, commit: str, path: str) -> str | None:
    """The unified diff of `path` from `commit` to the file as it is now."""
    out = git(root, "diff", "--no-color", "--no-ext-diff", commit, "--", path)
    return out.decode("utf-8", errors="replace") if out is not None else None
