from __future__ import annotations

from pathlib import Path

import orjson

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.write import CaptureWriter
from replay.shape.inspect import ToolStats, inspect_capture
from tests.conftest import replay_here


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
    proc = replay_here("inspect", "--json", str(path))
    assert proc.returncode == 0, proc.stderr
    d = orjson.loads(proc.stdout)
    assert {"exchanges", "endpoints", "status", "latency_ms"} <= d.keys()
    assert d["exchanges"] == 20


def test_inspect_tables_cli(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_capture(path)
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "20 exchanges over 19.19 s" in proc.stdout and "GET /users/{id}" in proc.stdout


def test_a_har_spanning_months_prints_days(tmp_path: Path) -> None:
    """Three entries from January to May: the span is said in days, not 1.01555e+07 s."""
    entries = [
        {
            "startedDateTime": when,
            "time": 12.5,
            "request": {"method": "GET", "url": "https://shop.example.com/a", "httpVersion": "HTTP/1.1",
                        "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                         "content": {"size": 2, "mimeType": "text/plain", "text": "ok"}, "redirectURL": "",
                         "headersSize": -1, "bodySize": 2},
            "cache": {},
            "timings": {"send": 0, "wait": 10, "receive": 2.5},
        }
        for when in ("2024-01-03T10:00:00.000Z", "2024-03-01T10:00:00.000Z", "2024-05-20T10:00:00.000Z")
    ]  # fmt: skip
    har = tmp_path / "months.har"
    log = {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": entries}
    har.write_bytes(orjson.dumps({"log": log}))
    out = tmp_path / "months.jsonl"
    assert replay_here("import", str(har), "--out", str(out)).returncode == 0
    proc = replay_here("inspect", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "3 exchanges over 138 d" in proc.stdout


def test_a_capture_of_thousands_of_endpoints_lists_the_most_used(tmp_path: Path) -> None:
    """50,000 distinct paths printed a table of 50,000 lines (38 s); the table lists the 40 most used and
    counts the rest in one line, and --json keeps every one."""
    lines = [
        orjson.dumps(
            {
                "id": str(i),
                "request": {"method": "GET", "url": f"http://x/p{i}/q", "headers": []},
                "timings": {"start": i + 1},
            }
        )
        for i in range(45)
    ]
    (tmp_path / "c.jsonl").write_bytes(b"\n".join([*lines, lines[0].replace(b'"0"', b'"dup"')]) + b"\n")
    proc = replay_here("inspect", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[2].split()[:3] == ["GET", "/p0/q", "2"]  # the most used first
    assert "5 more endpoints (inspect --json lists them)  5" in proc.stdout and "/p44/q" not in proc.stdout
    assert len(orjson.loads(replay_here("inspect", "--json", str(tmp_path / "c.jsonl")).stdout)["endpoints"]) == 45


def test_inspect_counts_the_bodies_cut_at_the_body_cap(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    with CaptureWriter(path) as w:
        for i in range(6):
            request = Request(
                "POST", "http://svc/v1/chat", [], Body.from_bytes(b'{"image": "AAAA"}', cap=8 if i < 2 else 99)
            )
            body = Body.from_bytes(b"x" * 20, cap=10 if i == 5 else 99)
            w.write(Exchange(id=str(i), request=request, timings=Timings(1000.0 + i), response=Response(200, [], body)))
    assert inspect_capture(path).cut == {"request": 2, "response": 1}
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "cut bodies    2 request and 1 response bodies not whole (cut at the body cap, binary" in proc.stdout
    assert "(sample never draws those requests)" in proc.stdout


def test_inspect_says_who_broke_off_the_exchanges_that_broke(tmp_path: Path) -> None:
    """An upstream's answer broken off before its client got it (the proxy's 502: no response, its head in meta), or
    a stream cut mid-way, and exchanges their clients gave up on: counted apart from the upstreams that never
    answered. The first was counted as production's 200."""
    path = tmp_path / "c.jsonl"
    upstream = {"status": 200, "reason": "OK", "http_version": "HTTP/1.1", "ttfb": 0.01}
    broken = [
        (None, {"upstream_response": upstream}),
        (Response(200, [], Body.from_bytes(b"data: 1\n\n")), {"response_incomplete": True}),
        (None, {"client_aborted": True, "request_incomplete": True}),
        (Response(200, [], Body.from_bytes(b"data: 1\n\n")), {"client_aborted": True, "response_incomplete": True}),
        (None, {}),  # an upstream that never answered
        (Response(200, [], Body.from_bytes(b"{")), {}),  # as a capture before this wrote the first: the 200 head kept
    ]
    with CaptureWriter(path) as w:
        for i, (resp, meta) in enumerate(broken):
            req = Request("POST", "http://svc/v1/chat", [])
            w.write(Exchange(str(i), req, Timings(1000.0 + i), resp, "broke", meta={"source": "capture", **meta}))
    r = inspect_capture(path)
    assert r.status == {"200": 2, "error": 4} and r.broken == {"upstream": 3, "client": 2}
    assert r.cut == {"request": 1}  # the one never sent whole: sample never draws it
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert (
        "broken off    3 answers the upstream broke off (their clients got the proxy's 502, or a stream" in proc.stdout
    )
    assert "2 exchanges their clients gave up on" in proc.stdout


def test_inspect_says_what_the_websocket_upgrades_are(tmp_path: Path) -> None:
    path = tmp_path / "ws.jsonl"
    with CaptureWriter(path) as w:
        for i in range(2):
            w.write(
                Exchange(
                    id=str(i),
                    request=Request("GET", "http://svc/v1/realtime", []),
                    timings=Timings(1000.0 + i),
                    response=Response(101, []),
                )
            )
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "websockets    2 upgrade(s), their messages not recorded (sample never draws them)" in proc.stdout


def test_inspect_says_which_http_production_spoke_when_not_http1(tmp_path: Path) -> None:
    """A capture of HTTP/2 clients says so: a replay sends HTTP/1.1, one request in flight a connection, where
    production multiplexed streams on one."""
    path = tmp_path / "h2.jsonl"
    with CaptureWriter(path) as w:
        for i, version in enumerate(("HTTP/2.0", "HTTP/2.0", "HTTP/1.1")):
            request = Request("GET", "http://svc/v1/models", [], http_version=version)
            w.write(Exchange(id=str(i), request=request, timings=Timings(1000.0 + i), response=Response(200, [])))
    assert inspect_capture(path).protocols == {"HTTP/2.0": 2, "HTTP/1.1": 1}
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "protocols     HTTP/2.0: 2, HTTP/1.1: 1 (a replay sends HTTP/1.1" in proc.stdout
    write_capture(tmp_path / "h1.jsonl")
    assert "protocols" not in replay_here("inspect", str(tmp_path / "h1.jsonl")).stdout


def test_inspect_counts_the_requests_that_offer_tools_and_the_answers_that_call_one(tmp_path: Path) -> None:
    """An agent's calls are what a rehearsal most needs to keep, and nothing said a capture held any: inspect gives
    their share (to choose stratify = ["family", "tools"] by) and, read by the judge's reader of replies, how many of
    their answers call a tool (an OpenAI chat's tool_calls, Anthropic's tool_use block, a streamed call)."""
    weather = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}
    ask = [{"role": "user", "content": "Weather in Oslo?"}]
    call = {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}
    called = {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"tool_calls": [call]}}]}
    said = {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Sunny."}}]}
    use = {"type": "message", "role": "assistant", "stop_reason": "tool_use",
           "content": [{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"city": "Oslo"}}]}  # fmt: skip
    streamed = b"".join(
        b"data: " + orjson.dumps({"choices": [{"index": 0, "delta": delta}]}) + b"\n\n"
        for delta in ({"tool_calls": [{"index": 0, "function": {"name": "get_weather", "arguments": "{}"}}]}, {})
    )
    json_ = [("content-type", "application/json")]

    def answer(body: object, status: int = 200) -> Response:
        return Response(status, json_, Body.from_bytes(orjson.dumps(body)))

    agent = {"model": "gpt-4o", "messages": ask, "tools": [weather]}
    rows = [
        (agent, answer(called)),
        (agent, answer(said)),
        ({"model": "claude", "messages": ask, "tools": [{"name": "get_weather", "input_schema": {}}]}, answer(use)),
        (agent | {"stream": True}, Response(200, [("content-type", "text/event-stream")], Body.from_bytes(streamed))),
        (agent, answer({}, 429)),
        (agent | {"tools": []}, answer(said)),
    ]
    rows += [({"model": "gpt-4o", "messages": ask}, answer(said))] * 14
    path = tmp_path / "agents.jsonl"
    with CaptureWriter(path) as w:
        for i, (body, response) in enumerate(rows):
            request = Request("POST", "http://api.test/v1/chat/completions", json_, Body.from_bytes(orjson.dumps(body)))
            w.write(Exchange(id=str(i), request=request, timings=Timings(1000.0 + i, 0.1, 0.5), response=response))
    assert inspect_capture(path).tools == ToolStats(offered=5)  # answers not read: the shape tier's own figures
    assert inspect_capture(path, calls=lambda d: None).tools == ToolStats(5, 0, 0)
    proc = replay_here("inspect", "--json", str(path))
    assert proc.returncode == 0, proc.stderr
    assert orjson.loads(proc.stdout)["tools"] == {"offered": 5, "answered": 4, "called": 3}  # the 429 is no answer
    proc = replay_here("inspect", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "tools         5 requests offer the model tools (25.0%: an agent's calls; " in proc.stdout
    assert 'stratify = ["family", "tools"] keeps their share); 3 of 4 answers call one' in proc.stdout
