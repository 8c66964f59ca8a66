"""Drawing: locale-formatted ticks, unknown values, deterministic SVG and PNG bytes."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest

from sitegen.charts import drawing, plot, registry
from tests.charts.chartproject import REPO, content, run_python


def test_an_unknown_value_draws_no_bar(prepared: dict) -> None:
    for layout in (drawing.NARROW, drawing.WIDE):
        fig = plot.compose(prepared[("victims-killed-injured", "da")].drawing, layout)
        ax = fig.axes[0]
        assert len(ax.patches) == 1  # only 'injured' has a bar; 'killed' is unknown, not 0
        assert "Dræbte: ukendt" in [t.get_text() for t in fig.texts]


def test_ticks_follow_the_language_not_the_os_locale(os_locale: str) -> None:
    assert plot.tick_text(10000.0, "da") == "10.000"
    assert plot.tick_text(10000.0, "en") == "10,000"
    assert plot.tick_text(2.5, "da") == "2,5"
    assert plot.tick_text(0.1 + 0.2, "en") == "0.3"
    assert plot.tick_text(0, "da") == "0"


def test_drawn_ticks_use_babel_formatting(prepared: dict, os_locale: str) -> None:
    ticks = {}
    for lang in ("da", "en"):
        fig = plot.compose(prepared[("devices-by-operator", lang)].drawing, drawing.WIDE)
        ax = fig.axes[0]
        ticks[lang] = [ax.xaxis.get_major_formatter()(x, 0) for x in ax.get_xticks()]
    assert "10.000" in ticks["da"] and "10,000" in ticks["en"]


def test_danish_and_english_svgs_differ_only_in_language(rendered: dict) -> None:
    for chart_id in registry.CHART_IDS:
        for layout in ("narrow", "wide"):
            da, en = (
                content(getattr(rendered[("2025-q1", chart_id, lang)], layout)).decode()
                for lang in ("da", "en")
            )
            assert svg_size(da) == svg_size(en), (chart_id, layout)
            for part in ('<g id="patch_', '<g id="axes_', '<g id="text_'):
                assert da.count(part) == en.count(part), (chart_id, layout, part)


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
        drawn = plot.draw(drawing)
        open({str(tmp_path / "out.svg")!r}, "wb").write(drawn.narrow + drawn.wide + drawn.printed)
        open({str(tmp_path / "out.png")!r}, "wb").write(drawn.png)
    """
    run_python(script)
    assert (tmp_path / "out.svg").read_bytes() == first.narrow + first.wide + first.printed
    assert (tmp_path / "out.png").read_bytes() == first.png
    assert b"<dc:date>" not in first.narrow + first.wide


def font_sizes(svg: str) -> set[float]:
    """Point sizes of the drawing's texts: Matplotlib draws each glyph run at scale(size / 100)."""
    return {round(float(s) * 100, 3) for s in re.findall(r"scale\(([\d.]+) -\1\)", svg)}


