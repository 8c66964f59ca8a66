from pathlib import Path

import pytest

from sitegen.errors import failure_line
from sitegen.load import settings
from sitegen.load.settings import KeyFigure, load_config, split_base_url


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
    assert config.url("/da/ordliste/") == "/sub/da/ordliste/"  # one slash between base and path
    assert config.url("") == "/sub/"


def test_the_translation_notice_is_off_unless_asked_for(tiny: Path) -> None:
    assert load_config(tiny)[0].translation_notice is False
    site = tiny / "content/site.toml"
    site.write_text("translation_notice = true\n" + site.read_text())
    assert load_config(tiny)[0].translation_notice is True


def test_key_figures_keep_their_order_label_and_context(tiny: Path) -> None:
    config, problems = load_config(tiny)
    assert problems == []
    assert config.key_figures == (
        KeyFigure(
            "cleared_ha",
            None,
            {"da": "Heraf {{ fig:erw_share_pct }} ERW.", "en": "Of which {{ fig:erw_share_pct }} ERW."},
        ),
        KeyFigure("found_total", None, None),
    )
    assert config.publisher == {"da": "Testudvalgets sekretariat", "en": "Secretariat of the Test Committee"}
    assert config.reuse["en"] == "May be reused with attribution."
    assert config.description["da"] == "En lille briefing til test."


def test_key_figures_must_be_tables(tiny: Path) -> None:
    path = tiny / "content" / "site.toml"
    text = path.read_text()
    path.write_text('key_figures = ["cleared_ha"]\n' + text[: text.index("[[key_figures]]")])
    config, problems = load_config(tiny)
    assert config is None
    assert [str(p) for p in problems] == [
        "content/site.toml:1: key_figures[1]: must be a table, not a string ('cleared_ha')"
    ]


def test_without_a_base_url_the_site_lives_at_the_root(tiny: Path) -> None:
    site = tiny / "content/site.toml"
    site.write_text(site.read_text().replace('base_url = "/"\n', ""))
    config, problems = load_config(tiny)
    assert problems == [] and (config.base_path, config.site_url) == ("/", "")
    assert config.url("da/") == "/da/"


def test_a_bug_while_reading_the_settings_names_the_file(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def planted(text: str, where: str) -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr(settings, "parse_toml", planted)
    with pytest.raises(RuntimeError) as failed:
        load_config(tiny)
    assert failure_line(failed.value).startswith(
        "sitegen: internal error while processing content/site.toml: RuntimeError: planted"
    )
