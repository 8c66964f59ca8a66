"""Drawing: locale-formatted ticks, unknown values, deterministic SVG and PNG bytes."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from sitegen.charts import plot, registry
from tests.charts.chartproject import content, run_python


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


def test_hashed_svg_ids_are_numbered_in_order_of_appearance() -> None:
    svg = (
        b'<clipPath id="pb430c3da4b"/><clipPath id="p27875b3dcd"/><pattern id="h1f2e3d4c5b"/>'
        b'<path clip-path="url(#p27875b3dcd)"/><path clip-path="url(#pb430c3da4b)"/>'
        b'<use xlink:href="#h1f2e3d4c5b"/><use xlink:href="#DejaVuSans-41"/>'
    )
    assert plot.stable_ids(svg) == (
        b'<clipPath id="p0000000001"/><clipPath id="p0000000002"/><pattern id="h0000000003"/>'
        b'<path clip-path="url(#p0000000002)"/><path clip-path="url(#p0000000001)"/>'
        b'<use xlink:href="#h0000000003"/><use xlink:href="#DejaVuSans-41"/>'
    )


def test_drawn_svgs_carry_no_geometry_hashes(prepared: dict) -> None:
    svg, _png = plot.draw(prepared[("area-by-operator", "en")].drawing)
    assert re.findall(rb'id="[a-z][0-9a-f]{10}"', svg) == [b'id="p0000000001"', b'id="p0000000002"']
