#!/bin/sh
# Extract every interface string from templates and code and merge it into both catalogs.
# New strings arrive untranslated: `sitegen check` lists them until msgstr is filled in.
# Only `_("...")` marks a message (--no-default-keywords): Babel's default keywords include `gettext`,
# and Babel 2.19 reads a subscript such as `self.gettext[lang]` as a call, which pulled docstrings in.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
mkdir -p .cache
"$PY" -m babel.messages.frontend -q extract -F babel.cfg --no-default-keywords -k _ --no-location \
  --omit-header --sort-output -o .cache/messages.pot . >/dev/null
for lang in da en; do
  "$PY" -m babel.messages.frontend -q update -i .cache/messages.pot -l "$lang" \
    -o "translations/$lang/LC_MESSAGES/messages.po" --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date >/dev/null
done
echo "catalogs updated; fill in any empty msgstr, then run: sitegen check"
