"""``scenarios/fallback.toml`` against the demo world, briefly (about 200 rows): the primary model errors
and then slows through the fault proxy, the secondary (Anthropic API, its own model id) takes over, and
the report gives each path's share per step and its cost per 1,000 requests."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.demo.drive import drive
from replay.demo.population import generate
from replay.demo.world import start_assistant, start_model, start_search
from replay.util.hostport import free_port
from replay.util.procs import Children
from tests.runner.conftest import replay_cli

ROOT = Path(__file__).resolve().parents[2]
FAST = {"ttft": 0.03, "per_token": 0.001, "latency_jitter": 0.0}
# The assistant's timeouts scaled down to test speed: one retry, a 1 s attempt, the slow step 2 s slow.
STAGING = {"model_timeout": 1.0, "retries": 1, "backoff": 0.05, "jitter": 0.0, "secondary_timeout": 5.0}
STEPS = 4
RATE, SECONDS = 25, 2


@pytest.mark.e2e
def test_fallback_rehearsal_shows_each_path(tmp_path: Path) -> None:
    with Children() as children:
        model, search = start_model(children, FAST), start_search(children)
        live = start_assistant(children, "production", model.url, search.url, name="live")
        capture = tmp_path / "capture.jsonl.zst"
        proxy = start_capture(children, live.url, ("127.0.0.1", 0), CaptureOptions(out=capture))
        asyncio.run(drive(f"{proxy.url}/api/assist", generate(120, 3), 40.0, 16, 3, 30.0))
        proxy.stop()
        port = free_port()
        staging = start_assistant(children, "production", f"http://127.0.0.1:{port}", search.url, STAGING, "staging")
        sets = [f"faults.0.upstream={model.url}", f"faults.0.listen=127.0.0.1:{port}"]
        sets += ["faults.0.profiles.2.rules.0.delay=2s"]
        for i in range(STEPS):
            sets += [f"load.steps.{i}.rate={RATE}", f"load.steps.{i}.duration={SECONDS}s"]
        out = tmp_path / "run"
        args = ["rehearse", str(ROOT / "scenarios/fallback.toml"), "--capture", str(capture)]
        args += ["--target", staging.url, "--out", str(out), "-q"]
        proc = replay_cli(*args, *(x for s in sets for x in ("--set", s)), timeout=240)
    assert proc.returncode in (0, 1), proc.stderr
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["totals"]["sent"] == STEPS * RATE * SECONDS
    costs = report["costs"]
    share = {r["name"]: r["share"] for r in costs["rows"] if r["scope"] == "step_path"}
    answered = {s: share.get(f"{s}/primary", 0) + share.get(f"{s}/secondary", 0) for s in range(STEPS)}
    assert share["0/primary"] > 0.8 and share.get("0/secondary", 0) == 0  # no faults: the primary answers
    assert share["2/secondary"] > 0.8 and share.get("2/primary", 0) == 0  # primary down: the secondary
    assert share["3/secondary"] > 0.8  # primary past its timeout: the secondary
    assert all(answered[s] > 0.8 for s in range(STEPS))  # the canned answer stays rare
    paths = {r["name"]: r for r in costs["rows"] if r["scope"] == "path"}
    assert paths["primary"]["per_1k"] > 0 and paths["secondary"]["per_1k"] > 0
    assert paths["secondary"]["per_1k"] != paths["primary"]["per_1k"]  # its own price
    assert paths["secondary"]["ttft_p50"] is None or paths["secondary"]["latency_p50"] > 0
    models = {r["name"] for r in costs["rows"] if r["scope"] == "model"}
    assert {"support-mini-2024-07", "support-claude-2024-10"} <= models
    assert costs["fallback_cost"] > 0 and costs["retry_cost"] > 0
