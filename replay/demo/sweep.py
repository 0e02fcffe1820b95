"""An upstream-latency sweep on the demo world, through fault proxies, with the demo's own driver.

Model and search, then one fault proxy in front of the model per release (two listeners of one mitmdump,
each with its own profile and counters) and each release wired to its proxy (its fallback model, on the
other provider's API, to the model directly); the same seeded population is driven at a fixed rate
into both releases, one step per injected latency (0 ms, 250 ms, 1 s, 4 s by default).
Each step switches the proxies' profile, drives for ``step_s`` seconds and waits
for the answers, so every request and every upstream call falls in its own step; the collapse analysis
then reads the outcomes and the proxies' counters.
Finally the curated QA set goes to the candidate one request at a time, without faults, as staging
is usually tested. ``python -m replay.demo.sweep [--rate R] [--step-s S] [--latencies 0,0.25,1,4]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass

import numpy as np

from replay.config.faults import Fault, Profile, ProfileSet
from replay.demo.drive import Outcome, drive
from replay.demo.population import DEFAULT_MIX, generate
from replay.demo.qa import load_qa, run_qa
from replay.demo.world import start_assistant, start_model, start_search
from replay.faults.proxy import ProxySpec, start_fault_proxies
from replay.judge.classes import FailureClass
from replay.judge.collapse import Collapse, StepInput, analyse
from replay.util.procs import Children

__all__ = ["SweepResult", "latency_profiles", "sweep"]

RELEASES = ("production", "candidate")


@dataclass(slots=True)
class SweepResult:
    collapse: dict[str, Collapse]  # release -> analysis
    qa_passed: int
    qa_total: int
    qa_upstream: int  # model calls the QA set made through the candidate's proxy


def latency_profiles(latencies: list[float], seed: int = 0) -> ProfileSet:
    """A profile per injected latency, named like ``latency-250ms`` (0 is ``none``)."""
    return ProfileSet([Profile(_name(s), [Fault("latency", delay=s)]) for s in latencies if s > 0], seed=seed)


def _name(seconds: float) -> str:
    return "none" if seconds <= 0 else f"latency-{round(seconds * 1000)}ms"


def _class(o: Outcome) -> FailureClass:
    if o.error is not None:
        return FailureClass.TIMEOUT if "Timeout" in o.error else FailureClass.ERROR
    if o.status is None or o.status >= 500:
        return FailureClass.ERROR
    if o.status >= 400:
        return FailureClass.REJECTED
    return FailureClass.FALLBACK if o.fallback else FailureClass.OK


def _step(k: int, profile: str, step_s: float, outcomes: list[Outcome], upstream: int) -> StepInput:
    n = len(outcomes)
    return StepInput(
        step=k,
        duration=step_s,
        classes=np.array([_class(o) for o in outcomes], dtype=object),
        latency=np.array([o.latency for o in outcomes], dtype=np.float64),
        attempts=np.ones(n),
        retries=np.full(n, np.nan),
        upstream={"model": upstream},
        profiles={"model": profile},
        label=f"model: {profile}",
    )


def sweep(
    latencies: list[float], rate: float, step_s: float, seed: int = 1, concurrency: int = 128, qa: int | None = None
) -> SweepResult:
    """Run the sweep on a fresh demo world (then the first ``qa`` QA cases, all by default); every process
    is stopped on return."""
    profiles = latency_profiles(latencies, seed)
    steps: dict[str, list[StepInput]] = {r: [] for r in RELEASES}
    with Children() as children:
        model, search = start_model(children), start_search(children)
        specs = [ProxySpec(release, model.url, ("127.0.0.1", 0), profiles) for release in RELEASES]
        proxies = dict(zip(RELEASES, start_fault_proxies(children, specs), strict=True))  # one mitmdump for both
        urls = {r: start_assistant(children, r, proxies[r].url, search.url, origin=model.url).url for r in RELEASES}
        prompts = generate(int(rate * step_s * 3) + 20, seed, DEFAULT_MIX)
        for k, seconds in enumerate(latencies):
            for p in proxies.values():
                p.control.switch(_name(seconds), label=str(k))
            got = asyncio.run(_drive_all(urls, prompts, rate, concurrency, seed + k, step_s))
            for release, summary in got.items():
                seg = proxies[release].control.counters()["segments"][-1]
                steps[release].append(_step(k, _name(seconds), step_s, summary, seg["requests"]))
        qa_results, qa_upstream = [], 0
        if qa != 0:
            proxies["candidate"].control.switch("none", label="qa")
            qa_results = run_qa(urls["candidate"], load_qa()[:qa])
            qa_upstream = proxies["candidate"].control.counters()["segments"][-1]["requests"]
    return SweepResult(
        {r: analyse(steps[r], classes_from="demo driver") for r in RELEASES},
        sum(r.passed for r in qa_results),
        len(qa_results),
        qa_upstream,
    )


async def _drive_all(
    urls: dict[str, str], prompts: list, rate: float, concurrency: int, seed: int, step_s: float
) -> dict[str, list[Outcome]]:
    runs = [drive(urls[r] + "/api/assist", prompts, rate, concurrency, seed, step_s, timeout=60) for r in RELEASES]
    done = await asyncio.gather(*runs)
    return {r: s.outcomes for r, s in zip(RELEASES, done, strict=True)}


def format_sweep(result: SweepResult) -> str:
    """The per-step table of each release and the collapse verdicts."""
    lines = []
    for release, c in result.collapse.items():
        lines.append(f"{release}:")
        lines.append("  step  injected           sent  goodput  fallback  timeout  p50 s   p99 s   amplification")
        for s in c.steps:
            p50, p99 = s.latency["p50"], s.latency["p99"]
            lines.append(
                f"  {s.step:>4}  {s.profiles.get('model', ''):<17} {s.sent:>5}  {s.goodput or 0:>7.0%}"
                f"  {s.rates.get('fallback', 0):>8.0%}  {s.rates.get('timeout', 0):>7.0%}"
                f"  {p50 or 0:>6.2f}  {p99 or 0:>6.2f}  {s.amplification or 0:>13.2f}"
            )
        verdict = f"collapse at step {c.step} ({c.label}): {c.reason}" if c.step is not None else "held"
        lines.append(f"  -> {verdict}")
    lines.append(
        f"QA set, one request at a time, no faults, candidate: {result.qa_passed}/{result.qa_total} passed, "
        f"{result.qa_upstream} model calls"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replay.demo.sweep", description=__doc__)
    ap.add_argument("--rate", type=float, default=8.0, help="requests/s into each release")
    ap.add_argument("--step-s", type=float, default=5.0, help="seconds of sending per step")
    ap.add_argument("--latencies", default="0,0.25,1,4", help="injected upstream latency per step, seconds")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    latencies = [float(x) for x in args.latencies.split(",")]
    print(format_sweep(sweep(latencies, args.rate, args.step_s, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
