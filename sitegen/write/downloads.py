"""Downloads made from the dataset: each edition's tables as clean CSV files; each edition's workbook
per language and the archive as a data package (`data_downloads`, made only when the dataset changed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..compute.series import Series
from ..load.dataset import Edition
from ..load.schema import Schema
from ..load.settings import Config
from ..render.formats import csv_text
from ..render.routes import table_csv_path, workbook_path
from ..report import Report

if TYPE_CHECKING:
    import pandas as pd


def data_downloads(
    frame: pd.DataFrame,
    series: Series,
    editions: Sequence[Edition],
    schema: Schema,
    config: Config,
    gettexts: dict[str, Callable[[str], str]],
    report: Report | None = None,
) -> dict[str, bytes]:
    """Every edition's workbook in every language, the archive's CSV files and their descriptor; `report`
    shows the workbooks' progress (about half a second each, so many editions take a while)."""
    from .package import archive_files
    from .workbooks import edition_workbook

    report = report or Report()
    wanted = [(e, lang) for e in editions for lang in config.langs]
    files = {
        workbook_path(e.slug, lang): edition_workbook(e, schema, series, config, lang, gettexts[lang])
        for e, lang in report.steps("workbooks", "written", wanted, len(wanted))
    }
    return {**files, **archive_files(frame, series, editions, schema, config, gettexts)}


def table_downloads(editions: list[Edition], schema: Schema) -> dict[str, bytes]:
    """Each edition's tables as clean CSV downloads, whatever form (CSV or .xlsx) staff gave them in."""
    files = {}
    for edition in editions:
        for table in edition.tables.values():
            spec = schema.tables[table.id]
            header = [spec.rows] + [c.name for c in spec.columns]
            rows = [
                [row.key]
                + ["unknown" if row.values[c.name] is None else str(row.values[c.name]) for c in spec.columns]
                for row in table.rows
            ]
            files[table_csv_path(edition.slug, table.id)] = csv_text(header, rows).encode()
    return files
