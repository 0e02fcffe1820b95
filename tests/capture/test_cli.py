"""``replay capture`` as a user runs it: a child process, stopped by a signal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil
import pytest

from replay.capture.cli import _print_summary
from replay.capture.proxy import CaptureSummary
from replay.exchange.read import read_exchanges
from tests.conftest import Upstream, assert_bad_input, replay_here


@pytest.mark.e2e
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_capture_runs_until_signal_and_prints_summary(upstream: Upstream, tmp_path: Path, sig: signal.Signals) -> None:
    """SIGINT to replay, as kill -INT; SIGTERM to each of its processes, as systemctl stop (its writer
    process included, which it killed: exit 3, 'capture failed', nothing lost). What the stop cuts is said:
    a stream half sent (recorded as far as it got), a request in flight (not recorded; said nowhere before)."""
    out = tmp_path / "cap.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "replay",
            "capture",
            "--upstream",
            upstream.url,
            "--listen",
            "127.0.0.1:0",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Python ignores SIGINT when started with it ignored (as background jobs are); restore the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:") and line.endswith(f"-> {upstream.url}")
        url = line.split()[2]
        for i in range(3):
            assert httpx.get(f"{url}/a/{i}", headers={"Cookie": "session=abc"}).status_code == 200
        cut = _in_flight(url) if sig == signal.SIGINT else []
        if sig == signal.SIGTERM:  # every process of the service, as systemd's KillMode=control-group
            for p in [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):  # stopped already by the parent's own stop
                    p.send_signal(sig)
        else:
            proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
        for s in cut:
            s.close()
    assert proc.returncode in (0, 130), stderr
    assert "Traceback" not in stderr
    streams = 1 if cut else 0
    assert f"captured {3 + streams} exchanges" in stdout and "cookie 3" in stdout
    assert len(list(read_exchanges(out))) == 3 + streams
    if cut:
        assert "1 streams were still open when the capture stopped" in stderr, stderr
        assert f"{IN_FLIGHT} requests were in flight when the capture stopped" in stderr, stderr


# Requests in flight at a stop: each is counted as the stop cuts it, and its count said at once; so many that
# what mitmdump says fills the pipe to its parent, which must read it as it stops (it was killed, exit 3).
IN_FLIGHT = 400


def _in_flight(url: str) -> list[socket.socket]:
    """POSTs whose bodies have not all come, and an SSE stream whose first event has (sockets left open)."""
    host, port = url.rsplit("/", 1)[1].rsplit(":", 1)
    posts = [socket.create_connection((host, int(port)), timeout=20) for _ in range(IN_FLIGHT)]
    for post in posts:
        post.sendall(b"POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nthe first part")
    stream = socket.create_connection((host, int(port)), timeout=20)
    stream.sendall(b"GET /sse HTTP/1.1\r\nHost: a\r\n\r\n")
    got = b""
    while b"data:" not in got:
        got += stream.recv(65536)
    return [*posts, stream]


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = replay_here(
            "capture",
            "--upstream",
            "http://127.0.0.1:9",
            "--listen",
            f"127.0.0.1:{port}",
            "--out",
            str(tmp_path / "c.jsonl"),
        )
    assert_bad_input(proc, f"port {port}", "already in use")


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com", "http://127.0.0.1:99999", "http://"])
def test_bad_upstream(tmp_path: Path, url: str) -> None:
    proc = replay_here("capture", "--upstream", url, "--out", str(tmp_path / "c.jsonl"))
    assert_bad_input(proc, "--upstream")


def test_bad_policy(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("colour = 1\n")
    proc = replay_here(
        "capture", "--upstream", "http://127.0.0.1:9", "--policy", str(policy), "--out", str(tmp_path / "c")
    )
    assert_bad_input(proc, "p.toml")


@pytest.mark.e2e
def test_an_empty_policy_is_said_once_and_redacts_as_the_defaults(upstream: Upstream, tmp_path: Path) -> None:
    """A policy file with no key is the built-in redaction (a policy adds to it): said once on stderr, where it was
    taken without a word (mitmdump's addon and the writer load it too, quietly: their output is the log a failure's
    message quotes)."""
    policy, out = tmp_path / "p.toml", tmp_path / "c.jsonl"
    policy.write_text("# rules to come\n")
    argv = ["capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0", "--out", str(out), "--writers", "1"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "replay", *argv, "--policy", str(policy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[2]
        assert httpx.post(f"{url}/v1/x", json={"email": "jo.doe@corp-mail.com"}).status_code == 200
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    said = f"replay: warning: {policy}: holds no keys (empty, or only comments): the built-in redaction applies"
    assert [line for line in err.splitlines() if "holds no keys" in line] == [f"{said}, as without --policy"], err
    (ex,) = read_exchanges(out)
    assert ex.request.body is not None and "jo.doe@corp-mail.com" not in ex.request.body.text
    assert ex.redactions.get("email") == 2  # the request's, and the upstream's echo of it


@pytest.mark.parametrize(
    ("upstream", "trust", "said"),
    [
        ("https://127.0.0.1:9", ["--upstream-ca", "{dir}/missing.pem"], "missing.pem: no such file"),
        ("https://127.0.0.1:9", ["--upstream-ca", "{dir}/junk.pem"], "junk.pem: not a readable PEM certificate"),
        ("http://127.0.0.1:9", ["--upstream-insecure"], "is not HTTPS"),
        ("https://127.0.0.1:9", ["--upstream-ca", "{dir}/junk.pem", "--upstream-insecure"], "together"),
    ],
)
def test_bad_upstream_trust(tmp_path: Path, upstream: str, trust: list[str], said: str) -> None:
    """A CA file mitmproxy cannot use failed every exchange at its first connection, after the capture had said it
    was listening: now one line at start, as an option that does nothing for a plain-HTTP upstream is."""
    (tmp_path / "junk.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    argv = [a.format(dir=tmp_path) for a in trust]
    proc = replay_here("capture", "--upstream", upstream, *argv, "--out", str(tmp_path / "c.jsonl"))
    assert_bad_input(proc, "--upstream", said)


@pytest.mark.e2e
def test_a_self_signed_https_upstream_is_captured_with_its_ca(tmp_path: Path) -> None:
    """An HTTPS upstream with a self-signed certificate (staging, an internal gateway): every exchange failed
    'Certificate verify failed', with no way to trust it; --upstream-ca FILE trusts it."""
    from tests.capture.h2upstream import H2Upstream

    def use(url: str) -> None:
        with httpx.Client(http2=True, verify=False) as client:  # the client trusts the proxy (its own concern)
            r = client.post(url.replace("http://", "https://") + "/v1/chat/completions", json={"q": "hi"})
        assert r.status_code == 200 and "jane.doe@corp-mail.com" in r.text

    out = tmp_path / "cap.jsonl"
    with H2Upstream(tmp_path) as upstream:
        got = _captured(["--upstream", upstream.url, "--upstream-ca", str(upstream.ca), "--out", str(out)], use)
    assert "captured 1 exchanges" in got.stdout and "email 1" in got.stdout, got.stderr
    (ex,) = read_exchanges(out)
    assert ex.error is None and ex.response is not None and ex.response.status == 200


def test_bad_listen(tmp_path: Path) -> None:
    proc = replay_here(
        "capture", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:http", "--out", str(tmp_path / "c.jsonl")
    )
    assert_bad_input(proc, "--listen")


@pytest.mark.e2e
def test_a_capture_on_a_terminal_shows_its_running_count_and_ends_as_it_closes(
    upstream: Upstream, tmp_path: Path
) -> None:
    """A capture runs until stopped and said nothing between "listening on" and its summary; on a terminal it
    shows how many exchanges are written so far (the addon tells it once a second), on stderr.
    Then the terminal closes (a closed window, a dropped ssh session): the kernel's SIGHUP killed the capture
    without its summary (exit 129); it ends as on Ctrl-C, its summary on stdout (here a pipe, as '> log' keeps
    it), the terminal's stream quiet, exit 0."""
    main, side = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    argv = ["capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0", "--out", str(tmp_path / "c.jsonl")]

    def on_the_terminal() -> None:  # its controlling terminal, as a shell's: closing it hangs the process up
        fcntl.ioctl(2, termios.TIOCSCTTY, 0)

    with subprocess.Popen(
        [sys.executable, "-m", "replay", *argv],
        stdout=subprocess.PIPE,
        stderr=side,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=on_the_terminal,
    ) as proc:
        os.close(side)
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split()[2]
            for i in range(3):
                assert httpx.get(f"{url}/a/{i}").status_code == 200
            shown, deadline = b"", time.monotonic() + 15
            while b"3 exchanges recording to" not in shown and time.monotonic() < deadline:
                if select.select([main], [], [], 0.5)[0]:
                    shown += os.read(main, 65536)
            os.close(main)
            stdout, _ = proc.communicate(timeout=20)
        finally:
            proc.kill()
    assert b"3 exchanges recording to" in shown, shown
    assert proc.returncode == 0 and "captured 3 exchanges" in stdout, (proc.returncode, stdout)
    assert len(list(read_exchanges(tmp_path / "c.jsonl"))) == 3


