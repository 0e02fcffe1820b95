"""mitmdump addon: record every exchange, redacted, to a capture file.

    mitmdump -s replay/capture/addon.py --mode reverse:http://127.0.0.1:8000 \
        --set capture_out=captures/prod.jsonl.zst

Streamed responses (SSE, NDJSON, chunked without a length) pass through as they arrive;
the addon keeps a copy and the time of each event. A writer process (``replay.capture.writer``)
redacts and appends each exchange, off mitmproxy's event loop. The hook hands the exchange to
it with a blocking write into a pipe before mitmproxy sends the response on, so an exchange a
client has seen is already in the kernel's pipe: the writer drains it to disk even when mitmdump
is killed. Nothing is written to disk before redaction.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import subprocess
import sys
from collections.abc import Sequence

import orjson
from mitmproxy import ctx, flowfilter, http
from mitmproxy.exceptions import OptionsError

from replay.errors import BadInput
from replay.exchange.format import DEFAULT_BODY_CAP, Exchange
from replay.mitm.convert import StreamRecorder, flow_to_exchange, is_streamed
from replay.redact.policy import load_policy

_RECORDER = "replay.stream"
log = logging.getLogger(__name__)


class _WriterProcess:
    """The writer child, started on the first exchange; exchanges go down its stdin as frames."""

    PIPE_SIZE = 1 << 20  # room for ~500 exchanges before a slow writer holds the proxy back

    def __init__(self, argv: list[str]):
        self.argv = argv
        self.proc: subprocess.Popen[bytes] | None = None
        self.lost = 0

    def put(self, ex: Exchange) -> None:
        """Hand over one exchange; on return it is in the pipe, whatever happens to this process."""
        if self.proc is None:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, bufsize=0)
            assert self.proc.stdin is not None
            with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: keep the default
                fcntl.fcntl(self.proc.stdin.fileno(), fcntl.F_SETPIPE_SZ, self.PIPE_SIZE)
        data = orjson.dumps(ex)
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(len(data).to_bytes(4, "big") + data)  # unbuffered: a blocking write(2)
        except BrokenPipeError:
            self.lost += 1
            if self.lost == 1:
                log.error("capture: the writer process is gone; exchanges are no longer recorded")

    def close(self) -> None:
        if self.proc is None:
            return
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


class Capture:
    def __init__(self) -> None:
        self.writer: _WriterProcess | None = None
        self.include: flowfilter.TFilter | None = None
        self.exclude: flowfilter.TFilter | None = None

    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option("capture_out", str, "", "Capture file to append to (.jsonl, or .jsonl.zst).")
        loader.add_option(
            "capture_flush",
            str,
            "line",
            "Flush after every exchange (line) or leave it to the OS (none).",
            choices=["line", "none"],
        )
        loader.add_option("capture_fsync", bool, False, "Also fsync after every flush.")
        loader.add_option(
            "capture_body_cap", int, DEFAULT_BODY_CAP, "Bytes of a body kept; the rest is cut and marked."
        )
        loader.add_option(
            "capture_include",
            Sequence[str],
            [],
            "Capture only flows matching any of these mitmproxy filters ('~d host', '~u ^/v1/', '~m POST').",
        )
        loader.add_option("capture_exclude", Sequence[str], [], "Never capture flows matching any of these filters.")
        loader.add_option("capture_summary", str, "", "File to write a JSON summary to when the proxy stops.")
        loader.add_option("capture_redact_policy", str, "", "TOML redaction policy (see replay.redact.policy).")
        loader.add_option(
            "capture_shape_only", bool, False, "Store only each exchange's features (replay.shape.Shape), no bodies."
        )

    def configure(self, updated: set[str]) -> None:
        opts = ctx.options
        if "capture_body_cap" in updated and opts.capture_body_cap < 0:
            raise OptionsError("capture_body_cap must be >= 0")
        if "capture_include" in updated:
            self.include = _filters(opts.capture_include, "capture_include")
        if "capture_exclude" in updated:
            self.exclude = _filters(opts.capture_exclude, "capture_exclude")
        if "capture_redact_policy" in updated and opts.capture_redact_policy:
            try:
                load_policy(opts.capture_redact_policy)  # bad policies fail here, at start-up
            except BadInput as e:
                raise OptionsError(str(e)) from None
        if updated & {"capture_out", "capture_flush", "capture_fsync", "capture_redact_policy", "capture_shape_only"}:
            self._close()
            self.writer = _WriterProcess(self._writer_argv()) if opts.capture_out else None

    def _writer_argv(self) -> list[str]:
        opts = ctx.options
        argv = [sys.executable, "-m", "replay.capture.writer", "--out", opts.capture_out, "--flush", opts.capture_flush]
        if opts.capture_fsync:
            argv.append("--fsync")
        if opts.capture_redact_policy:
            argv += ["--policy", opts.capture_redact_policy]
        if opts.capture_shape_only:
            argv.append("--shape-only")
        if opts.capture_summary:
            argv += ["--summary", opts.capture_summary]
        return argv

    def _wanted(self, flow: http.HTTPFlow) -> bool:
        if self.writer is None:
            return False
        if self.include is not None and not self.include(flow):
            return False
        return not (self.exclude is not None and self.exclude(flow))

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        resp = flow.response
        if resp is None or not is_streamed(resp):
            return
        sse = resp.headers.get("content-type", "").lower().startswith("text/event-stream")
        rec = StreamRecorder(flow.request.timestamp_start, sse, ctx.options.capture_body_cap)
        flow.metadata[_RECORDER] = rec
        resp.stream = rec

    def response(self, flow: http.HTTPFlow) -> None:
        self._record(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._record(flow)

    def _record(self, flow: http.HTTPFlow) -> None:
        if not self._wanted(flow):
            return
        ex = flow_to_exchange(flow, ctx.options.capture_body_cap, flow.metadata.pop(_RECORDER, None))
        ex.meta["source"] = "capture"
        assert self.writer is not None
        self.writer.put(ex)

    def _close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None

    def done(self) -> None:
        self._close()


def _filters(exprs: Sequence[str], name: str) -> flowfilter.TFilter | None:
    """One filter matching any of ``exprs``; OptionsError naming the bad expression."""
    if not exprs:
        return None
    parsed = []
    for expr in exprs:
        f = flowfilter.parse(expr)
        if f is None:
            raise OptionsError(
                f"{name}: {expr!r} is not a mitmproxy filter expression (try '~d host', '~u path', '~m POST')"
            )
        parsed.append(f)
    return lambda flow: any(f(flow) for f in parsed)


addons = [Capture()]
