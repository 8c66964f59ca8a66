"""Worker processes die with the build that started them: the chart pool and the PDF pool share them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

POOLS = {
    "the initializer": """
        from concurrent.futures import ProcessPoolExecutor
        from sitegen.charts.workers import die_with_parent
        pool = ProcessPoolExecutor(1, initializer=die_with_parent, initargs=(os.getpid(),))
    """,
    "the shared pool": """
        from sitegen.charts.workers import worker_pool
        pool = worker_pool(1)
    """,
    "a fresh pool": """
        from sitegen.charts.workers import worker_pool
        pool = worker_pool(1, fresh=True)
    """,
}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("pool", POOLS.values(), ids=POOLS.keys())
def test_workers_die_with_the_build(pool: str) -> None:
    """A build killed outright (SIGKILL, no clean-up) takes its workers with it."""
    script = textwrap.dedent(pool) + textwrap.dedent("""
        with pool:
            print(pool.submit(os.getpid).result(), flush=True)
            pool.submit(time.sleep, 60)
            time.sleep(60)
    """)
    script = "import os, time\n" + script
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as parent:
        worker = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
    assert gone(worker, seconds=10), f"worker {worker} outlived its build"


def pid_of(_item: int) -> int:
    return os.getpid()


def test_a_renewed_pool_hands_each_worker_a_few_items_in_order() -> None:
    """A new pair of workers for every two items, spawned (not forked from this process); results in the
    items' order all the same."""
    from sitegen.charts.workers import in_workers

    pids = list(in_workers(pid_of, list(range(6)), per_worker=1))
    assert len(pids) == 6 and os.getpid() not in pids
    assert len(set(pids)) >= 3 and all(pids.count(pid) <= 2 for pid in pids)  # three pairs of two


def gone(pid: int, seconds: float) -> bool:
    """True once the process has ended (a zombie waiting to be reaped counts as ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in "ZX":
            return True
        time.sleep(0.1)
    return False
