from datetime import date

from sitegen.load.spec import (
    BOOL,
    DATE,
    INT,
    TEXT,
    ListOf,
    MapOf,
    Table,
    check_settings,
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
