"""Translation status: each pair compared with the ledger, and what git history says about the original."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..errors import Problem
from ..load.history import Version
from ..load.ledger import LEDGER, Ledger, Pair

CURRENT, STALE, UNRECORDED, MISSING = "current", "stale", "unrecorded", "missing"
STATES = (CURRENT, STALE, UNRECORDED, MISSING)


@dataclass(frozen=True)
class Status:
    """A pair's state: current, stale (the original changed since it was recorded), unrecorded or missing."""

    pair: Pair
    state: str
    recorded: str | None  # the fingerprint in the ledger


def translation_status(pairs: Iterable[Pair], ledger: Ledger) -> list[Status]:
    """Compare every pair's original, as it is now, with the fingerprint its translation was recorded at."""
    statuses = []
    for pair in pairs:
        recorded = ledger.recorded(pair.lang, pair.name)
        if pair.fingerprint is None or not pair.translated:
            state = MISSING
        elif recorded is None:
            state = UNRECORDED
        else:
            state = CURRENT if recorded == pair.fingerprint else STALE
        statuses.append(Status(pair, state, recorded))
    return statuses


def status_problems(statuses: Iterable[Status], ledger: Ledger) -> list[Problem]:
    """Stale and unrecorded translations as warnings (a missing one is an error found where pages pair)."""
    if not ledger.exists:
        return [
            Problem(
                LEDGER,
                0,
                "no translation ledger, so nothing notices a translation falling behind its original "
                "(when every translation is checked, run 'sitegen translations --done-all')",
                warning=True,
            )
        ]
    problems = []
    for status in statuses:
        if ledger.broken or status.pair.name in ledger.invalid:
            continue  # the ledger's own problem says what to do
        pair, line = status.pair, 0 if status.pair.translation.endswith(".po") else 1
        if status.state == STALE:
            message = (
                f"{pair.original} changed after this translation was recorded (see 'sitegen "
                f"translations --diff {pair.name}', update the translation, then run "
                f"'sitegen translations --done {pair.name}')"
            )
        elif status.state == UNRECORDED:
            message = (
                f"translation is not recorded in {LEDGER} (when it matches {pair.original}, "
                f"run 'sitegen translations --done {pair.name}')"
            )
        else:
            continue
        problems.append(Problem(pair.translation, line, message, warning=True))
    return problems


def changed_on(versions: list[Version], fingerprint: str) -> date | None:
    """When the original took its present text: the oldest commit of the newest run with that text.

    None when the present text is not committed (or there is no history)."""
    if not versions or versions[0].fingerprint != fingerprint:
        return None
    oldest = versions[0]
    for version in versions:
        if version.fingerprint != fingerprint:
            break
        oldest = version
    return oldest.date


def recorded_version(versions: list[Version], fingerprint: str) -> Version | None:
    """The newest commit whose original has the text a translation was recorded against."""
    return next((v for v in versions if v.fingerprint == fingerprint), None)
