from __future__ import annotations

from pathlib import Path

import orjson

from replay.exchange.format import Body, CaptureWriter, Exchange, Request, Response, Timings
from replay.shape.inspect import inspect_capture
from tests.conftest import assert_bad_input, run_replay


def write_capture(path: Path, n: int = 20) -> None:
    with CaptureWriter(path) as w:
        for i in range(n):
            resp = None if i == 0 else Response(200 if i % 4 else 503, [], Body.from_bytes(b"x" * i))
            w.write(
                Exchange(
                    id=str(i),
                    request=Request(
                        "GET" if i % 2 else "POST", f"http://svc/users/{100 + i}?q=1", [], Body.from_bytes(b"{}")
                    ),
                    timings=Timings(start=1000.0 + i, ttfb=0.001 * i, total=0.01 * i),
                    response=resp,
                    error="connection refused" if resp is None else None,
                    redactions={"email": 1} if i % 5 == 0 else {},
                )
            )


def test_inspect_summary(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_capture(path)
    r = inspect_capture(path)
    assert r.exchanges == 20
    assert r.endpoints == {"POST /users/{id}": 10, "GET /users/{id}": 10}
    assert r.status == {"200": 15, "503": 4, "error": 1}
    assert r.latency_ms["max"] == 190.0 and r.latency_ms["p50"] == 90.0  # exact nearest-rank: the 10th of 20
    assert r.redactions == {"email": 4}
    assert r.span["seconds"] == 19.19


def test_inspect_json_cli(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.zst"
    write_capture(path)
    proc = run_replay("inspect", "--json", str(path))
    assert proc.returncode == 0, proc.stderr
    d = orjson.loads(proc.stdout)
    assert {"exchanges", "endpoints", "status", "latency_ms"} <= d.keys()
    assert d["exchanges"] == 20


def test_inspect_tables_cli(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_capture(path)
    proc = run_replay("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "20 exchanges" in proc.stdout and "GET /users/{id}" in proc.stdout


def test_inspect_missing_file(tmp_path: Path) -> None:
    assert_bad_input(run_replay("inspect", str(tmp_path / "nope.jsonl")), "nope.jsonl", "no such capture file")


def test_inspect_corrupt_middle_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_capture(path, 3)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b"garbage{\n" + b"".join(lines[1:]))
    assert_bad_input(run_replay("inspect", str(path)), "c.jsonl:2", "--skip-bad")
    proc = run_replay("inspect", "--json", "--skip-bad", str(path))
    assert proc.returncode == 0 and orjson.loads(proc.stdout)["bad_lines"] == 1
