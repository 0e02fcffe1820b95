"""The client against a real local server: timeouts, retries, cancel-after, stream timing."""

from __future__ import annotations

import email.utils
import itertools
import time
from collections.abc import Iterator

import pytest

from replay.config.target import Policy
from replay.runner.body import _has_token
from replay.runner.client import Client, Outcome, retry_wait
from replay.runner.prepared import Request
from tests.conftest import TIMING
from tests.runner.conftest import Target, running_target

pytestmark = TIMING  # latency windows of a tenth of a second

FAST = Policy(backoff=0.05, backoff_max=0.2)
_RIDS = itertools.count()


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    """One target for the module (a process start a test, 0.2-1.8 s of each setup, was a fifth of the module's time):
    its state is per x-replay-id (/flaky's failures, /__stats' log), and every request here has an id of its own."""
    with running_target() as t:
        yield t


def send(target: Target, path: str, policy: Policy = FAST, rid: str = "", url: str | None = None) -> Outcome:
    client = Client(url or target.url, connections=4, keep_body=1 << 16)
    try:
        req = Request("GET", path, [("accept", "*/*")], None, f"GET {path.split('?')[0]}", 0)
        return client.send(req, policy, f"x-replay-id: {rid or f't/{next(_RIDS)}'}\r\n".encode(), seed=1)
    finally:
        client.close()


def attempt_times(target: Target, rid: str) -> list[float]:
    return [t for i, _, t in target.stats()["log"] if i == rid]


def test_plain_response(target: Target) -> None:
    out = send(target, "/ok")
    assert (out.outcome, out.status, out.error) == ("response", 200, "")
    assert out.body.startswith(b'{"ok":true')
    assert out.bytes_in == len(out.body) and ("x-model-version", "m-1") in out.headers
    assert 0 < out.ttfb <= out.done - out.sent < 1
    assert len(out.tries) == 1 and out.completed is None


@pytest.mark.parametrize(("n", "error"), [(900, ""), (1000, "1,002 fields"), (20000, "20,002 fields, 340,052 bytes")])
def test_a_head_past_what_clients_take_is_the_rows_error(target: Target, n: int, error: str) -> None:
    out = send(target, f"/many_headers?n={n}", Policy(max_retries=0))
    if not error:
        assert (out.outcome, out.status, len(out.headers)) == ("response", 200, n + 2)
        return
    assert (out.outcome, out.status, out.headers, out.body) == ("error", 0, [], b"")
    assert out.error.startswith("bad response: head too large") and error in out.error


@pytest.mark.parametrize("status", [999, 600, 0, 99, -1, 1000])
def test_a_status_outside_100_to_599_is_the_rows_error(target: Target, status: int) -> None:
    out = send(target, f"/flaky?status={status}&fail=9", Policy(max_retries=0))
    assert (out.outcome, out.status, out.headers) == ("error", 0, [])
    assert out.error.startswith("bad response"), out.error


def test_read_timeout_then_retries(target: Target) -> None:
    out = send(target, "/slow?ms=2000", Policy(read_timeout=0.2, max_retries=1, backoff=0.05))
    assert (out.outcome, out.error) == ("timeout", "read timeout")
    assert [t[1] for t in out.tries] == ["read timeout", "read timeout"]
    assert all(0.18 < t[3] < 0.6 for t in out.tries)


def test_total_timeout_cuts_a_slow_stream(target: Target) -> None:
    out = send(target, "/sse?events=20&gap_ms=50", Policy(total_timeout=0.3, max_retries=0))
    assert (out.outcome, out.error, out.status) == ("timeout", "total timeout", 200)
    assert 0.28 < out.done - out.sent < 0.6
    assert out.stream and 2 <= out.events < 10 and out.completed is False


def test_connection_refused_is_retried_with_backoff(target: Target) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = send(target, "/ok", FAST, url=f"http://127.0.0.1:{port}")
    assert (out.outcome, out.error) == ("error", "connection refused")
    assert len(out.tries) == 3  # max_retries = 2
    gaps = [b[2] - (a[2] + a[3]) for a, b in zip(out.tries, out.tries[1:], strict=False)]
    # 0.05, 0.1 less up to 25% jitter; the upper bounds only catch a gross error (a loaded machine runs late)
    assert 0.03 < gaps[0] < 0.6 and 0.07 < gaps[1] < 0.6


def test_retry_after_is_honoured(target: Target) -> None:
    out = send(target, "/flaky?fail=2&status=429&retry_after=0.4", rid="t/ra")
    assert (out.outcome, out.status) == ("response", 200)
    assert [t[0] for t in out.tries] == [429, 429, 200]
    times = attempt_times(target, "t/ra")
    assert len(times) == 3 and all(0.38 < b - a < 0.7 for a, b in itertools.pairwise(times))


def test_retry_after_ms_wins_over_retry_after(target: Target) -> None:
    send(target, "/flaky?fail=1&status=503&retry_after=5&retry_after_ms=150", rid="t/ms")
    a, b = attempt_times(target, "t/ms")
    assert 0.14 < b - a < 0.5


@pytest.mark.parametrize(
    ("query", "tries"),
    [
        ("status=429&should_retry=false", 1),  # the server says no
        ("status=400", 1),  # not a retryable status
        ("status=400&should_retry=true", 2),  # the server says yes
        ("status=429&retry_after=300", 1),  # longer than retry_after_max
    ],
)
def test_retry_decisions(target: Target, query: str, tries: int) -> None:
    out = send(target, f"/flaky?fail=1&{query}", rid=f"t/{query}")
    assert len(out.tries) == tries


