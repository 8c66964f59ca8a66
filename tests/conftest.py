"""Shared fixtures: a tiny project built from tests/fixtures/tiny plus the real templates and catalogs."""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
from collections.abc import Iterator
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


OS_LOCALE = "fr_FR.UTF-8"  # neither Danish nor English: '10 000,5' and 'mars'


@pytest.fixture(scope="session")
def locale_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compiled French locale (glibc's localedef, always on Debian): the machine has only C.UTF-8."""
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        ["localedef", "-i", "fr_FR", "-f", "UTF-8", str(folder / OS_LOCALE)], check=True, capture_output=True
    )
    return folder


@pytest.fixture
def os_locale(locale_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The process runs under a French OS locale for one test, so that 'not the OS locale' is tested."""
    monkeypatch.setenv("LOCPATH", str(locale_folder))
    previous = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, OS_LOCALE)
    try:
        assert format(10000.5, "n") == "10\u202f000,5"  # the OS locale is really in force
        yield OS_LOCALE
    finally:
        locale.setlocale(locale.LC_ALL, previous)
