"""Capture files: exchange records as JSON Lines (orjson), zstd-compressed when the name ends in .zst.

One exchange a line, append-only, flushed per exchange by default so that a killed capture
loses nothing the client already saw. The reader streams, skips a torn last line with a
warning, and refuses (or with ``skip_bad`` counts and skips) a corrupt line elsewhere.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import hashlib
import heapq
import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from replay.console import warn
from replay.errors import CaptureError
from replay.exchange.validate import record_problem

__all__ = [
    "DEFAULT_BODY_CAP",
    "SCHEMA_VERSION",
    "Body",
    "CaptureWriter",
    "Exchange",
    "ReadStats",
    "Request",
    "Response",
    "Stream",
    "StreamEvent",
    "Timings",
    "capture_files",
    "iter_blocks",
    "iter_raw",
    "merge_by_start",
    "read_exchanges",
    "sha256_of",
    "shard_path",
    "source_name",
    "source_path",
]

SCHEMA_VERSION = 1
DEFAULT_BODY_CAP = 1 << 20  # 1 MiB
FlushMode = Literal["line", "none"]
# What a reader reads: a capture file, a directory of them, a glob, several of these (a sequence, or
# one string joined with os.pathsep, as a plan header keeps it). Several files merge by start time.
Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
CAPTURE_SUFFIXES = (".jsonl", ".jsonl.zst")
Headers = list[tuple[str, str]]


@dataclass(slots=True)
class Body:
    """A message body: UTF-8 text as is, anything else as base64; ``size`` is the original size."""

    text: str
    encoding: Literal["utf8", "base64"]
    size: int
    truncated: bool = False

    @classmethod
    def from_bytes(cls, data: bytes | None, cap: int = DEFAULT_BODY_CAP) -> Body | None:
        """Encode ``data``, keeping at most ``cap`` bytes; None for an empty body."""
        if not data:
            return None
        kept = data[:cap]
        truncated = len(kept) < len(data)
        try:
            return cls(kept.decode("utf-8"), "utf8", len(data), truncated)
        except UnicodeDecodeError as e:
            # A cut through a multi-byte character is still text: drop the partial character.
            if truncated and e.start >= len(kept) - 3 and e.reason == "unexpected end of data":
                return cls(kept[: e.start].decode("utf-8"), "utf8", len(data), True)
        return cls(base64.b64encode(kept).decode("ascii"), "base64", len(data), truncated)

    def replace_text(self, text: str) -> None:
        """Swap in edited text (redaction), keeping ``size`` the size of what is stored."""
        old = len(self.text.encode("utf-8")) if self.encoding == "utf8" else len(base64.b64decode(self.text))
        self.size += len(text.encode("utf-8")) - old
        self.text, self.encoding = text, "utf8"

    def to_bytes(self) -> bytes:
        """The stored bytes (the first ``cap`` bytes when truncated)."""
        if self.encoding == "base64":
            return base64.b64decode(self.text)
        return self.text.encode("utf-8")


@dataclass(slots=True)
class Request:
    method: str
    url: str
    headers: Headers
    body: Body | None = None
    http_version: str = "HTTP/1.1"


@dataclass(slots=True)
class Response:
    status: int
    headers: Headers
    body: Body | None = None
    reason: str = ""
    http_version: str = "HTTP/1.1"


@dataclass(slots=True)
class Timings:
    """``start`` is epoch seconds; ``ttfb`` and ``total`` are seconds from ``start``."""

    start: float
    ttfb: float | None = None
    total: float | None = None


@dataclass(slots=True)
class StreamEvent:
    """One SSE event (or chunk of another stream): seconds from start, event name, bytes."""

    t: float
    event: str | None
    size: int


@dataclass(slots=True)
class Stream:
    """How a streamed response arrived; the payload itself stays in ``response.body``."""

    kind: Literal["sse", "chunked"]
    events: list[StreamEvent] = field(default_factory=list)
    first_event: float | None = None
    chunks: int = 0


@dataclass(slots=True)
class Exchange:
    """One request and its response (or error), as captured and redacted."""

    id: str
    request: Request
    timings: Timings
    response: Response | None = None
    error: str | None = None
    stream: Stream | None = None
    redactions: dict[str, int] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    v: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        """One JSON line, without the newline."""
        return orjson.dumps(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Exchange:
        """Build from a parsed line; raises KeyError/TypeError/ValueError on a malformed one."""
        v = d.get("v", SCHEMA_VERSION)
        if not isinstance(v, int) or v > SCHEMA_VERSION:
            raise ValueError(f"schema version {v!r} is newer than this replay reads ({SCHEMA_VERSION})")
        req = d["request"]
        resp = d.get("response")
        st = d.get("stream")
        return cls(
            id=str(d["id"]),
            request=Request(
                method=req["method"],
                url=req["url"],
                headers=_headers(req["headers"]),
                body=_body(req.get("body")),
                http_version=req.get("http_version", "HTTP/1.1"),
            ),
            timings=Timings(**d["timings"]),
            response=None
            if resp is None
            else Response(
                status=int(resp["status"]),
                headers=_headers(resp["headers"]),
                body=_body(resp.get("body")),
                reason=resp.get("reason", ""),
                http_version=resp.get("http_version", "HTTP/1.1"),
            ),
            error=d.get("error"),
            stream=None
            if st is None
            else Stream(
                kind=st["kind"],
                events=[StreamEvent(**e) for e in st.get("events", ())],
                first_event=st.get("first_event"),
                chunks=st.get("chunks", 0),
            ),
            redactions=dict(d.get("redactions") or {}),
            meta=dict(d.get("meta") or {}),
            v=v,
        )


def _headers(raw: list[list[str]]) -> Headers:
    return [(str(k), str(v)) for k, v in raw]


def _body(raw: dict[str, Any] | None) -> Body | None:
    return None if raw is None else Body(**raw)


def _is_zst(path: Path) -> bool:
    return path.suffix == ".zst"


class CaptureWriter:
    """Appends exchanges to a capture file, one line each; ``.zst`` names are compressed.

    With ``flush="line"`` every exchange is flushed to the OS as it is written (a zstd block
    is closed per line), so a SIGKILL loses nothing already written; ``fsync`` also forces
    it to the disk. The capture writer writes a burst of lines (``write_line``) and flushes
    them at once (``commit``): one zstd block and one write(2) per burst, not per exchange.
    ``count`` and ``bytes`` count what was committed. ``level`` is zstd's (the capture uses 1).
    """

    BUFFER = 1 << 20  # a burst of lines reaches the OS in one write(2)

    def __init__(self, path: str | os.PathLike[str], flush: FlushMode = "line", fsync: bool = False, level: int = 3):
        self.path = Path(path)
        self.flush_mode = flush
        self.fsync = fsync
        self.count = 0
        self.bytes = 0
        self._lines = self._line_bytes = 0  # written, not yet committed
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._raw: IO[bytes] = open(self.path, "ab", buffering=self.BUFFER)  # noqa: SIM115 - closed in close()
        self.good = self._raw.tell()  # the file's size after the last exchange that reached the OS whole
        self._zst = None
        if _is_zst(self.path):
            import zstandard

            self._zst = zstandard.ZstdCompressor(level=level).stream_writer(self._raw, closefd=False)
            self._flush_block = zstandard.FLUSH_BLOCK

    def write(self, ex: Exchange) -> int:
        """Write one exchange (committed at once); returns the bytes of its line."""
        n = self.write_line(ex.to_json() + b"\n")
        self.commit()
        return n

    def write_line(self, line: bytes) -> int:
        """Write one line (ending in a newline); it counts once committed."""
        (self._zst or self._raw).write(line)
        self._lines += 1
        self._line_bytes += len(line)
        return len(line)

    def commit(self) -> None:
        """With ``flush="line"``, flush the lines written so far to the OS (and fsync); count them."""
        if self.flush_mode == "line":
            if self._zst is not None:
                self._zst.flush(self._flush_block)
            self._raw.flush()
            if self.fsync:
                os.fsync(self._raw.fileno())
            self.good = self._raw.tell()
        self.count += self._lines
        self.bytes += self._line_bytes
        self._lines = self._line_bytes = 0

    def abandon(self) -> None:
        """After a failed write: let the file go, ignoring further errors, and cut it back to its
        last whole exchange (with ``flush="line"``; a zstd frame cut there still reads)."""
        self._zst = None
        with contextlib.suppress(OSError, ValueError):
            self._raw.close()  # its buffer may fail to flush again; the file is closed either way
        if self.flush_mode == "line":
            with contextlib.suppress(OSError):
                os.truncate(self.path, self.good)

    def close(self) -> None:
        if self._raw.closed:  # abandoned
            return
        self.commit()
        if self._zst is not None:
            self._zst.close()  # ends the frame
            self._zst = None
        if not self._raw.closed:
            self._raw.flush()
            if self.fsync:
                os.fsync(self._raw.fileno())
            self._raw.close()

    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class ReadStats:
    """What a read met: records returned, corrupt lines skipped, a torn last line."""

    records: int = 0
    bad_lines: int = 0
    torn_tail: bool = False


_CHUNK = 1 << 16


def _zst_data(raw: IO[bytes], digest: Callable[[bytes], object] | None = None) -> Iterator[bytes]:
    """Decompressed bytes of every frame; a frame cut short by a kill yields all its complete blocks.
    ``digest`` is given the file's bytes as they are read."""
    import zstandard

    dctx = zstandard.ZstdDecompressor()
    obj = dctx.decompressobj()
    while data := raw.read(_CHUNK):
        if digest is not None:
            digest(data)
        while data:
            out = obj.decompress(data)
            if out:
                yield out
            if not obj.eof:
                break
            data, obj = obj.unused_data, dctx.decompressobj()  # appended writers start new frames


