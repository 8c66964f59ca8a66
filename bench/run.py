"""Benchmark the whole `sitegen build` process: cold, unchanged, prose edit, data edit; and N editions.
Also the edit loop inside `sitegen serve`: a prose edit rebuilt in a process that has imported everything.

Usage: .venv/bin/python bench/run.py [--runs 5] [--editions 1 10 100]
Figures are medians of whole-process wall time, with the CPU time of the build and its workers (steadier
than wall time on a shared machine); peak memory is the largest resident set of the build
process or any of its children. Charts drawn = new entries in the chart cache; PDFs made = new entries
in the PDF cache; "imported" names the heavy libraries loaded by the build or any worker it forked.
Nothing here is a test: it reports, it never asserts a time."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = ".cache/charts"
PDF_CACHE = ".cache/pdf"
HEAVY = ("matplotlib", "pandas", "weasyprint")
MAKES_PDFS = util.find_spec("sitegen.write.pdf") is not None  # False for a generator from before the PDFs
# Runs one build in a fresh interpreter, ended as the command ends it, and reports its peak memory and which
# heavy libraries it imported.
# The audit hook is inherited by forked workers, so an import there is seen too (appended to a file).
RUNNER = f"""
import resource, sys
HEAVY = {HEAVY!r}
def spy(event, args):
    if event == "import" and args[0] in HEAVY:
        with open(sys.argv[3], "a") as seen:
            seen.write(args[0] + "\\n")
sys.addaudithook(spy)
from sitegen.cli import main
code = main(["--project", sys.argv[1], "build", "--out", sys.argv[2], *sys.argv[4:]])
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
print("BENCH", code, max(u.ru_maxrss for u in usage), cpu, file=sys.stderr)
try:  # the process ends as the `sitegen` command's does (a generator from before it: as Python's)
    from sitegen.collector import leave
except ImportError:
    leave = lambda: None
leave()
"""


# Lays out each PDF of a project in a fresh interpreter: WeasyPrint's import, then per PDF the layout and
# the writing, timed apart.
PDF_RUNNER = """
import json, sys, time
from importlib import util
from pathlib import Path
from sitegen import build
from sitegen.collector import collected_after
from sitegen.write import pdf
docs = []
build.render(Path(sys.argv[1]), None, True, False, make_pdfs=lambda found: docs.extend(found) or {})
start = time.perf_counter()
import weasyprint
from weasyprint.text.fonts import FontConfiguration
report = {"import": time.perf_counter() - start, "pdfs": []}
for doc in docs:
    fonts = FontConfiguration()
    with collected_after():  # as pdf.render_pdf collects: seldom while it lays out and writes, then at once
        start = time.perf_counter()
        document = pdf.lay_out(pdf.job(doc), fonts)
        laid_out = time.perf_counter()
        data = document.write_pdf(pdf_variant=pdf.VARIANT)
        written = time.perf_counter()
        pages, document = len(document.pages), None
    report["pdfs"].append({"path": doc.path, "pages": pages, "bytes": len(data),
                           "render": laid_out - start, "write": written - laid_out})
    pdf.discard(fonts)
print(json.dumps(report))
"""


# The edit loop as `sitegen serve` runs it: one process, imports paid once, then per edit one in-process
# `build(preview=True)`, timed apart (the same word swapped as edit_prose does).
SERVE_RUNNER = """
import json, statistics, sys, time
from pathlib import Path
from sitegen.build import build
root, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
page = root / "content/editions/2025-q1/pages/da/letter.md"
build(root, out, preview=True)
times = []
for n in range(runs):
    text = page.read_text(encoding="utf-8")
    old, new = ("Brevet", "Skrivelsen") if n % 2 == 0 else ("Skrivelsen", "Brevet")
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    start = time.perf_counter()
    build(root, out, preview=True)
    times.append(time.perf_counter() - start)
