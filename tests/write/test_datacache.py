"""The series and downloads are cached by the dataset's inputs: a prose edit reuses them and never
imports pandas (nor Matplotlib); a data edit makes them again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import build as build_module
from sitegen.build import DATA_CACHE, build
from sitegen.compute.series import series_from_json, series_json
from sitegen.write.datacache import data_key, load_data
from tests.conftest import make_tiny
from tests.series import series
from tests.test_bad_input import FIG, both, earlier, replace
from tests.test_quarters import project

REPO = Path(__file__).resolve().parents[2]
# One build in a fresh interpreter, noting each heavy library imported by it or by any process it forked
# (the data stage's child, the chart workers): an audit hook, which a forked process inherits.
BUILD = """
import sys
from pathlib import Path
def spy(event, args):
    if event == "import" and args[0] in ("matplotlib", "pandas", "openpyxl"):
        with open(sys.argv[3], "a", encoding="utf-8") as seen:
            seen.write(args[0] + "\\n")
sys.addaudithook(spy)
from sitegen.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def real_project(dest: Path) -> Path:
    for name in ("content", "templates", "translations"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def imported(root: Path, out: Path) -> list[str]:
    seen = out.with_name(f"{out.name}-imports.txt")
    seen.write_text("", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", BUILD, str(root), str(out), str(seen)], capture_output=True, check=True
    )
    return sorted(set(seen.read_text(encoding="utf-8").split()))


def test_a_prose_edit_imports_neither_pandas_nor_matplotlib(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    assert "pandas" in imported(root, tmp_path / "one")  # cold: the series are made
    page = root / "content/editions/2025-q1/pages/da/letter.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Brevet", "Skrivelsen", 1), encoding="utf-8")
    assert imported(root, tmp_path / "two") == []
    assert (tmp_path / "one/data/figures.csv").read_bytes() == (
        tmp_path / "two/data/figures.csv"
    ).read_bytes()
    table = root / "content/editions/2025-q1/data/t1_victims.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a data file changed
    assert "pandas" in imported(root, tmp_path / "three")


def test_the_key_follows_the_data_not_the_pages(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    key = data_key(root)
    page = root / "content/editions/2025-q1/pages/en/letter.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    ledger = root / "translations/pages.toml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert data_key(root) == key
    for changed in (
        "content/editions/2025-q1/figures.csv",
        "content/schema.toml",
        "content/site.toml",
        "translations/da/LC_MESSAGES/messages.po",
    ):
        path = root / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert data_key(root) != key, changed
        path.write_bytes(original)


def test_a_cached_build_is_the_same_site(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    fresh = build(root, tmp_path / "one").files
    assert len(list((root / DATA_CACHE).iterdir())) == 1
    cached = build(root, tmp_path / "two").files
    paths = [p for p in fresh if p.startswith("data/") or p.endswith("data/index.html")]
    assert paths and all(fresh[p] == cached[p] for p in paths)


def test_the_series_survive_their_json_exactly() -> None:
    from sitegen.build import load

    project, _problems = load(REPO, None)
    made = series(project.editions, project.schema)
    assert series_from_json(series_json(made)) == made


def test_a_download_edited_through_the_site_is_not_published_again(tmp_path: Path) -> None:
    """The data cache's files reach site/ as bytes, never linked; an older edition's downloads come linked
    from the page cache, whose stamps notice an edit in place. Either way the next build publishes the
    downloads as made, not as edited in site/."""
    root = project(tmp_path / "project", "2025-q4")
    site = root / "site"
    made = build(root, site).files
    paths = ["data/figures.csv", "data/2025-q1/2025-q1-da.xlsx", "data/2025-q4/2025-q4-en.xlsx"]
    paths += [p for p in made if p.startswith("data/2025-q1/") and p.endswith(".csv")][:1]
    first = {p: (site / p).read_bytes() for p in paths}
    reused = build(root, site).files  # the older edition's files now come linked from the page cache
    assert not isinstance(reused["data/2025-q1/2025-q1-da.xlsx"], bytes)
    for p in paths:
        with (site / p).open("ab") as edit:  # as `>>` or an editor that writes in place would
            edit.write(b"=HYPERLINK(1)")
    build(root, site)
    assert {p: (site / p).read_bytes() for p in paths} == first


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as edit:  # in place, as an edit through a hard link would
        edit.write(data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: (entry / "series.json").write_bytes(b"{"),
        lambda entry: (entry / "series.json").write_bytes(b"\xff"),
        lambda entry: next(p for p in (entry / "files").rglob("*.xlsx")).unlink(),
        lambda entry: append(next(p for p in (entry / "files").rglob("*.csv")), b"=1+1"),
        lambda entry: (entry / ".complete").write_text(""),  # an entry of an older version: no stamps
        lambda entry: (entry / ".complete").write_text("[1]"),
    ],
    ids=[
        "truncated series",
        "series not UTF-8",
        "a file gone",
        "a file edited",
        "no stamps",
        "stamps of a list",
    ],
)
def test_a_changed_or_broken_entry_is_made_afresh(tmp_path: Path, damage: Callable[[Path], object]) -> None:
    """As the page and chart caches do: an entry whose files changed since it was stored is not used."""
    root = make_tiny(tmp_path / "project")
    made = build(root, tmp_path / "one").files
    (entry,) = (root / DATA_CACHE).iterdir()
    assert load_data(root / DATA_CACHE, entry.name) is not None
    damage(entry)
    assert load_data(root / DATA_CACHE, entry.name) is None
    again = build(root, tmp_path / "two").files
    downloads = [p for p in made if p.startswith("data/")]
    assert downloads and all(again[p] == made[p] for p in downloads)
    assert load_data(root / DATA_CACHE, entry.name) is not None  # the broken entry was replaced


def test_typo_warnings_come_back_with_the_series(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """They follow from the same inputs: a rebuild after a prose edit warns as the first build did,
    without looking for them again; a data edit looks again."""
    root = make_tiny(tmp_path / "project")
    both(
        earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
        replace(FIG, "workplan_ha,65092.6,", "workplan_ha,65.093,"),
    )(root)

    def data_warnings(out: str) -> list[str]:
        built = build(root, tmp_path / out, preview=True)
        return [str(p) for p in built.warnings if p.path.startswith("content/editions/")]

    first = data_warnings("one")
    assert any("workplan_ha: 65.093 looks like 65093" in w for w in first)
    monkeypatch.setattr(build_module, "typo_warnings", lambda *a: pytest.fail("looked for again"))
    page = root / "content/pages/da/glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMere.\n", encoding="utf-8")
    assert data_warnings("two") == first  # the translation is stale now: not a data warning
    replace(FIG, "workplan_ha,65.093,", "workplan_ha,65.094,")(root)
    with pytest.raises(pytest.fail.Exception, match="looked for again"):
        data_warnings("three")
