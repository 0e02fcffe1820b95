"""mitmdump addon: record every exchange, redacted, to a capture file.

    mitmdump -s replay/capture/addon.py --mode reverse:http://127.0.0.1:8000 \
        --set capture_out=captures/prod.jsonl.zst

Streamed responses (SSE, NDJSON, chunked without a length) pass through as they arrive;
the addon keeps a copy and the time of each event. A writer process (``replay.capture.writer``)
redacts and appends each exchange, off mitmproxy's event loop; the hook waits for its
acknowledgement, so the client gets no response whose exchange is not on disk. Nothing is
written before redaction.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import sys
from collections.abc import Sequence

import orjson
from mitmproxy import ctx, flowfilter, http
from mitmproxy.exceptions import OptionsError

from replay.errors import BadInput
from replay.mitm.convert import StreamRecorder, flow_to_exchange, is_streamed
from replay.redact.policy import load_policy
from replay.store import DEFAULT_BODY_CAP, Exchange

_RECORDER = "replay.stream"
log = logging.getLogger(__name__)


class _WriterProcess:
    """The writer child and the acknowledgements it owes, in the order exchanges were sent."""

    def __init__(self, argv: list[str]):
        self.argv = argv
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: collections.deque[asyncio.Future[bool]] = collections.deque()
        self._started: asyncio.Future[None] | None = None
        self._acks: asyncio.Task[None] | None = None

    async def _start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        self._acks = asyncio.create_task(self._read_acks())

    async def _read_acks(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while chunk := await self.proc.stdout.read(4096):
            for ack in chunk:
                self.pending.popleft().set_result(ack == ord("."))
        while self.pending:  # the writer is gone: nothing more will be written
            self.pending.popleft().set_result(False)

    async def put(self, ex: Exchange) -> bool:
        """Hand over one exchange; True once it is redacted and written."""
        if self._started is None:
            self._started = asyncio.ensure_future(self._start())
        await self._started
        assert self.proc is not None and self.proc.stdin is not None
        if self.proc.returncode is not None or self.proc.stdin.is_closing():
            return False
        ack = asyncio.get_running_loop().create_future()
        self.pending.append(ack)
        data = orjson.dumps(ex)
        self.proc.stdin.write(len(data).to_bytes(4, "big") + data)
        return await ack

    async def close(self) -> None:
        if self._started is None:
            return
        await self._started
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.close()
        await self.proc.wait()
        if self._acks is not None:
            await self._acks


class Capture:
    def __init__(self) -> None:
        self.writer: _WriterProcess | None = None
        self.include: flowfilter.TFilter | None = None
        self.exclude: flowfilter.TFilter | None = None
        self._closing: set[asyncio.Task[None]] = set()

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
            "capture_shape_only", bool, False, "Store only each exchange's features (replay.features.Shape), no bodies."
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

    async def response(self, flow: http.HTTPFlow) -> None:
        await self._record(flow)

    async def error(self, flow: http.HTTPFlow) -> None:
        await self._record(flow)

    async def _record(self, flow: http.HTTPFlow) -> None:
        if not self._wanted(flow):
            return
        ex = flow_to_exchange(flow, ctx.options.capture_body_cap, flow.metadata.pop(_RECORDER, None))
        ex.meta["source"] = "capture"
        assert self.writer is not None
        if not await self.writer.put(ex):
            log.warning(f"capture: exchange {ex.id} was not recorded (see the writer's error above)")

    def _close(self) -> None:
        if self.writer is not None and self.writer._started is not None:
            task = asyncio.get_running_loop().create_task(self.writer.close())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        self.writer = None

    async def done(self) -> None:
        if self.writer is not None:
            await self.writer.close()
        if self._closing:
            await asyncio.gather(*self._closing)


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
