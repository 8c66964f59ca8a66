import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
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

    def flaky(root: Path, site: Path, **options: object) -> object:
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
    assert served.startswith(b'<!doctype html><html><body class="x"><div id="sitegen-problems" role="alert"')
    assert b"content/a.md:3: &lt;bad&gt; thing" in served
    assert served.endswith(b"<main>Hej</main></body></html>")


def test_serve_answers_on_loopback_and_shows_a_failed_rebuild(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, status, _opened = start(tiny, monkeypatch)
    url = f"http://127.0.0.1:{port}/da/ordliste/"
    assert b"Ordliste" in fetch(url)
    assert b"the last rebuild failed" not in fetch(url)
    status.failure = ["content/pages/da/glossary.md:4: something"]
    page = fetch(url)
    assert b"the last rebuild failed" in page and b"content/pages/da/glossary.md:4: something" in page
    assert b"the last rebuild failed" not in (tiny / "site/da/ordliste/index.html").read_bytes()
    assert fetch(f"http://127.0.0.1:{port}/assets/site.css") == (tiny / "site/assets/site.css").read_bytes()


def test_served_pages_carry_the_reload_script_and_a_csp_that_allows_it() -> None:
    page = (
        b'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src '
        b'&#39;self&#39;; script-src &#39;none&#39;; style-src &#39;self&#39;"></head><body><main>Hej</main>'
    )
    status = serve.Status(builds=3)
    served = serve.served_page(page, status)
    assert served == (
        b'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src '
        b'&#x27;self&#x27;; script-src &#x27;self&#x27;; style-src &#x27;self&#x27;"></head><body>'
        b'<script src="/__sitegen/reload.js" data-build="'
        + status.build_id().encode()
        + b'" defer></script>\n'
        b"<main>Hej</main>"
    )
    status.failure = ["content/a.md:3: bad"]
    served = serve.served_page(page, status)
    assert served.index(b"<script") < served.index(b'<div id="sitegen-problems"') < served.index(b"<main>")


@pytest.mark.parametrize(
    ("policy", "allowed"),
    [
        ("default-src 'self'; script-src 'none'", "default-src 'self'; script-src 'self'"),
        (
            "script-src 'self' 'wasm-unsafe-eval'; img-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'; img-src 'self'",
        ),
        ("default-src 'self'; img-src 'self';", "default-src 'self'; img-src 'self'; script-src 'self'"),
    ],
)
def test_the_csp_allows_same_origin_scripts_and_keeps_the_rest(policy: str, allowed: str) -> None:
    assert serve.with_script(policy) == allowed


def test_the_servers_own_csp_is_the_sites_with_its_script_allowed() -> None:
    from sitegen.render.templates import CSP

    assert "script-src 'self';" in CSP  # the published site runs its own scripts (the search page's)
    assert serve.SERVER_CSP == CSP


def test_each_rebuild_has_its_own_id_and_its_outcome(tiny: Path) -> None:
    out, status = tiny / "site", serve.Status()
    ids = [status.build_id()]
    serve.rebuild(tiny, out, status)
    ids.append(status.build_id())
    (tiny / "content/pages/en/glossary.md").unlink()
    serve.rebuild(tiny, out, status)
    ids.append(status.build_id())
    assert len(set(ids)) == 3 and status.builds == 2
    assert json.loads(status.as_json()) == {
        "build": ids[-1],
        "problems": [
            "content/pages/da/glossary.md:1: page exists in da only (add its en translation under en/glossary.md)"
        ],
    }
    assert serve.Status().run != status.run  # a restarted server: open pages reload


def test_serve_sends_its_script_and_status_and_logs_only_failed_requests(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port, status, opened = start(tiny, monkeypatch, open_browser=True)
    origin = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{origin}/__sitegen/reload.js", timeout=5) as response:
        assert response.read() == serve.SCRIPT.read_bytes()
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["Content-Security-Policy"] == serve.SERVER_CSP
    status.failure = ["content/pages/da/glossary.md:4: something"]
    assert json.loads(fetch(f"{origin}/__sitegen/status")) == {
        "build": status.build_id(),
        "problems": ["content/pages/da/glossary.md:4: something"],
    }
    with urllib.request.urlopen(f"{origin}/da/", timeout=5) as response:
        assert response.headers["Content-Security-Policy"] == serve.SERVER_CSP
        assert b'<script src="/__sitegen/reload.js" data-build="' in response.read()
    assert b"<script" not in (tiny / "site/da/index.html").read_bytes()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{origin}/da/missing/", timeout=5)
    err = capsys.readouterr().err
    assert f"sitegen: serving http://127.0.0.1:{port}/da/ (Ctrl+C stops)" in err.splitlines()
    assert '"GET /da/missing/ HTTP/1.1" 404' in err
    assert "GET /da/ " not in err and "/__sitegen/" not in err
    assert opened == [f"http://127.0.0.1:{port}/da/"]


def start(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, open_browser: bool = False
) -> tuple[int, serve.Status, list[str]]:
    """serve() in a thread with its watcher replaced (nothing to stop afterwards): its port, its status
    and the addresses it opened in a browser."""
    watching = threading.Event()
    statuses, opened = [], []

    def fake_watch(root: Path, out: Path, status: serve.Status, interval: float = 0.5) -> None:
        statuses.append(status)
        watching.set()

    monkeypatch.setattr(serve, "watch", fake_watch)
    monkeypatch.setattr(serve.webbrowser, "open", opened.append)
    port = free_port()
    threading.Thread(target=serve.serve, args=(tiny, port, open_browser), daemon=True).start()
    assert watching.wait(30), "the preview server did not start"
    fetch(f"http://127.0.0.1:{port}/")
    return port, statuses[0], opened


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
    assert f"sitegen: serving http://127.0.0.1:{port}/da/ (Ctrl+C stops)" in log.stderr.splitlines()
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
