"""scripts/bench stream: what the stream figures (TTFT, ITL, tokens) cost the runner on a streaming target.

Both sides are ``replay run`` (local, one runner process) against the same local SSE server
(benchmarks/_sse.py: OpenAI chat-completions streams of 64 content chunks, usage and ``[DONE]``),
paired round by round in one run (order alternating):
    on    the runner as shipped: every event of every stream timed, content events told apart (each
          event's JSON read), the gaps between tokens kept and turned into the row's exact ITL
          p50/p90/p99 and its gap histogram, written with the row
    off   REPLAY_STREAM_METRICS=0 (a benchmark-only knob of replay/runner/client.py): each stream is
          still split into events, but only to find its end marker; nothing is timed or counted
Two targets:
    paced   a model streaming: one token per write, 6 ms apart (the demo model's per-token delay), at
            a rate the runner sustains. This is the goal's case.
    burst   the whole stream in one write, scheduled above what one process can send: every event is
            parsed with no network wait between them, the worst case for the ratio (an upper bound)
Figures, each min / median / max over the rounds: requests/s, CPU per request of the sending process
(CPU while dispatching over rows; start-up excluded), and the share of the runner's throughput per
CPU-second the bookkeeping costs, ``1 - (requests per CPU-second on) / (... off)``. Goal (issue 16):
under 5% on the paced target (a spread of rounds wider than twice the goal is called inconclusive,
whatever the median). Responses keep no body (``keep_body = 0``, unredacted): the response
writer is the same on both sides and must not be what limits either. Other agents share this 2-core
machine: CPU time is what is compared, and the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks._http import start_server
from benchmarks._paired import load_printed, ratios, report
from benchmarks.run import replay_run
from replay.exchange.format import Body, Request

SIDES = {"on": {}, "off": {"REPLAY_STREAM_METRICS": "0"}}
ENDPOINT = "POST /v1/chat/completions"
EXTRA = f'allow_unsafe = ["{ENDPOINT}"]\nraw_responses = ["{ENDPOINT}"]\n[client]\nkeep_body = 0\n'
TOKENS = 64


@dataclass(frozen=True)
class Case:
    name: str
    writes: int  # the server's writes per stream
    pace_ms: float  # between them
    rate: float  # scheduled rows/s
    goal: float | None  # % of throughput per CPU-second

    def describe(self, seconds: float) -> str:
        how = "one token per write" if self.writes > TOKENS else f"in {self.writes} write(s)"
        pace = f", {self.pace_ms:g} ms apart" if self.pace_ms else ""
        return f"{self.name}: {TOKENS} tokens {how}{pace}, scheduled {self.rate:,.0f}/s for {seconds:g} s"


CASES = (Case("paced", TOKENS + 2, 6.0, 100.0, 5.0), Case("burst", 1, 0.0, 1500.0, None))


def _request() -> Request:
    body = {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "Say hello."}]}
    headers = [("content-type", "application/json"), ("accept", "text/event-stream")]
    return Request("POST", "https://api.example.com/v1/chat/completions", headers, Body.from_bytes(orjson.dumps(body)))


def _rounds(case: Case, seconds: float, rounds: int) -> dict[str, list[dict[str, float]]]:
    server, port = start_server("benchmarks._sse", str(TOKENS), str(case.writes), str(case.pace_ms))
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in SIDES}
    try:
        with tempfile.TemporaryDirectory() as d:
            names = list(SIDES)
            for i in range(rounds):  # alternate, so a noisy neighbour hurts both sides alike
                for name in names if i % 2 == 0 else names[::-1]:
                    got = replay_run(Path(d), port, case.rate, seconds, f"{name}{i}", _request(), SIDES[name], EXTRA)
                    runs[name].append(got)
    finally:
        server.terminate()
        server.wait()
    return runs


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench stream", description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0, help="length of each run")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (each runs both sides once)")
    ap.add_argument("--case", action="append", choices=[c.name for c in CASES], help="just this target (repeatable)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 rounds of 1 s")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds = 1.0, 2
    code = 0
    with load_printed("scripts/bench stream: the runner with its stream figures on vs off"):
        for case in CASES:
            if args.case and case.name not in args.case:
                continue
            print(case.describe(args.seconds), flush=True)
            code |= _report(case, _rounds(case, args.seconds, args.rounds))
    return code


def _report(case: Case, runs: dict[str, list[dict[str, float]]]) -> int:
    b = "stream"
    col = lambda side, k: [r[k] for r in runs[side]]  # noqa: E731
    for side in SIDES:
        n = max(sum(col(side, "responses")), 1)
        timed, done = sum(col(side, "timed_streams")) / n, sum(col(side, "completed_streams")) / n
        print(f"  {side}: {n:,.0f} streams, {timed:.0%} timed, {done:.0%} ended with [DONE]")
        report(b, f"{case.name}, metrics {side}: requests/s", col(side, "rps"), " rps")
        cpu = [x * 1e6 for x in col(side, "cpu_per_row")]
        report(b, f"{case.name}, metrics {side}: CPU per request, sending process", cpu, " us", higher=False)
    report(b, f"{case.name}, on / off: requests/s", ratios(col("on", "rps"), col("off", "rps")))
    per_cpu = ratios(col("off", "cpu_per_row"), col("on", "cpu_per_row"))
    report(b, f"{case.name}, on / off: requests per CPU-second, sending process", per_cpu)
    cost = [(1 - x) * 100 for x in per_cpu]
    report(b, f"{case.name}: stream figures' cost, % of throughput per CPU-second", cost, " %", case.goal, False)
    if case.goal is not None and len(cost) > 1 and max(cost) - min(cost) > 2 * case.goal:
        print(f"  INCONCLUSIVE: the rounds spread {min(cost):.1f}..{max(cost):.1f}%, wider than the goal; "
              "run more rounds on a quieter machine")  # fmt: skip
    broken = sum(col("on", "timed_streams")) == 0 or sum(col("off", "timed_streams")) > 0
    if broken:
        print("  the switch did not take: the 'on' side timed no stream or the 'off' side timed some")
    for side in SIDES:
        if died := sum(col(side, "tracebacks")):
            print(f"  WARNING: {side}: {died:,.0f} tracebacks in the runner's log (rows lost; figures include them)")
    return 1 if broken else 0
