"""A streamed response with a content-encoding, through a real capture: nginx's ``gzip on`` sends a JSON
answer chunked without a length, which the capture streams through as it comes; a compressed event stream
likewise. Each is decoded as a whole body is, its events timed and its text redacted (it was stored as the
compressed bytes: a binary body, dropped, with no events), and the client still gets it as it was sent."""

from __future__ import annotations

import functools
import hashlib
import http.server
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import brotli
import httpx
import orjson
import pytest
import zstandard

from replay.capture.assemble import _Partial
from replay.capture.proxy import CaptureOptions, start_capture
from replay.exchange.encoded import SIZE_UNKNOWN
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.read import read_exchanges
from replay.util.procs import Children
from tests.conftest import one_worker, serving

pytestmark = [pytest.mark.e2e, one_worker(__name__)]  # mitmdump

EMAIL = "jane.doe@gmail.com"
ANSWER = orjson.dumps({"answer": f"Write to {EMAIL} about order 4471", "items": list(range(40))})
EVENTS = [f'data: {{"delta": "word{i} {EMAIL if i == 2 else ""}"}}\n\n'.encode() for i in range(5)] + [
    b"data: [DONE]\n\n"
]
CAP = 1024  # the capture's body cap: a long stream's compressed bytes grow past it, the others' do not
# A long event stream: 60 events of one size, each its own hash (so that compressed they still pass the cap).
LONG = [f'data: {{"i": {i:02d}, "delta": "{hashlib.sha256(bytes([i])).hexdigest()}"}}\n\n'.encode() for i in range(60)]
LONG_JSON = orjson.dumps([hashlib.sha256(bytes([i])).hexdigest() for i in range(60)])  # compressed, past the cap
BOMB = 64 << 20  # zeros, compressed: 64 KiB of gzip, 2 KiB of zstd, 100 B of br
BOMBS = {
    "gzip": lambda d: zlib.compress(d, 9, wbits=31),
    "deflate": lambda d: zlib.compress(d, 9),
    "rawdeflate": lambda d: zlib.compress(d, 9, wbits=-15),  # deflate without its zlib header, as some servers send it
    "br": lambda d: brotli.compress(d, quality=5),
    "zstd": lambda d: zstandard.ZstdCompressor(level=19).compress(d),
}


@functools.cache
def _bomb(coding: str) -> bytes:
    """The bomb, compressed when the server first sends it (at import, every xdist worker's collection paid
    ~0.5 CPU-s for it)."""
    return BOMBS[coding](b"\0" * BOMB)


def _coder(coding: str) -> tuple[Callable[[bytes], bytes], Callable[[], bytes]]:
    """A compressor flushed after each piece (as a server streaming events does), and its end."""
    if coding == "gzip":
        z = zlib.compressobj(wbits=31)
        return lambda b: z.compress(b) + z.flush(zlib.Z_SYNC_FLUSH), z.flush
    if coding == "br":
        br = brotli.Compressor()
        return lambda b: br.process(b) + br.flush(), br.finish
    zs = zstandard.ZstdCompressor().compressobj()
    return lambda b: zs.compress(b) + zs.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK), zs.flush


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        kind, _, coding = self.path.strip("/").partition("/")
        if kind == "json":  # nginx: the whole answer, compressed, sent in chunks without a length
            packed, end = _coder(coding)
            data = packed(ANSWER) + end()
            pieces, ctype = [data[i : i + 37] for i in range(0, len(data), 37)], "application/json"
        elif kind in ("sse", "long"):
            packed, end = _coder(coding)
            pieces, ctype = [packed(e) for e in (EVENTS if kind == "sse" else LONG)] + [end()], "text/event-stream"
        elif kind == "longjson":
            packed, end = _coder(coding)
            pieces, ctype = [packed(LONG_JSON[i : i + 300]) for i in range(0, len(LONG_JSON), 300)], "application/json"
            pieces.append(end())
        elif kind == "zeros":  # a bomb streamed: an event that never ends
            data = _bomb(coding)
            pieces, ctype = [data[i : i + 4096] for i in range(0, len(data), 4096)], "text/event-stream"
        elif kind in ("bomb", "cut"):  # whole, with a length; "cut": a gzip body that ends before its end
            data = _bomb(coding) if kind == "bomb" else zlib.compress(ANSWER, wbits=31)[:-8]
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-encoding", "deflate" if coding == "rawdeflate" else coding)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        else:  # claims gzip, is not
            pieces, ctype = [b"not gzip at all " * 4], "application/json"
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("content-encoding", coding if kind != "bad" else "gzip")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for piece in pieces:
            if piece:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.005)
        self.wfile.write(b"0\r\n\r\n")


