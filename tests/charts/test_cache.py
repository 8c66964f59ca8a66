from pathlib import Path

import pytest

from sitegen.charts import cache
from sitegen.charts.cache import cache_key, code_files, read_cache, write_cache
from sitegen.charts.drawing import Drawn

DRAWN = Drawn(b"<svg narrow/>", b"<svg/>", b"png", b"<svg print/>")


def test_a_chart_edited_through_the_site_is_drawn_again(tmp_path: Path) -> None:
    """The site hard-links cached charts: an edit of a site file in place must not be published again."""
    paths = write_cache(tmp_path, "k", DRAWN)
    svg = paths[1]
    assert read_cache(tmp_path, "k") == paths
    site_file = tmp_path / "site.svg"
    site_file.hardlink_to(svg)
    with site_file.open("ab") as edit:
        edit.write(b"<!-- edited -->")
    assert read_cache(tmp_path, "k") is None
    write_cache(tmp_path, "k", DRAWN)  # drawn again: a new file, the edited one is the site's
    assert read_cache(tmp_path, "k") == paths and svg.read_bytes() == b"<svg/>"
    assert read_cache(tmp_path, "missing") is None


def test_cached_charts_are_readable_by_all(tmp_path: Path) -> None:
    """The site links cached files: a private temporary file's mode (0600) would hide them from a host."""
    for path in write_cache(tmp_path, "k", DRAWN):
        assert path.stat().st_mode & 0o777 == 0o644


def test_the_key_follows_the_generator_code(
    rendered: dict, prepared: dict, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Charts drawn by other code are drawn again: a change to the chart code or to number formatting
    changes every key, so the cache misses."""
    assert {"plot.py", "drawing.py", "definitions.py", "formats.py"} <= {p.name for p in code_files()}
    digest = cache.code_digest.__wrapped__  # the stamp of the code, not memoised
    keys = {k: cache_key(p) for k, p in prepared.items()}
    assert all(read_cache(cache_dir, key) for key in keys.values())  # drawn and cached by `rendered`
    monkeypatch.setattr(cache, "code_digest", lambda: "another generator")
    other = {k: cache_key(p) for k, p in prepared.items()}
    assert all(other[k] != keys[k] and read_cache(cache_dir, other[k]) is None for k in keys)
    source = tmp_path / "plot.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(cache, "code_files", lambda: [source])
    stamp = digest()
    source.write_text("A = 2\n")
    assert digest() != stamp
