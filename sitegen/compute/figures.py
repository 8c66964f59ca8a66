"""Every figure an edition offers, derived figures, and the source's statements against its own tables."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..errors import Problem
from ..load.dataset import Edition
from ..load.schema import Schema
from ..load.sources import SourceRef


@dataclass(frozen=True)
class Value:
    """A figure ready to show: its value, unit and where it comes from."""

    key: str
    value: Decimal | None
    unit: str
    label: dict[str, str]
    approx: bool
    ref: SourceRef | None  # where its source states it; None for an unknown or a computed figure
    table: str = ""  # the table of a table cell ("" for headline figures)


@dataclass(frozen=True)
class Discrepancy:
    """The source states one figure, its own tables give another."""

    key: str
    stated: Decimal
    recomputed: Decimal
    formula: str
    ref: SourceRef | None
    label: dict[str, str]
    unit: str


def figure_values(edition: Edition, schema: Schema) -> dict[str, Value]:
    """Every figure prose may reference: headline figures, table cells, contributions, derived figures.

    A figure the schema declares but the edition lacks is present as unknown, never as 0."""
    values = {}
    for key, spec in schema.figures.items():
        fig = edition.figures.get(key)
        values[key] = Value(
            key,
            fig.value if fig else None,
            spec.unit,
            spec.label,
            bool(fig and fig.approx),
            fig.ref if fig else None,
        )
    for spec in schema.tables.values():
        table = edition.tables.get(spec.id)
        ref = edition.table_refs.get(spec.id)
        for row in spec.row_order:
            for column in spec.columns:
                key = f"{spec.id}.{row}.{column.name}"
                value = table.value(row, column.name) if table and table.has(row, column.name) else None
                values[key] = Value(key, value, column.unit, column.label, False, ref, spec.id)
    for c in edition.contributions:
        key = f"contributions.{c.id}.amount"
        unit = (c.currency or "").lower()
        values[key] = Value(key, c.amount, unit, c.donor, False, c.ref)
    for key, spec in schema.derived.items():
        result = evaluate(spec.recompute or "", values)
        rounded = None if result is None else round(result, spec.decimals)
        values[f"calc.{key}"] = Value(f"calc.{key}", rounded, spec.unit, spec.label, False, None)
    return values


def find_discrepancies(edition: Edition, schema: Schema, values: dict[str, Value]) -> list[Discrepancy]:
    """Recompute each stated figure that declares a formula; keep the ones that disagree."""
    found = []
    for key, fig in sorted(edition.figures.items()):
        formula = schema.figures[key].recompute
        if not formula or fig.value is None:
            continue
        result = evaluate(formula, values)
        if result is not None and abs(result - fig.value) > tolerance(fig.value):
            spec = schema.figures[key]
            found.append(Discrepancy(key, fig.value, result, formula, fig.ref, spec.label, spec.unit))
    return found


def tolerance(stated: Decimal) -> Decimal:
    """Half a unit of the last digit the source printed: 16.4 allows 16.35 to 16.45."""
    exponent = min(stated.as_tuple().exponent, 0)
    return Decimal(5).scaleb(exponent - 1)


def check_formulas(schema: Schema, values: dict[str, Value], where: str) -> list[Problem]:
    """Every formula in the schema parses and names figures that exist."""
    problems = []
    formulas = [
        (key, spec.recompute, schema.line("figures", key, "recompute"))
        for key, spec in schema.figures.items()
    ]
    formulas += [
        (key, spec.recompute, schema.line("derived", key, "formula")) for key, spec in schema.derived.items()
    ]
    for key, formula, line in sorted(formulas):
        if not formula:
            continue
        try:
            names = formula_names(formula)
        except (SyntaxError, ValueError, RecursionError) as exc:
            problems.append(Problem(where, line, f"{key}: formula {exc or 'is nested too deeply'}"))
            continue
        unknown = sorted(n for n in names if n not in values)
        if unknown:
            problems.append(
                Problem(where, line, f"{key}: formula names unknown figure(s) {', '.join(unknown)}")
            )
    return problems


def formula_names(formula: str) -> set[str]:
    """The figure keys a formula uses (dotted names like t3_area.total.cumulative_ha)."""
    return {
        _name(node)
        for node in ast.walk(_parse(formula))
        if isinstance(node, ast.Attribute | ast.Name)
        and not isinstance(getattr(node, "_parent", None), ast.Attribute)
    }


SYMBOLS = {ast.Add: "+", ast.Sub: "\u2212", ast.Mult: "\u00d7", ast.Div: "/"}
PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}


def spell_formula(
    formula: str, term: Callable[[str], str], constant: Callable[[Decimal], str]
) -> tuple[str, tuple[str, ...]]:
    """A formula written out for readers ('11.667 km² / 86.600 km² × 100') and the keys it uses, in order.

    `term` writes a figure (its value, as the page shows it), `constant` a number typed in the formula;
    parentheses are kept only where the order of operations needs them."""
    keys: list[str] = []

    def spell(node: ast.AST, outer: int = 0, right: bool = False) -> str:
        if isinstance(node, ast.Constant):
            return constant(Decimal(str(node.value)))
        if isinstance(node, ast.Name | ast.Attribute):
            keys.append(_name(node))
            return term(_name(node))
        if isinstance(node, ast.UnaryOp):
            return "\u2212" + spell(node.operand, 3)
        level = PRECEDENCE[type(node.op)]
        text = f"{spell(node.left, level)} {SYMBOLS[type(node.op)]} {spell(node.right, level, True)}"
        return f"({text})" if level < outer or (right and level == outer) else text

    text = spell(_parse(formula).body)
    return text, tuple(dict.fromkeys(keys))


def evaluate(formula: str, values: dict[str, Value]) -> Decimal | None:
    """Evaluate + - * / over figures in Decimal; None if any input is unknown or the formula is broken
    (`check_formulas` reports a broken formula)."""
    try:
        return _eval(_parse(formula).body, values)
    except (SyntaxError, ValueError, ArithmeticError, RecursionError):
        return None


@cache
def _parse(formula: str) -> ast.Expression:
    tree = ast.parse(formula, mode="eval")
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._parent = node  # type: ignore[attr-defined]
        allowed = (
            ast.Expression,
            ast.BinOp,
            ast.Name,
            ast.Attribute,
            ast.Constant,
            ast.Load,
            ast.Add,
            ast.Sub,
            ast.Mult,
            ast.Div,
            ast.UnaryOp,
            ast.USub,
        )
        if not isinstance(node, allowed):
            raise ValueError(f"only figure names, numbers, + - * / and parentheses are allowed: '{formula}'")
    return tree


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    raise ValueError("a figure name must be dotted names only")


def _eval(node: ast.AST, values: dict[str, Value]) -> Decimal | None:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name | ast.Attribute):
        found = values.get(_name(node))
        return found.value if found else None
    if isinstance(node, ast.UnaryOp):
        inner = _eval(node.operand, values)
        return None if inner is None else -inner
    left, right = _eval(node.left, values), _eval(node.right, values)
    if left is None or right is None:
        return None
    ops = {
        ast.Add: left.__add__,
        ast.Sub: left.__sub__,
        ast.Mult: left.__mul__,
        ast.Div: left.__truediv__,
    }
    if isinstance(node.op, ast.Div) and right == 0:
        return None
    return ops[type(node.op)](right)
