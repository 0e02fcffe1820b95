"""Reading a response body as it arrives: what one row's send gave (``Outcome``), stream timing.

An event stream (``text/event-stream``, or NDJSON a line an event) is timed per chunk as it lands,
each event split out of it (``replay.util.sse.splitter_for``) taking the chunk's time: first event,
first token (first event with generated content, as ``replay.util.wire`` reads it in any wire
format), gaps, and whether the stream's end arrived (its format's, or a policy ``stream_end``
marker). Every content event is timed too: how many (``deltas``), the last one, and the gaps
between them (inter-token latency), kept in memory for the row's figures.
Bodies are decoded (gzip, deflate, br, zstd: ``replay.util.codings``) and their first ``keep_body`` bytes kept. Used by
replay.runner.client, in the runner's processes only.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from geventhttpclient._parser import HTTPParseError
from geventhttpclient.response import HTTPConnectionClosed, HTTPSocketPoolResponse

from replay.config.target import Policy
from replay.exchange.format import Body
from replay.util.codings import CORRUPT, decoder
from replay.util.sse import SSESplitter, splitter_for
from replay.util.wire import Ends, ends, read_event

__all__ = ["Outcome", "kept_response", "read_body"]

perf = time.perf_counter
_HIDDEN = frozenset({"set-cookie", "authorization", "proxy-authenticate"})
# A benchmark-only knob (scripts/bench stream prices the stream figures with it; never for a rehearsal):
# REPLAY_STREAM_METRICS=0 reads a stream for its end marker only, without timing its events or tokens.
_STREAM_METRICS = os.environ.get("REPLAY_STREAM_METRICS", "1") != "0"


@dataclass(slots=True)
class Outcome:
    """What one row's send gave, in perf_counter seconds: ``start`` when it was handed over, ``sent`` when
    its first attempt had a connection (None if it never got one); ``ttfb`` etc. count from ``sent``."""

    start: float
    sent: float | None = None
    done: float = 0.0
    outcome: str = "response"
    status: int = 0
    error: str = ""
    ttfb: float | None = None
    tries: list[list[Any]] = field(default_factory=list)
    bytes_in: int = 0
    stream: bool = False
    events: int = 0
    first_event: float | None = None
    first_token: float | None = None
    gap_mean: float | None = None
    gap_max: float | None = None
    completed: bool | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""  # the first keep_body bytes, decoded from gzip, deflate, br or zstd
    undecodable: str = ""  # a content-encoding this client cannot decode: the body is not kept
    deltas: int = 0  # events carrying content (tokens or groups of tokens)
    last_token: float | None = None  # the last content event, from ``sent``
    token_gaps: list[float] = field(default_factory=list)  # between content events (ITL), in memory only

    def reset(self) -> None:
        """Forget the previous attempt's response."""
        self.status, self.ttfb, self.bytes_in, self.stream, self.events = 0, None, 0, False, 0
        self.first_event = self.first_token = self.gap_mean = self.gap_max = self.completed = None
        self.headers, self.body, self.undecodable = [], b"", ""
        self.deltas, self.last_token, self.token_gaps = 0, None, []


class _MidBody(HTTPConnectionClosed):
    """The server closed the connection before the end of the body."""


# The common token events of OpenAI, Anthropic and OpenAI responses streams, recognised without parsing
# the JSON. Outside a JSON string every quote is bare, so these can only be the keys themselves (inside
# one, each quote follows a backslash). An event with a non-empty content delta and no empty one is a
# token; anything else (an empty delta somewhere, other shapes, other formats) falls through to the
# full parse below, which decides the same on these events (tests/runner/test_client.py::test_token_events).
_OPENAI_DELTA = '"delta":{"content":"'
_OPENAI_EMPTY = '"delta":{"content":""'
# (the event's start, its content key, that key empty)
_SHORTCUTS = (
    ('{"type":"content_block_delta"', '"text":"', '"text":""'),
    ('{"type":"response.output_text.delta"', '"delta":"', '"delta":""'),
)


def _has_token(data: str) -> bool:
    """Whether one SSE event's data carries generated content (a token, delta or tool-call part)."""
    return (_OPENAI_DELTA in data and _OPENAI_EMPTY not in data) or _has_token_slow(data)


def _has_token_slow(data: str) -> bool:
    """``_has_token`` for an event that is not an OpenAI content delta (_Stream.feed tests that inline)."""
    if not data or data == "[DONE]":
        return False
    for start, key, empty in _SHORTCUTS:
        if data.startswith(start) and key in data and empty not in data:
            return True
    if data[0] != "{":
        return True
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        return True
    return read_event(obj).generated if isinstance(obj, dict) else True


def _closed(resp: HTTPSocketPoolResponse) -> None:
    """The peer closed: the end of a body read until close, or _MidBody."""
    with contextlib.suppress(HTTPParseError):
        resp.feed(b"")
    if not resp.message_complete:
        raise _MidBody("connection closed mid-body")


