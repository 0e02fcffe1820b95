"""Other traffic formats in and out of the capture format: HAR 1.2 and mitmproxy flow files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange

__all__ = ["read_foreign"]


def read_foreign(path: Path) -> Iterator[Exchange]:
    """Exchanges of a HAR file or a mitmproxy flow file, told apart by their first byte."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip()
    except FileNotFoundError:
        raise ImportFormatError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path}: is a directory; name a .har or .mitm file") from None
    if not head:
        raise ImportFormatError(f"{path}: empty file; export HAR 1.2 from the browser or `mitmdump -w` flows")
    if head.startswith(b"{"):
        from replay.formats.har import read_har

        return read_har(path)
    if head[:1].isdigit():  # tnetstring length prefix of mitmproxy's flow format
        from replay.formats.flows import read_flows

        return read_flows(path)
    raise ImportFormatError(
        f"{path}: neither HAR (JSON) nor a mitmproxy flow file; export HAR 1.2 from the browser or `mitmdump -w`"
    )