def test_cancel_after_gives_up_across_attempts(target: Target) -> None:
    out = send(target, "/hang", Policy(cancel_after=0.3, read_timeout=0.1, backoff=0.05))
    assert out.outcome == "cancelled" and out.error == "cancelled after 0.3 s"
    assert 0.28 < out.done - out.sent < 0.5
    assert len(out.tries) >= 2  # read timeouts, retries, then the user left


@pytest.mark.parametrize(("end", "completed"), [("done", True), ("stop", True), ("none", False)])
def test_stream_timing_and_end_marker(target: Target, end: str, completed: bool) -> None:
    out = send(target, f"/sse?events=5&gap_ms=60&end={end}")
    assert out.outcome == "response" and out.stream and out.completed is completed
    assert out.events == 6 + (end != "none")  # the empty first chunk, 5 deltas, the marker
    # The first chunk carries no content; upper bounds loose: a loaded machine reads late, never early.
    assert out.first_event < 0.5 and 0.05 < out.first_token < 1.0
    assert 0.05 < out.gap_max < 1.0 and out.gap_mean is not None
    assert out.body.count(b"data: ") == out.events


def test_tokens_of_one_chunk_follow_the_first_by_zero(target: Target) -> None:
    """Events that land in one chunk are timed once: the later ones' gaps are 0.0, as timing each would give."""
    out = send(target, "/sse?events=6&gap_ms=60&per=3")
    assert (out.events, out.deltas, out.completed) == (8, 6, True)  # the empty first chunk, 2 x 3 deltas, [DONE]
    # the chunks' boundary timed once, as they came: the target sends them 60 ms apart, a busy machine's client may
    # read the first late and the second on time (48 ms apart seen at load 24), so its length is not asserted
    assert out.token_gaps[:2] == [0.0, 0.0] and out.token_gaps[3:] == [0.0, 0.0] and out.token_gaps[2] > 0
    assert out.first_token is not None and out.last_token == pytest.approx(out.first_token + out.token_gaps[2])
    assert out.gap_max >= out.token_gaps[2]


def test_stream_cut_is_an_error_with_what_arrived(target: Target) -> None:
    out = send(target, "/sse?events=3&gap_ms=10&end=cut", Policy(max_retries=0))
    assert out.outcome == "error" and out.error == "connection closed mid-body"
    assert out.events == 4 and out.completed is False


def test_retry_wait_arithmetic() -> None:
    p = Policy(backoff=0.5, backoff_max=8.0, jitter=0.25)
    err = Outcome(0.0, outcome="error")
    waits = [retry_wait(Policy(max_retries=10), n, err, seed=3) for n in range(6)]
    for n, w in enumerate(waits):
        top = min(0.5 * 2**n, 8.0)
        assert 0.75 * top <= w <= top
    assert waits == [retry_wait(Policy(max_retries=10), n, err, seed=3) for n in range(6)]  # seeded
    assert retry_wait(p, 2, err, 0) is None  # max_retries = 2: attempts 0, 1 and 2
    date = email.utils.formatdate(time.time() + 3, usegmt=True)
    resp = Outcome(0.0, status=503, headers=[("Retry-After", date)])
    assert 1.5 < retry_wait(p, 0, resp, 0) <= 3.0
    assert retry_wait(Policy(retry_errors=False), 0, err, 0) is None


@pytest.mark.parametrize(
    ("data", "token"),
    [
        ('{"id":"c","choices":[{"index":0,"delta":{"content":"Hi"}}]}', True),
        ('{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}', False),
        ('{"id":"c","choices":[{"index":0,"delta":{"content":""}}]}', False),
        ('{"id":"c","choices":[{"index":0,"delta":{"content":null}}]}', False),
        ('{"id":"c","choices":[{"index":0,"delta":{"role":null,"content":"x"}}]}', True),
        ('{"choices":[{"delta":{"tool_calls":[{"index":0}]}}]}', True),
        ('{"choices":[{"text":"legacy"}]}', True),
        ('{"choices":[],"usage":{"completion_tokens":3}}', False),
        ('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}', True),
        ('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}', False),
        ('{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}', True),
        ('{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}', False),
        ('{"type":"ping"}', False),
        ('{"error":{"message":"\\"delta\\":{\\"content\\":\\"x"}}', False),
        ('{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm"}}', True),
        ('{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"Eq"}}', False),
        ('{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","name":"f","input":{}}}', True),
        ('{"type":"response.output_text.delta","sequence_number":4,"output_index":0,"delta":"Hel"}', True),
        ('{"type":"response.output_text.delta","sequence_number":4,"output_index":0,"delta":""}', False),
        ('{"type":"response.function_call_arguments.delta","output_index":0,"delta":"{\\"a"}', True),
        ('{"type":"response.reasoning_summary_text.delta","output_index":0,"delta":"First"}', True),
        ('{"type":"response.refusal.delta","output_index":0,"delta":"I can"}', True),
        ('{"type":"response.created","response":{"status":"in_progress","output":[]}}', False),
        (
            '{"type":"response.completed","response":{"status":"completed","output":[{"content":[{"text":"x"}]}]}}',
            False,
        ),
        ('{"type":"error","code":"server_error","message":"boom"}', False),
        ('{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}]}', True),
        ('{"candidates":[{"content":{"parts":[{"text":""}]},"finishReason":"STOP"}],"usageMetadata":{}}', False),
        ('{"model":"llama3","message":{"role":"assistant","content":"Hi"},"done":false}', True),
        ('{"model":"llama3","response":"Hi","done":false}', True),
        ('{"model":"llama3","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}', False),
        ('{"token":"plain"}', True),
        ("plain text chunk", True),
        ("[DONE]", False),
        ("", False),
    ],
)
def test_token_events(data: str, token: bool) -> None:
    """The substring shortcuts agree with the full parse on every wire format's events and near misses."""
    assert _has_token(data) is token
