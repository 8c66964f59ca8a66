"""Likely typos, found by comparing a figure with its own series (pure): a number written with a
thousands separator, more decimals than the source prints, a value far outside the series' range.

Each is a warning (`check` lists it, `build --strict` refuses it): the figure may be right, and a
reason under [confirmed] in edition.toml (or an explanation under [revisions]) silences it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from ..errors import Problem
from ..load.periods import quarters_apart
from ..load.schema import Schema
from .editions import EditionView, as_grouped, expand_flows, value_place

RANGE = Decimal(5)  # a value more than 5 times the series' largest (or below a fifth of its smallest)


def typo_warnings(views: Sequence[EditionView], schema: Schema) -> list[Problem]:
    """At most one warning per figure and edition, the most specific first."""
    warnings = []
    cumulative = set()
    for view in views:
        cumulative |= {f.cumulative for f in expand_flows(list(schema.flows), view.values)}
    for i, view in enumerate(views):
        edition = view.edition
        fallen = {x.key for x in view.inconsistencies if x.falls}  # reported with its own hint
        for key in checked_keys(view, schema):
            value = view.values[key].value
            if value is None or key in fallen or key in edition.confirmed or key in edition.revisions:
                continue
            history = [(v.edition, v.values[key].value) for v in views[:i] if key in v.values]
            history = [(e, x) for e, x in history if x is not None]
            message = (
                _separator(value, history)
                or _precision(value, history, _column(views[: i + 1], key))
                or _outside(key, value, history, view, key in cumulative, schema)
            )
            if message:
                path, line = value_place(edition, key)
                fix = "check it against the source, or say why it is right under [confirmed] in edition.toml"
                warnings.append(Problem(path, line, f"{key}: {message}; {fix}", warning=True))
    return warnings


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


def _precision(value: Decimal, history: list, column: list[Decimal]) -> str:
    """More decimals than the source prints: than earlier editions give the figure, or, for a table cell,
    than any other cell of its column in this or an earlier edition (775 and 11002.4 print one)."""
    known = [decimals(x) for _e, x in history]
    if not column and known and decimals(value) > max(known):
        return f"{value} has {decimals(value)} decimal(s), but earlier editions give it with {max(known)}"
    most = max(map(decimals, column), default=0)
    if len(column) > 1 and decimals(value) > most:
        return f"{value} has {decimals(value)} decimal(s), more than the rest of its column ({most})"
    return ""


def _column(views: Sequence[EditionView], key: str) -> list[Decimal]:
    """The other known cells of a table cell's column, in its edition and the earlier ones."""
    parts = key.split(".")
    if len(parts) != 3:
        return []
    cells = []
    for view in views:
        table = view.edition.tables.get(parts[0])
        rows = table.rows if table else ()
        mine = view is views[-1]
        cells += [r.values.get(parts[2]) for r in rows if not (mine and r.key == parts[1])]
    return [c for c in cells if c is not None]


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
