from sitegen.load.catalogs import check_catalogs, parse_po

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Done"
msgstr "Færdig"

#, fuzzy
msgid "Fuzzy"
msgstr "Uklar"

msgid "Empty"
msgstr ""
""".encode()


def test_parse_po_reports_fuzzy_and_untranslated_with_lines() -> None:
    catalog, problems = parse_po(PO, "da", "x.po")
    assert catalog.messages == {"Done": "Færdig"}
    assert [str(p) for p in problems] == [
        "x.po:9: entry 'Fuzzy' is fuzzy (check the translation, remove '#, fuzzy')",
        "x.po:12: entry 'Empty' is not translated (fill in msgstr)",
    ]


def test_check_catalogs_finds_entries_missing_in_one_language() -> None:
    da, _ = parse_po(PO, "da", "da.po")
    en, _ = parse_po(PO.replace('msgid "Done"\nmsgstr "Færdig"\n'.encode(), b""), "en", "en.po")
    assert [str(p) for p in check_catalogs({"da": da, "en": en})] == [
        "en.po: entry 'Done' is missing in the en catalog (add and translate it)"
    ]
