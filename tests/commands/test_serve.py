import os
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

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
    out = tiny / "site"
    serve.rebuild(tiny, out)
    before = (out / "da/ordliste/index.html").read_bytes()
    (tiny / "content/pages/en/glossary.md").unlink()
    serve.rebuild(tiny, out)
    assert (out / "da/ordliste/index.html").read_bytes() == before
    assert "build failed; still serving the previous site" in capsys.readouterr().err


def test_the_edit_loop_never_waits_for_a_pdf(tiny: Path) -> None:
    serve.rebuild(tiny, tiny / "site")
    assert list((tiny / "site").rglob("*.pdf")) == []
    assert "sitegen build" in (tiny / "site/en/2025-q1/index.html").read_text()  # the preview notice


def test_serve_answers_on_loopback(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "watch", lambda root, out, interval=0.5: None)
    port = free_port()
    thread = threading.Thread(target=serve.serve, args=(tiny, port), daemon=True)
    thread.start()
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/da/ordliste/", timeout=1) as response:
                assert b"Ordliste" in response.read()
                break
        except OSError:
            time.sleep(0.1)
    else:
        pytest.fail("the preview server did not answer")


def free_port() -> int:
    """A port no other process (another checkout's tests, say) is using now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
