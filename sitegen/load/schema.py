"""The dataset schema: table shapes, headline-figure units and the allowed row names."""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import Problem, relpath, toml_problem
from .files import read_text
from .settings import LANGS

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


class _Reader:
    """Collects problems while reading one TOML document, so all of them are reported."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def need(self, table: dict, key: str, kind: type, ctx: str) -> object:
        value = table.get(key)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.problems.append(Problem(self.where, 0, f"{ctx}: '{key}' must be a {kind.__name__} (add it)"))
            return kind()
        return value

    def moved(self, table: dict, keys: tuple[str, ...], ctx: str, place: str) -> None:
        """Keys that describe one document, not the shape: they belong to an edition now."""
        for key in keys:
            if key in table:
                self.problems.append(Problem(self.where, 0, f"{ctx}: '{key}' belongs in {place}"))

    def bilingual(self, table: dict, key: str, ctx: str) -> dict[str, str]:
        value = self.need(table, key, dict, ctx)
        missing = [lang for lang in LANGS if not isinstance(value.get(lang), str)]
        if value and missing:
            self.problems.append(
                Problem(self.where, 0, f"{ctx}: '{key}' lacks text for {', '.join(missing)}")
            )
        return {lang: str(value.get(lang, "")) for lang in LANGS}


def parse_schema(text: str, names_text: str, where: str, names_where: str) -> tuple[Schema, list[Problem]]:
    """Parse schema.toml and names.csv; return the schema and every problem found."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _empty(), [toml_problem(exc, where)]
    r = _Reader(where)
    units = {k: r.bilingual(v, "label", f"units.{k}") for k, v in doc.get("units", {}).items()}
    row_labels = {
        k: r.bilingual({"label": v}, "label", f"row_labels.{k}") for k, v in doc.get("row_labels", {}).items()
    }
    lists = {k: r.bilingual(v, "label", f"lists.{k}") for k, v in doc.get("lists", {}).items()}
    names, name_problems = _parse_names(names_text, names_where, lists)
    tables = {k: _table(r, k, v) for k, v in doc.get("tables", {}).items()}
    figures = {k: _figure(r, k, v) for k, v in doc.get("figures", {}).items()}
    derived = {k: _figure(r, k, v, derived=True) for k, v in doc.get("derived", {}).items()}
    for t in tables.values():
        if t.rows not in lists:
            r.problems.append(
                Problem(where, 0, f"tables.{t.id}: rows list '{t.rows}' is not declared under [lists]")
            )
        for key in (t.total, *t.subtotals):
            if key and key not in row_labels:
                r.problems.append(
                    Problem(
                        where,
                        0,
                        f"tables.{t.id}: row '{key}' needs a display name under [row_labels]",
                    )
                )
    declared = [(f"tables.{t.id}.columns.{c.name}", c.unit) for t in tables.values() for c in t.columns]
    declared += [(f"figures.{f.key}", f.unit) for f in figures.values()]
    declared += [(f"derived.{f.key}", f.unit) for f in derived.values()]
    for ctx, unit in declared:
        if unit not in units:
            r.problems.append(Problem(where, 0, f"{ctx}: unit '{unit}' is not declared under [units]"))
    consistency = doc.get("consistency", {})
    flows = tuple(Flow(str(f.get("cumulative")), str(f.get("quarter"))) for f in consistency.get("flows", []))
    tolerance = Decimal(str(consistency.get("tolerance_pct", 0)))
    return Schema(
        units, row_labels, lists, names, tables, figures, derived, flows, tolerance
    ), r.problems + name_problems


def _empty() -> Schema:
    return Schema({}, {}, {}, {}, {}, {}, {})


def _table(r: _Reader, key: str, t: dict) -> TableSchema:
    ctx = f"tables.{key}"
    columns = tuple(_column(r, f"{ctx}.columns", c) for c in r.need(t, "columns", list, ctx))
    names = {c.name for c in columns}
    sums = []
    for s in t.get("sums", []):
        parts = tuple(s.get("parts", ()))
        unknown = [n for n in (s.get("total"), *parts) if n not in names]
        if unknown:
            r.problems.append(
                Problem(r.where, 0, f"{ctx}.sums: unknown column(s) {', '.join(map(str, unknown))}")
            )
        sums.append((str(s.get("total")), parts))
    subtotals = {str(k): tuple(v) for k, v in t.get("subtotals", {}).items()}
    r.moved(t, ("number", "page"), ctx, f"edition.toml [tables.{key}] (as number and place)")
    groups = tuple(_group(r, ctx, g, columns) for g in t.get("groups", []))
    grouped = [n for g in groups for n in g.columns]
    twice = sorted({n for n in grouped if grouped.count(n) > 1})
    if twice:
        r.problems.append(Problem(r.where, 0, f"{ctx}.groups: {', '.join(twice)} in more than one group"))
    return TableSchema(
        id=key,
        title=r.bilingual(t, "title", ctx),
        rows=str(r.need(t, "rows", str, ctx)),
        row_order=tuple(r.need(t, "row_order", list, ctx)),
        total=t.get("total"),
        subtotals=subtotals,
        columns=columns,
        sums=tuple(sums),
        note=r.bilingual(t, "note", ctx) if "note" in t else None,
        optional_rows=tuple(t.get("optional_rows", ())),
        groups=groups,
    )


