"""build(): the one place that orders the stages load -> validate -> compute -> render -> write."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import compute, i18n, pagecache
from .config import Config, load_config
from .content import Page, check_pages, load_pages
from .dataset import Edition, load_editions
from .errors import Problem, raise_if
from .output import Content, write_site
from .render import EditionView, RenderInput, check_bodies, render_site, reserved_slugs
from .routes import plan_routes
from .schema import Schema, load_schema

CACHE_DIR = ".cache/charts"
TEMPLATE_CACHE = ".cache/templates"
PAGE_CACHE = ".cache/pages"


@dataclass(frozen=True)
class Project:
    """Everything read from disk, before any derivation."""

    config: Config | None
    schema: Schema
    editions: list[Edition]
    pages: list[Page]
    catalogs: dict[str, i18n.Catalog]
    problems: tuple[Problem, ...]  # found while loading
    assets: dict[str, bytes]  # templates/assets, by site path


def build(root: Path, out: Path | None = None, base_url: str | None = None) -> dict[str, Content]:
    """Build the site of the project at `root` into `out` (default root/site); return its files."""
    keys = pagecache.edition_keys(root, edition_slugs(root), base_url)
    reuse = pagecache.load_cached(root / PAGE_CACHE, keys)
    files = render(root, base_url, draw_charts=True, reuse=reuse)
    write_site(files, out or root / "site")
    pagecache.store(root / PAGE_CACHE, keys, files, set(reuse))
    return files


def check(root: Path) -> None:
    """Run every stage but drawing and writing; raise BuildError listing every problem."""
    render(root, None, draw_charts=False, reuse={})


def edition_slugs(root: Path) -> list[str]:
    """Edition folders, oldest first (their ids sort by time)."""
    folder = root / "content" / "editions"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def render(
    root: Path, base_url: str | None, draw_charts: bool, reuse: dict[str, dict[str, Path]]
) -> dict[str, Content]:
    """Load, validate, compute and render in memory; fail once with all problems.

    Editions in `reuse` are older editions whose inputs are unchanged: their files come from the cache."""
    project, problems = load(root, base_url)
    problems += validate(project)
    views = derive_all(project.editions, project.schema)
    problems += consistency_problems(views.values())
    if project.config is None or set(project.catalogs) != set(i18n.LANGS):
        raise_if(problems)
    data = render_input(project, views, draw_charts and not problems, set(reuse))
    if problems:  # the site cannot be laid out; still read every page body to report its problems too
        raise_if(problems + check_bodies(data))
    files, found = render_site(data, reuse)
    raise_if(found)
    return files


def load(root: Path, base_url: str | None) -> tuple[Project, list[Problem]]:
    """Read settings, schema, editions, pages and catalogs, collecting every problem."""
    config, problems = load_config(root, base_url)
    schema, found = load_schema(root)
    problems += found
    editions, found = load_editions(root, schema) if not found else ([], [])
    problems += found
    pages, found = load_pages(root)
    problems += found
    catalogs, found = i18n.load_catalogs(root)
    problems += found
    assets = load_assets(root / "templates" / "assets")
    return Project(config, schema, editions, pages, catalogs, tuple(problems), assets), problems


def load_assets(folder: Path) -> dict[str, bytes]:
    """Stylesheet under assets/, favicons at the site root (where browsers look for them)."""
    assets = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        assets[rel if rel.startswith("favicon") else f"assets/{rel}"] = path.read_bytes()
    return assets


def validate(project: Project) -> list[Problem]:
    """Checks that span files: translations paired, slugs unique, catalogs complete, formulas sound."""
    editions = {e.slug for e in project.editions}
    reserved = {lang: slugs | editions for lang, slugs in reserved_slugs().items()}
    unreadable = {p.path for p in project.problems}
    problems = check_pages(project.pages, reserved, unreadable)
    problems += i18n.check_catalogs(project.catalogs)
    if project.editions:  # formulas are shared by all editions: the newest names every figure
        values = compute.figure_values(project.editions[-1], project.schema)
        problems += compute.check_formulas(project.schema, values, "content/schema.toml")
        problems += compute.check_flow_keys(list(project.schema.flows), values, "content/schema.toml")
        keys = project.config.key_figures if project.config else ()
        problems += [Problem("content/site.toml", 0, f"key_figures: '{key}' is not a figure of the dataset")
                     for key in keys if key not in values]  # fmt: skip
    return problems


def derive_all(editions: list[Edition], schema: Schema) -> dict[str, EditionView]:
    """Figures, source discrepancies, changes and consistency of every edition, oldest first."""
    views: dict[str, EditionView] = {}
    previous: EditionView | None = None
    for edition in editions:
        values = compute.figure_values(edition, schema)
        same_year = [v.values for v in views.values() if v.edition.as_of.year == edition.as_of.year] + [
            values
        ]
        quarter = (edition.as_of.month + 2) // 3
        views[edition.slug] = EditionView(
            edition,
            values,
            tuple(compute.find_discrepancies(edition, schema, values)),
            previous=previous.edition if previous else None,
            changes=tuple(compute.compare(previous.values, values)) if previous else (),
            inconsistencies=tuple(
                compute.check_flows(
                    list(schema.flows),
                    previous.values,
                    values,
                    schema.tolerance_pct,
                    edition.revisions,
                )
            )
            if previous
            else (),
            year_to_date=compute.year_to_date(list(schema.flows), same_year)
            if len(same_year) == quarter
            else {},
        )
        previous = views[edition.slug]
    return views


def consistency_problems(views: Iterable[EditionView]) -> list[Problem]:
    """Cumulative figures beyond the schema's tolerance that no revision note explains."""
    return [
        Problem(
            f"{view.edition.path}/edition.toml",
            0,
            f"{i.key}: {i.stated} is not the previous edition's {i.previous} + this quarter's {i.quarter} "
            f"= {i.expected} (difference {i.difference}); correct it or explain it under [revisions]",
        )
        for view in views
        for i in view.inconsistencies
        if not i.within_tolerance and not i.revision
    ]