@pytest.fixture(scope="module")
def uncompacted(prepared: dict) -> dict:
    """Each drawing as Matplotlib writes it (no compact_svg), whose comments name every text drawn."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plot, "compact_svg", lambda svg: svg)
        return {key: plot.draw(chart.drawing) for key, chart in prepared.items()}


def drawn_words(svg: bytes) -> list[str]:
    """The texts of an uncompacted SVG drawn as glyph paths (Matplotlib writes each one in a comment)."""
    return [unescape(w) for w in re.findall(r"<!-- (.*?) -->", svg.decode())]


def test_each_drawing_has_one_text_size_and_no_source_line(rendered: dict, uncompacted: dict) -> None:
    for (_slug, chart_id, lang), result in rendered.items():
        for layout in (drawing.NARROW, drawing.WIDE):
            svg = content(getattr(result, layout.name)).decode()
            assert font_sizes(svg) == {layout.text_pt}, (chart_id, layout.name)
            words = drawn_words(getattr(uncompacted[chart_id, lang], layout.name))
            assert words and result.source not in words, (chart_id, layout.name)  # the caption says it


def test_the_print_drawing_is_the_wide_one_with_its_words_as_text(rendered: dict, uncompacted: dict) -> None:
    """The PDF's copy: the same size, the same words, set as text in DejaVu Sans (the PDF embeds it)
    rather than a path per glyph, so a reader of the PDF can select and search them."""
    for (_slug, chart_id, lang), result in rendered.items():
        wide, printed = content(result.wide).decode(), content(result.printed).decode()
        assert svg_size(printed) == svg_size(wide), chart_id
        words = [unescape(w) for w in re.findall(r"<text [^>]*>([^<]*)</text>", printed)]
        assert words and sorted(words) == sorted(drawn_words(uncompacted[chart_id, lang].wide))
        assert "scale(0.015625)" in wide and "scale(0.015625)" not in printed  # no glyph outlines (1/64 em)
        styles = re.findall(r'<text style="([^"]*)"', printed)
        assert all("font-family: 'DejaVu Sans'" in style for style in styles), chart_id


def test_page_sizes_are_the_drawings_sizes(rendered: dict) -> None:
    for result in rendered.values():
        for layout in (drawing.NARROW, drawing.WIDE):
            width, height = (float(v[:-2]) for v in svg_size(content(getattr(result, layout.name)).decode()))
            assert result.sizes[layout.name] == (round(width * 96 / 72), round(height * 96 / 72))
        assert result.sizes["wide"][0] == round(drawing.WIDE.width_in * 96)


def test_long_names_stand_above_their_bars_on_the_narrow_drawing(prepared: dict) -> None:
    area = prepared[("area-by-operator", "en")].drawing  # "Ministry of Defense" is long
    districts = prepared[("districts", "en")].drawing  # "Aghdam", "Fuzuli" are short
    assert drawing.names_above(area, drawing.NARROW) and not drawing.names_above(area, drawing.WIDE)
    assert not drawing.names_above(districts, drawing.NARROW)
    fig = plot.compose(area, drawing.NARROW)
    assert [len(ax.get_yticklabels()) for ax in fig.axes] == [0, 0]
    assert "Ministry of Defense" in [t.get_text() for t in fig.axes[0].texts]
    assert drawing.side_by_side(area, drawing.WIDE) and not drawing.side_by_side(area, drawing.NARROW)


def test_a_part_of_a_whole_is_one_bar_with_a_key(prepared: dict) -> None:
    parts = prepared[("cleared-vs-contaminated", "en")].drawing
    assert parts.parts
    panel = parts.panels[0]
    assert panel.categories == ("Cleared since November 2020", "Not yet cleared")
    cleared, rest = panel.series[0].values
    assert cleared + rest == 11667.0
    fig = plot.compose(parts, drawing.NARROW)
    assert len(fig.axes) == 1 and len(fig.axes[0].patches) == 2
    texts = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert texts[0].startswith("Contaminated area (estimate): 11,667")
    assert any(t.startswith("Cleared since November 2020: 1,907.9") and "(16.4%)" in t for t in texts)


def test_the_png_is_the_wide_drawing_with_its_source_line_below(rendered: dict) -> None:
    result = rendered[("2025-q1", "districts", "da")]
    png = content(result.png)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (
        round(drawing.WIDE.width_in * plot.DPI),
        round(result.sizes["wide"][1] / 96 * plot.DPI),
    )


def test_the_png_has_a_palette_that_keeps_the_charts_own_colours(rendered: dict) -> None:
    """A palette PNG (a third of the bytes) whose white, ink and bar colours are exact, at 200 dpi."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(content(rendered[("2025-q1", "districts", "da")].png)))
    assert image.mode == "P" and image.info["dpi"] == pytest.approx((plot.DPI, plot.DPI), abs=0.01)
    colours = {rgb for _count, rgb in image.convert("RGB").getcolors(256)}
    assert {(255, 255, 255), (0, 114, 178)} <= colours  # the page and Okabe-Ito blue, not near them
    assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)


