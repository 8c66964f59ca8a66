import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands import serve


def test_snapshot_notices_an_edit(tiny: Path) -> None:
    before = serve.snapshot(tiny)
    page = tiny / "content/pages/da/glossary.md"
    page.write_text(page.read_text() + "\nMere.\n")
    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 5))
    later = serve.snapshot(tiny)
    assert before.keys() == later.keys()
    assert [k for k in later if later[k] != before[k]] == [page.as_posix()]


def test_rebuild_keeps_serving_the_previous_site_on_problems(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, status = tiny / "site", serve.Status()
    serve.rebuild(tiny, out, status)
    assert status.failure == []
    before = (out / "da/ordliste/index.html").read_bytes()
    (tiny / "content/pages/en/glossary.md").unlink()
    serve.rebuild(tiny, out, status)
    assert (out / "da/ordliste/index.html").read_bytes() == before
    assert (
        "content/pages/da/glossary.md:1: page exists in da only (add its en translation under en/glossary.md)"
        in status.failure
    )
    assert "build failed; still serving the previous site" in capsys.readouterr().err


def test_the_edit_loop_never_waits_for_a_pdf(tiny: Path) -> None:
    serve.rebuild(tiny, tiny / "site", serve.Status())
    assert list((tiny / "site").rglob("*.pdf")) == []
    assert "sitegen build" in (tiny / "site/en/2025-q1/index.html").read_text()  # the preview notice


def test_the_watcher_survives_any_failure(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug or an OS error in a rebuild is printed as one line; the next change rebuilds again."""
    out, status = tiny / "site", serve.Status()
    failures = [RuntimeError("boom"), OSError(28, "No space left on device", str(out))]
    real_build = serve.build

    def flaky(root: Path, site: Path, **options: bool) -> object:
        if failures:
            raise failures.pop(0)
        return real_build(root, site, **options)

    monkeypatch.setattr(serve, "build", flaky)
    serve.rebuild(tiny, out, status)
    assert status.failure == [
        "sitegen: internal error: RuntimeError: boom (this is a bug in sitegen: please report it with this line)"
    ]
    serve.rebuild(tiny, out, status)
    assert status.failure == [
        f"sitegen: {out}: No space left on device (free some disk space, then build again)"
    ]
    serve.rebuild(tiny, out, status)
    assert status.failure == []
    assert "Traceback" not in capsys.readouterr().err


def test_the_watch_loop_goes_on_after_a_failure(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing_snapshot(root: Path) -> dict[str, float]:
        calls.append(1)
        if len(calls) == 2:
            raise FileNotFoundError(2, "No such file or directory", "content/x.md")
        if len(calls) > 3:
            raise SystemExit  # ends the test's loop; the real watcher has no end
        return {}

    monkeypatch.setattr(serve, "snapshot", failing_snapshot)
    with pytest.raises(SystemExit):
        serve.watch(tiny, tiny / "site", serve.Status(), interval=0)
    assert len(calls) == 4


def test_the_notice_goes_into_served_pages_only() -> None:
    page = b'<!doctype html><html><body class="x"><main>Hej</main></body></html>'
    notice = serve.notice(["content/a.md:3: <bad> thing"])
    served = serve.inject(page, notice)
    assert served.startswith(b'<!doctype html><html><body class="x"><div role="alert"')
    assert b"content/a.md:3: &lt;bad&gt; thing" in served
    assert served.endswith(b"<main>Hej</main></body></html>")


def test_serve_rebuilds_on_an_edit_and_shows_a_failed_rebuild(tiny: Path) -> None:
    """`sitegen serve --port` as a user runs it: the real server and watcher in their own process, which
    rebuilds after an edit, says so on every served page while a rebuild has failed, and stops on Ctrl+C."""
    port = free_port()
    with serving(tiny, port) as log:
        url = f"http://127.0.0.1:{port}/da/ordliste/"
        assert b"Ordliste" in fetch(url)
        assert b"the last rebuild failed" not in fetch(url)
        assert (
            fetch(f"http://127.0.0.1:{port}/assets/site.css") == (tiny / "site/assets/site.css").read_bytes()
        )
        page = tiny / "content/pages/da/glossary.md"
        page.write_text(page.read_text().replace("Antipersonelmine.", "Landmine mod personer."))
        assert wait_for(url, lambda html: b"Landmine mod personer." in html), "no rebuild after an edit"
        assert "Landmine mod personer." in (tiny / "site/da/ordliste/index.html").read_text()
        translation = tiny / "content/pages/en/glossary.md"
        english = translation.read_text()
        translation.unlink()
        assert wait_for(url, lambda html: b"the last rebuild failed" in html), "a failed rebuild not shown"
        served = fetch(url)
        assert (
            b"content/pages/da/glossary.md:1: page exists in da only (add its en translation under en/glossary.md)"
            in served
        )
        assert b"Landmine mod personer." in served  # the last good site
        assert b"the last rebuild failed" not in (tiny / "site/da/ordliste/index.html").read_bytes()
        translation.write_text(english)
        assert wait_for(url, lambda html: b"the last rebuild failed" not in html), "no recovery"
    assert log.returncode == 0, log.stderr
    assert f"sitegen: serving http://127.0.0.1:{port}/ (Ctrl+C stops)" in log.stderr.splitlines()
    assert "sitegen: build failed; still serving the previous site" in log.stderr.splitlines()
    assert "Traceback" not in log.stderr


@dataclass
class Served:
    """What the server process said (stderr) and how it ended, filled in when it stops."""

    stderr: str = ""
    returncode: int | None = None


# Ctrl+C as in a terminal: a process started in the background (a CI job, `cmd &`) inherits SIGINT ignored
RUN_MAIN = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from sitegen.cli import main; sys.exit(main(sys.argv[1:]))"
)


@contextlib.contextmanager
def serving(root: Path, port: int) -> Iterator[Served]:
    """Run `sitegen serve --port PORT` in a process of its own until the block ends, then stop it as a
    user does (Ctrl+C, SIGINT) and collect its output; it is killed only if it does not stop."""
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_MAIN,
         "--project", str(root), "serve", "--port", str(port)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    log = Served()
    try:
        end = time.monotonic() + 120  # it serves once its first build is done
        while not answers(f"http://127.0.0.1:{port}/da/") and process.poll() is None:
            assert time.monotonic() < end, "the preview server did not start"
            time.sleep(0.2)
        assert process.poll() is None, "the preview server stopped"
        yield log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            log.stderr = process.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            log.stderr = process.communicate()[1]
        log.returncode = process.returncode


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def wait_for(url: str, seen: Callable[[bytes], bool], seconds: float = 60) -> bool:
    """Fetch a page until it shows what is awaited (the watcher polls every half second, then builds)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if seen(fetch(url)):
            return True
        time.sleep(0.2)
    return False


def test_serve_on_a_busy_port_fails_before_building(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--project", str(tiny), "serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"sitegen: cannot serve on 127.0.0.1:{port}: Address already in use (choose another port with --port)\n"
    )
    assert not (tiny / "site").exists()


def fetch(url: str) -> bytes:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"no answer from {url}")


def free_port() -> int:
    """A port no other process (another checkout's tests, say) is using now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
