"""The capture hook's cheap readings of a flow give what mitmproxy's own (slower) properties give."""

from __future__ import annotations

import pytest
from mitmproxy import http
from mitmproxy.test import tflow

from replay.mitm.convert import (
    ERROR_SIDE,
    client_aborted,
    exchange_header,
    flow_to_exchange,
    header,
    is_streamed,
    raw_parts,
    recorded_error,
    request_url,
)


def _req(url: str, headers: dict[str, str], version: str = "HTTP/1.1") -> http.Request:
    req = http.Request.make("GET", url, b"", headers)
    req.http_version = version
    return req


@pytest.mark.parametrize(
    ("url", "headers", "version"),
    [
        ("http://127.0.0.1:8000/v1/chat?x=1", {"host": "127.0.0.1:8000"}, "HTTP/1.1"),
        ("http://127.0.0.1:8000/a", {"Host": "api.example.com"}, "HTTP/1.1"),  # reverse mode: the client's Host
        ("https://127.0.0.1/a%20b", {"host": "api.example.com:443"}, "HTTP/1.1"),
        ("http://127.0.0.1:80/", {}, "HTTP/1.1"),  # no Host header: the URL itself
        ("https://127.0.0.1:8443/h2", {}, "HTTP/2.0"),
        ("http://[::1]:8080/v6", {"host": "[::1]:8080"}, "HTTP/1.1"),
    ],
)
def test_request_url_is_pretty_url(url: str, headers: dict[str, str], version: str) -> None:
    req = _req(url, headers, version)
    for _ in range(2):  # worked out, then from the cache
        assert request_url(req) == req.pretty_url
    req.path = "/other?q=2"
    assert request_url(req) == req.pretty_url
    req.headers["host"] = "changed.example:81"
    assert request_url(req) == req.pretty_url


def test_authority_form_and_asterisk() -> None:
    req = http.Request.make("OPTIONS", "http://h/", b"", {"host": "h"})
    req.path = "*"
    assert request_url(req) == req.pretty_url
    connect = http.Request("h", 443, b"CONNECT", b"", b"h:443", b"", b"HTTP/1.1", http.Headers(), b"", None, 0, 0)
    assert request_url(connect) == connect.pretty_url


def test_header_and_is_streamed_agree_with_mitmproxy() -> None:
    resp = http.Response.make(200, b"", {"Content-Type": "text/event-stream", "X-A": "1"})
    resp.headers.add("x-a", "2")
    assert header(resp, b"x-a") == resp.headers.get("x-a") == "1, 2"
    assert header(resp, b"missing") is None and is_streamed(resp)
    chunked = http.Response.make(200, b"", {"transfer-encoding": "chunked"})
    assert is_streamed(chunked) and not is_streamed(
        http.Response.make(200, b"{}", {"content-type": "application/json"})
    )


@pytest.mark.parametrize(
    ("status", "fields", "streamed"),
    [
        (200, [(b"content-type", b"application/grpc")], True),  # HTTP/2 has no chunked coding: no length is its own
        (200, [(b"content-type", b"application/json"), (b"content-length", b"2")], False),
        (204, [], False),  # no body to stream
        (304, [], False),
        (200, [(b"content-type", b"text/event-stream"), (b"content-length", b"9")], True),
    ],
)
def test_an_http2_answer_without_a_length_is_streamed(
    status: int, fields: list[tuple[bytes, bytes]], streamed: bool
) -> None:
    resp = http.Response.make(status, b"")
    resp.headers = http.Headers(fields)
    resp.http_version = "HTTP/2.0"
    assert is_streamed(resp) is streamed
    resp.http_version = "HTTP/1.1"  # an HTTP/1.1 answer without a length is read until close: not streamed
    assert is_streamed(resp) is (fields[:1] == [(b"content-type", b"text/event-stream")])


@pytest.mark.parametrize(
    "fields",
    [
        [(b"Content-Type", b"TEXT/Event-Stream; charset=utf-8")],
        [(b"content-type", b""), (b"content-type", b"text/event-stream")],  # folded: not a stream type
        [(b"content-type", b"application/json"), (b"Transfer-Encoding", b"Chunked")],
        [(b"transfer-encoding", b"gzip"), (b"transfer-encoding", b"chunked"), (b"content-length", b"5")],
        [(b"transfer-encoding", b"x, chunked")],
        [(b"content-type", b"application/x-ndjson"), (b"content-length", b"10")],
        [(b"content-type", b"application/vnd.amazon.eventstream"), (b"content-length", b"10")],
        [],
    ],
)
def test_is_streamed_reads_the_headers_as_mitmproxy_gives_them(fields: list[tuple[bytes, bytes]]) -> None:
    resp = http.Response.make(200, b"")
    resp.headers = http.Headers(fields)
    h = resp.headers
    ctype = (h.get("content-type") or "").lower()
    streams = ("text/event-stream", "application/x-ndjson", "application/jsonl", "application/vnd.amazon.eventstream")
    expected = ctype.startswith(streams) or (
        "content-length" not in h and "chunked" in (h.get("transfer-encoding") or "")
    )
    assert is_streamed(resp) == expected


