"""The notice on a stale translation: shown only when site.toml asks for it and the original changed."""

from pathlib import Path

from sitegen.build import build
from tests.gitrepo import commit, init

DA = "content/pages/da/glossary.md"
DATED = "The Danish version of this page was updated on 3 June 2025; this translation may not reflect every change."
UNDATED = "The Danish version of this page has been updated; this translation may not reflect every change."


def notice_on(tiny: Path) -> None:
    site = tiny / "content/site.toml"
    site.write_text("translation_notice = true\n" + site.read_text())


def edit_danish(tiny: Path) -> None:
    (tiny / DA).write_text((tiny / DA).read_text().replace("Antipersonelmine.", "Antipersonelmine (APM)."))


def pages(tiny: Path) -> dict[str, str]:
    files = build(tiny, tiny / "site").files
    return {path: data.decode() for path, data in files.items() if path.endswith(".html")}


def with_notice(html: dict[str, str]) -> list[str]:
    return sorted(path for path, text in html.items() if 'class="stale-notice"' in text)


def test_no_notice_while_every_translation_is_current(tiny: Path) -> None:
    notice_on(tiny)
    assert with_notice(pages(tiny)) == []


def test_no_notice_on_a_stale_page_unless_the_setting_is_on(tiny: Path) -> None:
    edit_danish(tiny)
    assert with_notice(pages(tiny)) == []


def test_a_stale_translation_tells_its_readers_the_day_the_danish_changed(tiny: Path) -> None:
    notice_on(tiny)
    init(tiny, "2025-05-01")
    edit_danish(tiny)
    commit(tiny, "Ordliste", "2025-06-03")
    html = pages(tiny)
    assert with_notice(html) == ["en/glossary/index.html"]  # not the Danish page, nor other pages
    assert f'<p class="stale-notice">{DATED}</p>' in html["en/glossary/index.html"]


def test_without_a_day_the_notice_says_only_that_the_danish_changed(tiny: Path) -> None:
    notice_on(tiny)
    edit_danish(tiny)  # no git history: the day is not known
    html = pages(tiny)
    assert with_notice(html) == ["en/glossary/index.html"]
    assert f'<p class="stale-notice">{UNDATED}</p>' in html["en/glossary/index.html"]


def test_the_search_pages_strings_for_its_script_are_escaped_once(tiny: Path) -> None:
    """The status lines the script fills in: a translation is escaped like any text (templates.py), so a
    Danish quotation mark reaches the script as '"', not as '&#34;'."""
    files = build(tiny, tiny / "site", preview=True).files
    da = files["da/soeg/index.html"].decode()
    assert 'data-none="Ingen sider passer til &#34;{q}&#34;."' in da
    assert 'data-many="{n} sider passer til &#34;{q}&#34;, de bedste først."' in da
    en = files["en/search/index.html"].decode()
    assert 'data-one="One page matches “{q}”."' in en


def test_the_summary_is_the_meta_description_and_the_lede(tiny: Path) -> None:
    for lang, text in (
        ("da", "Ord og forkortelser på siderne."),
        ("en", "Words & abbreviations on the pages."),
    ):
        page = tiny / f"content/pages/{lang}/glossary.md"
        page.write_text(page.read_text().replace("order = 100\n", f'order = 100\nsummary = "{text}"\n'))
    build(tiny, tiny / "site", preview=True)
    da = (tiny / "site/da/ordliste/index.html").read_text()
    en = (tiny / "site/en/glossary/index.html").read_text()
    assert '<meta name="description" content="Ord og forkortelser på siderne.">' in da
    assert '<p class="lede">Ord og forkortelser på siderne.</p>' in da
    assert '<meta name="description" content="Words &amp; abbreviations on the pages.">' in en
    assert '<p class="lede">Words &amp; abbreviations on the pages.</p>' in en
    # a page without a summary is described by the site's one line
    accessibility = (tiny / "site/da/tilgaengelighed/index.html").read_text()
    assert '<meta name="description" content="En lille briefing til test.">' in accessibility