def palette_image(pixels: list[tuple[int, int, int]], width: int):  # -> PIL.Image.Image
    """plot.palette_png of these opaque pixels, read back."""
    import io

    from PIL import Image

    rgba = b"".join(bytes((*rgb, 255)) for rgb in pixels)
    return Image.open(io.BytesIO(plot.palette_png(rgba, (width, len(pixels) // width))))


def test_a_palette_png_keeps_every_colour_when_they_fit() -> None:
    pixels = [(i, 255 - i, (7 * i) % 256) for i in range(200)] * 3
    image = palette_image(pixels, 30)
    assert image.mode == "P" and list(image.convert("RGB").get_flattened_data()) == pixels


def test_a_palette_png_of_more_colours_keeps_the_large_areas_and_draws_each_pixel_in_its_nearest() -> None:
    """A chart's flat colours cover most pixels: they stay exact; the rare edge shades beyond 256 are each
    drawn in the palette entry nearest to them."""
    white, blue, ink = (255, 255, 255), (0, 114, 178), (11, 12, 12)
    shades = [(i % 256, (i * 3) % 256, (i // 2) % 256) for i in range(600)]
    pixels = [white] * 5000 + [blue] * 3000 + [ink] * 1000 + shades
    image = palette_image(pixels, 100)
    palette = [tuple(image.getpalette()[i : i + 3]) for i in range(0, len(image.getpalette()), 3)]
    drawn = list(image.convert("RGB").get_flattened_data())
    assert len(palette) <= 256 and {white, blue, ink} <= set(palette)
    assert drawn[:9000] == pixels[:9000]

    def distance(a: tuple, b: tuple) -> int:
        return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))

    for shade, shown in zip(shades, drawn[9000:], strict=True):
        assert distance(shade, shown) == min(distance(shade, entry) for entry in palette)


def test_referenced_svg_ids_are_renamed_in_order_of_appearance_and_the_others_dropped() -> None:
    svg = (
        b'<g id="figure_1"><clipPath id="pb430c3da4b"/><clipPath id="p27875b3dcd"/><pattern id="h1f2e3d4c5b"/>'
        b'<path clip-path="url(#p27875b3dcd)"/><path clip-path="url(#pb430c3da4b)" style="fill: #ffffff"/>'
        b'<path style="fill: url(#h1f2e3d4c5b)"/><use xlink:href="#DejaVuSans-41"/></g>'
        b'<path id="DejaVuSans-41" d="M 0 0 \nz\n"/>'
    )
    assert plot.compact_svg(svg) == (
        b'<g><clipPath id="i1"/><clipPath id="i2"/><pattern id="i3"/>'
        b'<path clip-path="url(#i2)"/><path clip-path="url(#i1)" style="fill: #ffffff"/>'
        b'<path style="fill: url(#i3)"/><use xlink:href="#i4"/></g>'
        b'<path id="i4" d="M0 0z"/>'
    )


def test_a_compact_svg_keeps_geometry_and_text_and_drops_only_what_draws_nothing() -> None:
    svg = (
        b'<svg>\n <g id="text_1">\n  <!-- Area (ha) -->\n  <g transform="translate(1.5 2) scale(0.1 -0.1)">\n'
        b'   <use xlink:href="#g" transform="translate(63.623047 0)"/>\n'
        b'   <use xlink:href="#g" transform="translate(5 -2)"/>\n  </g>\n  <g id="line2d_1"/>\n'
        b'  <path d="M 2.88 496.85 \nL 285.12 -4 \nQ 1 2 3 4 \nz\n"/>\n'
        b'  <text x="1" y="2">Ryddet  areal</text>\n </g>\n <path id="g" d="M 0 0 \nL 1 1 \n"/>\n</svg>\n'
    )
    assert plot.compact_svg(svg) == (
        b'<svg><g><g transform="translate(1.5 2) scale(0.1 -0.1)">'
        b'<use xlink:href="#i1" x="63.623047"/><use xlink:href="#i1" transform="translate(5 -2)"/></g>'
        b'<path d="M2.88 496.85L285.12 -4Q1 2 3 4z"/><text x="1" y="2">Ryddet  areal</text></g>'
        b'<path id="i1" d="M0 0L1 1"/></svg>\n'
    )


def test_drawn_svgs_are_compact_and_every_reference_resolves(prepared: dict) -> None:
    drawn = plot.draw(prepared[("area-by-operator", "en")].drawing)
    for svg in (drawn.narrow, drawn.wide, drawn.printed):
        ids = re.findall(rb' id="([^"]*)"', svg)
        numbered = [b"i%d" % n for n in range(1, len(ids) + 1)]
        assert sorted(ids, key=lambda i: int(i[1:])) == numbered  # no geometry hash, none unused
        assert set(re.findall(rb'(?:href="#|url\(#)([^")]*)', svg)) == set(ids)
        assert b"<!--" not in svg and b"<metadata" not in svg and not re.search(rb">\s+<", svg)
    assert re.search(rb"<text[^>]*>ANAMA</text>", drawn.printed)  # the PDF's words stay text


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
