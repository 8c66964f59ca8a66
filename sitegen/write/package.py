"""The whole archive as data: every edition's figures in one long-format CSV, the derived series in
another, and a Frictionless Data Package descriptor (datapackage.json) that says what each column is,
its type and unit, where the figures come from and the terms of reuse."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

import pandas as pd

from ..compute.panel import ABSENT, AREA_BY_ROW, AREA_SHARE, KNOWN, UNKNOWN
from ..compute.series import Series
from ..load.dataset import Edition
from ..load.schema import Schema
from ..load.settings import Config
from ..load.sources import Source
from ..render.formats import _, csv_text
from ..render.routes import DATA_PACKAGE as DESCRIPTOR
from ..render.routes import FIGURES_CSV as FIGURES
from ..render.routes import INDICATORS_CSV as INDICATORS

Gettext = Callable[[str], str]
# (column, Frictionless type, description): the long CSV, one row per edition and figure
FIGURE_FIELDS = (
    ("edition", "string", "The edition: a quarter (2025-Q1) or a whole year (2025)."),
    ("as_of", "date", "The date the figure is as of (its own where the source dates it apart)."),
    ("table", "string", "The table the figure is a cell of; empty for a headline figure."),
    ("row", "string", "The table row (an operator, district or type of device, or a total)."),
    ("column", "string", "The table column."),
    ("figure", "string", "The figure's key: a headline figure, or TABLE.ROW.COLUMN."),
    ("label_da", "string", "What the figure is, in Danish."),
    ("label_en", "string", "What the figure is, in English."),
    ("value", "number", "The figure as the source prints it; empty when unknown or absent."),
    ("unit", "string", "The unit of the value: one of the package's units, else a kind of count."),
    ("approx", "boolean", "The source gives the figure as approximate ('about', 'nearly', 'over')."),
    ("status", "string", "known; unknown (the source gives no figure); absent (the edition lacks it)."),
    ("source", "string", "The document the figure comes from (see the package's sources)."),
    ("number", "string", "The table's number in that document."),
    ("place", "string", "Where in the document: a page, pages or a section."),
    ("quote", "string", "The document's own words for a headline figure."),
)
INDICATOR_FIELDS = (
    ("indicator", "string", "The derived series."),
    ("label_da", "string", "What it is, in Danish."),
    ("label_en", "string", "What it is, in English."),
    ("edition", "string", "The edition the value is computed from."),
    ("row", "string", "The table row it is computed for; empty for the whole."),
    ("value", "number", "The value; empty when a figure it needs is unknown."),
    ("unit", "string", "The unit of the value."),
)
INDICATOR_TEXTS = {
    AREA_SHARE: (_("Share of the contaminated area cleared (%)"), "pct"),
    AREA_BY_ROW: (_("Area cleared per quarter by operator (ha)"), "ha"),
}


def archive_files(
    frame: pd.DataFrame,
    series: Series,
    editions: Sequence[Edition],
    schema: Schema,
    config: Config,
    gettexts: dict[str, Gettext],
) -> dict[str, bytes]:
    """The long CSV of figures, the CSV of derived series and the descriptor of both."""
    return {
        FIGURES: figures_csv(frame),
        INDICATORS: indicators_csv(series, gettexts),
        DESCRIPTOR: descriptor(editions, schema, config),
    }


def figures_csv(frame: pd.DataFrame) -> bytes:
    """Every edition's figures, one per row, values exactly as the source prints them."""
    out = frame.rename(columns={"key": "figure"})[[name for name, _t, _d in FIGURE_FIELDS]].copy()
    out["value"] = [("" if v is None else f"{v:f}") for v in out["value"]]
    out["approx"] = out["approx"].map({True: "true", False: "false"})
    return _csv(out)


def indicators_csv(series: Series, gettexts: dict[str, Gettext]) -> bytes:
    """The derived series, one value per row."""
    rows = [
        {
            "indicator": p.indicator,
            "label_da": gettexts["da"](INDICATOR_TEXTS[p.indicator][0]),
            "label_en": gettexts["en"](INDICATOR_TEXTS[p.indicator][0]),
            "edition": p.edition.upper(),
            "row": p.row,
            "value": "" if p.value is None else f"{p.value:f}",
            "unit": INDICATOR_TEXTS[p.indicator][1],
        }
        for p in series.indicators
    ]
    return _csv(pd.DataFrame(rows, columns=[name for name, _t, _d in INDICATOR_FIELDS]))


def _csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV through the one writer of downloads, which neutralises text (a missing cell is empty)."""
    rows = [["" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return csv_text([str(c) for c in frame.columns], rows).encode("utf-8")


def descriptor(editions: Sequence[Edition], schema: Schema, config: Config) -> bytes:
    """The Frictionless Data Package descriptor of the two CSV files."""
    sources = {}
    for edition in editions:
        for s in edition.sources.values():
            sources.setdefault(s.id, {"title": _source_title(s), **({"path": s.url} if s.url else {})})
    package = {
        "name": re.sub(r"[^a-z0-9]+", "-", config.title["en"].lower()).strip("-"),
        "title": config.title["en"],
        "description": f"{config.description['en']} Reuse: {config.reuse['en']}",
        "reuse": dict(config.reuse),  # the site's terms (site.toml); no licence name is claimed for them
        "contributors": [{"title": config.publisher["en"], "role": "publisher"}],
        "sources": list(sources.values()),
        "units": {unit: labels for unit, labels in schema.units.items() if any(labels.values())},
        "resources": [
            _resource(
                "figures",
                FIGURES,
                "Every edition's figures, one row per edition and figure.",
                FIGURE_FIELDS,
                {"status": [KNOWN, UNKNOWN, ABSENT]},
            ),
            _resource(
                "indicators",
                INDICATORS,
                "Series the briefing derives from the figures.",
                INDICATOR_FIELDS,
                {"indicator": list(INDICATOR_TEXTS)},
            ),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _source_title(source: Source) -> str:
    """'URU Alm.del Bilag 219 (2024-25): Henvendelse af … (document of 2025-05-21)' for a descriptor."""
    head = source.reference or source.publisher["en"]
    date = f" ({source.date.isoformat()})" if source.date else ""
    return f"{head}: {source.title['en']}{date} [{source.id}]"


def _resource(name: str, path: str, description: str, fields: tuple, enums: dict) -> dict:
    return {
        "name": name,
        "path": path.removeprefix("data/"),
        "profile": "tabular-data-resource",
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                {
                    "name": n,
                    "type": t,
                    "description": d,
                    **({"constraints": {"enum": enums[n]}} if n in enums else {}),
                    **({"trueValues": ["true"], "falseValues": ["false"]} if t == "boolean" else {}),
                }
                for n, t, d in fields
            ],
            "missingValues": [""],
        },
    }
