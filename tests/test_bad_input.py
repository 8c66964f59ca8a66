"""The bad-input corpus: each malformed input is rejected with its exact message and location, or accepted.

Every rejection must leave the previously built site byte-for-byte as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.cli import main

T4 = "content/editions/2025-q1/data/t4_devices.csv"
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
        f"{T4}:3: expected 4 fields, found 3",
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
        f"{T4}:1: unexpected column(s): totals (expected operator,erw,apm,total)",
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
        f"{T4}:5: column 'erw': 19.5 is not a whole number",
    ),
    (
        "total does not reconcile",
        replace(T4, "total,130,25,155", "total,131,24,155"),
        f"{T4}:6: column 'erw': rows anama, commercial add up to 130, but 'total' row says 131 "
        "(difference -1; correct the rows or the total)",
    ),
    (
        "subtotal does not reconcile",
        replace(T4, "commercial,30,5,35", "commercial,31,4,35"),
        f"{T4}:3: column 'erw': rows alpha, qaya add up to 30, but 'commercial' row says 31 "
        "(difference -1; correct the rows or the total)",
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
        f"{DA_PO}: entry 'Brand new' is used but missing (run scripts/update-catalogs.sh and translate it)",
    ),
    (
        "unknown key figure",
        replace("content/site.toml", '"cleared_ha"', '"cleared_km"'),
        "content/site.toml: key_figures: 'cleared_km' is not a figure of the dataset",
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
        f"{DA_INDEX}:1: front matter lacks 'title' (add title = \"...\")",
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
        "content/editions/2025-q1/edition.toml: id must be like 2025-Q1 and match the folder name '2025-q1'",
    ),
    (
        "undeclared unit",
        replace("content/schema.toml", 'unit = "ha"', 'unit = "hectare"'),
        "content/schema.toml: figures.cleared_ha: unit 'hectare' is not declared under [units]",
    ),
    (
        "bad formula",
        replace(
            "content/schema.toml",
            'formula = "t4_devices.anama.total',
            'formula = "t4_devices.anama.totals',
        ),
        "content/schema.toml: anama_share_pct: formula names unknown figure(s) t4_devices.anama.totals",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(tiny: Path, capsys: pytest.CaptureFixture[str], name: str, mutate, expected) -> None:
    # The edit loop's build (no PDFs): the input is checked the same way, in a fraction of the time.
    assert main(["--project", str(tiny), "build", "--preview"]) == 0
    before = snapshot(tiny / "site")
    capsys.readouterr()
    mutate(tiny)
    status = main(["--project", str(tiny), "build", "--preview"])
    err = capsys.readouterr().err
    if expected is ACCEPTED:
        assert status == 0, err
        return
    message = expected(tiny) if callable(expected) else expected
    assert status == 1
    lines = err.splitlines()
    assert any(
        line == message or (line.startswith(message) and name == "invalid front matter") for line in lines
    ), err
    assert snapshot(tiny / "site") == before


def test_raw_html_is_escaped(tiny: Path) -> None:
    replace(DA_INDEX, "Se [tabellen]", "<script>alert(1)</script>\n\nSe [tabellen]")(tiny)
    assert main(["--project", str(tiny), "build"]) == 0
    html = (tiny / "site/da/2025-q1/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
