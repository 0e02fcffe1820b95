"""``replay run`` end to end: real Locust runners against the real local target."""

from __future__ import annotations

import collections
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np
import orjson
import psutil
import pytest

from replay.runner import open_run
from replay.runner.rundir import STALLS
from replay.runner.runinfo import STOPPED_BY_SIGNAL
from replay.util.stalls import near_stall, read_stalls
from tests.conftest import ALONE, TIMING, replay_here, wait_until
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e


def run(tmp_path: Path, scenario: Path, plan: Path, *args: str) -> Path:
    """``replay run`` in this process (what it wrote and said is checked; its runner is a real process, and
    the command's own process is the subject of the signal and worker tests below)."""
    out = tmp_path / "run"
    proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out), *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"run {out}: complete"), proc.stdout
    return out


# The generator's own lateness, but with room to spare: beside another test worker under a load of 11 on two cores its
# 99th percentile was 9-16 ms against the half second asked, and the median 0.1-0.3 ms against 10 ms (at a load of 20,
# its waits for a core taken out, 6-37 ms and 0.1 ms).
@TIMING
def test_stall_shows_in_corrected_latency_not_in_service_time(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    # 1,000 rows/s for 3 s; the target holds every answer for 1 s, 1 s after the first request.
    # The client has 20 connections (a production pool limit): requests due in the stall wait for
    # one, so the stall is in their latency from the intended time and not in their service time.
    target = start_target("--stall-after", "1.0", "--stall-for", "1.0")
    load = "[sample]\nseed = 1\n[load]\n[[load.steps]]\nrate = 1000\nduration = 3\n"
    extra = "[client]\nconnections = 20\nmax_in_flight = 3000\nkeep_body = 0\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load, extra)
    r = open_run(run(tmp_path, scenario, plan))
    c = r.columns()
    assert len(c["row"]) == 3000 and set(c["outcome"]) == {"response"}  # every row sent, none dropped
    assert target.stats()["count"] == 3000
    # No bound above: the queue the stall left drains at the machine's pace (a latency p99 of 2.1-2.6 s at a load of 20
    # on two cores, the generator on time but for its waits for a core)
    latency = np.percentile(c["latency"], 99)
    assert latency > 0.5 and c["latency"].max() > 0.8, latency
    # The stall as the target had it: the requests it read in its second were answered at its end. At most one a
    # connection: every other row due in the stall waited for a connection, so the stall is in its latency (from the
    # intended time) and not in its service time. Told by rows, not by the service's 99th percentile: beside the 20
    # rows the stall held, a starved client reads the answers on all 20 connections late at once (0.63 s, twice in one
    # run at a load of 21 on two cores), and its p99 read 0.78 s against a latency p99 of 1.38 s in CI.
    log = target.stats()["log"]
    begin = min(at for _, _, at in log) + 1.0
    held = [int(rid.rsplit("/", 1)[1]) for rid, _, at in log if begin <= at < begin + 1.0]
    assert 0 < len(held) <= 20, len(held)
    due = (c["intended"] >= begin) & (c["intended"] < begin + 1.0)
    done = c["intended"] + c["latency"]
    assert np.all(done[due] > begin + 1.0 - 0.01), np.min(done[due]) - begin  # none answered before its end
    waited = due & ~np.isin(c["row"], held)
    service, waited_latency = np.median(c["service"][waited]), np.median(c["latency"][waited])
    assert service < waited_latency / 3, (service, waited_latency)
    own = c["send_lag"] - c["queued"]  # the generator's lateness
    machine = c["machine_lag"]  # of which the machine's: never more than the row's own lateness
    assert not np.isnan(machine).all() and np.all(np.nan_to_num(machine) <= np.maximum(own, 0.0) + 1e-9)
    # Most rows left on time but for their waits for a core; on a starved machine a tail may not, but never as late as
    # the stall. Without those waits: at a load of 20 the rows' median lateness was 6-17 ms, its own 0.1 ms.
    mine = own - np.nan_to_num(machine)
    assert np.median(mine) < 0.01 and np.percentile(mine, 99) < latency / 2, np.percentile(mine, 99)
    step = r.info.steps[0]
    assert step.dropped == 0 and step.sent == 3000
    # The stall is the target's, not the generator's: no lateness reason, except one the runner itself
    # puts on the machine (a busy machine may show the worker's CPU over 90%, or a wait for a core).
    assert not [r for r in step.bound_reasons if "CPU" not in r and "machine" not in r], step.bound_reasons


@TIMING
def test_two_workers_send_every_row_exactly_once(tmp_path: Path, target: Target) -> None:
    load = "[sample]\nseed = 2\n[load]\n[[load.steps]]\nrate = 300\nduration = 2\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok"), ("GET", "/other?q=1")], load)
    r = open_run(run(tmp_path, scenario, plan, "--workers", "2"))
    ids = target.stats()["ids"]
    assert sorted(ids) == sorted(f"{r.info.id}/{row}" for row in range(600))
    assert set(ids.values()) == {1}
    c = r.columns()
    assert sorted(c["row"].tolist()) == list(range(600))
    assert collections.Counter(c["worker"].tolist()) == {0: 300, 1: 300}
    assert r.info.status == "complete" and r.info.workers == 2
    assert r.info.counts is not None and r.info.counts.response == 600
    assert sum(1 for _ in r.responses()) == 600


