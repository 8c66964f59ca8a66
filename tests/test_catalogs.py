"""Meta-test: every interface string in templates and code is in both catalogs, translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
METHODS = [("sitegen/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.xml", "jinja2")]


def extracted() -> set[str]:
    found = extract_from_dir(str(REPO), METHODS, keywords={"_": None, "gettext": None})
    return {message for _file, _line, message, _comments, _context in found}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_string_is_translated_and_no_entry_is_stale(lang: str) -> None:
    with (REPO / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    entries = {m.id: m for m in catalog if m.id}
    used = extracted()
    assert sorted(used - entries.keys()) == []
    assert sorted(entries.keys() - used) == []
    assert [m.id for m in entries.values() if m.fuzzy or not m.string] == []