CODINGS = ("gzip", "br", "zstd")
PATHS = [f"/{kind}/{c}" for kind in ("json", "sse", "long", "longjson") for c in CODINGS] + ["/bad/x", "/cut/gzip"]
PATHS += [f"/bomb/{c}" for c in BOMBS] + ["/zeros/gzip", "/zeros/zstd"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, bytes]]]:
    out = tmp_path_factory.mktemp("assemble") / "cap.jsonl"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    got = {}
    with serving(server), Children() as children:
        cap = start_capture(children, f"http://127.0.0.1:{server.server_address[1]}", ("127.0.0.1", 0),
                            CaptureOptions(out=out, body_cap=CAP))  # fmt: skip
        # not httpx's 5 s read timeout: a read through the proxy took longer at a load of 20 on two cores
        with httpx.Client(base_url=cap.url, headers={"accept-encoding": "gzip, br, zstd"}, timeout=60) as client:
            for path in PATHS:
                with client.stream("GET", path) as r:
                    got[path] = b"".join(r.iter_raw())  # as sent: still compressed
        assert cap.stop().exchanges == len(PATHS)
    yield out, got


def _record(out: Path, path: str) -> tuple[Exchange, Response, Body]:
    ex = next(ex for ex in read_exchanges(out) if ex.request.url.endswith(path))
    assert ex.response is not None and ex.response.body is not None
    return ex, ex.response, ex.response.body


@pytest.mark.parametrize("coding", CODINGS)
def test_a_compressed_stream_is_recorded_decoded_and_redacted(
    recorded: tuple[Path, dict[str, bytes]], coding: str
) -> None:
    out, got = recorded
    assert EMAIL.encode() not in out.read_bytes()
    ex, resp, body = _record(out, f"/json/{coding}")
    assert got[f"/json/{coding}"][:4] != ANSWER[:4]  # the client got it compressed, as the server sent it
    assert body.encoding == "utf8" and not body.truncated
    answer = orjson.loads(body.text)
    assert answer["items"] == list(range(40)) and answer["answer"].startswith("Write to user-")
    assert "content-encoding" not in {k.lower() for k, _ in resp.headers}
    assert ex.redactions["email"] == 1 and "binary_bodies" not in ex.meta
    # an event stream: each event timed, as one sent plain is
    ex, resp, body = _record(out, f"/sse/{coding}")
    assert ex.stream is not None and ex.stream.kind == "sse"
    assert len(ex.stream.events) == len(EVENTS) and ex.stream.first_event is not None
    assert body.text.startswith('data: {"delta": "word0 "}') and body.text.endswith("data: [DONE]\n\n")
    assert EMAIL not in body.text and body.size == len(body.text.encode())


def test_a_stream_that_does_not_decode_is_kept_as_it_came(recorded: tuple[Path, dict[str, bytes]]) -> None:
    """Kept as it came (redacted as text when it is text, dropped as binary when not), the encoding it claimed said."""
    out, _ = recorded
    ex, resp, _ = _record(out, "/bad/x")
    assert ex.meta["response_undecodable"] == "gzip"
    assert ("content-encoding", "gzip") in [(k.lower(), v) for k, v in resp.headers]


@pytest.mark.parametrize("coding", CODINGS)
def test_a_compressed_stream_past_the_cap_counts_its_events(
    recorded: tuple[Path, dict[str, bytes]], coding: str
) -> None:
    """The events past the cap of a compressed stream were not counted (``events: null``): its bytes past the cap
    decode only after those before it. The writer keeps the decoder's state, not its output, and counts them: the
    60 events are those recorded whole and those past the cap (the one the cap cut through is both)."""
    out, got = recorded
    ex, _, body = _record(out, f"/long/{coding}")
    past = ex.meta["past_cap"]
    assert ex.stream is not None and body.truncated and len(body.to_bytes()) <= CAP
    whole = sum(e.size == len(LONG[0]) - 2 for e in ex.stream.events)  # an event's size: its block, no blank line
    assert 0 < whole < len(LONG) and past["bytes"] == len(got[f"/long/{coding}"]) - CAP
    assert past["events"] == len(LONG) - whole


