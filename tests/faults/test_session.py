"""What the runner calls: proxies from a scenario's [[faults]], switched on the run's clock, counters
saved in the run directory and read back by the collapse analysis."""

from __future__ import annotations

import contextlib
import http.server
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest

from replay.config.scenario import parse_scenario
from replay.errors import BadInput, ProxyStartError
from replay.faults.proxy import FaultControl
from replay.runner.faults import FaultSession, plan_faults
from replay.runner.rundir import FAULTS
from replay.runner.runinfo import PlannedStep, RunInfo, Status, write_info
from replay.util.hostport import free_port
from replay.util.procs import Children
from tests.conftest import TIMING, serving
from tests.faults.conftest import upstream_url

SCENARIO = """
[[faults]]
name = "model"
upstream = "UPSTREAM"
steps = ["none", "slow", "broken"]
[[faults.profiles]]
name = "slow"
rules = [{ type = "latency", delay = "150ms" }]
[[faults.profiles]]
name = "broken"
rules = [{ type = "error", status = 503 }]
"""
STEP = 1.0
CLEAR = 0.35  # requests only this far from a step boundary: a switch may land late on a busy machine (0.25 s
# failed once under a load of 5)


@TIMING
@pytest.mark.e2e
def test_follow_the_run_clock(tmp_path: Path, upstream) -> None:  # type: ignore[no-untyped-def]
    scenario = parse_scenario(SCENARIO.replace("UPSTREAM", upstream_url(upstream)))
    steps = [PlannedStep(k, k * STEP, STEP) for k in range(3)]
    plan_faults(scenario, steps)
    assert [s.faults for s in steps] == ["model=none", "model=slow", "model=broken"]
    info = RunInfo(id="r", planned_steps=steps)
    write_info(tmp_path, info)
    with Children() as children:
        session = FaultSession.start(children, scenario.faults, tmp_path)
        start = time.time() + 0.3  # as the runner does: the start comes once it is ready
        info.status, info.start = Status.RUNNING, start
        write_info(tmp_path, info)
        url = session.url("model")
        assert url is not None and session.url("search") is None
        seen: dict[int, list[int]] = {0: [], 1: [], 2: []}
        with httpx.Client(timeout=5) as client:
            while (t := time.time() - start) < 3 * STEP:
                if t > 0 and CLEAR < (t % STEP) < STEP - CLEAR:
                    seen[int(t // STEP)].append(client.get(url + "/json").status_code)
                time.sleep(0.02)
        session.finish(tmp_path)
    assert set(seen[0]) == {200} and set(seen[1]) == {200} and set(seen[2]) == {503}
    segs = orjson.loads((tmp_path / FAULTS).read_bytes())["proxies"][0]["counters"]["segments"]
    assert [(s["label"], s["profile"]) for s in segs] == [("", "none"), ("0", "none"), ("1", "slow"), ("2", "broken")]
    assert segs[2]["faults"] == {"latency": segs[2]["requests"]} and segs[3]["responses"] == {"503": len(seen[2])}


@pytest.mark.parametrize(
    ("steps", "edit", "message"),
    [
        (2, ("", ""), "s.toml: faults[0].steps: 3 profiles for 2 load steps"),
        (3, ('name = "model"', 'name = "model"\nlisten = "127.0.0.1:PORT"'), "s.toml: faults[0].listen: port PORT"),
    ],
)
def test_bad_input_before_any_load(upstream, steps: int, edit: tuple[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        text = SCENARIO.replace("UPSTREAM", upstream_url(upstream)).replace(*edit).replace("PORT", port)
        scenario = parse_scenario(text, "s.toml")
        with pytest.raises(BadInput, match=re.escape(message.replace("PORT", port))):
            plan_faults(scenario, [PlannedStep(k, k, 1) for k in range(steps)])


def _entries(upstream: str, listens: list[str]) -> str:
    return "".join(
        f'[[faults]]\nname = "dep{k}"\nupstream = "{upstream}"\nlisten = "{at}"\n' for k, at in enumerate(listens)
    )


def test_every_entry_is_a_listener_of_one_process_and_one_that_cannot_listen_is_named() -> None:
    """The entries with an upstream are listeners of one mitmdump; the one that cannot listen (an address not on
    this machine) is named, before anything starts."""
    scenario = parse_scenario(_entries("http://127.0.0.1:9", ["127.0.0.1:0", "192.0.2.1:0", "127.0.0.1:0"]))
    with Children() as children, pytest.raises(ProxyStartError, match=r"^dep1: cannot listen on 192\.0\.2\.1 \("):
        try:
            FaultSession.start(children, scenario.faults)
        finally:
            started = list(children.started)
    assert started == []
    scenario = parse_scenario(_entries("http://127.0.0.1:9", ["127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"]))
    with Children() as children:
        session = FaultSession.start(children, scenario.faults)
        assert [c.name for c in children.started] == ["mitmdump (faults: dep0, dep1, dep2)"]
        assert len({session.url(f"dep{k}") for k in range(3)}) == 3
        children.started[0].kill()
        assert session.dead() == "fault proxies dep0, dep1, dep2 died (killed by SIGKILL) during the run"


def test_two_proxies_on_one_port() -> None:
    """Started side by side, the second would not find the port taken by the first: said before any load."""
    port = free_port()
    at = f"127.0.0.1:{port}"
    scenario = parse_scenario(_entries("http://127.0.0.1:9", ["127.0.0.1:0", at, at]), "s.toml")
    with pytest.raises(BadInput, match=re.escape(f"s.toml: faults[2].listen: port {port} on 127.0.0.1 is faults[1]'s")):
        plan_faults(scenario, [PlannedStep(0, 0, 1)])


class _Told(http.server.BaseHTTPRequestHandler):
    """A proxy's control endpoint that answers a switch only once every proxy of the run has been told: told one
    after another, the first waits for the next until the barrier breaks, and answers 500."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        try:
            self.server.barrier.wait()  # type: ignore[attr-defined]
            status, body = 200, {"active": "slow"}
        except threading.BrokenBarrierError:
            status, body = 500, {"error": "switched alone"}
        data = orjson.dumps(body)
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_step_switches_every_proxy_side_by_side() -> None:
    """One after another, each switch a round trip of 1-3 s on a loaded machine, the demo's third proxy switched 6 s
    after its first, and the step's windows (timed from the switch) were cut short. Nothing is timed here: each
    control endpoint answers only once both were told."""
    barrier = threading.Barrier(2, timeout=8)  # under the control client's 10 s
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Told) for _ in range(2)]
    with contextlib.ExitStack() as stack:
        for server in servers:
            server.barrier = barrier  # type: ignore[attr-defined]
            stack.enter_context(serving(server))
        entries = "".join(
            f'[[faults]]\nname = "p{i}"\ncontrol = "http://127.0.0.1:{s.server_address[1]}"\nsteps = ["none", "slow"]\n'
            '[[faults.profiles]]\nname = "slow"\nrules = [{ type = "latency", delay = "1ms" }]\n'
            for i, s in enumerate(servers)
        )
        configs = parse_scenario(entries).faults
        session = FaultSession(configs, [FaultControl(c.control) for c in configs], [None, None])
        session.switch(1)
