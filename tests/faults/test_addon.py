"""Each fault type's observable effect, with a real client through the real proxy (mitmdump + addon)
in front of a real local server; and an unaffected flow's latency while others stall."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from replay.faults.proxy import FaultProxy, start_fault_proxy
from replay.util.eventstream import decode_frames
from replay.util.procs import Children
from tests.conftest import TIMING
from tests.faults.conftest import upstream_url

pytestmark = [pytest.mark.e2e, TIMING]  # latency windows
FORCE = "x-replay-fault"
OVL = "Overloaded"


def _events(body: bytes) -> list[bytes]:
    return [e for e in body.split(b"\n\n") if e.strip()]


def _timed_stream(url: str, fault: str, timeout: float = 10.0) -> tuple[float, list[tuple[float, bytes]]]:
    """Time to headers, and each chunk with its arrival time (from the request's start)."""
    t0 = time.perf_counter()
    chunks = []
    with httpx.stream("GET", url, headers={FORCE: fault}, timeout=timeout) as r:
        assert r.status_code == 200
        headers_at = time.perf_counter() - t0
        for chunk in r.iter_raw():
            chunks.append((time.perf_counter() - t0, chunk))
    return headers_at, chunks


def _body(chunks: list[tuple[float, bytes]]) -> bytes:
    return b"".join(c for _, c in chunks)


def test_no_fault_passes_through(proxy: FaultProxy) -> None:
    r = httpx.get(proxy.url + "/json")
    assert r.status_code == 200 and r.json() == {"path": "/json"}
    _, chunks = _timed_stream(proxy.url + "/sse?n=4&gap=0.1", "")
    assert _events(_body(chunks))[-1] == b"data: [DONE]"
    assert chunks[-1][0] - chunks[0][0] > 0.25, "events arrive as they are sent, not all at the end"


def test_latency(proxy: FaultProxy) -> None:
    """The rule's 0.4 s, once: not on the request and again on the response. The first flow through a new
    mitmdump pays for its upstream connection (0.9 s once under load): a plain request pays it first."""
    assert httpx.get(proxy.url + "/json").status_code == 200
    t0 = time.perf_counter()
    r = httpx.get(proxy.url + "/json", headers={FORCE: "latency"})
    took = time.perf_counter() - t0
    assert r.status_code == 200
    assert 0.39 <= took < 0.79, took


@pytest.mark.parametrize(
    ("fault", "status", "check"),
    [
        ("ratelimit", 429, lambda b: (b["error"]["code"], b["error"]["type"]) == ("rate_limit_exceeded", "requests")),
        ("overloaded", 529, lambda b: b == {"type": "error", "error": {"type": "overloaded_error", "message": OVL}}),
    ],
)
def test_error_shapes(proxy: FaultProxy, fault: str, status: int, check) -> None:  # type: ignore[no-untyped-def]
    r = httpx.post(proxy.url + "/json", headers={FORCE: fault}, json={"x": 1})
    assert r.status_code == status
    assert check(r.json()), r.text
    assert r.headers["x-replay-fault"] == fault


def test_error_retry_after_and_plain(proxy: FaultProxy) -> None:
    r = httpx.get(proxy.url + "/json", headers={FORCE: "ratelimit"})
    assert (r.headers["retry-after"], r.headers["retry-after-ms"]) == ("2", "2000")
    r = httpx.get(proxy.url + "/json", headers={FORCE: "plain"})
    assert r.status_code == 502 and r.text == "bad gateway\n" and r.headers["content-type"].startswith("text/plain")


def test_error_never_reaches_upstream(proxy: FaultProxy, upstream) -> None:  # type: ignore[no-untyped-def]
    before = upstream.hits
    httpx.get(proxy.url + "/json", headers={FORCE: "ratelimit"})
    assert upstream.hits == before


def test_reset(proxy: FaultProxy) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(proxy.url + "/json", headers={FORCE: "reset"})


def test_hang_until_cap(proxy: FaultProxy) -> None:
    """The proxy closes the connection at the cap, unanswered: before the client's own 5 s (a read timeout then)."""
    t0 = time.perf_counter()
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(proxy.url + "/json", headers={FORCE: "hang"}, timeout=5)
    assert time.perf_counter() - t0 >= 0.59


def test_hang_until_client_gives_up(proxy: FaultProxy) -> None:
    """Unanswered until the client's read timeout: a cap of a minute (not 0.6 s, which a busy machine's client,
    scheduled late, met first) leaves the client to give up first whatever the load."""
    before = _hits(proxy, "long_hang")
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(proxy.url + "/json", headers={FORCE: "long_hang"}, timeout=0.3)
    assert _hits(proxy, "long_hang") == before + 1


def test_stream_delay_holds_the_first_event_not_the_headers(proxy: FaultProxy) -> None:
    """The first event 0.5 s late, the headers not: they came well apart (the upstream sends them 0.01 s apart; held
    together they would come in one read), and no upper bound on either: a busy machine adds to both."""
    headers_at, chunks = _timed_stream(proxy.url + "/sse?n=3&gap=0.01", "stream_delay")
    assert chunks[0][0] >= 0.5 and chunks[0][0] - headers_at >= 0.25, (headers_at, chunks[0][0])
    assert _events(_body(chunks))[-1] == b"data: [DONE]"


def _hits(proxy: FaultProxy, rule: str) -> int:
    return (proxy.control.counters()["total"]["rules"].get(rule) or {"hit": 0})["hit"]


def test_stream_stall(proxy: FaultProxy) -> None:
    before = _hits(proxy, "stream_stall"), _hits(proxy, "long_stall")
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.02", "stream_stall")
    # the stall counted by its rule, the other stall rule of its type not (H205)
    assert (_hits(proxy, "stream_stall"), _hits(proxy, "long_stall")) == (before[0] + 1, before[1])
    events = _events(_body(chunks))
    assert len(events) == 7 and events[-1] == b"data: [DONE]"
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(chunks)]
    assert max(gaps) >= 0.58
    assert sum(g > 0.3 for g in gaps) == 1
    stalled = next(i for i, g in enumerate(gaps) if g > 0.3)
    assert _events(_body(chunks[: stalled + 1])) == events[:2], "the stall comes after 2 events"


