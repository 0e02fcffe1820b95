"""Reading capture files: one file, a directory of them, a glob or several, merged by start time.

The reader streams, skips a torn last line with a warning, and refuses (or with ``skip_bad`` counts
and skips) a corrupt line elsewhere, naming its file and line. ``iter_blocks`` hands a typed reader
whole lines a block at a time (the sampler's, ``replay.shape.records``).
"""

from __future__ import annotations

import contextlib
import heapq
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import orjson

from replay.console import warn
from replay.errors import CaptureError, ReplayError, os_reason
from replay.exchange.format import MAX_BODY_CAP, MAX_LINE, NEWER, Exchange, is_zst
from replay.exchange.sniff import cr_lines, not_imported, sniff
from replay.exchange.sources import Source, capture_files, source_name
from replay.exchange.validate import record_problem
from replay.exchange.zst import END_BLOCK, nuls_to_end
from replay.util.inputs import open_input

__all__ = [
    "ReadStats",
    "iter_blocks",
    "iter_raw",
    "merge_by_start",
    "no_exchanges",
    "read_exchanges",
]


@dataclass(slots=True)
class ReadStats:
    """What a read met: records returned, corrupt lines skipped, a torn last line, a last zstd block cut
    short. A read given one file says nothing of the last two when the file held nothing else: the
    reader then refuses it in one line (``no_exchanges``) that says it, not in a warning and an error."""

    records: int = 0
    bad_lines: int = 0
    torn_tail: bool = False
    cut_block: bool = False


_CHUNK = 1 << 16
# The most compressed bytes handed to the decompressor at once: its ``decompress`` has no output bound,
# and zstd inflates up to 32,768 times (an RLE block: 4 bytes for 128 KiB), so a 64 KiB read could
# come out as 2 GiB in one call (a "bomb", or 128 MiB of blank lines in 4 KiB). 256 bytes come out as
# 8 MiB at most; the pieces are gathered up to ``_BATCH`` before lines are looked for in them.
_FEED = 1 << 8
# The decompressed bytes handed on at once (at most this and one feed's 8 MiB); a plain file's read size.
_BATCH = 1 << 20
# A run of blank lines, counted and stepped over in one match instead of a Python step for each.
_BLANKS = re.compile(rb"\n+")


def _zst_data(
    path: Path,
    raw: IO[bytes],
    digest: Callable[[bytes], object] | None = None,
    warn_cut: bool = True,
    stats: ReadStats | None = None,
) -> Iterator[bytes]:
    """Decompressed bytes of every frame; a frame cut short by a kill yields all its complete blocks.
    ``digest`` is given the file's bytes as they are read. A file that ends inside a block (cut while
    written or copied) loses that block and the partial line before it, in one warning (``warn_cut``):
    the bytes after the last newline are held back until the end shows whether they are whole, so
    that no reader meets that line and warns again of a torn line of its own. ``stats``: the cut is
    noted there, and not warned of when the file handed nothing on before it (see ``ReadStats``)."""
    import zstandard

    dctx = zstandard.ZstdDecompressor()
    obj = dctx.decompressobj()
    fed = False  # ``obj`` holds part of a frame
    held: list[bytes] = []  # the output since its last newline
    tail = 0  # its size
    handed = False  # a whole line went on
    while data := raw.read(_CHUNK):
        if digest is not None:
            digest(data)
        at = 0
        while at < len(data):
            if not fed and data[at] == 0 and (nuls := _nul_tail(raw, len(data) - at)):
                stats = stats if stats is not None else ReadStats()
                stats.cut_block = True
                if warn_cut and handed:
                    warn(
                        f"{path}: ends in {nuls:,} NUL bytes after its last whole zstd frame (a crash kept the data of"
                        " the last writes from the disk, which kept their length); skipped them"
                    )
                yield from _handed(held)
                return
            out, at = _inflate(obj, data, at)
            fed = True
            if out:
                cut = out.rfind(b"\n") + 1
                if cut:
                    if tail + out.find(b"\n") >= MAX_LINE:  # the line it ends is refused before it is joined
                        raise _too_long(path)
                    handed = True
                    yield from _handed(held)
                    yield out[:cut] if cut < len(out) else out
                    held = [out[cut:]] if cut < len(out) else []
                    tail = len(out) - cut
                else:
                    held.append(out)
                    tail += len(out)
                    if tail > MAX_LINE:  # a line no reader takes, refused before the rest of it is inflated
                        raise _too_long(path)
            if obj.eof:  # appended writers start new frames
                data, at, obj, fed = obj.unused_data + data[at:], 0, dctx.decompressobj(), False
    if fed and not obj.eof:  # a writer killed mid-frame leaves whole blocks (CaptureWriter flushes blocks)
        try:
            whole = obj.decompress(END_BLOCK) == b"" and obj.eof
        except zstandard.ZstdError:
            whole = False
        if not whole:
            if stats is not None:
                stats.cut_block = True
            if warn_cut and (handed or stats is None):
                partial = sum(map(len, held))
                line = f", and so is the line it ended ({partial:,} bytes of it read)" if partial else ""
                lost = f"what that block held is lost{line}"
                warn(f"{path}: ends inside a zstd block (cut short while written or copied); {lost}")
            return
    yield from _handed(held)


