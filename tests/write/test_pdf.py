"""Each edition's PDF: made by the publishing build, linked with its size, cached, left out of previews."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pypdf
import pytest

from sitegen.build import build
from sitegen.charts import plot, registry, workers
from sitegen.errors import BuildError
from sitegen.render.formats import format_size
from sitegen.render.printdoc import PrintDocument
from sitegen.write import pdf
from tests.charts.chartproject import load, messages, run_python, write_project
from tests.conftest import make_tiny
from tests.site.sitecheck import INSTALL_HINT

DA, EN = "da/2025-q1/briefing-2025-q1-da.pdf", "en/2025-q1/briefing-2025-q1-en.pdf"
ADDRESS = "https://example.org/uru/"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project built for publishing under a full address: the site folder."""
    root = make_tiny(tmp_path_factory.mktemp("published") / "project")
    build(root, base_url=ADDRESS)
    return root / "site"


def text_of(path: Path) -> list[str]:
    """The text of each page, as Poppler's pdftotext reads it."""
    if not shutil.which("pdftotext"):
        pytest.fail(f"pdftotext is missing: {INSTALL_HINT}")
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]


def test_every_page_of_the_edition_links_its_pdf_with_its_size(published: Path) -> None:
    for path, label in ((DA, "Hent briefingen som PDF ({})"), (EN, "Download the briefing as PDF ({})")):
        lang = path[:2]
        size = format_size((published / path).stat().st_size, lang)
        link = f'<a href="/uru/{path}" type="application/pdf">{label.format(size)}</a>'
        for page in (published / lang / "2025-q1").rglob("index.html"):
            assert link in page.read_text(), page
        assert link in (published / lang / "index.html").read_text()  # the front is the newest edition


def test_the_editions_page_and_the_feed_list_each_pdf(published: Path) -> None:
    size = (published / DA).stat().st_size
    editions = (published / "da/udgaver/index.html").read_text()
    assert (
        f'<a href="/uru/{DA}" type="application/pdf">Udgaven for 1. kvartal 2025 som PDF ({format_size(size, "da")})</a>'
        in editions
    )
    feed = (published / "da/feed.xml").read_text()
    assert f'<link rel="enclosure" type="application/pdf" href="{ADDRESS}{DA}" length="{size}"' in feed


def test_the_cover_states_the_edition_and_every_page_its_title_address_and_number(published: Path) -> None:
    pages = text_of(published / DA)
    cover = " ".join(pages[0].split())
    source = "Folketinget, Udenrigsudvalget, URU Alm.del Bilag 219 (2024-25): Henvendelse om minerydning (21. maj 2025)."
    for fact in ("Testbriefing", "Udgave: 1. kvartal 2025", "Data pr. 31. marts 2025", "Udgivet 28. maj 2025",
                 "Udgiver Testudvalgets sekretariat", f"Kilde {source}", f"På nettet {ADDRESS}da/2025-q1/",
                 "Tallene er, som ANAMA opgiver dem."):  # fmt: skip
        assert fact in cover
    assert "Testbriefing · 1. kvartal 2025" not in cover and "1 / " not in cover  # no running title
    for number, page in enumerate(pages[1:], start=2):
        assert "Testbriefing · 1. kvartal 2025" in page
        assert f"{ADDRESS}da/2025-q1/" in page
        assert re.search(rf"(?<!\d){number} ?/ ?{len(pages)}(?!\d)", page), f"page {number}"
    english = " ".join(text_of(published / EN)[0].split())  # each language's own words and publisher
    for fact in ("Edition: Q1 2025", "Data as of 31 March 2025", "Published 28 May 2025",
                 "Publisher Secretariat of the Test Committee", "Source Danish Parliament"):  # fmt: skip
        assert fact in english


def test_links_inside_the_briefing_stay_in_the_pdf_and_others_lead_to_the_web(published: Path) -> None:
    reader = pypdf.PdfReader(published / DA)
    uris, internal = set(), []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
            else:
                internal.append(str(annotation.get_object()["/Dest"]))
    # The cover's address; a table's CSV download is left off paper, as in the web pages' print
    assert uris == {f"{ADDRESS}da/2025-q1/"}
    assert "CSV" not in "".join(text_of(published / DA))
    # the contents, and the front page's links to the data page (from its text and from a key figure's
    # note) and to a glossary term
    assert len(internal) >= 3
    targets = {"page-data", "page-glossary", "page-data--note-erw_share_pct", "page-glossary--apm"}
    assert targets <= set(internal)


