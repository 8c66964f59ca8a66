"""A throwaway git repository for tests of translation history: commits on chosen days, no user config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, day: str = "2025-01-01") -> str:
    """Run git in `root` as a fixed author on `day`, isolated from the user's and system's settings."""
    moment = f"{day}T12:00:00+02:00"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Oversætter",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Oversætter",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": moment,
        "GIT_COMMITTER_DATE": moment,
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def init(root: Path, day: str) -> Path:
    """Make `root` a repository whose first commit, on `day`, holds everything in it."""
    git(root, "init", "-q", "-b", "main")
    commit(root, "first", day)
    return root


def commit(root: Path, message: str, day: str) -> None:
    """Commit every change in `root` on `day`."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, day=day)
