"""replay.runner.body: a target's compressed body is read whole and kept short, a corrupt one without its body."""

from __future__ import annotations

import pytest

from replay.config.target import Policy
from replay.runner.body import Outcome
from replay.runner.client import Client
from replay.runner.prepared import Request
from tests.runner.conftest import Target
from tests.runner.target import BOMB as TARGET_BOMB


def _send(target: Target, path: str) -> Outcome:
    client = Client(target.url, connections=1, keep_body=1 << 10)
    try:
        req = Request("GET", path, [("accept", "*/*")], None, f"GET {path.split('?')[0]}", 0)
        return client.send(req, Policy(max_retries=0), b"x-replay-id: b/1\r\n", seed=1)
    finally:
        client.close()


@pytest.mark.parametrize("coding", ["gzip", "zstd", "br"])  # br: 64 MiB in one piece on main (codings' test)
def test_a_target_bomb_is_read_whole_and_kept_short(target: Target, coding: str) -> None:
    out = _send(target, f"/bomb?coding={coding}")
    assert (out.outcome, out.status, out.error) == ("response", 200, "")
    assert out.bytes_in == TARGET_BOMB and out.body == b"\0" * (1 << 10) and not out.undecodable


def test_a_corrupt_body_is_a_response_without_its_body(target: Target) -> None:
    out = _send(target, "/bomb?coding=corrupt")
    assert (out.outcome, out.status, out.error) == ("response", 200, "")
    assert out.body == b"" and out.undecodable.startswith("gzip: ")
