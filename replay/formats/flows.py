"""mitmproxy flow files (``mitmdump -w``) to exchange records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mitmproxy import exceptions, http, io
from mitmproxy.flow import Flow

from replay.console import warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.formats.har import websockets_left
from replay.formats.lines import Lines
from replay.mitm.convert import flow_to_exchange

__all__ = ["read_flows"]


def read_flows(path: Path) -> Iterator[Exchange]:
    """HTTP exchanges of a mitmproxy flow file; other flow kinds (TCP, UDP, DNS) and the messages of a
    WebSocket (its upgrade request is an exchange) are skipped, and counted in one warning, as are the
    responses whose body the file does not hold. A flow mitmproxy marks ``duplicated`` (a WebSocket of a file
    older than mitmproxy 7: its handshake read twice, or one made up at epoch 0) is its messages only."""
    skipped: Counter[str] = Counter()
    messages = unkept = read = 0
    # decompressed as it is read (a .mitm.gz, .zst or zlib's), as every import file is; a stream cut short ends
    # where it was cut: the file ends inside its last flow, said below
    content = Lines(path, cut_ok=True)
    with content.stream() as fh:
        try:
            for flow in _flows(fh):
                read += 1
                if not isinstance(flow, http.HTTPFlow):
                    skipped[type(flow).__name__.removesuffix("Flow")] += 1
                    continue
                if flow.websocket is not None and flow.websocket.messages:
                    skipped["WebSocket"] += 1
                    messages += len(flow.websocket.messages)
                if flow.metadata.get("duplicated"):
                    # mitmproxy's reading of a WebSocket from before mitmproxy 7: its handshake again, under the
                    # same id (read on its own already), or made up (GET http://unknown/ at 0 s), with its messages
                    continue
                ex = flow_to_exchange(flow)
                ex.meta["source"] = "mitm"
                if flow.response is not None and flow.response.raw_content is None:
                    unkept += 1  # streamed through (stream_large_bodies, an event stream): never stored
                    ex.meta["response_body"] = "not in the flow file"
                yield ex
        except exceptions.FlowReadException as e:
            if isinstance(e, _DamagedFlow) or not (read and _at_end(fh)):
                raise ImportFormatError(
                    f"{path}: not a readable mitmproxy flow file ({e}); write one with `mitmdump -w`"
                ) from None
            # The file ends inside a flow: mitmdump stopped mid-write (killed, a full disk). The flows before
            # it are whole; refusing the file lost them all, where a capture's torn last line is skipped.
            warn(f"{path}: its last flow is cut short (mitmdump stopped mid-write?); imported the {read:,} before it")
        else:
            if content.cut:  # cut at a flow's end (or in the stream's trailer): whatever followed is not there
                warn(f"{path}: its compressed stream is cut short (mitmdump stopped mid-write?); imported its {read:,}")
    ws = skipped.pop("WebSocket", 0)
    if skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        warn(f"{path}: skipped {sum(skipped.values())} flow(s) that are not HTTP ({kinds}); replay imports HTTP")
    websockets_left(path, ws, messages)
    if unkept:
        warn(
            f"{path}: {unkept} response(s) imported without their body, which mitmproxy streamed through without "
            "keeping it (stream_large_bodies, or an event stream); capture with `replay capture` to keep streams"
        )


def _flows(fh: BinaryIO) -> Iterator[Flow]:
    """The flows of ``fh``, as mitmproxy's reader gives them; a flow whose state is damaged (a byte changed in a
    key's name) is a FlowReadException: mitmproxy's ``from_state`` let its KeyError or AssertionError out, a
    traceback."""
    try:
        yield from io.FlowReader(fh).stream()
    except KeyError as e:
        raise _DamagedFlow(f"a flow lacks {e.args[0]!r}") from None
    except (AssertionError, AttributeError):
        raise _DamagedFlow("a flow holds a field of a kind mitmproxy does not know") from None


class _DamagedFlow(exceptions.FlowReadException):
    """A flow read whole whose state is damaged: never a flow cut short by a stopped mitmdump, even the last."""


def _at_end(fh: BinaryIO) -> bool:
    """Nothing is left after the flow that did not read: the file ends inside it (not a flow gone bad
    in the middle, after which whole flows would be dropped unseen)."""
    try:
        return fh.read(1) == b""
    except ImportFormatError:  # what follows does not decompress: damaged
        return False