@TIMING
def test_policies_rules_and_safety(tmp_path: Path, target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    requests = [
        ("GET", "/flaky?fail=1&status=503&retry_after_ms=50"),
        ("GET", "/hang"),
        ("GET", "/sse?events=3&gap_ms=20"),
        ("POST", "/echo", b'{"q": "hi"}'),
        ("POST", "/v1/orders", b"{}"),
    ]
    load = "[sample]\nsize = 40\nseed = 3\n[load]\nrate = 40\n"
    extra = """allow_unsafe = ["POST /echo"]
skip_disallowed = true
[target.headers]
set = { authorization = "Bearer ${REPLAY_TEST_TOKEN}" }
replace = { "x-api-key" = "key-${REPLAY_TEST_TOKEN}" }
drop = ["cookie"]
[client]
backoff = 0.05
[client.endpoints."GET /hang"]
cancel_after = 0.3
"""
    scenario, plan = write_inputs(tmp_path, target.url, requests, load, extra)
    monkeypatch.setenv("REPLAY_TEST_TOKEN", "s3cret")
    out = run(tmp_path, scenario, plan)
    r = open_run(out)
    by_endpoint = collections.defaultdict(list)
    for res in r.results():
        by_endpoint[res.endpoint].append(res)
    assert {res.outcome for res in by_endpoint["GET /hang"]} == {"cancelled"}
    assert all(0.28 < res.latency < 0.6 for res in by_endpoint["GET /hang"])
    assert {(res.status, res.attempts) for res in by_endpoint["GET /flaky"]} == {(200, 2)}
    assert all(res.stream and res.completed and res.events == 5 for res in by_endpoint["GET /sse"])
    assert {res.outcome for res in by_endpoint["POST /v1/orders"]} == {"skipped"}
    assert "/v1/orders" not in {path for _, path, _ in target.stats()["log"]}
    echo_rows = {res.row for res in by_endpoint["POST /echo"]}
    echoed = [orjson.loads(x["body"]["text"]) for x in r.responses() if x["row"] in echo_rows]
    assert echoed and all(e["body"] == '{"q": "hi"}' for e in echoed)
    headers = echoed[0]["headers"]  # what the target received, as written to disk
    # scrubbed in the worker, then redacted like a capture (a secret-named field): never the value
    assert "s3cret" not in headers["authorization"] and headers["authorization"] != "Bearer s3cret"
    assert "s3cret" not in headers["x-api-key"]
    # the run id went through the redactor with the rest of staging's answer: its shape survives
    assert "cookie" not in headers and re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{4}/\d+", headers["x-replay-id"])
    assert not [p for p in out.rglob("*") if p.is_file() and b"s3cret" in p.read_bytes()]  # scrubbed, even echoed
    assert r.info.release == {"x-model-version": ["m-1"]}


@TIMING  # sends in a second: 34-40 and 64-78 under a load of 11 on two cores, in the bounds asked
def test_closed_model_steps(tmp_path: Path, target: Target) -> None:
    # 2 then 4 users, 1 s each, against 50 ms answers: about 40 then 80 sends; the rest stay unsent.
    load = "[sample]\nsize = 200\nseed = 4\n[load]\n"
    load += "[[load.steps]]\nusers = 2\nduration = 1\n[[load.steps]]\nusers = 4\nduration = 1\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/slow?ms=50")], load)
    r = open_run(run(tmp_path, scenario, plan))
    c = r.columns()
    assert len(c["row"]) == 200
    sent = [int(np.sum((c["step"] == k) & (c["outcome"] == "response"))) for k in (0, 1)]
    assert 25 <= sent[0] <= 42 and 50 <= sent[1] <= 84, sent
    assert set(c["outcome"]) == {"response", "unsent"}


