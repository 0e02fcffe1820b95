"""mitmproxy flow files (``mitmdump -w``) to exchange records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mitmproxy import exceptions, http, io

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.mitm.convert import flow_to_exchange

__all__ = ["read_flows"]


def read_flows(path: Path) -> Iterator[Exchange]:
    """HTTP exchanges of a mitmproxy flow file; other flow kinds (TCP, DNS) are skipped."""
    with open(path, "rb") as fh:
        try:
            for flow in io.FlowReader(fh).stream():
                if isinstance(flow, http.HTTPFlow):
                    ex = flow_to_exchange(flow)
                    ex.meta["source"] = "mitm"
                    yield ex
        except exceptions.FlowReadException as e:
            raise ImportFormatError(
                f"{path}: not a readable mitmproxy flow file ({e}); write one with `mitmdump -w`"
            ) from None
