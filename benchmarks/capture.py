"""scripts/bench capture: mitmdump without and with the capture addon, paired round by round.

Baseline: plain mitmdump (reverse mode, same flags) against the same fast local server, in the
same run. Each round runs every side (order alternating) and each figure is the ratio within a
round, printed as min / median / max over the rounds. CPU per request counts mitmdump and every
child of it (the writer processes: the redaction they do is in the figure). Goals (issue 17):
the addon costs at most 5% of mitmdump's requests/s and at most 1.15x its CPU per request, at
the default redaction profile on ~2 KB JSON (an 0.8 KB chat request, a 1 KB JSON answer).

    scripts/bench capture                                   # ~2 KB JSON, 8 connections, the default writers
    scripts/bench capture --body-kb 100 --connections 64 --writers 1,2   # large bodies: one writer or two

The capture path's own costs are printed too, measured in this process on the benchmark's
exchange (so a busy machine distorts them less): the hook's work on mitmproxy's event loop per
exchange, the writer's work around redaction per exchange, and the redaction itself.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from itertools import count
from pathlib import Path

import orjson

from benchmarks._http import (
    RESPONSE_BODY,
    post_request,
    proxy_bench_args,
    proxy_rounds,
    report_proxy,
    result_line,
    run_load,
    start_server,
)
from benchmarks._paired import load_printed, report
from replay.capture.proxy import ADDON
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.procs import Children


def chat_body(k: int) -> bytes:
    """The k-th of the benchmark's chat requests (~0.8 KB): each its own order number, customer, email
    and wording, so that neither the redactor nor zstd meets the same line twice in a row."""
    rng = random.Random(k)
    first, last = rng.choice(["jane", "omar", "li", "sara", "tom", "ana"]), rng.choice(["doe", "khan", "wu", "berg"])
    item = rng.choice(["blue jacket", "pair of boots", "desk lamp", "rain coat", "tea set"])
    ask = rng.choice(["where it is and whether I can get a refund", "if it can still arrive this week"])
    user = (
        f"Hi, I ordered a {item} (order {rng.randint(10000, 99999)}) last week and it has not arrived. "
        f"My email is {first}.{last}{rng.randint(1, 99)}@example.com. Can you check {ask}? "
    )
    return orjson.dumps(
        {
            "model": "gpt-4o-mini",
            "user": f"customer-{rng.randint(1000, 9999)}",
            "messages": [
                {"role": "system", "content": "You are a helpful support assistant for an online shop. " * 6},
                {"role": "user", "content": user * 2},
            ],
            "stream": False,
        }
    )


BODY = chat_body(0)
AUTH = "authorization: Bearer sk-test-0000000000000000\r\n"
REQUEST = post_request("/v1/chat/completions", BODY, AUTH)
GOALS = {"addon": (0.95, 1.15)}


def large_body(kb: int, k: int = 0) -> bytes:
    """A chat request of about ``kb`` KB of made-up words (text to scan, as a long prompt is)."""
    rng = random.Random(17 + k)
    words = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(kb * 180))
    return orjson.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": words[: kb * 1024]}]})


def _flow(body: bytes):  # type: ignore[no-untyped-def]
    from mitmproxy import http
    from mitmproxy.test import tflow

    headers = {"host": "127.0.0.1", "content-type": "application/json", "authorization": AUTH.split(": ")[1].strip()}
    req = http.Request.make("POST", "http://127.0.0.1:8000/v1/chat/completions", body, headers)
    f = tflow.tflow(req=req, resp=http.Response.make(200, RESPONSE_BODY, {"content-type": "application/json"}))
    now = time.time()
    f.request.timestamp_start, f.response.timestamp_start, f.response.timestamp_end = now, now + 0.002, now + 0.003
    return f


def _per_call(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds of one ``fn()``: the best of three runs of ``n`` (a busy machine only adds)."""
    fn()
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, (time.process_time() - t0) / n)
    return best


