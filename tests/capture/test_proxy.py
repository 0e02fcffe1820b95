from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson
import pytest

import replay.capture.proxy as proxy
from replay.capture.proxy import CaptureOptions, CaptureProxy
from replay.mitm.launch import Announcements, Mitmdump
from replay.util.pids import started_at
from replay.util.procs import Child

# A writer that says who it is on the announcement pipe, then hangs (never says what it wrote, never exits).
HUNG_WRITER = (
    "import os, sys, time, orjson; from replay.util.pids import started_at; fd = int(sys.argv[1]); me = os.getpid();"
    " os.write(fd, orjson.dumps({'writer_pid': me, 'writer_start': started_at(me)}) + b'\\n'); time.sleep(60)"
)


def test_a_writer_killed_after_it_hung_is_said_to_have_hung(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer the capture killed because it had not finished after mitmdump stopped was said to have "died before
    it could say what it wrote", as if it had crashed: now the capture says it hung, for how long, and that it was
    killed. Real processes stand in for mitmdump (one that stops on SIGTERM) and a hung writer; the wait for the
    writers is cut from 60 s to 0.2 s here. A writer that ended long before, its pid another process's by then
    (``other``, of another start), is not killed by that pid."""
    monkeypatch.setattr(proxy, "DRAIN_TIMEOUT", 0.2)
    ann = Announcements()
    writer = Child("hung writer", [sys.executable, "-c", HUNG_WRITER, str(ann.w)], pass_fds=(ann.w,))
    mitm = Child("mitmdump", [sys.executable, "-c", "import time; time.sleep(60)"])
    other = Child("other", ["sleep", "60"])
    try:
        start = started_at(other.proc.pid)
        assert start is not None
        os.write(ann.w, orjson.dumps({"writer_pid": other.proc.pid, "writer_start": start - 1}) + b"\n")
        ann.started()
        while "writer_pid" not in ann.values and not ann.eof:
            ann.poll(5.0)
        summary = CaptureProxy(Mitmdump(mitm, "127.0.0.1", 0, ann), CaptureOptions(tmp_path / "c.jsonl"), "x").stop()
        assert summary.failed.startswith("the writer process hung (it had not finished 0 s after mitmdump stopped)")
        assert summary.failed.endswith("and was killed (SIGKILL) before it could say what it wrote")
        assert writer.proc.wait(5) == -9 and other.alive
    finally:
        for child in (writer, mitm, other):
            child.stop(1.0)
