"""Reading the project's text files strictly: UTF-8, TOML and CSV, each failure a located problem."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from ..errors import Problem, relpath, toml_problem

SOURCES = ("content", "templates", "translations")  # what the site is made from
# Control characters break CSV, XML and SVG and are never meant: only tab, line feed and carriage return pass.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Files an editor or office program leaves beside the real ones: locks, swap files, backups.
EDITOR_PREFIXES = (".", "~", "#")
EDITOR_SUFFIXES = ("~", "#", ".swp", ".swo", ".bak", ".tmp")


def is_editor_file(name: str) -> bool:
    """A hidden file, lock, swap or backup file (`.#x.md`, `~$book.xlsx`, `x.md~`): never content."""
    return name.startswith(EDITOR_PREFIXES) or name.endswith(EDITOR_SUFFIXES)


class Digests:
    """Each file's SHA-256 by path, read once in a build: the parsed sources, the data cache and the page
    cache key by the same files. One build's: a file edited before the next build is read again then."""

    def __init__(self) -> None:
        self.known: dict[Path, bytes] = {}

    def of(self, path: Path) -> bytes:
        found = self.known.get(path)
        if found is None:
            found = self.known[path] = file_digest(path)
        return found


def file_digest(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:  # loading reports the file; the key only has to differ from a readable one
        data = f"\0unreadable: {exc.errno}".encode()
    return hashlib.sha256(data).digest()


def digest_files(paths: list[Path], root: Path, digests: Digests | None = None) -> str:
    """One hash over the names and bytes of files, in a stable order; `digests` has the files this build
    has read already."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=str):
        data = digests.of(path) if digests else file_digest(path)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data)
    return digest.hexdigest()


def listing(
    folder: Path, enter: Callable[[str], bool] = lambda relative: True, folders: bool = False
) -> list[Path]:
    """Every file below `folder` (and every folder, with `folders`), entering only the folders whose path
    relative to it `enter` accepts, and a linked folder as the loaders do (each real folder once, so a
    link to a parent ends). os.walk, without pathlib's cost per entry: at a hundred editions the cache
    keys list 10,000 files a build."""
    found, seen = [], set()
    for base, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(base)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        relative = os.path.relpath(base, folder)
        dirs[:] = sorted(d for d in dirs if enter(os.path.normpath(os.path.join(relative, d))))  # in order
        found += [os.path.join(base, name) for name in (files + dirs if folders else files)]
    return [Path(path) for path in sorted(found)]


def read_text(path: Path, root: Path) -> tuple[str, Problem | None]:
    """Read a UTF-8 text file (a BOM is allowed), or say why it cannot be read."""
    where = relpath(path, root)
    try:
        if path.exists() and not path.is_file():
            return "", Problem(where, 0, "is not a file (a folder or a device); replace it with the file")
        data = path.read_bytes()
    except FileNotFoundError:
        return "", Problem(where, 0, "file is missing (create it)")
    except OSError as exc:
        return "", Problem(where, 0, f"cannot be read: {exc.strerror or exc} (check its permissions)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Problem(where, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        return "", Problem(
            where, line, f"control character {code} in the text (delete it; save as plain text)"
        )
    return text, None


def parse_toml(
    text: str, where: str, first_line: int = 1, what: str = "not valid TOML"
) -> tuple[dict | None, Problem | None]:
    """Parse TOML text, or say where it is broken (a document nested too deeply is broken, too)."""
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return None, toml_problem(exc, where, first_line, what)
    except RecursionError:
        line = first_line + deepest_line(text) - 1
        return None, Problem(where, line, f"{what}: nested too deeply (flatten the tables and lists)")


def deepest_line(text: str) -> int:
    """The line where brackets and braces nest deepest (tomllib's RecursionError says nothing of where)."""
    depth = deepest = 0
    line = found = 1
    for char in text:
        if char == "\n":
            line += 1
        depth += (char in "[{") - (char in "]}")
        if depth > deepest:
            deepest, found = depth, line
    return found


def read_toml(path: Path, root: Path) -> tuple[dict | None, list[Problem]]:
    """Read a UTF-8 TOML file, or say where it is broken."""
    text, problem = read_text(path, root)
    if problem:
        return None, [problem]
    doc, problem = parse_toml(text, relpath(path, root))
    return doc, [problem] if problem else []


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


def unsafe_entries(root: Path) -> list[Problem]:
    """Links that leave the project and entries that are not files or folders, in every source folder.

    Refused before anything is read: a link to /proc/self/environ would publish the build's environment,
    a pipe or a device would hang it. Linked folders inside the project are followed, each once."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for folder in SOURCES:
        _check_folder(str(root / folder), root, problems, seen)
    return problems


def _check_folder(folder: str, root: Path, problems: list[Problem], seen: set[str]) -> None:
    """A folder's entries in name order, then the folders among them not seen yet. Directory entries
    know their own type, so a tree of thousands of files is checked without a stat call per file."""
    seen.add(os.path.realpath(folder))
    try:
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=lambda entry: entry.name)
    except OSError:  # missing or unreadable: the stage that needs the folder says so
        return
    below = []
    for entry in entries:
        problem = _unsafe(entry, root)
        if problem:
            problems.append(Problem(relpath(Path(entry.path), root), 0, problem))
        elif entry.is_dir():  # a linked folder too: its link stays inside the project
            below.append(entry.path)
    for path in below:
        if os.path.realpath(path) not in seen:
            _check_folder(path, root, problems, seen)


def _unsafe(entry: os.DirEntry, root: Path) -> str | None:
    if entry.is_symlink():
        try:
            target = Path(entry.path).resolve(strict=True)
        except FileNotFoundError:
            return None  # a dangling link: its reader says the file is missing
        except (OSError, RuntimeError):
            return "symbolic link that cannot be followed (a loop); replace it with the file"
        if not target.is_relative_to(root):
            return "symbolic link to a file outside the project (copy the file into the project instead)"
    if entry.is_file() or entry.is_dir() or not os.path.exists(entry.path):  # gone meanwhile: not read
        return None
    return "neither a file nor a folder (a pipe, socket or device); remove it"
