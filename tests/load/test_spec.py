from datetime import date

from sitegen.load.spec import (
    BOOL,
    DATE,
    INT,
    TEXT,
    Either,
    ListOf,
    MapOf,
    Retired,
    Table,
    check_settings,
    intact,
    key_lines,
    one_of,
    optional,
)

SPEC = Table(
    {
        "title": TEXT,
        "order": optional(INT),
        "draft": optional(BOOL),
        "as_of": optional(DATE),
        "kind": optional(one_of("a", "b")),
        "tables": optional(MapOf(Table({"rows": ListOf(TEXT)}))),
    }
)


def problems(doc: dict, text: str = "") -> list[str]:
    return [str(p) for p in check_settings(doc, SPEC, key_lines(text), "x.toml")]


def test_a_valid_document_has_no_problems() -> None:
    doc = {
        "title": "T",
        "order": 1,
        "draft": False,
        "as_of": date(2025, 3, 31),
        "tables": {"t1": {"rows": []}},
    }
    assert problems(doc) == []


def test_wrong_types_missing_and_unknown_keys_are_reported_at_their_lines() -> None:
    text = 'order = true\nkind = "c"\ntitel = "T"\n\n[tables.T1]\nrows = ["a", 2]\n'
    doc = {"order": True, "kind": "c", "titel": "T", "tables": {"T1": {"rows": ["a", 2]}}}
    assert problems(doc, text) == [
        "x.toml:3: titel: unknown key (did you mean 'title'?)",  # and not also "'title' is missing"
        "x.toml:1: order: must be a whole number, not true/false (True)",
        'x.toml:2: kind: must be one of "a", "b", not a string (\'c\')',
        "x.toml:5: tables.T1: the name must be an id of lowercase letters, digits, '_' and '-'",
        "x.toml:6: tables.T1.rows[2]: must be a string, not a number (2)",
    ]


def test_a_missing_key_is_reported_at_its_table() -> None:
    spec = Table({"t": MapOf(Table({"name": TEXT}))})
    text = "[t.a]\nother = 1\n"
    found = check_settings({"t": {"a": {"other": 1}}}, spec, key_lines(text), "x.toml")
    assert [str(p) for p in found] == [
        "x.toml:2: t.a.other: unknown key (known keys: name)",
        "x.toml:1: t.a: 'name' is missing (add it: a string)",
    ]


def test_key_lines_follow_tables_arrays_and_skip_multiline_values() -> None:
    text = (
        'a = """\nb = 1\n"""\nlist = [\n  "c = 2",\n  [3],\n]\n'
        "[[x]]\nz = 1\n[x.y]\nw = 1\n[[x]]\nz = 2\n"
        '[t."dotted.key"]\nv = 1\n'
    )
    lines = key_lines(text)
    assert lines.line(("a",)) == 1
    assert ("b",) not in lines.lines and ("c",) not in lines.lines
    assert lines.line(("x", 0, "z")) == 9
    assert lines.line(("x", 0, "y", "w")) == 11
    assert lines.line(("x", 1, "z")) == 13
    assert lines.line(("t", "dotted.key", "v")) == 15
    assert lines.line(("x", 1, "missing")) == 12  # the nearest table
    assert key_lines("k = 1\n", first_line=2).line(("k",)) == 2


def test_one_value_for_all_or_a_table_and_keys_that_moved() -> None:
    texts = Either(TEXT, Table({"da": TEXT, "en": TEXT}), "a text, or da and en texts")
    spec = Table(
        {"t": MapOf(Table({"short": texts, "page": Retired("belongs in edition.toml [tables.{table}]")}))}
    )
    text = '[t.t4]\nshort = { da = "x" }\npage = 9\n[t.t5]\nshort = 5\n'
    doc = {"t": {"t4": {"short": {"da": "x"}, "page": 9}, "t5": {"short": 5}}}
    failed: set = set()
    found = check_settings(doc, spec, key_lines(text), "x.toml", failed)
    assert [str(p) for p in found] == [
        "x.toml:2: t.t4.short: 'en' is missing (add it: a string)",
        "x.toml:3: t.t4: 'page' belongs in edition.toml [tables.t4]",
        "x.toml:5: t.t5.short: must be a text, or da and en texts, not a number (5)",
    ]
    assert failed == {("t", "t4", "short"), ("t", "t4", "page"), ("t", "t5", "short")}
    assert not intact(failed, "t", "t4") and intact(failed, "t", "t6") and not intact(failed, "t")
    assert check_settings({"t": {"t4": {"short": "x"}}}, spec, key_lines(""), "x.toml") == []
