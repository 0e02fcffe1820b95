"""The capture writer process: redacts exchanges and appends them to the capture file.

The capture addon hands each finished exchange to this process over a pipe (a 4-byte length,
then the exchange as JSON) before mitmproxy sends the response on. Redaction is CPU work that
would stall mitmproxy's event loop, which serves every flow; here it runs on another core. When
mitmdump dies, this process still reads what is in the pipe, writes it and exits at its end, so
an exchange a client has seen is not lost.

    python -m replay.capture.writer --out FILE [--flush line|none] [--fsync] [--policy P]
                                    [--shape-only] [--summary FILE]

A record that cannot be redacted is never written: it is reported on stderr (mitmdump's log).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from replay.exchange.format import CaptureWriter, Exchange
from replay.redact import default_redactor
from replay.shape.features import shape_of


def _frames(stream: BinaryIO) -> Iterator[bytes]:
    while head := stream.read(4):
        if len(head) < 4:
            return
        size = int.from_bytes(head, "big")
        data = stream.read(size)
        if len(data) < size:
            return
        yield data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replay.capture.writer")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--flush", choices=["line", "none"], default="line")
    ap.add_argument("--fsync", action="store_true")
    ap.add_argument("--policy", type=Path)
    ap.add_argument("--shape-only", action="store_true")
    ap.add_argument("--summary", type=Path)
    args = ap.parse_args(argv)
    redactor = default_redactor(args.policy)
    counts: Counter[str] = Counter()
    with CaptureWriter(args.out, args.flush, args.fsync) as writer:
        for frame in _frames(sys.stdin.buffer):
            try:
                ex = redactor.redact(Exchange.from_dict(orjson.loads(frame)))
            except Exception:
                traceback.print_exc(limit=3)
                print("replay capture writer: an exchange could not be redacted; not recorded", file=sys.stderr)
                continue
            counts.update(ex.redactions)
            writer.write(shape_of(ex) if args.shape_only else ex)  # type: ignore[arg-type]
    if args.summary:
        args.summary.write_bytes(
            orjson.dumps({"exchanges": writer.count, "bytes": writer.bytes, "redactions": dict(counts)})
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
