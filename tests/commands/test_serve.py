import os
import socket
import threading
import time
import urllib.request
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


def test_serve_answers_on_loopback_and_shows_a_failed_rebuild(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watching = threading.Event()
    statuses = []

    def fake_watch(root: Path, out: Path, status: serve.Status, interval: float = 0.5) -> None:
        statuses.append(status)
        watching.set()

    monkeypatch.setattr(serve, "watch", fake_watch)
    port = free_port()
    threading.Thread(target=serve.serve, args=(tiny, port), daemon=True).start()
    assert watching.wait(30), "the preview server did not start"
    url = f"http://127.0.0.1:{port}/da/ordliste/"
    assert b"Ordliste" in fetch(url)
    assert b"the last rebuild failed" not in fetch(url)
    statuses[0].failure = ["content/pages/da/glossary.md:4: something"]
    page = fetch(url)
    assert b"the last rebuild failed" in page and b"content/pages/da/glossary.md:4: something" in page
    assert b"the last rebuild failed" not in (tiny / "site/da/ordliste/index.html").read_bytes()
    assert fetch(f"http://127.0.0.1:{port}/assets/site.css") == (tiny / "site/assets/site.css").read_bytes()


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
