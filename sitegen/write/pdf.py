"""Each edition's PDF: its print document (render/printdoc.py) laid out by WeasyPrint, cached by everything
its bytes depend on.

WeasyPrint is imported only to make a PDF the cache lacks, so a rebuild whose PDFs are all cached never
loads it; several PDFs are made on two worker processes that die with the build."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import util
from pathlib import Path, PurePosixPath

from ..charts.cache import record_stamps, replace_atomically, unchanged
from ..collector import collected_after
from ..errors import BuildError, Problem, processing
from ..render.printdoc import PRINT_TEMPLATE, PrintDocument, unpacked
from ..render.site import content_bytes
from ..report import Report

VARIANT = "pdf/ua-1"  # tagged, with the document's language and title: readable by screen readers
SITE = "https://site.invalid"  # the origin the document's files are served from, in memory, never fetched
FONTS = "https://fonts.invalid/"
SVG = "image/svg+xml"
# PDFs a worker makes before a fresh one takes over, in a run longer than that (a new archive, a code
# change): WeasyPrint keeps about 2.5 MB after each PDF, and a forked worker starts with the build's
# memory, so a hundred editions' PDFs grew a worker to 730 MB. A few PDFs keep the quicker forked workers.
RENEW_AFTER = 16
# The families assets/pdf.css asks for: DejaVu Sans (and Mono, for code) from Matplotlib's copy, a locked
# dependency and the charts' typeface. The same fonts, so the same PDF, on every machine, whatever fonts
# its system has.
SANS, MONO = "Briefing DejaVu Sans", "Briefing DejaVu Sans Mono"
FACES = (
    (SANS, "DejaVuSans.ttf", "normal", "normal"),
    (SANS, "DejaVuSans-Bold.ttf", "bold", "normal"),
    (SANS, "DejaVuSans-Oblique.ttf", "normal", "italic"),
    (SANS, "DejaVuSans-BoldOblique.ttf", "bold", "italic"),
    (MONO, "DejaVuSansMono.ttf", "normal", "normal"),
    (MONO, "DejaVuSansMono-Bold.ttf", "bold", "normal"),
)


@dataclass(frozen=True)
class Job:
    """What a worker needs to make one PDF: plain data, so it can be sent to another process."""

    path: str
    packed: bytes  # the document's HTML, deflated (PrintDocument.packed)
    base_url: str
    files: dict[str, bytes | Path]  # URL -> content


def make_pdfs(
    docs: Sequence[PrintDocument], cache_dir: Path, report: Report | None = None
) -> tuple[dict[str, bytes | Path], list[str]]:
    """Every document's PDF by site path (a cached file where the cache has it), and the paths made anew.

    `report` shows the layout's progress and counts the PDFs made and reused."""
    report = report or Report()
    keys: dict[str, str] = {}
    found: dict[str, bytes | Path] = {}
    misses = []
    for doc in docs:
        with processing(doc.path):
            keys[doc.path] = pdf_key(doc)
            cached = entry(cache_dir, doc.path, keys[doc.path])
            if unchanged(cached.with_suffix(".stamp"), [cached]):
                found[doc.path] = cached
            else:
                misses.append(job(doc))
    problems = []
    made = report.steps("PDFs", "made", render_all(misses), len(misses))
    for item, result in zip(misses, made, strict=True):
        if isinstance(result, bytes):
            with processing(item.path):
                store(cache_dir, item.path, keys[item.path], result)
            found[item.path] = entry(cache_dir, item.path, keys[item.path])  # linked, not held in memory
        else:
            problems.append(Problem(PRINT_TEMPLATE, 0, f"{item.path}: the PDF could not be made: {result}"))
    if problems:
        raise BuildError(problems)
    report.tally("PDFs", made=len(misses), reused=len(docs) - len(misses))
    return found, [item.path for item in misses]


def job(doc: PrintDocument) -> Job:
    """A document with its files at the URLs it names them by, and the fonts."""
    files = {SITE + link: content for link, content in doc.resources.items()}
    files.update({FONTS + name: font_dir() / name for _family, name, _weight, _style in FACES})
    return Job(doc.path, doc.packed, SITE + doc.url, files)


def pdf_key(doc: PrintDocument) -> str:
    """Hash of everything a PDF's bytes depend on: the document, every file it loads, the engine."""
    digest = hashlib.sha256(f"{engine()}\0{doc.html}\0".encode())
    for path, content in sorted(doc.resources.items()):
        data = content_bytes(content)
        digest.update(f"{path}\0{hashlib.sha256(data).hexdigest()}\0".encode())
    return digest.hexdigest()


@cache
def engine() -> str:
    """The PDF engine as a cache key: WeasyPrint's and pydyf's versions, the fonts and this module.

    Read from the installed metadata and the files, so that asking does not import WeasyPrint (and a
    preview, which never asks, does not import importlib.metadata either)."""
    from importlib import metadata

    parts = {name: metadata.version(name) for name in ("weasyprint", "pydyf")}
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for _family, name, _weight, _style in FACES:
        digest.update((font_dir() / name).read_bytes())
    parts["files"] = digest.hexdigest()
    return json.dumps(parts, sort_keys=True)


