"""Editions over time: each edition's view with its changes, flows and year to date (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Problem
from ..load.dataset import Edition
from ..load.schema import Flow, Schema
from . import figures
from .figures import Discrepancy, Value


@dataclass(frozen=True)
class EditionView:
    """What render needs about one edition: its data, derived figures and notes."""

    edition: Edition
    values: dict[str, Value]
    discrepancies: tuple[Discrepancy, ...]
    previous: Edition | None = None
    changes: tuple[Change, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    year_to_date: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """A figure in this edition against the previous one."""

    key: str
    previous: Decimal | None
    current: Decimal | None

    @property
    def absolute(self) -> Decimal | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        if self.absolute is None or not self.previous:
            return None
        return self.absolute / self.previous * 100


@dataclass(frozen=True)
class Inconsistency:
    """A cumulative figure that does not equal the previous cumulative plus the quarter."""

    key: str
    previous: Decimal
    quarter: Decimal
    stated: Decimal
    within_tolerance: bool
    revision: dict[str, str] | None

    @property
    def expected(self) -> Decimal:
        return self.previous + self.quarter

    @property
    def difference(self) -> Decimal:
        return self.stated - self.expected


def compare(previous: dict[str, Value], current: dict[str, Value]) -> list[Change]:
    """Changes of every figure both editions could hold, in the schema's order."""
    keys = [k for k in current if k in previous and not k.startswith("contributions.")]
    return [Change(k, previous[k].value, current[k].value) for k in keys]


def expand_flows(flows: list[Flow], values: dict[str, Value]) -> list[Flow]:
    """`t3_area.*.cumulative_ha` stands for every row of the table."""
    out = []
    for flow in flows:
        if ".*." not in flow.cumulative:
            out.append(flow)
            continue
        head, tail = flow.cumulative.split(".*.")
        q_head, q_tail = flow.quarter.split(".*.")
        rows = sorted(
            {k.split(".")[1] for k in values if k.startswith(head + ".") and k.endswith("." + tail)}
        )
        out += [Flow(f"{head}.{row}.{tail}", f"{q_head}.{row}.{q_tail}") for row in rows]
    return out


def check_flows(
    flows: list[Flow],
    previous: dict[str, Value],
    current: dict[str, Value],
    tolerance_pct: Decimal,
    revisions: dict[str, dict[str, str]],
) -> list[Inconsistency]:
    """Cumulative figures that do not follow from the previous edition and this quarter."""
    found = []
    for flow in expand_flows(flows, current):
        before, quarter, stated = (
            v.value if v else None
            for v in (
                previous.get(flow.cumulative),
                current.get(flow.quarter),
                current.get(flow.cumulative),
            )
        )
        if before is None or quarter is None or stated is None or before + quarter == stated:
            continue
        limit = abs(stated) * tolerance_pct / 100
        found.append(
            Inconsistency(
                flow.cumulative,
                before,
                quarter,
                stated,
                abs(stated - before - quarter) <= limit,
                revisions.get(flow.cumulative),
            )
        )
    return found


def check_flow_keys(schema: Schema, values: dict[str, Value], where: str) -> list[Problem]:
    """Every consistency flow names figures that exist."""
    problems = []
    for i, flow in enumerate(schema.flows):
        expanded = expand_flows([flow], values) or [flow]
        problems += [
            Problem(
                where, schema.line("consistency", "flows", i), f"consistency.flows: unknown figure '{key}'"
            )
            for f in expanded
            for key in (f.cumulative, f.quarter)
            if key not in values
        ]
    return problems


def year_to_date(flows: list[Flow], editions: list[dict[str, Value]]) -> dict[str, Decimal | None]:
    """Sum of the quarter figures of this year's editions (all of them must know it)."""
    totals: dict[str, Decimal | None] = {}
    for flow in expand_flows(flows, editions[-1]):
        parts = [e.get(flow.quarter) for e in editions]
        totals[flow.quarter] = (
            None
            if any(p is None or p.value is None for p in parts)
            else sum((p.value for p in parts), Decimal(0))
        )
    return totals


def derive_all(editions: list[Edition], schema: Schema) -> dict[str, EditionView]:
    """Figures, source discrepancies, changes and consistency of every edition, oldest first."""
    views: dict[str, EditionView] = {}
    previous: EditionView | None = None
    for edition in editions:
        values = figures.figure_values(edition, schema)
        same_year = [v.values for v in views.values() if v.edition.as_of.year == edition.as_of.year] + [
            values
        ]
        quarter = (edition.as_of.month + 2) // 3
        views[edition.slug] = EditionView(
            edition,
            values,
            tuple(figures.find_discrepancies(edition, schema, values)),
            previous=previous.edition if previous else None,
            changes=tuple(compare(previous.values, values)) if previous else (),
            inconsistencies=tuple(
                check_flows(
                    list(schema.flows),
                    previous.values,
                    values,
                    schema.tolerance_pct,
                    edition.revisions,
                )
            )
            if previous
            else (),
            year_to_date=year_to_date(list(schema.flows), same_year) if len(same_year) == quarter else {},
        )
        previous = views[edition.slug]
    return views


def consistency_problems(views: Iterable[EditionView]) -> list[Problem]:
    """Cumulative figures beyond the schema's tolerance that no revision note explains."""
    return [
        Problem(
            f"{view.edition.path}/edition.toml",
            view.edition.lines.line(("revisions", i.key)),
            f"{i.key}: {i.stated} is not the previous edition's {i.previous} + this quarter's {i.quarter} "
            f"= {i.expected} (difference {i.difference}); correct it or explain it under [revisions]",
        )
        for view in views
        for i in view.inconsistencies
        if not i.within_tolerance and not i.revision
    ]
