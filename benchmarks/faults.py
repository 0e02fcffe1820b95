"""scripts/bench faults: throughput and added latency of the fault proxy with no fault in force.

Baseline: plain mitmdump (reverse mode, the same flags: lazy upstream connections) against the
same fast local server, in the same run. Runs alternate (plain, faults, rules, plain, ...) and each
side reports its best run, as the capture bench does. "faults" is the addon with a profile file
loaded and no profile in force (what a rehearsal's unfaulted steps cost); "rules" has a profile in
force whose rules all match and never fire (probability 0), the cost of deciding. Target: the
addon costs at most 10% of mitmdump's throughput. On a shared 2-core machine run-to-run noise is
larger than that, so the median runs and the hooks' own time per flow (measured in process) are
printed too.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks._http import LoadResult, proxy_bench_args, result_line, run_load, start_server
from benchmarks.capture import REQUEST
from replay.config.faults import Fault, Profile, ProfileSet
from replay.faults.proxy import start_fault_proxy
from replay.mitm.launch import start_mitmdump
from replay.util.procs import Children

PROFILES = ProfileSet(
    [Profile("idle", [Fault("latency", delay=1.0, probability=0.0), Fault("error", status=503, probability=0.0)])]
)


def _hook_time(n: int = 20000) -> float:
    """Seconds the addon's per-flow hooks take (request, responseheaders, response) with none in force,
    on mitmproxy's test flows in this process: the addon's cost without the noise of a loaded machine."""
    from mitmproxy.test import taddons, tflow

    from replay.faults.addon import Faults

    addon = Faults()
    with taddons.context(addon):
        flows = [tflow.tflow(resp=True) for _ in range(n)]
        t0 = time.perf_counter()
        for f in flows:
            addon.request(f)
            addon.responseheaders(f)
            addon.response(f)
        return (time.perf_counter() - t0) / n


def main(argv: list[str]) -> int:
    args = proxy_bench_args("faults", __doc__, argv)
    server, port = start_server()
    upstream = f"http://127.0.0.1:{port}"
    runs: dict[str, list[LoadResult]] = {"plain": [], "faults": [], "rules": []}
    single: dict[str, list[LoadResult]] = {name: [] for name in runs}  # one connection: latency, not queueing
    try:
        direct = run_load(port, REQUEST, 2.0, args.connections)
        direct_one = run_load(port, REQUEST, 1.0, 1)
        print(f"request {len(REQUEST)} B, response 1 KB JSON; {args.connections} keep-alive connections, loopback")
        print(result_line("server alone (not the limit)", direct))
        with tempfile.TemporaryDirectory() as tmp, Children() as children:
            profile_file = Path(tmp) / "profiles.json"
            profile_file.write_bytes(PROFILES.to_json())
            for _ in range(args.rounds):
                for name, results in runs.items():
                    if name == "plain":
                        opts = {"connection_strategy": "lazy"}
                        mitm = start_mitmdump(children, "mitmdump", f"reverse:{upstream}", ("127.0.0.1", 0), (), opts)
                    else:
                        active = "idle" if name == "rules" else None
                        mitm = start_fault_proxy(children, upstream, ("127.0.0.1", 0), profile_file, active).mitm
                    run_load(mitm.port, REQUEST, 0.5, args.connections)  # warm-up
                    results.append(run_load(mitm.port, REQUEST, args.seconds, args.connections))
                    single[name].append(run_load(mitm.port, REQUEST, 1.0, 1))
                    mitm.child.stop()
                    children.started.remove(mitm.child)
        best = {name: max(results, key=lambda r: r.rps) for name, results in runs.items()}
        print(result_line("mitmdump (baseline)", best["plain"]))
        print(result_line("+ faults addon, none active", best["faults"], best["plain"]))
        print(result_line("+ faults, rules never fire", best["rules"], best["plain"]))
        print("one connection, sequential requests: latency added over the server alone (best run)")
        for name, results in single.items():
            one = min(results, key=lambda r: r.pct(50))
            p50, p99 = one.pct(50) - direct_one.pct(50), one.pct(99) - direct_one.pct(99)
            print(f"  {name:<7} p50 {p50:+6.2f} ms   p99 {p99:+6.2f} ms   ({one.rps:.0f} rps)")
        median = {name: statistics.median(r.rps for r in results) for name, results in runs.items()}
        for name in ("faults", "rules"):
            cost, cost_median = 1 - best[name].rps / best["plain"].rps, 1 - median[name] / median["plain"]
            print(f"{name}: addon cost {cost:.1%} of mitmdump's throughput, best runs (median runs {cost_median:.1%})")
        print("all runs rps: " + " | ".join(f"{k} " + " ".join(f"{r.rps:.0f}" for r in v) for k, v in runs.items()))
        per_flow = _hook_time()
        print(
            f"addon hooks' own time per flow, in process: {per_flow * 1e6:.1f} us = "
            f"{per_flow * best['plain'].rps:.1%} of mitmdump's time per flow at its best rate (target <= 10%)"
        )
    finally:
        server.terminate()
        server.wait()
    return 0
