"""The bad-input corpus: each malformed input is rejected with its exact message and location, or accepted.

Builds are strict (as publishing is), so a warning is a rejection too. Every rejection must leave the
previously built site byte-for-byte as it was."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.translations import record_done
from sitegen.render.printdoc import PrintDocument

T4 = "content/editions/2025-q1/data/t4_devices.csv"
# Progress on long work (sitegen.report): plain lines on stderr when it is not a terminal, shown by a build
# that failed after making workbooks or PDFs; never part of the one line a problem gets
PROGRESS = re.compile(r"sitegen: [A-Za-z ]+ [0-9]+/[0-9]+ [a-z]+ \([0-9.]+ s\)")


def error_lines(err: str) -> list[str]:
    """What a run said on stderr, without its progress lines."""
    return [line for line in err.splitlines() if not PROGRESS.fullmatch(line)]


DATA = "content/editions/2025-q1/data"
CONTRIBUTIONS = "content/editions/2025-q1/contributions.csv"
CONTRIBUTION_HEADER = "id,donor_da,donor_en,kind,amount,currency,year,source,place,quote\n"
FIG = "content/editions/2025-q1/figures.csv"
DA_INDEX = "content/editions/2025-q1/pages/da/index.md"
DA_PO = "translations/da/LC_MESSAGES/messages.po"
META = "content/editions/2025-q1/edition.toml"
SCHEMA = "content/schema.toml"
EMPTY = "empty cell (fill in the number, or write 'unknown' if the source does not give it)"
EN_INDEX = "content/editions/2025-q1/pages/en/index.md"
LEDGER = "translations/pages.toml"
CHANGES = "Changes since the %(period)s edition (data as of %(date)s), %(span)s."


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {path}"
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(path: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / path).write_text(
        (root / path).read_text(encoding="utf-8") + text, encoding="utf-8"
    )


def earlier(period: str, as_of: str, **values: str) -> Callable[[Path], None]:
    """Add an edition for an earlier period: a copy of 2025-Q1 with some figures changed, its copied
    translations recorded as current (they are the checked ones of 2025-Q1)."""

    def add(root: Path) -> None:
        folder = root / "content/editions" / period.lower()
        shutil.copytree(root / "content/editions/2025-q1", folder)
        replace("edition.toml", 'period = "2025-Q1"', f'period = "{period}"')(folder)
        replace("edition.toml", "as_of = 2025-03-31", f"as_of = {as_of}")(folder)
        for key, value in values.items():
            figures = folder / "figures.csv"
            lines = [
                f"{key},{value},{line.split(',', 2)[2]}" if line.startswith(f"{key},") else line
                for line in figures.read_text(encoding="utf-8").splitlines()
            ]
            figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
        record_done(root, [f"{period.lower()}/{page.stem}" for page in (folder / "pages/en").glob("*.md")])

    return add


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for change in edits:
            change(root)

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


def copy_page(source: str, dest: str) -> Callable[[Path], None]:
    return lambda root: write_text(dest, (root / source).read_text(encoding="utf-8"))(root)


def po_line(root: Path, msgid: str) -> int:
    """Line of an entry's msgid in the Danish catalog, as Babel reports it."""
    lines = (root / DA_PO).read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def ledger_line(root: Path, name: str) -> int:
    """Line of a page's entry in the translation ledger that the tiny copy recorded."""
    lines = (root / LEDGER).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(f'"{name}" ='))


INDEX_DA, INDEX_EN = "da/2025-q1/index.html", "en/2025-q1/index.html"
DATA_DA, DATA_EN = "da/2025-q1/data/index.html", "en/2025-q1/data/index.html"


@dataclass(frozen=True)
class Accepted:
    """An input the build takes, and what the built site then says: each (site path, text) of `shown` is
    in that file and each of `hidden` is not; `same`: the site is byte-identical to the one before."""

    shown: tuple[tuple[str, str], ...] = ()
    hidden: tuple[tuple[str, str], ...] = ()
    same: bool = False

    def __post_init__(self) -> None:
        assert self.same or self.shown, "an accepted case says what the site shows"


SAME = Accepted(same=True)  # the input means what it meant before (a BOM, CRLF, an editor's file)


def shows(*shown: tuple[str, str], hides: tuple[tuple[str, str], ...] = ()) -> Accepted:
    return Accepted(shown, hides)


