"""The dataset schema: table shapes, headline-figure units and the allowed row names."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

from ..errors import Problem, processing, relpath
from .files import parse_toml, read_text
from .memo import LoadMemo
from .settings import BILINGUAL
from .spec import (
    ID,
    ID_PATTERN,
    NUMBER,
    TEXT,
    KeyLines,
    ListOf,
    MapOf,
    Retired,
    Table,
    check_settings,
    key_lines,
    one_of,
    optional,
    whole,
)

TYPES = ("int", "decimal")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str
    label: dict[str, str]
    short: dict[str, str] | None = None  # its heading under a column group's heading


@dataclass(frozen=True)
class ColumnGroup:
    """Neighbouring columns that share a heading above their own (short) headings."""

    label: dict[str, str]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """A table's shape and units, shared by every edition (where each edition's copy comes from is the
    edition's: its edition.toml names the source, number and page)."""

    id: str
    title: dict[str, str]
    rows: str
    row_order: tuple[str, ...]
    total: str | None
    subtotals: dict[str, tuple[str, ...]]
    columns: tuple[Column, ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...]
    note: dict[str, str] | None
    optional_rows: tuple[str, ...] = ()  # rows an edition may lack, e.g. a district first reported later
    groups: tuple[ColumnGroup, ...] = ()


@dataclass(frozen=True)
class FigureSchema:
    key: str
    unit: str
    type: str
    label: dict[str, str]
    recompute: str | None
    decimals: int = 1  # for derived figures: digits to show


@dataclass(frozen=True)
class Flow:
    """cumulative(this quarter) should equal cumulative(previous quarter) + quarter(this)."""

    cumulative: str
    quarter: str


@dataclass(frozen=True)
class Name:
    list: str
    id: str
    label: dict[str, str]
    group: str


@dataclass(frozen=True)
class Schema:
    units: dict[str, dict[str, str]]  # unit id -> suffix per language ("" for counts)
    row_labels: dict[str, dict[str, str]]  # display names of total and subtotal rows
    lists: dict[str, dict[str, str]]
    names: dict[tuple[str, str], Name]
    tables: dict[str, TableSchema]
    figures: dict[str, FigureSchema]
    derived: dict[str, FigureSchema]  # figures the briefing computes, referenced as calc.KEY
    flows: tuple[Flow, ...] = ()
    tolerance_pct: Decimal = Decimal(0)  # revisions within it are notes, beyond it problems
    lines: KeyLines = field(default=KeyLines({}), compare=False)  # where each key is in schema.toml

    def line(self, *path: str | int) -> int:
        """The line in schema.toml of a key (or of the nearest table around it), for problems."""
        return self.lines.line(path)

    def stated_keys(self) -> set[str]:
        """Every figure an edition states: headline figures and table cells (TABLE.ROW.COLUMN)."""
        cells = {
            f"{t.id}.{row}.{c.name}" for t in self.tables.values() for row in t.row_order for c in t.columns
        }
        return set(self.figures) | cells

    def row_label(self, table: TableSchema, key: str, lang: str) -> str:
        """Display name of a table row: a name from names.csv, or a total/subtotal label."""
        name = self.names.get((table.rows, key))
        return name.label[lang] if name else self.row_labels.get(key, {}).get(lang, key)


MOVED_TO_EDITION = Retired("belongs in edition.toml [tables.{table}] (as number and place)")
TABLE = Table(
    {
        "number": MOVED_TO_EDITION,
        "page": MOVED_TO_EDITION,
        "title": BILINGUAL,
        "rows": ID,
        "row_order": ListOf(ID),
        "total": optional(ID),
        "subtotals": optional(MapOf(ListOf(ID))),
        "columns": ListOf(
            Table(
                {
                    "name": ID,
                    "type": one_of(*TYPES),
                    "unit": ID,
                    "label": BILINGUAL,
                    "short": optional(BILINGUAL),  # its heading under a column group's heading
                    "unknown": Retired(
                        "is no longer set per column: any cell may be unknown (delete the line)"
                    ),
                }
            )
        ),
        "groups": optional(ListOf(Table({"label": BILINGUAL, "columns": ListOf(ID)}))),
        "sums": optional(ListOf(Table({"total": ID, "parts": ListOf(ID)}))),
        "note": optional(BILINGUAL),
        "optional_rows": optional(ListOf(ID)),
    }
)
FIGURE = Table(
    {
        "unit": ID,
        "type": one_of(*TYPES),
        "label": BILINGUAL,
        "approx": Retired("belongs in the approx column of each edition's figures.csv"),
        "recompute": optional(TEXT),
    }
)
DERIVED = Table({"unit": ID, "label": BILINGUAL, "formula": TEXT, "decimals": optional(whole(0, 6))})
SCHEMA = Table(
    {
        "units": optional(MapOf(Table({"label": BILINGUAL}))),
        "row_labels": optional(MapOf(BILINGUAL)),
        "lists": optional(MapOf(Table({"label": BILINGUAL}))),
        "tables": optional(MapOf(TABLE)),
        "figures": optional(MapOf(FIGURE)),
        "derived": optional(MapOf(DERIVED)),
        "consistency": optional(
            Table(
                {
                    "tolerance_pct": optional(NUMBER),
                    "flows": optional(ListOf(Table({"cumulative": TEXT, "quarter": TEXT}))),
                }
            )
        ),
    }
)


