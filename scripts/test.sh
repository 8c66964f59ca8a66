#!/bin/sh
# The project's quality gate: lint, format and every test, browser and HTML-validator ones included.
# Usage: sh scripts/test.sh [pytest arguments]
set -eu
cd "$(dirname "$0")/.."

# Playwright drives Debian's Chromium (scripts/install-system-deps.sh); never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

sh scripts/venv.sh requirements-test.lock --exact
sh scripts/install-system-deps.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