def _split(chunks: Iterator[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        *lines, rest = (rest + chunk).split(b"\n")
        for line in lines:
            yield line + b"\n"
    if rest:
        yield rest


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    """The capture file open for reading; a missing file, a directory or corrupt zstd data in one clear line."""
    if not path.exists():
        raise CaptureError(f"{path}: no such capture file; check the path")
    if path.is_dir():
        raise CaptureError(f"{path}: is a directory, not a capture file; name a .jsonl or .jsonl.zst file")
    with open(path, "rb") as raw:
        try:
            yield raw
        except Exception as e:
            if type(e).__name__ != "ZstdError":
                raise
            raise CaptureError(f"{path}: corrupt zstd data ({e}); recompress it or restore the file") from None


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with _opened(path) as raw:
        yield from enumerate(_split(_zst_data(raw)) if _is_zst(path) else raw, start=1)


def iter_blocks(
    path: Path, size: int = 1 << 23, digest: Callable[[bytes | memoryview], object] | None = None
) -> Iterator[bytes | memoryview]:
    """The (decompressed) bytes of one capture file in blocks of whole lines, about ``size`` bytes each;
    only the last may end without a newline (a torn tail). Why: a typed reader decodes a block in one
    call (``msgspec``'s ``decode_lines``) instead of a Python step per line. Blank lines are kept; a
    block is a view of the bytes read, not a copy. ``digest`` is given the file's bytes, each once and
    in order, as they are read (so that a caller reading it all need not read it again to hash it)."""
    with _opened(path) as raw:
        if _is_zst(path):
            yield from _whole_lines(_zst_data(raw, digest), size)
            return
        while data := raw.read(size):
            cut = data.rfind(b"\n") + 1
            if 0 < cut < len(data):
                raw.seek(cut - len(data), os.SEEK_CUR)  # the cut line is read again with the next block
                block: bytes | memoryview = memoryview(data)[:cut]
            elif cut or len(data) < size:
                block = data
            else:  # one line longer than a block: read on to its end
                block = data + raw.readline()
            if digest is not None:
                digest(block)
            yield block


def _whole_lines(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    """Chunks of a byte stream regrouped into blocks of about ``size`` bytes that end at a newline."""
    parts: list[bytes] = []
    held = 0
    for chunk in chunks:
        parts.append(chunk)
        held += len(chunk)
        if held >= size:
            data = b"".join(parts)
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            parts, held = [data[cut:]], len(data) - cut
    if held:
        yield b"".join(parts)


def source_name(source: Source) -> str:
    """One string for ``source`` (several joined with os.pathsep) that :func:`capture_files` reads back."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return os.pathsep.join(os.fspath(s) for s in source)


def shard_path(template: str | os.PathLike[str], pid: int | None = None) -> Path:
    """``--out`` with ``{host}`` (this host's name) and ``{pid}`` (this process's id) filled in, so that
    several capture proxies behind a load balancer each write their own shard."""
    host = socket.gethostname().split(".")[0] or "localhost"
    text = os.fspath(template).replace("{host}", host).replace("{pid}", str(os.getpid() if pid is None else pid))
    return Path(text)


def source_path(files: Sequence[str | os.PathLike[str]]) -> Path:
    """Several command-line arguments (files, directories, globs) as the one source path readers take."""
    return Path(source_name(files))


def capture_files(source: Source) -> list[Path]:
    """The capture files of ``source`` in a fixed order: a file itself, a directory's ``*.jsonl`` and
    ``*.jsonl.zst`` files, a glob's matches (each sorted by name). A file that does not exist is kept,
    so that reading it says so."""
    if not isinstance(source, str | os.PathLike):
        return [f for s in source for f in capture_files(s)]
    text = os.fspath(source)
    path = Path(text)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(CAPTURE_SUFFIXES))
        if not found:
            raise CaptureError(f"{path}: a directory without .jsonl or .jsonl.zst capture files; name a capture")
        return found
    if path.exists():
        return [path]
    if os.pathsep in text:
        return capture_files([p for p in text.split(os.pathsep) if p])
    if glob.has_magic(text):
        found = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
        if not found:
            raise CaptureError(f"{text}: no capture file matches; check the pattern")
        return found
    return [path]


def existing_capture_files(source: Source) -> list[Path]:
    """The files of ``source`` that exist; none where it names none (reading it then says why). For
    commands that must not write over what they read."""
    try:
        return [f for f in capture_files(source) if f.exists()]
    except CaptureError:
        return []


def sha256_of(source: Source) -> str:
    """sha256 of the capture files' bytes, in :func:`capture_files` order (one file: its own sha256)."""
    h = hashlib.sha256()
    for path in capture_files(source):
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def _start(rec: Any) -> float:
    """A record's start time (a raw dict or a converted record), the key shards merge by."""
    t = rec.get("timings") if isinstance(rec, dict) else getattr(rec, "timings", None)
    start = t.get("start") if isinstance(t, dict) else getattr(t, "start", None)
    return float(start) if isinstance(start, int | float) else 0.0


def iter_raw(
    source: Source,
    skip_bad: bool = False,
    stats: ReadStats | None = None,
    convert: Callable[[dict[str, Any]], Any] | None = None,
    decode: Callable[[bytes], Any] | None = None,
) -> Iterator[Any]:
    """Stream parsed lines (dicts, or ``convert(dict)``) of a capture: one file, or several merged by
    start time in one streaming pass (``heapq.merge`` over the files; each file keeps its own order).
    ``decode`` replaces ``orjson.loads`` (a typed reader that raises ValueError on a bad line).

    A last line without its newline that does not parse is torn by a kill: skipped with a
    warning. Any other bad line raises CaptureError naming file and line, unless
    ``skip_bad``, which skips and counts it in ``stats``.
    """
    stats = stats if stats is not None else ReadStats()
    files = capture_files(source)
    if len(files) == 1:
        return _iter_file(files[0], skip_bad, stats, convert, decode)
    return merge_by_start(_iter_file(f, skip_bad, stats, convert, decode) for f in files)


def merge_by_start(streams: Iterable[Iterator[Any]]) -> Iterator[Any]:
    """Records of several shards (raw dicts or typed records with ``timings.start``) in start order,
    each shard keeping its own order: the one merge every multi-file reader uses."""
    return heapq.merge(*streams, key=_start)


def _iter_file(
    path: Path,
    skip_bad: bool,
    stats: ReadStats,
    convert: Callable[[dict[str, Any]], Any] | None,
    decode: Callable[[bytes], Any] | None,
) -> Iterator[Any]:
    loads = decode or orjson.loads
    for lineno, line in _lines(path):
        if not line.strip():
            continue
        try:
            d = loads(line)
            if decode is None:  # a typed reader (``decode``) checks its own records
                problem = record_problem(d)
                if problem:
                    raise ValueError(problem)
            rec = convert(d) if convert else d
        except (orjson.JSONDecodeError, ValueError, KeyError, TypeError) as e:
            if not line.endswith(b"\n"):  # only the last line can lack its newline
                stats.torn_tail = True
                warn(f"{path}:{lineno}: last line is torn (capture was killed mid-write); skipped it")
                return
            _bad(path, lineno, str(e), skip_bad, stats)
            continue
        stats.records += 1
        yield rec


def _bad(path: Path, lineno: int, reason: str, skip: bool, stats: ReadStats) -> None:
    if not skip:
        raise CaptureError(
            f"{path}:{lineno}: not a capture record ({reason}); "
            "remove the line or pass --skip-bad to skip corrupt lines"
        )
    stats.bad_lines += 1


def read_exchanges(source: Source, skip_bad: bool = False, stats: ReadStats | None = None) -> Iterator[Exchange]:
    """Stream the exchanges of a capture, one file or several merged (see ``iter_raw``)."""
    return iter_raw(source, skip_bad=skip_bad, stats=stats, convert=Exchange.from_dict)
