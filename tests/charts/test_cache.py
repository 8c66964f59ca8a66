from pathlib import Path

from sitegen.charts.cache import read_cache, write_cache
from sitegen.charts.drawing import Drawn

DRAWN = Drawn(b"<svg narrow/>", b"<svg/>", b"png")


def test_a_chart_edited_through_the_site_is_drawn_again(tmp_path: Path) -> None:
    """The site hard-links cached charts: an edit of a site file in place must not be published again."""
    narrow, svg, png = write_cache(tmp_path, "k", DRAWN)
    assert read_cache(tmp_path, "k") == (narrow, svg, png)
    site_file = tmp_path / "site.svg"
    site_file.hardlink_to(svg)
    with site_file.open("ab") as edit:
        edit.write(b"<!-- edited -->")
    assert read_cache(tmp_path, "k") is None
    write_cache(tmp_path, "k", DRAWN)  # drawn again: a new file, the edited one is the site's
    assert read_cache(tmp_path, "k") == (narrow, svg, png) and svg.read_bytes() == b"<svg/>"
    assert read_cache(tmp_path, "missing") is None


def test_cached_charts_are_readable_by_all(tmp_path: Path) -> None:
    """The site links cached files: a private temporary file's mode (0600) would hide them from a host."""
    for path in write_cache(tmp_path, "k", DRAWN):
        assert path.stat().st_mode & 0o777 == 0o644