print(json.dumps(statistics.median(times)))
"""


def serve_rebuild(project: Path, out: Path, runs: int) -> float:
    """Median seconds of an in-process preview rebuild after a prose edit, as `serve` does it."""
    command = [sys.executable, "-c", SERVE_RUNNER, str(project), str(out), str(runs)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"serve rebuild failed:\n{proc.stderr}")
    return float(proc.stdout)


def run_build(project: Path, out: Path, *options: str) -> dict:
    """One whole-process build: seconds, peak MB, charts drawn, PDFs made, heavy libraries imported."""
    # one PNG per chart drawn (each chart also has three SVGs)
    charts, pdfs = set((project / CACHE).glob("*.png")), set((project / PDF_CACHE).rglob("*.pdf"))
    seen = out.parent / "imported.txt"
    seen.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(project), str(out), str(seen), *options],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    match = re.search(r"BENCH (\d+) (\d+) ([\d.]+)", proc.stderr)
    if not match or match.group(1) != "0":
        raise SystemExit(f"build failed:\n{proc.stderr}")
    imported = set(seen.read_text().split()) if seen.is_file() else set()
    return {
        "s": seconds,
        "cpu": float(match.group(3)),
        "mb": int(match.group(2)) / 1024,
        "charts": len(set((project / CACHE).glob("*.png")) - charts),
        "pdfs": len(set((project / PDF_CACHE).rglob("*.pdf")) - pdfs),
        **{name: name in imported for name in HEAVY},
    }


def median(results: list[dict]) -> dict:
    return {
        "s": statistics.median(r["s"] for r in results),
        "cpu": statistics.median(r["cpu"] for r in results),
        "mb": max(r["mb"] for r in results),
        "charts": max(r["charts"] for r in results),
        "pdfs": max(r["pdfs"] for r in results),
        **{name: any(r[name] for r in results) for name in HEAVY},
    }


def copy_project(dest: Path) -> Path:
    for name in ("content", "templates", "translations"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def edit_prose(project: Path, n: int) -> None:
    """Swap one word of the Danish letter page (back and forth, so every run is an edit)."""
    page = project / "content/editions/2025-q1/pages/da/letter.md"
    text = page.read_text(encoding="utf-8")
    old, new = ("Brevet", "Skrivelsen") if n % 2 else ("Skrivelsen", "Brevet")
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_cell(project: Path, n: int) -> None:
    """Change one district's area and its totals so the table still reconciles (new values every run)."""
    path = project / "content/editions/2025-q1/data/t5_districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    delta = 0.1
    out = []
    for line in lines:
        cells = line.split(",")
        if cells[0] in ("others", "total"):
            cells[1] = f"{float(cells[1]) + delta:.1f}"
            cells[2] = f"{float(cells[2]) + delta:.1f}"
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def scenario(project: Path, out: Path, runs: int, prepare, *options: str) -> dict:
    results = []
    for n in range(runs):
        prepare(n)
        results.append(run_build(project, out, *options))
    return median(results)


def bench_real(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project, out = copy_project(Path(tmp) / "p"), Path(tmp) / "site"
        report = {
            "cold": scenario(
                project, out, runs, lambda n: shutil.rmtree(project / ".cache", ignore_errors=True)
            ),
            "unchanged": scenario(project, out, runs, lambda n: None),
        }
        report["prose edit"] = scenario(project, out, runs, lambda n: edit_prose(project, n + 1))
        if MAKES_PDFS:  # the edit loop (serve): the same edit, without the PDFs
            edit = scenario(project, out, runs, lambda n: edit_prose(project, n + 1), "--preview")
            report["prose, preview"] = edit
        report["data cell edit"] = scenario(project, out, runs, lambda n: edit_cell(project, n + 1))
        report["serve rebuild"] = serve_rebuild(project, out, runs)
        return report


def bench_pdf_cost(runs: int) -> dict:
    """WeasyPrint's import and each PDF's layout and writing (medians), charts drawn beforehand."""
    with tempfile.TemporaryDirectory() as tmp:
        project, out = copy_project(Path(tmp) / "p"), Path(tmp) / "site"
        run_build(project, out)  # the charts, so that only the PDFs are timed
        reports = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", PDF_RUNNER, str(project)], capture_output=True, text=True
            )
            if done.returncode:
                raise SystemExit(f"PDF timing failed:\n{done.stderr}")
            reports.append(json.loads(done.stdout))
    pdfs = {}
    for i, first in enumerate(reports[0]["pdfs"]):
        pdfs[first["path"]] = {key: statistics.median(r["pdfs"][i][key] for r in reports)
                               for key in ("render", "write", "pages", "bytes")}  # fmt: skip
    return {"import": statistics.median(r["import"] for r in reports), "pdfs": pdfs}


