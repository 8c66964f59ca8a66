"""Worker processes that die with the build: the chart drawing pool and the PDF pool both start theirs
here (charts/plot.py, write/pdf.py), so a killed build leaves no worker behind."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def worker_pool(max_workers: int = 2) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process.

    Forking skips re-importing the generator in each worker; a threaded parent (sitegen serve) spawns."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    return ProcessPoolExecutor(
        max_workers=max_workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )


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