@dataclass(slots=True)
class _Stream:
    """An event stream's figures as its decoded pieces land (perf_counter seconds), put in the row's Outcome when
    the body ends or breaks off. A record of its own because read_body reads bytes (decoding, keeping, counting)
    and this reads events: one call a decoded piece, the per-event work in ``feed``'s loop, on locals."""

    splitter: SSESplitter
    end: Ends
    sent: float
    token_gaps: list[float]  # the Outcome's own list, appended to in place
    events: int = 0
    first_event: float | None = None
    first_token: float | None = None
    last: float = 0.0  # the last event's time
    gap_sum: float = 0.0
    gap_max: float = 0.0
    completed: bool = False
    deltas: int = 0
    last_tok: float = 0.0

    @classmethod
    def of(cls, resp: HTTPSocketPoolResponse, policy: Policy, out: Outcome) -> _Stream | None:
        """The stream of this response, None when its content type is not an event stream."""
        ctype = resp.get("content-type") or ""
        splitter = splitter_for(ctype) if isinstance(ctype, str) else None
        if splitter is None:
            return None
        return cls(splitter, ends(tuple(policy.stream_end or ())), out.sent, out.token_gaps)  # type: ignore[arg-type]

    def feed(self, piece: bytes, now: float) -> None:
        """One decoded piece that landed at ``now`` (0.0 without the figures): its events counted and timed."""
        evs = self.splitter.feed(piece)
        toks, completed, metrics = 0, self.completed, _STREAM_METRICS
        for ev in evs:
            if metrics:  # _has_token, its common case inlined (a call per event)
                data = ev.data
                if (_OPENAI_DELTA in data and _OPENAI_EMPTY not in data) or _has_token_slow(data):
                    toks += 1
            if not completed and self.end(ev.event, ev.data):
                completed = self.completed = True
        if not (evs and metrics):  # without the figures, nothing is timed
            return
        # A piece's events landed together at ``now``: timed once per piece, its later events and tokens
        # follow the first by 0.0, as timing each would give.
        if self.events:
            gap = now - self.last
            self.gap_sum += gap
            if gap > self.gap_max:
                self.gap_max = gap
        else:
            self.first_event = now - self.sent
        self.events += len(evs)
        self.last = now
        if toks:
            if self.deltas:
                self.token_gaps.append(now - self.last_tok)
            else:
                self.first_token = now - self.sent
            if toks > 1:
                self.token_gaps.extend([0.0] * (toks - 1))
            self.deltas, self.last_tok = self.deltas + toks, now

    def close(self) -> None:
        """The body ended: the events the splitter still held (one without its blank line), counted."""
        for ev in self.splitter.close():
            self.events += 1
            self.completed = self.completed or self.end(ev.event, ev.data)

    def fill(self, out: Outcome) -> None:
        """The stream's figures into the row's Outcome (as far as it came, when it broke off)."""
        out.stream, out.events, out.completed = True, self.events, self.completed
        out.first_event, out.first_token = self.first_event, self.first_token
        out.deltas, out.last_token = self.deltas, (self.last_tok - self.sent if self.deltas else None)
        if self.events > 1:
            out.gap_mean, out.gap_max = self.gap_sum / (self.events - 1), self.gap_max


def read_body(resp: HTTPSocketPoolResponse, policy: Policy, out: Outcome, keep_body: int) -> None:
    """Read the body as it arrives, timing SSE events; keep its first keep_body bytes."""
    stream = _Stream.of(resp, policy, out)
    coding = resp.get("content-encoding")
    try:
        inflate = decoder(coding if isinstance(coding, str) else "")
    except KeyError:
        inflate, out.undecodable = None, str(coding)
    keep, kept, kept_n, size = (0 if out.undecodable else keep_body), [], 0, 0
    metrics, now = _STREAM_METRICS, 0.0
    # HTTPSocketResponse.read(n) waits for n bytes; stream timing needs each chunk as it lands.
    buf = resp._body_buffer
    sock = resp._sock
    try:
        while True:
            if buf:
                chunk = bytes(buf)
                del buf[:]
                if metrics:  # without the figures, nothing is timed
                    now = perf()
                try:
                    # A decoded chunk is read in bounded pieces, all timed at the chunk's ``now``.
                    for piece in (chunk,) if inflate is None else inflate(chunk):
                        size += len(piece)
                        if kept_n < keep:
                            kept.append(piece[: keep - kept_n])
                            kept_n += len(kept[-1])
                        if stream is not None:
                            stream.feed(piece, now)
                except CORRUPT as e:
                    # The target's body does not decode (or asks a zstd window past 8 MiB): the row keeps
                    # its response, not the body; the rest of it is counted as it arrives.
                    inflate, keep, out.undecodable, kept_n = None, 0, f"{coding}: {e}", 0
                    kept.clear()
            if resp.message_complete or sock is None:
                break
            data = sock.recv(65536)
            if data:
                resp.feed(data)
            else:
                _closed(resp)
        if stream is not None:
            stream.close()
    finally:  # a timeout or reset mid-body keeps what arrived
        out.bytes_in = size
        out.body = b"".join(kept)
        if stream is not None:
            stream.fill(out)


def kept_response(
    row: int,
    out: Outcome,
    keep_body: int,
    secrets: list[str],
    release_names: frozenset[str],
    release: dict[str, list[str]],
) -> list[Any] | None:
    """The row's response as responses.jsonl keeps it (``[row, status, headers, body]``): credentials'
    headers hidden, staging secrets scrubbed, the first ``keep_body`` bytes of the body; the values of
    ``release_names`` headers are noted in ``release`` (at most 20 each)."""
    headers = []
    for k, v in out.headers:
        lk = k.lower()
        if lk in _HIDDEN:
            continue
        headers.append([k, v])
        if lk in release_names:
            seen = release.setdefault(lk, [])
            if v not in seen and len(seen) < 20:
                seen.append(v)
    data = out.body
    if secrets:  # a target that echoes a staging credential must not put it on disk
        headers = [[k, _scrub(v, secrets)] for k, v in headers]
        for secret in secrets:  # on the decoded bytes: text or not, it is gone
            data = data.replace(secret.encode(), b"[staging credential]")
    body = Body.from_bytes(data, keep_body) if keep_body else None
    kept = None
    if body is not None:
        truncated = out.bytes_in > len(out.body)
        kept = {"text": body.text, "encoding": body.encoding, "size": out.bytes_in, "truncated": truncated}
    return [row, out.status, headers, kept]


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "[staging credential]")
    return text
