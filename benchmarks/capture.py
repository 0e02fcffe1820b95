"""scripts/bench capture: mitmdump without and with the capture addon, paired round by round.

Baseline: plain mitmdump (reverse mode, same flags) against the same fast local server, in the
same run. Each round runs both sides (order alternating) and each figure is the ratio within a
round, printed as min / median / max over the rounds. CPU per request counts mitmdump and every
child of it (the capture writer), so the redaction the writer does is in the figure. Goals
(issue 17): the addon costs at most 5% of mitmdump's requests/s and at most 1.15x its CPU per
request, at the default redaction profile on ~2 KB JSON.
"""

from __future__ import annotations

import tempfile
from itertools import count
from pathlib import Path

import orjson

from benchmarks._http import (
    post_request,
    proxy_bench_args,
    proxy_rounds,
    report_proxy,
    result_line,
    run_load,
    start_server,
)
from benchmarks._paired import load_printed
from replay.capture.proxy import ADDON
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.procs import Children

BODY = orjson.dumps(
    {
        "model": "gpt-4o-mini",
        "user": "customer-4821",
        "messages": [
            {"role": "system", "content": "You are a helpful support assistant for an online shop. " * 6},
            {
                "role": "user",
                "content": "Hi, I ordered a blue jacket (order 48213) last week and it has not arrived. "
                "My email is jane.doe@example.com. Can you check where it is and whether I can get a refund? " * 2,
            },
        ],
        "stream": False,
    }
)
REQUEST = post_request("/v1/chat/completions", BODY, "authorization: Bearer sk-test-0000000000000000\r\n")
GOALS = {"addon": (0.95, 1.15)}


def main(argv: list[str]) -> int:
    args = proxy_bench_args("capture", __doc__, argv)
    server, port = start_server()
    upstream = f"reverse:http://127.0.0.1:{port}"
    try:
        with (
            load_printed("scripts/bench capture: mitmdump vs mitmdump + capture addon"),
            tempfile.TemporaryDirectory() as tmp,
            Children() as children,
        ):
            direct = run_load(port, REQUEST, 1.0, args.connections)
            print(f"request {len(BODY)} B JSON, response 1 KB JSON; {args.connections} keep-alive connections")
            print(result_line("server alone (not the limit)", direct))
            n = count()

            def plain() -> Mitmdump:
                return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [], {})

            def addon() -> Mitmdump:
                opts = {"capture_out": Path(tmp) / f"cap-{next(n)}.jsonl.zst"}
                return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [ADDON], opts)

            def load(p: int) -> object:
                return run_load(p, REQUEST, args.seconds, args.connections)

            runs = proxy_rounds(children, {"mitmdump": plain, "addon": addon}, load, args.rounds)
        report_proxy("capture", runs, "mitmdump", GOALS)
    finally:
        server.terminate()
        server.wait()
    return 0
