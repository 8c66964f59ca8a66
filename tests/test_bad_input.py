"""The bad-input corpus: each malformed input is rejected with its exact message and location, or accepted.

Every rejection must leave the previously built site byte-for-byte as it was."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.cli import main

T4 = "content/editions/2025-q1/data/t4_devices.csv"
DATA = "content/editions/2025-q1/data"
EDITION = "content/editions/2025-q1/edition.toml"
SCHEMA = "content/schema.toml"
CONTRIBUTIONS = "content/editions/2025-q1/contributions.csv"
CONTRIBUTION_HEADER = "id,donor_da,donor_en,kind,amount,currency,year,page,quote\n"
FIG = "content/editions/2025-q1/figures.csv"
DA_INDEX = "content/editions/2025-q1/pages/da/index.md"
DA_PO = "translations/da/LC_MESSAGES/messages.po"


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {path}"
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write_bytes(path: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / path).write_bytes(data)


def delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def transform(path: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda root: (root / path).write_bytes(change((root / path).read_bytes()))


def mkdir(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).mkdir(parents=True)


def symlink(path: str, target: str) -> Callable[[Path], None]:
    return lambda root: (root / path).symlink_to(target)


def write_text(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")

    return edit


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for change in edits:
            change(root)

    return edit


def copy_page(source: str, dest: str) -> Callable[[Path], None]:
    return lambda root: write_text(dest, (root / source).read_text(encoding="utf-8"))(root)


def add_pages(count: int) -> Callable[[Path], None]:
    """Give the edition's source a page count."""
    return lambda root: (root / EDITION).write_text(
        (root / EDITION).read_text(encoding="utf-8") + f"pages = {count}\n", encoding="utf-8"
    )


def po_line(root: Path, msgid: str) -> int:
    """Line of an entry's msgid in the Danish catalog, as Babel reports it."""
    lines = (root / DA_PO).read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


