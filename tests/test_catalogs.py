"""Meta-test: the catalogs are exactly what scripts/update-catalogs.sh makes of the code, all translated."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
CATALOG = "translations/{lang}/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's code, templates and catalogs after running the update script on it."""
    copy = tmp_path_factory.mktemp("catalogs")
    for name in ("sitegen", "templates", "translations", "scripts"):
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "babel.cfg", copy / "babel.cfg")
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["sh", "scripts/update-catalogs.sh"], cwd=copy, env=env, check=True, capture_output=True)
    return copy


@pytest.mark.parametrize("lang", ["da", "en"])
def test_update_script_leaves_the_catalogs_unchanged(refreshed: Path, lang: str) -> None:
    """A string added to or dropped from the code, or an extraction change, shows up here as a diff."""
    path = CATALOG.format(lang=lang)
    before = (REPO / path).read_text(encoding="utf-8").splitlines()
    after = (refreshed / path).read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == []
    assert [line for line in before if line not in after] == []
    assert after == before


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_entry_is_translated(lang: str) -> None:
    with (REPO / CATALOG.format(lang=lang)).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 50
    assert [m.id for m in entries if m.fuzzy or not m.string] == []


def test_no_docstring_or_code_is_extracted(refreshed: Path) -> None:
    """Every message id is a phrase from a `_()` call, never a docstring or a dict key."""
    with (refreshed / CATALOG.format(lang="en")).open("rb") as handle:
        ids = [m.id for m in read_po(handle, locale="en") if m.id]
    assert not [i for i in ids if not isinstance(i, str)]  # a tuple would be a call with several strings
    assert "Canonical pages with their language alternates." not in ids
