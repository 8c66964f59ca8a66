"""Reading the project's text files strictly: UTF-8, TOML and CSV, each failure a located problem."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

from ..errors import Problem, relpath, toml_problem


def read_text(path: Path, root: Path) -> tuple[str, Problem | None]:
    """Read a UTF-8 file (a BOM is allowed), or say why it cannot be read."""
    where = relpath(path, root)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "", Problem(where, 0, "file is missing (create it)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Problem(where, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")


def read_toml(path: Path, root: Path) -> tuple[dict | None, list[Problem]]:
    """Read a UTF-8 TOML file, or say where it is broken."""
    text, problem = read_text(path, root)
    if problem:
        return None, [problem]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [toml_problem(exc, relpath(path, root))]


def read_csv(path: Path, root: Path) -> tuple[list[list[str]], list[Problem]]:
    """Read a strict UTF-8, comma-separated file; a Danish-Excel export is rejected, not misread."""
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return [], [problem]
    if not text.strip():
        return [], [Problem(where, 1, "file is empty (it needs a header row and data rows)")]
    first = text.splitlines()[0]
    if ";" in first and "," not in first:
        return [], [
            Problem(
                where,
                1,
                "separated by semicolons, as Danish Excel exports CSV; "
                "save as 'CSV UTF-8 (comma delimited)' with '.' decimals, or give the .xlsx",
            )
        ]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return [], [Problem(where, 0, f"not valid CSV: {exc}")]
    return rows, []


TOML_KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")
TOML_TABLE = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def toml_lines(text: str) -> dict[str, int]:
    """The line of each key of a TOML document: 'as_of', 'tables.t3_area.source', 'sources.0.id'.

    tomllib keeps no positions; this scan is enough for the flat documents the project uses, so that a
    problem can point at the line to fix. A table header's own line is kept under the table's name."""
    lines: dict[str, int] = {}
    prefix, arrays = "", {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = TOML_TABLE.match(line)
        if header and not line.lstrip().startswith("#"):
            name = header.group(2).replace('"', "")
            if header.group(1) == "[[":
                arrays[name] = arrays.get(name, -1) + 1
                name = f"{name}.{arrays[name]}"
            prefix = name + "."
            lines.setdefault(name, number)
            continue
        key = TOML_KEY.match(line)
        if key:
            lines.setdefault(prefix + key.group(1).strip('"'), number)
    return lines
