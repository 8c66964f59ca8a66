"""Editions over time: each edition's view with its changes, flows, gaps and year to date (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Problem
from ..load.dataset import Edition
from ..load.periods import Period, quarters_apart, quarters_between
from ..load.schema import Flow, Schema
from . import figures
from .figures import Discrepancy, Value


@dataclass(frozen=True)
class EditionView:
    """What render needs about one edition: its data, derived figures, notes and its place in time."""

    edition: Edition
    values: dict[str, Value]
    discrepancies: tuple[Discrepancy, ...]
    previous: Edition | None = None
    changes: tuple[Change, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    year_to_date: dict[str, Decimal | None] = field(default_factory=dict)
    gap: tuple[Period, ...] = ()  # the quarters between the previous edition and this one
    implied: tuple[Implied, ...] = ()  # what the cumulative figures imply for the gap

    @property
    def span(self) -> int:
        """How many quarters later this edition ends than the previous one."""
        return quarters_apart(self.previous.period, self.edition.period) if self.previous else 0


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
    """A cumulative figure that does not follow from the previous edition: not previous + this period's
    flow (adjacent editions), below it (editions with a gap between), or below the previous figure."""

    key: str
    previous: Decimal
    quarter: Decimal | None  # this period's flow; None when unknown (only a fall can be seen)
    stated: Decimal
    within_tolerance: bool
    revision: dict[str, str] | None
    gap: bool = False  # quarters without an edition lie between: previous + quarter is a minimum

    @property
    def expected(self) -> Decimal:
        return self.previous + (self.quarter or 0)

    @property
    def difference(self) -> Decimal:
        return self.stated - self.expected

    @property
    def falls(self) -> bool:
        return self.stated < self.previous


@dataclass(frozen=True)
class Implied:
    """The flow over a gap that two cumulative figures imply: later − earlier − this period's flow."""

    key: str  # the cumulative figure
    amount: Decimal
    includes_current: bool  # this period's flow is unknown, so the amount includes it


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


def _flow_values(flow: Flow, previous: dict[str, Value], current: dict[str, Value]) -> tuple:
    """The previous cumulative figure, this period's flow and this cumulative figure (None if unknown)."""
    pairs = ((previous, flow.cumulative), (current, flow.quarter), (current, flow.cumulative))
    return tuple(values[key].value if key in values else None for values, key in pairs)


def check_flows(
    flows: list[Flow],
    previous: dict[str, Value],
    current: dict[str, Value],
    tolerance_pct: Decimal,
    revisions: dict[str, dict[str, str]],
    gap: bool = False,
) -> list[Inconsistency]:
    """Cumulative figures that do not follow from the previous edition and this period's flow.

    Between adjacent editions cumulative = previous + flow; across a gap only cumulative >= previous +
    flow can be checked; a figure whose flow is unknown can still be seen to fall."""
    found = []
    for flow in expand_flows(flows, current):
        before, quarter, stated = _flow_values(flow, previous, current)
        if before is None or stated is None:
            continue
        expected = before + (quarter or 0)
        fine = stated >= before if quarter is None else (stated >= expected if gap else stated == expected)
        if fine:
            continue
        limit = abs(stated) * tolerance_pct / 100
        found.append(
            Inconsistency(
                flow.cumulative,
                before,
                quarter,
                stated,
                abs(stated - expected) <= limit,
                revisions.get(flow.cumulative),
                gap,
            )
        )
    return found


def implied_flows(flows: list[Flow], previous: dict[str, Value], current: dict[str, Value]) -> list[Implied]:
    """For each cumulative figure both editions know, what it implies for the periods between them."""
    found = []
    for flow in expand_flows(flows, current):
        before, quarter, stated = _flow_values(flow, previous, current)
        if before is not None and stated is not None:
            amount = stated - before - (quarter or 0)
            found.append(Implied(flow.cumulative, amount, quarter is None))
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
        discrepancies = tuple(figures.find_discrepancies(edition, schema, values))
        view = EditionView(edition, values, discrepancies, year_to_date=_year(views, edition, values, schema))
        if previous:
            view = _against(view, previous, schema)
        views[edition.slug] = view
        previous = view
    return views


