import random
from pathlib import Path

from sitegen.cli import main
from sitegen.load.schema import load_schema
from sitegen.render.identifiers import TOKEN, exposed, internal_identifiers, tokens

KEYS = frozenset({"t4_devices.total.apm", "erw_share_pct", "t4_devices"})


def test_identifiers_are_keys_that_cannot_be_ordinary_words(tiny: Path) -> None:
    schema, problems = load_schema(tiny)
    assert problems == []
    found = internal_identifiers(schema, {"t4_devices.anama.erw", "contributions.uae.amount", "cleared_ha"})
    assert {"t4_devices", "t4_devices.anama.erw", "contributions.uae.amount", "cleared_ha"} <= found
    assert {"erw", "total", "anama"}.isdisjoint(found)  # column and row ids that read as words


def test_identifiers_in_text_and_readable_attributes_are_found_once_with_their_line() -> None:
    html = (
        "<p>Beregning: <code>t4_devices.total.apm</code> og erw_share_pct.</p>\n"
        '<img src="a.svg" alt="erw_share_pct again">\n'
        '<p title="see t4_devices">x</p>'
    )
    assert exposed(html, KEYS) == [(1, "erw_share_pct"), (1, "t4_devices.total.apm"), (3, "t4_devices")]


def test_urls_ids_and_classes_may_hold_identifiers() -> None:
    html = (
        '<figure id="table-t4_devices"><a href="data/2025-q1/t4_devices.csv" class="erw_share_pct">'
        'CSV</a></figure>\n<li id="note-erw_share_pct"><a href="#note-erw_share_pct">se note</a></li>'
    )
    assert exposed(html, KEYS) == []


def test_prose_words_are_not_identifiers() -> None:
    assert exposed("<p>ft.dk, Alm.del og fx t4 devices total</p>", KEYS) == []


def test_the_tokens_tried_are_every_token_that_can_name_an_identifier() -> None:
    keys = KEYS | {"contributions.uae.amount"}  # a key without an underscore is found whole only
    pieces = [*keys, "t4", "_", "devices", ".", "total", "apm", "erw", "share", "pct", "uae", "amount"]
    pieces += [" ", " ", "-", '"', "<p title=", '<a href="', '">', "<p>", "\n", "ø", "²", "9", "x"]
    draw = random.Random(219)
    for _ in range(3000):
        html = "".join(draw.choice(pieces) for _ in range(draw.randint(1, 40)))
        every = [m.group(0) for m in TOKEN.finditer(html)]
        naming = [t for t in every if any(p in keys for p in (t, *t.split(".")))]
        tried = [m.group(0) for m in tokens(html, keys)]
        assert set(naming) <= set(tried) <= set(every), html


def test_an_identifier_typed_into_a_page_fails_at_its_line(tiny: Path, capsys) -> None:
    page = tiny / "content/editions/2025-q1/pages/en/index.md"
    page.write_text(page.read_text().replace("See [the table]", "See `t4_devices.total.apm` and [the table]"))
    assert main(["--project", str(tiny), "check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/editions/2025-q1/pages/en/index.md:9: internal identifier 't4_devices.total.apm' is shown to "
        "readers (write it in words; a figure's value is {{ fig:KEY }})"
    )


def test_an_identifier_from_a_template_is_reported_at_the_rendered_file(tiny: Path, capsys) -> None:
    template = tiny / "templates/page.html"
    template.write_text(
        template.read_text().replace("<h1>{{ title }}</h1>", "<h1>{{ title }} cleared_ha</h1>")
    )
    assert main(["--project", str(tiny), "check"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert "da/2025-q1/data/index.html:" in errors[0] and "internal identifier 'cleared_ha'" in errors[0]


def test_an_identifier_on_the_pdf_cover_is_reported_at_the_pdf(tiny: Path, capsys) -> None:
    """The print document is checked too: its cover and contents are not on any web page."""
    template = tiny / "templates/pdf.html"
    template.write_text(
        template.read_text().replace("{{ cover.title }}</h1>", "{{ cover.title }} cleared_ha</h1>")
    )
    assert main(["--project", str(tiny), "check"]) == 1
    errors = [line.split(": ", 1) for line in capsys.readouterr().err.splitlines()[:-1]]
    message = "internal identifier 'cleared_ha' is shown to readers (write it in words; a figure's value is {{ fig:KEY }})"
    assert [(where.rsplit(":", 1)[0], text) for where, text in errors] == [
        ("da/2025-q1/briefing-2025-q1-da.pdf", message),
        ("en/2025-q1/briefing-2025-q1-en.pdf", message),
    ]


def test_an_identifier_in_a_page_is_reported_once_though_the_pdf_shows_it_too(tiny: Path, capsys) -> None:
    page = tiny / "content/editions/2025-q1/pages/en/index.md"
    page.write_text(page.read_text().replace("See [the table]", "See `t4_devices.total.apm` and [the table]"))
    assert main(["--project", str(tiny), "check"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and errors[0].startswith("content/editions/2025-q1/pages/en/index.md:9: ")
    assert errors[1] == "sitegen: 1 problem(s); nothing was written"
