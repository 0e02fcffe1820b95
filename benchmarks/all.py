"""scripts/bench all [--quick] [--json OUT] [--compare PREVIOUS.json]: every benchmark in sequence.

Runs capture, faults, run, sample and stream (redact is the redaction issue's and prints recall, not
paired figures: run it on its own), then writes every figure (per-round values, min, median, max,
goal, met) with the load average to a JSON summary. ``--compare`` prints each median's change
against an earlier summary, so a later run says what moved.
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from pathlib import Path

import orjson

from benchmarks._paired import FIGURES, load_line

BENCHES = ("capture", "faults", "run", "sample", "stream")


def compare(previous: Path) -> None:
    """Each figure's median now against ``previous``'s, by benchmark and name."""
    old = {(f["bench"], f["name"]): f for f in orjson.loads(previous.read_bytes())["figures"]}
    print(f"change against {previous} (load then {orjson.loads(previous.read_bytes()).get('load', '?')}):")
    for fig in FIGURES:
        was = old.get((fig.bench, fig.name))
        if was is None or not was.get("median"):
            print(f"  {fig.bench:<8} {fig.name:<60} new")
            continue
        change = (fig.median - was["median"]) / abs(was["median"])  # a difference (latency added) may be < 0
        better = (change > 0) == fig.higher_is_better
        print(
            f"  {fig.bench:<8} {fig.name:<60} {was['median']:>10.4g} -> {fig.median:<10.4g} {change:+7.1%}"
            f" {'better' if better else 'worse'}"
        )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench all", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="each benchmark in its smoke mode")
    ap.add_argument("--only", action="append", choices=BENCHES, help="run just this benchmark (repeatable)")
    ap.add_argument("--json", type=Path, default=Path("bench-summary.json"), help="summary to write")
    ap.add_argument("--compare", type=Path, help="an earlier summary to print the change against")
    args = ap.parse_args(argv)
    before, t0 = load_line("before"), time.time()
    code = 0
    for name in args.only or BENCHES:
        print(f"\n== scripts/bench {name}{' --quick' if args.quick else ''}", flush=True)
        code |= importlib.import_module(f"benchmarks.{name}").main(["--quick"] if args.quick else [])
    summary = {
        "when": t0,
        "seconds": time.time() - t0,
        "cores": os.cpu_count(),
        "load": f"{before}; {load_line('after')}",
        "quick": args.quick,
        "figures": [f.summary() for f in FIGURES],
    }
    args.json.write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    missed = [f"{f.bench}: {f.name}" for f in FIGURES if f.met is False]
    print(f"\nsummary written to {args.json}; {len(FIGURES)} figures, {len(missed)} MISSED their goal")
    if args.compare:
        compare(args.compare)
    return code
