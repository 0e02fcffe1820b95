"""scripts/bench all [--quick] [--json OUT] [--compare PREVIOUS.json]: every benchmark in sequence.

Runs capture, faults, redact, run, sample and stream, then writes every figure (per-round values, min,
median, max, goal, met) with the load average to a JSON summary. ``--compare`` prints each median's change
against an earlier summary, so a later run says what moved. Of redact, only its set of the capture benchmark's
exchanges runs (``--capture-only``: CPU and instructions per exchange, the redaction's own beside its budget);
its recall on the labelled corpora is printed by ``scripts/bench redact`` alone, not a figure of this summary.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time
from pathlib import Path

import orjson

from benchmarks._paired import FIGURES, load_line

BENCHES = ("capture", "faults", "redact", "run", "sample", "stream")
FULL_ARGS = {"redact": ["--capture-only"]}  # its paired and instruction figures, not its recall tables


def bench_argv(name: str, quick: bool) -> list[str]:
    """The arguments benchmark ``name`` runs with here: its smoke mode (``--quick``) or its figures in full."""
    return ["--quick"] if quick else FULL_ARGS.get(name, [])


class NotASummary(Exception):
    """--compare names no summary this script wrote: one line, exit 2."""


def medians(previous: Path) -> tuple[dict[tuple[str, str], float], str]:
    """An earlier summary's medians by (benchmark, figure) and the load it ran under. A summary of another
    version reads too: a figure it lacks, or holds in another shape, is new. NotASummary when the file is
    none; read before the benchmarks run, so a wrong path fails in a second, not after minutes of rounds."""
    try:
        doc = orjson.loads(previous.read_bytes())
    except OSError as e:
        raise NotASummary(f"--compare {previous}: {e.strerror}; give a summary written by --json") from None
    except orjson.JSONDecodeError as e:
        raise NotASummary(f"--compare {previous}: not JSON ({e}); give a summary written by --json") from None
    figures = doc.get("figures") if isinstance(doc, dict) else None
    if not isinstance(figures, list):
        raise NotASummary(f"--compare {previous}: no 'figures' list; give a summary written by --json")
    old = {}
    for f in figures:
        median = f.get("median") if isinstance(f, dict) else None
        if isinstance(median, int | float) and not isinstance(median, bool) and math.isfinite(median) and median:
            old[(str(f.get("bench")), str(f.get("name")))] = float(median)
    return old, str(doc.get("load", "?"))


def compare(previous: Path, old: dict[tuple[str, str], float], load: str) -> None:
    """Each figure's median now against ``previous``'s, by benchmark and name."""
    print(f"change against {previous} (load then {load}):")
    for fig in FIGURES:
        was = old.get((fig.bench, fig.name))
        if was is None:
            print(f"  {fig.bench:<8} {fig.name:<60} new")
            continue
        change = (fig.median - was) / abs(was)  # a difference (latency added) may be < 0
        better = (change > 0) == fig.higher_is_better
        print(
            f"  {fig.bench:<8} {fig.name:<60} {was:>10.4g} -> {fig.median:<10.4g} {change:+7.1%}"
            f" {'better' if better else 'worse'}"
        )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench all", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="each benchmark in its smoke mode")
    ap.add_argument("--only", action="append", choices=BENCHES, help="run just this benchmark (repeatable)")
    ap.add_argument("--json", type=Path, default=Path("bench-summary.json"), help="summary to write")
    ap.add_argument("--compare", type=Path, help="an earlier summary to print the change against")
    args = ap.parse_args(argv)
    earlier = None
    # The summary this run writes may be the one it compares with (when none was there before).
    if args.compare and (args.compare.exists() or args.compare.resolve() != args.json.resolve()):
        try:
            earlier = medians(args.compare)
        except NotASummary as e:
            print(f"scripts/bench all: error: {e}", file=sys.stderr)
            return 2
    before, t0 = load_line("before"), time.time()
    code = 0
    for name in args.only or BENCHES:
        argv = bench_argv(name, args.quick)
        print(f"\n== scripts/bench {' '.join([name, *argv])}", flush=True)
        code |= importlib.import_module(f"benchmarks.{name}").main(argv)
    summary = {
        "when": t0,
        "seconds": time.time() - t0,
        "cores": os.cpu_count(),
        "load": f"{before}; {load_line('after')}",
        "quick": args.quick,
        "figures": [f.summary() for f in FIGURES],
    }
    args.json.write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    missed = [f for f in FIGURES if f.met is False]
    unsure = [f for f in FIGURES if f.across is not None]
    unsure_missed = sum(f.met is False for f in unsure)
    print(
        f"\nsummary written to {args.json}; {len(FIGURES)} figures, {len(missed)} MISSED their goal; {len(unsure)}"
        f" INCONCLUSIVE (the goal inside the median's interval: the rounds cannot tell), {unsure_missed} of them missed"
    )
    if args.compare:
        compare(args.compare, *(earlier or medians(args.compare)))
    return code
