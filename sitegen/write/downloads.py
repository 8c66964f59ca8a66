"""Downloads made from the dataset: each edition's tables as clean CSV files."""

from __future__ import annotations

from ..load.dataset import Edition
from ..load.schema import Schema
from ..render.formats import csv_text


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
            files[f"data/{edition.slug}/{table.id}.csv"] = csv_text(header, rows).encode()
    return files
