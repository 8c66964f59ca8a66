from decimal import Decimal

from sitegen.render.markdown import (
    Heading,
    Resolver,
    heading_lines,
    parse_number,
    render_inline,
    render_markdown,
    slugify,
    typed_figures,
)

FIGURES = {"area": "<span>11.002,4 ha</span>"}


def resolver(figures: frozenset = frozenset()) -> Resolver:
    return Resolver(
        figure=lambda key, style: FIGURES.get(key),
        block=lambda kind, ident: "<figure>chart</figure>" if ident == "known" else None,
        link=lambda target: "/da/x/" if target.startswith("x") else None,
        site=lambda key: {"contact": "Sekretariatet"}.get(key),
        figures=figures,
    )


def test_figure_reference_is_replaced_and_text_escaped() -> None:
    rendered = render_markdown("Ryddet: {{ fig:area }} & <b>mere</b>", "da", resolver())
    assert rendered.html == "<p>Ryddet: <span>11.002,4 ha</span> &amp; &lt;b&gt;mere&lt;/b&gt;</p>\n"
    assert rendered.issues == []


def test_block_reference_on_its_own_line_becomes_html() -> None:
    rendered = render_markdown("Tekst\n\n{{ chart:known }}\n", "da", resolver())
    assert "<figure>chart</figure>" in rendered.html and rendered.issues == []
    assert rendered.blocks == ((3, "chart", "known"),)


def test_unknown_references_and_bad_links_are_issues_with_lines() -> None:
    body = "a\n\n{{ fig:nope }}\n\n{{ chart:nope }}\n\n[x](javascript:alert(1)) [y](page:zz)\n"
    issues = render_markdown(body, "da", resolver()).issues
    assert [(i.line, i.message) for i in issues] == [
        (5, "unknown chart reference 'nope'"),
        (3, "unknown fig reference 'nope' (see docs/formats.md)"),
        (
            7,
            "link 'javascript:alert(1)' uses a forbidden scheme (javascript:, data: and file: are not allowed)",
        ),
        (7, "link 'page:zz' names no page (use page:ID with a page id)"),
    ]


def test_page_links_resolve_and_headings_get_anchors() -> None:
    html = render_markdown("### APM – antipersonelmine\n\n[se](x#apm)", "da", resolver()).html
    assert '<h3 id="apm-antipersonelmine">' in html
    assert 'href="#"' not in html


def test_typed_figures_skip_dates_years_and_section_numbers() -> None:
    figures = frozenset({Decimal("11002.4"), Decimal("2025"), Decimal("19"), Decimal("31"), Decimal("4")})
    text = "Ryddet 11.002,4 ha i 2025, tabel 4, 19.-20. september, 31. marts og side 4, sider 2-31."
    assert typed_figures(text, "da", figures) == ["11.002,4"]


def test_parse_number_by_language() -> None:
    assert parse_number("11.002,4", "da") == Decimal("11002.4")
    assert parse_number("11,002.4", "en") == Decimal("11002.4")
    assert parse_number("16.4", "en") == Decimal("16.4")


def test_slugify_danish_letters() -> None:
    assert slugify("Særlige forkortelser – ÆØÅ") == "saerlige-forkortelser-aeoeaa"


def test_repeated_headings_get_unique_anchors() -> None:
    html = render_markdown("## Noter\n\n## Noter\n", "da", resolver()).html
    assert '<h2 id="noter">' in html and '<h2 id="noter-2">' in html


def test_images_are_local_files_with_alt_text() -> None:
    body = "![Kort](kort.png)\n\n![Kort](https://evil.example/t.png)\n\n![](kort.png)\n"
    rendered = render_markdown(body, "da", resolver())
    assert '<img src="kort.png" alt="Kort" />' in rendered.html
    assert "evil.example" not in rendered.html
    assert [(i.line, i.message) for i in rendered.issues] == [
        (3, "image 'https://evil.example/t.png' is not a file of the site "
            "(give a local path, not an http(s):, //, javascript: or data: address)"),
        (5, "image 'kort.png' has no alt text (write what it shows: ![text](...))"),
    ]  # fmt: skip


def test_malformed_references_and_a_level_1_heading_are_issues() -> None:
    issues = render_markdown("# Titel\n\n{{ fig:area | plain }} og {{ fig:area\n", "da", resolver()).issues
    how = "(write {{ fig:KEY }}, {{ fig:KEY|plain }} or {{ fig:KEY|words }}; see docs/formats.md)"
    assert [(i.line, i.message) for i in issues] == [
        (1, "a level-1 heading: the page's title is its only one (use ## for sections)"),
        (3, f"malformed reference '{{{{ fig:area | plain }}}}' {how}"),
        (3, f"malformed reference '{{{{ fig:area' {how}"),
    ]


def test_heading_lines_match_the_anchors() -> None:
    assert heading_lines("## Noter\n\ntekst\n\n## Noter\n") == {"noter": 1, "noter-2": 5}


def test_digits_other_than_ascii_are_not_typed_figures() -> None:
    assert typed_figures("١٢٣ og １２３", "da", frozenset({Decimal(123)})) == []


def test_headings_are_listed_with_their_anchors_and_plain_text() -> None:
    body = "## Første *kvartal*\n\ntekst\n\n### `APM`\n\n## Noter\n"
    assert render_markdown(body, "da", resolver()).headings == (
        Heading(2, "foerste-kvartal", "Første kvartal"),
        Heading(3, "apm", "APM"),
        Heading(2, "noter", "Noter"),
    )


def test_inline_markdown_has_no_paragraph_and_checks_references() -> None:
    html, issues = render_inline("Ca. {{ fig:area }} *i alt*", "da", resolver())
    assert html == "Ca. <span>11.002,4 ha</span> <em>i alt</em>" and issues == []
    _, issues = render_inline("{{ fig:nope }} og 11.002,4", "da", resolver(frozenset({Decimal("11002.4")})))
    assert [i.message.split(";")[0] for i in issues] == [
        "unknown fig reference 'nope' (see docs/formats.md)",
        "number '11.002,4' is typed in",
    ]
