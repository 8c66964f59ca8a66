"""The chart stage: every chart in every language, the cache, worker processes, lazy Matplotlib."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.charts import cache, registry, stage
from tests.charts.chartproject import content, load, messages, run_python, write_project


def test_every_chart_in_every_language(rendered: dict) -> None:
    expected = {("2025-q1", c, lang) for c in registry.CHART_IDS for lang in ("da", "en")}
    assert set(rendered) == expected
    assert all(r.rendered for r in rendered.values())


def test_render_is_deterministic_across_worker_processes(rendered: dict, project: tuple) -> None:
    editions, schema = project
    again = stage.render_charts(editions, schema, messages(), None)
    assert all(again[k].rendered for k in again)
    assert {k: (content(r.narrow), content(r.wide), content(r.png)) for k, r in again.items()} == {
        k: (content(r.narrow), content(r.wide), content(r.png)) for k, r in rendered.items()
    }


def test_cached_rebuild_draws_nothing(rendered: dict, project: tuple, cache_dir: Path) -> None:
    editions, schema = project
    again = stage.render_charts(editions, schema, messages(), cache_dir)
    assert not any(r.rendered for r in again.values())
    assert again == {k: replace_rendered(r) for k, r in rendered.items()}


def replace_rendered(result: stage.ChartResult) -> stage.ChartResult:
    from dataclasses import replace

    return replace(result, rendered=False)


def test_cached_rebuild_does_not_import_matplotlib(
    rendered: dict, project: tuple, cache_dir: Path, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "project")
    editions, schema = load(root)
    stage.render_charts(editions, schema, {"da": str, "en": str}, tmp_path / "cache")
    script = f"""
        import json, sys
        from pathlib import Path
        from sitegen.charts import stage
        from sitegen.load.dataset import load_editions
        from sitegen.load.schema import load_schema
        root = Path({str(root)!r})
        schema, _ = load_schema(root)
        editions, _ = load_editions(root, schema)
        results = stage.render_charts(editions, schema, {{"da": str, "en": str}},
                                       Path({str(tmp_path / "cache")!r}))
        print(json.dumps({{
            "drawn": sum(r.rendered for r in results.values()),
            "count": len(results),
            "heavy": sorted(m for m in ("matplotlib", "pandas", "numpy") if m in sys.modules),
        }}))
    """
    report = json.loads(run_python(script))
    assert report == {"drawn": 0, "count": 2 * len(registry.CHART_IDS), "heavy": []}


def test_importing_charts_does_not_import_matplotlib() -> None:
    script = """
        import sys
        import sitegen.charts
        print(sorted(m for m in ("matplotlib", "pandas") if m in sys.modules))
    """
    assert run_python(script).strip() == "[]"


def test_a_changed_value_changes_only_its_charts(project: tuple, tmp_path: Path) -> None:
    editions, schema = project
    before = {
        (p.chart_id, p.lang): cache.cache_key(p)
        for p in registry.prepare_charts(editions, schema, messages())
    }
    root = write_project(tmp_path / "project")
    area = root / "content" / "editions" / "2025-q1" / "data" / "t1_victims.csv"
    area.write_text("device,victims\natm,157\napm,177\ntotal,334\n", encoding="utf-8")
    changed_editions, changed_schema = load(root)
    after = {
        (p.chart_id, p.lang): cache.cache_key(p)
        for p in registry.prepare_charts(changed_editions, changed_schema, messages())
    }
    differ = {chart_id for (chart_id, _lang), key in after.items() if before[(chart_id, _lang)] != key}
    assert differ == {"victims-by-device"}


def test_an_incomplete_cache_entry_is_drawn_again(project: tuple, tmp_path: Path) -> None:
    editions, schema = project
    only_en = {"en": messages()["en"]}
    first = {k: content(r.wide) for k, r in stage.render_charts(editions, schema, only_en, tmp_path).items()}
    sorted(tmp_path.glob("*.png"))[0].unlink()
    sorted(tmp_path.glob("*.narrow.svg"))[1].unlink()
    second = stage.render_charts(editions, schema, only_en, tmp_path)
    assert sum(r.rendered for r in second.values()) == 2
    assert {k: content(r.wide) for k, r in second.items()} == first
    assert not list(tmp_path.glob("*.tmp"))


def test_the_stage_reports_its_progress_and_counts(
    rendered: dict, project: tuple, cache_dir: Path, tmp_path: Path
) -> None:
    """Two charts missing from the cache are drawn (with a progress line), the others reused."""
    import io
    import shutil

    from sitegen.report import Report

    editions, schema = project
    copied = shutil.copytree(cache_dir, tmp_path / "cache")
    for stamp in sorted(copied.glob("*.stamp"))[:2]:
        stamp.unlink()
    log = io.StringIO()
    report = Report(log)
    again = stage.render_archive(editions, schema, messages(), copied, set(), report=report)
    assert sum(r.rendered for r in again.values()) == 2
    assert report.tallies == {"charts": {"drawn": 2, "reused": len(rendered) - 2}}
    lines = log.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "sitegen: charts 0/2 drawn",
        "sitegen: charts 2/2 drawn",
    ]
