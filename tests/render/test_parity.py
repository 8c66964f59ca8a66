from sitegen.load.pages import Page
from sitegen.render.parity import page_structure, parity_problems

DA_PATH, EN_PATH = "content/pages/da/method.md", "content/pages/en/method.md"
DA = """Indledning med {{ fig:cleared_ha }}.

## Kilder

{{ table:t4_devices }}

### Detaljer

Kontakt {{ site:contact }}.
"""
EN = """Introduction with {{ fig:cleared_ha|plain }} hectares.

## Sources

{{ table:t4_devices }}

### Details

Contact {{ site:contact }}.
"""


def page(lang: str, body: str) -> Page:
    path = DA_PATH if lang == "da" else EN_PATH
    return Page("method", lang, None, "Metode", "metode", "", 90, body, path, 5)


def test_structure_lines_are_lines_of_the_file() -> None:
    structure = page_structure(page("da", DA))
    assert structure.headings == ((2, 7), (3, 11))
    assert structure.refs == {"fig:cleared_ha": 5, "table:t4_devices": 9}  # site: is prose, not data


def test_matching_pages_have_no_problem() -> None:
    assert parity_problems(page("da", DA), page("en", EN), warning=False) == []


def test_a_figure_added_only_in_danish_is_reported_with_both_files() -> None:
    da = DA.replace("### Detaljer\n", "### Detaljer\n\nHeraf {{ fig:found_total }} genstande.\n")
    problems = parity_problems(page("da", da), page("en", EN), warning=True)
    assert [str(p) for p in problems] == [
        f"{DA_PATH}:13: warning: {{{{ fig:found_total }}}} is used here but not in {EN_PATH} "
        "(use the same figures, charts and tables in both languages)"
    ]


def test_a_chart_only_in_the_translation_is_an_error_when_it_is_recorded_current() -> None:
    en = EN + "\n{{ chart:districts }}\n"
    [problem] = parity_problems(page("da", DA), page("en", en), warning=False)
    assert (problem.path, problem.line, problem.warning) == (EN_PATH, 15, False)
    assert problem.message.startswith(f"{{{{ chart:districts }}}} is used here but not in {DA_PATH}")


def test_a_heading_of_another_level_names_both_lines() -> None:
    en = EN.replace("### Details", "## Details")
    assert [str(p) for p in parity_problems(page("da", DA), page("en", en), warning=False)] == [
        f"{EN_PATH}:11: heading is level 2 here but level 3 at {DA_PATH}:11 (give both languages the same headings)"
    ]


def test_a_heading_without_counterpart_is_reported_once() -> None:
    da = DA + "\n## Noter\n\nTekst.\n\n## Mere\n"
    assert [str(p) for p in parity_problems(page("da", da), page("en", EN), warning=True)] == [
        f"{DA_PATH}:15: warning: level-2 heading has no counterpart in {EN_PATH}, which has 2 "
        "(give both languages the same headings)"
    ]
    en = EN.replace("## Sources\n", "")
    [problem] = parity_problems(page("da", DA), page("en", en), warning=False)
    assert problem.message.startswith("heading is level 3 here but level 2")


def test_a_heading_in_a_code_block_is_not_a_heading() -> None:
    da = DA + "\n```\n## not a heading\n```\n"
    assert parity_problems(page("da", da), page("en", EN), warning=False) == []


def test_windows_line_ends_give_the_same_structure() -> None:
    assert page_structure(page("da", DA.replace("\n", "\r\n"))) == page_structure(page("da", DA))
