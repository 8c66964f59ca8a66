"""The archive as data: the long CSV round-trips through pandas to the dataset's values, and the
Frictionless descriptor validates the files it describes."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from sitegen.compute.figures import figure_values
from sitegen.render.downloads import size_text


def content(files: dict, path: str) -> bytes:
    data = files[path]
    return data if isinstance(data, bytes) else data.read_bytes()


def test_the_long_csv_round_trips_to_the_dataset(built: tuple) -> None:
    files, editions, schema = built
    raw = content(files, "data/figures.csv")
    exact = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    floats = pd.read_csv(io.BytesIO(raw))  # as a reader would open it: numbers as numbers
    assert floats["value"].dtype == "float64"
    expected = {}
    for edition in editions:
        values = figure_values(edition, schema)
        keys = [k for k in values if k in schema.figures or k.split(".")[0] in schema.tables]
        expected.update({(edition.id, k): values[k].value for k in keys})
    assert len(exact) == len(expected)
    for (edition, key, text, status), number in zip(
        exact[["edition", "figure", "value", "status"]].itertuples(index=False), floats["value"], strict=True
    ):
        value = expected[(edition, key)]
        assert (Decimal(text) if text else None) == value, (edition, key)
        assert status == ("known" if value is not None else status) and status in (
            "known",
            "unknown",
            "absent",
        )
        assert pd.isna(number) if value is None else number == float(value), (edition, key)
    absent = exact[(exact["edition"] == "2025-Q4") & (exact["table"] == "t3_area")]
    assert set(absent["status"]) == {"absent"}  # a table the edition's sources lack is absent, not 0
    unknown = exact[(exact["edition"] == "2025-Q4") & (exact["figure"] == "t5_districts.total.quarter_ha")]
    assert unknown["status"].tolist() == ["unknown"] and unknown["value"].tolist() == [""]


def test_the_derived_series(built: tuple) -> None:
    files, _editions, _schema = built
    rows = pd.read_csv(io.BytesIO(content(files, "data/indicators.csv")), dtype=str, keep_default_na=False)
    share = rows[rows["indicator"] == "share_cleared_pct"].set_index("edition")["value"].to_dict()
    assert share == {"2025-Q1": "16.4", "2025-Q4": "20.5"}  # 190794.2 ha of 11,667 km²; 225313.6 of 11,000
    area = rows[(rows["indicator"] == "area_cleared_ha") & (rows["edition"] == "2025-Q1")]
    assert area.set_index("row")["value"]["anama"] == "7642.9"


def write_package(files: dict, folder: Path) -> Path:
    for name in ("datapackage.json", "figures.csv", "indicators.csv"):
        (folder / name).write_bytes(content(files, f"data/{name}"))
    return folder / "datapackage.json"


def test_the_descriptor_validates_its_files(built: tuple, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    files, editions, _schema = built
    descriptor = write_package(files, tmp_path)
    report = frictionless.Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ["figures", "indicators"]
    assert {s["title"].rsplit("[", 1)[1].rstrip("]") for s in package["sources"]} == {
        s for e in editions for s in e.sources
    }
    assert package["reuse"]["da"].startswith("Briefingens tekst")
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["as_of"]["type"] == "date"


def test_a_broken_file_fails_validation(built: tuple, tmp_path: Path) -> None:
    """The validation above is not vacuous: a value that is not a number is reported."""
    frictionless = pytest.importorskip("frictionless")
    files, _editions, _schema = built
    descriptor = write_package(files, tmp_path)
    csv = tmp_path / "figures.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",11667,", ",11.667 km2,", 1), encoding="utf-8")
    assert not frictionless.Package(str(descriptor)).validate().valid


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_data_page_lists_every_download_with_its_size(built: tuple, lang: str) -> None:
    files, editions, _schema = built
    for edition in editions:
        html = content(files, f"{lang}/{edition.slug}/data/index.html").decode()
        section = html.split('<section class="data-downloads"')[1].split("</section>")[0]
        listed = re.findall(r'<a href="/(data/[^"]+)" download>[^<]+</a>, ([^<]+)</li>', section)
        own = sorted(p for p in files if p.startswith(f"data/{edition.slug}/"))
        archive = ["data/figures.csv", "data/indicators.csv", "data/datapackage.json"]
        assert sorted(p for p, _size in listed) == sorted(own + archive)
        first = f"data/{edition.slug}/{edition.slug}-{lang}.xlsx"
        assert listed[0][0] == first  # the reader's language first
        for path, size in listed:
            assert size == size_text(len(content(files, path)), lang)
        heading = {"da": '<h2 id="downloads">Hent data</h2>', "en": '<h2 id="downloads">Download data</h2>'}
        assert heading[lang] in section


def test_sizes_read_as_the_language_writes_them() -> None:
    assert size_text(12595, "da") == "12,3\xa0kB" and size_text(12595, "en") == "12.3\xa0kB"
    assert size_text(20, "da") == "0,1\xa0kB"  # a small file is never shown as 0
