from sitegen.load.catalogs import check_catalogs, parse_po, placeholder_mismatch

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


def test_translations_keep_their_placeholders() -> None:
    assert placeholder_mismatch("Edition %(id)s", ("Udgave %(id)s",)) is None
    assert placeholder_mismatch("{cleared} of {target}", ("{target}: {cleared}",)) is None
    assert placeholder_mismatch("Share (%)", ("Andel (%)",)) is None
    assert placeholder_mismatch("Edition %(id)s", ("Udgave %(idd)s",)) == (
        "msgstr lacks %(id)s and has %(idd)s, which msgid does not (keep msgid's placeholders exactly)"
    )
    assert placeholder_mismatch("Q{quarter}", ("kvartal",)) == (
        "msgstr lacks {quarter} (keep msgid's placeholders exactly)"
    )


def test_an_entry_with_wrong_placeholders_is_not_used_and_not_also_missing() -> None:
    po = PO.replace(
        'msgid "Done"\nmsgstr "Færdig"'.encode(), 'msgid "Done %(n)s"\nmsgstr "Færdig %(m)s"'.encode()
    )
    da, problems = parse_po(po, "da", "da.po")
    assert "Done %(n)s" not in da.messages
    assert str(problems[0]).startswith("da.po:5: entry 'Done %(n)s': msgstr lacks %(n)s")
    en, _ = parse_po(po.replace(b"%(m)s", b"%(n)s"), "en", "en.po")
    assert check_catalogs({"da": da, "en": en}) == []
