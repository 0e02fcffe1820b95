"""``replay run`` and ``replay report`` print the same p99 for the same run: both take the one
quantile (``replay.util.stats``, exact nearest-rank) over the same rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from replay.config.loader import format_duration
from tests.conftest import replay_here
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e


def test_run_and_report_print_the_same_p99(tmp_path: Path, start_target: Callable[..., Target]) -> None:
    target = start_target()
    # 40 rows over three latencies: an interpolated p99 would fall between two rows' latencies.
    load = "[sample]\nseed = 3\n[load]\n[[load.steps]]\nrate = 40\nduration = 1\n"
    requests = [("GET", "/ok"), ("GET", "/slow?ms=20"), ("GET", "/slow?ms=60")]
    scenario, plan = write_inputs(tmp_path, target.url, requests, load)
    out = tmp_path / "run"
    ran = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    reported = replay_here("report", str(out), "--no-plots")
    assert reported.returncode == 0, reported.stderr
    summary = orjson.loads((out / "run.json").read_bytes())["summary"]
    report = orjson.loads((out / "report.json").read_bytes())["latency"]["latency"]
    assert summary["latency_p99"] == report["p99"] and summary["latency_p50"] == report["p50"]
    run_p99 = re.search(r"latency p50 \S+ ms p99 ([\d.]+ ms)", ran.stdout)
    # the terminal wraps its summary line at its width (80 off a TTY): read it as one line
    report_p99 = re.search(r"sent, ok .*?, p99 (\d\S* m?s)", " ".join(reported.stdout.split()))
    assert run_p99 is not None and report_p99 is not None, (ran.stdout, reported.stdout)
    assert run_p99.group(1) == f"{report['p99'] * 1000:.1f} ms"  # what run printed is the report's p99 ...
    assert report_p99.group(1) == format_duration(summary["latency_p99"])  # ... and the other way round
