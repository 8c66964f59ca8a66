#!/bin/sh
# Extract every interface string from templates and code and merge it into both catalogs.
# New strings arrive untranslated: `sitegen check` lists them until msgstr is filled in.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m babel.messages.frontend -q extract -F babel.cfg -k _ -k gettext --no-location \
  --omit-header --sort-output -o .cache/messages.pot . >/dev/null
for lang in da en; do
  "$PY" -m babel.messages.frontend -q update -i .cache/messages.pot -l "$lang" \
    -o "translations/$lang/LC_MESSAGES/messages.po" --no-fuzzy-matching --ignore-obsolete >/dev/null
done
echo "catalogs updated; fill in any empty msgstr, then run: sitegen check"