def test_preview_leaves_the_pdfs_out_and_the_pages_say_so(tiny: Path) -> None:
    built = build(tiny, preview=True)
    assert not [path for path in built.files if path.endswith(".pdf")]
    assert built.pdfs_made == ()
    page = (tiny / "site/da/2025-q1/index.html").read_text()
    assert (
        "Forhåndsvisning: PDF-udgaven af briefingen dannes, når webstedet bygges til offentliggørelse" in page
    )
    assert "som PDF" not in (tiny / "site/da/udgaver/index.html").read_text()
    assert "enclosure" not in (tiny / "site/da/feed.xml").read_text()


def test_a_rebuild_with_every_pdf_cached_does_not_import_weasyprint(tiny: Path) -> None:
    first = build(tiny)
    assert sorted(first.pdfs_made) == [DA, EN]
    script = f"""
        import json, sys
        from pathlib import Path
        from sitegen.build import build
        built = build(Path({str(tiny)!r}))
        print(json.dumps({{"made": built.pdfs_made, "weasyprint": "weasyprint" in sys.modules}}))
    """
    assert json.loads(run_python(script)) == {"made": [], "weasyprint": False}


def test_a_prose_edit_makes_that_pdf_again_and_no_other(tiny: Path) -> None:
    build(tiny)
    before = (tiny / "site" / EN).read_bytes()
    page = tiny / "content/editions/2025-q1/pages/da/index.md"
    page.write_text(page.read_text().replace("Se [tabellen]", "Se [tabellen her]"))
    assert build(tiny).pdfs_made == (DA,)
    assert (tiny / "site" / EN).read_bytes() == before
    assert "tabellen her" in "".join(text_of(tiny / "site" / DA))
    kept = sorted(
        p.relative_to(tiny / ".cache/pdf").parent.as_posix() for p in (tiny / ".cache/pdf").rglob("*.pdf")
    )
    assert kept == ["da/2025-q1/briefing-2025-q1-da", "en/2025-q1/briefing-2025-q1-en"]  # one version each
    for folder in {(tiny / ".cache/pdf" / name) for name in kept}:  # and its stamp, nothing else
        assert sorted(p.suffix for p in folder.iterdir()) == [".pdf", ".stamp"]


def test_a_pdf_edited_through_the_site_is_made_again(tiny: Path) -> None:
    """The site hard-links cached PDFs: an edit of a site file in place must not be published again."""
    build(tiny)
    assert build(tiny).pdfs_made == ()  # the site now links the cached PDFs
    before = (tiny / "site" / DA).read_bytes()
    with (tiny / "site" / DA).open("ab") as edit:  # as `>>` or an editor that writes in place would
        edit.write(b"%edited")
    assert build(tiny).pdfs_made == (DA,)
    assert (tiny / "site" / DA).read_bytes() == before
    for stamp in (tiny / ".cache/pdf").rglob("*.stamp"):  # a cache of the version before stamps
        stamp.unlink()
    assert sorted(build(tiny).pdfs_made) == [DA, EN]


def test_the_same_document_gives_the_same_bytes_here_and_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = PrintDocument(
        "da/x.pdf", "/da/x.pdf", "da", '<html lang="da"><title>x</title><p>Ryddet: 11.002,4 ha</p>', {}
    )
    job = pdf.job(doc)
    assert job.packed == doc.packed  # a worker gets the document deflated, as the build keeps it
    here = pdf.render_pdf(job)
    assert isinstance(here, bytes)
    pools = []

    def shared_pool(*args: int) -> object:
        pools.append(args)
        return real_pool(*args)

    real_pool = workers.worker_pool
    monkeypatch.setattr(workers, "worker_pool", shared_pool)
    assert list(pdf.render_all([job, job])) == [here, here]  # two jobs: two worker processes
    assert pools == [()]  # the pool whose workers die with the build, as the charts' does


