"""Editions over time: each edition's view with its place in the series (changes, gaps, year to date,
from `compute.panel`) and the exact flow checks against the previous edition (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..errors import Problem
from ..load.dataset import Edition
from ..load.periods import Period, quarters_apart, quarters_between
from ..load.schema import Flow, Schema
from . import figures
from .figures import Discrepancy, Value
from .series import Change, Implied, Series


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


def derive_all(editions: list[Edition], schema: Schema, series: Series) -> dict[str, EditionView]:
    """Figures, source discrepancies, consistency, and each edition's place in the series, oldest first."""
    views: dict[str, EditionView] = {}
    previous: EditionView | None = None
    for edition in editions:
        values = figures.figure_values(edition, schema)
        discrepancies = tuple(figures.find_discrepancies(edition, schema, values))
        view = EditionView(
            edition, values, discrepancies, year_to_date=series.year_to_date.get(edition.slug, {})
        )
        if previous:
            view = _against(view, previous, schema, series)
        views[edition.slug] = view
        previous = view
    return views


def _against(view: EditionView, previous: EditionView, schema: Schema, series: Series) -> EditionView:
    """An edition's view with its changes against the previous edition and the exact flow checks."""
    period, before = view.edition.period, previous.edition.period
    gap = () if period.follows(before) else tuple(quarters_between(before, period))
    inconsistencies = check_flows(
        list(schema.flows),
        previous.values,
        view.values,
        schema.tolerance_pct,
        view.edition.revisions,
        gap=not period.follows(before),
    )
    slug = view.edition.slug
    return replace(
        view,
        previous=previous.edition,
        changes=series.changes.get(slug, ()),
        inconsistencies=tuple(inconsistencies),
        gap=gap,
        implied=series.implied.get(slug, ()) if gap else (),
    )


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
