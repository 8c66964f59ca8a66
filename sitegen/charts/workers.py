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


def worker_pool(max_workers: int = 2) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process.

    Forking skips re-importing the generator in each worker; a threaded parent (sitegen serve) spawns."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    return ProcessPoolExecutor(
        max_workers=max_workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def in_workers(function: Callable[[T], R], items: Sequence[T], chunksize: int = 1) -> Iterator[R]:
    """`function` over `items` on two workers, yielded in order as each is done (the caller stores each and
    keeps little in memory). If a worker cannot start or is killed (out of memory, a calling script without
    `if __name__ == "__main__"`), the rest is done here: slower, same bytes."""
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with worker_pool() as pool:
            for result in pool.map(function, items, chunksize=chunksize):
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
