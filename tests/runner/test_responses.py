"""The redacting responses writer, fed as the runner feeds it: from many greenlets at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

# Run in a child: gevent's monkey patching must not reach the test process.
FLOOD = """
import sys
from gevent import monkey; monkey.patch_all()
import gevent
from pathlib import Path
from replay.runner.responses import ResponseSink

sink = ResponseSink(Path(sys.argv[1]))
sink.wait_ready()
import os
print("policy", os.sched_getscheduler(sink.proc.pid) == os.SCHED_BATCH)
body = {"text": "x" * 20000, "encoding": "utf8", "size": 20000, "truncated": False}

def send(g):
    for k in range(20):
        sink.write(g * 20 + k, 200, [["content-type", "text/plain"]], body, False)
        if k % 7 == 0:
            sink.flush()
        gevent.sleep(0)

gevent.joinall([gevent.spawn(send, g) for g in range(50)], raise_error=True)
sink.close()
"""


def test_writes_from_many_greenlets_onto_a_full_pipe_all_arrive(tmp_path: Path) -> None:
    out = tmp_path / "responses.jsonl"
    done = subprocess.run([sys.executable, "-c", FLOOD, str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "reentrant" not in done.stderr
    # batch work: on the runner's core, its wake-ups do not preempt a send that is due
    assert done.stdout.splitlines()[0] == f"policy {sys.platform.startswith('linux')}"
    rows = sorted(orjson.loads(line)["row"] for line in out.read_bytes().splitlines())
    assert rows == list(range(1000))


def test_answers_met_again_are_written_as_the_first_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Payloads named on the pipe, forgotten when the table is full, and too long to name: every row
    gets the line its answer redacts to on its own."""
    monkeypatch.setenv("REPLAY_REDACT_KEY", "one key for the writer and this test")
    from replay.redact import default_redactor
    from replay.runner.responses import ResponseSink, redact_response

    def body(text: str) -> dict[str, object]:
        return {"text": text, "encoding": "utf8", "size": len(text), "truncated": False}

    mail = body('{"to": "bob.jones@example.com", "note": "hello"}')
    answers = [
        (200, [["content-type", "application/json"]], mail, False),
        (200, [["content-type", "text/plain"]], body("ok"), False),
        (500, [], None, False),
        (200, [["content-type", "application/json"]], mail, True),  # raw: the same answer, kept as it came
        (200, [["content-type", "text/plain"]], body("y" * 3000), False),  # longer than MEMO_MAX: never named
    ]
    sink = ResponseSink(tmp_path / "responses.jsonl")
    sink.MEMO_BYTES, sink.MEMO_MAX = 400, 2000  # a table of two or three names: forgotten again and again
    sink.wait_ready()
    order = [k % len(answers) for k in range(7 * len(answers))] + [0, 0, 1, 0]
    for row, k in enumerate(order):
        sink.write(row, *answers[k])
        if row % 9 == 0:
            sink.flush()
    sink.close()

    engine = default_redactor().engine
    expected = {}
    for row, k in enumerate(order):
        status, headers, kept, raw = answers[k]
        fields = {"status": status, "headers": headers, "body": kept} if raw else None
        expected[row] = fields or orjson.loads(redact_response(engine, status, headers, kept))
    got = {}
    for line in (tmp_path / "responses.jsonl").read_bytes().splitlines():
        rec = orjson.loads(line)
        got[rec.pop("row")] = rec
    assert got == expected
    assert "bob.jones@example.com" not in got[0]["body"]["text"] and got[0]["redactions"]
    assert got[3]["body"]["text"] == mail["text"]


def test_a_sync_puts_the_responses_so_far_in_the_file_while_the_writer_runs(tmp_path: Path) -> None:
    """The runner's sync (every SYNC_EVERY s, with results.jsonl's) reaches the writer process: the lines so far
    leave its buffer for the file and the disk, the writer still open (before, a crash of the machine left
    results for answered rows and no response: the lines waited in its buffer until the run's end)."""
    from replay.runner.responses import ResponseSink

    out = tmp_path / "responses.jsonl"
    sink = ResponseSink(out)
    try:
        sink.wait_ready()
        sink.write(0, 200, [], {"text": "hi", "encoding": "utf8"}, True)
        sink.flush(sync=True)
        deadline = time.monotonic() + 30
        while not (out.exists() and out.read_bytes()) and time.monotonic() < deadline:  # it opens it after READY
            time.sleep(0.01)
        assert orjson.loads(out.read_bytes())["row"] == 0
        with open(out, "rb") as fh, pytest.raises(BlockingIOError):  # the writer's lock, held for its life
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    finally:
        sink.close()
    with open(out, "rb") as fh:  # and gone with it
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)


def test_a_failed_fsync_is_said_at_the_next_ask() -> None:
    """fsync in the writer's thread, not in the loop that reads the pipe; one that fails (EINVAL on a pipe, as EIO
    on a failing disk) stops the writer with it: the runner fails the run on the writer's exit."""
    from replay.runner.responses import _Syncs

    read, write = os.pipe()
    try:
        syncs = _Syncs(read)
        syncs.due()
        with pytest.raises(OSError):
            syncs.close()
    finally:
        os.close(read)
        os.close(write)


def test_a_writer_killed_as_it_starts_is_said_by_how_it_ended(tmp_path: Path) -> None:
    """The writer's end said as every child's is (util.procs.how_it_ended, no copy of its own)."""
    from replay.runner.responses import ResponseSink

    sink = ResponseSink(tmp_path / "responses.jsonl")
    sink.proc.kill()
    try:
        with pytest.raises(OSError, match=r"its writer process stopped \(killed by SIGKILL\), the responses it held"):
            sink.wait_ready()
    finally:
        with contextlib.suppress(OSError):
            sink.close()