def test_full_pool_drops_rows(tmp_path: Path, target: Target) -> None:
    load = "[sample]\nseed = 5\n[load]\n[[load.steps]]\nrate = 50\nduration = 0.5\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/slow?ms=300")], load, "[client]\nmax_in_flight = 2")
    r = open_run(run(tmp_path, scenario, plan))
    counts = r.info.counts
    assert counts is not None and counts.dropped >= 15 and counts.response + counts.dropped == 25
    step = r.info.steps[0]
    # Drops are one reason; on a busy machine the generator may also have run late (listed first).
    assert step.generator_bound and any("dropped" in reason for reason in step.bound_reasons), step.bound_reasons


def _popen(*args: str) -> subprocess.Popen[str]:
    exe = Path(sys.executable).with_name("replay")
    return subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _runner_processes(needle: str) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["cmdline"]) if needle in " ".join(p.info["cmdline"] or [])]


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["local", "two-workers"])
def test_sigterm_stops_the_run_and_its_children(tmp_path: Path, target: Target, workers: list[str]) -> None:
    load = "[sample]\nseed = 6\n[load]\n[[load.steps]]\nrate = 100\nduration = 30\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    out = tmp_path / "run"
    proc = _popen("run", str(scenario), "--plan", str(plan), "--out", str(out), *workers)
    try:
        wait_until(lambda: target.stats()["count"] >= 50, 60, "50 requests at the target")  # a slow start when busy
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    info = open_run(out).info
    c = info.counts
    # the master is stopped before its workers: a worker stopped first would read as that worker's own stop
    assert info.status == "interrupted" and info.reason == STOPPED_BY_SIGNAL, info.reason
    assert c is not None and c.response >= 50 and c.unsent > 2000
    # the line says what was kept, in the run's own numbers ("interrupted" alone said nothing of it)
    kept = f"interrupted; run {out} kept, never gated: of its 3,000 rows {c.response:,} answered, {c.unsent:,} unsent"
    assert proc.returncode == 130 and err.strip().startswith(f"replay: error: {kept}"), err
    assert err.strip().endswith(f"; judge what it ran: replay report {out} --partial"), err
    assert len(err.strip().splitlines()) == 1, err
    assert c.written == 3000 and c.response + c.unsent + c.unknown == 3000
    assert not _runner_processes(str(out))


def _done(run_dir: Path) -> int:
    try:
        return int(orjson.loads((run_dir / "progress.json").read_bytes())["done"])
    except (OSError, orjson.JSONDecodeError, KeyError):
        return 0


@ALONE  # shares of late rows: another worker's load made 63% of them late away from the stop once
def test_a_stop_of_the_whole_machine_is_told_apart_from_the_generators_lateness(tmp_path: Path, target: Target) -> None:
    """Every process of the run stopped at once for 0.3 s (SIGSTOP to each stands in for a
    VM's host or a container's CPU limit): the rows due meanwhile leave late, and run.json and the summary
    say the whole machine was stopped and that the late rows were due in or just after the stop."""
    load = "[sample]\nseed = 6\n[load]\n[[load.steps]]\nrate = 200\nduration = 3\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    out = tmp_path / "run"
    exe = Path(sys.executable).with_name("replay")
    argv = [str(exe), "run", str(scenario), "--plan", str(plan), "--out", str(out)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: _done(out) >= 100, 60, "100 rows answered")  # in the schedule, not its warm-up
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        for p in tree:
            p.send_signal(signal.SIGSTOP)
        time.sleep(0.3)
        for p in tree:
            p.send_signal(signal.SIGCONT)
        stdout, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    (step,) = open_run(out).info.steps
    assert step.stalls >= 1 and step.stall_seconds >= 0.25, (step.stalls, step.stall_seconds)
    # the rows the stop made late are all near it; on a loaded machine, other rows are a little late too
    c = open_run(out).columns()
    own = c["send_lag"] - c["queued"]
    stopped = own > 0.1
    assert stopped.sum() >= 30 and near_stall(c["intended"][stopped], own[stopped], read_stalls(out / STALLS)[0]).all()
    assert step.late_near_stall is not None and step.late_near_stall >= 0.5, step.late_near_stall
    assert "the whole machine was stopped" in stdout, stdout