ACCEPTED = None
CASES: list[tuple[str, Callable[[Path], None], str | None]] = [
    (
        "non-numeric cell",
        replace(T4, "anama,100,", "anama,1OO,"),
        f"{T4}:2: column 'erw': '1OO' is not a number",
    ),
    (
        "decimal comma",
        replace(T4, "anama,100,", 'anama,"100,5",'),
        f"{T4}:2: column 'erw': '100,5' is not a number (use '.' for decimals and no thousands separator)",
    ),
    (
        "Danish Excel CSV",
        transform(T4, lambda b: b.replace(b",", b";")),
        f"{T4}:1: separated by semicolons, as Danish Excel exports CSV; save as 'CSV UTF-8 (comma delimited)' "
        "with '.' decimals, or give the .xlsx",
    ),
    (
        "truncated file",
        transform(T4, lambda b: b[: b.index(b"commercial,30,") + 14]),
        [f"{T4}:3: expected 4 fields, found 3", f"{T4}:3: missing row(s): alpha, qaya, total (add them)"],
    ),
    (
        "duplicated header",
        replace(T4, "operator,erw,apm,total", "operator,erw,erw,total"),
        f"{T4}:1: duplicated column(s): erw",
    ),
    (
        "extra field",
        replace(T4, "anama,100,20,120", "anama,100,20,120,7"),
        f"{T4}:2: expected 4 fields, found 5",
    ),
    (
        "missing column",
        transform(
            T4,
            lambda b: b"\n".join(
                b",".join(c for i, c in enumerate(line.split(b",")) if i != 2) for line in b.split(b"\n")
            ),
        ),
        f"{T4}:1: missing column(s): apm (expected operator,erw,apm,total)",
    ),
    (
        "unexpected column",
        replace(T4, "operator,erw,apm,total", "operator,erw,apm,totals"),
        f"{T4}:1: unexpected column(s): totals; missing column(s): total (expected operator,erw,apm,total)",
    ),
    (
        "columns out of order",
        transform(
            T4,
            lambda b: b"\n".join(
                b",".join((lambda c: [c[0], c[2], c[1], c[3]])(line.split(b","))) if line else b""
                for line in b.split(b"\n")
            ),
        ),
        f"{T4}:1: columns out of order (expected operator,erw,apm,total)",
    ),
    ("BOM", transform(T4, lambda b: b"\xef\xbb\xbf" + b), ACCEPTED),
    ("CRLF line ends", transform(T4, lambda b: b.replace(b"\n", b"\r\n")), ACCEPTED),
    (
        "non-UTF-8 file",
        transform(
            "content/names.csv",
            lambda b: b.replace(b"Alpha Demining,Alpha", "Ålpha,Alpha".encode("latin-1")),
        ),
        "content/names.csv:3: not UTF-8 (byte 0xc5); save the file as UTF-8",
    ),
    (
        "empty file",
        write_bytes(T4, b""),
        f"{T4}:1: file is empty (it needs a header row and data rows)",
    ),
    (
        "negative count",
        replace(T4, "qaya,20,0,20", "qaya,-20,0,20"),
        f"{T4}:5: column 'erw': -20 is negative (counts and areas cannot be)",
    ),
    (
        "fraction in a count",
        replace(T4, "qaya,20,0,20", "qaya,19.5,0.5,20"),
        [
            f"{T4}:5: column 'apm': 0.5 is not a whole number",
            f"{T4}:5: column 'erw': 19.5 is not a whole number",
        ],
    ),
    (
        "total does not reconcile",
        replace(T4, "total,130,25,155", "total,131,24,155"),
        [
            f"{T4}:6: column 'apm': rows anama, commercial add up to 25, but 'total' row says 24 "
            "(difference 1; correct the rows or the total)",
            f"{T4}:6: column 'erw': rows anama, commercial add up to 130, but 'total' row says 131 "
            "(difference -1; correct the rows or the total)",
        ],
    ),
    (
        "subtotal does not reconcile",
        replace(T4, "commercial,30,5,35", "commercial,31,4,35"),
        [
            f"{T4}:3: column 'apm': rows alpha, qaya add up to 5, but 'commercial' row says 4 "
            "(difference 1; correct the rows or the total)",
            f"{T4}:3: column 'erw': rows alpha, qaya add up to 30, but 'commercial' row says 31 "
            "(difference -1; correct the rows or the total)",
        ],
    ),
    (
        "row parts do not add up",
        replace(T4, "anama,100,20,120", "anama,100,21,120"),
        f"{T4}:2: row 'anama': erw + apm add up to 121, but total says 120 (difference 1; correct the rows or the total)",
    ),
    (
        "unknown operator",
        replace(T4, "qaya,", "kaya,"),
        f"{T4}:5: unknown operator 'kaya' (known: alpha, anama, qaya; add new names to content/names.csv)",
    ),
    ("missing row", replace(T4, "qaya,20,0,20\n", ""), f"{T4}:5: missing row(s): qaya (add them)"),
    (
        "duplicated row",
        replace(T4, "qaya,20,0,20\n", "qaya,20,0,20\nqaya,20,0,20\n"),
        f"{T4}:6: duplicated row 'qaya' (first on line 5)",
    ),
    (
        "empty cell",
        replace(T4, "anama,100,", "anama,,"),
        f"{T4}:2: column 'erw': empty cell (fill in the number)",
    ),
    (
        "empty cell where unknown is allowed",
        replace(T4, "anama,100,20,", "anama,100,,"),
        f"{T4}:2: column 'apm': empty cell (write 'unknown' if the source does not give it)",
    ),
    ("unknown where allowed", replace(T4, "anama,100,20,", "anama,100,unknown,"), ACCEPTED),
    (
        "unknown where not allowed",
        replace(T4, "anama,100,", "anama,unknown,"),
        f"{T4}:2: column 'erw': 'unknown' is not allowed here (the schema requires a number)",
    ),
    (
        "missing table",
        delete(T4),
        f"{T4}: table t4_devices is missing (Table 4 of the source; create it with the schema's columns)",
    ),
    (
        "figure without source",
        replace(FIG, 'cleared_ha,11002.4,8,"11002.4 hectares of land"', "cleared_ha,11002.4,,"),
        f"{FIG}:2: figure 'cleared_ha' has no source: give the page of Bilag 219 and a quote",
    ),
    (
        "interface string missing from the catalogs",
        replace(
            "templates/page.html", "<h1>{{ title }}</h1>", "<h1>{{ title }}</h1><p>{{ _('Brand new') }}</p>"
        ),
        [
            f"{lang_po}: entry 'Brand new' is used but missing (run scripts/update-catalogs.sh and translate it)"
            for lang_po in (DA_PO, "translations/en/LC_MESSAGES/messages.po")
        ],
    ),
    (
        "unknown key figure",
        replace("content/site.toml", '"cleared_ha"', '"cleared_km"'),
        "content/site.toml:4: key_figures: 'cleared_km' is not a figure of the dataset",
    ),
    (
        "fraction in a count figure",
        replace(FIG, "found_total,155,", "found_total,155.5,"),
        f"{FIG}:3: figure 'found_total': 155.5 is not a whole number",
    ),
    (
        "figure not in schema",
        replace(FIG, "found_total,", "found_totals,"),
        f"{FIG}:3: figure 'found_totals' is not declared in content/schema.toml [figures]",
    ),
    ("valid rounding", replace(FIG, "erw_share_pct,69.7,", "erw_share_pct,83.9,"), ACCEPTED),
    (
        "page in one language only",
        delete("content/pages/en/glossary.md"),
        "content/pages/da/glossary.md:1: page exists in da only (add its en translation under en/glossary.md)",
    ),
    (
        "slug clash",
        replace("content/pages/da/accessibility.md", 'slug = "tilgaengelighed"', 'slug = "ordliste"'),
        "content/pages/da/glossary.md:1: slug 'ordliste' is also used by content/pages/da/accessibility.md (choose another)",
    ),
    (
        "invalid front matter",
        replace(DA_INDEX, 'title = "Forside"', 'title = "Forside'),
        f"{DA_INDEX}:2: front matter is not valid TOML: Illegal character",
    ),
    (
        "front matter without title",
        replace(DA_INDEX, 'title = "Forside"', 'titel = "Forside"'),
        f"{DA_INDEX}:2: titel: unknown key (did you mean 'title'?)",
    ),
    (
        "no front matter",
        replace(DA_INDEX, "+++\n", ""),
        f"{DA_INDEX}:1: page must start with front matter between '+++' lines",
    ),
    (
        "front matter not closed",
        replace(DA_INDEX, "order = 0\n+++\n", "order = 0\n"),
        f"{DA_INDEX}:1: front matter is not closed (add a '+++' line after it)",
    ),
    (
        "unknown figure reference",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "{{ fig:cleared_km }}"),
        f"{DA_INDEX}:5: unknown fig reference 'cleared_km' (see docs/formats.md)",
    ),
    (
        "unknown chart reference",
        replace(DA_INDEX, "Se [tabellen]", "{{ chart:no-such-chart }}\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: unknown chart reference 'no-such-chart'",
    ),
    (
        "javascript: link",
        replace(DA_INDEX, "(page:data)", "(javascript:alert(1))"),
        f"{DA_INDEX}:9: link 'javascript:alert(1)' uses a forbidden scheme (javascript:, data: and file: are not allowed)",
    ),
    (
        "data: link",
        replace(DA_INDEX, "(page:data)", "(data:text/html;base64,PHNjcmlwdD4=)"),
        f"{DA_INDEX}:9: link 'data:text/html;base64,PHNjcmlwdD4=' uses a forbidden scheme "
        "(javascript:, data: and file: are not allowed)",
    ),
    (
        "link to no page",
        replace(DA_INDEX, "(page:data)", "(page:dataa)"),
        f"{DA_INDEX}:9: link 'page:dataa' names no page (use page:ID with a page id)",
    ),
    (
        "raw <script> is shown as text",
        replace(DA_INDEX, "Se [tabellen]", "<script>alert(1)</script>\n\nSe [tabellen]"),
        ACCEPTED,
    ),
    (
        "typed figure",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "11.002,4 ha"),
        f"{DA_INDEX}:5: number '11.002,4' is typed in; it duplicates a dataset figure, so write it as a "
        "{{ fig:KEY }} reference",
    ),
    (
        "untranslated entry",
        replace(DA_PO, 'msgstr "Gå til indhold"', 'msgstr ""'),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Skip to content')}: entry 'Skip to content' is not translated (fill in msgstr)"
        ),
    ),
    (
        "fuzzy entry",
        replace(DA_PO, 'msgid "Skip to content"', '#, fuzzy\nmsgid "Skip to content"'),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Skip to content')}: entry 'Skip to content' is fuzzy "
            "(check the translation, remove '#, fuzzy')"
        ),
    ),
    (
        "entry missing in one language",
        replace(DA_PO, 'msgid "Skip to content"\nmsgstr "Gå til indhold"\n', ""),
        f"{DA_PO}: entry 'Skip to content' is missing in the da catalog (add and translate it)",
    ),
    (
        "missing template variable",
        replace("templates/page.html", "<h1>{{ title }}</h1>", "<h1>{{ titel }}</h1>"),
        "templates/page.html:4: 'titel' is undefined (define it or fix the name)",
    ),
    (
        "edition id does not match folder",
        replace("content/editions/2025-q1/edition.toml", 'id = "2025-Q1"', 'id = "2025-Q2"'),
        "content/editions/2025-q1/edition.toml:1: id must be like 2025-Q1 and match the folder name '2025-q1'",
    ),
    (
        "undeclared unit",
        replace("content/schema.toml", 'unit = "ha"', 'unit = "hectare"'),
        "content/schema.toml:53: figures.cleared_ha: unit 'hectare' is not declared under [units]",
    ),
    (
        "bad formula",
        replace(
            "content/schema.toml",
            'formula = "t4_devices.anama.total',
            'formula = "t4_devices.anama.totals',
        ),
        "content/schema.toml:72: anama_share_pct: formula names unknown figure(s) t4_devices.anama.totals",
    ),
    # --- no traceback: inputs that crashed with one -------------------------------------------------
    ("space after a comma in a header", replace(T4, "operator,erw,", "operator, erw,"), ACCEPTED),
    ("Excel's lock file beside the data", write_bytes(f"{DATA}/~$book.xlsx", b"\x08owner  "), ACCEPTED),
    (
        "truncated workbook",
        write_bytes(f"{DATA}/tables.xlsx", b"PK\x03\x04\x14\x00\x06\x00"),
        f"{DATA}/tables.xlsx: not a readable .xlsx workbook (File is not a zip file); "
        "save it again from Excel as .xlsx",
    ),
    (
        "empty workbook",
        write_bytes(f"{DATA}/tables.xlsx", b""),
        f"{DATA}/tables.xlsx: not a readable .xlsx workbook (File is not a zip file); "
        "save it again from Excel as .xlsx",
    ),
    (
        "misspelt %-placeholder in a translation",
        replace(
            DA_PO, 'msgstr "Udgave %(id)s, data pr. %(date)s."', 'msgstr "Udgave %(idd)s, data pr. %(date)s."'
        ),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Edition %(id)s, data as of %(date)s.')}: entry 'Edition %(id)s, "
            "data as of %(date)s.': msgstr lacks %(id)s and has %(idd)s, which msgid does not "
            "(keep msgid's placeholders exactly)"
        ),
    ),
    (
        "misspelt {}-placeholder in a translation",
        replace(DA_PO, 'msgstr "{quarter}. kvartal {year}"', 'msgstr "{perod}. kvartal {year}"'),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Q{quarter} {year}')}: entry 'Q{{quarter}} {{year}}': msgstr lacks "
            "{quarter} and has {perod}, which msgid does not (keep msgid's placeholders exactly)"
        ),
    ),
    (
        "positional placeholder in a translation",
        replace(DA_PO, 'msgstr "tabel {number}"', 'msgstr "tabel {0}"'),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Table {number}')}: entry 'Table {{number}}': msgstr lacks "
            "{number} and has {0}, which msgid does not (keep msgid's placeholders exactly)"
        ),
    ),
    (
        "bare percent sign in a translation",
        replace(
            DA_PO,
            'msgstr "Udgave %(id)s, data pr. %(date)s."',
            'msgstr "100% udgave %(id)s, data pr. %(date)s."',
        ),
        lambda root: (
            f"{DA_PO}:{po_line(root, 'Edition %(id)s, data as of %(date)s.')}: entry 'Edition %(id)s, "
            "data as of %(date)s.': msgstr has %, which msgid does not "
            "(keep msgid's placeholders exactly; write %% for a percent sign)"
        ),
    ),
    (
        "superscript digit as a page",
        replace(FIG, "cleared_ha,11002.4,8,", "cleared_ha,11002.4,²,"),
        f"{FIG}:2: figure 'cleared_ha': page '²' is not a page number",
    ),
    (
        "index.md among the shared pages",
        write_text("content/pages/da/index.md", '+++\ntitle = "Forside"\n+++\nTekst.\n'),
        "content/pages/da/index.md: a shared page cannot be called index (the front page is an edition's index.md)",
    ),
    (
        "a folder named like a page",
        mkdir("content/pages/da/noter.md"),
        "content/pages/da/noter.md: a folder among the pages (pages are .md files directly in da/ or en/)",
    ),
    (
        "a number where site.toml wants text",
        replace("content/site.toml", 'contact = "Testsekretariatet"', "contact = 5"),
        "content/site.toml:2: contact: must be a string, not a number (5)",
    ),
    (
        "a misspelt key in site.toml",
        replace("content/site.toml", "key_figures =", "key_figure ="),
        "content/site.toml:4: key_figure: unknown key (did you mean 'key_figures'?)",
    ),
    (
        "a string where edition.toml wants a date",
        replace(EDITION, "as_of = 2025-03-31", 'as_of = "2025-03-31"'),
        f"{EDITION}:2: as_of: must be a date such as 2025-03-31, not a string ('2025-03-31')",
    ),
    (
        "a string where schema.toml wants a number",
        replace(SCHEMA, "page = 9", 'page = "9"'),
        f"{SCHEMA}:20: tables.t4_devices.page: must be a whole number from 1, not a string ('9')",
    ),
    (
        "a string where schema.toml wants both languages",
        replace(SCHEMA, 'label = { da = "ERW", en = "ERW" }', 'label = "ERW"'),
        f"{SCHEMA}:31: tables.t4_devices.columns[1].label: must be a table, not a string ('ERW')",
    ),
    (
        "not a number as the tolerance",
        transform(SCHEMA, lambda b: b + b"\n[consistency]\ntolerance_pct = nan\n"),
        f"{SCHEMA}:76: consistency.tolerance_pct: must be a number, not nan",
    ),
    (
        "a number where front matter wants text",
        replace(DA_INDEX, 'title = "Forside"', "title = 5"),
        f"{DA_INDEX}:2: title: must be a string, not a number (5)",
    ),
    (
        "TOML nested 5,000 deep",
        transform("content/site.toml", lambda b: b + b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
        "content/site.toml:9: not valid TOML: nested too deeply (flatten the tables and lists)",
    ),
    # --- one mistake, one message ---------------------------------------------------------------------
    (
        "an invalid status",
        replace(EDITION, 'status = "final"', 'status = "Final"'),
        f'{EDITION}:5: status: must be one of "final", "draft", not a string (\'Final\')',
    ),
    (
        "a line break inside a value",
        replace(T4, "anama,100,", 'anama,"10\n0",'),
        f"{T4}:2: column 'erw': '10\\n0' is not a number",
    ),
    # --- what is published is only what is meant ---------------------------------------------------------
    (
        "a link out of the project among the templates",
        symlink("templates/assets/env.txt", "/proc/self/environ"),
        "templates/assets/env.txt: symbolic link to a file outside the project (copy the file into the project "
        "instead)",
    ),
    (
        "a linked folder out of the project among the pages",
        symlink("content/pages/en/more", "/etc"),
        "content/pages/en/more: symbolic link to a file outside the project (copy the file into the project instead)",
    ),
    (
        "an image from another site",
        replace(DA_INDEX, "Se [tabellen]", "![Kort](https://evil.example/t.png)\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: image 'https://evil.example/t.png' is not a file of the site "
        "(give a local path, not an http(s):, //, javascript: or data: address)",
    ),
    (
        "an image from a protocol-relative address",
        replace(DA_INDEX, "Se [tabellen]", "![Kort](//evil.example/t.png)\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: image '//evil.example/t.png' is not a file of the site "
        "(give a local path, not an http(s):, //, javascript: or data: address)",
    ),
    (
        "a javascript: image",
        replace(DA_INDEX, "Se [tabellen]", "![Kort](javascript:alert(1))\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: image 'javascript:alert(1)' is not a file of the site "
        "(give a local path, not an http(s):, //, javascript: or data: address)",
    ),
    (
        "a data: image",
        replace(DA_INDEX, "Se [tabellen]", "![Kort](data:image/png;base64,AAAA)\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: image 'data:image/png;base64,AAAA' is not a file of the site "
        "(give a local path, not an http(s):, //, javascript: or data: address)",
    ),
    (
        "an image without alt text",
        replace(DA_INDEX, "Se [tabellen]", "![](kort.png)\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: image 'kort.png' has no alt text (write what it shows: ![text](...))",
    ),
    (
        "a reference with spaces around the bar",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "{{ fig:cleared_ha | plain }}"),
        f"{DA_INDEX}:5: malformed reference '{{{{ fig:cleared_ha | plain }}}}' "
        "(write {{ fig:KEY }} or {{ fig:KEY|plain }}; see docs/formats.md)",
    ),
    (
        "a row id that is a formula",
        both(
            transform("content/names.csv", lambda b: b + b"operator,=1+1,Formel,Formula,agency\n"),
        ),
        "content/names.csv:5: id '=1+1' must be lowercase letters, digits, '_' and '-'",
    ),
    (
        "a contribution in an unknown currency",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1000,XYZ,2024,8,quote\n"),
        f"{CONTRIBUTIONS}:2: currency 'XYZ' is not one of DKK, EUR, GBP, NOK, SEK, USD "
        "(an amount needs its currency)",
    ),
    (
        "a negative contribution",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,-1000,EUR,2024,8,quote\n"),
        f"{CONTRIBUTIONS}:2: amount -1000 is negative",
    ),
    (
        "a contribution listed twice",
        write_text(
            CONTRIBUTIONS,
            CONTRIBUTION_HEADER
            + "eu,EU,EU,cash,1000,EUR,2024,8,quote\neu,EU,EU,cash,2000,EUR,2024,8,quote\n",
        ),
        f"{CONTRIBUTIONS}:3: duplicated contribution 'eu' (first on line 2)",
    ),
    (
        "page 0 of a 22-page source",
        both(add_pages(22), replace(FIG, "cleared_ha,11002.4,8,", "cleared_ha,11002.4,0,")),
        f"{FIG}:2: figure 'cleared_ha': page 0 is not in the source (it has pages 1-22)",
    ),
    (
        "page 999 of a 22-page source",
        both(
            add_pages(22), write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1,EUR,2024,999,q\n")
        ),
        f"{CONTRIBUTIONS}:2: page 999 is not in the source (it has pages 1-22) (give the page of the source)",
    ),
    (
        "Arabic-Indic digits in a cell",
        replace(T4, "anama,100,", "anama,١٠٠,"),
        f"{T4}:2: column 'erw': '١٠٠' is not a number",
    ),
    (
        "fullwidth digits in a figure",
        replace(FIG, "found_total,155,", "found_total,１５５,"),
        f"{FIG}:3: figure 'found_total': '１５５' is not a number (or 'unknown')",
    ),
    (
        "a NUL byte in names.csv",
        replace("content/names.csv", "Alpha Demining,Alpha", "Alpha\0Demining,Alpha"),
        "content/names.csv:3: control character U+0000 in the text (delete it; save as plain text)",
    ),
    (
        "a heading that repeats the page's own id",
        replace(DA_INDEX, "Se [tabellen]", "## Main\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: heading id 'main' is already used on the page (rename the heading)",
    ),
    (
        "a second level-1 heading",
        replace(DA_INDEX, "Se [tabellen]", "# Forside igen\n\nSe [tabellen]"),
        f"{DA_INDEX}:9: a level-1 heading: the page's title is its only one (use ## for sections)",
    ),
    (
        "a stray language folder",
        copy_page("content/pages/da/glossary.md", "content/pages/dk/glossary.md"),
        "content/pages/dk: not a language folder (pages go in da/ or en/)",
    ),
    (
        "an upper-case page file",
        copy_page("content/pages/da/glossary.md", "content/pages/da/Noter.MD"),
        "content/pages/da/Noter.MD: not a page file name (use lowercase letters, digits and hyphens, ending in .md)",
    ),
    # --- typed settings: each key's type, unknown keys, each problem at its line ----------------------------
    (
        "a string where front matter wants a whole number",
        replace(DA_INDEX, "order = 0", 'order = "0"'),
        f"{DA_INDEX}:3: order: must be a whole number, not a string ('0')",
    ),
    (
        "a misspelt front matter key",
        replace(DA_INDEX, "order = 0", 'order = 0\nsumary = "Kort"'),
        f"{DA_INDEX}:4: sumary: unknown key (did you mean 'summary'?)",
    ),
    (
        "a slug with spaces",
        replace(DA_INDEX, "order = 0", 'order = 0\nslug = "min side"'),
        f"{DA_INDEX}:4: slug 'min side' must be lower-case letters, digits and hyphens",
    ),
    (
        "absent tables as a string",
        replace(EDITION, 'status = "final"', 'status = "final"\nabsent_tables = "t4_devices"'),
        f"{EDITION}:6: absent_tables: must be a list [...], not a string ('t4_devices')",
    ),
    (
        "a misspelt key in the source",
        transform(EDITION, lambda b: b + b"page = 22\n"),
        f"{EDITION}:9: source.page: unknown key (did you mean 'pages'?)",
    ),
    (
        "a source of no pages",
        add_pages(0),
        f"{EDITION}:9: source.pages: must be a whole number from 1, not a number (0)",
    ),
    (
        "a column type the schema does not know",
        replace(SCHEMA, 'type = "int"', 'type = "float"'),
        f'{SCHEMA}:29: tables.t4_devices.columns[1].type: must be one of "int", "decimal", '
        "not a string ('float')",
    ),
    (
        "a unit id in capitals",
        replace(SCHEMA, "[units.pct]", "[units.Pct]"),
        f"{SCHEMA}:5: units.Pct: the name must be an id of lowercase letters, digits, '_' and '-'",
    ),
    (
        "too many decimals for a derived figure",
        replace(SCHEMA, "decimals = 1", "decimals = 9"),
        f"{SCHEMA}:73: derived.anama_share_pct.decimals: must be a whole number from 0 to 6, not a number (9)",
    ),
    (
        "a base URL that starts a host name",
        replace("content/site.toml", 'base_url = "/"', 'base_url = "//evil.example/"'),
        "content/site.toml:1: base URL '//evil.example/' must not start with '//' (that starts a host name; "
        "use one '/' or a full https:// URL)",
    ),
    (
        "a contribution of an unknown kind",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,gift,1000,EUR,2024,8,quote\n"),
        f"{CONTRIBUTIONS}:2: kind 'gift' is not one of cash, pledge, project, in_kind",
    ),
    (
        "a contribution id in capitals",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "EU,EU,EU,cash,1000,EUR,2024,8,quote\n"),
        f"{CONTRIBUTIONS}:2: id 'EU' must be lowercase letters, digits, '_' and '-'",
    ),
    (
        "a year in fullwidth digits",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1000,EUR,２０２４,8,quote\n"),
        f"{CONTRIBUTIONS}:2: year '２０２４' is not a year (or 'unknown')",
    ),
    (
        "a template not in UTF-8",
        transform("templates/page.html", lambda b: b + "æ".encode("cp1252")),
        "templates/page.html:8: not UTF-8 (byte 0xe6); save the file as UTF-8",
    ),
    (
        "a template expression that fails",
        replace("templates/page.html", "<h1>{{ title }}</h1>", "<h1>{{ title / 2 }}</h1>"),
        "templates/page.html:4: template error: TypeError: unsupported operand type(s) for /: 'str' and 'int'",
    ),
    (
        "a template message whose placeholders do not match its arguments",
        replace(
            "templates/base.html", '_("Edition %(id)s, data as of %(date)s.", id=', '_("Edition %(nr)s.", id='
        ),
        "templates/base.html:44: template error: KeyError: 'nr'",
    ),
    ("an editor's lock file among the pages", write_text("content/pages/da/.#glossary.md", "x"), ACCEPTED),
    ("an editor's backup among the pages", write_text("content/pages/da/glossary.md~", "x"), ACCEPTED),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(tiny: Path, capsys: pytest.CaptureFixture[str], name: str, mutate, expected) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    before = snapshot(tiny / "site")
    capsys.readouterr()
    mutate(tiny)
    status = main(["--project", str(tiny), "build"])
    err = capsys.readouterr().err
    if expected is ACCEPTED:
        assert status == 0, err
        return
    found = expected(tiny) if callable(expected) else expected
    messages = found if isinstance(found, list) else [found]  # a list: a mutation that makes several mistakes
    assert status == 1, err
    *problems, summary = err.splitlines()
    if name == "invalid front matter":  # the rest of the line is tomllib's wording
        problems = [line[: len(messages[0])] for line in problems]
    assert problems == messages, err  # one mistake, one message
    assert summary == f"sitegen: {len(messages)} problem(s); nothing was written"
    assert snapshot(tiny / "site") == before


def test_raw_html_is_escaped(tiny: Path) -> None:
    replace(DA_INDEX, "Se [tabellen]", "<script>alert(1)</script>\n\nSe [tabellen]")(tiny)
    assert main(["--project", str(tiny), "build"]) == 0
    html = (tiny / "site/da/2025-q1/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_catalog_strings_are_escaped(tiny: Path) -> None:
    replace(DA_PO, 'msgstr "Gå til indhold"', 'msgstr "<script>alert(1)</script>"')(tiny)
    assert main(["--project", str(tiny), "build"]) == 0
    html = (tiny / "site/da/2025-q1/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


# --- the output folder: refused with exit status 2 and everything left in place -------------------------
REFUSED_OUTPUTS = [
    ("the project", ".", "refusing to write the site to {root}: it holds the project (choose e.g. site/)"),
    ("its parent", "..", "refusing to write the site to {parent}: it holds the project (choose e.g. site/)"),
    (
        "a source folder",
        "templates",
        "refusing to write the site to templates: it is inside or contains templates/, part of the project "
        "(choose e.g. site/)",
    ),
    (
        "a folder inside the sources",
        "content/editions/out",
        "refusing to write the site to content/editions/out: it is inside or contains content/, part of the "
        "project (choose e.g. site/)",
    ),
    (
        "a non-empty foreign folder",
        "../thesis",
        "refusing to replace {parent}/thesis: it is not empty and sitegen did not write it (it has no "
        ".sitegen-site); empty it or choose another folder",
    ),
    ("a file", "notes.txt", "refusing to write the site to notes.txt: it is a file, not a folder"),
]


@pytest.mark.parametrize(("name", "out", "reason"), REFUSED_OUTPUTS, ids=[c[0] for c in REFUSED_OUTPUTS])
def test_build_out_refuses_what_it_must_not_replace(
    tiny: Path, capsys: pytest.CaptureFixture[str], name: str, out: str, reason: str
) -> None:
    (tiny / "notes.txt").write_text("keep")
    (tiny.parent / "thesis").mkdir()
    (tiny.parent / "thesis" / "chapter.tex").write_text("keep")
    before = snapshot(tiny.parent)
    assert main(["--project", str(tiny), "build", "--out", str(tiny / out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "sitegen: " + reason.format(root=tiny, parent=tiny.parent)
    ]
    assert snapshot(tiny.parent) == before


# --- arguments: exit status 2 with one line ---------------------------------------------------------------
ARGUMENTS = [
    (["serve", "--port", "70000"], "sitegen serve: argument --port: '70000' is not a port number (1-65535) "
     "(see 'sitegen serve --help')"),
    (["serve", "--port", "٨٠٨٠"], "sitegen serve: argument --port: '٨٠٨٠' is not a port number (1-65535) "
     "(see 'sitegen serve --help')"),
    (["new-edition", "9999-Q4"], "sitegen: '9999-Q4' is not an edition id like 2025-Q2 (a year 1900-2099 and "
     "Q1-Q4)"),
    (["new-edition", "2025-Q٢"], "sitegen: '2025-Q٢' is not an edition id like 2025-Q2 (a year 1900-2099 and "
     "Q1-Q4)"),
    (["build", "--base-url", "/a b/"], "sitegen build: argument --base-url: base URL '/a b/' must not contain "
     "spaces, backslashes or control characters (see 'sitegen build --help')"),
    (["build", "--base-url", "/uru/../x/"], "sitegen build: argument --base-url: base URL '/uru/../x/' must "
     "not contain '.' or '..' folders (see 'sitegen build --help')"),
    (["build", "--base-url", "/uru\\x/"], "sitegen build: argument --base-url: base URL '/uru\\x/' must not "
     "contain spaces, backslashes or control characters (see 'sitegen build --help')"),
    (["build", "--base-url", "https://staff:secret@example.org/"], "sitegen build: argument --base-url: base "
     "URL 'https://staff:secret@example.org/' must not contain a user name or password "
     "(see 'sitegen build --help')"),
    (["build", "--base-url", "//evil.example/uru/"], "sitegen build: argument --base-url: base URL "
     "'//evil.example/uru/' must not start with '//' (that starts a host name; use one '/' or a full "
     "https:// URL) (see 'sitegen build --help')"),
    (["frobnicate"], "sitegen: argument command: invalid choice: 'frobnicate' (choose from 'build', 'check', "
     "'serve', 'new-edition') (see 'sitegen --help')"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), ARGUMENTS, ids=[" ".join(a[0]) for a in ARGUMENTS])
def test_wrong_arguments_exit_2_with_one_line(
    tiny: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = snapshot(tiny)
    assert main(["--project", str(tiny), *argv]) == 2
    assert capsys.readouterr().err.splitlines() == [message]
    assert snapshot(tiny) == before


# --- faults: one line, exit status 1, the previous site intact --------------------------------------------
def full_disk(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if path.name == "index.html" and ".site.new-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    return "No space left on device (free some disk space, then build again)"


def read_only_project(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    real = Path.mkdir

    def mkdir(path: Path, *args: object, **kwargs: object) -> None:
        if ".cache" in path.parts:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real(path, *args, **kwargs)

    shutil.rmtree(tiny / ".cache")
    monkeypatch.setattr(Path, "mkdir", mkdir)
    return "Read-only file system (the file system is read-only; build on a writable one or use --out)"


def unreadable_page(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    (tiny / "content/pages/da/glossary.md").chmod(0)
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "glossary.md" and "da" in path.parts:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return "content/pages/da/glossary.md: cannot be read: Permission denied (check its permissions)"


def a_bug(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    from sitegen.load import pages

    def broken(*args: object) -> None:
        raise ValueError("something unforeseen")

    monkeypatch.setattr(pages, "_parse_page", broken)
    return (
        "sitegen: internal error while processing content/pages/da/accessibility.md: ValueError: "
        "something unforeseen (this is a bug in sitegen: please report it with this line)"
    )


def a_bug_while_rendering(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    from sitegen.render import blocks

    def broken(*args: object) -> None:
        raise IndexError("something unforeseen")

    monkeypatch.setattr(blocks, "row_kind", broken)
    return (
        "sitegen: internal error while processing content/editions/2025-q1/pages/da/data.md: IndexError: "
        "something unforeseen (this is a bug in sitegen: please report it with this line)"
    )


FAULTS = [full_disk, read_only_project, unreadable_page, a_bug, a_bug_while_rendering]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_faults_are_one_line_and_leave_the_site(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fault
) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    before = snapshot(tiny / "site")
    capsys.readouterr()
    message = fault(monkeypatch, tiny)
    assert main(["--project", str(tiny), "build"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 + (fault is unreadable_page) and lines[0].endswith(message), lines
    assert snapshot(tiny / "site") == before
    assert sorted(p.name for p in tiny.iterdir() if p.name.startswith(".site")) == []


def test_corpus_is_large_enough() -> None:
    assert len(CASES) + len(REFUSED_OUTPUTS) + len(ARGUMENTS) + len(FAULTS) >= 120


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
