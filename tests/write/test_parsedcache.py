"""Parsed pages, editions and catalogs kept between builds: a rebuild that takes them from the cache writes (or
reports) what a build without the cache does, whichever source changed; an unchanged project parses
nothing again; a broken or planted file is no cache."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from sitegen.build import BODY_CACHE, PARSED_CACHE
from sitegen.load import catalogs, dataset, pages
from sitegen.load.memo import SECTIONS, LoadMemo
from sitegen.write import parsedcache
from sitegen.write.parsedcache import load_parsed, memo_file, store_parsed
from tests.write.rebuilds import EDITION, edit, fresh_build, outcome


def title(root: Path) -> None:
    edit(root, "content/pages/da/glossary.md", 'title = "Ordliste"', 'title = "Ordforklaring"')


def draft(root: Path) -> None:
    edit(root, "content/pages/da/glossary.md", "order = 100", "order = 100\ndraft = true")


def cell(root: Path) -> None:
    edit(root, f"{EDITION}/data/t4_devices.csv", "alpha,10,5,15", "alpha,11,4,15")


def total(root: Path) -> None:
    edit(root, f"{EDITION}/data/t4_devices.csv", "alpha,10,5,15", "alpha,11,5,15")


def name(root: Path) -> None:
    edit(root, "content/names.csv", "Alpha Demining,Alpha Demining", "Alpha Minerydning,Alpha Demining")


def label(root: Path) -> None:
    edit(root, "content/schema.toml", 'label = { da = "Operatør", en = "Operator" }',
         'label = { da = "Operatører", en = "Operators" }')  # fmt: skip


def unnamed(root: Path) -> None:
    """The edition's files are as they were; the schema's names no longer list one of its operators."""
    edit(
        root,
        "content/names.csv",
        "operator,qaya,Qaya Safety Solutions,Qaya Safety Solutions,commercial\n",
        "",
    )


def as_of(root: Path) -> None:
    edit(root, f"{EDITION}/edition.toml", "as_of = 2025-03-31", "as_of = 2025-03-30")


def table_gone(root: Path) -> None:
    (root / EDITION / "data/t4_devices.csv").unlink()


def folder_for_table(root: Path) -> None:
    (root / EDITION / "data/t4_devices.csv").mkdir()


def linked_data(root: Path) -> None:
    """The edition's tables kept elsewhere in the project, its data/ a link to them."""
    (root / "shared").mkdir()
    (root / EDITION / "data").rename(root / "shared/data")
    (root / EDITION / "data").symlink_to(root / "shared/data")


def cell_through_link(root: Path) -> None:
    edit(root, "shared/data/t4_devices.csv", "alpha,10,5,15", "alpha,11,4,15")


CATALOG = "translations/da/LC_MESSAGES/messages.po"


def message(root: Path) -> None:
    edit(root, CATALOG, 'msgid "Search"\nmsgstr "Søg"', 'msgid "Search"\nmsgstr "Søgning"')


def fuzzy(root: Path) -> None:
    edit(root, CATALOG, 'msgid "Search"\n', '#, fuzzy\nmsgid "Search"\n')


@pytest.mark.parametrize(
    "changes",
    [
        [title],
        [draft],
        [cell],
        [total],
        [name],
        [unnamed],
        [label],
        [as_of],
        [table_gone, folder_for_table],
        [linked_data, cell_through_link],
        [message],
        [fuzzy],
    ],
    ids=lambda changes: "+".join(change.__name__ for change in changes),
)
def test_a_rebuild_from_parsed_sources_equals_a_build_without_them(
    tiny: Path, tmp_path: Path, changes: list
) -> None:
    assert outcome(tiny, tiny / "site")[0] == "built"
    assert all(memo_file(tiny / PARSED_CACHE, section).is_file() for section in SECTIONS)
    for change in changes:
        shutil.rmtree(tiny / BODY_CACHE, ignore_errors=True)  # pages rendered afresh: only parsing is kept
        change(tiny)
        assert outcome(tiny, tiny / "site") == fresh_build(tiny, tmp_path)


def test_an_unchanged_project_parses_nothing_again(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = outcome(tiny, tiny / "site")
    monkeypatch.setattr(pages, "read_page", lambda *a: pytest.fail(f"page parsed again: {a[0]}"))
    monkeypatch.setattr(dataset, "load_edition", lambda *a: pytest.fail(f"edition parsed again: {a[0]}"))
    monkeypatch.setattr(catalogs, "parse_po", lambda *a: pytest.fail(f"catalog parsed again: {a[2]}"))
    assert outcome(tiny, tiny / "site") == first


def test_the_sources_of_the_last_build_come_back_and_an_unchanged_file_is_left(tmp_path: Path) -> None:
    memo = LoadMemo()
    memo.parsed("pages", "k", lambda: ("page", []))
    store_parsed(tmp_path, memo)
    again = load_parsed(tmp_path)
    assert again.last == memo.kept
    stamp = memo_file(tmp_path, "pages").stat().st_mtime_ns
    again.parsed("pages", "k", lambda: pytest.fail("parsed again"))
    os.utime(memo_file(tmp_path, "pages"), ns=(1, 1))
    store_parsed(tmp_path, again)  # nothing new: not written again
    assert memo_file(tmp_path, "pages").stat().st_mtime_ns == 1 != stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(memo_file(tmp_path, s).name for s in SECTIONS)


class Planted:
    def __reduce__(self):
        return (os.system, ("echo planted",))


@pytest.mark.parametrize(
    "content",
    [b"not a pickle", pickle.dumps([1, 2]), pickle.dumps({"k": "not bytes"}), pickle.dumps(Planted())],
    ids=["garbage", "a list", "not bytes", "planted"],
)
def test_a_broken_foreign_or_planted_file_is_no_cache(tmp_path: Path, content: bytes) -> None:
    for section in SECTIONS:
        memo_file(tmp_path, section).write_bytes(content)
    assert load_parsed(tmp_path).last == {}


def test_a_file_from_other_code_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "pages-0123456789abcdef.pickle").write_bytes(b"old")
    store_parsed(tmp_path, LoadMemo())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(memo_file(tmp_path, s).name for s in SECTIONS)


@pytest.mark.parametrize("reader", ["openpyxl", "babel"])
def test_the_cache_file_follows_the_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    """Tables may come from .xlsx workbooks, and catalogs are read by Babel: another version of either may
    read them otherwise."""
    first = memo_file(tmp_path, "editions")
    others = tuple(
        (name, "another-version.py" if name == reader else file) for name, file in parsedcache.READERS
    )
    monkeypatch.setattr(parsedcache, "READERS", others)
    parsedcache.loader_digest.cache_clear()
    try:
        assert memo_file(tmp_path, "editions") != first
    finally:
        parsedcache.loader_digest.cache_clear()  # the next caller reads the real version again
