"""Content-codings decoded as the bytes arrive (gzip, deflate, br, zstd): every one mitmproxy and httpx
decode, in bounded pieces, so a decompression bomb is counted piece by piece, never held whole. The
runner reads a target's bodies with it, the capture's writers a streamed response's chunks."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import brotli
import zstandard

__all__ = ["CORRUPT", "PIECE", "decoder"]

# The most a decoder hands over at once. zstd is fed this many input bytes at a time (zstandard 0.23's
# decompressobj has no output bound): a block yields at most 128 KiB from at least 4 bytes, so a slice
# gives at most ~4 MiB.
PIECE = 1 << 16
_ZSTD_SLICE = 128
# RFC 9659: a zstd content coding's window is at most 8 MiB; a larger one is refused, not allocated.
_ZSTD_WINDOW = 8 << 20
CORRUPT = (zlib.error, zstandard.ZstdError, brotli.error)  # what a decoder raises on bytes that do not decode


def _zlib_pieces(coder: Any) -> Callable[[bytes], Iterator[bytes]]:
    def pieces(data: bytes) -> Iterator[bytes]:
        while True:
            out = coder.decompress(data, PIECE)
            if out:
                yield out
            data = coder.unconsumed_tail
            if not data and len(out) < PIECE:  # a full piece may leave output inside zlib
                return

    return pieces


def _sliced(decompress: Callable[[bytes], bytes]) -> Callable[[bytes], Iterator[bytes]]:
    def pieces(data: bytes) -> Iterator[bytes]:
        for i in range(0, len(data), _ZSTD_SLICE):
            out = decompress(data[i : i + _ZSTD_SLICE])
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
        # Unbounded: brotli 1.1's process() has no output limit (1.2 adds output_buffer_limit), and a
        # slice of input bounds nothing (one command copies up to 16 MiB).
        process = brotli.Decompressor().process
        return lambda data: (process(data),)
    if coding == "zstd":
        return _sliced(zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).decompressobj().decompress)
    raise KeyError(coding)
