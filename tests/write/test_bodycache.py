"""Page bodies and outlines kept between builds: a rebuild that takes them from the cache writes (or
reports) what a build without the cache does, after a prose edit, a data edit, a new heading and a
renamed page alike."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.build import BODY_CACHE
from sitegen.render.memo import BodyMemo
from sitegen.write.bodycache import load_memo, memo_file, store_memo
from tests.write.rebuilds import EDITION, edit, fresh_build, outcome


def prose(root: Path) -> None:
    edit(root, f"{EDITION}/pages/da/index.md", "Rapporten opgør", "Rapporten fra ANAMA opgør")


def data(root: Path) -> None:
    edit(root, f"{EDITION}/figures.csv", "11002.4", "11003.1")


def heading(root: Path) -> None:
    """A heading only the Danish page has: the translation checks must see it (an error here)."""
    edit(root, f"{EDITION}/pages/da/index.md", "Rapporten opgør", "## Ny overskrift\n\nRapporten opgør")


def link_target(root: Path) -> None:
    """The glossary's slug changes: every link to it must follow."""
    edit(root, "content/pages/da/glossary.md", 'slug = "ordliste"', 'slug = "ordbog"')


@pytest.mark.parametrize("change", [prose, data, heading, link_target])
def test_a_rebuild_from_the_cache_equals_a_build_without_it(tiny: Path, tmp_path: Path, change) -> None:
    assert outcome(tiny, tiny / "site")[0] == "built"
    assert memo_file(tiny / BODY_CACHE).is_file()
    change(tiny)
    assert outcome(tiny, tiny / "site") == fresh_build(tiny, tmp_path)


def test_blocks_replayed_before_a_changed_link_leave_the_page_as_without_the_cache(
    tiny: Path, tmp_path: Path
) -> None:
    """The data page shows a table, then links the glossary: when the link's target changes, the replay
    of the cached body stops at the link, and the page is rendered afresh with nothing counted twice."""
    for lang, words in (
        ("da", "Se [ordlisten](page:glossary)."),
        ("en", "See [the glossary](page:glossary)."),
    ):
        edit(tiny, f"{EDITION}/pages/{lang}/data.md", "{{ notes }}", "{{ notes }}\n\n" + words)
    assert outcome(tiny, tiny / "site")[0] == "built"
    link_target(tiny)
    assert outcome(tiny, tiny / "site") == fresh_build(tiny, tmp_path)


def test_the_bodies_of_the_last_build_come_back(tmp_path: Path) -> None:
    memo = BodyMemo()
    memo.render("Tekst med *vægt*.\n", "da", resolver)
    memo.render("Another *text*.\n", "en", resolver)
    memo.render("Another *text*.\n", "en", lambda: resolver(frozenset({Decimal(7)})))  # a second entry
    memo.outline("## Afsnit\n")
    memo.outline("Ingen overskrift.\n")  # an empty outline
    assert [len(entries) for entries in memo.kept["bodies"].values()] in ([1, 2], [2, 1])
    store_memo(tmp_path, memo)
    assert memo_file(tmp_path).read_text(encoding="utf-8") == json.dumps(
        memo.kept, ensure_ascii=False, sort_keys=True
    )
    assert load_memo(tmp_path).last == memo.kept
    again = load_memo(tmp_path)
    again.render("Tekst med *vægt*.\n", "da", resolver)
    store_memo(tmp_path, again)  # nothing new: the file is left as it was
    assert [p.name for p in tmp_path.iterdir()] == [memo_file(tmp_path).name]


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[1, 2]",
        '{"bodies": {"k": [{"html": "x"}]}, "outlines": {}}',
        '{"bodies": {"k": 3}, "outlines": {}}',
        '{"bodies": {}, "outlines": {"k": [[2, "x"]]}}',
        '{"bodies": {}}',
    ],
)
def test_a_broken_or_foreign_file_is_no_memo(tmp_path: Path, text: str) -> None:
    memo_file(tmp_path).write_text(text, encoding="utf-8")
    assert load_memo(tmp_path).last == {}


def test_a_file_from_other_code_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "0123456789abcdef.json").write_text("{}", encoding="utf-8")
    memo = BodyMemo()
    memo.render("Tekst.\n", "da", resolver)
    store_memo(tmp_path, memo)
    assert [p.name for p in tmp_path.iterdir()] == [memo_file(tmp_path).name]


def resolver(figures: frozenset[Decimal] = frozenset()):
    from sitegen.render.markdown import Resolver

    return Resolver(lambda *a: None, lambda *a: None, lambda t: None, lambda k: None, figures)
