#!/bin/sh
# Set up (once) and build the site into site/. Extra arguments go to `sitegen build`,
# e.g. sh scripts/build.sh --base-url /udvalg/uru/mineindsats/
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/sitegen build "$@"