def parse_schema(text: str, names_text: str, where: str, names_where: str) -> tuple[Schema, list[Problem]]:
    """Parse schema.toml and names.csv; return the schema and every problem found."""
    doc, problem = parse_toml(text, where)
    if doc is None:
        return _empty(), [problem] if problem else []
    lines = key_lines(text)
    problems = check_settings(doc, SCHEMA, lines, where)
    if problems:
        return _empty(), problems
    lists = {k: v["label"] for k, v in doc.get("lists", {}).items()}
    names, name_problems = _parse_names(names_text, names_where, lists)
    schema = Schema(
        units={k: v["label"] for k, v in doc.get("units", {}).items()},
        row_labels=doc.get("row_labels", {}),
        lists=lists,
        names=names,
        tables={k: _table(k, v) for k, v in doc.get("tables", {}).items()},
        figures={k: _figure(k, v) for k, v in doc.get("figures", {}).items()},
        derived={k: _derived(k, v) for k, v in doc.get("derived", {}).items()},
        flows=tuple(Flow(f["cumulative"], f["quarter"]) for f in doc.get("consistency", {}).get("flows", [])),
        tolerance_pct=Decimal(str(doc.get("consistency", {}).get("tolerance_pct", 0))),
        lines=lines,
    )
    return schema, _cross_check(schema, where) + name_problems


def _cross_check(schema: Schema, where: str) -> list[Problem]:
    """Names the schema uses are declared in it: name lists, row labels, units, summed columns."""
    problems = []
    for t in schema.tables.values():
        at = schema.line("tables", t.id)
        if t.rows not in schema.lists:
            problems.append(
                Problem(where, at, f"tables.{t.id}: rows list '{t.rows}' is not declared under [lists]")
            )
        for key in (t.total, *t.subtotals):
            if key and key not in schema.row_labels:
                problems.append(
                    Problem(where, at, f"tables.{t.id}: row '{key}' needs a display name under [row_labels]")
                )
        names = {c.name for c in t.columns}
        for i, (total, parts) in enumerate(t.sums):
            unknown = [n for n in (total, *parts) if n not in names]
            if unknown:
                problems.append(
                    Problem(
                        where,
                        schema.line("tables", t.id, "sums", i),
                        f"tables.{t.id}.sums: unknown column(s) {', '.join(unknown)}",
                    )
                )
        problems += _check_groups(t, schema, where)
    for i, flow in enumerate(schema.flows):
        rows = [key.count(".*.") for key in (flow.cumulative, flow.quarter)]
        if rows not in ([0, 0], [1, 1]):
            problems.append(
                Problem(
                    where,
                    schema.line("consistency", "flows", i),
                    f"consistency.flows: '{flow.cumulative}' and '{flow.quarter}' must both name one figure "
                    "or both stand for every row of a table (TABLE.*.COLUMN)",
                )
            )
    declared = [(("tables", t.id, "columns", i, "unit"), f"tables.{t.id}.columns.{c.name}", c.unit)
                for t in schema.tables.values() for i, c in enumerate(t.columns)]  # fmt: skip
    declared += [(("figures", f.key, "unit"), f"figures.{f.key}", f.unit) for f in schema.figures.values()]
    declared += [(("derived", f.key, "unit"), f"derived.{f.key}", f.unit) for f in schema.derived.values()]
    for path, ctx, unit in declared:
        if unit not in schema.units:
            problems.append(
                Problem(where, schema.line(*path), f"{ctx}: unit '{unit}' is not declared under [units]")
            )
    return problems


