from pathlib import Path

import pytest

from sitegen.load import ledger
from sitegen.load.ledger import (
    CATALOG,
    LEDGER,
    check_ledger,
    file_fingerprint,
    format_ledger,
    load_ledger,
    load_pairs,
    page_fingerprint,
)
from sitegen.load.memo import LoadMemo
from sitegen.load.pages import load_pages

PAGE = '+++\ntitle = "Ordliste"\nslug = "ordliste"\norder = 100\n+++\n### APM\n\nAntipersonelmine.\n'


def fingerprint(text: str) -> str:
    return file_fingerprint("content/pages/da/glossary.md", text.encode())


def test_a_page_fingerprint_is_16_hex_digits_of_what_a_translator_translates() -> None:
    same = fingerprint(PAGE)
    assert len(same) == 16 and int(same, 16) >= 0
    assert fingerprint(PAGE.replace("\n", "\r\n")) == same  # line ends
    assert fingerprint(PAGE.replace("Antipersonelmine.", "Antipersonelmine.   ")) == same  # trailing spaces
    assert fingerprint(PAGE + "\n\n") == same  # blank lines at the end
    assert fingerprint(PAGE.replace("order = 100", "order = 90")) == same  # navigation is not text
    assert fingerprint(PAGE.replace('slug = "ordliste"\n', "")) == same  # nor is the address
    assert fingerprint(PAGE.replace("Antipersonelmine.", "Personelmine.")) != same
    assert fingerprint(PAGE.replace('"Ordliste"', '"Ordforklaring"')) != same
    assert fingerprint(PAGE.replace("order = 100", 'summary = "Ord"')) != same


def test_a_loaded_page_and_its_file_give_the_same_fingerprint(tiny: Path) -> None:
    pages, _ = load_pages(tiny)
    for page in pages:
        data = (tiny / page.path).read_bytes()
        assert file_fingerprint(page.path, data) == page_fingerprint(page.title, page.summary, page.body)


def test_a_catalog_fingerprint_follows_its_entries_not_its_comments() -> None:
    po = b'msgid ""\nmsgstr "POT-Creation-Date: 2026-01-01 10:00+0000\\n"\n\nmsgid "Area"\nmsgstr "Areal"\n'
    where = "translations/da/LC_MESSAGES/messages.po"
    same = file_fingerprint(where, po)
    assert file_fingerprint(where, po.replace(b"2026-01-01", b"2027-02-02")) == same
    assert file_fingerprint(where, b"# a translator's comment\n" + po) == same
    assert file_fingerprint(where, po.replace(b'"Areal"', b'"Arealet"')) != same
    broken = po.replace(b" 10:00+0000", b"")  # Babel refuses the header: the text is fingerprinted
    assert file_fingerprint(where, broken) != file_fingerprint(where, broken.replace(b"Areal", b"Arealet"))


def test_the_catalog_fingerprint_of_the_last_build_is_used_while_its_bytes_are_the_same(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = LoadMemo()
    fingerprints = {pair.name: pair.fingerprint for pair in load_pairs(tiny, memo=first)}
    assert fingerprints == {pair.name: pair.fingerprint for pair in load_pairs(tiny)}
    monkeypatch.setattr(ledger, "parse_po", lambda *args: pytest.fail("the catalog was parsed again"))
    again = {pair.name: pair.fingerprint for pair in load_pairs(tiny, memo=LoadMemo(first.kept))}
    assert again == fingerprints
    monkeypatch.undo()
    catalog = tiny / "translations/da/LC_MESSAGES/messages.po"
    catalog.write_text(catalog.read_text() + '\nmsgid "Cleared"\nmsgstr "Ryddet"\n')  # one more entry
    changed = {pair.name: pair.fingerprint for pair in load_pairs(tiny, memo=LoadMemo(first.kept))}
    assert changed[CATALOG] == {pair.name: pair.fingerprint for pair in load_pairs(tiny)}[CATALOG]
    assert changed[CATALOG] != fingerprints[CATALOG]


def test_pairs_of_the_tiny_project(tiny: Path) -> None:
    pairs = {pair.name: pair for pair in load_pairs(tiny)}
    assert sorted(pairs) == ["2025-q1/data", "2025-q1/index", "accessibility", CATALOG, "glossary"]
    glossary = pairs["glossary"]
    assert (glossary.original, glossary.translation, glossary.lang) == (
        "content/pages/da/glossary.md",
        "content/pages/en/glossary.md",
        "en",
    )
    assert glossary.translated and glossary.fingerprint == fingerprint(
        (tiny / "content/pages/da/glossary.md").read_text()
    )
    assert pairs[CATALOG].original == "translations/da/LC_MESSAGES/messages.po"
    (tiny / "content/pages/en/glossary.md").unlink()
    (tiny / "content/pages/da/about.md").write_text('+++\ntitle = "Om"\n+++\n')
    pairs = {pair.name: pair for pair in load_pairs(tiny)}
    assert not pairs["glossary"].translated
    assert pairs["about"].fingerprint is not None and not pairs["about"].translated


def test_pairs_from_the_pages_already_read_are_the_pairs_from_the_files(tiny: Path) -> None:
    (tiny / "content/pages/da/about.md").write_text('+++\ntitle = "Om"\ndraft = true\n+++\nUdkast.\n')
    pages, _ = load_pages(tiny)  # the draft is no page: its pair reads the file
    assert "content/pages/da/about.md" not in {page.path for page in pages}
    assert load_pairs(tiny, {page.path: page for page in pages}) == load_pairs(tiny)


def test_the_ledger_is_written_and_read_back_with_lines() -> None:
    text = format_ledger({"en": {"glossary": "0123456789abcdef", "2025-q1/index": "fedcba9876543210"}})
    assert text.splitlines()[-3:] == [
        "[en]",
        '"2025-q1/index" = "fedcba9876543210"',
        '"glossary" = "0123456789abcdef"',
    ]


def test_ledger_entries_and_their_problems(tmp_path: Path) -> None:
    (tmp_path / "translations").mkdir()
    ledger, problems = load_ledger(tmp_path)
    assert (ledger.exists, ledger.entries, problems) == (False, {}, [])
    (tmp_path / LEDGER).write_text(
        '# comment\n[en]\n"glossary" = "0123456789abcdef"\n"about" = "0123"\n"old" = "fedcba9876543210"\n'
        '[de]\n"glossary" = "0123456789abcdef"\n'
    )
    ledger, problems = load_ledger(tmp_path)
    assert ledger.recorded("en", "glossary") == "0123456789abcdef"
    assert ledger.recorded("en", "about") is None and ledger.invalid == {"about"}
    assert [str(p) for p in problems] == [
        f"{LEDGER}:4: fingerprint of 'about' must be 16 hexadecimal digits, not '0123' "
        "(record it again with 'sitegen translations --done about')",
        f"{LEDGER}:6: 'de' is not a table of a translation language ([en])",
    ]
    assert [str(p) for p in check_ledger(ledger, {"glossary", "about"})] == [
        f"{LEDGER}:5: 'old' names no page (delete the line: the page was removed or renamed; "
        "'sitegen translations --done' drops it too)"
    ]


def test_a_ledger_that_is_not_toml_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "translations").mkdir()
    (tmp_path / LEDGER).write_text('[en]\n"glossary" = 0123456789abcdef\n')
    ledger, problems = load_ledger(tmp_path)
    assert ledger.broken and ledger.entries == {}
    assert [p.line for p in problems] == [2] and problems[0].message.startswith("not valid TOML")