def test_exchange_header_headers_are_mitmproxys_decoded() -> None:
    f = tflow.tflow(resp=True)
    f.request.headers = http.Headers(
        [(b"X-Odd", b"caf\xe9"), (b"Content-Encoding", b"gzip"), (b"a", b"1"), (b"A", b"2")]
    )
    f.response.headers = http.Headers([(b"content-encoding", b"br"), (b"\xff", b"v")])
    h = exchange_header(f)
    expected = [(k, v) for k, v in f.request.headers.items(multi=True) if k.lower() != "content-encoding"]
    assert h["request"]["headers"] == expected and len(expected) == 3
    assert h["response"]["headers"] == [("\udcff", "v")]
    assert exchange_header(f, streamed=True)["response"]["headers"] == list(f.response.headers.items(multi=True))


def test_raw_parts_and_header_make_the_record_flow_to_exchange_makes() -> None:
    f = tflow.tflow(resp=True)
    f.request.content = b'{"a": 1}'
    f.response.headers["content-encoding"] = "gzip"
    f.response.content = b"x" * 300  # stored gzip-encoded
    parts = raw_parts(f, 100)
    (req_side, req_data, req_size, req_ce), (resp_side, _, _, resp_ce) = parts
    assert (req_side, bytes(req_data), req_size, req_ce) == ("request", b'{"a": 1}', 8, "")
    assert (resp_side, resp_ce) == ("response", "gzip")  # decoded in the writer
    h = exchange_header(f)
    ex = flow_to_exchange(f, 100)
    assert h["request"]["url"] == ex.request.url and h["timings"]["ttfb"] == ex.timings.ttfb
    assert ex.response is not None and ex.response.body is not None and ex.response.body.truncated
    assert "content-encoding" not in dict(h["response"]["headers"])
    big = tflow.tflow()
    big.request.content = b"y" * 1000
    ((_, data, size, _),) = raw_parts(big, 100)
    assert len(data) == 101 and size == 1000  # cut just past the cap, a view of mitmproxy's bytes


def test_trailers_are_in_the_record_when_a_message_has_them() -> None:
    """A flow's trailers (gRPC's grpc-status, read from a flow file by ``replay import`` too) are recorded after
    the headers, decoded as they are; a message without trailers has none (and no key in the capture's frame)."""
    f = tflow.tflow(resp=True)
    f.response.trailers = http.Headers([(b"grpc-status", b"0"), (b"grpc-message", b"caf\xc3\xa9")])
    h = exchange_header(f)
    assert h["response"]["trailers"] == [("grpc-status", "0"), ("grpc-message", "café")]
    assert "trailers" not in h["request"]
    ex = flow_to_exchange(f)
    assert ex.response is not None and ex.response.trailers == [("grpc-status", "0"), ("grpc-message", "café")]
    assert ex.request.trailers == []


@pytest.mark.parametrize(
    ("msg", "client", "upstream_alpn", "aborted"),
    [
        ("Client disconnected.", "HTTP/1.1", b"", True),
        ("stream reset by client (CANCEL)", "HTTP/2.0", b"h2", True),
        ("stream reset by client (INTERNAL_ERROR)", "HTTP/2.0", b"h2", False),  # the upstream's reset: said as it was
        ("stream reset by client (INTERNAL_ERROR)", "HTTP/2.0", b"http/1.1", True),  # only the client speaks HTTP/2
        ("stream reset by client (CANCEL)", "HTTP/1.1", b"h2", False),  # only the upstream does
        ("server closed connection", "HTTP/1.1", b"", False),
    ],
)
def test_who_broke_off_an_exchange(msg: str, client: str, upstream_alpn: bytes, aborted: bool) -> None:
    flow = tflow.tflow(resp=True, err=True)
    flow.error.msg, flow.request.http_version, flow.server_conn.alpn = msg, client, upstream_alpn
    assert client_aborted(flow) is aborted
    upstreams = not aborted and msg.startswith("stream")
    assert recorded_error(flow) == (msg.replace("by client", "by the upstream") if upstreams else msg)
    assert ("reset_side_guessed" in flow_to_exchange(flow).meta) is msg.startswith("stream")  # a flow file's: no side


@pytest.mark.parametrize(("side", "code"), [("client", "INTERNAL_ERROR"), ("upstream", "CANCEL")])
def test_a_resets_noted_side_is_taken_over_the_guess(side: str, code: str) -> None:
    """What mitmproxy's layer noted (``note_sides``, in a capture) wins over the code's guess, and nothing is said
    guessed (tests/capture/test_http2 sees both through real mitmdump)."""
    flow = tflow.tflow(resp=True, err=True)
    flow.error.msg, flow.request.http_version, flow.server_conn.alpn = (
        f"stream reset by client ({code})",
        "HTTP/2.0",
        b"h2",
    )
    flow.metadata[ERROR_SIDE] = side
    assert client_aborted(flow) is (side == "client")
    assert "reset_side_guessed" not in flow_to_exchange(flow).meta


def test_a_flow_whose_answer_broke_before_it_was_passed_on_records_no_response() -> None:
    """A flow file's flow with the upstream's head and an error: its client got the proxy's 502, not that head."""
    flow = tflow.tflow(resp=True, err=True)
    flow.error.msg = "HTTP/1 protocol error: peer closed connection without sending complete message body"
    ex = flow_to_exchange(flow)
    assert ex.response is None and ex.error == flow.error.msg and ex.timings.ttfb is None
    assert ex.meta["upstream_response"]["status"] == flow.response.status_code and "client_aborted" not in ex.meta
