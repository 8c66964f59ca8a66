from sitegen.render.contents import az_index, collation_key, contents_list, initial
from sitegen.render.markdown import Heading


def h(level: int, text: str) -> Heading:
    return Heading(level, text.lower().replace(" ", "-"), text)


def test_a_page_with_three_sections_gets_a_contents_list() -> None:
    two = [h(2, "Første"), h(3, "Under"), h(2, "Anden")]
    assert contents_list(two) == []
    three = [*two, h(2, "Tredje")]
    assert [s.text for s in contents_list(three)] == ["Første", "Anden", "Tredje"]


def test_a_z_index_lists_terms_by_the_danish_alphabet() -> None:
    terms = [
        h(3, "Øvelse"),
        h(3, "APM"),
        h(2, "Miner"),
        h(3, "Ærinde"),
        h(3, "Åben"),
        h(3, "ATM"),
        h(3, "Zone"),
    ]
    index = az_index(terms, "da")
    assert [(g["letter"], [t.text for t in g["terms"]]) for g in index] == [
        ("A", ["APM", "ATM"]),
        ("Z", ["Zone"]),
        ("Æ", ["Ærinde"]),
        ("Ø", ["Øvelse"]),
        ("Å", ["Åben"]),
    ]


def test_english_terms_sort_without_accents() -> None:
    assert initial("Émigré", "en") == "E"
    assert collation_key("émigré", "en") < collation_key("exit", "en")
    assert [g["letter"] for g in az_index([h(3, "2020 ceasefire"), h(3, "Mine")], "en")] == ["M", "#"]