def _group(r: _Reader, ctx: str, g: dict, columns: tuple[Column, ...]) -> ColumnGroup:
    """A column group: its heading and columns, which stand next to each other and have short headings."""
    group = ColumnGroup(r.bilingual(g, "label", f"{ctx}.groups"), tuple(map(str, g.get("columns", ()))))
    order = [c.name for c in columns]
    unknown = [n for n in group.columns if n not in order]
    if unknown or not group.columns:
        what = f"unknown column(s) {', '.join(unknown)}" if unknown else "no columns"
        r.problems.append(Problem(r.where, 0, f"{ctx}.groups: {what} (list the names of its columns)"))
        return group
    at = [order.index(n) for n in group.columns]
    if at != list(range(at[0], at[0] + len(at))):
        r.problems.append(
            Problem(
                r.where,
                0,
                f"{ctx}.groups: {', '.join(group.columns)} must stand next to each other, in order",
            )
        )
    for column in columns:
        if column.name in group.columns and column.short is None:
            r.problems.append(
                Problem(
                    r.where,
                    0,
                    f"{ctx}.columns.{column.name}: a grouped column needs 'short' (its heading in the group)",
                )
            )
    return group


def _column(r: _Reader, ctx: str, c: dict) -> Column:
    name = str(r.need(c, "name", str, ctx))
    ctx = f"{ctx}.{name}"
    col = Column(
        name=name,
        type=str(r.need(c, "type", str, ctx)),
        unit=str(r.need(c, "unit", str, ctx)),
        label=r.bilingual(c, "label", ctx),
        short=r.bilingual(c, "short", ctx) if "short" in c else None,
    )
    if "unknown" in c:
        r.problems.append(
            Problem(r.where, 0, f"{ctx}: 'unknown' is no longer set per column: any cell may be unknown "
                    "(delete the line)")
        )  # fmt: skip
    _check_kind(r, ctx, col.type)
    return col


def _figure(r: _Reader, key: str, f: dict, derived: bool = False) -> FigureSchema:
    """A stated figure ([figures]), or one the briefing computes from a formula ([derived])."""
    ctx = f"{'derived' if derived else 'figures'}.{key}"
    fig = FigureSchema(
        key=key,
        unit=str(r.need(f, "unit", str, ctx)),
        type="decimal" if derived else str(r.need(f, "type", str, ctx)),
        label=r.bilingual(f, "label", ctx),
        recompute=str(r.need(f, "formula", str, ctx)) if derived else f.get("recompute"),
        decimals=int(f.get("decimals", 1)),
    )
    r.moved(f, ("approx",), ctx, "the approx column of each edition's figures.csv")
    _check_kind(r, ctx, fig.type)
    return fig


def _check_kind(r: _Reader, ctx: str, type_: str) -> None:
    if type_ and type_ not in TYPES:
        r.problems.append(Problem(r.where, 0, f"{ctx}: type '{type_}' is not one of {', '.join(TYPES)}"))


def _parse_names(text: str, where: str, lists: dict) -> tuple[dict[tuple[str, str], Name], list[Problem]]:
    problems: list[Problem] = []
    names: dict[tuple[str, str], Name] = {}
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    expected = ["list", "id", "da", "en", "group"]
    if header != expected:
        return {}, [Problem(where, 1, f"header must be {','.join(expected)}, found {','.join(header)}")]
    for line, row in enumerate(rows, start=2):
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
        names[(lst, id_)] = Name(lst, id_, {"da": da, "en": en}, group)
    return names, problems


def load_schema(root: Path) -> tuple[Schema, list[Problem]]:
    """Read content/schema.toml and content/names.csv."""
    schema_path, names_path = root / "content" / "schema.toml", root / "content" / "names.csv"
    problems: list[Problem] = []
    texts = []
    for path in (schema_path, names_path):
        text, problem = read_text(path, root)
        texts.append(text)
        if problem:
            problems.append(problem)
    if problems:
        return _empty(), problems
    return parse_schema(texts[0], texts[1], relpath(schema_path, root), relpath(names_path, root))
