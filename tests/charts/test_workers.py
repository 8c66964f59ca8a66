"""Worker processes die with the build that started them: the chart pool and the PDF pool share them."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from sitegen.errors import BuildError, Problem
from sitegen.report import Report

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


def counted(items: int, report: Report) -> int:
    """Progress over `items` steps, then the pid of the process that did them."""
    for _ in report.steps("workbooks", "written", range(items), items):
        pass
    return os.getpid()


def fail_with(problem: Problem, report: Report) -> None:
    raise BuildError([problem])


def exit_in_child(parent: int, report: Report) -> int:
    if os.getpid() != parent:
        os._exit(1)  # as the kernel's OOM killer would end it: no answer
    return os.getpid()


def test_a_child_answers_from_another_process_its_progress_shown_here() -> None:
    from sitegen.charts.workers import in_child

    shown = io.StringIO()
    assert in_child(counted, (2,), Report(shown, clock=lambda: 0.0)) != os.getpid()
    assert shown.getvalue().splitlines() == [
        "sitegen: workbooks 0/2 written (0.0 s)",
        "sitegen: workbooks 2/2 written (0.0 s)",
    ]


def test_a_child_raises_here_what_it_raised() -> None:
    from sitegen.charts.workers import in_child

    problem = Problem("content/editions/2025-q1/data/t3_area.csv", 4, "total does not add up")
    with pytest.raises(BuildError) as raised:
        in_child(fail_with, (problem,), Report())
    assert raised.value.problems == (problem,)


def test_the_build_does_the_work_itself_when_the_child_dies_or_it_has_threads() -> None:
    from sitegen.charts.workers import in_child

    assert in_child(exit_in_child, (os.getpid(),), Report()) == os.getpid()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert in_child(counted, (1,), Report()) == os.getpid()  # no fork beside a thread (sitegen serve)
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_the_data_stages_child_dies_with_the_build() -> None:
    script = textwrap.dedent("""
        import os, time
        from sitegen.charts.workers import in_child
        from sitegen.report import Report
        def work(report):
            print(os.getpid(), flush=True)
            time.sleep(60)
        in_child(work, (), Report())
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as parent:
        child = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
    assert gone(child, seconds=10), f"child {child} outlived its build"


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


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "spawned"])
def test_a_worker_collects_garbage_as_python_does(fresh: bool) -> None:
    """Forked from a build, which collects seldom, a worker takes Python's defaults back: drawings in
    cycles would pile up in a chart worker between its rare full collections."""
    import gc

    from sitegen.charts.workers import worker_pool
    from sitegen.collector import DEFAULTS, YOUNG, settling

    with settling():
        assert gc.get_threshold()[0] == YOUNG
        with worker_pool(1, fresh=fresh) as pool:
            assert pool.submit(gc.get_threshold).result() == DEFAULTS