def path_costs(body: bytes, n: int) -> None:
    """The capture path's parts per exchange, in this process: the hook's frame (mitmproxy's loop),
    the writer's work around redaction (frame in, line written and flushed), the redaction."""
    from replay.capture import frames
    from replay.capture.assemble import exchange_of
    from replay.capture.sink import Sink
    from replay.capture.writer import ZSTD_LEVEL
    from replay.exchange.write import CaptureWriter
    from replay.mitm.convert import exchange_header, raw_parts
    from replay.redact import default_redactor

    flow = _flow(body)

    def hook() -> bytes:
        header = exchange_header(flow) | {"cap": 1 << 20, "streamed": False, "meta": {"source": "capture", "seq": 1}}
        return b"".join(bytes(b) for b in frames.exchange_frame(1, header, raw_parts(flow, 1 << 20)))

    payload = memoryview(hook())[5:]
    redactor = default_redactor()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "c.jsonl.zst"
        sink = Sink(CaptureWriter(out, level=ZSTD_LEVEL), lambda b: None, out)
        seq = count(1)

        def around() -> None:
            ex = exchange_of(*frames.parse_exchange(payload)[1:])
            sink.put(next(seq), b".", ex.redactions, ex.to_json() + b"\n")
            sink.flush()

        def redact() -> None:
            redactor.redact(exchange_of(*frames.parse_exchange(payload)[1:]))

        costs = [("hook on mitmproxy's loop", hook), ("writer around redaction", around), ("redaction", redact)]
        for name, fn in costs:
            report("capture", f"{name}, per exchange, in process", [_per_call(fn, n) * 1e6], " us", higher=False)
        sink.finish()


def main(argv: list[str]) -> int:
    args = proxy_bench_args(
        "capture",
        __doc__,
        argv,
        extra=lambda ap: (
            ap.add_argument("--writers", default="", help="writer processes; several (1,2) are sides of their own"),
            ap.add_argument("--body-kb", type=int, default=0, help="a request of this many KB instead of ~1 KB"),
        ),
    )
    bodies = [large_body(args.body_kb, k) for k in range(8)] if args.body_kb else [chat_body(k) for k in range(256)]
    requests = [post_request("/v1/chat/completions", b, AUTH) for b in bodies]
    body = bodies[0]
    writers = [int(w) for w in args.writers.split(",") if w] or [0]
    server, port = start_server()
    upstream = f"reverse:http://127.0.0.1:{port}"
    try:
        with (
            load_printed("scripts/bench capture: mitmdump vs mitmdump + capture addon"),
            tempfile.TemporaryDirectory() as tmp,
            Children() as children,
        ):
            direct = run_load(port, requests, 1.0, args.connections)
            cores = f"{os.cpu_count()} cores"
            print(
                f"{len(requests)} requests of ~{len(body)} B JSON in turn, response {len(RESPONSE_BODY)} B JSON;"
                f" {args.connections} connections"
            )
            print(result_line("server alone (not the limit)", direct))
            n = count()

            def plain() -> Mitmdump:
                return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [], {})

            def addon(w: int):  # type: ignore[no-untyped-def]
                def start() -> Mitmdump:
                    opts: dict[str, object] = {"capture_out": Path(tmp) / f"cap-{next(n)}.jsonl.zst"}
                    if w:
                        opts["capture_writers"] = w
                    return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [ADDON], opts)

                return start

            sides = {"mitmdump": plain}
            for w in writers:
                name = "addon" if len(writers) == 1 else f"addon, {w} writers"
                sides[name] = addon(w)
            print(f"writers: {', '.join(str(w) if w else f'the default ({cores} less one)' for w in writers)}")

            def load(p: int) -> object:
                return run_load(p, requests, args.seconds, args.connections)

            runs = proxy_rounds(children, sides, load, args.rounds)
        report_proxy("capture", runs, "mitmdump", {} if args.body_kb else GOALS)
        path_costs(body, 50 if args.quick or args.body_kb else 500)
    finally:
        server.terminate()
        server.wait()
    return 0
