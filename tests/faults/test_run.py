"""``replay run`` with [[faults]]: the runner starts the fault proxy in front of the demo model, switches
its profile at the step boundary, records the profile in every result row and the proxy's counters in
the run directory; the collapse analysis of the judged run finds the candidate's fallbacks and retry
amplification."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.demo.world import start_assistant, start_model, start_search
from replay.judge.run import judge_run
from replay.report.make import collapse_view, frame_of
from replay.runner import open_run, rundir
from replay.util.hostport import free_port
from replay.util.procs import Children
from tests.conftest import TIMING
from tests.runner.conftest import replay_cli, write_inputs

pytestmark = [pytest.mark.e2e, TIMING]  # a fault step against the candidate's model timeout

PROMPTS = ["How do I reset my password?", "Can I get a refund for my last order?", "How do I cancel my subscription?"]
LOAD = "[sample]\nseed = 3\nsize = 16\n[load]\n" + "[[load.steps]]\nrate = 4\nduration = 2\n" * 2
FAULTS = """allow_unsafe = ["POST /api/assist"]
[[faults]]
name = "model"
upstream = "MODEL"
listen = "127.0.0.1:PORT"
steps = ["none", "slow"]
[[faults.profiles]]
name = "slow"
rules = [{ type = "latency", delay = "1300ms" }]     # past the candidate's model timeout (1 s here)
[checks]
fallback = [{ header = "x-fallback", equals = "true" }]
retries_header = "x-attempted-retries"
"""
CANDIDATE = {"model_timeout": 1.0, "backoff": 0.05, "backoff_max": 0.2, "budget": 4.0}


def test_run_switches_records_and_counts(tmp_path: Path) -> None:
    port = free_port()
    requests = [
        ("POST", "/api/assist", orjson.dumps({"messages": [{"role": "user", "content": p}], "user_id": f"u{i}"}))
        for i, p in enumerate(PROMPTS)
    ]
    with Children() as children:
        # Answers well inside a 1 s model timeout, and a candidate whose slow step's every call gives up after
        # 4 s (its timeout, retries and budget scaled down from 2 s and 8 s): the same story, its tail half as long.
        model, search = start_model(children, {"per_token": 0.001}), start_search(children)
        # The candidate's model URL points at the proxy the runner is about to start.
        target = start_assistant(children, "candidate", f"http://127.0.0.1:{port}", search.url, CANDIDATE)
        extra = FAULTS.replace("MODEL", model.url).replace("PORT", str(port))
        scenario, plan = write_inputs(tmp_path, target.url, requests, LOAD, extra)
        out = tmp_path / "run"
        proc = replay_cli("run", str(scenario), "--plan", str(plan), "--out", str(out), timeout=90)
        assert proc.returncode == 0, proc.stderr
    run = open_run(out)
    assert [s.faults for s in run.info.steps] == ["model=none", "model=slow"]
    results = run.results()
    assert len(results) == 16 and all(r.faults == f"model={['none', 'slow'][r.step]}" for r in results)
    segments = orjson.loads((out / rundir.FAULTS).read_bytes())["proxies"][0]["counters"]["segments"]
    assert [(s["label"], s["profile"]) for s in segments][1:] == [("0", "none"), ("1", "slow")]
    judged = judge_run(run)
    c = collapse_view(judged, frame_of(judged))  # as the report makes it
    s0, s1 = c.steps
    assert s0.rates == {"ok": 1.0} and s0.amplification <= 1.0
    assert s1.rates.get("fallback", 0) >= 0.75 and s1.amplification >= 2.5, (s1.rates, s1.amplification)
    assert s1.service_retries is not None and s1.service_retries >= 2  # x-attempted-retries agrees
    assert c.step == 1 and c.label == "4/s, model: slow"
