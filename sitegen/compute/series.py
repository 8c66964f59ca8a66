"""The series over editions as plain data: what `compute.panel` makes with pandas from every edition's
figures, in a form the rest of the build reads without pandas (and the cache keeps as JSON).

A rebuild whose dataset did not change reads this from the cache and never imports pandas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal


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
class Implied:
    """The flow over a gap that two cumulative figures imply: later − earlier − this period's flow."""

    key: str  # the cumulative figure
    amount: Decimal
    includes_current: bool  # this period's flow is unknown, so the amount includes it


@dataclass(frozen=True)
class Trend:
    """A series over time: a table's total row, or, in editions without the table, headline figures."""

    table: str
    columns: tuple[str, ...]  # stacked, bottom first
    total: str  # the column whose value labels each bar
    figures: dict[str, str]  # column -> the headline figure that states the same total


TRENDS: dict[str, Trend] = {
    "trend-area": Trend("t3_area", ("quarter_ha",), "quarter_ha", {"quarter_ha": "quarter_area_ha"}),
    "trend-devices": Trend(
        "t4_devices",
        ("quarter_erw", "quarter_apm", "quarter_atm"),
        "quarter_total",
        {
            "quarter_erw": "quarter_erw",
            "quarter_apm": "quarter_apm",
            "quarter_atm": "quarter_atm",
            "quarter_total": "quarter_devices",
        },
    ),
}


@dataclass(frozen=True)
class Slot:
    """A quarter on a trend's time axis: the edition that covers it (None: no edition does), its values
    and whether they come from the table or from the headline figures that state its total."""

    period: str  # '2025-Q1'
    edition: str | None  # the edition's slug
    values: dict[str, Decimal | None]
    from_table: bool


@dataclass(frozen=True)
class Point:
    """One value of a derived indicator: an edition's, for a row of a table or the whole ('')."""

    indicator: str
    edition: str  # the edition's slug
    row: str
    value: Decimal | None


@dataclass(frozen=True)
class Series:
    """Every time-series output of the archive, by edition slug (oldest first throughout)."""

    changes: dict[str, tuple[Change, ...]]  # against the previous edition (none for the first)
    year_to_date: dict[str, dict[str, Decimal | None]]  # flow figure -> sum of the year's quarters
    implied: dict[str, tuple[Implied, ...]]  # flows a gap before the edition implies
    trends: dict[str, tuple[Slot, ...]]  # trend id -> one slot per quarter, first data to last edition
    history: dict[str, tuple[tuple[str, Decimal], ...]]  # figure key -> (slug, known value), oldest first
    printed: dict[str, dict[str, int]]  # 'table.column' -> slug -> most decimals in earlier editions
    indicators: tuple[Point, ...]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def series_json(series: Series) -> bytes:
    """The series as JSON, numbers as exact decimal strings (the cache's form)."""
    data = {
        "changes": {
            s: [[c.key, _number(c.previous), _number(c.current)] for c in cs]
            for s, cs in series.changes.items()
        },
        "year_to_date": {
            s: {k: _number(v) for k, v in ytd.items()} for s, ytd in series.year_to_date.items()
        },
        "implied": {
            s: [[i.key, str(i.amount), i.includes_current] for i in found]
            for s, found in series.implied.items()
        },
        "trends": {
            t: [
                [x.period, x.edition, {c: _number(v) for c, v in x.values.items()}, x.from_table]
                for x in slots
            ]
            for t, slots in series.trends.items()
        },
        "history": {k: [[s, str(v)] for s, v in known] for k, known in series.history.items()},
        "printed": series.printed,
        "indicators": [[p.indicator, p.edition, p.row, _number(p.value)] for p in series.indicators],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def series_from_json(raw: bytes) -> Series:
    """The series back from `series_json`."""
    data = json.loads(raw)
    return Series(
        changes={
            s: tuple(Change(k, _decimal(a), _decimal(b)) for k, a, b in cs)
            for s, cs in data["changes"].items()
        },
        year_to_date={s: {k: _decimal(v) for k, v in ytd.items()} for s, ytd in data["year_to_date"].items()},
        implied={
            s: tuple(Implied(k, Decimal(a), bool(c)) for k, a, c in found)
            for s, found in data["implied"].items()
        },
        trends={
            t: tuple(
                Slot(p, e, {c: _decimal(v) for c, v in values.items()}, bool(f)) for p, e, values, f in slots
            )
            for t, slots in data["trends"].items()
        },
        history={k: tuple((s, Decimal(v)) for s, v in known) for k, known in data["history"].items()},
        printed=data["printed"],
        indicators=tuple(Point(i, e, r, _decimal(v)) for i, e, r, v in data["indicators"]),
    )
