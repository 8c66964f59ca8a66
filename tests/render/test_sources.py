"""Source lines and citations are made from the edition's sources: pages merged, tables numbered."""

from datetime import date

from sitegen.load.dataset import Edition
from sitegen.load.periods import parse_period
from sitegen.load.sources import Source, SourceRef
from sitegen.render.sources import source_line, sources_sentence

DANISH = {"Source: {sources}": "Kilde: {sources}", "Table {number}": "tabel {number}", "p. {page}": "s. {page}",
          "pp. {pages}": "s. {pages}", "as of {date}": "pr. {date}"}  # fmt: skip


def edition() -> Edition:
    bilag = Source("bilag-219", {"da": "Bilag 219", "en": "Bilag 219"}, {"da": "Henvendelse", "en": "Letter"},
                   {"da": "Folketinget", "en": "Folketinget"}, {"da": "ANAMA", "en": "ANAMA"}, date(2025, 5, 21),
                   "", 22, "URU", "2024-25", 219)  # fmt: skip
    web = Source("web", {"da": "ANAMA, 26. dec. 2025", "en": "ANAMA, 26 Dec 2025"}, {"da": "Meddelelse", "en": "Release"},
                 {"da": "ANAMA", "en": "ANAMA"}, {"da": "ANAMA", "en": "ANAMA"}, date(2025, 12, 26), "", None)  # fmt: skip
    return Edition(parse_period("2025-Q4"), date(2025, 12, 26), "final", None, {"bilag-219": bilag, "web": web},
                   {}, "", {}, {}, (), {})  # fmt: skip


def test_source_line_groups_by_source_and_merges_pages() -> None:
    refs = [SourceRef("bilag-219", "10", "5"), SourceRef("bilag-219", "9"), SourceRef("bilag-219", "8"),
            SourceRef("web", "", "", date(2025, 11, 10)), None]  # fmt: skip
    assert source_line(edition(), refs, "da", lambda s: DANISH.get(s, s)) == (
        "Kilde: Bilag 219, tabel 5, s. 10; s. 8, 9; ANAMA, 26. dec. 2025, pr. 10. november 2025"
    )
    assert source_line(edition(), refs[1:3], "en", str) == "Source: Bilag 219, pp. 8, 9"
    assert source_line(edition(), [None], "en", str) == ""


def test_citations_in_words() -> None:
    assert sources_sentence(edition(), "da") == (
        "URU Alm.del Bilag 219 (2024-25): Henvendelse og ANAMA: Meddelelse (26. december 2025)"
    )
