"""Chart fixtures: the small project loaded once, and its charts drawn once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.charts import registry, stage
from tests.charts.chartproject import load, messages, write_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    return load(write_project(tmp_path_factory.mktemp("charts") / "project"))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def rendered(project: tuple, cache_dir: Path) -> dict:
    """Every chart, drawn once (in worker processes) into a cache shared by the module's tests."""
    editions, schema = project
    return stage.render_charts(editions, schema, messages(), cache_dir)


@pytest.fixture(scope="module")
def prepared(project: tuple) -> dict:
    editions, schema = project
    return {(p.chart_id, p.lang): p for p in registry.prepare_charts(editions, schema, messages())}