def test_a_worker_joins_from_another_host(tmp_path: Path, target: Target) -> None:
    load = "[sample]\nseed = 7\n[load]\n[[load.steps]]\nrate = 100\nduration = 1\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    out = tmp_path / "run"
    proc = _popen(
        "run", str(scenario), "--plan", str(plan), "--out", str(out), "--workers", "1", "--expect-workers", "1"
    )
    worker = None
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("master waits for 1 more: replay worker --master 127.0.0.1:"), line
        worker = _popen("worker", "--master", line.split()[-1])
        stdout, _ = proc.communicate(timeout=60)
        worker.communicate(timeout=30)
    finally:
        for p in (proc, worker):
            if p is not None:
                p.kill()
    assert proc.returncode == 0 and worker.returncode == 0 and "complete" in stdout
    r = open_run(out)
    assert set(target.stats()["ids"].values()) == {1} and len(target.stats()["ids"]) == 100
    assert collections.Counter(r.columns()["worker"].tolist()) == {0: 50, 1: 50}


# A local run's web UI counts each request as it is answered; a worker reports its stats to the master
# every 3 s (Locust's WORKER_REPORT_INTERVAL, counted from when it joined, before the start): its run
# lasts past its first report with a second to spare for the test's poll.
@pytest.mark.parametrize(("workers", "seconds"), [([], 3), (["--workers", "2"], 5)], ids=["local", "two-workers"])
def test_web_ui_shows_the_run_live(tmp_path: Path, target: Target, workers: list[str], seconds: int) -> None:
    load = f"[sample]\nseed = 8\n[load]\n[[load.steps]]\nrate = 20\nduration = {seconds}\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = str(tmp_path / "run")
    proc = _popen("run", str(scenario), "--plan", str(plan), "--out", out, "--web", "--web-port", str(port), *workers)

    def shown() -> bool:
        url = f"http://127.0.0.1:{port}/stats/requests"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as resp:
            return "GET /ok" in {s["name"] for s in orjson.loads(resp.read())["stats"]}
        return False  # not up yet

    try:
        wait_until(shown, 60, "GET /ok in the web UI's stats", interval=0.2)  # workers take a while to start
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert open_run(out).info.status == "complete"


def _distributed(tmp_path: Path, target: Target, extra: str = "") -> tuple[Path, subprocess.Popen[str], str]:
    """A run with one local worker waiting for one more; returns its directory, process and master address."""
    load = "[sample]\nseed = 9\n[load]\n[[load.steps]]\nrate = 100\nduration = 1\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load, extra)
    out = tmp_path / "run"
    argv = ["run", str(scenario), "--plan", str(plan), "--out", str(out), "--workers", "1", "--expect-workers", "1"]
    argv += ["--expect-workers-max-wait", "240"]  # two workers start one after another on a busy machine
    proc = _popen(*argv)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line.startswith("master waits for 1 more: replay worker --master 127.0.0.1:"), line
    return out, proc, line.split()[-1]


def test_a_master_whose_workers_do_not_all_join_fails_the_run_after_its_wait(tmp_path: Path, target: Target) -> None:
    load = "[sample]\nseed = 9\n[load]\n[[load.steps]]\nrate = 100\nduration = 1\n"
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], load)
    out = tmp_path / "run"
    argv = ["--plan", str(plan), "--out", str(out), "--expect-workers", "1", "--expect-workers-max-wait", "1"]
    proc = replay_here("run", str(scenario), *argv)
    assert proc.returncode not in (0, 1, 2) and "0 of 1 workers connected within 1 s" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and target.stats()["count"] == 0
    assert open_run(out).info.status == "failed"


