"""The demo acceptance story end to end (minutes, so not part of the suite):

    .venv/bin/python -m tests.report.demo_story OUT [--capture CAP] [--no-faults] [--only candidate]

Captures production-like traffic of the production release (and the QA prompt set, one at a time),
starts both releases as staging with their model URL on the fault proxy's port, then rehearses
``scenarios/demo.toml`` against each (candidate: exit 1; production: exit 0) and ``scenarios/smoke.toml``
with the QA capture against each (exit 0), printing exit codes and findings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import httpx
import orjson

from replay import pipeline
from replay.capture.proxy import CaptureOptions, start_capture
from replay.demo.drive import drive
from replay.demo.population import generate
from replay.demo.qa import load_qa
from replay.demo.world import Egress, start_assistant, start_model, start_search
from replay.util.procs import Children, sigterm_as_interrupt

ROOT = Path(__file__).resolve().parents[2]
REPLAY = [sys.executable, "-m", "replay"]


def _rehearse(children: Children, args: list[str], out: Path) -> int:
    print("$ replay rehearse", " ".join(args), flush=True)
    # A child of ours, so a SIGTERM here reaches it and it stops its own children (proxies, runner).
    child = children.start(f"rehearse {out.name}", [*REPLAY, "rehearse", *args, "--out", str(out), "-q"])
    code = child.proc.wait()
    if code not in (0, 1):
        print(child.tail(3))
    report = out / "report.json"
    if report.exists():
        data = orjson.loads(report.read_bytes())
        for g in data["gates"]:
            print(f"  gate {'pass' if g['passed'] else 'FAIL'}: {g['detail']}")
        for f in data["findings"]:
            print(f"  [{f['severity']}] {f['title']}: {f['detail']}")
        if data["collapse"]:
            print(f"  collapse: step {data['collapse']['step']} {data['collapse']['reason']}")
    print(f"  -> exit {code}", flush=True)
    return code


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--capture", type=Path)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--no-faults", action="store_true")
    ap.add_argument("--only", choices=["candidate", "production"])
    a = ap.parse_args()
    out = a.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    codes = {}
    with sigterm_as_interrupt(), Children() as children:
        model, search = start_model(children), start_search(children)
        capture, qa_capture = a.capture, out / "qa.jsonl.zst"
        if capture is None or not qa_capture.exists():
            prod = start_assistant(children, "production", model.url, search.url, name="production-live")
            if capture is None:
                capture = out / "capture.jsonl.zst"
                proxy = start_capture(children, prod.url, ("127.0.0.1", 0), CaptureOptions(out=capture))
                asyncio.run(drive(f"{proxy.url}/api/assist", generate(a.count, 1), 20.0, 16, 1, 60.0))
                print(f"captured {proxy.stop().exchanges} exchanges -> {capture}")
            proxy = start_capture(children, prod.url, ("127.0.0.1", 0), CaptureOptions(out=qa_capture))
            with httpx.Client(timeout=30) as client:
                for case in load_qa():
                    body = {"messages": [{"role": "user", "content": case.prompt}], "user_id": "qa-tester"}
                    client.post(f"{proxy.url}/api/assist", json=body)
            print(f"captured {proxy.stop().exchanges} QA exchanges -> {qa_capture}")
            prod.stop()
        names = [] if a.no_faults else [f.name for f in pipeline.load(ROOT / "scenarios/demo.toml").faults]
        egress = Egress.of(names, model.url, search.url)
        faults = [x for s in egress.sets() or ["faults=[]"] for x in ("--set", s)]
        for release in ("candidate", "production"):
            if a.only and release != a.only:
                continue
            staging = egress.begin(children, release, {}, f"staging-{release}").wait()
            demo = [str(ROOT / "scenarios/demo.toml"), "--capture", str(capture), "--target", staging.url, *faults]
            codes[f"demo/{release}"] = _rehearse(children, demo, out / f"demo-{release}")
            staging.stop()
            # The QA set as staging is usually tested: one gentle step, the model called directly.
            staging = start_assistant(children, release, model.url, search.url, name=f"qa-{release}")
            qa = [str(ROOT / "scenarios/smoke.toml"), "--capture", str(qa_capture), "--target", staging.url]
            codes[f"qa/{release}"] = _rehearse(children, qa, out / f"qa-{release}")
            staging.stop()
    print(codes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
