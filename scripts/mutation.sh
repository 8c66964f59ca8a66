#!/bin/sh
# Mutation testing (mutmut 3) of the modules where a silent regression would publish a wrong number or
# lose data: the dataset, schema and settings readers, compute/, the site writer and the routes
# (pyproject.toml [tool.mutmut] names them and the tests that guard them). Not run by CI: a whole run
# takes hours on two shared cores (docs/mutation.md: scores, survivors, timings).
# Usage: sh scripts/mutation.sh [mutant name patterns, e.g. "sitegen.load.settings*"]
#   Results stay in mutants/ (ignored by git): a second run re-tests only what changed since the first.
#   MUTATION_JOBS (default 2) mutants are tested at once.
set -eu
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
sh scripts/venv.sh requirements-test.lock --exact
.venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" "$@" || true  # the scores below say how it went
.venv/bin/python - <<'PY'
"""Per module: mutants, how many were tested, killed (a test failed or timed out), survived; the score is
killed of tested."""
import json
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255}  # a failing test, pytest's internal error, a timeout
rows, total = [], [0, 0, 0, 0]
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
    if codes:
        tested = [c for c in codes if c is not None]
        killed = sum(c in KILLED for c in tested)
        counts = [len(codes), len(tested), killed, len(tested) - killed]
        rows.append((str(meta.relative_to("mutants"))[: -len(".meta")], counts))
        total = [a + b for a, b in zip(total, counts)]
print(f"{'module':32} {'mutants':>8} {'tested':>7} {'killed':>7} {'survived':>9} {'score':>7}")
for module, (n, tested, killed, survived) in [*rows, ("all", total)]:
    score = f"{killed / tested:.1%}" if tested else "-"
    print(f"{module:32} {n:8} {tested:7} {killed:7} {survived:9} {score:>7}")
PY
echo "survivors: .venv/bin/mutmut results; one of them: .venv/bin/mutmut show NAME"
