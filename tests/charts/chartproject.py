"""A small chart project with the real table ids and columns, and helpers the chart tests share."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sitegen.load.dataset import load_editions
from sitegen.load.schema import load_schema

REPO = Path(__file__).resolve().parents[2]

SCHEMA = """
[units.ha]
label = { da = "ha", en = "ha" }
[units.km2]
label = { da = "km²", en = "km²" }
[units.persons]
label = { da = "personer", en = "persons" }
[units.devices]
label = { da = "genstande", en = "devices" }
[units.staff]
label = { da = "ansatte", en = "staff" }
[units.dogs]
label = { da = "hunde", en = "dogs" }
[units.musd]
label = { da = "mio. USD", en = "million USD" }

[lists.operator]
label = { da = "Operatør", en = "Operator" }
[lists.district]
label = { da = "Distrikt", en = "District" }
[lists.device]
label = { da = "Type", en = "Type" }

[row_labels.total]
da = "I alt"
en = "Total"
[row_labels.commercial]
da = "Kommercielle i alt"
en = "Commercial, total"

[tables.t1_victims]
title = { da = "Ofre", en = "Victims" }
rows = "device"
row_order = ["atm", "apm", "total"]
total = "total"
subtotals = {}
[[tables.t1_victims.columns]]
name = "victims"
type = "int"
unit = "persons"
label = { da = "Ofre", en = "Victims" }

[tables.t2_resources]
title = { da = "Ressourcer", en = "Resources" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t2_resources.columns]]
name = "staff"
type = "int"
unit = "staff"
label = { da = "Personale", en = "Staff" }
[[tables.t2_resources.columns]]
name = "dogs"
type = "int"
unit = "dogs"
label = { da = "Hunde", en = "Dogs" }
[[tables.t2_resources.columns]]
name = "machines"
type = "int"
unit = "staff"
label = { da = "Maskiner", en = "Machines" }

[tables.t3_area]
title = { da = "Areal", en = "Area" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t3_area.columns]]
name = "quarter_ha"
type = "decimal"
unit = "ha"
label = { da = "Kvartal (ha)", en = "Quarter (ha)" }
[[tables.t3_area.columns]]
name = "cumulative_ha"
type = "decimal"
unit = "ha"
label = { da = "I alt (ha)", en = "Cumulative (ha)" }

[tables.t4_devices]
title = { da = "Genstande", en = "Devices" }
rows = "operator"
row_order = ["anama", "mod", "commercial", "alpha", "total"]
total = "total"
subtotals = { commercial = ["alpha"] }
[[tables.t4_devices.columns]]
name = "quarter_erw"
type = "int"
unit = "devices"
label = { da = "ERW", en = "ERW" }
[[tables.t4_devices.columns]]
name = "quarter_apm"
type = "int"
unit = "devices"
label = { da = "APM", en = "APM" }
[[tables.t4_devices.columns]]
name = "quarter_atm"
type = "int"
unit = "devices"
label = { da = "ATM", en = "ATM" }
[[tables.t4_devices.columns]]
name = "quarter_total"
type = "int"
unit = "devices"
label = { da = "I alt", en = "Total" }

[tables.t5_districts]
title = { da = "Distrikter", en = "Districts" }
rows = "district"
row_order = ["aghdam", "fuzuli", "total"]
total = "total"
subtotals = {}
[[tables.t5_districts.columns]]
name = "quarter_ha"
type = "decimal"
unit = "ha"
label = { da = "Kvartal (ha)", en = "Quarter (ha)" }
[[tables.t5_districts.columns]]
name = "ytd_ha"
type = "decimal"
unit = "ha"
label = { da = "År til dato (ha)", en = "Year to date (ha)" }
[[tables.t5_districts.columns]]
name = "quarter_devices"
type = "int"
unit = "devices"
label = { da = "Genstande", en = "Devices" }

