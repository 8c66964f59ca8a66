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
"""Score per module: killed (a test failed, or the mutant made the tests time out) of all mutants."""
import json
from pathlib import Path

KILLED, TIMEOUT = {1, 3}, {24, -24, 36, 152, 255}
total = [0, 0, 0]
print(f"{'module':34} {'mutants':>8} {'killed':>7} {'timeout':>8} {'score':>7}  survivors/other")
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
    if not codes:
        continue
    killed = sum(c in KILLED for c in codes)
    timeout = sum(c in TIMEOUT for c in codes)
    rest = len(codes) - killed - timeout
    module = str(meta.relative_to("mutants"))[: -len(".meta")]
    print(f"{module:34} {len(codes):8} {killed:7} {timeout:8} {(killed + timeout) / len(codes):7.1%}  {rest}")
    total = [total[0] + len(codes), total[1] + killed, total[2] + timeout]
if total[0]:
    print(f"{'all':34} {total[0]:8} {total[1]:7} {total[2]:8} {(total[1] + total[2]) / total[0]:7.1%}")
PY
echo "survivors: .venv/bin/mutmut results; one of them: .venv/bin/mutmut show NAME"