def _inflate(obj: Any, data: bytes, at: int) -> tuple[bytes, int]:
    """What ``obj`` makes of ``data`` from ``at`` on, fed ``_FEED`` bytes a call until ``_BATCH`` bytes came out,
    the data ran out or its frame ended; and where the feeding stopped."""
    pieces: list[bytes] = []
    out = 0
    while at < len(data) and out < _BATCH and not obj.eof:
        piece = obj.decompress(data[at : at + _FEED])
        at += _FEED
        if piece:
            pieces.append(piece)
            out += len(piece)
    return (pieces[0] if len(pieces) == 1 else b"".join(pieces)), at


def _nul_tail(raw: IO[bytes], unread: int) -> int:
    """How many bytes the file ``raw`` has left from the last ``unread`` bytes of its last read on, when they are NUL
    bytes alone (0 when any is not, or the file cannot be read again: a pipe). Why: a crash where a new frame was to
    start (a capture appended to) leaves NULs there, and the whole file was refused as "corrupt zstd data (Unknown
    frame descriptor)"."""
    if not raw.seekable():
        return 0
    resume = raw.tell()
    size = raw.seek(0, os.SEEK_END)
    if nuls_to_end(raw, resume - unread, size):
        return size - (resume - unread)
    raw.seek(resume)
    return 0


def _handed(pieces: list[bytes]) -> Iterator[bytes]:
    """The pieces, each let go of as it is handed on: a reader joining a long line's pieces holds them once."""
    pieces.reverse()
    while pieces:
        yield pieces.pop()


def _too_long(path: Path, lineno: int | None = None) -> CaptureError:
    where = f"{path}:{lineno}" if lineno is not None else f"{path}: a line"
    return CaptureError(
        f"{where}: over {MAX_LINE >> 20:,} MiB without a newline, more than any capture record holds (two "
        f"bodies of at most {MAX_BODY_CAP >> 20} MiB); not a capture, or a corrupt one: check the file"
    )


