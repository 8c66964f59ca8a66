#!/bin/sh
# The project's quality gate: lint, format and every test, browser and HTML-validator ones included.
# Usage: sh scripts/test.sh [pytest arguments]
set -eu
cd "$(dirname "$0")/.."

# Playwright drives Debian's Chromium (scripts/install-system-deps.sh); never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

[ -x .venv/bin/python ] || python3 -m venv .venv
# pip's log is shown only when it fails (some machines' pip config warns about absent local indexes).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' >"$log" 2>&1; then
	cat "$log" >&2
	echo "test.sh: pip install -e '.[test]' failed" >&2
	exit 1
fi
sh scripts/install-system-deps.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
