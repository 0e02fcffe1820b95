"""Content-codings decoded as the bytes arrive (gzip, deflate, br, zstd): every one mitmproxy and httpx
decode, in bounded pieces, so a decompression bomb is counted piece by piece, never held whole. The
runner reads a target's bodies with it, the capture's writers a streamed response's chunks; ``decoded_head``
decodes a whole body only as far as a record keeps it."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import brotli
import zstandard

__all__ = ["CORRUPT", "PIECE", "RATIO_MAX", "Expansive", "bounded", "decoded_head", "decoder"]

# The most a decoder hands over at once. zstd is fed this many input bytes at a time (zstandard 0.23's
# decompressobj has no output bound): a block yields at most 128 KiB from at least 4 bytes, so a slice
# gives at most ~4 MiB. brotli 1.1's process() has no output bound (1.2 adds output_buffer_limit): it is fed
# 16 bytes at a time, which give at most one meta-block, 16 MiB (a 1.6 KiB brotli of 1 GiB of zeros: 16 MiB pieces;
# 64-byte slices gave 40 MiB ones).
PIECE = 1 << 16
_ZSTD_SLICE = 128
_BR_SLICE = 16
# RFC 9659: a zstd content coding's window is at most 8 MiB; a larger one is refused, not allocated.
_ZSTD_WINDOW = 8 << 20
CORRUPT = (zlib.error, zstandard.ZstdError, brotli.error)  # what a decoder raises on bytes that do not decode
# The most a ``bounded`` decoder gives per byte it reads (past its floor). JSON records and SSE deltas compress ~20
# times at gzip -9, one value repeated 190-690 times (recorded as far as it decoded), zeros 230-1,030; a bomb: zstd
# ~32,000, brotli ~660,000.
RATIO_MAX = 256


class Expansive(ValueError):
    """A ``bounded`` decoder's output passed ``RATIO_MAX`` times what it read: a compression bomb, not read on."""


def _zlib_pieces(coder: Any, most: int = PIECE) -> Callable[[bytes], Iterator[bytes]]:
    def pieces(data: bytes) -> Iterator[bytes]:
        while True:
            out = coder.decompress(data, most)
            if out:
                yield out
            data = coder.unconsumed_tail
            if not data and len(out) < most:  # a full piece may leave output inside zlib
                return

    return pieces


def _sliced(decompress: Callable[[bytes], bytes], step: int) -> Callable[[bytes], Iterator[bytes]]:
    def pieces(data: bytes) -> Iterator[bytes]:
        for i in range(0, len(data), step):
            out = decompress(data[i : i + step])
            if out:
                yield out

    return pieces


def decoder(coding: str) -> Callable[[bytes], Iterable[bytes]] | None:
    """A streaming decoder for a content-encoding, giving a chunk's decoded bytes in bounded pieces (it
    raises one of ``CORRUPT`` on bytes that do not decode); None for none. KeyError for one it does not
    know: its bytes cannot be read, so they are never kept as text."""
    coding = coding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip", "deflate"):
        return _zlib_pieces(zlib.decompressobj(47))  # 47: a zlib or gzip header, detected
    if coding == "br":
        return _sliced(brotli.Decompressor().process, _BR_SLICE)
    if coding == "zstd":
        return _sliced(_zstd().decompress, _ZSTD_SLICE)
    raise KeyError(coding)


def bounded(inflate: Callable[[bytes], Iterable[bytes]], floor: int) -> Callable[[bytes], Iterator[bytes]]:
    """``inflate``, raising ``Expansive`` once it has given more than ``floor`` bytes and ``RATIO_MAX`` times what
    it has read (a piece past them). Why: pieces bound a stream's decoded bytes in memory, not in number: a capture's
    writer split a 64 KiB gzip of 64 MiB of zeros as an event stream for 172 s of CPU (a 1 MiB one, of 1 GiB: its
    client still had no end of it after 600 s)."""
    seen = [0, 0]  # bytes read, bytes given

    def pieces(data: bytes) -> Iterator[bytes]:
        seen[0] += len(data)
        for piece in inflate(data):
            if seen[1] > floor and seen[1] > RATIO_MAX * seen[0]:  # checked before the next piece: one is given
                raise Expansive(f"decodes to more than {RATIO_MAX} times its size")
            seen[1] += len(piece)
            yield piece

    return pieces