@pytest.mark.parametrize("coding", ["identity", "gzip"])
def test_an_event_past_the_cap_longer_than_it_is_held_can_hold_stops_the_count(coding: str) -> None:
    """One event past the cap that never ends (8 MiB with no blank line, or a decompression bomb of it) was held
    whole while it was split, added to a chunk at a time (memory as long as the event, copying it once per chunk);
    now a writer holds at most PENDING_MAX of it and says the count cannot be told (``events: null``)."""
    headers = [("content-type", "text/event-stream")] + ([("content-encoding", coding)] if coding != "identity" else [])
    ex = Exchange("s1", Request("GET", "http://a/s", []), Timings(start=0.0), Response(200, headers))
    z = zlib.compressobj(wbits=31)
    packed = (lambda b: z.compress(b) + z.flush(zlib.Z_SYNC_FLUSH)) if coding == "gzip" else (lambda b: b)
    p = _Partial(ex, cap=64)
    p.add(0.0, packed(b'data: {"i": 0}\n\n'))
    for i in range(512):  # 16 KiB a chunk
        p.add(0.001 * i, packed(b"data: " + b"x" * (16 << 10) if i == 0 else b"x" * (16 << 10)))
    assert p.past is not None and p.past.splitter is None  # dropped once past PENDING_MAX: nothing more held
    done = p.finish(1.0)
    assert done.meta["past_cap"]["events"] is None and done.meta["past_cap"]["bytes"] > 0


@pytest.mark.parametrize("coding", list(BOMBS))
def test_a_compression_bomb_is_decoded_only_as_far_as_the_cap(
    recorded: tuple[Path, dict[str, bytes]], coding: str
) -> None:
    """A body that decodes to 64 MiB (a 1 MiB gzip under the default cap decodes to 1 GiB: 2.1 GB of the writer's
    memory and 6.6 s of its CPU on main) is decoded to the cap and a piece past it: cut there, its size the bytes
    decoded so far, which meta says is a floor (main: decoded whole, its size the 64 MiB)."""
    out, _ = recorded
    ex, _, body = _record(out, f"/bomb/{coding}")
    assert body.truncated and body.to_bytes() == b"\0" * CAP
    assert CAP < body.size < BOMB and ex.meta["response_size"] == SIZE_UNKNOWN
    assert "response_undecodable" not in ex.meta


def test_a_body_that_ends_before_its_coding_does_is_kept_as_it_came(recorded: tuple[Path, dict[str, bytes]]) -> None:
    """As mitmproxy's strict decode: a gzip body without its end is not decoded, its encoding said."""
    out, _ = recorded
    ex, _, body = _record(out, "/cut/gzip")
    data = zlib.compress(ANSWER, wbits=31)[:-8]  # kept raw (then dropped as binary: its size stays)
    assert ex.meta["response_undecodable"] == "gzip" and "response_size" not in ex.meta and body.size == len(data)


@pytest.mark.parametrize("coding", ["gzip", "zstd"])
def test_a_streamed_bomb_stops_being_decoded(recorded: tuple[Path, dict[str, bytes]], coding: str) -> None:
    """A compressed event stream of 64 MiB of zeros (one event that never ends) was decoded and split whole in the
    writer: its splitter held the event and read it again at every piece (16 MiB: 10 s of CPU; 64 MiB: 172 s; a
    1 MiB gzip of 1 GiB: the capture's response still unanswered after 600 s). Now its decoding stops: the record
    is cut at the cap, its size a floor, and its events past it cannot be told."""
    out, _ = recorded
    ex, _, body = _record(out, f"/zeros/{coding}")
    assert body.truncated and CAP < body.size < BOMB and ex.meta["response_size"] == SIZE_UNKNOWN
    assert ex.meta["past_cap"]["events"] is None


@pytest.mark.parametrize("coding", CODINGS)
def test_a_compressed_streams_size_counts_decoded_bytes(recorded: tuple[Path, dict[str, bytes]], coding: str) -> None:
    """``Body.size`` counts the bytes as recorded, decoded: past the cap too. Main added the bytes past the cap as
    they came, still compressed, to the decoded ones before it. An event stream's bytes past the cap are decoded to
    count its events, so its size is whole; a JSON answer's are not, so its size is a floor, and meta says so."""
    out, got = recorded
    _, _, body = _record(out, f"/long/{coding}")
    assert body.truncated and body.size == len(b"".join(LONG))
    ex, _, body = _record(out, f"/longjson/{coding}")
    assert len(got[f"/longjson/{coding}"]) > CAP and body.truncated and ex.meta["response_size"] == SIZE_UNKNOWN
    assert CAP <= body.size < len(LONG_JSON) and ex.meta["past_cap"]["events"] is None
