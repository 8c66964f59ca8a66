#!/bin/sh
# Set up .venv from requirements.lock and build the site into site/. Extra arguments go to
# `sitegen build`, e.g. sh scripts/build.sh --base-url /udvalg/uru/mineindsats/
set -eu
cd "$(dirname "$0")/.."
sh scripts/venv.sh requirements.lock
exec .venv/bin/sitegen build "$@"
