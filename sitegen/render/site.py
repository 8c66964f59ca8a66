"""The render stage: every output file of the site as a mapping of site paths to bytes, in memory."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from ..errors import Problem, processing
from .bodies import Bodies
from .context import RenderContext, RenderInput
from .identifiers import document_problems, identifier_problems, internal_identifiers
from .memo import BodyMemo
from .pages import is_front, render_page
from .printdoc import PRINT_TEMPLATE, PrintDocument, print_documents
from .routes import EDITIONS_SLUG, SEARCH_SLUG, owner
from .sitefiles import site_files
from .structure import page_problems, print_problems
from .translations import missing_problems

Content = bytes | Path  # a Path is an unchanged file from a cache, linked or copied as it is
PdfMaker = Callable[[list[PrintDocument]], Mapping[str, Content]]  # print documents -> PDFs by site path


class SiteFiles:
    """The site in memory: path -> bytes or a cached file; refuses unsafe paths and double writes."""

    def __init__(self) -> None:
        self.files: dict[str, Content] = {}

    def add(self, path: str, data: Content) -> None:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or not path or path.endswith("/"):
            raise ValueError(f"refusing to write outside the site: {path!r}")
        if path in self.files:
            raise ValueError(f"two outputs want the same file: {path}")
        self.files[path] = data


def render_site(
    data: RenderInput,
    reuse: Mapping[str, Mapping[str, Path]],
    make_pdfs: PdfMaker | None = None,
    memo: BodyMemo | None = None,
) -> tuple[dict[str, Content], list[Problem]]:
    """Every output file of the site, and every problem found while rendering.

    Editions in `reuse` (slug -> their unchanged files from an earlier build) are not rendered again.
    `make_pdfs` turns the other editions' print documents into PDFs first, so that the pages can give
    their sizes; without it (a preview) the pages say the PDFs are left to the publishing build. `memo`
    holds page bodies from the last build and gathers this build's for the next."""
    ctx = RenderContext(data)
    bodies = Bodies(ctx, memo=memo)
    files = SiteFiles()
    identifiers = internal_identifiers(data.schema, {key for v in data.views.values() for key in v.values})
    problems: list[Problem] = []
    printed: list[Problem] = []
    if make_pdfs is not None:
        pdfs, printed, problems = printed_editions(ctx, bodies, set(reuse), make_pdfs, identifiers)
        for path, content in sorted(pdfs.items()):
            files.add(path, content)
        reused = {path: content for slug in reuse for path, content in reuse[slug].items()}
        made = {**files.files, **reused}
        ctx.pdfs.update({path: size(content) for path, content in made.items() if path.endswith(".pdf")})
    for route in data.site.routes:
        if not (route.kind == "page" and route.edition and route.edition.slug in reuse):
            with processing(route.page.path if route.page else route.file):
                html = render_page(ctx, bodies, route)
            files.add(route.file, html)
            body, where = (
                (bodies.html(route), route.page.path) if route.page else ("", "templates/editions.html")
            )
            problems += page_problems(html.decode(), body, route.page, where)
    for path, content in site_files(ctx).items():
        files.add(path, content)
    for path, content in sorted({**data.source_files, **data.assets}.items()):
        if owner(path, set(reuse)):
            continue  # a reused edition's table downloads come with its cached files
        files.add(path, content)
    for (edition, chart_id, lang), chart in sorted((data.charts or {}).items()):
        base = f"charts/{edition}/{chart_id}"
        files.add(f"{base}-{lang}.svg", chart.wide)
        files.add(f"{base}-{lang}-narrow.svg", chart.narrow)
        files.add(f"{base}-{lang}.png", chart.png)
        if lang == data.config.langs[0]:
            files.add(f"{base}.csv", chart.csv)
    for slug in sorted(reuse):
        for path, cached in sorted(reuse[slug].items()):
            files.add(path, cached)
    pages = {route.file: route.page for route in data.site.routes if route.page}
    exposed = identifier_problems(files.files, pages, identifiers)
    # An identifier a page shows is reported there, at its Markdown line; the print document only adds
    # what its own cover and contents would show.
    exposed += [p for p in printed if p.message not in {q.message for q in exposed}]
    return files.files, (
        bodies.problems + problems + exposed + missing_problems(data.catalogs, data.translations)
    )


def printed_editions(
    ctx: RenderContext, bodies: Bodies, skip: set[str], make_pdfs: PdfMaker, identifiers: frozenset[str]
) -> tuple[Mapping[str, Content], list[Problem], list[Problem]]:
    """The PDFs of the editions not in `skip` (none if a page is broken), the identifiers their print
    documents expose, and their other problems.

    The documents live only here: the pages rendered after them do not need them."""
    with processing(PRINT_TEMPLATE):
        docs = print_documents(ctx, bodies, skip)
    exposed: list[Problem] = []
    problems: list[Problem] = []
    for doc in docs:
        html = doc.html
        exposed += document_problems(doc.path, html, None, identifiers)
        problems += print_problems(html, doc.path, PRINT_TEMPLATE)
    if any(not p.warning for p in bodies.problems + exposed + problems):  # no PDF of a broken page
        return {}, exposed, problems
    return make_pdfs(docs), exposed, problems


def size(content: Content) -> int:
    """A file's size in bytes, in memory or on disk."""
    return content.stat().st_size if isinstance(content, Path) else len(content)


def content_bytes(content: Content) -> bytes:
    """A file's bytes, in memory or read from disk."""
    return content.read_bytes() if isinstance(content, Path) else content


def check_bodies(data: RenderInput, unreliable: frozenset[str | None] = frozenset()) -> list[Problem]:
    """Problems in page bodies alone, for a project whose layout is broken elsewhere.

    References in pages of `unreliable` editions (None: shared pages) are not checked: their data did not
    load, and that cause is reported already."""
    bodies = Bodies(RenderContext(data), unreliable)
    for route in data.site.routes:
        if route.kind == "page":
            bodies.html(route)
            if is_front(route):
                for figure in data.config.key_figures:
                    bodies.context_line(route, figure)
    return bodies.problems


def reserved_slugs() -> dict[str, set[str]]:
    """Evergreen slugs the generator uses itself."""
    return {
        lang: {EDITIONS_SLUG[lang], SEARCH_SLUG[lang], "404", "assets", "charts", "data", "pagefind"}
        for lang in EDITIONS_SLUG
    }
