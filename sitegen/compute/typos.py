"""Likely typos, found by comparing a figure with its own series (pure): a number written with a
thousands separator, more decimals than the source prints, a value far outside the series' range.

Each is a warning (`check` lists it, `build --strict` refuses it): the figure may be right, and a
reason under [confirmed] in edition.toml (or an explanation under [revisions]) silences it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ..errors import Problem
from ..load.dataset import Edition
from ..load.periods import quarters_apart
from ..load.schema import Schema
from .editions import EditionView, as_grouped, expand_flows, value_place
from .series import Series

RANGE = Decimal(5)  # a value more than 5 times the series' largest (or below a fifth of its smallest)


def typo_warnings(views: Sequence[EditionView], schema: Schema, series: Series) -> list[Problem]:
    """At most one warning per figure and edition, the most specific first.

    Each figure's earlier values and each column's earlier precision come from the series (made by
    `compute.panel`), so a check looks back without walking the editions again."""
    warnings = []
    cumulative = {f.cumulative for view in views for f in expand_flows(list(schema.flows), view.values)}
    order = {view.edition.slug: i for i, view in enumerate(views)}
    editions = {view.edition.slug: view.edition for view in views}
    pasts = {key: Past.of(known, order, editions) for key, known in series.history.items()}
    for i, view in enumerate(views):
        edition = view.edition
        fallen = {x.key for x in view.inconsistencies if x.falls}  # reported with its own hint
        columns = _column_decimals(view)
        for key in checked_keys(view, schema):
            value = view.values[key].value
            if value is None or key in fallen or key in edition.confirmed or key in edition.revisions:
                continue
            past = pasts.get(key, NO_PAST)
            n = past.before(i)
            earlier = list(past.points[:n])
            printed = _printed(key, edition.slug, series)
            message = (
                _separator(value, earlier)
                or _precision(value, past.most_decimals[n], _column_most(key, columns, printed))
                or _outside(key, value, earlier, view, key in cumulative, schema)
            )
            warnings += [_warning(view, key, message)] if message else []
    return warnings


@dataclass(frozen=True)
class Past:
    """One figure's known values, oldest first, as (edition, value), with what a check asks of the
    first n of them worked out once: the editions are checked in order, each against those before it."""

    points: tuple[tuple[Edition, Decimal], ...]
    positions: tuple[int, ...]  # each point's place among the editions
    most_decimals: tuple[int | None, ...]  # the most decimals among the first n points (None: n = 0)

    @classmethod
    def of(cls, known: Sequence[tuple[str, Decimal]], order: dict[str, int], editions: dict) -> Past:
        ordered = sorted(known, key=lambda point: order[point[0]])
        points = tuple((editions[slug], value) for slug, value in ordered)
        most: list[int | None] = [None]
        for _edition, value in points:
            most.append(max(most[-1] or 0, decimals(value)))
        positions = tuple(order[edition.slug] for edition, _value in points)
        return cls(points, positions, tuple(most))

    def before(self, i: int) -> int:
        """How many points come from editions before the i-th."""
        return bisect_left(self.positions, i)


NO_PAST = Past((), (), (None,))


def _printed(key: str, slug: str, series: Series) -> int | None:
    """The most decimals a table cell's column printed in earlier editions (None: none did)."""
    parts = key.split(".")
    return series.printed.get(f"{parts[0]}.{parts[2]}", {}).get(slug) if len(parts) == 3 else None


def _column_decimals(view: EditionView) -> dict[tuple[str, str], dict[str, int]]:
    """(table, column) -> row -> decimals of each known cell of the edition's tables."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    for table_id, table in view.edition.tables.items():
        for row in table.rows:
            for column, value in row.values.items():
                if value is not None:
                    found.setdefault((table_id, column), {})[row.key] = decimals(value)
    return found


def _column_most(key: str, columns: dict, printed: int | None) -> int | None:
    """The most decimals the rest of a table cell's column prints, in this or an earlier edition;
    None for a headline figure, or a column with no other cell to judge by."""
    parts = key.split(".")
    if len(parts) != 3:
        return None
    known = [d for row, d in columns.get((parts[0], parts[2]), {}).items() if row != parts[1]]
    known += [printed] if printed is not None else []
    return max(known, default=None)


def _warning(view: EditionView, key: str, message: str) -> Problem:
    """A warning at the line that states the figure, with what to do."""
    path, line = value_place(view.edition, key)
    fix = "check it against the source, or say why it is right under [confirmed] in edition.toml"
    return Problem(path, line, f"{key}: {message}; {fix}", warning=True)


def checked_keys(view: EditionView, schema: Schema) -> list[str]:
    """The figures a typist wrote: headline figures and table cells (not computed ones)."""
    return [k for k in view.values if k in schema.figures or k.split(".")[0] in view.edition.tables]


def _separator(value: Decimal, history: list) -> str:
    """237.821 after 190794.2: read as grouped digits, it would fit the series."""
    if not history:
        return ""
    edition, previous = history[-1]
    grouped = as_grouped(value, previous)
    if grouped is None:
        return ""
    after = f"after {previous} in {edition.id}"
    return f"{value} looks like {grouped:f} written with a thousands separator ({after})"


def decimals(value: Decimal) -> int:
    """Decimals as written: 11002.40 has two."""
    return max(0, -int(value.as_tuple().exponent))


def _precision(value: Decimal, earlier: int | None, column: int | None) -> str:
    """More decimals than the source prints: than earlier editions give the figure (at most `earlier`),
    or, for a table cell, than any other cell of its column in this or an earlier edition (775 and 11002.4
    print one)."""
    if column is not None:
        if decimals(value) > column:
            return f"{value} has {decimals(value)} decimal(s), more than the rest of its column ({column})"
        return ""
    if earlier is not None and decimals(value) > earlier:
        return f"{value} has {decimals(value)} decimal(s), but earlier editions give it with {earlier}"
    return ""


def _outside(
    key: str, value: Decimal, history: list, view: EditionView, cumulative: bool, schema: Schema
) -> str:
    """A value (or, for a cumulative figure, its growth per quarter) far outside what came before.

    Only headline figures and table totals: single rows of small numbers vary too much to judge."""
    parts = key.split(".")
    if len(parts) == 3 and parts[1] != schema.tables[parts[0]].total:
        return ""
    if cumulative:
        return _growth(value, history, view)
    earlier = [x for _e, x in history]
    if len(earlier) < 2:
        return ""
    low, high = min(earlier), max(earlier)
    if value > high * RANGE or (low > 0 and value < low / RANGE):
        return f"{value} is far outside the range of earlier editions ({low} to {high})"
    return ""


def _growth(value: Decimal, history: list, view: EditionView) -> str:
    """A cumulative figure's growth per quarter against its earlier growth per quarter."""
    points = [*history, (view.edition, value)]
    if len(points) < 4:
        return ""  # two earlier growths are needed to judge a third
    rates = []
    for (a, x), (b, y) in pairwise(points):
        quarters = quarters_apart(a.period, b.period)
        rates.append((y - x) / quarters if quarters else None)
    *earlier, latest = rates
    earlier = [r for r in earlier if r is not None and r > 0]
    if latest is None or len(earlier) < 2 or latest <= max(earlier) * RANGE:
        return ""
    return (
        f"it grows by {latest.normalize():f} a quarter since {points[-2][0].id}, far more than before "
        f"(at most {max(earlier).normalize():f})"
    )