CASES: list[tuple[str, Callable[[Path], None], str | Accepted | Callable | list[str]]] = [
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
    ("BOM", transform(T4, lambda b: b"\xef\xbb\xbf" + b), SAME),
    ("CRLF line ends", transform(T4, lambda b: b.replace(b"\n", b"\r\n")), SAME),
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
    ("empty cell", replace(T4, "anama,100,", "anama,,"), f"{T4}:2: column 'erw': {EMPTY}"),
    (
        "empty cell in another column",
        replace(T4, "anama,100,20,", "anama,100,,"),
        f"{T4}:2: column 'apm': {EMPTY}",
    ),
    (
        "unknown in one column",
        replace(T4, "anama,100,20,", "anama,100,unknown,"),
        shows(
            (
                DATA_DA,
                '<tr class="row"><th scope="row">ANAMA</th><td>100</td><td>ukendt</td><td>120</td></tr>',
            ),
            (
                DATA_EN,
                '<tr class="row"><th scope="row">ANAMA</th><td>100</td><td>unknown</td><td>120</td></tr>',
            ),
            (DATA_EN, "Not checkable against the stated totals, as some figures are unknown: APM and Total."),
            ("data/2025-q1/t4_devices.csv", "\nanama,100,unknown,120\n"),
        ),
    ),
    (
        "unknown part, the known ones adding up to the subtotal",
        replace(T4, "qaya,20,0,20", "qaya,20,unknown,20"),
        shows(
            (
                DATA_DA,
                '<tr class="member"><th scope="row">Qaya Safety Solutions</th><td>20</td><td>ukendt</td><td>20</td></tr>',
            ),
        ),
    ),
    (
        "unknown in any column",
        replace(T4, "anama,100,", "anama,unknown,"),
        shows(
            (
                DATA_DA,
                '<tr class="row"><th scope="row">ANAMA</th><td>ukendt</td><td>20</td><td>120</td></tr>',
            ),
            (DATA_DA, "Kan ikke kontrolleres mod de angivne totaler, da nogle tal er ukendte: ERW og I alt."),
            ("data/2025-q1/t4_devices.csv", "\nanama,unknown,20,120\n"),
        ),
    ),
    (
        "known parts above the total",
        replace(T4, "anama,100,20,120", "anama,unknown,130,120"),
        f"{T4}:2: row 'anama': erw + apm: the known ones add up to 130, more than total says (120); "
        "correct the rows or the total",
    ),
    (
        "thousands separator in a count",
        replace(T4, "anama,100,", "anama,1.100,"),
        f"{T4}:2: column 'erw': 1.100 is not a whole number (write 1100 without a thousands separator)",
    ),
    (
        "missing table",
        delete(T4),
        f"{T4}: table t4_devices is missing (create it with the schema's columns, or list it under "
        "absent_tables in edition.toml)",
    ),
    (
        "table said to be absent",
        both(
            delete(T4),
            replace(META, '[tables.t4_devices]\nsource = "bilag-219"\nnumber = 4\nplace = 9\n', ""),
            replace(META, 'status = "final"', 'status = "final"\nabsent_tables = ["t4_devices"]'),
        ),
        shows(
            (
                DATA_DA,
                '<p class="missing">Tabellen &#34;Fundne genstande&#34; indgår ikke i denne udgave, da kilderne '
                "ikke indeholder den.</p>",
            ),
            (INDEX_EN, 'ANAMA accounted for <span class="fig unknown">unknown</span>'),  # never 0
            hides=((DATA_DA, 'id="table-t4_devices"'),),
        ),
    ),
    (
        "absent table that is no table of the schema",
        replace(META, 'status = "final"', 'status = "final"\nabsent_tables = ["t9_mines"]'),
        f"{META}:4: absent_tables names unknown table(s): t9_mines",
    ),
    (
        "table absent and given a source",
        replace(META, 'status = "final"', 'status = "final"\nabsent_tables = ["t4_devices"]'),
        f"{META}:19: [tables.t4_devices]: the table is also listed in absent_tables (keep one)",
    ),
    (
        "table without its source",
        replace(META, '[tables.t4_devices]\nsource = "bilag-219"\nnumber = 4\nplace = 9\n', ""),
        f"{META}: table t4_devices: name its source under [tables.t4_devices] (source, number, place), "
        "or list the table under absent_tables",
    ),
    (
        "table from an unknown source",
        replace(META, 'source = "bilag-219"\nnumber = 4', 'source = "bilag-291"\nnumber = 4'),
        f"{META}:19: [tables.t4_devices]: 'bilag-291' is not a source of this edition (its sources: bilag-219)",
    ),
    (
        "figure without source",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,,", "cleared_ha,11002.4,,,8,,"),
        f"{FIG}:2: figure 'cleared_ha' has no source: name one of the edition's sources (bilag-219)",
    ),
    (
        "figure from an unknown source",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,", "cleared_ha,11002.4,,bilag-291,"),
        f"{FIG}:2: figure 'cleared_ha': 'bilag-291' is not a source of this edition (its sources: bilag-219)",
    ),
    (
        "page beyond the source",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,", "cleared_ha,11002.4,,bilag-219,23,"),
        f"{FIG}:2: figure 'cleared_ha': page 23 is not in source 'bilag-219' (it has 22 pages)",
    ),
    (
        "known figure without its page",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,", "cleared_ha,11002.4,,bilag-219,,"),
        f"{FIG}:2: figure 'cleared_ha': give the page of source 'bilag-219' it is on",
    ),
    (
        "known figure without a quote",
        replace(
            FIG,
            'cleared_ha,11002.4,,bilag-219,8,,"11002.4 hectares of land"',
            "cleared_ha,11002.4,,bilag-219,8,,",
        ),
        f"{FIG}:2: figure 'cleared_ha': quote the source's own words for it",
    ),
    (
        "unknown figure without a source",
        replace(FIG, 'found_total,155,,bilag-219,8,,"155 devices"', "found_total,unknown,,,,,"),
        shows(
            (INDEX_DA, '<p class="kf-value"><span class="fig unknown">ukendt</span></p>'),
            (
                INDEX_EN,
                'an area cleared of <span class="fig">11,002.4\u00a0ha</span> and <span class="fig unknown">unknown</span>',
            ),
        ),
    ),
    (
        "approx neither yes nor empty",
        replace(FIG, "cleared_ha,11002.4,,", "cleared_ha,11002.4,ca,"),
        f"{FIG}:2: figure 'cleared_ha': approx must be 'yes' or empty, not 'ca'",
    ),
    (
        "figure's own date is no date",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,,", "cleared_ha,11002.4,,bilag-219,8,2025-13-01,"),
        f"{FIG}:2: figure 'cleared_ha': as_of '2025-13-01' is not a date like 2025-11-10",
    ),
    (
        "figure with its own date",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,,", "cleared_ha,11002.4,yes,bilag-219,8,2025-02-28,"),
        shows(
            (
                INDEX_DA,
                '<p class="kf-value"><span class="fig"><span class="approx">ca. </span>11.002,4\u00a0ha</span></p>',
            ),
            (
                INDEX_EN,
                '<p class="kf-value"><span class="fig"><span class="approx">approx. </span>11,002.4\u00a0ha</span></p>',
            ),
            (INDEX_DA, '<p class="kf-date">Pr. 28. februar 2025</p>'),
            (INDEX_EN, '<p class="kf-date">As of 28 February 2025</p>'),
        ),
    ),
    (
        "as_of outside the period",
        replace(META, "as_of = 2025-03-31", "as_of = 2025-04-30"),
        f"{META}:2: as_of 2025-04-30 is not in 2025-Q1 (2025-01-01 to 2025-03-31); give the date the "
        "figures are as of, within the period",
    ),
    (
        "period that is no period",
        replace(META, 'period = "2025-Q1"', 'period = "2025-Q5"'),
        f'{META}:1: period: must be a quarter such as "2025-Q4" or a year such as "2025", not a string '
        "('2025-Q5')",
    ),
    (
        "unknown key in edition.toml",
        replace(META, 'status = "final"', 'status = "final"\nabsent_table = []'),
        f"{META}:4: absent_table: unknown key (did you mean 'absent_tables'?)",
    ),
    (
        "source without a title",
        replace(META, 'title = { da = "Henvendelse om minerydning", en = "Letter on mine action" }\n', ""),
        f"{META}:6: sources[1]: 'title' is missing (add it: a text, or da and en texts)",
    ),
    (
        "source title in one language",
        replace(META, ', en = "Letter on mine action" }', " }"),
        f"{META}:9: sources[1].title: 'en' is missing (add it: a text)",
    ),
    (
        "source named twice",
        append(
            META,
            '\n[[sources]]\nid = "bilag-219"\nshort = "B"\ntitle = "T"\npublisher = "P"\ndate = "unknown"\n',
        ),
        f"{META}:24: source 'bilag-219' is named twice",
    ),
    (
        "source date that is no date",
        replace(META, "date = 2025-05-21", 'date = "21 May 2025"'),
        f'{META}:12: sources[1].date: must be the document\'s date, e.g. 2025-05-21, or "unknown", not a '
        "string ('21 May 2025')",
    ),
    (
        "source address that is no web address",
        replace(META, "date = 2025-05-21", 'date = 2025-05-21\nurl = "www.ft.dk/bilag/219"'),
        f"{META}:13: sources[1].url: must be an http(s) address, not a string ('www.ft.dk/bilag/219')",
    ),
    (
        "Folketinget document without its Bilag number",
        replace(META, "bilag = 219\n", ""),
        f"{META}:14: source 'bilag-219': a Folketinget document needs committee, session and bilag (add bilag)",
    ),
    (
        "[confirmed] names no figure",
        append(META, '\n[confirmed]\ncleared_km = "checked"\n'),
        f"{META}:24: [confirmed] names 'cleared_km', which is no figure of the schema",
    ),
    (
        "[revisions] in one language",
        append(META, '\n[revisions.cleared_ha]\nda = "Revideret."\n'),
        f"{META}:23: revisions.cleared_ha: 'en' is missing (add it: a string)",
    ),
    (
        "page number in the schema",
        replace(SCHEMA, "[tables.t4_devices]\n", "[tables.t4_devices]\npage = 9\n"),
        f"{SCHEMA}:19: tables.t4_devices: 'page' belongs in edition.toml [tables.t4_devices] (as number and "
        "place)",
    ),
    (
        "unknown gate in the schema",
        replace(SCHEMA, 'name = "apm"\n', 'name = "apm"\nunknown = true\n'),
        f"{SCHEMA}:34: tables.t4_devices.columns[2]: 'unknown' is no longer set per column: any cell may be "
        "unknown (delete the line)",
    ),
    (
        "approx in the schema",
        replace(SCHEMA, "[figures.cleared_ha]\n", "[figures.cleared_ha]\napprox = true\n"),
        f"{SCHEMA}:54: figures.cleared_ha: 'approx' belongs in the approx column of each edition's figures.csv",
    ),
    (
        "an older edition lacks a figure",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
            lambda root: replace(
                "content/editions/2024-q4/figures.csv",
                'workplan_ha,65092.6,,bilag-219,9,,"65,092.6 hectares"\n',
                "",
            )(root),
        ),
        shows(
            ("da/2024-q4/index.html", '<p class="kf-value"><span class="fig">9.751,9\u00a0ha</span></p>'),
            (
                INDEX_DA,
                '<li class="edition-link"><a href="/da/2024-q4/">Ældre udgave: 4. kvartal 2024</a></li>',
            ),
        ),
    ),
    (
        "the newest edition lacks a figure",
        replace(FIG, 'workplan_ha,65092.6,,bilag-219,9,,"65,092.6 hectares"\n', ""),
        f"{FIG}:6: figure 'workplan_ha' is missing (add a row with its value or 'unknown')",
    ),
    (
        "adjacent quarters that follow",
        earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
        shows(
            (
                INDEX_DA,
                '<li class="edition-link"><a href="/da/2024-q4/">Ældre udgave: 4. kvartal 2024</a></li>',
            ),
            ("da/2024-q4/index.html", '<p class="kf-value"><span class="fig">9.751,9\u00a0ha</span></p>'),
            ("en/2024-q4/index.html", "<title>Front page – Q4 2024 – Test briefing</title>"),
        ),
    ),
    (
        "cumulative figure that falls (a thousands separator)",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
            replace(FIG, "cleared_ha,11002.4,", "cleared_ha,11.002,"),
        ),
        f"{FIG}:2: cleared_ha: 11.002 falls below 9751.9 in 2024-Q4; a cumulative figure never falls (11.002 "
        "looks like 11002 written with a thousands separator); correct it or explain it under [revisions]",
    ),
    (
        "cumulative figure that falls, no separator in sight",
        earlier("2024-Q4", "2024-12-31", cleared_ha="11100.0"),
        f"{FIG}:2: cleared_ha: 11002.4 falls below 11100.0 in 2024-Q4; a cumulative figure never falls; "
        "correct it or explain it under [revisions]",
    ),
    (
        "cumulative figure off by more than the tolerance, [revisions] explaining another",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="9000.0"),
            append(META, '\n[revisions]\nfound_total = { da = "Revideret.", en = "Revised." }\n'),
        ),
        f"{META}:23: cleared_ha: 11002.4 is not the previous edition's 9000.0 + this quarter's 1250.5 = 10250.5 "
        "(difference 751.9); correct it or explain it under [revisions]",
    ),
    (
        "a gap the cumulative figure does not bridge, [revisions] explaining another",
        both(
            earlier("2024-Q2", "2024-06-30", cleared_ha="10000.0"),
            append(META, '\n[revisions]\nfound_total = { da = "Revideret.", en = "Revised." }\n'),
        ),
        f"{META}:23: cleared_ha: 11002.4 is less than 2024-Q2's 10000.0 + this quarter's 1250.5 = 11250.5, though "
        "the quarters between add to it (difference -248.1); correct it or explain it under [revisions]",
    ),
    (
        "cumulative figure that falls, explained",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="11100.0"),
            append(
                META,
                '\n[revisions.cleared_ha]\nda = "ANAMA har revideret tallet."\nen = "ANAMA revised it."\n',
            ),
        ),
        shows(
            (
                "en/2025-q1/data/index.html",
                '<li id="revision-cleared_ha"><strong>Area cleared.</strong> Stated: '
                "11,002.4, less than the 11,100.0 of the previous edition, although a cumulative figure cannot "
                "fall. ANAMA revised it.</li>",
            ),
        ),
    ),
    (
        "a gap the cumulative figure bridges",
        earlier("2024-Q2", "2024-06-30", cleared_ha="8000.0"),
        shows(
            (
                INDEX_DA,
                '<li class="edition-link"><a href="/da/2024-q2/">Ældre udgave: 2. kvartal 2024</a></li>',
            ),
            ("da/2024-q2/index.html", '<p class="kf-value"><span class="fig">8.000,0\u00a0ha</span></p>'),
        ),
    ),
    (
        "a gap the cumulative figure cannot bridge",
        earlier("2024-Q2", "2024-06-30", cleared_ha="10000.0"),
        f"{META}: cleared_ha: 11002.4 is less than 2024-Q2's 10000.0 + this quarter's 1250.5 = 11250.5, though "
        "the quarters between add to it (difference -248.1); correct it or explain it under [revisions]",
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
        "content/site.toml:22: key_figures: 'cleared_km' is not a figure of the dataset",
    ),
    (
        "key figure without a key",
        replace("content/site.toml", 'key = "found_total"', 'name = "found_total"'),
        [
            "content/site.toml:25: key_figures[2]: 'key' is missing (add it: a figure key such as "
            "area_cleared_cumulative_ha or t3_area.anama.cumulative_ha)",
            "content/site.toml:26: key_figures[2].name: unknown key (known keys: key, label, context)",
        ],
    ),
    (
        "key figure context in one language only",
        replace("content/site.toml", ', en = "Of which {{ fig:erw_share_pct }} ERW."', ""),
        "content/site.toml:23: key_figures[1].context: 'en' is missing (add it: a string)",
    ),
    (
        "unknown figure in a key figure's context",
        replace("content/site.toml", "{{ fig:erw_share_pct }} ERW.", "{{ fig:erw_share }} ERW."),
        "content/site.toml:23: key_figures: 'cleared_ha': context.da: unknown fig reference 'erw_share' "
        "(see docs/formats.md)",
    ),
    (
        "publisher missing",
        replace("content/site.toml", '[publisher]\nda = "Testudvalgets sekretariat"\n', "[publisher]\n"),
        "content/site.toml:13: publisher: 'da' is missing (add it: a string)",
    ),
    (
        "edition without a publication date",
        replace("content/editions/2025-q1/edition.toml", "published = 2025-05-28\n", ""),
        "content/editions/2025-q1/edition.toml:2: warning: 'published' is missing, so the edition bar shows "
        "no date (add published = YYYY-MM-DD, the day this edition is published)",
    ),
    (
        "publication before the data date",
        replace("content/editions/2025-q1/edition.toml", "published = 2025-05-28", "published = 2025-03-01"),
        "content/editions/2025-q1/edition.toml:4: 'published' (2025-03-01) is before 'as_of' (2025-03-31)",
    ),
    (
        "unknown contents option",
        replace("content/pages/da/glossary.md", 'contents = "a-z"', 'contents = "toc"'),
        "content/pages/da/glossary.md:5: contents = 'toc': use \"a-z\" (an A-Z index of the terms) or leave it out",
    ),
    (
        "a block shown twice on a page",
        replace(
            "content/editions/2025-q1/pages/da/data.md",
            "## Uoverensstemmelser",
            "{{ table:t4_devices }}\n\n## Uoverensstemmelser",
        ),
        "content/editions/2025-q1/pages/da/data.md:10: warning: table 't4_devices' is already shown on line 8 (keep one)",
    ),
    (
        "column group with an unknown column",
        replace("content/schema.toml", 'columns = ["erw", "apm"]', 'columns = ["erw", "apms"]'),
        "content/schema.toml:47: tables.t4_devices.groups: unknown column(s) apms (list the names of its columns)",
    ),
    (
        "column group apart",
        replace("content/schema.toml", 'columns = ["erw", "apm"]', 'columns = ["erw", "total"]'),
        "content/schema.toml:47: tables.t4_devices.groups: erw, total must stand next to each other, in order",
    ),
    (
        "grouped column without a short heading",
        replace("content/schema.toml", 'short = { da = "Miner", en = "Mines" }\n', ""),
        "content/schema.toml:32: tables.t4_devices.columns.apm: a grouped column needs 'short' (its heading in the "
        "group)",
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
    (
        "valid rounding",
        replace(FIG, "erw_share_pct,69.7,", "erw_share_pct,83.9,"),
        shows(
            (INDEX_DA, '<p>ERW-andelen angives til <span class="fig">83,9\u00a0%</span>. ANAMA stod for'),
            (
                DATA_EN,
                "<p>No discrepancies were found between the report&#39;s statements and its tables.</p>",
            ),
        ),
    ),
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
        "slug of the search page",
        replace("content/pages/da/accessibility.md", 'slug = "tilgaengelighed"', 'slug = "soeg"'),
        "content/pages/da/accessibility.md:1: slug 'soeg' is reserved for a generated page (choose another)",
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
        "unknown edition reference",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "{{ edition:perid }}"),
        f"{DA_INDEX}:5: unknown edition reference 'perid' (see docs/formats.md)",
    ),
    (
        "edition reference",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "{{ edition:period }} ({{ edition:as_of }})"),
        shows(
            (INDEX_DA, "<p>Rapporten opgør et ryddet areal på 1. kvartal 2025 (31. marts 2025) og "),
        ),
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
        shows(
            (INDEX_DA, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
            hides=((INDEX_DA, "<script>alert"),),
        ),
    ),
    (
        "typed figure",
        replace(DA_INDEX, "{{ fig:cleared_ha }}", "11.002,4 ha"),
        f"{DA_INDEX}:5: number '11.002,4' is typed in; it duplicates a dataset figure, so write it as a "
        "{{ fig:KEY }} reference",
    ),
    (
        "internal identifier in prose",
        replace(DA_INDEX, "Se [tabellen]", "Se `erw_share_pct` og [tabellen]"),
        f"{DA_INDEX}:9: internal identifier 'erw_share_pct' is shown to readers (write it in words; "
        "a figure's value is {{ fig:KEY }})",
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
        "edition period does not match folder",
        replace(META, 'period = "2025-Q1"', 'period = "2025-Q2"'),
        f"{META}:1: period 2025-Q2 does not match the folder name '2025-q1' (rename one)",
    ),
    (
        "undeclared unit",
        replace("content/schema.toml", 'unit = "ha"', 'unit = "hectare"'),
        "content/schema.toml:54: figures.cleared_ha: unit 'hectare' is not declared under [units]",
    ),
    (
        "bad formula",
        replace(
            "content/schema.toml",
            'formula = "t4_devices.anama.total',
            'formula = "t4_devices.anama.totals',
        ),
        "content/schema.toml:73: anama_share_pct: formula names unknown figure(s) t4_devices.anama.totals",
    ),
    # --- no traceback: inputs that crashed with one -------------------------------------------------
    ("space after a comma in a header", replace(T4, "operator,erw,", "operator, erw,"), SAME),
    ("Excel's lock file beside the data", write_bytes(f"{DATA}/~$book.xlsx", b"\x08owner  "), SAME),
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
            DA_PO,
            'msgstr "Ændringer siden udgaven for %(period)s (data',
            'msgstr "Ændringer siden udgaven for %(perod)s (data',
        ),
        lambda root: (
            f"{DA_PO}:{po_line(root, CHANGES)}: entry '{CHANGES}': msgstr lacks %(period)s and has %(perod)s, "
            "which msgid does not (keep msgid's placeholders exactly)"
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
            'msgstr "Ændringer siden udgaven for %(period)s (data',
            'msgstr "100% ændringer siden udgaven for %(period)s (data',
        ),
        lambda root: (
            f"{DA_PO}:{po_line(root, CHANGES)}: entry '{CHANGES}': msgstr has %, which msgid does not "
            "(keep msgid's placeholders exactly; write %% for a percent sign)"
        ),
    ),
    (
        "superscript digit as a page",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,", "cleared_ha,11002.4,,bilag-219,²,"),
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
        replace("content/site.toml", "[[key_figures]]", "[[key_figure]]"),
        "content/site.toml:21: key_figure: unknown key (did you mean 'key_figures'?)",
    ),
    (
        "a string where edition.toml wants a date",
        replace(META, "as_of = 2025-03-31", 'as_of = "2025-03-31"'),
        f"{META}:2: as_of: must be a date such as 2025-03-31, not a string ('2025-03-31')",
    ),
    (
        "a string where schema.toml wants a number",
        replace(SCHEMA, "decimals = 1", 'decimals = "1"'),
        f"{SCHEMA}:74: derived.anama_share_pct.decimals: must be a whole number from 0 to 6, not a string ('1')",
    ),
    (
        "a string where schema.toml wants both languages",
        replace(SCHEMA, 'label = { da = "ERW", en = "ERW" }', 'label = "ERW"'),
        f"{SCHEMA}:29: tables.t4_devices.columns[1].label: must be a table, not a string ('ERW')",
    ),
    (
        "not a number as the tolerance",
        replace(SCHEMA, "tolerance_pct = 0.5", "tolerance_pct = nan"),
        f"{SCHEMA}:87: consistency.tolerance_pct: must be a number, not nan",
    ),
    (
        "a number where front matter wants text",
        replace(DA_INDEX, 'title = "Forside"', "title = 5"),
        f"{DA_INDEX}:2: title: must be a string, not a number (5)",
    ),
    (
        "TOML nested 5,000 deep",
        transform("content/site.toml", lambda b: b + b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
        "content/site.toml:27: not valid TOML: nested too deeply (flatten the tables and lists)",
    ),
    # --- one mistake, one message ---------------------------------------------------------------------
    (
        "an invalid status",
        replace(META, 'status = "final"', 'status = "Final"'),
        f'{META}:3: status: must be one of "final", "draft", not a string (\'Final\')',
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
        "(write {{ fig:KEY }}, {{ fig:KEY|plain }} or {{ fig:KEY|words }}; see docs/formats.md)",
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
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1000,XYZ,2024,bilag-219,8,quote\n"),
        f"{CONTRIBUTIONS}:2: currency 'XYZ' is not one of DKK, EUR, GBP, NOK, SEK, USD "
        "(an amount needs its currency)",
    ),
    (
        "a negative contribution",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,-1000,EUR,2024,bilag-219,8,quote\n"),
        f"{CONTRIBUTIONS}:2: amount -1000 is negative",
    ),
    (
        "a contribution listed twice",
        write_text(
            CONTRIBUTIONS,
            CONTRIBUTION_HEADER
            + "eu,EU,EU,cash,1000,EUR,2024,bilag-219,8,quote\neu,EU,EU,cash,2000,EUR,2024,bilag-219,8,quote\n",
        ),
        f"{CONTRIBUTIONS}:3: duplicated contribution 'eu' (first on line 2)",
    ),
    (
        "page 0 of a 22-page source",
        replace(FIG, "cleared_ha,11002.4,,bilag-219,8,", "cleared_ha,11002.4,,bilag-219,0,"),
        f"{FIG}:2: figure 'cleared_ha': page 0 is not in source 'bilag-219' (it has 22 pages)",
    ),
    (
        "page 999 of a 22-page source",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1,EUR,2024,bilag-219,999,q\n"),
        f"{CONTRIBUTIONS}:2: contribution 'eu': page 999 is not in source 'bilag-219' (it has 22 pages)",
    ),
    (
        "Arabic-Indic digits in a cell",
        replace(T4, "anama,100,", "anama,١٠٠,"),
        f"{T4}:2: column 'erw': '١٠٠' is not a number",
    ),
    (
        "fullwidth digits in a figure",
        replace(FIG, "found_total,155,", "found_total,１５５,"),
        f"{FIG}:3: figure 'found_total': '１５５' is not a number",
    ),
    (
        "a flow whose cumulative figure stands for a table's rows and whose quarter does not",
        replace(SCHEMA, 'cumulative = "cleared_ha"', 'cumulative = "t4_devices.*.total"'),
        f"{SCHEMA}:89: consistency.flows: 't4_devices.*.total' and 'cleared_quarter_ha' must both name one "
        "figure or both stand for every row of a table (TABLE.*.COLUMN)",
    ),
    (
        "a figure with more digits than a workbook keeps",
        replace(FIG, "cleared_ha,11002.4,", "cleared_ha,11002.400000000000000000001,"),
        f"{FIG}:2: figure 'cleared_ha': 11002.400000000000000000001 has too many digits for the data downloads "
        "(at most 15 in all, 12 before the '.' and 6 after; check it against the source)",
    ),
    (
        "a table cell of 13 digits",
        replace(T4, "anama,100,", "anama,1000000000000,"),
        f"{T4}:2: column 'erw': 1000000000000 has too many digits for the data downloads (at most 15 in all, "
        "12 before the '.' and 6 after; check it against the source)",
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
        replace(META, 'status = "final"', 'status = "final"\nabsent_tables = "t4_devices"'),
        f"{META}:4: absent_tables: must be a list [...], not a string ('t4_devices')",
    ),
    (
        "revisions as a string",
        replace(META, 'status = "final"', 'status = "final"\nrevisions = "Revideret."'),
        f"{META}:4: revisions: must be a table, not a string ('Revideret.')",
    ),
    (
        "sources as a table",
        replace(META, "[[sources]]", "[sources]"),
        f"{META}:6: sources: must be a list [...], not a table",
    ),
    (
        "a misspelt key in the source",
        replace(META, "pages = 22", "page = 22"),
        f"{META}:13: sources[1].page: unknown key (did you mean 'pages'?)",
    ),
    (
        "a source of no pages",
        replace(META, "pages = 22", "pages = 0"),
        f"{META}:13: sources[1].pages: must be a whole number from 1, not a number (0)",
    ),
    (
        "a column type the schema does not know",
        replace(SCHEMA, 'type = "int"', 'type = "float"'),
        f'{SCHEMA}:27: tables.t4_devices.columns[1].type: must be one of "int", "decimal", '
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
        f"{SCHEMA}:74: derived.anama_share_pct.decimals: must be a whole number from 0 to 6, not a number (9)",
    ),
    (
        "a base URL that starts a host name",
        replace("content/site.toml", 'base_url = "/"', 'base_url = "//evil.example/"'),
        "content/site.toml:1: base URL '//evil.example/' must not start with '//' (that starts a host name; "
        "use one '/' or a full https:// URL)",
    ),
    (
        "a contribution of an unknown kind",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,gift,1000,EUR,2024,bilag-219,8,quote\n"),
        f"{CONTRIBUTIONS}:2: kind 'gift' is not one of cash, pledge, project, in_kind",
    ),
    (
        "a contribution id in capitals",
        write_text(CONTRIBUTIONS, CONTRIBUTION_HEADER + "EU,EU,EU,cash,1000,EUR,2024,bilag-219,8,quote\n"),
        f"{CONTRIBUTIONS}:2: id 'EU' must be lowercase letters, digits, '_' and '-'",
    ),
    (
        "a year in fullwidth digits",
        write_text(
            CONTRIBUTIONS, CONTRIBUTION_HEADER + "eu,EU,EU,cash,1000,EUR,２０２４,bilag-219,8,quote\n"
        ),
        f"{CONTRIBUTIONS}:2: year '２０２４' is not a year (or 'unknown')",
    ),
    (
        "a template not in UTF-8",
        transform("templates/page.html", lambda b: b + "æ".encode("cp1252")),
        "templates/page.html:56: not UTF-8 (byte 0xe6); save the file as UTF-8",
    ),
    (
        "a template expression that fails",
        replace("templates/page.html", "<h1>{{ title }}</h1>", "<h1>{{ title / 2 }}</h1>"),
        "templates/page.html:4: template error: TypeError: unsupported operand type(s) for /: 'str' and 'int'",
    ),
    (
        "a template message whose placeholders do not match its arguments",
        replace(
            "templates/base.html",
            '_("Data as of %(date)s", date=edition',
            '_("Data as of %(day)s", date=edition',
        ),
        "templates/base.html:60: template error: KeyError: 'day'",
    ),
    ("an editor's lock file among the pages", write_text("content/pages/da/.#glossary.md", "x"), SAME),
    ("an editor's backup among the pages", write_text("content/pages/da/glossary.md~", "x"), SAME),
    (
        "ledger entry for a page that does not exist",
        replace(LEDGER, '"glossary" =', '"glosary" ='),
        lambda root: (
            f"{LEDGER}:{ledger_line(root, 'glosary')}: 'glosary' names no page (delete the line: the page was "
            "removed or renamed; 'sitegen translations --done' drops it too)"
        ),
    ),
    (
        "malformed fingerprint",
        transform(LEDGER, lambda b: re.sub(rb'"glossary" = "[0-9a-f]+"', b'"glossary" = "5f3G"', b)),
        lambda root: (
            f"{LEDGER}:{ledger_line(root, 'glossary')}: fingerprint of 'glossary' must be 16 hexadecimal "
            "digits, not '5f3G' (record it again with 'sitegen translations --done glossary')"
        ),
    ),
    (
        "ledger is not TOML",
        replace(LEDGER, '"glossary" = "', '"glossary" = '),
        lambda root: f"{LEDGER}:{ledger_line(root, 'glossary')}: not valid TOML: Invalid value",
    ),
    (
        "ledger table of the original's language",
        replace(LEDGER, "[en]", "[da]"),
        f"{LEDGER}:5: 'da' is not a table of a translation language ([en])",
    ),
    (
        "translation notice setting not true or false",
        replace("content/site.toml", 'base_url = "/"', 'translation_notice = "yes"\nbase_url = "/"'),
        "content/site.toml:1: translation_notice: must be true or false, not a string ('yes')",
    ),
    (
        "figure reference dropped from a current translation",
        replace(EN_INDEX, "and {{ fig:found_total }} devices found", "and devices found"),
        f"{DA_INDEX}:5: {{{{ fig:found_total }}}} is used here but not in {EN_INDEX} "
        "(use the same figures, charts and tables in both languages)",
    ),
    (
        "heading only in a current translation",
        transform("content/pages/en/glossary.md", lambda b: b + b"\n## Notes\n\nNone.\n"),
        "content/pages/en/glossary.md:10: level-2 heading has no counterpart in content/pages/da/glossary.md, "
        "which has 1 (give both languages the same headings)",
    ),
    (
        "stale translation (a warning: published unless --strict)",
        replace("content/pages/da/glossary.md", "Antipersonelmine.", "Antipersonelmine (APM)."),
        shows(
            ("da/ordliste/index.html", "Antipersonelmine (APM)."),
            ("en/glossary/index.html", "Anti-personnel mine."),  # the translation, as it was
        ),
    ),
]


