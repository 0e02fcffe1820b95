"""``responses.jsonl`` through the capture's redactor, in a process of its own.

Staging's responses carry what the service echoes and looks up: personal data as real as
production's. They go to disk redacted like a capture (``replay.redact``: same detectors, same
pseudonyms under ``REPLAY_REDACT_KEY``), except for the endpoints a scenario lists in
``[target] raw_responses``. Redaction is CPU work the runner process needs for sending on time,
so it happens here: the runner hands each response down a pipe, this process redacts and appends
it, and exits at the pipe's end, so what the runner handed over is written even if the runner dies
(it holds a lock on the file meanwhile: ``replay.runner.settle`` settles a dead runner's run once it is gone).
It runs as batch work (``replay.util.procs.as_batch``): on a core shared with the runner, its
wake-ups wait for the runner to sleep rather than preempting a send that is due.

A response is ``[status, headers, body, raw]`` as JSON (its *payload*), and a line on the pipe is

    ROW REF PAYLOAD     the response of ROW; REF (>= 0) names the payload for later lines
    ROW REF             the response of ROW is the payload named REF
    -                   forget every name (the runner's table of them was full)
    s                   sync: the lines so far on the disk (fsync, in a thread of this process: a slow
                        journal must not stop the reading and fill the pipe the runner writes)

Staging answers repeat themselves (a health check, an error, a fixture), and a payload met again is
neither sent nor redacted again: the redaction is a function of the payload (same key, same
pseudonyms), so its record is kept under its name. Both ends hold at most
``ResponseSink.MEMO_BYTES`` of them.

The runner's writes to the pipe block when it is full: the runner then sleeps, and this process
gets the core to catch up. Writes that only paused the greenlet let an overloaded runner go on
sending while this process, batch work on its core, got no CPU: the answers piled up in greenlets
holding in-flight slots until rows were dropped.

    python -c "from replay.runner.responses import main; main()" OUT
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import select
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from replay.util.procs import as_batch, how_it_ended

__all__ = ["ResponseSink", "redact_response"]

READY = b"R"  # the writer has its redactor: the runner may start the schedule
CHUNK = 1 << 16  # bytes of lines gathered before a write to the pipe
PIPE_SIZE = 1 << 20  # asked of the kernel for the pipe (Linux; its default holds 64 KiB)
_FORGET = b"-\n"
_SYNC = b"s\n"
# Not ``-m``: the package imports this module first, and runpy would warn about it.
# orjson held first (replay.util.held): this module imports it, and a signal landing in that import segfaulted a process
_ENTRY = (
    "import sys; from replay.util.held import import_risky; import_risky(); "
    "from replay.runner.responses import main; sys.exit(main(sys.argv[1:]))"
)


def redact_response(engine: Any, status: int, headers: list[list[str]], body: dict[str, Any] | None) -> bytes:
    """One responses.jsonl line's fields, redacted as the response of an exchange is: headers, body,
    and the counts per kind."""
    from replay.exchange.format import Body, Exchange, Request, Response, Timings

    resp = Response(status, [(str(k), str(v)) for k, v in headers], None if body is None else Body(**body))
    counts: Counter[str] = engine.exchange(Exchange("response", Request("GET", "", []), Timings(0.0), resp))
    b = resp.body
    kept = None if b is None else {"text": b.text, "encoding": b.encoding, "size": b.size, "truncated": b.truncated}
    pairs = [[k, v] for k, v in resp.headers]
    return orjson.dumps({"status": status, "headers": pairs, "body": kept, "redactions": dict(counts)})


class ResponseSink:
    """The runner's end: start the writer process, hand it responses, wait for it at the end.
    OSError when the writer is gone or failed (the run then ends ``failed``, like a full disk)."""

    START_TIMEOUT = 60.0
    MEMO_BYTES = 8 << 20  # payloads kept by name, on each end of the pipe
    MEMO_MAX = 64 << 10  # a payload longer than this is sent whole every time (a unique answer, surely)

    def __init__(self, out: Path):
        self.out = out
        # Plain file objects on a blocking pipe: a full pipe makes the runner sleep, not yield (above),
        # and their close is the C one (gevent's os.close waits for the event loop's next turn,
        # which a runner waiting for this process to exit would never see).
        read, write = os.pipe()
        self._pipe = open(write, "wb", buffering=0)  # noqa: SIM115 - closed in close()
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        with open(read, "rb", buffering=0) as stdin:
            self.proc = subprocess.Popen([sys.executable, "-c", _ENTRY, str(out)], stdin=stdin, stdout=subprocess.PIPE)
        self._ready = False
        self._lines: list[bytes] = []  # not written to the pipe yet
        self._size = 0
        self._names: dict[bytes, int] = {}  # payload -> its name (REF)
        self._named = 0  # bytes of the payloads named
        self._next = 0

    def wait_ready(self) -> None:
        """Until the writer has its redactor: its start (imports) costs CPU the schedule needs, so a
        runner calls this before it sets the start time."""
        if self._ready:
            return
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], self.START_TIMEOUT)
        if not ready or self.proc.stdout.read(1) != READY:
            self.proc.kill()
            self.proc.wait()
            raise self._failed()
        self._ready = True

    def write(self, row: int, status: int, headers: list[Any], body: Any, raw: bool) -> None:
        payload = orjson.dumps([status, headers, body, raw])
        ref = self._names.get(payload)
        if ref is not None:
            line = b"%d %d\n" % (row, ref)
        elif len(payload) > self.MEMO_MAX:
            line = b"%d -1 %b\n" % (row, payload)
        else:
            if self._named + len(payload) > self.MEMO_BYTES:
                self._names.clear()
                self._named = 0
                self._lines.append(_FORGET)
            ref = self._names[payload] = self._next
            self._next += 1
            self._named += len(payload)
            line = b"%d %d %b\n" % (row, ref, payload)
        self._lines.append(line)
        self._size += len(line)
        if self._size >= CHUNK:
            self._write_out()

    def flush(self, sync: bool = False) -> None:
        """The lines so far down the pipe; with ``sync``, the writer puts them on the disk (fsync)."""
        if sync:
            self._lines.append(_SYNC)
        self._write_out()

    def _write_out(self) -> None:
        """The lines so far down the pipe; one write at a time, as nothing here yields to gevent."""
        data = memoryview(b"".join(self._lines))
        self._lines.clear()
        self._size = 0
        try:
            while data:
                data = data[self._pipe.write(data) :]
        except OSError:
            raise self._failed() from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._write_out()
        with contextlib.suppress(OSError):
            self._pipe.close()
        if self.proc.wait() != 0:
            raise self._failed()

    def _failed(self) -> OSError:
        how = how_it_ended(self.proc.poll())
        return OSError(errno.EIO, f"its writer process stopped ({how}), the responses it held lost")


def main(argv: list[str] | None = None) -> int:
    from replay.redact import default_redactor

    args = argv if argv is not None else sys.argv[1:]
    engine = default_redactor().engine
    # The redactor's patterns and lexicons live as long as the process: no collection need walk them, the
    # interpreter's at exit included (~0.07 CPU-s)
    gc.freeze()
    as_batch()  # woken by each buffer of responses the runner hands over, it must not take the sender's core
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    try:
        _serve(engine, args[0])
    except OSError as e:  # a full disk: the runner sees this process gone and fails the run
        print(f"replay responses writer: cannot write {args[0]}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


def _serve(engine: Any, path: str) -> None:
    """The pipe's lines (above) into ``path``, a chunk read at a time, each chunk's in one write, on the disk
    when the runner says (and at the end); a last line without its newline was cut by the runner's death,
    and is left out."""
    records: dict[int, bytes] = {}  # REF -> the end of its line (after the row), redacted
    tail = b""
    with open(path, "ab") as out:
        # Held for this process's life, released by its end however it comes: a command that settles the run once
        # its runner is dead waits for it (replay.runner.settle), whoever reaped this process, with no pid to reuse.
        with contextlib.suppress(OSError):  # a file system without locks: that wait has nothing to go by
            fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        syncs = _Syncs(out.fileno())
        while chunk := os.read(0, 1 << 20):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            got, sync = _lines(engine, lines, records)
            out.write(b"".join(got))
            if sync:
                out.flush()
                syncs.due()
        out.flush()
        syncs.close()


class _Syncs:
    """fsyncs of a file in a thread of their own, one at a time; one asked for while another runs is done after
    it (the one running may have missed the latest writes). A failed one is raised at the next ask, or at close."""

    def __init__(self, fd: int):
        self._fd = fd
        self._wake = threading.Condition()
        self._asked = self._closing = False
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._loop, name="responses-fsync", daemon=True)
        self._thread.start()

    def due(self) -> None:
        with self._wake:
            if self._error is not None:
                raise self._error
            self._asked = True
            self._wake.notify()

    def close(self) -> None:
        """Wait for the syncs asked for, then sync once more (the writes since): OSError if any failed."""
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error
        os.fsync(self._fd)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._asked and not self._closing:
                    self._wake.wait()
                if not self._asked:
                    return
                self._asked = False
            try:
                os.fsync(self._fd)
            except OSError as e:
                with self._wake:
                    self._error = e
                return


def _lines(engine: Any, lines: list[bytes], records: dict[int, bytes]) -> tuple[list[bytes], bool]:
    """The records of ``lines``, and whether one of them asked for a sync."""
    got = []
    sync = False
    for line in lines:
        row, _, rest = line.partition(b" ")
        if row == b"-":
            records.clear()
            continue
        if row == b"s":
            sync = True
            continue
        ref, _, payload = rest.partition(b" ")
        n, k = int(row), int(ref)
        if payload:
            rec = _record(engine, payload)
            if k >= 0:
                records[k] = rec
        else:
            rec = records[k]
        got.append(b'{"row":%d,%b' % (n, rec))
    return got, sync


def _record(engine: Any, payload: bytes) -> bytes:
    """A payload's line after ``{"row":N,``, redacted unless raw."""
    status, headers, body, raw = orjson.loads(payload)
    if raw:
        rec = orjson.dumps({"status": status, "headers": headers, "body": body})
    else:
        rec = redact_response(engine, status, headers, body)
    return rec[1:] + b"\n"


if __name__ == "__main__":
    sys.exit(main())
