"""Drawing: locale-formatted ticks, unknown values, deterministic SVG and PNG bytes."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.charts import plot, registry
from tests.charts.chartproject import REPO, content, run_python


def test_an_unknown_value_draws_no_bar(prepared: dict) -> None:
    fig = plot.compose(prepared[("victims-killed-injured", "da")].drawing)
    ax = fig.axes[0]
    assert len(ax.patches) == 1  # only 'injured' has a bar; 'killed' is unknown, not 0
    assert "ukendt" in [t.get_text() for t in ax.texts]


def test_ticks_follow_the_language_not_the_os_locale() -> None:
    assert plot.tick_text(10000.0, "da") == "10.000"
    assert plot.tick_text(10000.0, "en") == "10,000"
    assert plot.tick_text(2.5, "da") == "2,5"
    assert plot.tick_text(0.1 + 0.2, "en") == "0.3"
    assert plot.tick_text(0, "da") == "0"


def test_drawn_ticks_use_babel_formatting(prepared: dict) -> None:
    ticks = {}
    for lang in ("da", "en"):
        fig = plot.compose(prepared[("area-by-operator", lang)].drawing)
        ax = fig.axes[0]
        ticks[lang] = [ax.xaxis.get_major_formatter()(x, 0) for x in ax.get_xticks()]
    assert "10.000" in ticks["da"] and "10,000" in ticks["en"]


def test_danish_and_english_svgs_differ_only_in_language(rendered: dict) -> None:
    for chart_id in registry.CHART_IDS:
        da, en = (content(rendered[("2025-q1", chart_id, lang)].svg).decode() for lang in ("da", "en"))
        assert svg_size(da) == svg_size(en), chart_id
        for part in ('<g id="patch_', '<g id="axes_', '<g id="text_'):
            assert da.count(part) == en.count(part), (chart_id, part)


def svg_size(svg: str) -> tuple[str, str]:
    match = re.search(r'<svg[^>]* width="([^"]+)" height="([^"]+)"', svg)
    assert match
    return match.group(1), match.group(2)


def test_drawing_is_deterministic_in_and_across_processes(prepared: dict, tmp_path: Path) -> None:
    drawing = prepared[("devices-by-operator", "da")].drawing
    first = plot.draw(drawing)
    assert plot.draw(drawing) == first
    (tmp_path / "drawing.pickle").write_bytes(pickle.dumps(drawing))
    script = f"""
        import pickle, sys
        from sitegen.charts import plot
        drawing = pickle.loads(open({str(tmp_path / "drawing.pickle")!r}, "rb").read())
        svg, png = plot.draw(drawing)
        open({str(tmp_path / "out.svg")!r}, "wb").write(svg)
        open({str(tmp_path / "out.png")!r}, "wb").write(png)
    """
    run_python(script)
    assert (tmp_path / "out.svg").read_bytes() == first[0]
    assert (tmp_path / "out.png").read_bytes() == first[1]
    assert b"<dc:date>" not in first[0]


def children_of(pid: int) -> dict[int, str]:
    """Live processes whose parent is `pid`, with their state (Linux /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rpartition(")")[2].split()[:2]
        except (OSError, ValueError):
            continue
        if int(ppid) == pid:
            found[int(stat.parent.name)] = state
    return found


def is_gone(pid: int) -> bool:
    """Exited (or a zombie waiting to be reaped: dead all the same)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_chart_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    """Killing a cold build while it draws leaves no worker behind (they were alive 30 s later before)."""
    for folder in ("content", "templates", "translations"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    build = subprocess.Popen(
        [sys.executable, "-m", "sitegen.cli", "--project", str(tmp_path), "build"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while (
            not (workers := children_of(build.pid)) and build.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        assert workers, "the build drew no chart in a worker process"
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 10
    while not all(is_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if not is_gone(pid)] == []
