"""build(): the one place that orders the stages load -> validate -> compute -> render -> write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .collector import settle, settling
from .compute.editions import EditionView, check_flow_keys, consistency_problems, derive_all
from .compute.figures import check_formulas, figure_values
from .compute.series import Series
from .compute.translations import CURRENT, STALE, changed_on, status_problems, translation_status
from .compute.typos import typo_warnings
from .errors import Problem, raise_if
from .load.assets import check_templates, load_assets
from .load.catalogs import Catalog, check_catalogs, load_catalogs
from .load.dataset import Edition, edition_folders, load_editions
from .load.files import Digests, unsafe_entries
from .load.history import file_versions, head
from .load.ledger import CATALOG, Ledger, Pair, check_ledger, load_ledger, load_pairs
from .load.memo import LoadMemo
from .load.pages import Page, check_pages, load_pages
from .load.schema import Schema, load_schema
from .load.settings import LANGS, Config, load_config
from .render.context import RenderInput
from .render.memo import BodyMemo
from .render.parity import parity_problems
from .render.printdoc import PrintDocument
from .render.routes import plan_routes
from .render.site import Content, PdfMaker, check_bodies, render_site, reserved_slugs
from .render.translations import StrictTranslations, translations
from .report import Report
from .write import pagecache
from .write.bodycache import load_memo, store_memo
from .write.datacache import data_key, load_data, store_data
from .write.downloads import data_downloads, table_downloads
from .write.output import check_target, write_site
from .write.parsedcache import load_parsed, store_parsed

CACHE_DIR = ".cache/charts"
DATA_CACHE = ".cache/data"
EMPTY_SERIES = Series({}, {}, {}, {}, {}, {}, ())
TEMPLATE_CACHE = ".cache/templates"
PAGE_CACHE = ".cache/pages"
BODY_CACHE = ".cache/bodies"
PARSED_CACHE = ".cache/parsed"
PDF_CACHE = ".cache/pdf"
SEARCH_CACHE = ".cache/search"


@dataclass(frozen=True)
class Project:
    """Everything read from disk, before any derivation."""

    config: Config | None
    schema: Schema
    editions: list[Edition]
    pages: list[Page]
    catalogs: dict[str, Catalog]
    problems: tuple[Problem, ...]  # found while loading
    assets: dict[str, bytes]  # templates/assets, by site path
    ledger: Ledger  # translations/pages.toml: what each translation was recorded against
    pairs: tuple[Pair, ...]  # every original with its translation, as files
    unreliable: frozenset[str | None] = frozenset()  # editions whose data did not load (None: shared pages)
    templates_ok: bool = True  # every template is readable text: rendering may use them


@dataclass(frozen=True)
class Built:
    """What a build wrote, and the warnings it published anyway."""

    files: dict[str, Content]
    warnings: tuple[Problem, ...]
    written: tuple[str, ...]  # every file written into the output folder, its marker included
    pdfs_made: tuple[str, ...] = ()  # PDFs laid out anew (the others came from the cache)


def build(
    root: Path,
    out: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    preview: bool = False,
    report: Report | None = None,
) -> Built:
    """Build the site of the project at `root` into `out` (default root/site), each edition's PDFs and the
    search index too unless `preview` (the edit loop, which should not wait for them).

    Raises BuildError on any error, or on any warning when `strict` (the publishing build). `report`
    shows progress on long work and gathers the counts of the summary."""
    out = out or root / "site"
    report = report or Report()
    check_target(out, root)  # before any work: a refused --out fails at once
    with settling():  # what lasts the build is kept from the collector until it ends
        config = load_config(root, base_url)[0]
        history = head(root) if config and config.translation_notice else ""  # notices carry git's dates
        if not preview:  # a preview makes no PDF and no search index: it does not import their modules
            from .write import pdf, search
        variant = "preview" if preview else pdf.engine()  # the pages link the PDFs, made by this engine
        made: list[str] = []

        def make_pdfs(docs: list[PrintDocument]) -> dict[str, Content]:
            found, fresh = pdf.make_pdfs(docs, root / PDF_CACHE, report)
            made.extend(fresh)
            return found

        maker = None if preview else make_pdfs
        memo, parsed = load_memo(root / BODY_CACHE), load_parsed(root / PARSED_CACHE)
        rendered = render(root, base_url, True, strict, maker, variant, history, report, memo, parsed)
        report.tally("pages", **pages_per_language(rendered.files))
        if not preview:
            rendered.files.update(search.search_index(rendered.files, root / SEARCH_CACHE, report))
        # the caches are kept before the swap: a failure to keep them (a full disk) leaves site/ as it was
        pagecache.store(root / PAGE_CACHE, rendered.keys, rendered.files, set(rendered.reuse))
        store_memo(root / BODY_CACHE, memo)
        store_parsed(root / PARSED_CACHE, parsed)
        data = rendered.data
        if data.fresh:
            store_data(root / DATA_CACHE, data.key, data.series, data.files, rendered.typos)
        written = write_site(rendered.files, out, root)
        return Built(rendered.files, tuple(rendered.warnings), written, tuple(made))


def pages_per_language(files: dict[str, Content]) -> dict[str, int]:
    """How many HTML pages each language has, for the summary."""
    return {lang: sum(p.startswith(f"{lang}/") and p.endswith(".html") for p in files) for lang in LANGS}


def check(root: Path, strict: bool = False) -> list[Problem]:
    """Run every stage but drawing and writing; raise BuildError listing every problem, or return warnings.

    The print documents are put together (their problems are the build's) but not made into PDFs."""
    with settling():
        return render(root, None, False, strict, lambda docs: {}).warnings


def edition_slugs(root: Path) -> list[str]:
    """Edition folders, oldest first (by the period each names)."""
    return [p.name for p in edition_folders(root)]


@dataclass(frozen=True)
class DataOutputs:
    """The series over editions and the data downloads, with the key they are cached by."""

    series: Series
    files: dict[str, bytes]  # workbooks, the archive's CSV files and descriptor, by site path
    key: str
    fresh: bool  # made by this build (pandas imported), not taken from the cache
    typos: tuple[Problem, ...] | None = None  # the typo warnings, when cached with the series


@dataclass(frozen=True)
class Rendered:
    """The site in memory, its warnings, and what the caches keep once it is written."""

    files: dict[str, Content]
    warnings: list[Problem]
    data: DataOutputs
    keys: dict[str, str]  # the page cache's key of each older edition
    reuse: dict[str, dict[str, Path]]  # older editions whose files came from the page cache
    typos: tuple[Problem, ...]  # kept with the series: they follow from the same inputs


def render(
    root: Path,
    base_url: str | None,
    draw_charts: bool,
    strict: bool,
    make_pdfs: PdfMaker | None,
    variant: str = "preview",
    history: str = "",
    report: Report | None = None,
    memo: BodyMemo | None = None,
    parsed: LoadMemo | None = None,
) -> Rendered:
    """Load, validate, compute and render in memory; fail once with all problems.

    Older editions whose inputs are unchanged (and, for a build, in the page cache) are not rendered
    again: their files come from the cache; nor are page bodies `memo` holds whose references still
    resolve alike, nor pages and editions `parsed` holds from the same bytes parsed again."""
    report = report or Report()
    memo = memo or BodyMemo()
    digests = parsed.digests if parsed else Digests()  # without a memo (check) nothing is kept
    project, problems = load(root, base_url, parsed)
    settle()  # the project lasts the whole build
    problems += validate(project, memo)
    ready = project.config is not None and set(project.catalogs) == set(LANGS)
    compiled = {lang: translations(c) for lang, c in project.catalogs.items()} if ready else {}
    worded = {lang: t.gettext for lang, t in compiled.items()}
    faulty = any(not p.warning for p in problems)  # nothing will be published: no downloads to word
    data = data_stage(project, root, {} if faulty else worded, report, digests)
    views = derive_all(project.editions, project.schema, data.series)
    settle()  # so do the series and every edition's figures
    problems += consistency_problems(views.values())
    typos = data.typos
    if typos is None:
        typos = tuple(typo_warnings(list(views.values()), project.schema, data.series))
    problems += typos
    errors = [p for p in problems if not p.warning]
    if not ready or not project.templates_ok:
        raise_if(problems, strict)
    sizes = "".join(f"{path}={len(data.files[path])};" for path in sorted(data.files) if path.count("/") == 1)
    slugs = edition_slugs(root)
    keys = {}
    if draw_charts:
        keys = pagecache.edition_keys(root, slugs, base_url, variant, history, sizes, digests)
    reuse = pagecache.load_cached(root / PAGE_CACHE, keys)
    report.tally("editions", rendered=len(slugs) - len(reuse), reused=len(reuse))
    downloads = len(data.files)
    report.tally("data downloads", made=downloads * data.fresh, reused=downloads * (not data.fresh))
    render_data = render_input(project, views, compiled, data, draw_charts and not errors, set(reuse), report)
    if errors:  # the site cannot be laid out; still read every page body to report its problems too
        raise_if(problems + check_bodies(render_data, project.unreliable), strict)
    files, found = render_site(render_data, reuse, make_pdfs, memo)
    return Rendered(files, raise_if(problems + found, strict), data, keys, reuse, typos)


def data_stage(
    project: Project,
    root: Path,
    gettexts: dict[str, Callable[[str], str]],
    report: Report,
    digests: Digests | None = None,
) -> DataOutputs:
    """The series and the downloads: from the cache when the dataset is unchanged, else made with pandas in
    a process of their own (`make_data`). Without settings or catalogs no download can be worded, and with
    errors in the input none will be published: the series alone, for the checks."""
    if not project.editions:
        return DataOutputs(EMPTY_SERIES, {}, "", False)
    key = data_key(root, digests)
    cached = load_data(root / DATA_CACHE, key)
    if cached:
        series, files, typos = cached
        return DataOutputs(series, files, key, False, typos)
    from .charts.workers import in_child  # its pools' module: not imported by a prose edit

    config = project.config if gettexts else None
    series, files = in_child(make_data, (project.editions, project.schema, config, gettexts), report)
    return DataOutputs(series, files or {}, key, files is not None)


def make_data(
    editions: list[Edition],
    schema: Schema,
    config: Config | None,
    gettexts: dict[str, Callable[[str], str]],
    report: Report,
) -> tuple[Series, dict[str, bytes] | None]:
    """The series over editions and, with settings, the data downloads (None without): pandas is imported
    here only, and `data_stage` runs this in a child process, so that the build does not keep pandas and
    its frames (at a hundred editions about 125 MB, which the chart workers forked later would carry too)."""
    from .compute.panel import make_series, tidy_frame

    frame = tidy_frame(editions, schema)
    series = make_series(frame, editions, schema)
    if config is None:
        return series, None
    return series, data_downloads(frame, series, editions, schema, config, gettexts, report)


def load(root: Path, base_url: str | None, parsed: LoadMemo | None = None) -> tuple[Project, list[Problem]]:
    """Read settings, schema, editions, pages and catalogs, collecting every problem; `parsed` has the
    pages and editions the last build parsed.

    A link out of the project, a pipe or a device among the sources stops everything first."""
    raise_if(unsafe_entries(root))
    config, problems = load_config(root, base_url)
    schema, found = load_schema(root, parsed)
    problems += found
    editions, data_problems = load_editions(root, schema, parsed) if not found else ([], [])
    problems += data_problems
    unreliable = unreliable_editions(root, data_problems, schema_ok=not found)
    pages, found = load_pages(root, parsed)
    problems += found
    catalogs, found = load_catalogs(root, parsed)
    problems += found
    ledger, found = load_ledger(root)
    problems += found
    unreadable_templates = check_templates(root)
    problems += unreadable_templates
    assets = load_assets(root / "templates" / "assets")
    pairs = tuple(load_pairs(root, {page.path: page for page in pages}, parsed))
    project = Project(
        config,
        schema,
        editions,
        pages,
        catalogs,
        tuple(problems),
        assets,
        ledger,
        pairs,
        unreliable,
        not unreadable_templates,
    )
    return project, problems


def unreliable_editions(root: Path, problems: list[Problem], schema_ok: bool) -> frozenset[str | None]:
    """Editions whose data did not load (every one, when the schema did not), and None for the shared
    pages when any did: their pages' references cannot be checked, so problems there would only echo
    the cause (one unreadable names.csv must not become 275 'unknown reference' errors)."""
    broken = {
        slug
        for slug in edition_slugs(root)
        if not schema_ok
        or any(not p.warning and p.path.startswith(f"content/editions/{slug}/") for p in problems)
    }
    return frozenset(broken | ({None} if broken else set()))


def validate(project: Project, memo: BodyMemo) -> list[Problem]:
    """Checks that span files: translations paired, slugs unique, catalogs complete, formulas sound.
    `memo` has each page's heading outline from the last build."""
    editions = {e.slug for e in project.editions}
    reserved = {lang: slugs | editions for lang, slugs in reserved_slugs().items()}
    unreadable = {p.path for p in project.problems}
    problems = check_pages(project.pages, reserved, unreadable)
    problems += check_catalogs(project.catalogs)
    problems += translation_problems(project, memo)
    if project.editions:  # formulas are shared by all editions: the newest names every figure
        values = figure_values(project.editions[-1], project.schema)
        problems += check_formulas(project.schema, values, "content/schema.toml")
        problems += check_flow_keys(project.schema, values, "content/schema.toml")
        problems += key_figure_problems(project.config, values)
    return problems


def key_figure_problems(config: Config | None, values: dict) -> list[Problem]:
    """Each key figure in site.toml names a figure of the dataset."""
    figures = config.key_figures if config else ()
    return [
        Problem(
            "content/site.toml",
            config.lines.line(("key_figures", i, "key")),
            f"key_figures: '{figure.key}' is not a figure of the dataset",
        )
        for i, figure in enumerate(figures)
        if config and figure.key not in values
    ]


def translation_problems(project: Project, memo: BodyMemo) -> list[Problem]:
    """The ledger names real pages; stale and unrecorded translations warn; each pair shows the same data."""
    statuses = translation_status(project.pairs, project.ledger)
    problems = check_ledger(project.ledger, {pair.name for pair in project.pairs})
    problems += status_problems(statuses, project.ledger)
    pages = {page.path: page for page in project.pages}
    for status in statuses:
        original, translation = pages.get(status.pair.original), pages.get(status.pair.translation)
        if original and translation:
            problems += parity_problems(original, translation, status.state != CURRENT, memo.outline)
    return problems


def stale_since(project: Project, root: Path) -> dict[str, date | None]:
    """Each stale translated page with the day its original changed, as git tells (None: not known)."""
    days = {}
    for status in translation_status(project.pairs, project.ledger):
        pair = status.pair
        if status.state == STALE and pair.name != CATALOG and pair.fingerprint:
            days[pair.translation] = changed_on(file_versions(root, pair.original) or [], pair.fingerprint)
    return days


def render_input(
    project: Project,
    views: dict[str, EditionView],
    compiled: dict[str, StrictTranslations],
    data: DataOutputs,
    draw_charts: bool,
    skip: set[str],
    report: Report | None = None,
) -> RenderInput:
    """Gather what rendering needs; charts are drawn (or taken from the cache) only for a real build."""
    from .charts import registry, stage

    config = project.config
    assert config is not None
    gettexts = {lang: t.gettext for lang, t in compiled.items()}
    drawn = {}
    if draw_charts:
        drawn = stage.render_archive(
            project.editions, project.schema, gettexts, config.root / CACHE_DIR, skip, data.series, report
        )
    else:  # check: prepare every chart's text so that a missing catalog entry is still found
        for i in range(len(project.editions)):
            registry.prepare_charts(project.editions[: i + 1], project.schema, gettexts, data.series)
    return RenderInput(
        config=config,
        schema=project.schema,
        site=plan_routes(project.pages, project.editions, config.langs),
        views=views,
        catalogs=project.catalogs,
        translations=compiled,
        charts=drawn if draw_charts else None,
        chart_ids=registry.CHART_IDS + registry.TREND_IDS,
        chart_tables=registry.chart_tables(),
        source_files={**table_downloads(project.editions, project.schema), **data.files},
        template_cache=config.root / TEMPLATE_CACHE if draw_charts else None,  # check writes nothing
        assets=project.assets,
        stale=stale_since(project, config.root) if config.translation_notice else {},
    )
