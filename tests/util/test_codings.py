"""replay.util.codings: a compressed body is decoded as it arrives, in bounded pieces."""

from __future__ import annotations

import zlib

import brotli
import pytest
import zstandard

from replay.util.codings import PIECE, Expansive, bounded, decoded_head, decoder

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


CODERS = {
    "gzip": _gzip,
    "deflate": zlib.compress,
    "br": lambda d: brotli.compress(d, quality=5),
    "zstd": lambda d: zstandard.ZstdCompressor().compress(d),
}


@pytest.mark.parametrize("coding", list(CODERS))
def test_a_bomb_is_decoded_as_far_as_the_limit(coding: str) -> None:
    """1 KiB of ``limit`` and a piece past it, not the 20 MiB (mitmproxy's decode: all of it in memory)."""
    head, whole = decoded_head(CODERS[coding](b"\0" * BOMB), coding, 1024)
    assert not whole and 1024 < len(head) <= 16 << 20 and head == b"\0" * len(head)


@pytest.mark.parametrize("coding", list(CODERS))
def test_a_body_under_the_limit_decodes_whole_and_one_cut_short_does_not(coding: str) -> None:
    body = b'{"a": 1}' * 100
    packed = CODERS[coding](body)
    assert decoded_head(packed, coding, 1024) == (body, True)
    with pytest.raises(ValueError, match=coding):
        decoded_head(packed[: len(packed) // 2], coding, 1024)


def test_gzip_members_and_deflate_without_its_header_decode_as_mitmproxy_decodes_them() -> None:
    assert decoded_head(_gzip(b"one ") + b"\0\0" + _gzip(b"two"), "gzip", 1024) == (b"one two", True)
    assert decoded_head(zlib.compress(b"raw", wbits=-15), "deflate", 1024) == (b"raw", True)
    with pytest.raises(ValueError, match="not a content-encoding"):
        decoded_head(b"abc", "gzip, br", 1024)  # two codings: mitmproxy's strict decode refuses them too


def test_a_brotli_bomb_is_decoded_in_bounded_pieces() -> None:
    """brotli 1.1 gives all a call's input decodes to: 1.6 KiB of it was 1 GiB at once; fed 16 bytes at a time."""
    inflate = decoder("br")
    assert inflate is not None
    pieces = list(inflate(brotli.compress(b"\0" * BOMB, quality=5)))
    assert sum(map(len, pieces)) == BOMB and max(map(len, pieces)) <= 16 << 20


def test_a_bounded_decoder_stops_past_its_ratio() -> None:
    inflate = decoder("gzip")
    assert inflate is not None
    pieces = bounded(inflate, 1024)
    with pytest.raises(Expansive):
        b"".join(pieces(_gzip(b"\0" * BOMB)))
    text = b"".join(f'data: {{"i": {i}}}\n\n'.encode() for i in range(5000))
    inflate = decoder("gzip")
    assert inflate is not None and b"".join(bounded(inflate, 1024)(_gzip(text))) == text


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_head_asked_of_a_long_body_is_decoded_that_far_and_a_byte(coding: str) -> None:
    """A few KiB of a long body (the fault proxy reads an answer so): zlib decodes a piece that size, not 64 KiB."""
    body = bytes(range(256)) * 1000
    assert decoded_head(CODERS[coding](body), coding, 4096) == (body[:4097], False)


def _with_length(packed: bytes, length: int) -> bytes:
    """A one-meta-block brotli stream whose header says ``length`` (RFC 7932 9.2's MLEN), its window's bits kept."""
    bits = int.from_bytes(packed[:8], "little")
    at = 1 if not bits & 1 else 4 if bits >> 1 & 7 else 7
    field = (1 << 4 * (4 + (bits >> at + 2 & 3))) - 1 << at + 4
    return ((bits & ~field) | (length - 1) << at + 4).to_bytes(8, "little") + packed[8:]


@pytest.mark.parametrize("quality", [0, 1, 4, 11])
def test_a_brotli_body_decodes_alike_in_one_meta_block_or_several(quality: int) -> None:
    """Quality 2 and up write a body as one meta-block, its length in its header (decoded in one call); 0 and 1 as
    several (fed in slices). A header that says less than its block holds is refused, not read past."""
    body = b'{"text": "' + b"a meta-block's length, " * 400 + b'"}'
    packed = brotli.compress(body, quality=quality)
    assert decoded_head(packed, "br", 1 << 20) == (body, True)
    if quality > 1:
        assert decoded_head(_with_length(packed, len(body)), "br", 1 << 20) == (body, True)  # the field read right
        with pytest.raises(ValueError, match="br"):
            decoded_head(_with_length(packed, 100), "br", 1 << 20)
