"""replay.console: the terminal output every command shares."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from replay.console import HIGHLIGHT_MAX, counted, error, forget_warnings, held_warnings, note, rich_console, warn
from replay.exchange.read import read_exchanges
from replay.formats.har import write_har
from replay.testing.synth import write_capture
from tests.report.rundir import Row, write_run


def test_a_long_text_is_printed_uncoloured() -> None:
    """rich colours numbers and quoted strings by regexes whose time grows with the square of a run of word
    characters: a 400,000-character scenario name held 'replay report' for minutes in its terminal summary.
    A text over HIGHLIGHT_MAX characters is printed whole, uncoloured; a short one is coloured as before."""

    def printed(text: str) -> str:
        out = io.StringIO()
        rich_console(file=out, force_terminal=True, color_system="standard", width=80, soft_wrap=True).print(text)
        return out.getvalue()

    assert "\x1b[" in printed("took 123 ms")
    long = "x" * HIGHLIGHT_MAX + " took 123 ms"
    assert printed(long) == long + "\n"


def test_a_line_and_its_newline_are_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """print() writes a line and its newline apart: the capture's SIGTERM came between them (a test stopped it the
    moment its warning showed) and the error line after was glued to the warning, in CI. One write a line."""
    writes: list[str] = []

    class Stderr(io.StringIO):
        def write(self, s: str) -> int:
            writes.append(s)
            return len(s)

    monkeypatch.setattr(sys, "stderr", Stderr())
    forget_warnings()
    warn("the file was removed")
    error("capture failed")
    note("connect to 127.0.0.1:8080")
    assert writes == [
        "replay: warning: the file was removed\n",
        "replay: error: capture failed\n",
        "connect to 127.0.0.1:8080\n",
    ]


def test_held_warnings_are_said_when_the_block_goes_on_and_dropped_when_it_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A torn capture against a target that was down said the warning and the error; the run never started, and
    the error is what to act on. Held: said after the block (an inner block's with its outer), or dropped, and a
    dropped one may be said again."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    forget_warnings()
    with pytest.raises(ValueError), held_warnings():
        warn("torn")
        raise ValueError("target down")
    assert err.getvalue() == ""
    with held_warnings():
        with held_warnings():
            warn("torn")
        assert err.getvalue() == ""  # the outer block has not gone on yet
        warn("torn")  # once a command
    assert err.getvalue() == "replay: warning: torn\n"


def test_counted_tells_every_so_many_and_at_the_end() -> None:
    told: list[int] = []
    assert list(counted(range(7), told.append, every=3)) == list(range(7))
    assert told == [3, 6, 7]
    told.clear()
    assert list(counted([], told.append)) == []
    assert told == [0]


def _on_a_terminal(argv: list[str], ci: bool = False) -> tuple[int, str, bytes]:
    """``replay ARGV`` in its own process, its stderr a terminal (a pty): exit code, stdout, what the terminal got."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    main, side = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "replay", *argv], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=side, env=env
    ) as proc:
        os.close(side)
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the process and its terminal are gone
            while chunk := os.read(main, 65536):
                shown += chunk
        os.close(main)
        out = proc.stdout.read().decode() if proc.stdout else ""
    return proc.wait(), out, shown


def test_long_commands_show_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """Long work shows progress: redact, scan, inspect, import and export read a capture or a HAR file of any
    size, and report judges every row of a run (50,000 rows: 8 CPU-seconds); each said nothing on a terminal
    until the end (a million exchanges redact for minutes). Each shows a running count on stderr when it is a
    terminal (before the path: the pty's 80 columns cut the path, never the count), never on stdout, and
    nothing where CI is set."""
    cap, har = tmp_path / "c{x}[b].jsonl", tmp_path / "cap.har"  # a path is neither a format nor markup
    write_capture(cap, 300, seed=3)
    write_har(read_exchanges(cap), har)
    run = write_run(tmp_path / "run", [Row(step=i // 100) for i in range(300)])
    commands = {
        "redacting": ["redact", str(cap), "--out", str(tmp_path / "r.jsonl")],
        "scanning": ["scan", str(cap)],
        "reading": ["inspect", str(cap), "--json"],
        "importing": ["import", str(har), "--out", str(tmp_path / "i.jsonl")],
        "exported": ["export", str(cap), "--har", str(tmp_path / "e.har")],
        "judging": ["report", str(run), "--out", str(tmp_path / "report"), "--no-plots"],  # plots: after judging
    }
    with ThreadPoolExecutor(3) as pool:
        ran = dict(zip(commands, pool.map(_on_a_terminal, commands.values()), strict=True))
        quiet = pool.submit(_on_a_terminal, ["scan", str(cap)], ci=True).result()
    for what, (code, out, shown) in ran.items():
        assert code in (0, 1), (what, shown)  # scan: 1, findings
        if what == "exported":  # its own name for the line: 'reading CAP'
            what = "reading"
        assert re.search(rf"300 (records|exchanges|rows) +{what} ", shown.decode()), (what, shown)
        assert "\x1b" not in out
    assert ran["reading"][1].startswith("{")  # inspect --json: stdout is JSON alone
    assert quiet[0] == 1 and quiet[2] == b""
