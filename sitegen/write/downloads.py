"""Downloads made from the dataset: each edition's tables as clean CSV files."""

from __future__ import annotations

import csv
import io

from ..load.dataset import Edition
from ..load.schema import Schema


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
