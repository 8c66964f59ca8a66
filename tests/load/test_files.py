import os
from pathlib import Path

import pytest

from sitegen.load import files
from sitegen.load.files import (
    Digests,
    deepest_line,
    digest_files,
    is_editor_file,
    listing,
    parse_toml,
    read_text,
    unsafe_entries,
)


@pytest.mark.parametrize(
    ("name", "editor"),
    [
        (".#glossary.md", True),
        ("~$book.xlsx", True),
        ("glossary.md~", True),
        ("#glossary.md#", True),
        (".glossary.md.swp", True),
        (".DS_Store", True),
        ("glossary.md", False),
        ("t4_devices.csv", False),
    ],
)
def test_editor_files_are_recognised(name: str, editor: bool) -> None:
    assert is_editor_file(name) is editor


def test_read_text_refuses_what_is_not_plain_text(tmp_path: Path) -> None:
    (tmp_path / "nul.csv").write_bytes(b"a,b\n1,\x002\n")
    (tmp_path / "folder.md").mkdir()
    assert str(read_text(tmp_path / "nul.csv", tmp_path)[1]) == (
        "nul.csv:2: control character U+0000 in the text (delete it; save as plain text)"
    )
    assert str(read_text(tmp_path / "folder.md", tmp_path)[1]) == (
        "folder.md: is not a file (a folder or a device); replace it with the file"
    )
    assert read_text(tmp_path / "crlf.csv", tmp_path)[1] is not None  # missing
    (tmp_path / "crlf.csv").write_bytes(b"\xef\xbb\xbfa,b\r\n\t1,2\r\n")
    assert read_text(tmp_path / "crlf.csv", tmp_path) == ("a,b\r\n\t1,2\r\n", None)


def test_toml_nested_too_deeply_is_a_problem_at_its_line() -> None:
    text = "a = 1\nb = " + "[" * 3000 + "]" * 3000 + "\n"
    doc, problem = parse_toml(text, "x.toml")
    assert doc is None
    assert str(problem) == "x.toml:2: not valid TOML: nested too deeply (flatten the tables and lists)"
    assert deepest_line("a\n[[\n{") == 3


def test_links_out_of_the_project_and_devices_are_unsafe(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content" / "pages").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "content" / "names.csv").write_text("x")
    (root / "content" / "inside.csv").symlink_to(root / "content" / "names.csv")  # fine
    (root / "content" / "pages" / "shared").symlink_to(root / "content")  # a folder inside: followed once
    (root / "templates" / "env.txt").symlink_to("/proc/self/environ")
    (root / "templates" / "loop").symlink_to(root / "templates" / "loop")
    os.mkfifo(root / "content" / "pipe.csv")
    assert [str(p) for p in unsafe_entries(root)] == [
        "content/pipe.csv: neither a file nor a folder (a pipe, socket or device); remove it",
        "templates/env.txt: symbolic link to a file outside the project (copy the file into the project instead)",
        "templates/loop: symbolic link that cannot be followed (a loop); replace it with the file",
    ]


def test_a_build_reads_each_file_once_for_all_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parsed sources, the data cache and the page cache key by the same files: one reading each."""
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("a,b\n"), two.write_text("c,d\n")
    expected = digest_files([one, two], tmp_path)
    digests = Digests()
    assert digest_files([two, one], tmp_path, digests) == expected  # in a stable order
    monkeypatch.setattr(files, "file_digest", lambda path: pytest.fail(f"{path} read again"))
    assert digest_files([one, two], tmp_path, digests) == expected
    assert digest_files([one], tmp_path, digests) != expected


def test_a_key_follows_names_and_bytes_and_an_unreadable_file_is_not_an_empty_one(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("")
    empty = digest_files([one], tmp_path)
    one.rename(tmp_path / "other.csv")
    assert digest_files([tmp_path / "other.csv"], tmp_path) != empty
    (tmp_path / "one.csv").mkdir()  # a folder where the file was: read_bytes fails
    assert digest_files([one], tmp_path) != empty


def test_a_listing_enters_only_the_folders_asked_for_and_a_linked_one_once(tmp_path: Path) -> None:
    """As the loaders read through a linked folder, the keys must see what is in it."""
    for name in ("a/pages/p.md", "a/data/t.csv", "b.toml", "a/data/deep/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a" / "data")
    (tmp_path / "a" / "data" / "up").symlink_to(tmp_path / "a")  # a loop: entered once

    def enter(relative: str) -> bool:
        return relative.split(os.sep)[1:2] != ["pages"]

    names = [p.relative_to(tmp_path).as_posix() for p in listing(tmp_path, enter)]
    assert names == ["a/data/deep/x.csv", "a/data/t.csv", "b.toml"]
    (tmp_path / "a" / "data").rename(tmp_path / "data")
    (tmp_path / "a" / "data").symlink_to(tmp_path / "data")
    names = [p.relative_to(tmp_path).as_posix() for p in listing(tmp_path / "a", folders=True)]
    assert names == ["a/data", "a/data/deep", "a/data/deep/x.csv", "a/data/t.csv", "a/data/up", "a/pages",
                     "a/pages/p.md"]  # fmt: skip
