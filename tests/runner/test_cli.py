"""``replay run`` refuses bad input with one line and exit 2, before any load starts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import assert_bad_input, replay_here
from tests.runner.conftest import Target, write_inputs

LOAD = "[sample]\nseed = 1\n[load]\n[[load.steps]]\nrate = 50\nduration = 1\n"


def refused(tmp_path: Path, target: Target, scenario: Path, plan: Path, *needles: str) -> None:
    out = tmp_path / "run"
    proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out))
    assert_bad_input(proc, *needles)
    assert not out.exists()  # nothing started
    assert target.stats()["count"] == 0


def test_plan_of_another_scenario(tmp_path: Path, target: Target) -> None:
    _, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD, name="a")
    other, _ = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD.replace("rate = 50", "rate = 80"), name="b")
    refused(tmp_path, target, other, plan, "does not belong", "50/s for 1.00 s vs steps 80/s for 1.00 s")


def test_target_not_in_allowlist(tmp_path: Path, target: Target) -> None:
    url = target.url.replace("127.0.0.1", "localhost")
    scenario, plan = write_inputs(tmp_path, url, [("GET", "/ok")], LOAD)
    refused(tmp_path, target, scenario, plan, "target.base_url: host localhost is not in target.allow_hosts")


def test_unset_env_in_a_header_rule(tmp_path: Path, target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLAY_TEST_UNSET", raising=False)
    extra = '[target.headers]\nset = { authorization = "Bearer ${REPLAY_TEST_UNSET}" }'
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD, extra)
    refused(tmp_path, target, scenario, plan, "target.headers.set.authorization: ${REPLAY_TEST_UNSET} is not set")


def test_unreachable_target(tmp_path: Path, target: Target) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    scenario, plan = write_inputs(tmp_path, f"http://127.0.0.1:{port}", [("GET", "/ok")], LOAD)
    refused(tmp_path, target, scenario, plan, f"target http://127.0.0.1:{port} is unreachable")


def test_unsafe_method_not_allowed(tmp_path: Path, target: Target) -> None:
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok"), ("POST", "/v1/orders", b"{}")], LOAD)
    refused(tmp_path, target, scenario, plan, "unsafe methods", "POST /v1/orders", "allow_unsafe")


def test_changed_capture(tmp_path: Path, target: Target) -> None:
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD)
    with open(tmp_path / "capture.jsonl", "ab") as fh:
        fh.write(b"\n")
    refused(tmp_path, target, scenario, plan, "changed since the plan was sampled")


def test_worker_without_a_master(tmp_path: Path) -> None:
    """A worker pointed where no master listens says at once where it waits, and gives up after --master-wait
    in one line (Locust alone retries for 5 minutes in silence)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = replay_here("worker", "--master", f"127.0.0.1:{port}", "--master-wait", "1")
    assert proc.stdout.startswith(f"waiting for the master at 127.0.0.1:{port} (up to 1 s)"), proc.stdout
    assert_bad_input(proc, f"--master 127.0.0.1:{port}: no master answered within 1 s", "--master-wait")


def test_a_worker_s_master_that_does_not_resolve_is_named(tmp_path: Path) -> None:
    """A misspelt master's name waited --master-wait, then said 'no master answered; start replay run there first'
    (RFC 6761's .invalid never resolves)."""
    proc = replay_here("worker", "--master", "no-such-master.invalid:5557", "--master-wait", "1")
    assert_bad_input(proc, "--master no-such-master.invalid:5557: host no-such-master.invalid does not resolve (")


@pytest.mark.parametrize("option", ["--master-bind", "--web-port"])
def test_a_port_in_use(tmp_path: Path, target: Target, option: str) -> None:
    """The master's port or the web UI's in use: one line before any load, not Locust's bind traceback from the
    master's log, nor a web UI announced at another process's port."""
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = (
            ["--workers", "1", "--master-bind", f"127.0.0.1:{port}"]
            if option == "--master-bind"
            else ["--web", "--web-port", str(port)]
        )
        out = tmp_path / "run"
        proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out), *args)
    assert_bad_input(proc, f"{option}: port {port} on 127.0.0.1 is already in use")
    assert not out.exists() and target.stats()["count"] == 0
