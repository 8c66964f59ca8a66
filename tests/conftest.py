"""Shared fixtures: a tiny project built from tests/fixtures/tiny plus the real templates and catalogs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "fixtures" / "tiny"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files from the current output; the run then fails until a person reviews them",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Goldens are rewritten only by a person, who reviews the diff: never in CI, where it would pass."""
    if config.getoption("--update-goldens") and os.environ.get("CI"):
        raise pytest.UsageError(
            "--update-goldens is refused when CI is set: rewrite the goldens locally, review "
            "git diff tests/golden and commit them on their own"
        )


def make_tiny(dest: Path) -> Path:
    """A copy of the tiny fixture project that a test may break as it likes, every translation current.

    The project's catalogs come along, its translation ledger does not (it names the real pages): the
    copy records its own, as a translator would."""
    from sitegen.commands.translations import record_done

    shutil.copytree(TINY / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    shutil.copytree(REPO / "translations", dest / "translations", ignore=shutil.ignore_patterns("pages.toml"))
    record_done(dest, None)
    return dest


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_tiny(tmp_path / "project")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
