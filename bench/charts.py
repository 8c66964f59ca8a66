"""Benchmark one chart: the real project's charts drawn by `charts.plot.draw` (narrow SVG, wide SVG, wide
PNG, and the wide SVG again with its words as text for the PDF) against the peer kit's reference chart (a
grouped bar chart with fixed margins, SVG and a 100 dpi PNG, as in ../shared/bench-peers/chart_bench.py),
in one process and interleaved, so the ratio holds on a busy machine.

Usage: .venv/bin/python bench/charts.py [--runs 3]
Nothing here is a test: it reports, it never asserts a time."""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CATS = ["Husholdninger", "Virksomheder", "Offentlig sektor", "Eksport", "Import", "Bolig", "Energi", "Øvrige"]
A = [812.4, 1204.9, 655.0, 1530.2, 1402.7, 388.1, 240.6, 97.3]
B = [845.0, 1188.2, 690.3, 1611.9, 1477.5, 371.4, 262.2, 101.8]


def reference() -> None:
    """The kit's reference: a grouped bar chart, fixed margins, to SVG and to a 100 dpi PNG."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    for fmt, dpi in (("svg", None), ("png", 100)):
        fig = Figure(figsize=(6.4, 3.6))
        ax = fig.subplots()
        x = range(len(CATS))
        ax.bar([i - 0.2 for i in x], A, 0.4, label="2025", color="#1f4e79")
        ax.bar([i + 0.2 for i in x], B, 0.4, label="2026", color="#e07b39")
        ax.set_xticks(list(x), CATS, rotation=30, ha="right")
        ax.set_ylabel("Mia. kr.")
        ax.set_title("Forbrug og investeringer, løbende priser")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", ".")))
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False)
        fig.subplots_adjust(left=0.12, right=0.98, top=0.9, bottom=0.3)
        fig.savefig(io.BytesIO(), format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)


def drawings() -> list:
    """Every chart of the real project, in both languages, ready to draw."""
    from sitegen import build
    from sitegen.charts.stage import prepare_charts
    from sitegen.render.translations import translations

    project, _ = build.load(REPO, None)
    gettexts = {lang: translations(c).gettext for lang, c in project.catalogs.items()}
    return [p.drawing for p in prepare_charts(project.editions, project.schema, gettexts, None)]


def timed(function, *args) -> float:
    start = time.process_time()
    function(*args)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from sitegen.charts import plot

    charts = drawings()
    plot.draw(charts[0])  # warm: Matplotlib's import and font cache are not a chart's cost
    reference()
    ours, ref = [], []
    for _ in range(args.runs):
        for drawing in charts:
            ref.append(timed(reference))
            ours.append(timed(plot.draw, drawing))
    print(f"{len(charts)} charts x {args.runs} runs, CPU time per chart (median; mean):")
    for name, times in (
        ("sitegen (narrow, wide and print SVG + 200 dpi palette PNG)", ours),
        ("reference (fixed-margin SVG + 100 dpi PNG)", ref),
    ):
        print(
            f"  {name:55} {statistics.median(times) * 1000:5.0f} ms; {statistics.mean(times) * 1000:5.0f} ms"
        )
    print(
        f"  ratio: {statistics.median(ours) / statistics.median(ref):.2f}x (median); "
        f"{statistics.mean(ours) / statistics.mean(ref):.2f}x (mean)"
    )


if __name__ == "__main__":
    main()