@pytest.mark.e2e
def test_a_proxy_out_of_open_files_fails_the_capture(upstream: Upstream, tmp_path: Path) -> None:
    """Under ``ulimit -n 48`` (soft and hard) mitmdump ran out of files at 40 streams at once and answered most of
    them itself with 502s its upstream never sent: recorded, "captured 40 exchanges", exit 0. It is said at the
    start, and the capture fails (exit 3) with the count. (A soft limit alone is raised to the hard one.)"""
    import resource
    from concurrent.futures import ThreadPoolExecutor

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))

    argv = ["capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0", "--out", str(tmp_path / "c.jsonl")]
    with subprocess.Popen(
        [sys.executable, "-m", "replay", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=few_files,
    ) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split()[2]
            # SSE answers take a second: 40 connections at once, from one client (a client apiece loaded its TLS
            # context 40 times: 2 CPU-s of the test's 6)
            limits = httpx.Limits(max_connections=40)
            with ThreadPoolExecutor(40) as pool, httpx.Client(timeout=30, limits=limits) as client:
                codes = list(pool.map(lambda i: client.get(f"{url}/sse/{i}").status_code, range(40)))
            proc.send_signal(signal.SIGINT)
            _, stderr = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert 502 in codes
    assert proc.returncode == 3, stderr
    assert "open files are limited to 48" in stderr and "the capture proxy ran out of open files" in stderr
    assert f"{codes.count(502)} of the 40 exchanges recorded are its own errors" in stderr


def _captured(argv: list[str], use: Callable[[str], None]) -> subprocess.CompletedProcess[str]:
    """``replay capture ARGV`` as a child process: ``use`` is given its URL, then it is stopped by SIGINT."""
    with subprocess.Popen(
        [sys.executable, "-m", "replay", "capture", "--listen", "127.0.0.1:0", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            use(proc.stdout.readline().split()[2])
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=20)
        finally:
            proc.kill()
    assert proc.returncode in (0, 130), stderr
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


@pytest.mark.e2e
def test_a_websocket_is_recorded_as_its_upgrade_and_its_messages_are_counted(tmp_path: Path) -> None:
    """A WebSocket through the capture: its upgrade is an exchange (redacted as any), its messages are
    not recorded (replay replays HTTP), and the summary says how many were not, where it said nothing."""
    from websockets.sync.client import connect
    from websockets.sync.server import ServerConnection, serve

    def echo(ws: ServerConnection) -> None:
        for message in ws:
            ws.send(message)

    def use(url: str) -> None:
        with connect(url.replace("http://", "ws://") + "/v1/realtime?token=s3cr3t-Zq3v9Xw2Lp8Rt6") as ws:
            for i in range(3):
                ws.send(f"mail me at alice{i}@corp-mail.com")
                assert ws.recv() == f"mail me at alice{i}@corp-mail.com"

    out = tmp_path / "cap.jsonl"
    with serve(echo, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.socket.getsockname()[1]
        got = _captured(["--upstream", f"http://127.0.0.1:{port}", "--out", str(out)], use)
        server.shutdown()
    assert "captured 1 exchanges" in got.stdout
    assert f"{out}: recorded 1 WebSocket upgrade(s) without their 6 messages; replay replays HTTP" in got.stderr
    (ex,) = read_exchanges(out)
    assert ex.response is not None and ex.response.status == 101
    raw = out.read_bytes()
    assert b"corp-mail" not in raw and b"s3cr3t-Zq3v9Xw2Lp8Rt6" not in raw


@pytest.mark.e2e
def test_a_filter_that_matches_nothing_is_said(upstream: Upstream, tmp_path: Path) -> None:
    """'captured 0 exchanges' after serving three was silent about why: the filter (a typo) matched none."""

    def use(url: str) -> None:
        for i in range(3):
            assert httpx.get(f"{url}/api/{i}").status_code == 200

    out = tmp_path / "cap.jsonl"
    got = _captured(["--upstream", upstream.url, "--out", str(out), "--include", "~u ^/apii/"], use)
    assert (
        "captured 0 exchanges" in got.stdout and "3 more passed through unrecorded by --include/--exclude" in got.stdout
    )
    assert f"{out}: none of the 3 exchanges served matched --include/--exclude; check the filters" in got.stderr


@pytest.mark.e2e
def test_a_capture_whose_upstream_never_answered_says_so(tmp_path: Path) -> None:
    """Every request to an upstream that refuses connections is recorded as an error; 'captured 3 exchanges'
    alone, exit 0, read as a capture of traffic."""
    with socket.socket() as s:  # a port nothing listens on: bound, never listening, closed after
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

        def use(url: str) -> None:
            for i in range(3):
                assert httpx.get(f"{url}/api/{i}").status_code == 502

        out = tmp_path / "cap.jsonl"
        got = _captured(["--upstream", f"http://127.0.0.1:{port}", "--out", str(out)], use)
    assert "captured 3 exchanges" in got.stdout
    assert f"{out}: every one of the 3 exchanges recorded ended without an answer (the last: " in got.stderr
    assert f"check that --upstream http://127.0.0.1:{port} is right and up" in got.stderr


def test_a_capture_that_did_not_fail_says_what_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exchanges the redactor failed on (dropped, never written) and streams the stop cut were counted by the
    writer and said nowhere: 'captured 9 exchanges', exit 0 (a hostile event stream nested 1,000 deep was one)."""
    why = "RecursionError at bodies.py:72 in _collect"
    summary = CaptureSummary(9, 900, {"unread_text": 3}, unredactable=2, unredactable_why=why, cut=1)
    summary.past_cap, summary.past_cap_bytes, summary.past_cap_events = 2, 7622, 32
    _print_summary(tmp_path / "c.jsonl", summary, "u")
    err = capsys.readouterr().err
    assert "2 streamed answers grew past the body cap (--body-cap): recorded up to it; the 7622 bytes and 32" in err
    assert "3 text bodies withheld (unread_text): not UTF-8, no charset declared and none told for sure" in err
    assert "2 exchanges served but NOT recorded: redaction failed on them (" + why in err
    assert "1 streams were still open when the capture stopped" in err


def test_an_untrusted_upstream_certificate_says_which_option_trusts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every exchange failed on the upstream's certificate: the summary said 'check that --upstream is right and
    up', which it was; the fix is to trust its CA."""
    summary = CaptureSummary(3, 900, unanswered=3, last_error="Certificate verify failed: self-signed certificate")
    _print_summary(tmp_path / "c.jsonl", summary, "https://staging.internal")
    err = capsys.readouterr().err
    assert "(the last: Certificate verify failed: self-signed certificate); https://staging.internal showed a" in err
    assert "give its CA (--upstream-ca FILE)" in err
