"""replay.runner.body: a target's compressed body is decoded in bounded pieces."""

from __future__ import annotations

import zlib

import pytest
import zstandard

from replay.config.target import Policy
from replay.runner.body import _PIECE, Outcome, _decoder
from replay.runner.client import Client
from replay.runner.prepared import Request
from tests.runner.conftest import Target
from tests.runner.target import BOMB as TARGET_BOMB

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
    inflate = _decoder(coding)
    assert inflate is not None
    size = 0
    for i in range(0, len(packed), 1000):  # as it arrives, a chunk at a time
        for piece in inflate(packed[i : i + 1000]):
            assert len(piece) <= max(_PIECE, 5 << 20)
            size += len(piece)
    assert size == BOMB


@pytest.mark.parametrize("coding", ["gzip", "zstd"])
def test_a_small_body_decodes_whole(coding: str) -> None:
    body = b'data: {"a": 1}\n\n' * 100
    packed = _gzip(body) if coding == "gzip" else zstandard.ZstdCompressor().compress(body)
    inflate = _decoder(coding)
    assert inflate is not None
    assert b"".join(inflate(packed)) == body


def test_a_zstd_window_past_8_mib_is_refused() -> None:
    params = zstandard.ZstdCompressionParameters(window_log=24, write_content_size=False)
    coder = zstandard.ZstdCompressor(compression_params=params).compressobj()
    packed = coder.compress(b"x" * 100) + coder.flush()
    inflate = _decoder("zstd")
    assert inflate is not None
    with pytest.raises(zstandard.ZstdError):
        b"".join(inflate(packed))


def _send(target: Target, path: str) -> Outcome:
    client = Client(target.url, connections=1, keep_body=1 << 10)
    try:
        req = Request("GET", path, [("accept", "*/*")], None, f"GET {path.split('?')[0]}", 0)
        return client.send(req, Policy(max_retries=0), b"x-replay-id: b/1\r\n", seed=1)
    finally:
        client.close()


@pytest.mark.parametrize("coding", ["gzip", "zstd"])
def test_a_target_bomb_is_read_whole_and_kept_short(target: Target, coding: str) -> None:
    out = _send(target, f"/bomb?coding={coding}")
    assert (out.outcome, out.status, out.error) == ("response", 200, "")
    assert out.bytes_in == TARGET_BOMB and out.body == b"\0" * (1 << 10) and not out.undecodable


def test_a_corrupt_body_is_a_response_without_its_body(target: Target) -> None:
    out = _send(target, "/bomb?coding=corrupt")
    assert (out.outcome, out.status, out.error) == ("response", 200, "")
    assert out.body == b"" and out.undecodable.startswith("gzip: ")
