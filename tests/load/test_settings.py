from pathlib import Path

import pytest

from sitegen.load.settings import load_config, split_base_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/", ("", "/", "")),
        ("/udvalg/uru/mineindsats", ("", "/udvalg/uru/mineindsats/", "")),
        ("https://example.org/uru/", ("https://example.org", "/uru/", "")),
    ],
)
def test_base_url_is_a_path_or_a_url(value: str, expected: tuple) -> None:
    assert split_base_url(value) == expected


def test_bad_base_url_is_a_problem(tiny: Path) -> None:
    config, problems = load_config(tiny, "udvalg")
    assert config is None
    assert [str(p) for p in problems] == [
        "--base-url: base URL 'udvalg' must start with '/' (or be a full http(s) URL)"
    ]


def test_config_links_under_the_base(tiny: Path) -> None:
    config, _ = load_config(tiny, "/sub/")
    assert config.url("da/") == "/sub/da/"


def test_the_translation_notice_is_off_unless_asked_for(tiny: Path) -> None:
    assert load_config(tiny)[0].translation_notice is False
    site = tiny / "content/site.toml"
    site.write_text("translation_notice = true\n" + site.read_text())
    assert load_config(tiny)[0].translation_notice is True
