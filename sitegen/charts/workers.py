"""Worker processes that die with the build: the chart drawing pool and the PDF pool both start theirs
here (charts/plot.py, write/pdf.py), and the data stage its one child (build.make_data), so a killed
build leaves no worker behind."""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from ..collector import DEFAULTS
from ..report import Report

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
        max_workers=max_workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
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


def in_child(function: Callable[..., R], args: tuple, report: Report) -> R:
    """`function(*args, report)` in a forked process, whose memory goes back to the system when it ends:
    its progress, and its result or what it raised, come back to this process (pickled), which shows the
    progress on `report` as if the work were done here. In a threaded process (sitegen serve), or if the
    child dies before it answers, it runs here instead: the same result, only the memory is kept."""
    import multiprocessing

    if threading.active_count() != 1:
        return function(*args, report)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        die_with_parent(parent)
        try:
            outcome = ("done", function(*args, Relay(send)))
        except BaseException as exc:  # raised again in the build, as if it had been raised there
            outcome = ("raised", exc)
        try:
            send.send(outcome)
        except Exception as exc:  # an outcome that does not pickle: said, not lost
            send.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))

    process = context.Process(target=child)
    process.start()
    send.close()
    try:
        kind, value = receive.recv()
        while kind == "advance":
            report.advance(*value)
            kind, value = receive.recv()
    except EOFError:  # the child died (out of memory, killed): do it here
        process.join()
        return function(*args, report)
    process.join()
    if kind == "raised":
        raise value
    return value


class Relay(Report):
    """The child's report: each step of progress is sent to the build, which shows it."""

    def __init__(self, send) -> None:  # a multiprocessing Connection
        super().__init__(None)
        self.send = send

    def advance(self, what: str, verb: str, done: int, total: int) -> None:
        self.send.send(("advance", (what, verb, done, total)))


def start_worker(parent: int) -> None:
    """Worker initializer: die with the build, and collect garbage as Python does by default (a forked
    worker would inherit the build's seldom collections, under which the chart workers' drawings piled up
    to about 60 MB more each at 100 editions; a PDF asks for them itself, collector.collected_after)."""
    die_with_parent(parent)
    gc.set_threshold(*DEFAULTS)


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
