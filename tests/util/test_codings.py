"""replay.util.codings: a compressed body is decoded as it arrives, in bounded pieces."""

from __future__ import annotations

import zlib

import pytest
import zstandard

from replay.util.codings import PIECE, decoder

BOMB = 20 << 20  # 20 MiB of zeros: a few KiB compressed


def _gzip(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize(
    ("coding", "compress"),
    [("gzip", _gzip), ("deflate", zlib.compress), ("zstd", lambda d: zstandard.ZstdCompressor().compress(d))],
)
def test_a_bomb_is_counted_in_bounded_pieces(coding: str, compress: object) -> None:
    packed = compress(b"\0" * BOMB)  # type: ignore[operator]
    inflate = decoder(coding)
    assert inflate is not None
    size = 0
    for i in range(0, len(packed), 1000):  # as it arrives, a chunk at a time
        for piece in inflate(packed[i : i + 1000]):
            assert len(piece) <= max(PIECE, 5 << 20)
            size += len(piece)
    assert size == BOMB


@pytest.mark.parametrize("coding", ["gzip", "zstd"])
def test_a_small_body_decodes_whole(coding: str) -> None:
    body = b'data: {"a": 1}\n\n' * 100
    packed = _gzip(body) if coding == "gzip" else zstandard.ZstdCompressor().compress(body)
    inflate = decoder(coding)
    assert inflate is not None
    assert b"".join(inflate(packed)) == body


def test_a_zstd_window_past_8_mib_is_refused() -> None:
    params = zstandard.ZstdCompressionParameters(window_log=24, write_content_size=False)
    coder = zstandard.ZstdCompressor(compression_params=params).compressobj()
    packed = coder.compress(b"x" * 100) + coder.flush()
    inflate = decoder("zstd")
    assert inflate is not None
    with pytest.raises(zstandard.ZstdError):
        b"".join(inflate(packed))
