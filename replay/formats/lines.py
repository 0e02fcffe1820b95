"""The lines of an import file, decompressed as they are read: what every JSON-lines reader (Batch API files,
Bedrock batch records, conversation datasets, LangSmith and Langfuse exports, OTLP JSON lines) reads.

Why: each read the file whole as one text (a .gz or .zst inflated whole too) and split it, so an import's memory
was several times the file's (a 200 MB file peaked at ~920 MB; a 2 GB export died of memory). Read so, it is
bounded by the longest line and a block (``_READ``), plus what a format must join (said by each reader).

A file is plain, gzip (its members one after another), zlib (mitmproxy's ``.zhar``) or zstd (the collector's
file exporter: one stream, or each message a frame after its length in 4 bytes, big-endian), told by its first
bytes as ``replay.formats`` tells them; a UTF-8 BOM is dropped; a line ends at ``\\n``, ``\\r\\n`` or ``\\r`` (as
``str.splitlines`` counted them, so line numbers are as they were; a U+2028 inside a JSON string no longer ends
one); a last line without its end is a line (a torn one: its reader says it is no JSON line). A stream that does
not decompress, or is cut short, is an error naming the file, as it was (cut short: the end of the content for a
reader that says so itself, GoReplay's). A reader of payloads that are not lines (GoReplay's) reads ``blocks``,
one that takes a file (mitmproxy's flow reader) ``stream``.
"""

from __future__ import annotations

import io
import itertools
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson
import zstandard

from replay.errors import ImportFormatError, os_reason
from replay.exchange.zst import MAGIC
from replay.formats import GZIP, HINT, Parsed, unclosed, whole_text

__all__ = ["Line", "Lines", "json_lines", "json_records", "one_document"]

_BOM = b"\xef\xbb\xbf"
_READ = 1 << 20  # bytes read (and inflated) at a time
_ZSTD_FEED = 1 << 16  # zstd input fed at a time: its output has no bound of its own (a ratio of 100 is common)
_CUT = "Compressed file ended before the end-of-stream marker was reached"  # what gzip.decompress said of a cut
_DAMAGED = "; the file is damaged (or cut short): copy it whole again"


class Line(NamedTuple):
    """A line of a file: its number (from 1), its bytes without its end, and where it starts in the file's content
    (decompressed, its BOM dropped: what a "byte N" of a message counts)."""

    n: int
    data: bytes
    at: int