def test_stream_truncate_ends_the_body_without_done(proxy: FaultProxy) -> None:
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.01", "stream_truncate")
    events = _events(_body(chunks))
    assert len(events) == 3
    assert all(e.startswith(b"data: {") for e in events)
    assert b"[DONE]" not in _body(chunks)


def test_stream_truncate_abrupt_drops_the_connection(proxy: FaultProxy) -> None:
    got = bytearray()
    url = proxy.url + "/sse?n=6&gap=0.01"
    with pytest.raises(httpx.RemoteProtocolError), httpx.stream("GET", url, headers={FORCE: "cut"}, timeout=5) as r:
        for chunk in r.iter_raw():  # the error comes mid-body
            got += chunk
    assert len(_events(bytes(got))) <= 3 and b"[DONE]" not in got


def test_stream_error_event(proxy: FaultProxy) -> None:
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.01", "stream_error")
    events = _events(_body(chunks))
    assert len(events) == 3 and b"[DONE]" not in _body(chunks)
    err = orjson.loads(events[2].removeprefix(b"data: "))
    assert err["error"]["type"] == "server_error"
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.01", "anthropic_error")
    last = _events(_body(chunks))[-1]
    assert last.startswith(b"event: error\ndata: ") and b"overloaded_error" in last


def test_stream_faults_count_the_lines_of_an_ndjson_stream(proxy: FaultProxy) -> None:
    """Ollama's NDJSON: a truncation after 3 events keeps 3 whole lines, an error comes as its error line."""
    _, chunks = _timed_stream(proxy.url + "/ndjson?n=6&gap=0.01", "stream_truncate")
    lines = [orjson.loads(line) for line in _body(chunks).splitlines()]
    assert [line["message"]["content"] for line in lines] == ["w0", "w1", "w2"]
    _, chunks = _timed_stream(proxy.url + "/ndjson?n=6&gap=0.01", "stream_error")
    lines = [orjson.loads(line) for line in _body(chunks).splitlines()]
    assert len(lines) == 3 and lines[-1] == {"error": "upstream error"} and not any(x.get("done") for x in lines)


def test_throttle(proxy: FaultProxy) -> None:
    t0 = time.perf_counter()
    r = httpx.get(proxy.url + "/big?size=20000", headers={FORCE: "throttle"})
    took = time.perf_counter() - t0
    assert r.status_code == 200 and len(r.content) == 20000
    # 20,000 bytes at 20,000 bytes/s: a second at least; the bound above only catches a throttle gone badly wrong
    # (2.0 s was seen at load 24, where the machine, not the rule, took the rest)
    assert 0.85 <= took < 3.0, took


