"""``responses.jsonl`` through the capture's redactor, in a process of its own.

Staging's responses carry what the service echoes and looks up: personal data as real as
production's. They go to disk redacted like a capture (``replay.redact``: same detectors, same
pseudonyms under ``REPLAY_REDACT_KEY``), except for the endpoints a scenario lists in
``[target] raw_responses``. Redaction is CPU work the runner process needs for sending on time,
so it happens here: the runner writes each response as one JSON line down a pipe
(``[row, status, headers, body, raw]``), this process redacts and appends it, and exits at the
pipe's end, so what the runner handed over is written even if the runner dies. It runs as batch
work (``replay.util.procs.as_batch``): on a core shared with the runner, its wake-ups wait for the
runner to sleep rather than preempting a send that is due.

    python -c "from replay.runner.responses import main; main()" OUT
"""

from __future__ import annotations

import contextlib
import errno
import select
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import IO, Any

import orjson

from replay.util.procs import as_batch

__all__ = ["ResponseSink", "redact_response"]

READY = b"R"  # the writer has its redactor: the runner may start the schedule
# Not ``-m``: the package imports this module first, and runpy would warn about it.
_ENTRY = "import sys; from replay.runner.responses import main; sys.exit(main(sys.argv[1:]))"


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
    MAX_PENDING = 256  # responses waiting for the pipe before a writer waits too

    def __init__(self, out: Path):
        self.out = out
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ENTRY, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 16
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._pipe: IO[bytes] = self.proc.stdin
        self._ready = False
        # The runner's greenlets all write here, and a write to a full pipe yields to the next one:
        # a second write into the same BufferedWriter raises "reentrant call" and its row is lost.
        # So one write at a time, the others leave their line for it (no lock: outside gevent a
        # lock held across the yield would block the only thread).
        self._pending: list[bytes] = []
        self._busy = False
        # Set while the queue has room. A gevent Event in the runner (Locust patches threading), so
        # the writers held back wait for the write in progress rather than each waking every ms.
        self._room = threading.Event()
        self._room.set()

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
        # Back-pressure while another greenlet writes: a redactor that falls behind slows the
        # writers down rather than growing the queue (without gevent nothing else can be writing).
        while self._busy and len(self._pending) >= self.MAX_PENDING:
            self._room.clear()
            self._room.wait(1.0)
        self._pending.append(orjson.dumps([row, status, headers, body, raw]) + b"\n")
        self._drain(flush=False)

    def flush(self) -> None:
        self._drain(flush=True)

    def _drain(self, flush: bool) -> None:
        """Write what is pending, unless a write in progress will (it loops until nothing is)."""
        if self._busy:
            return
        self._busy = True
        try:
            while self._pending:
                data = b"".join(self._pending)
                self._pending.clear()
                self._room.set()
                self._pipe.write(data)
            if flush:
                self._pipe.flush()
        except OSError:
            raise self._failed() from None
        finally:
            self._busy = False
            self._room.set()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._drain(flush=True)
            self._pipe.close()
        if self.proc.wait() != 0:
            raise self._failed()

    def _failed(self) -> OSError:
        code = self.proc.poll()
        return OSError(errno.EIO, f"the writer of {self.out} stopped (exit code {code}); responses were lost")


def main(argv: list[str] | None = None) -> int:
    from replay.redact import default_redactor

    args = argv if argv is not None else sys.argv[1:]
    engine = default_redactor().engine
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
    with open(path, "ab") as out:
        for line in sys.stdin.buffer:
            try:
                row, status, headers, body, raw = orjson.loads(line)
            except (orjson.JSONDecodeError, ValueError):
                continue  # a line cut by the runner's death
            if raw:
                rec = orjson.dumps({"status": status, "headers": headers, "body": body})
            else:
                rec = redact_response(engine, status, headers, body)
            out.write(b'{"row":' + str(int(row)).encode() + b"," + rec[1:] + b"\n")


if __name__ == "__main__":
    sys.exit(main())