def _check_groups(t: TableSchema, schema: Schema, where: str) -> list[Problem]:
    """Column groups name the table's columns, once, side by side, each column with a short heading."""
    ctx, order, problems, sound = f"tables.{t.id}", [c.name for c in t.columns], [], []
    for i, group in enumerate(t.groups):
        at = schema.line("tables", t.id, "groups", i, "columns")
        unknown = [n for n in group.columns if n not in order]
        if unknown or not group.columns:
            what = f"unknown column(s) {', '.join(unknown)}" if unknown else "no columns"
            problems.append(Problem(where, at, f"{ctx}.groups: {what} (list the names of its columns)"))
            continue
        first = order.index(group.columns[0])
        if [order.index(n) for n in group.columns] != list(range(first, first + len(group.columns))):
            message = f"{ctx}.groups: {', '.join(group.columns)} must stand next to each other, in order"
            problems.append(Problem(where, at, message))
        else:
            sound.append(group)
    grouped = [n for g in t.groups for n in g.columns]
    twice = sorted({n for n in grouped if grouped.count(n) > 1})
    if twice:
        at = schema.line("tables", t.id, "groups")
        problems.append(Problem(where, at, f"{ctx}.groups: {', '.join(twice)} in more than one group"))
    headed = {n for g in sound for n in g.columns}  # a misplaced group's columns: said once, above
    for i, column in enumerate(t.columns):
        if column.name in headed and column.short is None:
            problems.append(
                Problem(
                    where,
                    schema.line("tables", t.id, "columns", i),
                    f"{ctx}.columns.{column.name}: a grouped column needs 'short' (its heading in the group)",
                )
            )
    return problems


def _empty() -> Schema:
    return Schema({}, {}, {}, {}, {}, {}, {})


def _table(key: str, t: dict) -> TableSchema:
    return TableSchema(
        id=key,
        title=t["title"],
        rows=t["rows"],
        row_order=tuple(t["row_order"]),
        total=t.get("total"),
        subtotals={k: tuple(v) for k, v in t.get("subtotals", {}).items()},
        columns=tuple(
            Column(c["name"], c["type"], c["unit"], c["label"], c.get("short")) for c in t["columns"]
        ),
        sums=tuple((s["total"], tuple(s["parts"])) for s in t.get("sums", [])),
        note=t.get("note"),
        optional_rows=tuple(t.get("optional_rows", ())),
        groups=tuple(ColumnGroup(g["label"], tuple(g["columns"])) for g in t.get("groups", [])),
    )


def _figure(key: str, f: dict) -> FigureSchema:
    """A figure the source states ([figures]), with an optional formula to recompute it."""
    return FigureSchema(key, f["unit"], f["type"], f["label"], f.get("recompute"))


def _derived(key: str, f: dict) -> FigureSchema:
    """A figure the briefing computes from a formula ([derived])."""
    return FigureSchema(key, f["unit"], "decimal", f["label"], f["formula"], f.get("decimals", 1))


def _parse_names(text: str, where: str, lists: dict) -> tuple[dict[tuple[str, str], Name], list[Problem]]:
    """The rows of names.csv: each list's ids (lowercase slugs) with their Danish and English names."""
    expected = ["list", "id", "da", "en", "group"]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return {}, [Problem(where, 0, f"not valid CSV: {exc}")]
    header = [h.strip() for h in rows[0]] if rows else []
    if header != expected:
        return {}, [Problem(where, 1, f"header must be {','.join(expected)}, found {','.join(header)}")]
    problems: list[Problem] = []
    names: dict[tuple[str, str], Name] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(expected):
            problems.append(Problem(where, line, f"expected {len(expected)} fields, found {len(row)}"))
            continue
        lst, id_, da, en, group = (v.strip() for v in row)
        if lst not in lists:
            problems.append(Problem(where, line, f"list '{lst}' is not declared in schema.toml [lists]"))
        if (lst, id_) in names:
            problems.append(Problem(where, line, f"duplicate name '{id_}' in list '{lst}'"))
        if not (id_ and da and en):
            problems.append(Problem(where, line, "id, da and en must all be filled in"))
        elif not ID_PATTERN.fullmatch(id_):
            problems.append(
                Problem(where, line, f"id '{id_}' must be lowercase letters, digits, '_' and '-'")
            )
        names[(lst, id_)] = Name(lst, id_, {"da": da, "en": en}, group)
    return names, problems


SCHEMA_FILES = ("schema.toml", "names.csv")  # in content/


def load_schema(root: Path, memo: LoadMemo | None = None) -> tuple[Schema, list[Problem]]:
    """Read content/schema.toml and content/names.csv; `memo` has what the last build parsed from the
    same bytes (parsing the TOML took 5 ms of every build)."""
    paths = [root / "content" / name for name in SCHEMA_FILES]
    read = partial(read_schema, root, *paths)
    return memo.parsed("schema", memo.key(paths, root), read) if memo else read()


def read_schema(root: Path, schema_path: Path, names_path: Path) -> tuple[Schema, list[Problem]]:
    """Read and parse the schema's two files."""
    problems: list[Problem] = []
    texts = []
    for path in (schema_path, names_path):
        text, problem = read_text(path, root)
        texts.append(text)
        if problem:
            problems.append(problem)
    if problems:
        return _empty(), problems
    with processing(relpath(schema_path, root)):
        return parse_schema(texts[0], texts[1], relpath(schema_path, root), relpath(names_path, root))