# Likely typos: warnings that `check` lists and `build` publishes, but `build --strict` refuses.
THREE = both(
    earlier("2024-Q2", "2024-06-30", cleared_ha="7500.0", workplan_ha="60110.2"),
    earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9", workplan_ha="60530.5"),
)
WARNINGS: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "a number written with a thousands separator",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
            replace(FIG, "workplan_ha,65092.6,", "workplan_ha,65.093,"),
        ),
        f"{FIG}:6: warning: workplan_ha: 65.093 looks like 65093 written with a thousands separator (after "
        "65092.6 in 2024-Q4); check it against the source, or say why it is right under [confirmed] in "
        "edition.toml",
    ),
    (
        "more decimals than the source prints",
        both(
            earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
            replace(FIG, "workplan_ha,65092.6,", "workplan_ha,65092.64,"),
        ),
        f"{FIG}:6: warning: workplan_ha: 65092.64 has 2 decimal(s), but earlier editions give it with 1; "
        "check it against the source, or say why it is right under [confirmed] in edition.toml",
    ),
    (
        "a value far outside its series",
        both(THREE, replace(FIG, "workplan_ha,65092.6,", "workplan_ha,650926,")),
        f"{FIG}:6: warning: workplan_ha: 650926 is far outside the range of earlier editions (60110.2 to "
        "60530.5); check it against the source, or say why it is right under [confirmed] in edition.toml",
    ),
    (
        "a cumulative figure growing far faster than before",
        both(
            earlier("2024-Q1", "2024-03-31", cleared_ha="7000.0"),
            earlier("2024-Q2", "2024-06-30", cleared_ha="7500.0", cleared_quarter_ha="500.0"),
            earlier("2024-Q4", "2024-12-31", cleared_ha="9751.9"),
            replace(FIG, "cleared_ha,11002.4,", "cleared_ha,99002.4,"),
            replace(FIG, "cleared_quarter_ha,1250.5,", "cleared_quarter_ha,89250.5,"),
        ),
        f"{FIG}:2: warning: cleared_ha: it grows by 89250.5 a quarter since 2024-Q4, far more than before (at "
        "most 1125.95); check it against the source, or say why it is right under [confirmed] in edition.toml",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(tiny: Path, capsys: pytest.CaptureFixture[str], name: str, mutate, expected) -> None:
    # The edit loop's build (no PDFs): the input is checked the same way, in a fraction of the time, but
    # for the print documents (PRINT_CASES, below).
    assert main(["--project", str(tiny), "build", "--preview"]) == 0
    before = snapshot(tiny / "site")
    capsys.readouterr()
    sources = project_files(tiny)
    mutate(tiny)
    assert project_files(tiny) != sources, "the case changes nothing in the project"
    accepted = isinstance(expected, Accepted)
    strict = [] if accepted else ["--strict"]  # an accepted input may warn; a bad one may not pass
    status = main(["--project", str(tiny), "build", "--preview", *strict])
    err = "\n".join(error_lines(capsys.readouterr().err))
    if accepted:
        assert status == 0, err
        site = snapshot(tiny / "site")
        if expected.same:
            assert site == before
        for path, text in expected.shown:
            assert text in site[path].decode(), (path, text)
        for path, text in expected.hidden:
            assert text not in site[path].decode(), (path, text)
        return
    found = expected(tiny) if callable(expected) else expected
    messages = found if isinstance(found, list) else [found]  # a list: a mutation that makes several mistakes
    assert status == 1, err
    *problems, summary = err.splitlines()
    if name == "invalid front matter":  # the rest of the line is tomllib's wording
        problems = [line[: len(messages[0])] if ": warning: " not in line else line for line in problems]
    errors = [line for line in problems if ": warning: " not in line]
    wanted = [m for m in messages if ": warning: " not in m]
    assert errors == wanted, err  # one mistake, one message (an edited original also warns: stale)
    assert all(m in problems for m in messages if m not in wanted), err
    assert summary == f"sitegen: {len(wanted) or len(problems)} problem(s); nothing was written"
    assert snapshot(tiny / "site") == before


@pytest.mark.parametrize(("name", "mutate", "expected"), WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warning(tiny: Path, capsys: pytest.CaptureFixture[str], name: str, mutate, expected: str) -> None:
    mutate(tiny)
    assert main(["--project", str(tiny), "build"]) == 0  # published, with the warning said
    assert expected in capsys.readouterr().err.splitlines()
    before = snapshot(tiny / "site")
    assert main(["--project", str(tiny), "build", "--strict"]) == 1
    assert expected in capsys.readouterr().err.splitlines()
    assert snapshot(tiny / "site") == before
    confirmed = append(
        META,
        '\n[confirmed]\nworkplan_ha = "As printed on page 9."\ncleared_ha = "As printed."\n'
        'cleared_quarter_ha = "As printed."\n',
    )
    confirmed(tiny)
    assert main(["--project", str(tiny), "check", "--strict"]) == 0, capsys.readouterr().err


# --- the print documents: checked by the publishing build and by check, left out of a preview ------------
PDF_TEMPLATE = "templates/pdf.html"
PDFS = ("da/2025-q1/briefing-2025-q1-da.pdf", "en/2025-q1/briefing-2025-q1-en.pdf")
PRINT_CASES = [
    (
        "an id used twice in the print document",
        replace(PDF_TEMPLATE, '<h1 id="pdf-contents-title">', '<h1 id="pdf-title">'),
        [f"{PDF_TEMPLATE}: {pdf}: id 'pdf-title' is used twice in the print document" for pdf in PDFS],
    ),
    (
        "an image without alt text in the print document",
        replace(
            PDF_TEMPLATE,
            '<p class="pdf-attribution">',
            '<img src="/assets/logo.svg"><p class="pdf-attribution">',
        ),
        [f"{PDF_TEMPLATE}: {pdf}: an image in the print document has no alt text" for pdf in PDFS],
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), PRINT_CASES, ids=[c[0] for c in PRINT_CASES])
def test_bad_print_input(tiny: Path, capsys: pytest.CaptureFixture[str], name: str, mutate, expected) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    before = snapshot(tiny / "site")
    mutate(tiny)
    for command in ("check", "build"):
        capsys.readouterr()
        assert main(["--project", str(tiny), command]) == 1
        assert error_lines(capsys.readouterr().err) == [
            *expected,
            f"sitegen: {len(expected)} problem(s); nothing was written",
        ]
    assert snapshot(tiny / "site") == before
    assert main(["--project", str(tiny), "build", "--preview"]) == 0  # what a preview leaves out


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
    (["new-edition", "9999-Q4"], "sitegen: '9999-Q4' is not a period like 2025-Q2 or 2025 (a year 1900-2099, "
     "and Q1-Q4 for a quarter)"),
    (["new-edition", "2025-Q٢"], "sitegen: '2025-Q٢' is not a period like 2025-Q2 or 2025 (a year 1900-2099, "
     "and Q1-Q4 for a quarter)"),
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
     "'serve', 'new-edition', 'translations') (see 'sitegen --help')"),
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
    """The disk fills up as the site's pages are written (opened, in write_site's module)."""
    from sitegen.write import output

    def full(path: str, mode: str = "r", *args: object, **kwargs: object):  # -> file object
        if Path(path).name == "index.html" and ".site.new-" in str(path) and "w" in mode:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(output, "open", full, raising=False)
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

    shutil.rmtree(tiny / ".cache/parsed")  # else the pages come parsed from the last build
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


def a_pdf_engine_failure(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    """WeasyPrint stops on a file the document names but nobody provides (patched in the build process,
    where the jobs are made, so it holds however the workers start)."""
    import dataclasses

    from sitegen.write import pdf

    real = pdf.job

    def job(doc: PrintDocument) -> pdf.Job:
        made = real(doc)
        if not doc.path.startswith("da/"):
            return made
        return dataclasses.replace(made, files={url: content for url, content in made.files.items()
                                                if not url.endswith("/assets/pdf.css")})  # fmt: skip

    shutil.rmtree(tiny / ".cache/pdf")  # so that the PDFs are made again
    monkeypatch.setattr(pdf, "job", job)
    return (
        "templates/pdf.html: da/2025-q1/briefing-2025-q1-da.pdf: the PDF could not be made: "
        'FatalURLFetchingError: Error fetching "https://site.invalid/assets/pdf.css"'
    )


def full_disk_in(monkeypatch: pytest.MonkeyPatch, tiny: Path, cache: str) -> None:
    """The disk fills up as a file of `cache` is kept (emptied first, so that it is kept anew)."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        folder = str(kwargs.get("dir", ""))
        if f"{cache}/" in Path(folder).as_posix():
            raise OSError(errno.ENOSPC, "No space left on device", folder)
        return real(*args, **kwargs)

    shutil.rmtree(tiny / cache)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def full_disk_while_keeping_a_pdf(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    full_disk_in(monkeypatch, tiny, ".cache/pdf")
    return (
        ".cache/pdf/da/2025-q1/briefing-2025-q1-da: No space left on device "
        "(free some disk space, then build again)"
    )


def a_missing_pagefind(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    """The package that ships Pagefind's binary is there, its binary is not (a partial install)."""

    def gone() -> Path:
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr("pagefind_bin.get_executable", gone)
    return (
        "pagefind: the search index could not be made: Pagefind is not installed (Could not find any of "
        "[pagefind]) (install the locked packages with 'sh scripts/venv.sh requirements.lock', or use "
        "'sitegen build --preview', which leaves out search)"
    )


def a_failing_pagefind(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    """Pagefind runs and fails (another binary, so the cached index is not the one asked for)."""
    broken = tiny.parent / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: out of cheese' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr("pagefind_bin.get_executable", lambda: broken)
    return (
        "pagefind: the search index could not be made: Pagefind failed: Error: out of cheese (install the "
        "locked packages with 'sh scripts/venv.sh requirements.lock', or use 'sitegen build --preview', "
        "which leaves out search)"
    )


def full_disk_while_keeping_the_search_index(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    full_disk_in(monkeypatch, tiny, ".cache/search")
    return "No space left on device (free some disk space, then build again)"


def a_bug_in_the_search_stage(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> str:
    from sitegen.write import search

    def broken(*args: object) -> None:
        raise ValueError("something unforeseen")

    shutil.rmtree(tiny / ".cache/search")
    monkeypatch.setattr(search, "stable_entry", broken)
    return (
        "sitegen: internal error while processing pagefind: ValueError: something unforeseen (this is a bug "
        "in sitegen: please report it with this line)"
    )


FAULTS = [
    full_disk,
    read_only_project,
    unreadable_page,
    a_bug,
    a_bug_while_rendering,
    a_pdf_engine_failure,
    full_disk_while_keeping_a_pdf,
    a_missing_pagefind,
    a_failing_pagefind,
    full_disk_while_keeping_the_search_index,
    a_bug_in_the_search_stage,
]
# a problem in the input (or the tools): its line and the summary
PROBLEM_FAULTS = (unreadable_page, a_pdf_engine_failure, a_missing_pagefind, a_failing_pagefind)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_faults_are_one_line_and_leave_the_site(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fault
) -> None:
    assert main(["--project", str(tiny), "build"]) == 0
    before = snapshot(tiny / "site")
    capsys.readouterr()
    message = fault(monkeypatch, tiny)
    assert main(["--project", str(tiny), "build"]) == 1
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 + (fault in PROBLEM_FAULTS) and lines[0].endswith(message), lines
    assert snapshot(tiny / "site") == before
    assert sorted(p.name for p in tiny.iterdir() if p.name.startswith(".site")) == []


def test_each_case_is_named_once() -> None:
    """A name used twice makes pytest number the ids, and one of the two is easily lost when edited."""
    names = [c[0] for c in CASES + PRINT_CASES + WARNINGS]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def project_files(root: Path) -> dict[str, bytes]:
    """Every source file of a project (not its built site), to see that a case changed something."""
    return {
        p.relative_to(root).as_posix(): entry(p)
        for folder in ("content", "templates", "translations")
        for p in sorted((root / folder).rglob("*"))
    }


def entry(path: Path) -> bytes:
    if path.is_symlink():
        return b"link to " + os.readlink(path).encode()
    if path.is_file():
        return path.read_bytes()
    return b"folder" if path.is_dir() else b"pipe or device"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