def test_a_charts_words_are_text_in_the_pdf_set_in_the_briefings_font(tmp_path: Path) -> None:
    """The print drawing names Matplotlib's DejaVu Sans: the PDF sets its words in its own copy of that
    typeface (whatever the system has), as text a reader can select and search."""
    editions, schema = load(write_project(tmp_path / "project"))
    [chart] = [p for p in registry.prepare_charts(editions, schema, messages()) if p.lang == "da"][:1]
    printed = plot.draw(chart.drawing).printed
    words = [unescape(w) for w in re.findall(r"<text [^>]*>([^<]*)</text>", printed.decode())]
    html = '<html lang="da"><title>x</title><img src="/charts/a.svg" alt="Et diagram">'
    doc = PrintDocument("da/x.pdf", "/da/x.pdf", "da", html, {"/charts/a.svg": printed})
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf.render_pdf(pdf.job(doc)))
    text = " ".join(" ".join(text_of(path)).split())
    assert words and all(" ".join(w.split()) in text for w in words)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = {row.split()[0].partition("+")[2] for row in fonts.splitlines()[2:]}
    assert names == {"Briefing-DejaVu-Sans", "Briefing-DejaVu-Sans-Bold"}  # labels; panel titles


def test_a_long_run_of_pdfs_is_made_on_renewed_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """More PDFs than a worker makes (a new archive): a fresh pair of workers for each few, same bytes."""
    monkeypatch.setattr(pdf, "RENEW_AFTER", 2)
    html = '<html lang="da"><title>x</title><p>Side {}</p>'
    docs = [PrintDocument(f"da/{i}.pdf", f"/da/{i}.pdf", "da", html.format(i), {}) for i in range(9)]
    jobs = [pdf.job(doc) for doc in docs]
    pools = []
    real_pool = workers.worker_pool
    monkeypatch.setattr(
        workers, "worker_pool", lambda **options: pools.append(options) or real_pool(**options)
    )
    assert list(pdf.render_all(jobs)) == [pdf.render_pdf(job) for job in jobs]
    assert pools == [{"fresh": True}] * 3  # 4 + 4 + 1 PDFs: two a worker at most


def test_making_pdfs_leaves_no_temporary_files(tiny: Path, tmp_path: Path) -> None:
    """WeasyPrint copies the fonts to a temporary folder; the workers must not leave it behind."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    script = f"build(Path({str(tiny)!r}))"
    env = {**os.environ, "TMPDIR": str(temporary)}
    done = subprocess.run([sys.executable, "-c", f"from pathlib import Path\nfrom sitegen.build import build\n{script}"],
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tiny / "site" / DA).is_file()
    assert list(temporary.iterdir()) == []


def test_a_pdf_leaves_no_fonts_behind_when_its_warnings_are_kept(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A warning WeasyPrint logs can hold an exception, and with it the document's fonts, as long as a
    handler keeps the record (pytest's does): the fonts' temporary copies go all the same."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    html = '<html lang="da"><style>p::-webkit-x { color: red }</style><title>x</title><p>Side</p>'
    doc = PrintDocument("da/x.pdf", "/da/x.pdf", "da", html, {})
    assert isinstance(pdf.render_pdf(pdf.job(doc)), bytes)
    assert any(record.args for record in caplog.records)  # the warning, and what it holds, are still here
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_that_cannot_be_made_is_reported_with_its_place(tmp_path: Path) -> None:
    html = '<html lang="da"><title>x</title><img src="/charts/missing.svg" alt="Et diagram">'
    doc = PrintDocument("da/x.pdf", "/da/x.pdf", "da", html, {})
    with pytest.raises(BuildError) as caught:
        pdf.make_pdfs([doc], tmp_path)
    [problem] = caught.value.problems
    assert str(problem).startswith("templates/pdf.html: da/x.pdf: the PDF could not be made: ")
    assert "https://site.invalid/charts/missing.svg" in problem.message
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_worker_that_dies_leaves_its_pdfs_to_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed (out of memory, say) breaks the pool: the build makes the rest itself, as with charts."""
    doc = PrintDocument("da/x.pdf", "/da/x.pdf", "da", '<html lang="da"><title>x</title><p>Ryddet</p>', {})
    job = pdf.job(doc)
    here = pdf.render_pdf(job)
    build_process, real, laid_out_here = os.getpid(), pdf.lay_out, []

    def dies_in_a_worker(job: pdf.Job, fonts: object) -> object:
        if os.getpid() != build_process:  # a forked worker looks the function up in its copy of the module
            os._exit(9)
        laid_out_here.append(job.path)
        return real(job, fonts)

    monkeypatch.setattr(pdf, "lay_out", dies_in_a_worker)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)  # fork, whatever threads tests left
    assert list(pdf.render_all([job, job])) == [here, here]
    assert laid_out_here == ["da/x.pdf", "da/x.pdf"]  # both, after the pool broke
