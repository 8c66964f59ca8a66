"""The archive's series for tests, made as the build makes it when the dataset changed (with pandas)."""

from __future__ import annotations

from sitegen.compute.panel import make_series, tidy_frame
from sitegen.compute.series import Series
from sitegen.load.dataset import Edition
from sitegen.load.schema import Schema


def series(editions: list[Edition], schema: Schema) -> Series:
    return make_series(tidy_frame(editions, schema), editions, schema)
