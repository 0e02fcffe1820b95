"""scripts/bench capture: throughput and latency through mitmdump without and with the capture addon.

Baseline: plain mitmdump (reverse mode, same flags) against the same fast local server, in the
same run. Runs alternate (plain, addon, addon without detectors, plain, ...) and each side reports
its best run, so a noisy neighbour on this 2-core machine hurts all alike. Target: addon costs
<= 10%. The third side (a policy turning every detector off) splits the cost into recording
and redaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson

from benchmarks._http import LoadResult, post_request, proxy_bench_args, result_line, run_load, start_server
from replay.capture.proxy import ADDON
from replay.mitm.launch import start_mitmdump
from replay.redact.detectors import DETECTORS
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


def main(argv: list[str]) -> int:
    args = proxy_bench_args("capture", __doc__, argv)
    server, port = start_server()
    try:
        direct = run_load(port, REQUEST, 2.0, args.connections)
        print(f"request {len(BODY)} B JSON, response 1 KB JSON; {args.connections} keep-alive connections, loopback")
        print(result_line("server alone (not the limit)", direct))
        upstream = f"reverse:http://127.0.0.1:{port}"
        sides: dict[str, list[LoadResult]] = {"plain": [], "addon": [], "addon, detectors off": []}
        with tempfile.TemporaryDirectory() as tmp, Children() as children:
            no_detectors = Path(tmp) / "off.toml"
            no_detectors.write_text(f"disable = {list(DETECTORS)!r}\n".replace("'", '"'))
            for i in range(args.rounds):
                for name, results in sides.items():
                    scripts = [] if name == "plain" else [ADDON]
                    opts: dict[str, object] = {}
                    if name != "plain":
                        opts["capture_out"] = Path(tmp) / f"cap-{i}-{len(results)}.jsonl.zst"
                    if name == "addon, detectors off":
                        opts["capture_redact_policy"] = no_detectors
                    mitm = start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), scripts, opts)
                    run_load(mitm.port, REQUEST, 0.5, args.connections)  # warm-up
                    results.append(run_load(mitm.port, REQUEST, args.seconds, args.connections))
                    mitm.child.stop()
                    children.started.remove(mitm.child)
        best = {name: max(results, key=lambda r: r.rps) for name, results in sides.items()}
        print(result_line("mitmdump (baseline)", best["plain"]))
        print(result_line("mitmdump + capture addon", best["addon"], best["plain"]))
        print(result_line("  ... with detectors off", best["addon, detectors off"], best["plain"]))
        cost = 1 - best["addon"].rps / best["plain"].rps
        print(f"addon cost: {cost:.1%} of mitmdump's throughput (target <= 10%)")
        for name, results in sides.items():
            print(f"runs ({name}): " + " ".join(f"{r.rps:.0f}" for r in results))
    finally:
        server.terminate()
        server.wait()
    return 0
