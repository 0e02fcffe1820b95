"""The master's gate as a worker meets it: a real worker process (``python -m replay.runner worker``) against
the master's end of Locust's wire (a ZeroMQ ROUTER socket and Locust's msgpack messages, written here so
that the test, not a machine's load, decides the order in which the worker reads them), or a real master
(``replay run --expect-workers``) and a worker of another replay build (the same version, other code)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgpack
import pytest

import replay
from replay import __version__
from replay.runner import open_run
from replay.runner.gate import TOKEN_ENV, build, master_version_problem, proof
from tests.runner.conftest import Target, write_inputs

if TYPE_CHECKING:  # imported by the tests that open a socket: not at every xdist worker's collection
    import zmq

pytestmark = pytest.mark.e2e
OTHER = "0.0.0"  # another version


def _send(sock: zmq.Socket[bytes], node: bytes, kind: str, data: Any) -> None:
    sock.send_multipart([node, msgpack.dumps((kind, data, node.decode()))])


def _next(sock: zmq.Socket[bytes], kind: str, timeout: float = 30.0) -> tuple[bytes, Any]:
    """The next message of ``kind`` (heartbeats, stats and logs go by): its sender and data."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if sock.poll(int(left * 1000)):
            node, raw = sock.recv_multipart()
            got, data, _ = msgpack.loads(raw)
            if got == kind:
                return node, data
    raise AssertionError(f"no {kind} from the worker in {timeout:g} s")


def test_a_worker_is_challenged_once_it_says_it_listens_whatever_came_before() -> None:
    """On a loaded machine a worker can read the master's ack and its next message together, before its
    handlers are registered: Locust drops that message, and a challenge dropped so was never answered (a
    rogue worker never sent away, a rightful one never dealt). The ack and an early challenge are sent
    together here; the worker then says hello, and the challenge that answers it is proved. 2 s."""
    import zmq

    ctx = zmq.Context()
    master = ctx.socket(zmq.ROUTER)
    port = master.bind_to_random_port("tcp://127.0.0.1")
    argv = [sys.executable, "-m", "replay.runner", "worker", "--master", f"127.0.0.1:{port}", "--wait", "30"]
    worker = subprocess.Popen(argv, env={**os.environ, TOKEN_ENV: "shared"}, stdout=subprocess.DEVNULL)
    try:
        node, _ = _next(master, "client_ready")
        _send(master, node, "ack", {"index": 0})
        _send(master, node, "replay_challenge", "read-before-the-handlers")
        _next(master, "replay_hello")
        _send(master, node, "replay_challenge", "nonce")
        got = _next(master, "replay_proof")[1]
        if got == proof("shared", "read-before-the-handlers"):  # the worker was slow enough to read it after all
            got = _next(master, "replay_proof")[1]
        assert got == proof("shared", "nonce")
        _send(master, node, "quit", None)  # as the gate sends a wrong proof's worker away
        worker.wait(30)
    finally:
        worker.kill()
        master.close(linger=0)
        ctx.term()


def _other_code(tmp_path: Path) -> dict[str, str]:
    """The environment of a process that imports a copy of this replay with one comment more: its version is this
    one's, its code is not."""
    copy = tmp_path / "other" / "replay"
    shutil.copytree(Path(replay.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "runner" / "dispatch.py").open("a") as f:
        f.write("# a local edit\n")
    return {**os.environ, "PYTHONPATH": str(copy.parent)}


def test_a_worker_of_another_build_is_sent_away_and_the_run_fails(tmp_path: Path, target: Target) -> None:
    """A worker run from a copy of replay with a local edit (one version, two builds): the master sends it away at its
    hello and fails the run at once, each side saying why in one line, both exiting non-zero (its shards and rows
    may differ: the version alone did not tell them apart)."""
    load = "[sample]\nseed = 9\n[load]\n[[load.steps]]\nrate = 100\nduration = 1\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    out = tmp_path / "run"
    exe = str(Path(sys.executable).with_name("replay"))
    argv = [exe, "run", str(scenario), "--plan", str(plan), "--out", str(out), "--expect-workers", "1"]
    master = subprocess.Popen([*argv, "--expect-workers-max-wait", "240"], stderr=subprocess.PIPE, text=True)
    worker = None
    try:
        assert master.stderr is not None
        line = master.stderr.readline()
        assert line.startswith("master waits for 1 more: replay worker --master 127.0.0.1:"), line
        worker = subprocess.Popen(
            [exe, "worker", "--master", line.split()[-1]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_other_code(tmp_path),
            cwd=tmp_path,  # not this checkout's: ``python -m`` puts the working directory first on the path
        )
        _, err = master.communicate(timeout=120)
        wout, werr = worker.communicate(timeout=60)
    finally:
        for p in (master, worker):
            if p is not None:
                p.kill()
    fix = "the same version built from other code (another commit or a local edit): install one release or checkout "
    fix += "on the master and every worker"
    other = rf"{re.escape(__version__)}\+code\.[0-9a-f]{{12}}"
    said = rf"replay: error: the master runs replay {re.escape(build())}, this worker replay ({other}): "
    said += re.escape(fix)
    assert worker.returncode == 2 and (m := re.fullmatch(said, werr.strip())), (wout, werr)
    assert m[1] != build()
    assert master.returncode == 3, err
    assert f"a worker runs replay {m[1]}, this master replay {build()}: {fix}" in err and "Traceback" not in err
    assert open_run(out).info.status == "failed" and target.stats()["count"] == 0


def test_what_a_worker_says_of_its_master_s_build() -> None:
    assert master_version_problem(build()) is None
    assert build().startswith(f"{__version__}+code.")
    assert master_version_problem(f"{OTHER}+code.0123456789ab") == (
        f"the master runs replay {OTHER}+code.0123456789ab, this worker replay {build()}: install replay {OTHER} on "
        "the master and every worker (they must run one version)"
    )
    assert "install replay 0.0.0 on" in (master_version_problem(OTHER) or "")  # a master before builds: a version
    older = master_version_problem(None) or ""  # one before the check names nothing
    assert older.startswith(f"the master runs an older replay, this worker replay {build()}: install replay ")


def test_a_worker_refuses_the_shard_of_a_master_older_than_the_version_check(tmp_path: Path) -> None:
    """A master older than the check never sends a worker away: its shard, which names no version, is refused."""
    import zmq

    ctx = zmq.Context()
    master = ctx.socket(zmq.ROUTER)
    port = master.bind_to_random_port("tcp://127.0.0.1")
    argv = [sys.executable, "-m", "replay.runner", "worker", "--master", f"127.0.0.1:{port}", "--wait", "30"]
    worker = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        node, _ = _next(master, "client_ready")
        _send(master, node, "ack", {"index": 0})
        assert _next(master, "replay_hello")[1] == build()  # the hello names the worker's build
        _send(master, node, "replay_shard", {"worker": 0, "workers": 1})
        refusal = _next(master, "replay_refused")[1]
        _send(master, node, "quit", None)
        out, _ = worker.communicate(timeout=30)
    finally:
        worker.kill()
        master.close(linger=0)
        ctx.term()
    why = f"the master runs an older replay, this worker replay {build()}: install replay {__version__} on the"
    assert refusal.startswith(f"worker 0: {why}") and worker.returncode == 2, (refusal, out)
