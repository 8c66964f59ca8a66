"""edition.toml: lines of keys, sources, table references, and a draft that still says which tables it lacks."""

from pathlib import Path

from sitegen.load.meta import read_meta
from sitegen.load.sources import Source, place_problem
from sitegen.load.spec import key_lines

TOML = """period = "2025-Q4"
as_of = 2025-12-26

[[sources]]
id = "a"
[[sources]]
id = "b"
date = 2025-11-10

[tables.t5_districts]
source = "b"
[revisions."t3_area.total.cumulative_ha"]
da = "x"
"""


def test_key_lines_finds_keys_in_tables_and_arrays_of_tables() -> None:
    lines = key_lines(TOML)
    assert lines.line(("period",)) == 1 and lines.line(("as_of",)) == 2
    assert [lines.line(p) for p in (("sources", 0, "id"), ("sources", 1, "id"), ("sources", 1, "date"))] == [
        5,
        7,
        8,
    ]
    assert (
        lines.line(("tables", "t5_districts")) == 10
        and lines.line(("tables", "t5_districts", "source")) == 11
    )
    assert lines.line(("revisions", "t3_area.total.cumulative_ha")) == 12


def test_a_page_beyond_the_document_is_refused() -> None:
    paged = Source("b", {}, {}, {}, {}, None, "", 22)
    assert place_problem("8-9", paged) is None and place_problem("Section 2", paged) is None
    assert place_problem("21-23", paged) == "page 21-23 is not in source 'b' (it has 22 pages)"
    assert place_problem("99", Source("w", {}, {}, {}, {}, None, "", None)) is None  # a web page has no pages
    assert place_problem("0", paged) == "page 0 is not in source 'b' (it has 22 pages)"
    assert place_problem("²", paged) == "page '²' is not a page number"  # isdigit() says yes; int() fails
    assert (
        place_problem("٨-٩", Source("w", {}, {}, {}, {}, None, "", None)) == "page '٨-٩' is not a page number"
    )
    assert (
        place_problem("9-8", Source("w", {}, {}, {}, {}, None, "", None))
        == "page 9-8 is not a page of source 'w'"
    )


def test_a_draft_still_lists_its_absent_tables(tiny: Path) -> None:
    meta_path = tiny / "content/editions/2025-q1/edition.toml"
    text = meta_path.read_text().replace(
        'status = "final"', 'status = "draft"\nabsent_tables = ["t4_devices"]'
    )
    meta_path.write_text(
        text.replace('[tables.t4_devices]\nsource = "bilag-219"\nnumber = 4\nplace = 9\n', "")
    )
    meta, problems = read_meta(meta_path, tiny, "2025-q1", ["t4_devices"])
    assert meta is not None and meta.absent_tables == ("t4_devices",)
    assert [p.message for p in problems] == ['edition is a draft (fill it in, then set status = "final")']
