"""The environment running the tests is exactly the lock, so a stale .venv cannot hide an install step."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOT_LOCKED = {"pip", "setuptools", "wheel", "sitegen"}  # the installer, and the project itself


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", path.read_text(encoding="utf-8"), flags=re.M)
    return {normalise(name): version for name, version in pins}


def installed() -> dict[str, str]:
    found = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    return {name: version for name, version in found.items() if name not in NOT_LOCKED}


def test_installed_packages_equal_the_test_lock() -> None:
    want, have = locked(REPO / "requirements-test.lock"), installed()
    assert want, "requirements-test.lock lists no package"
    wrong = {n: (want.get(n), have.get(n)) for n in want.keys() | have.keys() if want.get(n) != have.get(n)}
    assert wrong == {}, "(lock, installed) differ; run sh scripts/test.sh, which rebuilds .venv from the lock"


def test_runtime_lock_is_the_test_lock_without_the_test_tools() -> None:
    runtime, test = locked(REPO / "requirements.lock"), locked(REPO / "requirements-test.lock")
    assert runtime
    assert {n: v for n, v in runtime.items() if test.get(n) != v} == {}
    assert {"pytest", "ruff", "playwright"} <= test.keys() - runtime.keys()


def test_the_build_backend_is_pinned() -> None:
    assert re.search(r'requires = \["setuptools==[\d.]+"\]', (REPO / "pyproject.toml").read_text())
