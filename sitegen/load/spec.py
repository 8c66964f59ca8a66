"""Typed settings: the keys and value types of each TOML file, declared once, checked with the key's line.

A settings file is declared as nested `Table`s (`Table({"title": TEXT, "order": optional(INT)})`), so a
new key is one line. Checking reports a wrong type, a missing key and an unknown key (`key_figure =` is
a typo, not silence), each at the line of its key: tomllib gives no positions, so `KeyLines` finds them
in the text."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..errors import Problem

KeyPath = tuple[str | int, ...]
ID_PATTERN = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*")
BARE_KEY = r"[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'"
KEY = re.compile(rf"\s*({BARE_KEY})\s*")
ASSIGNMENT = re.compile(rf"\s*((?:{BARE_KEY})(?:\s*\.\s*(?:{BARE_KEY}))*)\s*=")
HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]")


Report = Callable[..., None]  # report(path, message, at=None): a problem named by `path`, on the line of `at`


class Kind:
    """What a value must be (`name` says it in words); `check` reports every way a value fails it."""

    name: str

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Scalar(Kind):
    """A single value: a string, a number, a date, an id."""

    name: str
    test: Callable[[object], bool]

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not self.test(value):
            report(path, f"must be {self.name}, not {describe(value)}")


@dataclass(frozen=True)
class Optional(Kind):
    """A key that may be left out."""

    kind: Kind

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.kind.name

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        self.kind.check(value, path, report)


@dataclass(frozen=True)
class ListOf(Kind):
    """A list whose items are all of one kind."""

    item: Kind
    name: str = field(default="a list", init=False)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, list):
            report(path, f"must be a list [...], not {describe(value)}")
            return
        for i, item in enumerate(value):
            self.item.check(item, (*path, i), report)


@dataclass(frozen=True)
class Table(Kind):
    """A table with known keys; keys wrapped in `Optional` may be left out, any other key is unknown."""

    keys: Mapping[str, Kind]
    name: str = field(default="a table", init=False)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, dict):
            report(path, f"must be a table, not {describe(value)}")
            return
        known = [k for k, kind in self.keys.items() if not isinstance(kind, Retired)]
        unknown = [k for k in value if k not in self.keys]
        for key in unknown:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            report((*path, key), f"unknown key ({hint})")
        for key, kind in self.keys.items():
            if key in value:
                kind.check(value[key], (*path, key), report)
            elif not isinstance(kind, Optional | Retired) and not difflib.get_close_matches(
                key, unknown, n=1
            ):
                report(path, f"'{key}' is missing (add it: {kind.name})")  # a misspelt key says so once


@dataclass(frozen=True)
class MapOf(Kind):
    """A table whose keys the user chooses (ids), each value of one kind: [tables.t3_area], [units.ha]."""

    value: Kind
    key: Scalar | None = None  # what each key must be (default: an id)
    name: str = field(default="a table", init=False)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, dict):
            report(path, f"must be a table, not {describe(value)}")
            return
        for key, item in value.items():
            kind = self.key or ID
            if not kind.test(key):
                report((*path, key), f"the name must be {kind.name}")
            self.value.check(item, (*path, key), report)


@dataclass(frozen=True)
class Either(Kind):
    """One value for all, or a table: short = "Bilag 219" or short = { da = "...", en = "..." }."""

    one: Scalar
    table: Table
    name: str

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if isinstance(value, dict):
            self.table.check(value, path, report)
        elif not self.one.test(value):
            report(path, f"must be {self.name}, not {describe(value)}")


@dataclass(frozen=True)
class Retired(Kind):
    """A key this file no longer takes: said with where it belongs now (`{table}`: the table around it)."""

    reason: str
    name: str = field(default="", init=False)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        table = path[-2] if len(path) > 1 else ""
        report(path[:-1], f"'{path[-1]}' {self.reason.format(table=table)}", at=path)


def optional(kind: Kind) -> Optional:
    """A key that may be left out."""
    return Optional(kind)


def one_of(*choices: str) -> Scalar:
    """A string from a fixed set."""
    return Scalar("one of " + ", ".join(f'"{c}"' for c in choices), lambda v: v in choices)


def whole(low: int, high: int | None = None) -> Scalar:
    """A whole number within bounds."""
    name = f"a whole number from {low}" + (f" to {high}" if high is not None else "")
    return Scalar(name, lambda v: is_whole(v) and low <= v and (high is None or v <= high))


def is_whole(v: object) -> bool:
    """A TOML integer (true and false are not numbers)."""
    return isinstance(v, int) and not isinstance(v, bool)


TEXT = Scalar("a string", lambda v: isinstance(v, str))
INT = Scalar("a whole number", is_whole)
BOOL = Scalar("true or false", lambda v: isinstance(v, bool))
DATE = Scalar("a date such as 2025-03-31", lambda v: isinstance(v, date) and not isinstance(v, datetime))
NUMBER = Scalar(
    "a number",
    lambda v: (is_whole(v) or isinstance(v, float)) and math.isfinite(v),  # TOML allows nan and inf
)
ID = Scalar(
    "an id of lowercase letters, digits, '_' and '-'",
    lambda v: isinstance(v, str) and ID_PATTERN.fullmatch(v) is not None,
)
FIGURE_KEY = Scalar(
    "a figure key such as area_cleared_cumulative_ha or t3_area.anama.cumulative_ha",
    lambda v: isinstance(v, str) and all(ID_PATTERN.fullmatch(part) for part in v.split(".")),
)
WORDS = Scalar("a text", lambda v: isinstance(v, str) and bool(v.strip()))  # a string that says something


def describe(value: object) -> str:
    """A value's type in words, with the value when it is short."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # nan, inf
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table", date: "a date", datetime: "a date and time"}  # fmt: skip
    word = next((w for t, w in kinds.items() if type(value) is t), type(value).__name__)
    shown = repr(value) if isinstance(value, str) else str(value)
    return f"{word} ({shown})" if not isinstance(value, dict | list) and len(shown) <= 40 else word