def _zstd() -> Any:
    return zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).decompressobj()


def _zlib_whole(data: bytes, coding: str, most: int) -> Iterator[bytes]:
    """A whole gzip or deflate body's pieces, as mitmproxy reads it: gzip's members one after another (zero
    padding between them skipped), deflate with a zlib header or without one (raw, as some servers send it)."""
    gzip = data[:2] == b"\x1f\x8b"
    zlib_header = len(data) > 1 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    wbits = 47 if gzip or coding != "deflate" or zlib_header else -15
    while True:
        coder = zlib.decompressobj(wbits)
        yield from _zlib_pieces(coder, most)(data)
        if not coder.eof:
            raise zlib.error("the compressed data ends before its end")
        data = coder.unused_data.lstrip(b"\0") if gzip else b""
        if not data:
            return


def _br_one_block(data: bytes) -> int | None:
    """The decoded length of a brotli stream that is one meta-block, as its header says it (RFC 7932 9.1 and 9.2: the
    window's bits, then ISLAST, MNIBBLES and MLEN - 1), which the decoder holds it to; None for a stream of several
    (or an empty or metadata one first). Why: fed 16 bytes a time (a bomb's bound) a 5-20 KB JSON answer took 3-4
    times brotli's one call, and brotli 2 and up (Cloudflare's 4, nginx's 6) write a whole body as one meta-block."""
    bits, at = int.from_bytes(data[:8], "little"), 1
    if bits & 1:  # WBITS past 16: 3 bits more, and where those are 0, 3 more again
        at = 4 if bits >> 1 & 7 else 7
    if not bits >> at & 1 or bits >> at + 1 & 1 or bits >> at + 2 & 3 == 3 or len(data) < 8:
        return None  # not ISLAST, ISLASTEMPTY, no length (metadata), or too short to tell
    nibbles = 4 + (bits >> at + 2 & 3)
    return (bits >> at + 4 & (1 << 4 * nibbles) - 1) + 1


def _whole(data: bytes, coding: str, most: int) -> Iterator[bytes]:
    """A whole body's decoded pieces; one of ``CORRUPT`` when it does not decode or ends early, KeyError for a
    coding not known."""
    coding = coding.strip().lower()
    if coding in ("gzip", "x-gzip", "deflate"):
        yield from _zlib_whole(data, coding, most)
    elif coding == "br":
        if (size := _br_one_block(data)) is not None and size <= PIECE:
            yield brotli.decompress(data)  # no more than its one meta-block's length: a piece at most
            return
        br = brotli.Decompressor()
        yield from _sliced(br.process, _BR_SLICE)(data)
        if not br.is_finished():
            raise brotli.error("the compressed data ends before its end")
    elif coding == "zstd":
        while data:  # frame after frame, as mitmproxy's read_across_frames
            z = _zstd()
            yield from _sliced(z.decompress, _ZSTD_SLICE)(data)
            if not z.eof:
                raise zstandard.ZstdError("the compressed data ends before its end")
            data = z.unused_data
    elif coding in ("", "identity"):
        yield data
    else:
        raise KeyError(coding)


def decoded_head(data: bytes, coding: str, limit: int) -> tuple[bytes, bool]:
    """A whole body decoded from content-encoding ``coding`` as far as its first ``limit`` bytes and a piece
    past them, and whether that is all of it. Why not all of it: a compression bomb under the body cap (a
    1 MiB gzip of 1 GiB of zeros, a 1.6 KiB brotli of it) took its decoded size in memory and seconds of CPU
    (mitmproxy's decode), for a record that keeps ``limit`` bytes. ValueError when it does not decode, ends
    before its coding does, or names a coding not known (as mitmproxy's strict decode)."""
    out = bytearray()
    try:
        for piece in _whole(data, coding, min(PIECE, limit + 1)):
            out += piece
            if len(out) > limit:
                return bytes(out), False
    except CORRUPT as e:
        raise ValueError(f"{coding}: {e}") from None
    except KeyError:
        raise ValueError(f"{coding}: not a content-encoding replay decodes") from None
    return bytes(out), True