def test_forced_header_is_not_sent_upstream_and_unknown_names_are_refused(proxy: FaultProxy) -> None:
    r = httpx.get(proxy.url + "/json", headers={FORCE: "no-such-rule"})
    assert r.status_code == 400 and "no-such-rule" in r.json()["error"]["message"]


def test_unaffected_flow_keeps_its_latency_while_others_stall(proxy: FaultProxy) -> None:
    """Streams stalled for 2 s, a hung request, a throttled body and a delayed request in flight; plain requests
    through the same proxy meanwhile are answered while the streams are still stalled: a proxy held by the stall
    answers none before it ends.

    Ordered against the stall, not timed: a plain request's milliseconds are the machine's, and at a load of 21 on two
    cores not one of them came back within 1.2 s."""
    first_event = threading.Event()
    results: dict[str, float] = {}
    resumed: list[float] = []  # when each stalled stream's bytes after its first event came

    def stalled(i: int) -> None:
        t0 = time.perf_counter()
        head, over = b"", False
        with httpx.stream("GET", proxy.url + "/sse?n=3&gap=0.01", headers={FORCE: "long_stall"}, timeout=10) as r:
            for chunk in r.iter_raw():
                if b"\n\n" not in head:
                    head += chunk
                    if b"\n\n" in head:
                        first_event.set()
                elif not over:  # the first event was whole before this chunk: the stall is over
                    over = True
                    resumed.append(time.perf_counter())
        results[f"stalled{i}"] = time.perf_counter() - t0

    def other(name: str, path: str, fault: str) -> None:
        t0 = time.perf_counter()
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(proxy.url + path, headers={FORCE: fault}, timeout=10)
        results[name] = time.perf_counter() - t0

    streams = [threading.Thread(target=stalled, args=(i,)) for i in range(3)]
    threads = [
        *streams,
        threading.Thread(target=other, args=("hang", "/json", "hang")),
        threading.Thread(target=other, args=("throttle", "/big?size=30000", "throttle")),
        threading.Thread(target=other, args=("latency", "/json", "latency")),
    ]
    for t in threads:
        t.start()
    assert first_event.wait(10)
    t_start = time.perf_counter()
    answered = []  # when each plain request sent after a stream stalled was answered
    with httpx.Client(timeout=10) as client:
        while any(t.is_alive() for t in streams):
            assert client.get(proxy.url + "/json").status_code == 200
            answered.append(time.perf_counter())
    for t in threads:
        t.join(15)
    assert min(results[f"stalled{i}"] for i in range(3)) >= 2.0, results
    assert results["throttle"] >= 1.3, results
    assert len(resumed) == 3, resumed
    during = [t - t_start for t in answered if t < min(resumed)]
    assert len(during) >= 3, ([t - t_start for t in answered], [t - t_start for t in resumed])


def _said(proxy: FaultProxy, answers: int = 0) -> tuple[int, int]:
    """The proxy's answers under 200 and the error bodies among them, once ``answers`` are counted (the response hook
    runs as the last bytes go out: the count may trail them)."""
    deadline = time.monotonic() + 5
    while True:
        total = proxy.control.counters()["total"]
        said = total["responses"].get("200", 0), total["error_bodies"].get("200", 0)
        if said[0] >= answers or time.monotonic() > deadline:
            return said
        time.sleep(0.05)


def test_the_upstreams_own_error_bodies_under_200_are_counted(proxy: FaultProxy) -> None:
    """The upstream's own error under 200 (a gateway's JSON error body, with its length or chunked without one,
    Anthropic's ``event: error`` mid-stream, its name split across two writes, Ollama's error line) is counted by
    status, no rule having acted; an answer is not, nor the error event a ``stream_error`` rule put in a stream (that
    is the rule's, counted by it)."""
    answered, before = _said(proxy)
    for chunked in ("", "?chunked=1"):
        assert httpx.get(proxy.url + "/said-error" + chunked).json()["error"]["type"] == "server_error"
        assert httpx.get(proxy.url + "/json" + chunked).json() == {"path": "/json"}
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.01&fail=2", "")
    assert _events(_body(chunks))[-1].startswith(b"event: error\ndata: "), "passed on as it came"
    _timed_stream(proxy.url + "/ndjson?n=6&gap=0.01&fail=1", "")
    _timed_stream(proxy.url + "/sse?n=4&gap=0.01", "")
    _timed_stream(proxy.url + "/sse?n=6&gap=0.01", "stream_error")
    assert _said(proxy, answered + 8) == (answered + 8, before + 4)


