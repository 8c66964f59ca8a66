#!/bin/sh
# Make .venv hold exactly what a lock lists (plus sitegen itself, installed editable).
# Usage: sh scripts/venv.sh LOCK [--exact]
#   --exact  the installed packages must equal the lock (tests); without it the lock's packages must be
#            installed at the lock's versions and others may be present (a test venv can build).
# A venv that does not match after installing is built afresh, so a stale one is never reused.
set -eu
cd "$(dirname "$0")/.."
lock=$1
exact=${2:-}
log=$(mktemp)
trap 'rm -f "$log" "$log.want" "$log.have"' EXIT

pip_quiet() {
	# pip's log is shown only when it fails (some machines' pip config warns about absent indexes).
	if ! .venv/bin/python -m pip --disable-pip-version-check "$@" >"$log" 2>&1; then
		cat "$log" >&2
		echo "venv.sh: pip $* failed" >&2
		exit 1
	fi
}

install() {
	[ -x .venv/bin/python ] || python3 -m venv .venv
	pip_quiet install -q --require-hashes --no-deps -r "$lock"
	pip_quiet install -q --no-deps -e .
	project_stamp >.venv/.sitegen-project
}

# sitegen is installed editable: only a change to pyproject.toml (entry points, metadata) needs a reinstall.
project_stamp() { cksum <pyproject.toml; }

# name==version lines, names normalised as PEP 503 does; pip, setuptools and sitegen are not locked.
normalise() { tr 'A-Z_.' 'a-z--' | grep -v -E '^(pip|setuptools|wheel|sitegen)==' | sort; }

matches() {
	grep -E '^[A-Za-z0-9_.-]+==' "$lock" | sed 's/[ ;\\].*//' | normalise >"$log.want"
	.venv/bin/python -m pip freeze --disable-pip-version-check --exclude-editable 2>/dev/null |
		grep -E '^[A-Za-z0-9_.-]+==' | normalise >"$log.have"
	if [ "$exact" = "--exact" ]; then
		cmp -s "$log.want" "$log.have"
	else
		[ -z "$(comm -23 "$log.want" "$log.have")" ]
	fi
}

# sitegen's own bytecode, written here: where PYTHONDONTWRITEBYTECODE is set, every module of the
# editable install would be compiled again on each run (about 50 ms of each `sitegen build`).
# Only stale files are redone.
compile_sitegen() { .venv/bin/python -m compileall -q sitegen >/dev/null; }

if [ -x .venv/bin/python ] && [ "$(cat .venv/.sitegen-project 2>/dev/null)" = "$(project_stamp)" ] && matches; then
	compile_sitegen
	exit 0
fi
install
if ! matches; then
	echo "venv.sh: .venv differs from $lock; building it afresh"
	rm -rf .venv
	install
	if ! matches; then
		diff "$log.want" "$log.have" >&2 || true
		echo "venv.sh: .venv still differs from $lock after a fresh install" >&2
		exit 1
	fi
fi
compile_sitegen