def _against(view: EditionView, previous: EditionView, schema: Schema) -> EditionView:
    """An edition's view with the changes and flow checks against the previous edition."""
    period, before = view.edition.period, previous.edition.period
    gap = () if period.follows(before) else tuple(quarters_between(before, period))
    flows = list(schema.flows)
    inconsistencies = check_flows(
        flows,
        previous.values,
        view.values,
        schema.tolerance_pct,
        view.edition.revisions,
        gap=not period.follows(before),
    )
    return EditionView(
        view.edition,
        view.values,
        view.discrepancies,
        previous.edition,
        tuple(compare(previous.values, view.values)),
        tuple(inconsistencies),
        view.year_to_date,
        gap,
        tuple(implied_flows(flows, previous.values, view.values)) if gap else (),
    )


def _year(views: dict[str, EditionView], edition: Edition, values: dict, schema: Schema) -> dict:
    """Year to date, when this year's quarters up to this one each have an edition."""
    period = edition.period
    same_year = [
        v for v in views.values() if v.edition.period.year == period.year and v.edition.period.quarter
    ]
    quarters = [v.edition.period.quarter for v in same_year] + [period.quarter]
    if not period.quarter or quarters != list(range(1, period.quarter + 1)):
        return {}
    return year_to_date(list(schema.flows), [v.values for v in same_year] + [values])


def consistency_problems(views: Iterable[EditionView]) -> list[Problem]:
    """Cumulative figures beyond the schema's tolerance that no revision note explains."""
    return [
        _inconsistency_problem(view, i)
        for view in views
        for i in view.inconsistencies
        if not i.within_tolerance and not i.revision
    ]


def _inconsistency_problem(view: EditionView, i: Inconsistency) -> Problem:
    """Where and how an unexplained inconsistency is reported; a fall points at the figure itself."""
    prev = view.previous.id if view.previous else ""
    fix = "correct it or explain it under [revisions]"
    if i.falls:
        path, line = value_place(view.edition, i.key)
        grouped = as_grouped(i.stated, i.previous)
        hint = f" ({i.stated} looks like {grouped:f} written with a thousands separator)" if grouped else ""
        return Problem(
            path,
            line,
            f"{i.key}: {i.stated} falls below {i.previous} in {prev}; a cumulative figure "
            f"never falls{hint}; {fix}",
        )
    where = f"{view.edition.path}/edition.toml"
    lines = view.edition.lines.lines  # where an explanation would go: under [revisions], if there is one
    line = lines.get(("revisions", i.key), lines.get(("revisions",), 0))
    if i.gap:
        return Problem(
            where,
            line,
            f"{i.key}: {i.stated} is less than {prev}'s {i.previous} + this quarter's "
            f"{i.quarter} = {i.expected}, though the quarters between add to it (difference "
            f"{i.difference}); {fix}",
        )
    return Problem(
        where,
        line,
        f"{i.key}: {i.stated} is not the previous edition's {i.previous} + this quarter's {i.quarter} "
        f"= {i.expected} (difference {i.difference}); {fix}",
    )


def value_place(edition: Edition, key: str) -> tuple[str, int]:
    """The file and line where an edition states a figure: its figures.csv row, or its table row."""
    if key in edition.figures:
        return f"{edition.path}/figures.csv", edition.figures[key].line
    table_id, _, rest = key.partition(".")
    table = edition.tables.get(table_id)
    row = next((r for r in table.rows if r.key == rest.partition(".")[0]), None) if table else None
    return (table.path, row.line) if table and row else (f"{edition.path}/edition.toml", 0)


def as_grouped(stated: Decimal, previous: Decimal | None) -> Decimal | None:
    """237821 for 237.821 after 190794.2: a number that, read as written with a thousands separator,
    lies nearer the previous figure (which itself has fewer than three decimals)."""
    if stated.as_tuple().exponent != -3 or previous is None or previous.as_tuple().exponent <= -3:
        return None
    grouped = stated.scaleb(3)
    return grouped if abs(grouped - previous) < abs(stated - previous) else None
