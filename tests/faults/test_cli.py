"""``replay faults``: bad input is one line and exit 2; a real run proxies, injects and reports."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import assert_bad_input, replay_here
from tests.faults.conftest import upstream_url

RULE = '[[profiles]]\nname = "p"\n[[profiles.rules]]\n'


@pytest.mark.parametrize(
    ("profile", "args", "needles"),
    [
        (RULE + 'type = "slowness"\n', [], ["profiles[0].rules[0].type", "'slowness' is not one of 'latency'"]),
        (RULE + 'type = "error"\nprobability = 1.5\n', [], ["profiles[0].rules[0].probability", "1.5 is outside 0..1"]),
        (RULE + 'type = "error"\nprobability = -0.1\n', [], ["-0.1 is outside 0..1"]),
        (RULE + 'type = "latency"\ndelay = "1s"\nstatus = 500\n', [], ["status: does not apply to latency faults"]),
        (RULE + 'type = "latency"\n', [], ["delay: missing"]),
        (RULE + 'type = "reset"\nstart = "5s"\nend = "2s"\n', [], ["rules[0].end: 2 s is not after start (5 s)"]),
        (RULE + 'type = "reset"\n', ["--active", "ghost"], ["--active: 'ghost' names no profile; defined: none, p"]),
        ('active = "ghost"\n' + RULE + 'type = "reset"\n', [], ["active: 'ghost' names no profile"]),
        (RULE + 'type = "reset"\n', ["--control", "0.0.0.0:0"], ["--control", "loopback only"]),
        (RULE + 'type = "reset"\n', ["--upstream", "ftp://x"], ["--upstream 'ftp://x'"]),
    ],
)
def test_bad_input(tmp_path: Path, profile: str, args: list[str], needles: list[str]) -> None:
    path = tmp_path / "p.toml"
    path.write_text(profile)
    argv = ["faults", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--profile", str(path), *args]
    assert_bad_input(replay_here(*argv), *needles)


def test_missing_profile_file(tmp_path: Path) -> None:
    proc = replay_here("faults", "--upstream", "http://127.0.0.1:9", "--profile", str(tmp_path / "nope.toml"))
    assert_bad_input(proc, "no such profile file")


def test_a_listen_port_in_use(tmp_path: Path) -> None:
    """Said as --listen's, before any mitmdump starts (the proxy's own check would name its spec)."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = replay_here("faults", "--upstream", "http://127.0.0.1:9", "--listen", f"127.0.0.1:{port}")
    assert_bad_input(proc, f"--listen: port {port} on 127.0.0.1 is already in use; choose another port")


@pytest.mark.e2e
def test_run_until_sigterm(upstream, profile_file: Path) -> None:  # type: ignore[no-untyped-def]
    argv = ["faults", "--upstream", upstream_url(upstream), "--listen", "127.0.0.1:0", "--profile", str(profile_file)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "replay", *argv, "--active", "slow"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("listening on http://127.0.0.1:"), first + (proc.stderr.read() if proc.stderr else "")
        url = first.split()[2]
        assert proc.stdout.readline().strip() == "profiles: none, forced, flaky, slow; active: slow"
        assert httpx.get(url + "/json", timeout=5).status_code == 200
        assert httpx.get(url + "/json", headers={"x-replay-fault": "ratelimit"}, timeout=5).status_code == 429
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "requests 2, forwarded 1, errors 0; faults injected: error 1, latency 1" in out
    # by rule: the slow profile's latency, and the forced profile's 429 forced on the second call
    by_rule = (
        "by rule: latency 1 (latency 200 ms ± 50 ms), ratelimit 1 (error 429 advising retry-after 2 s, probability 0)"
    )
    assert by_rule in out, out