def render_input(
    project: Project, views: dict[str, EditionView], draw_charts: bool, skip: set[str]
) -> RenderInput:
    """Gather what rendering needs; charts are drawn (or taken from the cache) only for a real build."""
    from . import charts

    config = project.config
    assert config is not None
    translations = {lang: i18n.translations(c) for lang, c in project.catalogs.items()}
    gettexts = {lang: t.gettext for lang, t in translations.items()}
    drawn = {}
    if draw_charts:
        drawn = charts.render_archive(
            project.editions, project.schema, gettexts, config.root / CACHE_DIR, skip
        )
    else:  # check: prepare every chart's text so that a missing catalog entry is still found
        for i in range(len(project.editions)):
            charts.prepare_charts(project.editions[: i + 1], project.schema, gettexts)
    return RenderInput(
        config=config,
        schema=project.schema,
        site=plan_routes(project.pages, project.editions, config.langs),
        views=views,
        catalogs=project.catalogs,
        translations=translations,
        charts=drawn if draw_charts else None,
        chart_ids=charts.CHART_IDS + charts.TREND_IDS,
        source_files=table_downloads(project.editions, project.schema),
        template_cache=config.root / TEMPLATE_CACHE if draw_charts else None,  # check writes nothing
        assets=project.assets,
    )


def table_downloads(editions: list[Edition], schema: Schema) -> dict[str, bytes]:
    """Each edition's tables as clean CSV downloads, whatever form (CSV or .xlsx) staff gave them in."""
    files = {}
    for edition in editions:
        for table in edition.tables.values():
            spec = schema.tables[table.id]
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow([spec.rows] + [c.name for c in spec.columns])
            for row in table.rows:
                writer.writerow(
                    [row.key]
                    + [
                        "unknown" if row.values[c.name] is None else str(row.values[c.name])
                        for c in spec.columns
                    ]
                )
            files[f"data/{edition.slug}/{table.id}.csv"] = buf.getvalue().encode()
    return files
