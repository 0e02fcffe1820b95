"""Capture at scale: three capture proxies behind one (imagined) load balancer, one shard each, read
back as one capture by every reader, pseudonyms the same in every shard under one REPLAY_REDACT_KEY."""

from __future__ import annotations

import os
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import orjson
import pytest

from replay.capture.proxy import CaptureOptions, CaptureProxy, start_capture
from replay.config.scenario import parse_scenario
from replay.exchange.read import read_exchanges
from replay.exchange.write import shard_path
from replay.shape.plan import iter_requests
from replay.shape.sample import make_plan
from replay.util.procs import Children
from tests.conftest import Upstream, replay_here

pytestmark = pytest.mark.e2e


def test_three_proxies_one_plan(upstream: Upstream, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLAY_REDACT_KEY", "one-key-for-every-shard")
    shards = tmp_path / "shards"
    shards.mkdir()

    def start(i: int) -> CaptureProxy:
        return start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=shards / f"cap-{i}.jsonl"))

    # The proxies start and stop side by side, as a load balancer's would: each mitmdump's start is seconds
    # of waiting, and nothing here depends on their order. They are stopped before the pool's threads end: a
    # child gets its parent-death signal (PR_SET_PDEATHSIG) when the thread that started it exits.
    with Children() as children, ThreadPoolExecutor(3) as pool:
        proxies = list(pool.map(start, range(3)))
        for n in range(12):  # round robin, as a load balancer would
            body = {"messages": [{"role": "user", "content": f"question {n}: write to alice.smith@corp-mail.com"}]}
            r = httpx.post(f"{proxies[n % 3].url}/v1/chat", json=body)
            assert r.status_code == 200
        summaries = list(pool.map(CaptureProxy.stop, proxies))
    assert [s.exchanges for s in summaries] == [4, 4, 4]

    merged = list(read_exchanges(shards))
    assert len(merged) == 12
    starts = [ex.timings.start for ex in merged]
    assert starts == sorted(starts)  # sent one after another: start order is send order
    questions = [orjson.loads(ex.request.body.to_bytes())["messages"][0]["content"] for ex in merged]
    assert [q.split(":")[0] for q in questions] == [f"question {n}" for n in range(12)]
    emails = {q.split("write to ")[1] for q in questions}
    assert len(emails) == 1 and "alice.smith" not in emails.pop()  # one pseudonym across the shards

    scenario = parse_scenario("[sample]\nsize = 12\nseed = 3\n[load]\nspeed = 1.0\n", "shards.toml")
    plan = make_plan(shards, scenario)
    assert len(plan) == 12 and plan.header.capture.records == 12
    sent = [orjson.loads(r.body)["messages"][0]["content"] for r in iter_requests(plan)]
    assert sorted(sent) == sorted(questions)

    # The command-line readers take several files, a directory or a glob the same way (run in this process:
    # what is checked is what they say; the entry point's own process is tests/test_cli.py's).
    files = sorted(str(p) for p in shards.iterdir())
    out = replay_here("inspect", "--json", *files)
    assert out.returncode == 0, out.stderr
    assert orjson.loads(out.stdout)["exchanges"] == 12
    out = replay_here("sample", str(shards / "*.jsonl"), "--size", "6", "--out", str(tmp_path / "p.plan"))
    assert out.returncode == 0, out.stderr
    out = replay_here("export", str(shards), "--har", str(tmp_path / "all.har"))
    assert out.returncode == 0 and "exported 12 exchanges" in out.stdout, out.stderr
    out = replay_here("scan", *files)
    assert out.returncode == 0 and "12 records" in out.stdout, out.stdout + out.stderr
    out = replay_here("redact", str(shards), "--out", str(tmp_path / "again.jsonl"))
    assert out.returncode == 0 and "redacted 12 records" in out.stdout, out.stderr


def test_out_takes_host_and_pid() -> None:
    got = shard_path("captures/{host}-{pid}.jsonl.zst", pid=41)
    assert got == Path(f"captures/{socket.gethostname().split('.')[0]}-41.jsonl.zst")
    assert shard_path("c-{pid}.jsonl") == Path(f"c-{os.getpid()}.jsonl")
