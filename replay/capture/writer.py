"""The capture writer processes: redact exchanges and append them to the capture file.

The capture addon hands each finished exchange over a pipe (``frames``) before mitmproxy sends
the response on, and waits for the answer: the response goes to the client only once its
exchange is written. Redaction is CPU work that would stall mitmproxy's event loop, which serves
every flow; here it runs on other cores. When mitmdump dies, these processes still read what is
in the pipes, write it and exit at their end, so an exchange a client has seen is not lost; a
stream cut by the kill is written as far as the client got it.

One writer (``--writers 1``) does it all in one process:

    python -m replay.capture.writer --out FILE [--flush line|none] [--fsync] [--policy P]
                                    [--shape-only] [--summary FILE] [--status fd:N]

A pool (``--writers N``) is N redacting processes, each handed its share of the exchanges, and
one sink that writes their lines in the order the addon handed the exchanges over:

    python -m replay.capture.writer --role redact --to FD --out FILE [--policy P] [--shape-only] ...
    python -m replay.capture.writer --role sink --inputs FD,FD,... --out FILE [--flush ...] ...

A write that fails (disk full, file too large, I/O error) stops the recording at once (``sink``).
At the end, the single writer or the sink announces ``{"writer": SUMMARY}`` (exchanges, bytes,
redactions, failed, unrecorded, cut, unredactable). A record that cannot be redacted is never
written; it is counted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import select
import signal
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from replay.capture import frames
from replay.capture.assemble import Assembler
from replay.capture.sink import Sink, Summary
from replay.exchange.format import Exchange
from replay.exchange.write import CaptureWriter
from replay.mitm.ready import announce
from replay.util.pids import started_at

if TYPE_CHECKING:
    from replay.redact import Redactor

# zstd level 1, not 3: half the CPU per exchange (2 KB of text: 16 us, not 35; 100 KB: 0.6 ms, not
# 1.2-1.4 ms) for files about a tenth bigger (3.4x smaller than the JSON, not 3.75x).
ZSTD_LEVEL = 1
Emit = Callable[[int, bytes, dict[str, int], bytes, frames.Capped], None]


# A text that takes the redactor through what it loads on first use (the name lexicon, a phone
# region's metadata, the street cues), before the process's objects are frozen (``Redacting.warm``).
_WARM_TEXT = "Hi, I am Jane Doe of 12 Oak Street; call +44 20 7946 0958 or mail jane.doe@example.com. Thanks, Jane"


class Redacting:
    """An exchange to its redacted line (or its shape's, with ``--shape-only``)."""

    def __init__(self, redactor: Redactor, shape_only: bool):
        from replay.redact.withheld import Failed, attempt  # loaded with the redactor (``_redactor``)

        self.redactor = redactor
        self.attempt, self.failed = attempt, Failed
        self.shape: Callable[[Exchange], Any] | None = None
        if shape_only:  # numpy and the feature extractor: only for shape-only captures
            from replay.shape.features import shape_of

            self.shape = shape_of

    def warm(self) -> None:
        """Load what redaction loads on first use, then move every object so far (modules, compiled
        patterns, the lexicon's sets) out of the cyclic garbage collector's sight (``gc.freeze``):
        each collection of the oldest generation walked them all, 20-30 us per exchange on
        average. What a collection frees is only what is unreachable, and none of that is frozen
        (a collection runs first), so the output and the memory held are as before."""
        with contextlib.suppress(Exception):  # a redactor that fails here fails per exchange, counted there
            self.redactor.text(_WARM_TEXT)
        gc.collect()
        gc.freeze()

    def result(self, ex: Exchange) -> tuple[bytes, dict[str, int], bytes, frames.Capped]:
        """(what, redaction counts, line, what of its stream came past the body cap and which bodies were cut:
        ``capped``): ``frames.LINE``, or ``frames.DROPPED`` if it could not be redacted, with what failed where in
        place of the line (``failed_where``), for the summary."""
        past_cap = frames.capped(ex)
        failed = self.attempt(lambda: self.redactor.redact(ex), out_of_memory=True)
        if isinstance(failed, self.failed):  # no traceback: its message may quote what was being redacted
            print(
                f"replay capture writer: an exchange could not be redacted ({failed.why}); not recorded",
                file=sys.stderr,
            )
            return frames.DROPPED, {}, failed.why.encode(), frames.NOT_CAPPED
        rec = self.shape(ex) if self.shape else ex
        return frames.LINE, ex.redactions, rec.to_json() + b"\n", past_cap


def redact_all(reader: frames.FrameReader, red: Redacting, emit: Emit, burst_end: Callable[[], None]) -> None:
    """Every frame until the pipe closes, each finished exchange redacted and emitted; then the
    streams the close cut, as far as the client got them (sequence number 0)."""
    asm = Assembler()
    while (got := reader.next()) is not None:
        done = asm.feed(*got)
        if done is not None:
            emit(done[0], *red.result(done[1]))
        if not reader.waiting():
            burst_end()
    for ex in asm.cut():
        what, counts, line, past = red.result(ex)
        emit(0, frames.CUT if what == frames.LINE else what, counts, line, past)


def _sink_all(sink: Sink, fds: list[int]) -> None:
    """Results from every redacting writer until all their pipes close; a pipe that closes without
    the writer's end frame is a writer that died: from then on nothing waits for its lines."""
    readers = {fd: frames.FrameReader(fd) for fd in fds}
    while readers:
        ready = [fd for fd, r in readers.items() if r.buffered()]
        if not ready:
            ready = select.select(list(readers), [], [], 0)[0]
            if not ready:
                sink.flush()  # the end of a burst: nothing more is waiting
                ready = select.select(list(readers), [], [])[0]
        for fd in ready:
            got = readers[fd].next()
            if got is None:
                del readers[fd]
                os.close(fd)
                sink.lose_order()
            elif got[0] == frames.END:
                del readers[fd]
                os.close(fd)
            elif got[0] == frames.RESULT:
                seq, what, counts, line, past = frames.parse_result(got[1])
                sink.put(seq, what, counts, bytes(line), past)


def _open_sink(args: argparse.Namespace, ack: Callable[[bytes], None]) -> Sink | None:
    try:
        writer = CaptureWriter(args.out, args.flush, args.fsync, ZSTD_LEVEL)
    except OSError as e:
        print(f"replay capture writer: cannot open {args.out}: {e.strerror or e}", file=sys.stderr, flush=True)
        return None
    return Sink(writer, ack, args.out, args.status)


def _finish(args: argparse.Namespace, sink: Sink) -> int:
    summary: Summary = sink.finish()
    announce(args.status, {"writer": asdict(summary)})
    if args.summary:
        try:
            args.summary.write_bytes(orjson.dumps(asdict(summary)))
        except OSError as e:
            print(f"replay capture writer: cannot write {args.summary}: {e.strerror or e}", file=sys.stderr)
    return 1 if summary.failed else 0


def _redactor(args: argparse.Namespace) -> Redacting:
    # The redactor's modules only in the processes that redact: ~0.8 CPU-s of imports (most of it compiling its
    # patterns), which a pool's sink, writing what its writers redacted, loaded for nothing.
    from replay.redact import default_redactor

    red = Redacting(default_redactor(args.policy, tell_empty=False), args.shape_only)  # replay capture told it
    red.warm()
    return red


def _single(args: argparse.Namespace, ack: Callable[[bytes], None]) -> int:
    red = _redactor(args)
    sink = _open_sink(args, ack)
    if sink is None:
        return 2
    ack(frames.READY)
    redact_all(frames.FrameReader(sys.stdin.fileno()), red, sink.put, sink.flush)
    return _finish(args, sink)


def _redact_role(args: argparse.Namespace, ack: Callable[[bytes], None]) -> int:
    red = _redactor(args)
    ack(frames.READY)
    to = args.to

    def emit(seq: int, what: bytes, counts: dict[str, int], line: bytes, past: frames.Capped) -> None:
        _write_all(to, frames.result(seq, what, counts, line, past))

    try:
        redact_all(frames.FrameReader(sys.stdin.fileno()), red, emit, lambda: None)
        os.write(to, frames.end())
    except BrokenPipeError:
        print("replay capture writer: the sink process is gone; stopping", file=sys.stderr)
        return 1
    return 0


def _sink_role(args: argparse.Namespace, ack: Callable[[bytes], None]) -> int:
    sink = _open_sink(args, ack)
    if sink is None:
        return 2
    ack(frames.READY)
    _sink_all(sink, [int(fd) for fd in args.inputs.split(",")])
    return _finish(args, sink)


def _write_all(fd: int, bufs: list[bytes]) -> None:
    """One frame down a pipe (a blocking writev; a signal may cut it short)."""
    n = os.writev(fd, bufs)
    total = sum(len(b) for b in bufs)
    if n < total:
        rest = b"".join(bufs)[n:]
        while rest:
            rest = rest[os.write(fd, rest) :]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replay.capture.writer")
    ap.add_argument("--role", choices=["single", "redact", "sink"], default="single")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--flush", choices=["line", "none"], default="line")
    ap.add_argument("--fsync", action="store_true")
    ap.add_argument("--policy", type=Path)
    ap.add_argument("--shape-only", action="store_true")
    ap.add_argument("--summary", type=Path)
    ap.add_argument("--status", default="", help="where to announce failures and the summary (fd:N)")
    ap.add_argument("--to", type=int, help="redact: the pipe to the sink")
    ap.add_argument("--inputs", default="", help="sink: the pipes from the redacting writers (FD,FD,...)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over RLIMIT_FSIZE: a write error (EFBIG), not death
    # The pipe's end is what stops this process: a signal to the whole group (Ctrl-C, systemctl stop) reaches
    # it too, and a writer it killed was a failed capture (exit 3) with nothing lost.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    out = sys.stdout.fileno()

    def ack(b: bytes) -> None:
        """One write(2) per burst's answers (not a buffered write and its flush)."""
        try:
            while b:
                b = b[os.write(out, b) :]
        except OSError:
            pass  # mitmdump is gone: the answer has nobody to go to, the exchange is written

    announce(args.status, {"writer_pid": os.getpid(), "writer_start": started_at(os.getpid())})
    role = {"single": _single, "redact": _redact_role, "sink": _sink_role}[args.role]
    return role(args, ack)


if __name__ == "__main__":
    code = main()
    # Past main everything is written and said: the interpreter's teardown of the redactor's tables (0.1-0.3 s on a
    # loaded machine, a pool's writers and sink at once) only held up the capture, which waits for its writers' end.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
