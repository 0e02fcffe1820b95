"""``scenarios/fallback.toml`` against the demo world, briefly: the primary model errors and then slows
through the fault proxy, the secondary (Anthropic API, its own model id) takes over, and the report gives
each path's share per step and its cost per 1,000 requests; then ``--search`` finds the fallback path's
capacity, where the secondary itself collapses into the canned answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.demo.drive import drive
from replay.demo.population import generate
from replay.demo.world import Service, start_assistant, start_model, start_search
from replay.util.hostport import free_port
from replay.util.procs import Children
from tests.runner.conftest import replay_cli

ROOT = Path(__file__).resolve().parents[2]
FAST = {"ttft": 0.03, "per_token": 0.001, "latency_jitter": 0.0}
# The assistant's timeouts scaled down to test speed: one retry, a 1 s attempt, the slow step 2 s slow.
STAGING = {"model_timeout": 1.0, "retries": 1, "backoff": 0.05, "jitter": 0.0, "secondary_timeout": 5.0}
STEPS = 4
RATE, SECONDS = 25, 2
# The secondary's own server for the search: 2 generations at once, at least 200 ms each, 429 past that.
SLOTS, SECONDARY_TTFT = 2, 0.2
SECONDARY = {"ttft": SECONDARY_TTFT, "per_token": 0.001, "latency_jitter": 0.0, "capacity": SLOTS}
SECONDARY |= {"overflow": "reject", "anthropic_overflow_status": 529}


@dataclass
class Demo:
    children: Children
    model: Service
    search: Service
    capture: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The model, search, and a capture of the production release's traffic."""
    with Children() as children:
        model, search = start_model(children, FAST), start_search(children)
        live = start_assistant(children, "production", model.url, search.url, name="live")
        capture = tmp_path_factory.mktemp("fallback") / "capture.jsonl.zst"
        proxy = start_capture(children, live.url, ("127.0.0.1", 0), CaptureOptions(out=capture))
        asyncio.run(drive(f"{proxy.url}/api/assist", generate(120, 3), 40.0, 16, 3, 30.0))
        proxy.stop()
        live.stop()
        yield Demo(children, model, search, capture)


def _rehearse(demo: Demo, out: Path, knobs: dict[str, object], sets: list[str], *flags: str) -> dict:
    port = free_port()
    staging = start_assistant(
        demo.children, "production", f"http://127.0.0.1:{port}", demo.search.url, knobs, out.name
    )
    sets = [f"faults.0.upstream={demo.model.url}", f"faults.0.listen=127.0.0.1:{port}", *sets]
    args = ["rehearse", str(ROOT / "scenarios/fallback.toml"), "--capture", str(demo.capture)]
    args += ["--target", staging.url, "--out", str(out), "-q", *flags]
    proc = replay_cli(*args, *(x for s in sets for x in ("--set", s)), timeout=300)
    staging.stop()
    assert proc.returncode in (0, 1), proc.stderr
    return orjson.loads((out / "report.json").read_bytes())  # type: ignore[no-any-return]


@pytest.mark.e2e
def test_fallback_rehearsal_shows_each_path(demo: Demo, tmp_path: Path) -> None:
    sets = ["faults.0.profiles.2.rules.0.delay=2s"]
    for i in range(STEPS):
        sets += [f"load.steps.{i}.rate={RATE}", f"load.steps.{i}.duration={SECONDS}s"]
    report = _rehearse(demo, tmp_path / "steps", STAGING, sets)
    assert report["totals"]["sent"] == STEPS * RATE * SECONDS
    costs = report["costs"]
    share = {r["name"]: r["share"] for r in costs["rows"] if r["scope"] == "step_path"}
    answered = {s: share.get(f"{s}/primary", 0) + share.get(f"{s}/secondary", 0) for s in range(STEPS)}
    assert share["0/primary"] > 0.8 and share.get("0/secondary", 0) < 0.05  # no faults: the primary answers
    # Primary down: the secondary (a few rows of the step boundary were answered before the switch).
    assert share["2/secondary"] > 0.8 and share.get("2/primary", 0) < 0.1
    assert share["3/secondary"] > 0.8  # primary past its timeout: the secondary
    assert all(answered[s] > 0.8 for s in range(STEPS))  # the canned answer stays rare
    paths = {r["name"]: r for r in costs["rows"] if r["scope"] == "path"}
    assert paths["primary"]["per_1k"] > 0 and paths["secondary"]["per_1k"] > 0
    assert paths["secondary"]["per_1k"] != paths["primary"]["per_1k"]  # its own price
    models = {r["name"] for r in costs["rows"] if r["scope"] == "model"}
    assert {"support-mini-2024-07", "support-claude-2024-10"} <= models
    assert costs["fallback_cost"] > 0 and costs["retry_cost"] > 0


@pytest.mark.e2e
def test_search_finds_the_fallback_paths_capacity(demo: Demo, tmp_path: Path) -> None:
    secondary = start_model(demo.children, SECONDARY, name="secondary")
    knobs = {**STAGING, "secondary_url": secondary.url}
    report = _rehearse(demo, tmp_path / "search", knobs, ["load.search.duration=3s"], "--search")
    found = report["capacity"]
    lo, hi = found["bracket"]
    # The primary down, every answer is the secondary's: SLOTS at once, each at least SECONDARY_TTFT
    # plus its tokens (a 60-token answer: 60 ms more), so its capacity lies between these; past it the
    # model rejects and the assistant serves the canned answer. rate(fallback) < 5% lets 5% more through.
    most, least = SLOTS / SECONDARY_TTFT, SLOTS / (SECONDARY_TTFT + 0.1)
    assert lo is not None and hi is not None
    assert least * 0.9 <= lo <= most * 1.06 and hi >= least, found
    assert found["broke"] == "rate(fallback) < 5%", found
    steps = {r["name"]: r["share"] for r in report["costs"]["rows"] if r["scope"] == "path"}
    assert steps.get("secondary", 0) > 0.9  # the passing probe's answers are the secondary's
