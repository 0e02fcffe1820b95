"""The capture writer process: redacts exchanges and appends them to the capture file.

The capture addon hands each finished exchange to this process over a pipe (``frames``) before
mitmproxy sends the response on, and waits for this process's answer: the response goes to the
client only once its exchange is written. Redaction is CPU work that would stall mitmproxy's
event loop, which serves every flow; here it runs on another core. When mitmdump dies, this
process still reads what is in the pipe, writes it and exits at its end, so an exchange a
client has seen is not lost; a stream cut by the kill is written as far as the client got it.

    python -m replay.capture.writer --out FILE [--flush line|none] [--fsync] [--policy P]
                                    [--shape-only] [--summary FILE] [--status fd:N]

A write that fails (disk full, file too large, I/O error) stops the recording at once: the file
is cut back to its last whole exchange, every later exchange is answered "not written", and the
reason goes to stderr and, with ``--status``, to the parent as ``{"writer_failed": REASON}``.
At the end, ``{"writer": SUMMARY}`` (exchanges, bytes, redactions, failed, unrecorded, cut,
unredactable). A record that cannot be redacted is never written; it is counted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from replay.capture import frames
from replay.exchange.format import CaptureWriter, Exchange
from replay.exchange.stream import StreamRecorder
from replay.mitm.ready import announce
from replay.redact import Redactor, default_redactor

CUT = "the capture stopped before the stream ended; recorded as far as the client got it"


@dataclass(slots=True)
class Summary:
    exchanges: int = 0
    bytes: int = 0
    redactions: dict[str, int] = field(default_factory=dict)
    failed: str = ""  # why recording stopped ("" while it goes on)
    unrecorded: int = 0  # exchanges received after a failure, not written
    cut: int = 0  # streams written as far as they got when the pipe closed
    unredactable: int = 0  # exchanges the redactor failed on, never written


@dataclass(slots=True)
class _Partial:
    """A stream in progress: the exchange as it began, and its chunks so far."""

    ex: dict[str, Any]
    sse: bool
    cap: int
    chunks: list[tuple[float, bytes, int]] = field(default_factory=list)  # t, bytes kept, size
    kept: int = 0

    def add(self, t: float, data: bytes) -> None:
        kept = data[: max(0, self.cap - self.kept)]  # past the cap only a chunk's time and size matter
        self.chunks.append((t, kept, len(data)))
        self.kept += len(kept)

    def exchange(self) -> Exchange:
        ex = Exchange.from_dict(self.ex)
        rec = StreamRecorder(ex.timings.start, self.sse, self.cap)
        for t, data, size in self.chunks:
            if data:
                rec.feed(data, t)
            else:
                rec.chunks += 1
            rec.size += size - len(data)
        assert ex.response is not None
        ex.response.body, ex.stream = rec.body(), rec.stream()
        ex.meta["cut"] = CUT
        return ex


class _Recorder:
    def __init__(self, args: argparse.Namespace, redactor: Redactor, writer: CaptureWriter):
        self.args = args
        self.redactor = redactor
        self.writer = writer
        self.summary = Summary()
        self.counts: Counter[str] = Counter()
        self.shape = None
        if args.shape_only:  # numpy and the feature extractor: only for shape-only captures
            from replay.shape.features import shape_of

            self.shape = shape_of

    def record(self, ex: Exchange) -> bool:
        """Redact and write ``ex``; False if it was not written."""
        s = self.summary
        if s.failed:
            s.unrecorded += 1
            return False
        try:
            self.redactor.redact(ex)
        except Exception:
            traceback.print_exc(limit=3)
            print("replay capture writer: an exchange could not be redacted; not recorded", file=sys.stderr)
            s.unredactable += 1
            return True  # not a failure of the capture: the proxy goes on
        try:
            self.writer.write(self.shape(ex) if self.shape else ex)  # type: ignore[arg-type]
        except OSError as e:
            self.fail(e)
            s.unrecorded += 1
            return False
        self.counts.update(ex.redactions)
        return True

    def fail(self, e: OSError) -> None:
        self.summary.failed = f"cannot write {self.args.out}: {e.strerror or e}"
        self.writer.abandon()
        print(f"replay capture writer: {self.summary.failed}; recording stopped", file=sys.stderr, flush=True)
        announce(self.args.status, {"writer_failed": self.summary.failed})

    def finish(self) -> Summary:
        s = self.summary
        if not s.failed:
            try:
                self.writer.close()
            except OSError as e:
                self.fail(e)
        # A failed write is not counted, and the file is cut back to the last counted one.
        s.exchanges, s.bytes, s.redactions = self.writer.count, self.writer.bytes, dict(self.counts)
        return s


def _serve(rec: _Recorder, ack: Any) -> None:
    """Frames until the pipe closes; then the streams it cut. The answers to a burst of exchanges
    go in one write, once no more frames are waiting (each is sent only after its exchange is written)."""
    partial: dict[str, _Partial] = {}
    answers = bytearray()
    reader = frames.FrameReader(sys.stdin.fileno())
    for kind, payload in reader:
        if kind == frames.CHUNK:
            fid, t, data = frames.parse_chunk(payload)
            if fid in partial:
                partial[fid].add(t, data)
        elif kind == frames.STREAM:
            d = orjson.loads(payload)
            partial[d["ex"]["id"]] = _Partial(d["ex"], d["sse"], d["cap"])
        elif kind == frames.EXCHANGE:
            ex = Exchange.from_dict(orjson.loads(payload))
            partial.pop(ex.id, None)
            ok = rec.record(ex)
            answers += frames.ACK_OK if ok else frames.ACK_FAILED
        if answers and not reader.waiting():
            ack(bytes(answers))
            answers.clear()
    if answers:
        ack(bytes(answers))
    for p in partial.values():
        rec.record(p.exchange())
        rec.summary.cut += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replay.capture.writer")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--flush", choices=["line", "none"], default="line")
    ap.add_argument("--fsync", action="store_true")
    ap.add_argument("--policy", type=Path)
    ap.add_argument("--shape-only", action="store_true")
    ap.add_argument("--summary", type=Path)
    ap.add_argument("--status", default="", help="where to announce failures and the summary (fd:N)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over RLIMIT_FSIZE: a write error (EFBIG), not death
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pipe's end is what stops this process
    out = sys.stdout.buffer

    def ack(b: bytes) -> None:
        try:
            out.write(b)
            out.flush()
        except OSError:
            pass  # mitmdump is gone: the answer has nobody to go to, the exchange is written

    redactor = default_redactor(args.policy)
    try:
        writer = CaptureWriter(args.out, args.flush, args.fsync)
    except OSError as e:
        print(f"replay capture writer: cannot open {args.out}: {e.strerror or e}", file=sys.stderr, flush=True)
        return 2
    ack(frames.READY)
    announce(args.status, {"writer_pid": os.getpid()})
    rec = _Recorder(args, redactor, writer)
    _serve(rec, ack)
    summary = rec.finish()
    announce(args.status, {"writer": asdict(summary)})
    if args.summary:
        try:
            args.summary.write_bytes(orjson.dumps(asdict(summary)))
        except OSError as e:
            print(f"replay capture writer: cannot write {args.summary}: {e.strerror or e}", file=sys.stderr)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
