#!/bin/sh
# Re-resolve the locks from pyproject.toml's ranges: requirements-test.lock (runtime + test extra) and
# requirements.lock (runtime only, the same versions). Existing pins are kept unless you pass
# --upgrade (everything) or --upgrade-package NAME. Commit a lock update on its own.
# Usage: sh scripts/update-lock.sh [--upgrade | --upgrade-package NAME ...]
set -eu
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tool=.cache/lock-tool
if ! "$tool/bin/uv" --version 2>/dev/null | grep -q "^uv $UV_VERSION"; then
	rm -rf "$tool"
	python3 -m venv "$tool"
	"$tool/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
compile() {
	"$tool/bin/uv" pip compile --quiet --python-version 3.11 --generate-hashes --no-header \
		--custom-compile-command "sh scripts/update-lock.sh" "$@"
}
compile pyproject.toml --extra test -o requirements-test.lock "$@"
compile pyproject.toml -c requirements-test.lock -o requirements.lock "$@"
echo "locks updated: review 'git diff requirements*.lock', then commit them on their own"
