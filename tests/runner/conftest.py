"""Fixtures of the runner tests: the scriptable target (tests/runner/target.py) in a child process."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Target:
    url: str
    proc: subprocess.Popen[str]

    def stats(self) -> dict[str, Any]:
        """Requests seen: count, per x-replay-id counts, and a log of [id, path, epoch]."""
        with urllib.request.urlopen(self.url + "/__stats", timeout=10) as resp:
            return orjson.loads(resp.read())


@contextlib.contextmanager
def running_target(*args: str) -> Iterator[Target]:
    """A target with options (``--stall-after S --stall-for D``), stopped on leaving."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.runner.target", *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert proc.stdout is not None
        yield Target(f"http://127.0.0.1:{int(proc.stdout.readline())}", proc)
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def start_target() -> Iterator[Callable[..., Target]]:
    """Start a target with options (``--stall-after S --stall-for D``); all are stopped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda *args: stack.enter_context(running_target(*args))


@pytest.fixture
def target(start_target: Callable[..., Target]) -> Target:
    return start_target()


def write_inputs(
    where: Path,
    base_url: str,
    requests: list[tuple[str, str] | tuple[str, str, bytes]],
    load: str,
    extra: str = "",
    name: str = "s",
) -> tuple[Path, Path]:
    """A capture of ``requests`` (method, path[, body]), a scenario around it and its plan (the real sampler)."""
    from replay.config.scenario import load_scenario
    from replay.exchange.format import Body, Exchange, Request, Response, Timings
    from replay.exchange.write import CaptureWriter
    from replay.shape.plan import write_plan
    from replay.shape.sample import make_plan

    capture = where / "capture.jsonl"
    if not capture.exists():
        writer = CaptureWriter(capture)
        for i, (method, path, *body) in enumerate(requests):
            headers = [("accept", "*/*"), ("cookie", "sid=1"), ("x-api-key", "[REDACTED]")]
            req = Request(
                method, f"https://prod.example.com{path}", headers, Body.from_bytes(body[0]) if body else None
            )
            writer.write(Exchange(f"e{i}", req, Timings(1000.0 + i), Response(200, [])))
        writer.close()
    scenario = where / f"{name}.toml"
    scenario.write_text(
        f'{load}\n[target]\nbase_url = "{base_url}"\nallow_hosts = ["127.0.0.1"]\n{extra}\n', encoding="utf-8"
    )
    plan = where / f"{name}.plan"
    write_plan(plan, make_plan(capture, load_scenario(scenario)))
    return scenario, plan


def replay_cli(*args: str, timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The installed ``replay`` command (.venv/bin/replay) in a child process; SIGTERM on timeout."""
    exe = Path(sys.executable).with_name("replay")
    proc = subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()  # replay stops its children on SIGTERM
        out, err = proc.communicate(timeout=30)
        raise AssertionError(f"replay {' '.join(args)} timed out; stderr: {err}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
