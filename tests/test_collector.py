"""What a build sets apart from the garbage collector is handed back when it ends, whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sitegen import build as build_module
from sitegen.build import build, check
from sitegen.collector import YOUNG, collected_after, settle, settling
from sitegen.errors import BuildError


@pytest.fixture(autouse=True)
def nothing_frozen_before() -> None:
    gc.unfreeze()


def test_settle_sets_apart_what_exists_until_the_outermost_build_ends() -> None:
    with settling():
        with settling():  # render() inside build()
            settle()
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the inner scope's end is not the build's
    assert gc.get_freeze_count() == 0


def test_a_build_is_collected_less_often_and_the_defaults_come_back() -> None:
    before = gc.get_threshold()
    with settling():
        with settling():
            assert gc.get_threshold()[0] == YOUNG
        assert gc.get_threshold()[0] == YOUNG
    assert gc.get_threshold() == before


def test_settle_outside_a_build_sets_nothing_apart() -> None:
    """render() called on its own (a test, the benchmark) would otherwise leave objects out for good."""
    settle()
    assert gc.get_freeze_count() == 0


def test_a_build_and_a_check_hand_everything_back(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen_while_rendering = []
    real = build_module.derive_all

    def derive_all(*args: object) -> object:
        frozen_while_rendering.append(gc.get_freeze_count())  # the loaded project is set apart by now
        return real(*args)

    monkeypatch.setattr(build_module, "derive_all", derive_all)
    build(tiny, tiny / "site")
    assert gc.get_freeze_count() == 0
    check(tiny)
    assert gc.get_freeze_count() == 0
    assert len(frozen_while_rendering) == 2 and min(frozen_while_rendering) > 0


def test_a_failing_build_hands_everything_back(tiny: Path) -> None:
    (tiny / "content" / "site.toml").write_text("title = [", encoding="utf-8")
    before = gc.get_threshold()
    with pytest.raises(BuildError):
        build(tiny, tiny / "site")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_large_piece_of_work_is_collected_seldom_then_all_at_once() -> None:
    """A PDF's layout (write/pdf.py): its garbage goes before the next one is laid out beside it."""
    import weakref

    class Box:
        pass

    before = gc.get_threshold()
    with collected_after():
        assert gc.get_threshold()[0] == YOUNG
        box = Box()
        box.itself = box  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        gone = weakref.ref(box)
        del box
    assert gc.get_threshold() == before
    assert gone() is None