def synthetic(dest: Path, editions: int) -> Path:
    """A project with `editions` quarterly editions ending at 2025-Q1, each a copy of the real one.

    Copies cannot add up across quarters, so the synthetic schema drops the consistency flows."""
    project = copy_project(dest)
    schema = project / "content/schema.toml"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text[: text.index("[[consistency.flows]]")], encoding="utf-8")
    base = project / "content/editions/2025-q1"
    year, quarter = 2025, 1
    for i in range(1, editions):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        ident = f"{year}-q{quarter}"
        target = project / "content/editions" / ident
        shutil.copytree(base, target)
        meta = (target / "edition.toml").read_text()
        end = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[quarter]
        meta = re.sub(r'period = "[^"]+"', f'period = "{ident.upper()}"', meta)
        meta = re.sub(r"as_of = \S+", f"as_of = {year}-{end}", meta)
        (target / "edition.toml").write_text(meta)
        staff = target / "data/t2_resources.csv"  # one changed figure per edition so its charts differ
        staff.write_text(
            staff.read_text()
            .replace("anama,1931,", f"anama,{1931 - i},")
            .replace("total,2542,", f"total,{2542 - i},")
        )
    return project


def bench_editions(counts: list[int], runs: int) -> dict:
    report = {}
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            project, out = synthetic(Path(tmp) / "p", count), Path(tmp) / "site"
            cold = run_build(project, out)
            unchanged = scenario(project, out, runs, lambda n: None)
            report[count] = {"cold": cold, "unchanged": unchanged}
    return report


def report_pdf_cost(cost: dict, runs: int) -> None:
    """The PDF timings, one line per PDF."""
    print(
        f"cost per PDF, medians of {runs} runs "
        f"(WeasyPrint's import: {cost['import']:.2f} s, once per process):"
    )
    for path, r in cost["pdfs"].items():
        print(
            f"  {path:38} {r['pages']:3.0f} pages {r['bytes'] / 1e6:5.2f} MB   "
            f"render {r['render']:5.2f} s   write {r['write']:5.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--editions", type=int, nargs="*", default=[])
    args = parser.parse_args()
    real = bench_real(args.runs)
    print(f"real project, medians of {args.runs} runs (whole process):")
    serve = real.pop("serve rebuild")
    for name, r in real.items():
        imported = ", ".join(n for n in HEAVY if r[n]) or "none"
        print(
            f"  {name:15} {r['s']:6.2f} s (CPU {r['cpu']:5.2f} s)   peak {r['mb']:4.0f} MB   "
            f"charts drawn {r['charts']:3}   "
            f"PDFs made {r['pdfs']:2}   imported: {imported}"
        )
    print(f"  {'serve rebuild':15} {serve:6.2f} s (prose edit rebuilt inside `sitegen serve`: no start-up)")
    if MAKES_PDFS:
        report_pdf_cost(bench_pdf_cost(args.runs), args.runs)
    if args.editions:
        print("synthetic projects (cold: one run; unchanged: median):")
        for count, r in bench_editions(args.editions, args.runs).items():
            print(
                f"  N={count:<4} cold {r['cold']['s']:7.2f} s ({r['cold']['charts']} charts, "
                f"{r['cold']['pdfs']} PDFs, peak {r['cold']['mb']:.0f} MB)   "
                f"unchanged {r['unchanged']['s']:5.2f} s "
                f"(peak {r['unchanged']['mb']:.0f} MB)"
            )


if __name__ == "__main__":
    main()
