"""The real 2025-Q1 with the 2025-Q4 fixture, built once for the download tests."""

from __future__ import annotations

import pytest

from sitegen.build import build, load
from sitegen.load.dataset import Edition
from sitegen.load.schema import Schema
from tests.test_quarters import project


@pytest.fixture(scope="package")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[Edition], Schema]:
    """The built site's files, editions and schema: the real 2025-Q1 and the 2025-Q4 fixture
    (headline figures, some approximate, and a district table with unknowns), with a gap between."""
    root = project(tmp_path_factory.mktemp("workbooks") / "project", "2025-q4")
    files = build(root, root / "site").files
    loaded, problems = load(root, None)
    assert [p for p in problems if not p.warning] == []
    return files, loaded.editions, loaded.schema
