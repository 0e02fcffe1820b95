"""The master's gate as a worker meets it: a real worker process (``python -m replay.runner worker``) against
the master's end of Locust's wire (a ZeroMQ ROUTER socket and Locust's msgpack messages, written here so
that the test, not a machine's load, decides the order in which the worker reads them)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import msgpack
import pytest
import zmq

from replay.runner.gate import TOKEN_ENV, proof

pytestmark = pytest.mark.e2e


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
        assert _next(master, "replay_proof")[1] == proof("shared", "nonce")
        _send(master, node, "quit", None)  # as the gate sends a wrong proof's worker away
        worker.wait(30)
    finally:
        worker.kill()
        master.close(linger=0)
        ctx.term()
