"""A build's objects kept from Python's cyclic garbage collector's repeated walks.

A build makes millions of objects and keeps most of them to its end: the loaded project (pages,
editions), the series and each edition's figures. With Python's defaults the collector runs every 700
new objects and, now and then, walks every object there is: at 100 editions a rebuild spent 0.19 s of
its 1.2 s collecting and found almost nothing to free. Inside a build the youngest generation is
collected every YOUNG new objects instead, and `settle` freezes what exists after a stage whose results
last the build (gc.freeze): later collections walk only what is made after it. When the outermost build
ends the defaults and everything frozen are handed back, so a long `sitegen serve` still collects what
an earlier build left behind.

Workers start with Python's defaults (charts.workers.start_worker): a chart worker's drawings, in
cycles, piled up between rare full collections. A PDF's layout, the largest piece of work, is collected
seldom while it runs and all at once after it (`collected_after`). And as the `sitegen` process ends,
Python's last full collection is skipped (`leave`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 20_000  # new objects between collections of the youngest generation (Python's default: 700)
DEFAULTS = gc.get_threshold()  # Python's own, as this module is first imported
_open = 0  # builds under way in this process: render() runs inside build(), and only the outer one ends it


@contextmanager
def settling() -> Iterator[None]:
    """The scope of a build: collected less often, and what `settle` set apart inside it is
    collectable again when it ends."""
    global _open
    thresholds = collect_less() if not _open else gc.get_threshold()
    _open += 1
    try:
        yield
    finally:
        _open -= 1
        if not _open:
            gc.unfreeze()
            gc.set_threshold(*thresholds)


def collect_less() -> tuple[int, int, int]:
    """Collect the youngest generation every YOUNG new objects; returns the thresholds this replaced."""
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG, *thresholds[1:])
    return thresholds


@contextmanager
def collected_after() -> Iterator[None]:
    """One large piece of work that leaves its objects behind as garbage (a PDF's laid-out document):
    collected seldom while it runs (a PDF's layout took a fifth less time), then all at once, so that a
    worker does not carry one document's garbage into the next."""
    thresholds = collect_less()
    try:
        yield
    finally:
        gc.collect()
        gc.set_threshold(*thresholds)


def settle() -> None:
    """Set every object made so far apart from the collector until the build ends: call it after a stage
    whose results last the whole build."""
    if _open:
        gc.freeze()


def leave() -> None:
    """The process ends now: what is left is freed with it, not walked by Python's last full collection
    first (25 ms of a prose edit's 0.27 s: Jinja's templates, Babel's locale data, the caches). Exit
    handlers still run."""
    gc.freeze()
