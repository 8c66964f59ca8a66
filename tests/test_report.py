"""The build's report: progress in place in a terminal, plain lines at a low rate in a log, the summary."""

from __future__ import annotations

import io

import pytest

from sitegen.report import LOG_EVERY, Report, duration


class Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


class Clock:
    """A clock the test moves: each reading is `step` seconds after the previous one."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 100.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_a_log_gets_the_start_the_end_and_a_line_every_ten_seconds() -> None:
    stream = Stream(terminal=False)
    report = Report(stream, Clock(step=4.0))
    assert list(report.steps("charts", "drawn", "abcdefg", total=7)) == list("abcdefg")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "sitegen: charts 0/7 drawn (4.0 s)"
    assert lines[-1] == "sitegen: charts 7/7 drawn (32.0 s)"
    assert len(lines) == 4  # 4 s apart: the start, two after ten seconds each, the end
    assert LOG_EVERY == 10.0


def test_a_terminal_line_is_redrawn_in_place_and_cleared_at_the_end() -> None:
    stream = Stream(terminal=True)
    with Report(stream, Clock(step=0.5)) as report:
        for _ in report.steps("PDFs", "rendered", range(2), total=2):
            pass
        assert stream.getvalue() == (
            "\rsitegen: PDFs 0/2 rendered (0.5 s)"
            "\rsitegen: PDFs 1/2 rendered (1.0 s)"
            "\rsitegen: PDFs 2/2 rendered (1.5 s)"
        )
    assert "\n" not in stream.getvalue()
    assert stream.getvalue().endswith("\r" + " " * len("sitegen: PDFs 2/2 rendered (1.5 s)") + "\r")


def test_a_terminal_is_redrawn_at_most_ten_times_a_second() -> None:
    stream = Stream(terminal=True)
    report = Report(stream, Clock(step=0.01))
    list(report.steps("charts", "drawn", range(50), total=50))
    assert 5 <= stream.getvalue().count("\r") <= 8  # 0.5 s of work: the start, ~4 redraws, the end
    assert stream.getvalue().endswith("\rsitegen: charts 50/50 drawn (0.5 s)")


def test_no_work_shows_no_progress_and_no_stream_shows_nothing() -> None:
    stream = Stream(terminal=False)
    assert list(Report(stream).steps("charts", "drawn", [], total=0)) == []
    assert stream.getvalue() == ""
    silent = Report()
    assert list(silent.steps("charts", "drawn", [1, 2], total=2)) == [1, 2]
    silent.end()


def test_the_summary_has_a_line_per_stage_in_the_order_they_ran() -> None:
    report = Report(clock=Clock(step=1.0))
    report.tally("editions", rendered=1, reused=3)
    report.tally("charts", drawn=4, reused=14)
    report.tally("pages", da=7, en=7)
    assert report.summary() == [
        "  editions: 1 rendered, 3 reused",
        "  charts: 4 drawn, 14 reused",
        "  pages: 7 da, 7 en",
    ]
    assert report.elapsed() == "1.0 s"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.04, "0.0 s"), (12.34, "12.3 s"), (59.94, "59.9 s"), (255.2, "4 min 15 s")]
)
def test_durations_read_as_people_say_them(seconds: float, text: str) -> None:
    assert duration(seconds) == text