class Lines:
    """The lines of the file at ``path`` (or of ``data``, a file's content already in memory), read lazily: iterate
    for each ``Line``. ``read`` counts the bytes read from the file so far, ``held`` the most bytes a block and a
    line held at once (what a test checks laziness by). With ``cut_ok``, a compressed stream cut short ends where
    it was cut, ``cut`` set, not an error (a recording its writer stopped mid-write: GoReplay's reader says so)."""

    def __init__(self, path: Path, data: bytes | None = None, cut_ok: bool = False) -> None:
        self.path = path
        self.data = data
        self.cut_ok = cut_ok
        self.cut = False
        self.read = 0
        self.held = 0
        self.plain = False  # the file is neither compressed nor given as data: a line is at its offset + ``bom``
        self.bom = 0  # the BOM's bytes dropped
        self.torn = False  # the line just given is the file's last and has no end

    def __iter__(self) -> Iterator[Line]:
        n = at = 0
        pending: list[bytes] = []  # a line's start, in the blocks read so far
        for block in self._without_bom(self._blocks()):
            end = block.rfind(b"\n") + 1
            if not end:  # a line longer than a block
                pending.append(block)
                self.held = max(self.held, sum(map(len, pending)))
                continue
            chunk = b"".join([*pending, block[:end]]) if pending else block[:end]
            self.held = max(self.held, len(chunk) + len(block))
            pending = [block[end:]] if end < len(block) else []
            for data, size in _split(chunk):
                n += 1
                yield Line(n, data, at)
                at += size
        rest = b"".join(pending)  # what the file ends in: lines ending "\r", a last one without its end
        torn = -1 if rest.endswith(b"\r") else rest.rfind(b"\r") + 1  # where that last one starts
        pos = 0
        for data, size in _split(rest):
            n += 1
            self.torn = pos == torn
            yield Line(n, data, at)
            at += size
            pos += size

    def content(self, limit: int = -1) -> bytes:
        """The file's content, decompressed, its BOM dropped: all of it, or its first ``limit`` bytes (a head: as far
        as a stream cut short holds them, an error only when it holds none)."""
        out: list[bytes] = []
        size = 0
        try:
            # a plain file read whole is one block: no second copy of it joined from blocks
            for block in self._without_bom(self._blocks(whole=limit <= 0)):
                out.append(block)
                size += len(block)
                if 0 < limit <= size:
                    break
        except ImportFormatError:
            if limit <= 0 or not size:
                raise
        data = b"".join(out)
        return data[:limit] if limit > 0 else data

    def blocks(self) -> Iterator[bytes]:
        """The content as it is read, decompressed, its BOM dropped, in blocks of about ``_READ`` bytes (what a
        reader of payloads that are not lines splits: GoReplay's)."""
        return self._without_bom(self._blocks())

    def stream(self) -> io.BufferedReader:
        """The content as a binary file read as it is decompressed, its BOM dropped (for a reader that takes a
        file: mitmproxy's ``FlowReader``); the errors of ``blocks`` raised by its reads."""
        return io.BufferedReader(_BlockFile(self.blocks()), _READ)

    def first_byte(self) -> bytes:
        """The content's first byte that is not white space (b"" when it has none), read no further than its line."""
        for line in self:
            if stripped := line.data.lstrip():
                return stripped[:1]
        return b""

    def _without_bom(self, blocks: Iterator[bytes]) -> Iterator[bytes]:
        """``blocks`` with a UTF-8 BOM at their start dropped (the first may be shorter than one)."""
        head = b""
        for block in blocks:
            head += block
            if len(head) >= len(_BOM):
                break
        if head.startswith(_BOM):
            self.bom = len(_BOM)
        yield head[self.bom :]
        yield from blocks

    def _blocks(self, whole: bool = False) -> Iterator[bytes]:
        """The content's blocks as read (a plain file's ``_READ`` bytes at a time, or ``whole``), decompressed."""
        if self.data is not None:
            yield self.data
            return
        try:
            # unbuffered: a whole read after the head's seek is the file's one copy (a buffered reader joins the
            # head it still holds to the rest, a second copy of a whole HAR)
            with open(self.path, "rb", buffering=0) as fh:
                head = fh.read(8)
                fh.seek(0)
                if len(head) > 2 and head[0] == 0x78 and (head[0] << 8 | head[1]) % 31 == 0:  # a zlib header
                    yield from self._inflate(fh, zlib.MAX_WBITS, "zlib (.zhar)")
                elif head.startswith(GZIP):
                    yield from self._inflate(fh, 31, "gzip")
                elif head.startswith(MAGIC) or head[4:8] == MAGIC:  # the collector's file exporter, zstd
                    yield from self._unzstd(fh, prefixed=not head.startswith(MAGIC))
                else:
                    self.plain = True
                    while block := self._read(fh, -1 if whole else _READ):
                        yield block
        except FileNotFoundError:
            raise ImportFormatError(f"{self.path}: no such file; check the path") from None
        except IsADirectoryError:
            raise ImportFormatError(f"{self.path}: is a directory; name a file ({HINT})") from None
        except OSError as e:
            raise ImportFormatError(f"{self.path}: cannot read it ({os_reason(e)})") from None

    def _read(self, fh: BinaryIO, size: int) -> bytes:
        data = fh.read(size)
        self.read += len(data)
        return data

    def _inflate(self, fh: BinaryIO, wbits: int, what: str) -> Iterator[bytes]:
        """A zlib or gzip stream's content (gzip's members one after another), a block at a time."""
        inflate = zlib.decompressobj(wbits)
        try:
            while data := self._read(fh, _READ):
                while data:
                    if inflate.eof:  # the next gzip member; zeros after the last one are padding
                        if wbits != 31 or not data.strip(b"\0"):
                            break
                        inflate = zlib.decompressobj(wbits)
                    yield inflate.decompress(data, _READ)
                    data = inflate.unconsumed_tail or (inflate.unused_data if inflate.eof else b"")
        except zlib.error as e:
            raise ImportFormatError(f"{self.path}: starts like {what} but does not inflate ({e}){_DAMAGED}") from None
        if not inflate.eof:
            why = _CUT if wbits == 31 else "Error -5 while decompressing data: incomplete or truncated stream"
            self._cut_short(f"{self.path}: starts like {what} but does not inflate ({why})")

    def _unzstd(self, fh: BinaryIO, prefixed: bool) -> Iterator[bytes]:
        """The content of zstd data (see the module's docstring): a frame's message and a line end each, or the
        stream's content a block at a time."""
        try:
            whole = yield from (self._zstd_messages(fh) if prefixed else self._zstd_stream(fh))
        except zstandard.ZstdError as e:
            raise ImportFormatError(f"{self.path}: starts like zstd but does not decompress ({e}){_DAMAGED}") from None
        if not whole:
            self._cut_short(f"{self.path}: starts like zstd but does not decompress (cut short)")

    def _zstd_messages(self, fh: BinaryIO) -> Generator[bytes, None, bool]:
        """Each message (a frame after its length) and a line end; whether the last one is whole."""
        while size_bytes := self._read(fh, 4):
            size = int.from_bytes(size_bytes, "big")
            chunk = self._read(fh, size)
            if len(chunk) < size or len(size_bytes) < 4:
                return False
            frame = zstandard.ZstdDecompressor().decompressobj()
            yield frame.decompress(chunk) + b"\n"
            if not frame.eof:
                return False
        return True

    def _zstd_stream(self, fh: BinaryIO) -> Generator[bytes, None, bool]:
        """The content of a zstd stream (its frames one after another) a block at a time; whether it ends whole."""
        frame = zstandard.ZstdDecompressor().decompressobj()
        while data := self._read(fh, _ZSTD_FEED):
            while data:
                if frame.eof:  # the stream's next frame
                    frame = zstandard.ZstdDecompressor().decompressobj()
                yield frame.decompress(data)
                data = frame.unused_data if frame.eof else b""
        return frame.eof

    def _cut_short(self, error: str) -> None:
        """A compressed stream ended before its end: ``cut`` for a reader that says so itself, else ``error``."""
        if not self.cut_ok:
            raise ImportFormatError(f"{error}; the file is cut short (it ends inside its stream): copy it whole again")
        self.cut = True