[figures.victims_total]
unit = "persons"
type = "int"
label = { da = "Ofre", en = "Victims" }
[figures.victims_killed]
unit = "persons"
type = "int"
label = { da = "Dræbte", en = "Killed" }
[figures.victims_injured]
unit = "persons"
type = "int"
label = { da = "Sårede", en = "Injured" }
[figures.spending_government_musd]
unit = "musd"
type = "int"
label = { da = "Regeringen", en = "Government" }
[figures.spending_foreign_musd]
unit = "musd"
type = "decimal"
label = { da = "Udenlandsk", en = "Foreign" }
[figures.workplan_2025_ha]
unit = "ha"
type = "decimal"
label = { da = "Arbejdsplan 2025", en = "Work plan 2025" }
[figures.area_cleared_cumulative_ha]
unit = "ha"
type = "decimal"
label = { da = "Ryddet", en = "Cleared" }
[figures.contaminated_area_km2]
unit = "km2"
type = "int"
label = { da = "Forurenet", en = "Contaminated" }
"""

NAMES = """list,id,da,en,group
operator,anama,ANAMA,ANAMA,agency
operator,mod,Aserbajdsjans forsvarsministerium,Ministry of Defense,agency
operator,alpha,Alpha Demining,Alpha Demining,commercial
district,aghdam,Agdam,Aghdam,
district,fuzuli,Fuzuli,Fuzuli,
device,atm,Panserminer (ATM),Anti-tank mines (ATM),
device,apm,Antipersonelminer (APM),Anti-personnel mines (APM),
"""

# Quarter 2025-Q1: above 10,000 ha so both languages show a thousands separator; one unknown cell.
TABLES = {
    "t1_victims": "device,victims\natm,156\napm,177\ntotal,333\n",
    "t2_resources": "operator,staff,dogs,machines\nanama,1931,unknown,54\nmod,181,9,19\n"
    "commercial,99,20,2\nalpha,99,20,2\ntotal,2211,unknown,75\n",
    "t3_area": "operator,quarter_ha,cumulative_ha\nanama,12642.9,113546.4\nmod,938.5,44935\n"
    "commercial,751.6,6810\nalpha,751.6,6810\ntotal,14333,165291.4\n",
    "t4_devices": "operator,quarter_erw,quarter_apm,quarter_atm,quarter_total\n"
    "anama,11235,1111,380,12726\nmod,14,0,0,14\ncommercial,575,20,64,659\nalpha,575,20,64,659\n"
    "total,11824,1131,444,13399\n",
    "t5_districts": "district,quarter_ha,ytd_ha,quarter_devices\naghdam,1722.6,1722.6,1116\n"
    "fuzuli,2099.4,2099.4,1258\ntotal,3822,3822,2374\n",
}
FIGURES = {
    "victims_total": "333",
    "victims_killed": "unknown",
    "victims_injured": "263",
    "spending_government_musd": "464",
    "spending_foreign_musd": "23.3",
    "workplan_2025_ha": "65092.6",
    "area_cleared_cumulative_ha": "190794.2",
    "contaminated_area_km2": "11667",
}
EDITION = """period = "{id}"
as_of = {end}
status = "final"
published = {end}
[[sources]]
id = "bilag-{bilag}"
short = "Bilag {bilag}"
title = "A letter"
publisher = "Folketinget"
date = {end}
pages = 22
[tables.t1_victims]
source = "bilag-{bilag}"
number = 1
place = 6
[tables.t2_resources]
source = "bilag-{bilag}"
number = 2
place = 7
[tables.t3_area]
source = "bilag-{bilag}"
number = 3
place = 8
[tables.t4_devices]
source = "bilag-{bilag}"
number = 4
place = 9
[tables.t5_districts]
source = "bilag-{bilag}"
number = 5
place = 10
"""
DANISH = {  # a few translations, enough to tell the languages apart
    "Source: {sources}": "Kilde: {sources}",
    "p. {page}": "s. {page}",
    "pp. {pages}": "s. {pages}",
    "Q{quarter} {year}": "{quarter}. kvartal {year}",
    "Table {number}": "tabel {number}",
    "Killed": "Dræbte",
}


def write_project(root: Path, quarters: tuple[str, ...] = ("2025-Q1",)) -> Path:
    """A small project: the real table ids and columns, few rows, one unknown cell and figure."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "schema.toml").write_text(SCHEMA, encoding="utf-8")
    (root / "content" / "names.csv").write_text(NAMES, encoding="utf-8")
    for n, quarter in enumerate(quarters):
        folder = root / "content" / "editions" / quarter.lower()
        (folder / "data").mkdir(parents=True)
        year, q = int(quarter[:4]), int(quarter[-1])
        end = f"{year}-{3 * q:02d}-28"
        meta = EDITION.format(id=quarter, end=end, bilag=219 + n)
        (folder / "edition.toml").write_text(meta, encoding="utf-8")
        for table, text in TABLES.items():
            (folder / "data" / f"{table}.csv").write_text(text, encoding="utf-8")
        figures = "".join(f'{k},{v},,bilag-{219 + n},5,,"quote"\n' for k, v in FIGURES.items())
        header = "key,value,approx,source,place,as_of,quote\n"
        (folder / "figures.csv").write_text(header + figures, encoding="utf-8")
    return root


def load(root: Path) -> tuple:
    schema, problems = load_schema(root)
    editions, more = load_editions(root, schema)
    assert problems + more == []
    return editions, schema


def messages() -> dict:
    """Identity gettext for English, a few Danish messages: the real catalogs are tested apart."""
    return {"da": lambda s: DANISH.get(s, s), "en": lambda s: s}


def content(data: bytes | Path) -> bytes:
    """A chart file's bytes, whether drawn just now or a file in the cache."""
    return data if isinstance(data, bytes) else data.read_bytes()


def run_python(script: str) -> str:
    """Run code in a fresh interpreter (no modules inherited from this test process)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout
