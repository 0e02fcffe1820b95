"""A ``Body`` from raw bytes as a message carried them, maybe content-encoded: the capture's writers and the
flow importer make bodies here, so that a compression bomb is decoded no further than the body cap by either."""

from __future__ import annotations

from typing import Any

from replay.exchange.format import Body
from replay.util.codings import decoded_head

__all__ = ["SIZE_UNKNOWN", "body_of"]

# meta["response_size"] (or "request_size") of a compressed body the writer did not decode to its end (past the
# cap): its ``size`` counts the bytes decoded, a floor, as ``past_cap``'s ``events`` is null when it cannot be told.
SIZE_UNKNOWN = "at least: decoded up to the body cap only"


def body_of(data: bytes, size: int, ce: str, cap: int, meta: dict[str, Any], key: str) -> Body | None:
    """The ``Body`` of raw bytes sent by the addon: ``size`` is the raw body's size (``data`` may be
    its first bytes only, when it is not encoded); a body that does not decode is kept raw, with
    the encoding it claimed in ``meta``. An encoded body is decoded only as far as the cap (a compression
    bomb is never decoded whole): one longer is cut there, its size the bytes decoded so far, and
    ``meta[key + "_size"]`` says that the rest is not known (``SIZE_UNKNOWN``)."""
    if ce:
        try:
            data, whole = decoded_head(data, ce, cap)
            size = len(data)
            if not whole:
                meta[f"{key}_size"] = SIZE_UNKNOWN
        except ValueError:
            meta[f"{key}_undecodable"] = ce
    body = Body.from_bytes(data, cap)
    if body is not None and size > len(data):  # sent cut short: the size and the cut are the original's
        body.size, body.truncated = size, True
    return body