def test_compressed_error_bodies_and_streams_are_read_decoded(proxy: FaultProxy) -> None:
    """A gateway's error body under 200 that it compressed (gzip, br, zstd, with its length; gzip relayed chunked) and
    an SSE stream it gzipped as it went, the error event inside, are counted as the plain ones; an answer is not. The
    bytes pass on as they came: the client decodes them."""
    answered, before = _said(proxy)
    for coding in ("gzip", "br", "zstd", "gzip&chunked=1"):
        r = httpx.get(proxy.url + "/said-error?coding=" + coding)
        assert r.headers["content-encoding"] == coding[:4] and r.json()["error"]["type"] == "server_error"
        assert httpx.get(proxy.url + "/json?coding=" + coding).json() == {"path": "/json"}
    _, chunks = _timed_stream(proxy.url + "/sse?n=6&gap=0.01&fail=2&coding=gzip", "")
    assert _events(zlib.decompress(_body(chunks), 31))[-1].startswith(b"event: error\ndata: "), "passed on as it came"
    _timed_stream(proxy.url + "/sse?n=4&gap=0.01&coding=gzip", "")
    assert _said(proxy, answered + 10) == (answered + 10, before + 5)


def test_bedrocks_exception_message_in_a_200_event_stream_is_counted(proxy: FaultProxy, upstream: object) -> None:
    """A ConverseStream's ``throttlingException`` message after two events (its bytes split inside the word) is the
    upstream's own error under 200, and passes on as it came, chunked or with its length; a whole answer whose text
    says "error" is not."""
    answered, before = _said(proxy)
    direct = httpx.get(upstream_url(upstream) + "/converse-stream?fail=2").content  # type: ignore[arg-type]
    for length in ("", "&length=1"):
        _, chunks = _timed_stream(proxy.url + "/converse-stream?fail=2" + length, "")
        assert _body(chunks) == direct
    frames, _, broken = decode_frames(direct)
    assert broken is None and frames[-1].headers[":exception-type"] == "throttlingException"
    _timed_stream(proxy.url + "/converse-stream", "")
    assert _said(proxy, answered + 3) == (answered + 3, before + 2)


@contextlib.contextmanager
def _unaccepting() -> Iterator[str]:
    """The URL of an upstream too busy to take a connection: a listener whose accept queue is full and never
    accepted from, so a connect to it waits (its SYN dropped) until its client gives up."""
    server = socket.socket()
    held: list[socket.socket] = []
    try:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        for _ in range(4):  # more than the queue holds: the next connect waits
            c = socket.socket()
            held.append(c)
            c.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                c.connect(server.getsockname())
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        for c in held:
            c.close()
        server.close()


def test_a_call_the_client_left_while_the_upstream_was_connecting_is_the_clients(profile_file: Path) -> None:
    """A service that gives up on its call (its own timeout) before the upstream took the proxy's connection: the
    proxy cancels the connect when the client leaves, and mitmproxy says "client disconnected" of the upstream's
    side. main counted the call as ended by the upstream (a dependency that closed or refused the connection):
    under load, "the search upstream itself ended 33% of its 43 calls" of a healthy search the service gave up on at
    its 50 ms retrieval timeout (the matrix's retrieval_timeout_mild). Counted as the client's: the report's "the
    service gave up on" them."""
    with _unaccepting() as url, Children() as children:
        proxy = start_fault_proxy(children, url, ("127.0.0.1", 0), profile_file)
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(proxy.url + "/search", json={"query": "refund"}, timeout=0.3)
        seg = proxy.control.counters()["segments"][-1]
        for _ in range(100):  # the proxy cancels the connect as it reads the client's end
            if seg["errors"]:
                break
            time.sleep(0.02)
            seg = proxy.control.counters()["segments"][-1]
        assert (seg["requests"], seg["errors"], seg["ended"]) == (1, 1, {"client": 1})
