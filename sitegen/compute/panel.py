"""The panel: every edition's tables and headline figures as one tidy pandas DataFrame, and the series
made from it (changes between editions, flows over gaps, year to date, trends, indicators).

Imported only when the dataset changed (`build.data_stage`): a prose edit never pays for pandas.

Exactness: `value` holds each figure as the source printed it (a Decimal, in an object column, so
11002.4 stays 11002.4 and never becomes a float); `decimals` is how many decimals it was printed
with; `units` is the same value as a whole number of 10**-scale (a nullable Int64), so that sums and
differences run vectorised and exactly, and an unknown stays <NA>, never 0. The exact checks of the
source against itself stay in `compute.figures` and `compute.editions`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import pairwise

import pandas as pd

from ..load.dataset import Edition
from ..load.schema import Schema
from .editions import expand_flows
from .series import TRENDS, Change, Implied, Point, Series, Slot, Trend

KNOWN, UNKNOWN, ABSENT = "known", "unknown", "absent"
COLUMNS = (
    "edition",
    "slug",
    "order",
    "period",
    "year",
    "quarter",
    "as_of",
    "table",
    "row",
    "column",
    "key",
    "label_da",
    "label_en",
    "value",
    "decimals",
    "unit",
    "approx",
    "status",
    "source",
    "number",
    "place",
    "quote",
)
AREA_SHARE = "share_cleared_pct"  # cumulative area cleared against the contaminated area, per edition
AREA_BY_ROW = "area_cleared_ha"  # area cleared in each quarter, per row of the area table


def tidy_frame(editions: Sequence[Edition], schema: Schema) -> pd.DataFrame:
    """One row per edition and figure (headline figures, then table cells, in the schema's order); a
    figure an edition does not give is there too, as unknown (the source says so) or absent."""
    records = [r for order, e in enumerate(editions) for r in _records(e, order, schema)]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    frame["value"] = frame["value"].astype(object)
    frame["decimals"] = frame["decimals"].astype("Int64")
    scale = int(frame["decimals"].max()) if frame["decimals"].notna().any() else 0
    frame["units"] = pd.array(
        [None if v is None else int(v.scaleb(scale)) for v in frame["value"]], dtype="Int64"
    )
    frame.attrs["scale"] = scale
    return frame


def _records(edition: Edition, order: int, schema: Schema) -> Iterator[dict]:
    period = edition.period
    base = {
        "edition": edition.id,
        "slug": edition.slug,
        "order": order,
        "period": period.id,
        "year": period.year,
        "quarter": period.quarter,
    }
    for key, spec in schema.figures.items():
        fig = edition.figures.get(key)
        ref = fig.ref if fig else None
        yield {
            **base,
            **_cell(fig.value if fig else None, fig is not None),
            "as_of": (ref.as_of if ref and ref.as_of else edition.as_of).isoformat(),
            "table": "",
            "row": "",
            "column": "",
            "key": key,
            "label_da": spec.label["da"],
            "label_en": spec.label["en"],
            "unit": spec.unit,
            "approx": bool(fig and fig.approx),
            "source": ref.source if ref else "",
            "number": "",
            "place": ref.place if ref else "",
            "quote": fig.quote if fig else "",
        }
    for spec in schema.tables.values():
        table = edition.tables.get(spec.id)
        ref = edition.table_refs.get(spec.id) if table else None
        rows = {r.key: r for r in table.rows} if table else {}
        for row in spec.row_order:
            for column in spec.columns:
                given = row in rows
                label = {
                    lang: f"{spec.title[lang]}: {schema.row_label(spec, row, lang)}, {column.label[lang]}"
                    for lang in ("da", "en")
                }
                yield {
                    **base,
                    **_cell(rows[row].values[column.name] if given else None, given),
                    "as_of": (ref.as_of if ref and ref.as_of else edition.as_of).isoformat(),
                    "table": spec.id,
                    "row": row,
                    "column": column.name,
                    "key": f"{spec.id}.{row}.{column.name}",
                    "label_da": label["da"],
                    "label_en": label["en"],
                    "unit": column.unit,
                    "approx": False,
                    "source": ref.source if ref else "",
                    "number": ref.number if ref else "",
                    "place": ref.place if ref else "",
                    "quote": "",
                }


def _cell(value: Decimal | None, given: bool) -> dict:
    status = KNOWN if value is not None else UNKNOWN if given else ABSENT
    decimals = None if value is None else max(0, -int(value.as_tuple().exponent))
    return {"value": value, "decimals": decimals, "status": status}


def decimal_of(units: object, decimals: object, scale: int) -> Decimal | None:
    """A scaled whole number back as the Decimal it stands for, with `decimals` places."""
    if units is pd.NA or units is None:
        return None
    return Decimal(int(units)).scaleb(-scale).quantize(Decimal(1).scaleb(-int(decimals)))


def make_series(frame: pd.DataFrame, editions: Sequence[Edition], schema: Schema) -> Series:
    """Every time-series output of the archive, from the panel."""
    return Series(
        changes=changes(frame),
        year_to_date=year_to_date(frame, schema),
        implied=implied(frame, editions, schema),
        trends={
            trend_id: trend_slots(frame, trend, schema)
            for trend_id, trend in TRENDS.items()
            if _fits(trend, schema)
        },
        history=history(frame),
        printed=printed(frame),
        indicators=indicators(frame, schema),
    )


def _fits(trend: Trend, schema: Schema) -> bool:
    """Whether the schema has the trend's table, with a total row and every column it draws."""
    spec = schema.tables.get(trend.table)
    return bool(spec and spec.total and {*trend.columns, trend.total} <= {c.name for c in spec.columns})


def changes(frame: pd.DataFrame) -> dict[str, tuple[Change, ...]]:
    """Each edition's figures against the previous edition's (the same figure one edition earlier)."""
    previous = frame.groupby("key", sort=False)["value"].shift()
    later = frame.assign(previous=previous.astype(object).where(previous.notna(), None))
    later = later[later["order"] > 0]
    return {
        slug: tuple(
            Change(k, p, v) for k, p, v in zip(group["key"], group["previous"], group["value"], strict=True)
        )
        for slug, group in later.groupby("slug", sort=False)
    }


def flow_pairs(frame: pd.DataFrame, schema: Schema) -> list[tuple[str, str]]:
    """(cumulative, quarter) figure keys of every consistency flow, `*` expanded to the table's rows."""
    keys = dict.fromkeys(frame["key"])
    return [(f.cumulative, f.quarter) for f in expand_flows(list(schema.flows), keys)]


def year_to_date(frame: pd.DataFrame, schema: Schema) -> dict[str, dict[str, Decimal | None]]:
    """The sum of each flow figure over the year's quarters, for each quarter whose year has an edition
    for every quarter up to it (an unknown quarter leaves the sum unknown)."""
    quarters = frame[frame["quarter"] > 0]
    editions = quarters.drop_duplicates("order")
    complete = editions.groupby("year").cumcount() + 1 == editions["quarter"]
    wanted = set(editions.loc[complete, "slug"])
    flows = quarters[quarters["key"].isin({q for _c, q in flow_pairs(frame, schema)})]
    by = [flows["year"], flows["key"]]
    known = flows["units"].notna().groupby(by).cummin()
    total = flows["units"].fillna(0).groupby(by).cumsum().where(known)
    places = flows["decimals"].fillna(0).groupby(by).cummax()
    scale = frame.attrs["scale"]
    found: dict[str, dict[str, Decimal | None]] = {slug: {} for slug in editions["slug"] if slug in wanted}
    for slug, key, units, places_ in zip(flows["slug"], flows["key"], total, places, strict=True):
        if slug in wanted:
            found[slug][key] = decimal_of(units, places_, scale)
    return found


def implied(
    frame: pd.DataFrame, editions: Sequence[Edition], schema: Schema
) -> dict[str, tuple[Implied, ...]]:
    """For an edition after a gap: what each cumulative figure both editions know implies for the
    quarters between them (later − earlier − this period's flow, which may be unknown)."""
    after_gap = {b.slug for a, b in pairwise(editions) if not b.period.follows(a.period)}
    pairs = flow_pairs(frame, schema)
    cumulative = frame[frame["key"].isin({c for c, _q in pairs})].copy()
    grouped = cumulative.groupby("key", sort=False)
    cumulative["before"], cumulative["before_places"] = grouped["units"].shift(), grouped["decimals"].shift()
    flows = frame.set_index(["order", "key"])[["units", "decimals"]]
    quarter_of = dict(pairs)
    index = list(zip(cumulative["order"], cumulative["key"].map(quarter_of), strict=True))
    cumulative["flow"] = pd.array(flows["units"].reindex(index), dtype="Int64")
    cumulative["flow_places"] = pd.array(flows["decimals"].reindex(index), dtype="Int64")
    rows = cumulative[
        cumulative["slug"].isin(after_gap) & cumulative["units"].notna() & cumulative["before"].notna()
    ]
    amount = rows["units"] - rows["before"] - rows["flow"].fillna(0)
    places = rows[["decimals", "before_places", "flow_places"]].max(axis=1)
    found: dict[str, tuple[Implied, ...]] = {}
    scale = frame.attrs["scale"]
    for slug, key, units, places_, flow in zip(
        rows["slug"], rows["key"], amount, places, rows["flow"], strict=True
    ):
        found[slug] = (*found.get(slug, ()), Implied(key, decimal_of(units, places_, scale), pd.isna(flow)))
    return found


def trend_slots(frame: pd.DataFrame, trend: Trend, schema: Schema) -> tuple[Slot, ...]:
    """One slot per quarter, from the first quarterly edition that gives the trend's total to the last
    quarterly edition: an edition's table total row, or the headline figures that state it."""
    total_row = schema.tables[trend.table].total or ""
    columns = tuple(dict.fromkeys((*trend.columns, trend.total)))
    quarters = frame[frame["quarter"] > 0]
    table = quarters[
        (quarters["table"] == trend.table) & (quarters["row"] == total_row) & quarters["column"].isin(columns)
    ]
    from_table = table[table["status"] != ABSENT].pivot(index="slug", columns="column", values="value")
    figures = quarters[quarters["key"].isin(set(trend.figures.values()))]
    by_figure = figures.pivot(index="slug", columns="key", values="value")
    editions = quarters.drop_duplicates("order")[["slug", "period"]]
    slots = []
    for slug, period in zip(editions["slug"], editions["period"], strict=True):
        if slug in from_table.index:
            values = {c: _plain(from_table.at[slug, c]) for c in columns}
        else:
            values = {
                c: _plain(by_figure.at[slug, k]) if k in by_figure.columns else None
                for c, k in ((c, trend.figures.get(c, "")) for c in columns)
            }
        slots.append(Slot(period, slug, values, slug in from_table.index))
    return _on_quarter_axis(slots, trend.total)


def _plain(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _on_quarter_axis(slots: list[Slot], total: str) -> tuple[Slot, ...]:
    """The slots placed on a quarterly PeriodIndex from the first with data: a quarter no edition
    covers becomes an empty slot."""
    first = next((i for i, s in enumerate(slots) if s.values.get(total) is not None), None)
    if first is None:
        return ()
    by_quarter = {pd.Period(s.period.replace("-", ""), freq="Q"): s for s in slots[first:]}
    axis = pd.period_range(min(by_quarter), max(by_quarter), freq="Q")
    return tuple(by_quarter.get(q) or Slot(f"{q.year}-Q{q.quarter}", None, {}, False) for q in axis)


def history(frame: pd.DataFrame) -> dict[str, tuple[tuple[str, Decimal], ...]]:
    """Each figure's known values, oldest first, with the edition that gives them."""
    known = frame[frame["status"] == KNOWN]
    return {
        key: tuple(zip(group["slug"], group["value"], strict=True))
        for key, group in known.groupby("key", sort=False)
    }


def printed(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """For each table column and edition, the most decimals the column printed in earlier editions."""
    cells = frame[(frame["table"] != "") & (frame["status"] == KNOWN)]
    most = cells.groupby(["table", "column", "order", "slug"], sort=True)["decimals"].max()
    earlier = most.groupby(level=["table", "column"]).transform(lambda s: s.cummax().shift())
    found: dict[str, dict[str, int]] = {}
    for (table, column, _order, slug), places in earlier.dropna().items():
        found.setdefault(f"{table}.{column}", {})[slug] = int(places)
    return found


def indicators(frame: pd.DataFrame, schema: Schema) -> tuple[Point, ...]:
    """Derived series worth a reader's time: the share of the contaminated area cleared in each edition,
    and the area each operator cleared in each quarter."""
    return (*_area_share(frame), *_area_by_row(frame, schema))


def _area_share(frame: pd.DataFrame) -> list[Point]:
    """Cumulative area cleared (ha, from the headline figure, else the area table's total) against the
    contaminated area (km²), in per cent with one decimal."""
    wide = frame.pivot(index="slug", columns="key", values="value")
    needed = {"area_cleared_cumulative_ha", "contaminated_area_km2"}
    if not needed <= set(wide.columns):
        return []
    cleared = wide["area_cleared_cumulative_ha"]
    if "t3_area.total.cumulative_ha" in wide.columns:
        cleared = cleared.where(cleared.notna(), wide["t3_area.total.cumulative_ha"])
    points = []
    for slug in frame.drop_duplicates("order")["slug"]:
        ha, km2 = _plain(cleared[slug]), _plain(wide.at[slug, "contaminated_area_km2"])
        share = round(ha / 100 / km2 * 100, 1) if ha is not None and km2 else None
        points.append(Point(AREA_SHARE, slug, "", share))
    return points


def _area_by_row(frame: pd.DataFrame, schema: Schema) -> list[Point]:
    """The area table's quarter column, row by row, for each quarterly edition that has the table."""
    if "t3_area" not in schema.tables:
        return []
    cells = frame[
        (frame["table"] == "t3_area")
        & (frame["column"] == "quarter_ha")
        & (frame["quarter"] > 0)
        & (frame["status"] != ABSENT)
    ]
    return [
        Point(AREA_BY_ROW, slug, row, value)
        for slug, row, value in zip(cells["slug"], cells["row"], cells["value"], strict=True)
    ]