class _BlockFile(io.RawIOBase):
    """Blocks of bytes read as a file."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self.blocks = blocks
        self.block = b""
        self.at = 0  # in ``block``: what is read of it

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.at >= len(self.block):
            if (block := next(self.blocks, None)) is None:
                return 0
            self.block, self.at = block, 0
        n = min(len(buffer), len(self.block) - self.at)
        buffer[:n] = memoryview(self.block)[self.at : self.at + n]
        self.at += n
        return n


def _split(chunk: bytes) -> Iterator[tuple[bytes, int]]:
    """The lines of ``chunk`` (whole lines, its last maybe without an end) and the bytes each took with its end."""
    if b"\r" not in chunk:  # one byte ends each: no copy of every line to drop it
        parts = chunk.split(b"\n")
        if not parts[-1]:  # after the last line's end
            parts.pop()
        for data in parts:
            yield data, len(data) + 1
        return
    for data in chunk.splitlines(keepends=True):
        yield data.rstrip(b"\r\n"), len(data)


def json_lines(path: Path, what: str, hint: str, data: bytes | None = None) -> Iterator[tuple[int, Any]]:
    """Each line of the file at ``path`` (or of ``data``) that is not blank, parsed, with its number; an
    ImportFormatError ``PATH:N: not WHAT (why)HINT`` for one that is no JSON, or ``not UTF-8 text (byte B)``."""
    return ((line.n, doc) for line, doc in json_records(Lines(path, data), what, hint))


def json_records(lines: Lines, what: str, hint: str) -> Iterator[tuple[Line, Any]]:
    """``json_lines``, each parsed line with its ``Line`` (where it is: a reader that holds an index of lines
    reads one again by it)."""
    for line in lines:
        if not line.data or line.data.isspace():
            continue
        try:
            yield line, orjson.loads(line.data)
        except orjson.JSONDecodeError as e:
            raise _not_json(lines, line, e, what, hint) from None


def _not_json(lines: Lines, line: Line, e: orjson.JSONDecodeError, what: str, hint: str) -> ImportFormatError:
    """What is wrong with a line that does not parse: not UTF-8, the file's last line cut inside its record (a copy
    cut short), or not ``what``."""
    try:
        text = line.data.decode("utf-8")
    except UnicodeDecodeError as bad:
        if not (lines.torn and bad.reason == "unexpected end of data"):  # not a character the file's end cuts
            return ImportFormatError(f"{lines.path}: not UTF-8 text (byte {line.at + bad.start}); save it as UTF-8")
        text = ""
    if lines.torn and e.pos >= len(text.rstrip()):
        return ImportFormatError(
            f"{lines.path}:{line.n}: its last line ends inside a record ({e}): the file is cut short; copy it whole "
            "again, or drop that line"
        )
    return ImportFormatError(f"{lines.path}:{line.n}: not {what} ({e}){hint}")


def one_document(
    path: Path, what: str, hint: str, data: bytes | None = None
) -> tuple[Parsed | None, Iterator[tuple[int, Any]]]:
    """The file's one JSON document when it holds one (its only line, or one over lines: a pretty-printed one,
    parsed whole) and no lines; else None and its lines (``json_lines``: read as they are iterated, the first two
    read here). A first line that is no JSON, in a file that is no document, is named as ``json_lines`` names it."""
    lines = json_lines(path, what, hint, data)
    head: list[tuple[int, Any]] = []
    try:
        head.extend(itertools.islice(lines, 2))
    except ImportFormatError as e:
        if head:  # its second line: JSON lines, one of them none
            raise
        try:
            return Parsed(orjson.loads(data if data is not None else whole_text(path)), pretty=True), iter(())
        except orjson.JSONDecodeError as whole:
            cut = unclosed(path, whole)  # a document cut short; not JSON lines whose first is bad
            raise (cut if cut is not None and not _second_is_json(path, data) else e) from None
    if len(head) == 1:
        return Parsed(head[0][1], pretty=False), iter(())
    return None, itertools.chain(head, lines)


def _second_is_json(path: Path, data: bytes | None) -> bool:
    """Whether the file's second line that is not blank is a JSON value of its own: JSON lines, not a document
    (whose second line is a key, or an item and its comma)."""
    lines = (line for line in Lines(path, data) if line.data.strip())
    second = next(itertools.islice(lines, 1, None), None)
    if second is None:
        return False
    try:
        orjson.loads(second.data)
    except orjson.JSONDecodeError:
        return False
    return True
