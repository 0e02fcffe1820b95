"""scripts/bench faults: mitmdump without and with the fault proxy (a no-op profile), paired round by round.

Baseline: plain mitmdump (reverse mode, the same flags: lazy upstream connections) against the
same fast local server, in the same run. "faults" is the addon with a profile in force whose rules
all match and never fire (probability 0): what a rehearsal's unfaulted steps cost, deciding
included. Each round runs both sides (order alternating); each figure is the ratio within a round,
printed as min / median / max. CPU per request counts mitmdump's whole process tree. Goals
(issue 17): at most 5% of mitmdump's requests/s and at most 1.05x its CPU per request. The hooks'
own time per flow, measured in process, is printed too, and (where valgrind is installed, not with
``--quick``) each side's instructions per request under cachegrind and their ratio against the same goal: a
figure the machine's load cannot move (benchmarks/_instructions.py), which says whether a CPU ratio over the
goal is the addon's work or noise.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import _instructions
from benchmarks._http import proxy_bench_args, proxy_rounds, report_proxy, result_line, run_load, start_server
from benchmarks._paired import load_printed, report
from benchmarks.capture import REQUEST
from replay.config.faults import Fault, Profile, ProfileSet
from replay.faults.proxy import start_fault_proxy
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.procs import Children

PROFILES = ProfileSet(
    [Profile("idle", [Fault("latency", delay=1.0, probability=0.0), Fault("error", status=503, probability=0.0)])]
)
GOALS = {"faults": (0.95, 1.05)}


def _hook_time(profile_file: Path, n: int = 20000) -> float:
    """CPU seconds the addon's per-flow hooks take (request, responseheaders, response) with the
    benchmark's no-op profile in force, on mitmproxy's test flows in this process: the addon's cost
    without the noise of a loaded machine."""
    from mitmproxy.test import taddons, tflow

    from replay.faults.addon import Faults

    addon = Faults()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, faults_profile=str(profile_file), faults_active="idle")
        flows = [tflow.tflow(resp=True) for _ in range(n)]
        t0 = time.process_time()
        for f in flows:
            addon.request(f)
            addon.responseheaders(f)
            addon.response(f)
        return (time.process_time() - t0) / n


def main(argv: list[str]) -> int:
    args = proxy_bench_args("faults", __doc__, argv)
    server, port = start_server()
    upstream = f"http://127.0.0.1:{port}"
    try:
        with (
            load_printed("scripts/bench faults: mitmdump vs the fault proxy, no-op profile"),
            tempfile.TemporaryDirectory() as tmp,
            Children() as children,
        ):
            print(result_line("server alone (not the limit)", run_load(port, REQUEST, 1.0, args.connections)))
            profile_file = Path(tmp) / "profiles.json"
            profile_file.write_bytes(PROFILES.to_json())

            def plain(timeout: float = 30.0) -> Mitmdump:
                opts = {"connection_strategy": "lazy"}
                listen = ("127.0.0.1", 0)
                return start_mitmdump(children, "mitmdump", f"reverse:{upstream}", listen, (), opts, timeout)

            def faults(timeout: float = 30.0) -> Mitmdump:
                listen = ("127.0.0.1", 0)
                return start_fault_proxy(children, upstream, listen, profile_file, "idle", timeout=timeout).mitm

            def load(p: int) -> object:
                return run_load(p, REQUEST, args.seconds, args.connections)

            runs = proxy_rounds(children, {"mitmdump": plain, "faults": faults}, load, args.rounds)
            report_proxy("faults", runs, "mitmdump", GOALS)
            per_flow = _hook_time(profile_file, 2000 if args.quick else 20000)
            report("faults", "hooks' own CPU per flow, in process", [per_flow * 1e6], " us", higher=False)
            if args.quick or not _instructions.available():
                print("instructions per request: skipped (" + ("--quick" if args.quick else "no valgrind") + ")")
            else:
                counts = {n: _instructions.instructions_per_request(lambda f=f: f(300.0), [REQUEST]) for n, f in
                          (("mitmdump", plain), ("faults", faults))}  # fmt: skip
                for n, c in counts.items():
                    report("faults", f"{n}: instructions per request (cachegrind)", [c / 1e6], " M", higher=False)
                ratio = counts["faults"] / counts["mitmdump"]
                report("faults", "faults / mitmdump: instructions per request", [ratio], "x", GOALS["faults"][1], False)
    finally:
        server.terminate()
        server.wait()
    return 0
