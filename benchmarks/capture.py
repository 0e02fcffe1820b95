"""scripts/bench capture: throughput and latency through mitmdump without and with the capture addon.

Baseline: plain mitmdump (reverse mode, same flags) against the same fast local server, in the
same run. Runs alternate (plain, addon, plain, addon, ...) and each side reports its best run,
so a noisy neighbour on this 2-core machine hurts both alike. Target: addon costs <= 10%.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import orjson

from benchmarks._http import LoadResult, post_request, run_load, start_server
from replay.capture.proxy import ADDON
from replay.mitm.launch import start_mitmdump
from replay.procs import Children

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


def _line(name: str, r: LoadResult, base: LoadResult | None = None) -> str:
    rel = f"{r.rps / base.rps:6.1%}" if base else "  base"
    return f"{name:<28} {r.rps:8.0f} rps {rel}   p50 {r.pct(50):6.2f} ms   p99 {r.pct(99):6.2f} ms   errors {r.errors}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench capture", description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs per side")
    ap.add_argument("--connections", type=int, default=8)
    args = ap.parse_args(argv)
    server, port = start_server()
    try:
        direct = run_load(port, REQUEST, 2.0, args.connections)
        print(f"request {len(BODY)} B JSON, response 1 KB JSON; {args.connections} keep-alive connections, loopback")
        print(_line("server alone (not the limit)", direct))
        upstream = f"reverse:http://127.0.0.1:{port}"
        plain: list[LoadResult] = []
        addon: list[LoadResult] = []
        with tempfile.TemporaryDirectory() as tmp, Children() as children:
            for i in range(args.rounds):
                for name, results in (("plain", plain), ("addon", addon)):
                    scripts = [ADDON] if name == "addon" else []
                    opts = {"capture_out": Path(tmp) / f"cap-{i}.jsonl.zst"} if name == "addon" else {}
                    mitm = start_mitmdump(children, f"mitmdump-{name}", upstream, ("127.0.0.1", 0), scripts, opts)
                    run_load(mitm.port, REQUEST, 0.5, args.connections)  # warm-up
                    results.append(run_load(mitm.port, REQUEST, args.seconds, args.connections))
                    mitm.child.stop()
                    children.started.remove(mitm.child)
        best_plain = max(plain, key=lambda r: r.rps)
        best_addon = max(addon, key=lambda r: r.rps)
        print(_line("mitmdump (baseline)", best_plain))
        print(_line("mitmdump + capture addon", best_addon, best_plain))
        cost = 1 - best_addon.rps / best_plain.rps
        print(f"addon cost: {cost:.1%} of mitmdump's throughput (target <= 10%)")
        print(
            "all runs rps: plain "
            + " ".join(f"{r.rps:.0f}" for r in plain)
            + " | addon "
            + " ".join(f"{r.rps:.0f}" for r in addon)
        )
    finally:
        server.terminate()
        server.wait()
    return 0