def _split(path: Path, chunks: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of a byte stream but its blank ones (a run of them is counted in one step, not
    listed: 128 MiB of newlines was 128 M list entries); a line over ``MAX_LINE`` is CaptureError, said
    as its length passes the bound, before its pieces are joined. The pieces of a long line are joined
    once, at its end (adding each to the rest so far copied it again and again)."""
    parts: list[bytes] = []
    held = lineno = 0  # the bytes since the last newline; lines so far
    for chunk in chunks:
        pos, end = 0, chunk.find(b"\n")
        if end < 0:
            parts.append(chunk)
            held += len(chunk)
            if held > MAX_LINE:
                raise _too_long(path, lineno + 1)
            continue
        if parts:  # a long line ends: its pieces joined and let go of before the chunk's other lines
            if held + end >= MAX_LINE:  # with its newline, over the bound: refused before it is joined
                raise _too_long(path, lineno + 1)
            parts.append(chunk[: end + 1])
            lineno, pos, held = lineno + 1, end + 1, 0
            yield lineno, b"".join(_handed(parts))  # not named: this frame would hold it while the reader works
        while (end := chunk.find(b"\n", pos)) >= 0:
            if end == pos:
                run = m.end() if (m := _BLANKS.match(chunk, pos)) else pos + 1
                lineno, pos = lineno + run - pos, run
                continue
            lineno += 1
            if end - pos >= MAX_LINE:
                raise _too_long(path, lineno)
            yield lineno, chunk[pos : end + 1]
            pos = end + 1
        if pos < len(chunk):
            parts, held = [chunk[pos:]], len(chunk) - pos
            if held > MAX_LINE:
                raise _too_long(path, lineno + 1)
    if parts:
        yield lineno + 1, b"".join(_handed(parts))


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    """The capture file open for reading; a missing file, a directory or corrupt zstd data in one clear line."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if path.is_symlink():  # a shard on a disk not mounted, say
            raise CaptureError(f"{path}: a link to {os.readlink(path)}, which is not there; check the link") from None
        raise CaptureError(f"{path}: no such capture file; check the path") from None
    except OSError as e:  # a symbolic link that loops, a path through a file: Path.exists() says False to both
        raise CaptureError(f"{path}: cannot read it ({os_reason(e)})") from None
    if stat.S_ISDIR(mode):
        raise CaptureError(f"{path}: is a directory, not a capture file; name a .jsonl or .jsonl.zst file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):  # /dev/zero: one endless line, read until memory runs out
        raise CaptureError(f"{path}: a device, not a capture file; name a .jsonl or .jsonl.zst file")
    with open_input(path) as raw:
        try:
            yield raw
        except Exception as e:
            if type(e).__name__ != "ZstdError":
                raise
            raise CaptureError(f"{path}: corrupt zstd data ({e}); recompress it or restore the file") from None


def _lines(path: Path, stats: ReadStats | None = None) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of one capture file but its blank ones (``_split``)."""
    with _opened(path) as raw:
        chunks = _zst_data(path, raw, stats=stats) if is_zst(path) else iter(partial(raw.read, _BATCH), b"")
        yield from _split(path, chunks)


# A long line is read in pieces of this size and joined at its end: ``readline`` of one limit doubles
# its buffer as it grows (2 GiB held to find a line of over 1 GiB).
_PIECE = 1 << 24


def _rest_of_line(path: Path, raw: IO[bytes], start: bytes, lineno: int | None = None) -> bytes:
    """``start`` and the rest of its line, read in pieces; CaptureError once it is over ``MAX_LINE``."""
    parts, size = [start], len(start)
    while not parts[-1].endswith(b"\n") and (piece := raw.readline(_PIECE)):
        parts.append(piece)
        size += len(piece)
        if size > MAX_LINE:
            raise _too_long(path, lineno)
    return b"".join(parts)


def iter_blocks(
    path: Path,
    size: int = 1 << 23,
    digest: Callable[[bytes | memoryview], object] | None = None,
    warn_cut: bool = True,
    stats: ReadStats | None = None,
) -> Iterator[bytes | memoryview]:
    """The (decompressed) bytes of one capture file in blocks of whole lines, about ``size`` bytes each;
    only the last may end without a newline (a torn tail). Why: a typed reader decodes a block in one
    call (``msgspec``'s ``decode_lines``) instead of a Python step per line. Blank lines are kept; a
    block is a view of the bytes read, not a copy. ``digest`` is given the file's bytes, each once and
    in order, as they are read (so that a caller reading it all need not read it again to hash it).
    ``warn_cut`` False: a .zst file cut inside a block is read without its warning (a second pass over
    a file the first pass warned of); ``stats``: as ``_zst_data`` takes it."""
    with _opened(path) as raw:
        blocks: Iterator[bytes | memoryview] = (
            _whole_lines(path, _zst_data(path, raw, digest, warn_cut, stats), size)
            if is_zst(path)
            else _plain_blocks(path, raw, size, digest)
        )
        for n, block in enumerate(blocks):
            if not n:  # a file of CR-ended lines is one torn line here, records to the typed decoder
                cr_lines(path, bytes(block[:_CHUNK]))
            yield block


def _plain_blocks(
    path: Path, raw: IO[bytes], size: int, digest: Callable[[bytes | memoryview], object] | None
) -> Iterator[bytes | memoryview]:
    """``iter_blocks`` of an uncompressed file."""
    while data := raw.read(size):
        cut = data.rfind(b"\n") + 1
        if 0 < cut < len(data):
            raw.seek(cut - len(data), os.SEEK_CUR)  # the cut line is read again with the next block
            block: bytes | memoryview = memoryview(data)[:cut]
        elif cut or len(data) < size:
            block = data
        else:  # one line longer than a block: read on to its end
            block = _rest_of_line(path, raw, data)
        if digest is not None:
            digest(block)
        yield block


def _whole_lines(path: Path, chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    """Chunks of a byte stream regrouped into blocks of about ``size`` bytes that end at a newline; a line
    over ``MAX_LINE`` is CaptureError. Joined only at a chunk with a newline: a long line's pieces were
    joined again with each chunk that added to it."""
    parts: list[bytes] = []
    held = line = 0  # bytes in ``parts``; bytes since the last newline
    for chunk in chunks:
        parts.append(chunk)
        held += len(chunk)
        cut = chunk.rfind(b"\n") + 1
        if cut and (line + chunk.find(b"\n") >= MAX_LINE or (len(chunk) > MAX_LINE and _longest(chunk) >= MAX_LINE)):
            raise _too_long(path)
        line = len(chunk) - cut if cut else line + len(chunk)
        if line > MAX_LINE:
            raise _too_long(path)
        if held >= size and cut:
            parts[-1] = chunk[:cut]
            yield b"".join(_handed(parts))  # the pieces let go of as the block goes: not held beside it
            parts, held = ([chunk[cut:]], line) if line else ([], 0)
    if held:
        yield b"".join(_handed(parts))


def _longest(data: bytes) -> int:
    """The length of the longest line in ``data``, without its newline."""
    return max(map(len, data.split(b"\n")))


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
    # One file tells its caller of a loss at its end by ``stats`` (``ReadStats``), unless no caller asked: then
    # it warns (a shard of only a torn line, which the sampler reads alone, was lost unsaid)
    told = stats is not None
    stats = stats if stats is not None else ReadStats()
    files = capture_files(source)
    if len(files) == 1:
        return _iter_file(files[0], skip_bad, stats, convert, decode, alone=told)
    return merge_by_start((f, _iter_file(f, skip_bad, stats, convert, decode)) for f in files)


def merge_by_start(shards: Iterable[tuple[Path, Iterator[Any]]]) -> Iterator[Any]:
    """Records of several shards, (file, records) pairs (raw dicts or typed records with ``timings.start``
    and ``id``), in start order, each shard keeping its own order: the one merge every multi-file reader uses.

    A record two shards both hold (a copy of a shard given beside it) is CaptureError naming it and both
    files: merged, it counted twice. Its copies start at the same time, so they meet among the records
    of one start time: the same id there, from another shard, with the same request, is the same record.
    The request is read as the record is read, not when its copy comes: a reader may change a record it
    was given (``replay redact`` redacts each in place)."""
    paths: list[Path] = []
    streams = []
    for n, (path, records) in enumerate(shards):
        paths.append(path)
        streams.append(map(_keyed, records, repeat(n)))
    return _once(heapq.merge(*streams, key=itemgetter(0)), paths)


def _keyed(rec: Any, shard: int) -> tuple[float, int, Any, Any, Any]:
    if isinstance(rec, dict):
        req = rec.get("request")
        body = req.get("body") if isinstance(req, dict) else None
        text = body.get("text") if isinstance(body, dict) else body
        ask = (req.get("method"), req.get("url"), text) if isinstance(req, dict) else req
        return _start(rec), shard, rec.get("id"), ask, rec
    req = getattr(rec, "request", None)
    body = getattr(req, "body", None)
    ask = getattr(req, "method", None), getattr(req, "url", None), getattr(body, "text", body)
    return _start(rec), shard, getattr(rec, "id", None), ask, rec


def _once(merged: Iterator[tuple[float, int, Any, Any, Any]], paths: list[Path]) -> Iterator[Any]:
    """The records of ``merged``; CaptureError at one that another shard holds too."""
    at, first = None, {}  # the first record of each id starting at ``at``: its shard's number, its request
    for start, shard, rid, ask, rec in merged:
        if start != at:
            at, first = start, {rid: (shard, ask)}
        elif (seen := first.setdefault(rid, (shard, ask)))[0] != shard and seen[1] == ask:
            raise CaptureError(
                f"{paths[shard]}: record {rid!r} is also in {paths[seen[0]]} (a copy of a shard given beside it?);"
                " give each shard once, or it counts twice"
            )
        yield rec


def _iter_file(
    path: Path,
    skip_bad: bool,
    stats: ReadStats,
    convert: Callable[[dict[str, Any]], Any] | None,
    decode: Callable[[bytes], Any] | None,
    alone: bool = False,
) -> Iterator[Any]:
    """The records of one file; ``alone``: the read's only file, of whose loss ``stats`` tells (``ReadStats``)."""
    loads = decode or orjson.loads
    first = True
    lines = _lines(path, stats if alone else None)
    for lineno, line in lines:
        if line.isspace():  # a line of blanks but newlines (those ``_lines`` skips); not stripped: that copied it
            continue
        opening, first = first, False
        if opening:
            sniff(path, line)
        try:
            rec = _parsed(line, loads, decode, convert)
        except (orjson.JSONDecodeError, ValueError, KeyError, TypeError) as e:
            reason = str(e)  # not ``e`` kept: orjson's holds the line again, as a str
        else:
            stats.records += 1
            del line  # not held while the caller works on the record (a 50 MB body redacted): the record is enough
            yield rec
            continue
        if opening:
            not_imported(path, line)
        # Only the last line can lack its newline; one a kill cut short still began as a record.
        if (torn := _torn(line)) is not None:
            stats.torn_tail = True
            if stats.records or not alone:
                warn(f"{path}:{lineno}: last line is {torn}; skipped it")
            return
        del line  # let go of before the lines after it are read (a 1,000 MiB line was held through them)
        if opening and not skip_bad and not reason.startswith(NEWER) and not _any_record(lines):
            raise CaptureError(
                f"{path}:{lineno}: not a capture record ({reason}), nor is any line after it: the file is no capture;"
                " give one that 'replay capture' or 'replay import' wrote"
            )
        _bad(path, lineno, reason, skip_bad, stats)


def _parsed(
    line: bytes,
    loads: Callable[[bytes], Any],
    decode: Callable[[bytes], Any] | None,
    convert: Callable[[dict[str, Any]], Any] | None,
) -> Any:
    """The record a line holds (``convert``ed); ValueError (or the decoder's error) when it holds none."""
    d = loads(line)
    if decode is None:  # a typed reader (``decode``) checks its own records
        problem = record_problem(d)
        if problem:
            raise ValueError(problem)
    return convert(d) if convert else d


def _torn(line: bytes) -> str | None:
    """How a last line (one without its newline) that does not parse was cut short, or None when it was not: a
    record a kill cut ("{..."), or NUL bytes alone, where a crash (a power loss, a VM killed) left the file the length
    its last writes gave it, but not their data (ext4, XFS). Why: that tail was "line 51: not a capture record
    (unexpected character ...); remove the line", and every reader refused the capture its crash had kept."""
    if line.endswith(b"\n"):
        return None
    if line.lstrip()[:1] == b"{":
        return "torn (the capture was killed mid-write, or is still being written)"
    if not line.strip(b"\x00"):
        return (
            f"{len(line):,} NUL bytes (a crash kept the data of the last writes from the disk, which kept their length)"
        )
    return None


def _any_record(lines: Iterator[tuple[int, bytes]], look: int = 8) -> bool:
    """Whether one of the next ``look`` lines of ``lines`` is a capture record (read on from where the reader
    stopped: the file is not read again from its start, a long first line joined again). Why: a file whose first
    line is none (a Jaeger or Postman export, OTLP metrics, a CSV) was 'line 1: not a capture record; remove the
    line (or copy it with --skip-bad)', advice that leaves no capture; a capture with a damaged line keeps it."""
    with contextlib.suppress(ReplayError, OSError):
        for _, line in islice(lines, look):
            if not line.isspace():
                with contextlib.suppress(orjson.JSONDecodeError):
                    if not record_problem(orjson.loads(line)):
                        return True
    return False


# Every reading command can be told this; only some take --skip-bad themselves.
_CLEAN = "copy the capture without corrupt lines: replay redact CAPTURE --skip-bad --out CLEAN.jsonl"


def _bad(path: Path, lineno: int, reason: str, skip: bool, stats: ReadStats) -> None:
    # A newer replay's record is one to keep, not a line to remove: --skip-bad dropped it as "corrupt" (from
    # the copy 'redact --skip-bad' writes too), though the fix is an upgrade
    if reason.startswith(NEWER):
        said = "; --skip-bad skips corrupt lines, not a newer replay's records" if skip else ""
        raise CaptureError(f"{path}:{lineno}: {reason}{said}")
    if not skip:
        raise CaptureError(f"{path}:{lineno}: not a capture record ({reason}); remove the line (or {_CLEAN})")
    stats.bad_lines += 1


def no_exchanges(source: Source, stats: ReadStats | None = None) -> CaptureError:
    """The one error for a capture that holds no exchange (an empty file, every line skipped or torn):
    a command that reads it says so, rather than printing "0 exchanges", "clean" or an empty copy."""
    stats = stats or ReadStats()
    lost = [f"{stats.bad_lines} corrupt line{'s' * (stats.bad_lines != 1)} skipped"] if stats.bad_lines else []
    lost += ["its last line torn"] if stats.torn_tail else []
    lost += ["its last zstd block cut short"] if stats.cut_block else []
    said = f" ({', '.join(lost)})" if lost else ""
    return CaptureError(
        f"{source_name(source)}: the capture holds no exchanges{said}; check the file, or capture some traffic first"
    )


def read_exchanges(source: Source, skip_bad: bool = False, stats: ReadStats | None = None) -> Iterator[Exchange]:
    """Stream the exchanges of a capture, one file or several merged (see ``iter_raw``)."""
    return iter_raw(source, skip_bad=skip_bad, stats=stats, convert=Exchange.from_dict)
