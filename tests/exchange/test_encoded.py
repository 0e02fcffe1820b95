"""``body_of``: a body decoded from its content-encoding, no further than the cap, its size the original's."""

from __future__ import annotations

import gzip

from replay.exchange.encoded import SIZE_UNKNOWN, body_of


def test_bodies_are_decoded_and_capped() -> None:
    meta: dict[str, str] = {}
    text = b'{"q": "' + b"x" * 100 + b'"}'
    body = body_of(gzip.compress(text), 0, "gzip", 1 << 20, meta, "response")
    assert body is not None and body.text == text.decode() and body.size == len(text) and not meta
    raw = body_of(b"not gzip", 8, "gzip", 1 << 20, meta, "request")
    assert raw is not None and raw.text == "not gzip" and meta == {"request_undecodable": "gzip"}
    cut = body_of("é".encode() * 6, 1000, "", 5, {}, "request")  # sent cut just past the cap
    assert cut is not None and cut.text == "éé" and cut.size == 1000 and cut.truncated


def test_a_bomb_is_decoded_no_further_than_the_cap() -> None:
    meta: dict[str, str] = {}
    body = body_of(gzip.compress(b"\0" * (8 << 20)), 0, "gzip", 4096, meta, "response")
    assert body is not None and body.truncated and len(body.to_bytes()) == 4096
    assert 4096 < body.size < 8 << 20 and meta == {"response_size": SIZE_UNKNOWN}
