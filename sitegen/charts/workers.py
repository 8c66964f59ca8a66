"""Worker processes that die with the build: the chart drawing pool and the PDF pool both start theirs
here (charts/plot.py, write/pdf.py), so a killed build leaves no worker behind."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def worker_pool(max_workers: int = 2, fresh: bool = False) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process.

    Forking skips re-importing the generator in each worker. A threaded parent (sitegen serve) spawns, and
    so does a `fresh` pool: a spawned worker starts without the build's memory."""
    import multiprocessing

    fork = threading.active_count() == 1 and not fresh
    context = multiprocessing.get_context("fork" if fork else "spawn")
    return ProcessPoolExecutor(
        max_workers=max_workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def in_workers(
    function: Callable[[T], R], items: Sequence[T], chunksize: int = 1, per_worker: int | None = None
) -> Iterator[R]:
    """`function` over `items` on two workers, yielded in order as each is done (the caller stores each and
    keeps little in memory). With `per_worker`, fresh workers take over after that many items each, so
    what a worker keeps from one item to the next cannot pile up over a long run (Python 3.11's own
    renewal, `max_tasks_per_child`, can hang). If a worker cannot start or is killed (out of memory, a
    calling script without `if __name__ == "__main__"`), the rest is done here: slower, same bytes."""
    from concurrent.futures.process import BrokenProcessPool

    step = 2 * per_worker if per_worker else len(items)
    done = 0
    try:
        for start in range(0, len(items), max(step, 1)):
            with worker_pool() if per_worker is None else worker_pool(fresh=True) as pool:
                for result in pool.map(function, items[start : start + step], chunksize=chunksize):
                    done += 1
                    yield result
    except BrokenProcessPool:
        yield from (function(item) for item in items[done:])


def die_with_parent(parent: int) -> None:
    """Worker initializer: have the kernel kill this worker when the build that started it dies, even by
    SIGKILL (Linux; elsewhere the pool's own shutdown remains)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl on this system
        return
    if os.getppid() != parent:  # the build died before the request took effect
        os._exit(1)
