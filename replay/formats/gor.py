"""GoReplay's files (``gor --output-file requests.gor``) in and out.

Read from GoReplay's source (github.com/buger/goreplay, LGPLv3; ``protocol.go``, ``output_file.go``,
``input_file.go``, ``input_raw.go``): a file is payloads, each followed by the line ``🐵🙈🙉`` (the separator
``\\n🐵🙈🙉\\n``); a payload is a meta line ``<type> <id> <timestamp_ns> <latency_ns>`` (``payloadHeader``; older
files and the docs leave the latency out) then the HTTP/1.x message as it went over the wire. Type 1 is a
request, 2 the response production gave it (``--input-raw-track-response``), 3 a response a replay got
(``--output-http-track-response``); a request and its responses share the id, which ``--input-raw`` makes of the
connection and the TCP ack, so the requests pipelined on a connection share theirs. A message's timestamp is its
first packet's, its latency (1.2 on) its last packet's less its first's, so a response's end is timestamp plus
latency. A ``.gor.gz`` is the same gzipped (GoReplay gzips a name ending ``.gz``); it is read as
``replay.formats.lines`` reads every import file, so a ``.gor.zst`` too.

The request line has no scheme and the Host field the host: the URL is ``http://`` (``--input-raw`` sees only
cleartext) or the scheme ``replay import --gor-scheme`` gives; a replay sends the path to the scenario's
``base_url``, as ``gor --output-http URL`` does.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar
from urllib.parse import urlsplit

import h11

from replay.console import cut, warn
from replay.errors import ImportFormatError
from replay.exchange.encoded import body_of
from replay.exchange.format import DEFAULT_BODY_CAP, Body, Exchange, Request, Response, Timings, head_not_passed_on
from replay.formats.lines import Lines
from replay.util.outputs import atomic_output

__all__ = ["SEPARATOR", "is_gor", "read_gor", "write_gor"]

SEPARATOR = "\n🐵🙈🙉\n".encode()
_MARK = SEPARATOR[:-1]  # a separator is it then a line's end: "\n", or "\r\n" in a file edited on Windows
_META = re.compile(rb"([123]) (\S{1,200}) (-?\d{1,19})(?: (-?\d{1,19}))?")
_META_START = re.compile(rb"[123] \S")  # no tnetstring (a flow file) starts so: its length then a colon
_SEPARATOR_LINE = re.compile(re.escape(_MARK) + rb"\r?\n")
_NOT_GOR_START = re.compile(rb"\s*[\[{]|\d+:")  # JSON, or a tnetstring: a flow file whose body holds a .gor file
_HEAD_LIMIT = 1 << 20  # a message head h11 reads (its default, 16 KiB, refused long cookies)
_NO_HOST = "gor.invalid"  # an HTTP/1.0 request without Host: a name that resolves nowhere (RFC 2606)
_ID = re.compile(r"[!-~]{1,200}")
_DIGESTED = re.compile(r"gor-[0-9a-f]{24}(\.\d+)*")
_BYTEARRAY = re.compile(r"bytearray\((b(['\"]).*?\2)\)")
_H2_PREFACE = b"PRI * HTTP/2.0\r\n"
_KINDS = {1: "request", 2: "response", 3: "replayed response"}
_PAYLOAD_LIMIT = 32 << 20  # one payload kept (gor's --copy-buffer-size is 5 MB by default; a capture keeps 1 MiB)
_HELD = 100_000  # requests held for their response (and those after them, which keep the file's order)
_HELD_BYTES = 256 << 20  # and their payloads' bytes
_EARLY = 10_000  # responses held for a request that comes after them
_IDS = 1_000_000  # request ids remembered, to number those sharing one (pipelined)
_T = TypeVar("_T")


def is_gor(head: bytes) -> bool:
    """``head`` (a file's first bytes) starts as a GoReplay file does: a meta line, or a line that should be one
    before a separator line (the reader names what is wrong with it)."""
    line = head.split(b"\n", 1)[0]
    if b"\n" not in head:  # a meta line longer than the head: the reader says what is wrong with it
        return _META_START.match(head) is not None
    if _META.fullmatch(line.rstrip(b"\r")) is not None:
        return True
    # Why: a first meta line of a wrong type or timestamp was "not a format replay imports"; the monkeys' line is
    # GoReplay's alone, where no JSON document (a line of its own, unquoted) nor a flow file (it starts "N:") is
    return _SEPARATOR_LINE.search(head) is not None and _NOT_GOR_START.match(head) is None


@dataclass(frozen=True, slots=True)
class _Payload:
    kind: int  # 1 request, 2 original response, 3 replayed response
    id: str
    ns: int  # its first packet's time, ns since the epoch
    latency: int  # ns; -1 where none was written
    data: bytes
    where: str  # "FILE: payload N (byte B)"


@dataclass(slots=True)
class _Tally:
    """What an import left out or could not have, said in one warning each."""

    replayed: int = 0
    unanswered: int = 0
    orphans: int = 0
    cut: int = 0
    hostless: int = 0
    waited: int = 0  # requests given up on: past _HELD later ones (or _HELD_BYTES of them) came first
    oversize: int = 0  # payloads past _PAYLOAD_LIMIT, kept as far as it
    tails: list[str] = field(default_factory=list)  # the files that end inside a payload (or a gzip stream)


@dataclass(slots=True, eq=False)  # one is found by identity
class _Held:
    """A request read and not yet written: waiting for its response, or behind one that is (in the file's order)."""

    request: _Payload
    k: int  # the k-th request of its id
    file: int  # the file it came in: its response may open the next one, not the one after
    answer: _Payload | None = None
    done: bool = False  # answered, or given up on


def _split(path: Path, tally: _Tally) -> Iterator[tuple[int, bytes]]:
    """Each payload of the file at ``path`` (the bytes before a separator) and its offset, read as the bytes come:
    one past ``_PAYLOAD_LIMIT`` kept as far as that (counted), the rest of it skipped; what the file ends inside
    (no separator after it, or a compressed stream cut short: gor stopped mid-write) is left out, said."""
    buf, pos, scan, skipping = bytearray(), 0, 0, False  # pos: buf[0]'s offset; scan: where a separator may start
    content = Lines(path, cut_ok=True)  # read as it is decompressed (.gor.gz, .gor.zst), a BOM dropped
    for block in content.blocks():
        buf += block
        start = 0
        while (end := buf.find(_MARK, max(start, scan))) >= 0:
            after = end + len(_MARK)
            crlf = buf[after : after + 2] == b"\r\n"
            if buf[after : after + 1] != b"\n" and not crlf:
                if after + 2 > len(buf):  # its line's end is in the next block
                    break
                scan = end + 1  # the mark inside a line: not a separator
                continue
            if not skipping:
                yield pos + start, bytes(buf[start : end - (crlf and buf[end - 1 : end] == b"\r")])
            start, skipping = after + 1 + crlf, False
        del buf[:start]
        pos += start
        if len(buf) > _PAYLOAD_LIMIT and not skipping:
            yield pos, bytes(buf[:_PAYLOAD_LIMIT])
            tally.oversize += 1
            skipping = True
        if skipping:  # all but what a separator may start with
            drop = max(0, len(buf) - len(SEPARATOR) - 1)
            del buf[:drop]
            pos += drop
        scan = max(0, len(buf) - len(SEPARATOR) - 1)
    if skipping or buf.strip() or content.cut:
        tally.tails.append(str(path))


def _payloads(path: Path, tally: _Tally, alone: bool) -> Iterator[_Payload]:
    """The payloads of the file at ``path`` as ``gor --input-file`` splits them; ImportFormatError for a bad
    meta line, or for a file given ``alone`` that holds no whole payload (its warning, then "no exchange to
    import", were two lines)."""
    n = 0
    for n, (pos, chunk) in enumerate(_split(path, tally), 1):
        where = f"{path}: payload {n} (byte {pos})"
        line, _, message = chunk.partition(b"\n")
        m = _META.fullmatch(line.rstrip(b"\r"))
        if m is None:
            shown = line[:60].decode("utf-8", "replace")
            raise ImportFormatError(
                f"{where}: meta line {shown!r} is not GoReplay's '<type> <id> <timestamp_ns> [<latency_ns>]' "
                "(type 1, 2 or 3); fix or drop that payload"
            )
        latency = int(m[4]) if m[4] is not None else -1
        yield _Payload(int(m[1]), m[2].decode("ascii", "replace"), int(m[3]), latency, message, where)
    if not n and alone and tally.tails:
        raise ImportFormatError(
            f"{path}: holds no whole payload: no separator line ({SEPARATOR.strip().decode()}) ends its first (cut"
            " short by gor stopped mid-write, or its lines end in a CR alone); give a whole file"
        )


class _Counts:
    """How many requests of each id came so far, remembering the ids of the last ``_IDS`` to ``2 * _IDS`` requests
    (an id comes back only on one connection, pipelined: a whole recording's ids would not fit in memory)."""

    def __init__(self) -> None:
        self.new: dict[str, int] = {}
        self.old: dict[str, int] = {}

    def next(self, gid: str) -> int:
        """The number of requests of ``gid`` before this one."""
        k = self.new.get(gid, self.old.get(gid, 0))
        if len(self.new) >= _IDS:
            self.old, self.new = self.new, {}
        self.new[gid] = k + 1
        return k


def read_gor(paths: Sequence[Path], scheme: str = "http") -> Iterator[tuple[str, Exchange]]:
    """Exchanges of GoReplay files (plain or gzipped), the chunks of one recording in order, read as a stream,
    each after where its request is (``FILE: payload N (byte B)``: what the import finds wrong with an exchange of
    a later chunk named the first file, whose reader reads them all): each request with the original response of
    its id, the k-th response of an id answering its k-th request, in its file or the next (gor cuts a chunk
    between a request and its response), written in the requests' order. A request is held until its response
    comes, or until ``_HELD`` later ones (or ``_HELD_BYTES`` of them) did: then it is imported without one.
    Replayed responses are skipped, and what was left out counted in one warning each. A last payload a file ends
    inside (gor stopped mid-write) is left out, said."""
    tally = _Tally()
    counts = _Counts()
    queue: deque[_Held] = deque()  # in the requests' order
    waiting = defaultdict[str, deque[_Held]](deque)  # the unanswered, by id
    held = [0]  # the bytes of the payloads queued
    for n, path in enumerate(paths):
        early = defaultdict[str, deque[_Payload]](deque)  # responses before their request, this file's
        held_early = 0
        for p in _payloads(path, tally, len(paths) == 1):
            if p.kind == 1:
                h = _Held(p, counts.next(p.id), n)
                if early.get(p.id):
                    h.answer, h.done = _first(early, p.id), True
                    held_early -= 1
                    held[0] += len(h.answer.data)
                else:
                    waiting[p.id].append(h)
                queue.append(h)
            elif p.kind == 2 and waiting.get(p.id):
                h = _first(waiting, p.id)
                h.answer, h.done = p, True
            elif p.kind == 2 and held_early < _EARLY:
                early[p.id].append(p)
                held_early += 1
                continue
            else:
                tally.orphans += p.kind == 2
                tally.replayed += p.kind == 3
                continue
            held[0] += len(p.data)
            yield from _ready(queue, waiting, held, scheme, tally)
        for h in queue:  # a request carried from the file before, unanswered in this one too: given up
            if not h.done and (h.file < n or n + 1 == len(paths)):
                _give_up(h, waiting)
        tally.orphans += held_early
        yield from _ready(queue, waiting, held, scheme, tally)
    _warn(paths, tally)


def _first(by_id: defaultdict[str, deque[_T]], gid: str) -> _T:
    """The first of ``by_id[gid]``, taken out; the id let go with its last one (an empty deque left for every
    id answered held ~0.7 KB an exchange: 470 MB to read 500,000)."""
    queue = by_id[gid]
    first = queue.popleft()
    if not queue:
        del by_id[gid]
    return first


def _give_up(h: _Held, waiting: defaultdict[str, deque[_Held]]) -> None:
    """``h`` done without a response: a later one of its id answers the next request of it."""
    h.done = True
    waiting[h.request.id].remove(h)
    if not waiting[h.request.id]:
        del waiting[h.request.id]


def _ready(
    queue: deque[_Held], waiting: defaultdict[str, deque[_Held]], held: list[int], scheme: str, tally: _Tally
) -> Iterator[tuple[str, Exchange]]:
    """The exchanges of the requests at the head of ``queue`` that are done (answered, or given up on), and of
    the first unanswered one too while more than ``_HELD`` requests (or ``_HELD_BYTES``) are held behind it."""
    while queue and (queue[0].done or len(queue) > _HELD or held[0] > _HELD_BYTES):
        h = queue.popleft()
        if not h.done:
            tally.waited += 1
            _give_up(h, waiting)
        held[0] -= len(h.request.data) + (len(h.answer.data) if h.answer is not None else 0)
        for ex in _numbered(_exchanges(h.request, h.answer, scheme, tally), h.request.id, h.k):
            yield h.request.where, ex


def _numbered(exchanges: Iterator[Exchange], gid: str, k: int) -> Iterator[Exchange]:
    """``exchanges`` of the k-th request payload of id ``gid``, named gor-DIGEST, gor-DIGEST.2 ... (DIGEST.k.2 the
    second request one payload holds). A digest, not the id: ``--input-raw``'s holds the client's IP address and
    port in hex (``tcp_message.go`` ``UUID``), which no record may keep; its 32 bits of TCP ack make it unguessable.
    An id ``write_gor`` wrote (a record's gor-DIGEST) is kept: its export imports back as it was."""
    name = gid if _DIGESTED.fullmatch(gid) else f"gor-{hashlib.blake2b(gid.encode(), digest_size=12).hexdigest()}"
    for i, ex in enumerate(exchanges):
        suffix = (k + 1, i + 1) if i else (k + 1,) if k else ()
        ex.id = ".".join((name, *map(str, suffix)))
        yield ex


def _exchanges(p: _Payload, answer: _Payload | None, scheme: str, tally: _Tally) -> Iterator[Exchange]:
    """The requests of one payload (more than one when pipelined requests came in one), each answered by the
    response at its place in ``answer``'s payload."""
    rest, answers = p.data, answer.data if answer is not None else b""
    first = True
    while first or rest.strip():
        msg, rest = _parse(p, rest, None)
        host = next((v for k, v in msg.headers if k.lower() == "host"), "")
        tally.hostless += not host
        url = msg.start
        if not url.lower().startswith(("http://", "https://")):  # origin-form, as a client sends it to a server
            url = f"{scheme}://{host or _NO_HOST}{'' if url.startswith('/') else '/'}{url}"  # CONNECT's, OPTIONS *
        meta: dict[str, object] = {"source": "gor"}
        headers, body = _content(msg, meta, "request", tally)
        request = Request(msg.verb, url, headers, body, msg.version, msg.trailers)
        ex = Exchange(p.id, request, Timings(round(p.ns / 1e9, 6)), meta=meta)
        if answer is not None and answers.strip():
            res, answers = _parse(answer, answers, msg.verb.encode("ascii"))
            headers, body = _content(res, meta, "response", tally)
            ex.response = Response(int(res.start), headers, body, res.verb, res.version, res.trailers)
            ttfb = max(0, answer.ns - p.ns)  # its response's first packet; its end that plus the latency
            ex.timings.ttfb = round(ttfb / 1e9, 6)
            ex.timings.total = round((ttfb + max(0, answer.latency)) / 1e9, 6)
        else:
            tally.unanswered += 1
            meta["answered"] = False
        first = False
        yield ex


@dataclass(slots=True)
class _Message:
    """An HTTP/1.x message as ``write_gor`` writes it and the reader reads it back: a request's method and target,
    or a response's reason and status (``verb``, ``start``)."""

    verb: str
    start: str
    version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    trailers: list[tuple[str, str]] = field(default_factory=list)
    length: int = 0  # the body's size as its framing declares it: past len(body) when the payload cut it
    bodiless: bool = False  # a response that has no body whatever its fields say (to a HEAD, a 204, a 304)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # HTTP's historical charset, as a capture records such a field
        return raw.decode("latin-1")


def _fields(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(_text(k), _text(v)) for k, v in headers]


def _parse(p: _Payload, data: bytes, method: bytes | None) -> tuple[_Message, bytes]:
    """The first HTTP/1.x message of ``data`` (a request, or the response to ``method``) and the bytes after it;
    ImportFormatError naming the payload when its head is not HTTP/1.x. A body the payload ends inside (gor's
    ``--copy-buffer-size`` cut it) is what there is, its ``length`` the declared one."""
    if data.lstrip().startswith(_H2_PREFACE):  # h11 reads its first line as a request, then fails on the next
        raise ImportFormatError(
            f"{p.where}: HTTP/2 (its connection preface, PRI * HTTP/2.0), not HTTP/1.x, which is all gor records; "
            "drop that payload"
        )
    conn = h11.Connection(h11.SERVER if method is None else h11.CLIENT, max_incomplete_event_size=_HEAD_LIMIT)
    if method is not None:  # h11 reads a response as the answer to a request it sent: a HEAD's has no body; one
        # that offers an upgrade takes a 101 (a WebSocket's handshake) and reads any other answer as it is
        upgrade = [("Host", "gor"), ("Connection", "upgrade"), ("Upgrade", "websocket")]
        conn.send(h11.Request(method=method, target="/", headers=upgrade))
        conn.send(h11.EndOfMessage())
    conn.receive_data(data)
    msg: _Message | None = None
    parts: list[bytes] = []
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA and conn.their_state is not h11.CLOSED:
                conn.receive_data(b"")  # the payload is all there is
            elif isinstance(event, h11.Request | h11.Response):
                msg = _head(event)
            elif isinstance(event, h11.InformationalResponse):  # a 100 Continue before the answer: not it
                if event.status_code == 101:
                    return _head(event), b""  # what follows is the protocol switched to (WebSocket frames)
            elif isinstance(event, h11.Data):
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                assert msg is not None
                msg.body, msg.trailers = b"".join(parts), _fields(event.headers.raw_items())
                msg.length = len(msg.body)
                return msg, conn.trailing_data[0]
            else:  # the payload ended before a message (ConnectionClosed), or h11 stops at one (PAUSED)
                raise h11.RemoteProtocolError("no message" if msg is None else "cut short", error_status_hint=400)
    except h11.RemoteProtocolError as e:
        if msg is None:
            what = _KINDS[p.kind]
            # h11 shows the line as bytearray(b'...'): the bytes will do; cut, as a status line of 100,000 bytes
            # was the one error line
            why = cut(_BYTEARRAY.sub(r"\1", str(e)), 200)
            raise ImportFormatError(f"{p.where}: not an HTTP/1.x {what} ({why}); fix or drop that payload") from None
        msg.body = b"".join(parts)
        length = next((v for k, v in msg.headers if k.lower() == "content-length"), "")
        msg.length = max(len(msg.body), int(length)) if length.isdigit() else len(msg.body) + 1
        return msg, b""


def _head(event: h11.Request | h11.Response | h11.InformationalResponse) -> _Message:
    version = f"HTTP/{event.http_version.decode('ascii')}"
    headers = _fields(event.headers.raw_items())
    if isinstance(event, h11.Request):
        return _Message(_text(event.method), _text(event.target), version, headers)
    return _Message(_text(event.reason), str(event.status_code), version, headers)


def _content(
    msg: _Message, meta: dict[str, object], key: str, tally: _Tally
) -> tuple[list[tuple[str, str]], Body | None]:
    """A message's fields and body as a capture keeps them: decoded from its content-encoding (as the capture's
    writers decode one, ``body_of``), that field dropped; a body cut short marked so."""
    ce = ", ".join(v for k, v in msg.headers if k.lower() == "content-encoding")
    headers = [(k, v) for k, v in msg.headers if k.lower() != "content-encoding"]
    cut = msg.length > len(msg.body)
    tally.cut += cut
    body = body_of(msg.body, msg.length, "" if cut else ce, DEFAULT_BODY_CAP, meta, key)
    if cut and ce:
        meta[f"{key}_undecodable"] = ce  # a cut compressed body does not decode: kept as it came
        headers = msg.headers
    return headers, body


def _warn(paths: Sequence[Path], t: _Tally) -> None:
    path = str(paths[0]) if len(paths) == 1 else f"{paths[0]} ... {paths[-1]}"
    if t.tails:
        warn(
            f"{t.tails[0]}: ends inside its last payload (gor stopped mid-write?); imported the payloads before it"
            + (f" (so do {len(t.tails) - 1} more of the files)" if len(t.tails) > 1 else "")
        )
    if t.unanswered:
        warn(
            f"{path}: {t.unanswered:,} request(s) have no original response in the file(s) (recorded without "
            "--input-raw-track-response?); imported without one"
        )
    if t.replayed:
        warn(f"{path}: skipped {t.replayed:,} replayed response(s) (type 3: a replay's, not production's)")
    if t.orphans:
        warn(f"{path}: skipped {t.orphans:,} response(s) whose request is not in the file(s) (give the chunk before)")
    if t.cut:
        warn(
            f"{path}: {t.cut:,} bodies end before their length (gor's --copy-buffer-size, 5 MB by default, cuts "
            "a message past it); imported as far as they go, marked truncated"
        )
    if t.hostless:
        warn(f"{path}: {t.hostless:,} request(s) name no Host (HTTP/1.0); their URLs say {_NO_HOST}")
    if t.waited:
        warn(
            f"{path}: {t.waited:,} request(s) had no response before {_HELD:,} later requests (or {_HELD_BYTES >> 20} "
            "MiB of them) did: imported without one, as the unanswered are (a response after that is counted as "
            "having no request)"
        )
    if t.oversize:
        warn(
            f"{path}: {t.oversize:,} payload(s) over {_PAYLOAD_LIMIT >> 20} MiB: imported as far as that (a capture "
            "keeps 1 MiB of a body), their bodies marked truncated"
        )


def _wire(msg: _Message) -> bytes:
    """``msg`` as HTTP/1.x: its first line, its fields, its body framed as the fields framed it (chunked stays
    chunked, as one chunk; a length is the body's own, redaction may have changed it, but a response's without a
    body: a HEAD's or a 304's names the length a GET's would have)."""
    headers, body, trailers = msg.headers, msg.body, msg.trailers
    request = not msg.start.isdigit()
    first = f"{msg.verb} {msg.start} {msg.version}" if request else f"{msg.version} {msg.start} {msg.verb}".rstrip()
    chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers)
    lines = [first]
    sized = False
    for k, v in headers:
        name = k.lower()
        if name == "transfer-encoding" and not chunked:  # another coding (Safari's HAR says a number): by length
            continue
        if name == "content-length":  # chunked wins over a length (RFC 9112 6.3); one length, the body's
            if not (chunked or sized):
                lines.append(f"{k}: {v if msg.bodiless else len(body)}")
                sized = True
            continue
        lines.append(f"{k}: {v}")
    if body and request and not (chunked or sized):  # a response without either: to the connection's close
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    if msg.bodiless or not chunked:
        return head + (b"" if msg.bodiless else body)
    tail = "".join(f"{k}: {v}\r\n" for k, v in trailers).encode("utf-8")
    return head + (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n" + tail + b"\r\n"


def _message(ex: Exchange) -> tuple[_Message, _Message | None]:
    """The request and response of ``ex`` as HTTP/1.x messages (an HTTP/2 one as HTTP/1.1; a Host field made from
    the URL where the record has none: a request over HTTP/2 names its host in ``:authority``)."""
    req, u = ex.request, urlsplit(ex.request.url)
    target = (u.path or "/") + (f"?{u.query}" if u.query else "")
    # HTTP/2's pseudo-fields (a HAR's :authority, :path) have no place in HTTP/1.x: its Host is the :authority
    headers = [(k, v) for k, v in req.headers if not k.startswith(":")]
    authority = next((v for k, v in req.headers if k == ":authority"), u.netloc)
    if not any(k.lower() == "host" for k, _ in headers) and authority:
        headers.insert(0, ("Host", authority))
    body = req.body.to_bytes() if req.body else b""
    request = _Message(req.method, target, _version(req.http_version), headers, body, req.trailers)
    r = ex.response
    if r is None or head_not_passed_on(r, ex.error, ex.stream, ex.meta):
        return request, None
    body = r.body.to_bytes() if r.body else b""
    bodiless = req.method == "HEAD" or r.status < 200 or r.status in (204, 304)
    headers = [(k, v) for k, v in r.headers if not k.startswith(":")]
    return request, _Message(r.reason, str(r.status), _version(r.http_version), headers, body, r.trailers, 0, bodiless)


def _version(version: str) -> str:
    return version if version in ("HTTP/1.0", "HTTP/1.1") else "HTTP/1.1"


def _gor_id(ex_id: str) -> str:
    """``ex_id`` as a meta line's id, one word (GoReplay splits the line at spaces)."""
    return ex_id if _ID.fullmatch(ex_id) else hashlib.sha1(ex_id.encode()).hexdigest()[:24]


def write_gor(exchanges: Iterable[Exchange], out: Path) -> tuple[int, int]:
    """Write ``exchanges`` as a GoReplay file, as ``gor --input-raw :PORT --input-raw-track-response
    --output-file`` writes one (gzipped when ``out`` ends ``.gz``, as gor does), for ``gor --input-file``: each
    request at its start, the response its client got at its first byte, lasting to its end. Returns the exchanges
    written and how many of their bodies the record kept only the start of (written as far as kept)."""
    n = cut = 0
    with atomic_output(out) as tmp, open(tmp, "wb") as raw:
        fh: BinaryIO = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if out.name.endswith(".gz") else raw
        for ex in exchanges:
            request, response = _message(ex)
            ns = _ns(ex.timings.start)
            gid = _gor_id(ex.id)
            fh.write(_meta(1, gid, ns, -1) + _wire(request) + SEPARATOR)
            if response is not None:
                total = ex.timings.total or ex.timings.ttfb or 0.0
                ttfb = ex.timings.ttfb if ex.timings.ttfb is not None else total
                latency = max(0, _ns(total) - _ns(ttfb))
                fh.write(_meta(2, gid, ns + _ns(ttfb), latency) + _wire(response) + SEPARATOR)
            n += 1
            cut += sum(b is not None and b.truncated for b in (ex.request.body, ex.response and ex.response.body))
        fh.close()
    return n, cut


def _ns(seconds: float) -> int:
    """``seconds`` in ns, to the microsecond a record keeps (1680134454.25 s was ...249999872 ns)."""
    return round(seconds * 1e6) * 1000


def _meta(kind: int, gid: str, ns: int, latency: int) -> bytes:
    return f"{kind} {gid} {ns} {latency}\n".encode("ascii")