@dataclass(frozen=True)
class KeyLines:
    """The line of every key and table header in a TOML text, to locate problems tomllib cannot."""

    lines: Mapping[KeyPath, int]
    first_line: int = 1  # the text's first line in its file (front matter starts on line 2)

    def line(self, path: KeyPath) -> int:
        """The line of a key, or of the nearest table around it."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]] + self.first_line - 1
        return self.first_line


def key_lines(text: str, first_line: int = 1) -> KeyLines:
    """Find where each key is set and each table begins ([a.b] headers, [[a.b]] array items, a = ...)."""
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}  # items so far of each array of tables
    table: KeyPath = ()
    quote, depth = None, 0  # inside a multi-line string (its delimiter) or a multi-line array (its depth)
    for number, raw in enumerate(text.splitlines(), start=1):
        if quote:
            quote = None if raw.count(quote) % 2 else quote
            continue
        if depth:
            depth = max(0, depth + _brackets(raw))
            continue
        header = HEADER.match(raw)
        if header:
            path = _resolve(_split(header.group(2)), counts)
            if header.group(1) == "[[":
                lines.setdefault(path, number)
                counts[path] = counts.get(path, -1) + 1
                path = (*path, counts[path])
            table = path
            lines.setdefault(table, number)
            continue
        match = ASSIGNMENT.match(raw)
        if match:
            lines.setdefault((*table, *_split(match.group(1))), number)
            rest = raw[match.end() :].lstrip()
            quote = next((d for d in ('"""', "'''") if rest.startswith(d) and rest.count(d) == 1), None)
            depth = max(0, _brackets(rest)) if rest.startswith("[") else 0
    return KeyLines(lines, first_line)


def _brackets(text: str) -> int:
    """Opened minus closed brackets outside strings and comments."""
    bare = re.sub(r"#.*", "", re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", text))
    return bare.count("[") - bare.count("]")


def _split(dotted: str) -> KeyPath:
    """`a."b.c".d` -> ('a', 'b.c', 'd')."""
    parts, pos = [], 0
    while pos < len(dotted):
        match = KEY.match(dotted, pos)
        if not match:
            break
        parts.append(match.group(1).strip("\"'"))
        pos = match.end() + 1  # past the dot
    return tuple(parts)


def _resolve(path: KeyPath, counts: Mapping[KeyPath, int]) -> KeyPath:
    """A header inside an array of tables belongs to its latest item: [[a]] then [a.b] is a[-1].b."""
    out: KeyPath = ()
    for part in path[:-1]:
        out = (*out, part)
        if out in counts:
            out = (*out, counts[out])
    return (*out, *path[-1:])


def dotted(path: KeyPath) -> str:
    """('tables', 't3', 'columns', 0, 'name') -> tables.t3.columns[1].name (items counted from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def check_settings(
    doc: dict, spec: Table, lines: KeyLines, where: str, failed: set[KeyPath] | None = None
) -> list[Problem]:
    """Every wrong type, missing key and unknown key of a parsed TOML document, at its line. `failed`
    collects the path of each problem, for a reader that goes on with the parts that are right."""
    problems: list[Problem] = []

    def report(path: KeyPath, message: str, at: KeyPath | None = None) -> None:
        name = f"{dotted(path)}: " if path else ""
        problems.append(Problem(where, lines.line(path if at is None else at), f"{name}{message}"))
        if failed is not None:
            failed.add(path if at is None else at)

    spec.check(doc, (), report)
    return problems


def intact(failed: set[KeyPath], *path: str | int) -> bool:
    """Whether the value at `path` was checked without a problem in it or around it."""
    return not any(f[: len(path)] == path or path[: len(f)] == f for f in failed)
