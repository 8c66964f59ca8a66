from sitegen.load.pages import Page
from sitegen.render.structure import find_flaws, page_problems, print_problems

PAGE = Page(
    "index", "da", "2025-q1", "Forside", "index", "", 0, "Tekst\n\n## Main\n", "content/da/index.md", 5
)


def test_flaws_of_a_page() -> None:
    html = (
        '<main id="main"><h1>A</h1><h1 class="x">B</h1><img src="a.png"><img alt="" src="b.png"><p id="main">'
    )
    flaws = find_flaws(html)
    assert flaws.duplicate_ids == ("main",)
    assert flaws.h1_count == 2
    assert flaws.images_without_alt == 1
    others = '<section data-id="main"><header id="h"></header><H1>C</H1><img src="c.png" alt="C">'
    flaws = find_flaws(html + others)  # not an id, another id; an <h1> in capitals; an image with alt text
    assert (flaws.duplicate_ids, flaws.h1_count, flaws.images_without_alt) == (("main",), 3, 1)


def test_a_heading_that_repeats_an_id_is_reported_at_its_line() -> None:
    body = '<p>Tekst</p>\n<h2 id="main">Main</h2>\n'
    html = f'<body><main id="main"><h1>Forside</h1>{body}</main></body>'
    assert [str(p) for p in page_problems(html, body, PAGE, PAGE.path)] == [
        "content/da/index.md:7: heading id 'main' is already used on the page (rename the heading)"
    ]


def test_template_flaws_are_reported_at_the_template() -> None:
    html = '<body><h1>A</h1><h1>B</h1><img src="x.png"><p id="a"></p><p id="a"></p></body>'
    assert [str(p) for p in page_problems(html, "", None, "templates/editions.html")] == [
        "templates/editions.html: id 'a' is used twice on the page",
        "templates/editions.html: the page has 2 level-1 headings (<h1>); keep one",
        "templates/editions.html: an image on the page has no alt text",
    ]


def test_a_print_document_keeps_the_rules_but_one_h1() -> None:
    """An edition's print document joins its pages: ids stay unique and images keep their alt text, while
    every page opens with its own <h1> (the PDF's outline), so those are not counted."""
    pdf = "da/2025-q1/briefing-2025-q1-da.pdf"
    fine = '<h1 id="pdf-title">T</h1><h1>Forside</h1><img alt="Et kort" src="a.svg"><h1>Data</h1>'
    assert print_problems(fine, pdf, "templates/pdf.html") == []
    html = '<h1 id="a">T</h1><section id="a"><img src="a.svg"></section>'
    assert [str(p) for p in print_problems(html, pdf, "templates/pdf.html")] == [
        f"templates/pdf.html: {pdf}: id 'a' is used twice in the print document",
        f"templates/pdf.html: {pdf}: an image in the print document has no alt text",
    ]
