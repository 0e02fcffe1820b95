"""A pool of two writers (``--writers 2``) with real processes: every exchange written once, in the
order the proxy handed them over; a writer or the sink killed mid-capture stops the capture loudly
(exit 3, the loss in numbers) with nothing a client received missing; mitmdump killed loses nothing
a client received either."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import sys
import threading
from pathlib import Path

import httpx
import psutil
import pytest

from replay.capture import frames
from replay.capture.pool import WriterPool
from replay.capture.proxy import CaptureOptions, start_capture
from replay.exchange.read import ReadStats, read_exchanges
from replay.util.procs import Children
from tests.capture.test_failures import Load, _error_line, assert_gone, big_body, captured, processes_of, start_cli
from tests.conftest import Upstream, wait_until

pytestmark = pytest.mark.e2e


USER = {"x-user": "alice@example.com"}


def _role(out: Path, role: str) -> list[psutil.Process]:
    return [p for p in processes_of(out) if "replay.capture.writer" in p.info["cmdline"] and role in p.info["cmdline"]]


def _mixed_load(url: str, seen: set[int], stop: threading.Event, k: int) -> None:
    """Big bodies (slow to redact) and small ones from one client: writers finish out of turn."""
    rng = random.Random(k)
    with httpx.Client(base_url=url, timeout=10) as c:
        for i in range(k, 100_000, 4):
            if stop.is_set():
                return
            with contextlib.suppress(httpx.HTTPError):
                r = c.post(f"/load/{i}", content=big_body(rng)) if i % 3 == 0 else c.get(f"/load/{i}", headers=USER)
                if r.status_code == 200:
                    seen.add(i)


def test_two_writers_write_every_exchange_once_in_handover_order(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "pool.jsonl.zst"
    seen: set[int] = set()
    stop = threading.Event()
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=out, writers=2))
        assert len(_role(out, "redact")) == 2 and len(_role(out, "sink")) == 1
        threads = [threading.Thread(target=_mixed_load, args=(proxy.url, seen, stop, k)) for k in range(4)]
        for t in threads:
            t.start()
        try:
            # A big body every third request, from four clients at once: a dozen or more handed to one writer while
            # the other redacts small ones, each a chance for the writers to finish out of turn.
            wait_until(lambda: len(seen) >= 40, 60, "40 answered requests")
        finally:
            stop.set()
            for t in threads:
                t.join(10)
        summary = proxy.stop()
    stats = ReadStats()
    records = list(read_exchanges(out, stats=stats))
    assert not summary.failed and summary.exchanges == len(records) and stats.bad_lines == 0
    # The order they were handed over in, none missing, none twice.
    assert [ex.meta["seq"] for ex in records] == list(range(1, len(records) + 1))
    assert seen <= {int(ex.request.url.rsplit("/", 1)[1]) for ex in records}
    # One pseudonym for alice, whichever writer redacted her (no REPLAY_REDACT_KEY set: the pool's own key).
    users = {v for ex in records for k, v in ex.request.headers if k == "x-user"}
    assert len(users) == 1 and "alice" not in users.pop()
    assert_gone(out)


@pytest.mark.parametrize("role", ["redact", "sink"])
def test_a_killed_writer_of_two_stops_the_capture_loudly(upstream: Upstream, tmp_path: Path, role: str) -> None:
    out = tmp_path / f"{role}.jsonl"
    cli = start_cli(upstream, out, "--writers", "2")
    load = Load(cli.url).start()
    try:
        load.wait_for(40)
        _role(out, role)[0].kill()
        stdout, stderr = cli.finish()  # stops by itself
    finally:
        load.end()
    assert cli.proc.returncode == 3, (stdout, stderr)
    line = _error_line(stderr)
    # the one killed is named (it was "the writer process" whichever it was); a killed redacting writer is seen by
    # its answers' end, or first by a write to it that fails (a busy machine)
    died = r"the sink process exited \(code -9\)" if role == "sink" else r"writer process [12] of 2 (exited|is gone) \("
    assert re.search(f"capture failed: {died}", line) and "exchanges recorded" in line, line
    assert load.seen and load.seen <= captured(out)  # nothing served unrecorded
    assert_gone(out)


def test_mitmdump_killed_with_two_writers_loses_nothing_the_client_saw(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "k.jsonl"
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=out, writers=2))
        load = Load(proxy.url).start(4)
        try:
            load.wait_for(60)
            proxy.mitm.child.kill()
        finally:
            load.end()
        # The writers outlive mitmdump: they drain what was handed over, the sink writes it, all exit.
        assert proxy.mitm.announcements.wait_eof(30)
    assert load.seen <= captured(out)
    assert_gone(out)


def test_what_the_stopping_turn_handed_over_is_written_before_the_pipes_close(tmp_path: Path) -> None:
    """An exchange handed over in the loop turn that closes the pool (its write due at the turn's end) went
    to a closed pipe: answered 'not written', the writer said gone, a capture stopped as it should be failed."""
    out, answers, gone = tmp_path / "t.jsonl", [], []
    argv = [sys.executable, "-m", "replay.capture.writer", "--out", str(out)]
    header = {"id": "1", "request": {"method": "GET", "url": "http://h/x", "headers": []}, "timings": {"start": 1.0}}

    async def turn() -> None:
        pool = WriterPool(argv, 1, "", lambda token, ok: answers.append(ok), gone.append)
        seq = pool.next_seq()
        pool.put(0, frames.exchange_frame(seq, header | {"cap": 100}, []), seq, "token", soon=True)
        pool.close()
        await asyncio.sleep(0)  # the turn's end

    asyncio.run(turn())
    assert gone == [] and answers == []  # the pool was closed first: no answer, no loss
    assert [ex.request.url for ex in read_exchanges(out)] == ["http://h/x"]