def test_a_worker_resolves_credentials_itself_and_refuses_without_them(
    tmp_path: Path, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The master sends ${STAGING_TOKEN} as written; a worker without it refuses its shard, naming it."""
    monkeypatch.setenv("STAGING_TOKEN", "s3cret-staging-token")
    extra = '[target.headers]\nset = { authorization = "Bearer ${STAGING_TOKEN}" }'
    out, proc, master = _distributed(tmp_path, target, extra)
    env = {k: v for k, v in os.environ.items() if k != "STAGING_TOKEN"}
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("replay")), "worker", "--master", master],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _, err = proc.communicate(timeout=90)
        _, werr = worker.communicate(timeout=30)
    finally:
        proc.kill()
        worker.kill()
    assert worker.returncode == 2, werr
    assert werr.strip() == (
        "replay: error: the worker refused its shard: ${STAGING_TOKEN} is not set in this worker's environment; "
        "export it there"
    )
    assert proc.returncode == 3 and "${STAGING_TOKEN} is not set in this worker's environment" in err, err
    assert open_run(out).info.status == "failed"


@pytest.mark.timeout(300)  # its own waits (30 s, 120 s, 30 s) decide, not the suite's 120 s
def test_workers_without_the_shared_token_get_no_shard(
    tmp_path: Path, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLAY_TOKEN", "shared-between-master-and-workers")
    out, proc, master = _distributed(tmp_path, target)
    exe = str(Path(sys.executable).with_name("replay"))
    rogue = subprocess.Popen(
        [exe, "worker", "--master", master], text=True, env={**os.environ, "REPLAY_TOKEN": "a guess"}
    )
    worker = None
    try:
        wait_until(lambda: rogue.poll() is not None, 30, "the rogue worker sent away")  # a wrong answer: quit
        worker = subprocess.Popen([exe, "worker", "--master", master], text=True)
        _, err = proc.communicate(timeout=120)
        worker.communicate(timeout=30)
    finally:
        for p in (proc, rogue, worker):
            if p is not None:
                p.kill()
    assert proc.returncode == 0, err
    r = open_run(out)
    assert collections.Counter(r.columns()["worker"].tolist()) == {0: 50, 1: 50}
    assert target.stats()["count"] == 100  # the rogue sent nothing: it was dealt nothing


def test_rows_waiting_for_the_generator_count_as_in_flight(tmp_path: Path, target: Target) -> None:
    # 50 captured requests at one instant, 10 slots: the rows due and waiting fill them, and the
    # oldest 40 are dropped as the generator hands the rest over (none of them finds a slot busy).
    from replay.exchange.format import Exchange, Request, Response, Timings
    from replay.exchange.write import CaptureWriter
    from replay.runner.stepstats import BEHIND

    writer = CaptureWriter(tmp_path / "capture.jsonl")
    for i in range(50):
        writer.write(
            Exchange(f"e{i}", Request("GET", "https://prod.example.com/ok", []), Timings(1000.0), Response(200, []))
        )
    writer.close()
    load = "[sample]\nsize = 50\nseed = 1\n[load]\n"
    scenario, plan = write_inputs(tmp_path, target.url, [], load, "[client]\nmax_in_flight = 10")
    r = open_run(run(tmp_path, scenario, plan))
    c = r.columns()
    dropped = c["outcome"] == "dropped"
    assert int(dropped.sum()) == 40 and int(np.sum(c["outcome"] == "response")) == 10
    assert set(c["error"][dropped]) == {BEHIND}
    assert f"40 rows dropped: {BEHIND}" in r.info.steps[0].bound_reasons


def test_an_http2_capture_replays_over_http1_with_the_targets_host_and_one_cookie_line(
    tmp_path: Path, target: Target
) -> None:
    """Requests recorded from HTTP/2 clients, replayed to an HTTP/1.1 staging: their headers as the capture holds
    them (lower case, no host: the authority was a pseudo-header; each cookie a field of its own, RFC 9113 8.2.3),
    and a browser's HAR export's pseudo-headers among them. The target gets its own Host, no pseudo-header, and
    the cookies in one line (two Cookie lines before: a server reads one of them)."""
    from replay.exchange.format import Exchange, Request, Response, Timings
    from replay.exchange.write import CaptureWriter

    pseudo = [(":method", "GET"), (":authority", "api.prod.example.com"), (":scheme", "https"), (":path", "/heads")]
    fields = [("accept", "*/*"), ("cookie", "sid=s1"), ("te", "trailers"), ("cookie", "theme=dark")]
    writer = CaptureWriter(tmp_path / "capture.jsonl")
    for i, headers in enumerate((fields, pseudo + fields)):
        req = Request("GET", "https://api.prod.example.com/heads", headers, http_version="HTTP/2.0")
        writer.write(Exchange(f"h{i}", req, Timings(1000.0 + i), Response(200, [], http_version="HTTP/2.0")))
    writer.close()
    load = "[sample]\nsize = 4\nseed = 6\n[load]\nrate = 20\n"
    scenario, plan = write_inputs(tmp_path, target.url, [], load)  # the capture above
    run(tmp_path, scenario, plan)
    heads = target.stats()["heads"]
    assert len(heads) == 4
    host = target.url.removeprefix("http://")
    for lines in heads:
        names = [line.partition(":")[0].lower() for line in lines]
        assert lines[0] == f"Host: {host}" and names.count("host") == 1, lines
        assert not [n for n in names if not n or n.startswith(":")] and "te" not in names, lines
        assert [line for line in lines if line.lower().startswith("cookie:")] == ["cookie: sid=s1; theme=dark"], lines