@cache
def font_dir() -> Path:
    """Matplotlib's font folder, found without importing Matplotlib."""
    spec = util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations, "Matplotlib is a dependency"
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def entry(cache_dir: Path, path: str, key: str) -> Path:
    """The cache file of one PDF: a folder per PDF holds its current version only."""
    return cache_dir / PurePosixPath(path).with_suffix("") / f"{key}.pdf"


def store(cache_dir: Path, path: str, key: str, data: bytes) -> None:
    """Keep a new PDF and its stamp (as the chart cache does: an edit through site/ is noticed); drop the
    versions it replaces."""
    target = entry(cache_dir, path, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(target, data)
    record_stamps(target.with_suffix(".stamp"), [target])
    for old in [*target.parent.glob("*.pdf"), *target.parent.glob("*.stamp")]:
        if old.stem != key:
            old.unlink()


def render_all(jobs: Sequence[Job]) -> Iterator[bytes | str]:
    """Each job's PDF, or what went wrong, in order as each is made: here for one, else on two worker
    processes (as the charts are drawn), renewed every RENEW_AFTER PDFs in a long run."""
    if len(jobs) <= 1:
        return (render_pdf(j) for j in jobs)
    from ..charts.workers import in_workers

    long_run = len(jobs) > RENEW_AFTER
    return in_workers(render_pdf, jobs, per_worker=RENEW_AFTER if long_run else None)


def render_pdf(job: Job) -> bytes | str:
    """Lay out one document and write its PDF, or say what went wrong (module-level: a worker runs it)."""
    try:
        import weasyprint
    except OSError as exc:  # Pango or one of its libraries is missing
        return f"WeasyPrint cannot start ({exc}); run `sh scripts/install-system-deps.sh` as root"
    from weasyprint.text.fonts import FontConfiguration

    errors = ErrorLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    fonts = FontConfiguration()
    try:
        with collected_after():
            data = lay_out(job, fonts).write_pdf(pdf_variant=VARIANT)
    except (Exception, weasyprint.urls.FatalURLFetchingError) as exc:  # reported with the document's name
        return f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(errors)
        discard(fonts)
    return "; ".join(errors.messages) if errors.messages else data


def lay_out(job: Job, fonts):  # (Job, weasyprint FontConfiguration) -> weasyprint.Document
    """The document laid out in pages by WeasyPrint, with the PDF's fonts and only the job's files."""
    import weasyprint

    fetcher = memory_fetcher(weasyprint, job.files)
    faces = weasyprint.CSS(string=font_faces(), url_fetcher=fetcher, font_config=fonts)
    html = weasyprint.HTML(string=unpacked(job.packed), base_url=job.base_url, url_fetcher=fetcher)
    return html.render(stylesheets=[faces], font_config=fonts)


def discard(fonts) -> None:  # a weasyprint FontConfiguration
    """Remove the temporary copies of the fonts now. WeasyPrint removes them only when the configuration
    is collected, which anything still holding it puts off: a kept log record of a warning with its
    exception (pytest keeps them all) does, and a worker process ends without collecting at all."""
    folder = getattr(fonts, "_folder", None)  # where FontConfiguration copies the fonts (WeasyPrint 6x)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        fonts._folder = None


def font_faces() -> str:
    """@font-face rules for the PDF's families, at the URLs the fetcher serves the fonts from."""
    return "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{FONTS}{name}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, name, weight, style in FACES
    )


def memory_fetcher(weasyprint, files: Mapping[str, bytes | Path]):  # -> weasyprint.urls.URLFetcher
    """A URL fetcher that serves only the job's files, from memory; anything else stops the PDF."""

    class MemoryFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url: str, headers: object = None) -> object:
            content = files[url.partition("#")[0]]  # a KeyError names the URL nobody provided
            data = content_bytes(content)
            if mime_type(url) == SVG:
                data = in_pdf_fonts(data)
            return weasyprint.urls.URLFetcherResponse(url, data, {"Content-Type": mime_type(url)})

    return MemoryFetcher(fail_on_errors=True)


def in_pdf_fonts(svg: bytes) -> bytes:
    """A chart's words are set in DejaVu Sans, Matplotlib's typeface: in the PDF, in the same font files
    under the PDF's own family name, so no system font is ever asked for."""
    return svg.replace(b"font-family: 'DejaVu Sans'", f"font-family: '{SANS}'".encode())


def mime_type(url: str) -> str:
    suffix = PurePosixPath(url).suffix
    return {".css": "text/css", ".svg": SVG, ".ttf": "font/ttf", ".png": "image/png"}[suffix]


class ErrorLog(logging.Handler):
    """Collects the errors WeasyPrint logs instead of raising (an image it could not read, say)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
