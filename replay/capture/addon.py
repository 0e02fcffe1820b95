"""mitmdump addon: record every exchange, redacted, to a capture file; all or loud.

    mitmdump -s replay/capture/addon.py --mode reverse:http://127.0.0.1:8000 \
        --set capture_out=captures/prod.jsonl.zst

A writer process (``replay.capture.writer``) redacts and appends each exchange, off mitmproxy's
event loop. The response hook hands the exchange to it with a blocking write into a pipe, then
waits (without blocking the loop) for the writer's answer before the response goes on:

- an exchange a client has seen is written (or, if mitmdump is killed meanwhile, already in the
  kernel's pipe: the writer drains it to disk and exits at the pipe's end);
- if the writer dies or a write fails (disk full, file too large, I/O error), the response is
  withheld (the flow is killed), no new request is taken and mitmdump shuts down, so nothing is
  served unrecorded. With ``capture_on_write_error=passthrough`` the proxy keeps serving instead,
  counting and logging every few seconds what it does not record.

Streamed responses (SSE, NDJSON, chunked without a length) pass through as they arrive; each
chunk goes down the pipe before it goes to the client, so a killed capture still writes the
stream as far as the client got it. Nothing is written to disk before redaction.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import fcntl
import logging
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from mitmproxy import ctx, flowfilter, http
from mitmproxy.exceptions import OptionsError

from replay.capture import frames
from replay.errors import BadInput
from replay.exchange.format import DEFAULT_BODY_CAP
from replay.exchange.stream import StreamRecorder
from replay.mitm.convert import flow_to_exchange, is_streamed
from replay.mitm.ready import announce
from replay.redact.policy import load_policy

_RECORDER, _DONE = "replay.stream", "replay.recorded"
_WRITER_OPTIONS = frozenset(
    {"capture_out", "capture_flush", "capture_fsync", "capture_redact_policy", "capture_shape_only", "capture_status"}
    | {"capture_summary"}
)
NOTE_EVERY = 5.0  # seconds between "not recording" warnings in passthrough mode
log = logging.getLogger(__name__)


class _WriterProcess:
    """The writer child: exchanges go down its stdin as frames, its answers come up its stdout."""

    PIPE_SIZE = 1 << 20  # room for ~500 exchanges before a slow writer holds the proxy back
    START_TIMEOUT = 60.0

    def __init__(self, argv: list[str], status: str, on_gone: Callable[[str], None]):
        self.argv = argv
        self.status = status
        self.on_gone = on_gone
        self.pending: collections.deque[asyncio.Future[bool]] = collections.deque()
        self.gone = ""  # why it takes no more exchanges
        self._loop: asyncio.AbstractEventLoop | None = None
        fds = (int(status[3:]),) if status.startswith("fd:") else ()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, pass_fds=fds)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in, self._out = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: keep the default
            fcntl.fcntl(self._in, fcntl.F_SETPIPE_SZ, self.PIPE_SIZE)
        ready, _, _ = select.select([self._out], [], [], self.START_TIMEOUT)
        if not ready or os.read(self._out, 1) != frames.READY:
            self.proc.kill()
            self.proc.wait()
            raise OptionsError(f"capture_out: the capture writer could not start (see its message above): {argv}")
        os.set_blocking(self._out, False)
        with contextlib.suppress(RuntimeError):  # no loop yet: the first put listens
            self._listen(asyncio.get_running_loop())

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read answers as they come: the writer's end (EOF) is noticed even without traffic."""
        self._loop = loop
        loop.add_reader(self._out, self._answers)

    def put(self, frame: bytes, answer: bool) -> asyncio.Future[bool] | None:
        """Hand over one frame; on return it is in the pipe, whatever happens to this process.
        With ``answer``, a future of the writer's answer (True: written). None if it is gone."""
        if self.gone:
            return None
        if self._loop is None:
            self._listen(asyncio.get_running_loop())
        view = memoryview(frame)
        try:
            while view:  # a blocking write(2); a signal may cut it short
                view = view[os.write(self._in, view) :]
        except OSError:
            self._lost(f"the writer process is gone (exit code {self.proc.poll()})")
            return None
        if not answer:
            return None
        fut = self._loop.create_future()
        self.pending.append(fut)
        return fut

    def _answers(self) -> None:
        try:
            data = os.read(self._out, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            assert self._loop is not None
            self._loop.remove_reader(self._out)
            self._lost(f"the writer process exited (code {self.proc.wait()})")
            return
        for b in data:
            if self.pending:
                fut = self.pending.popleft()
                if not fut.done():
                    fut.set_result(b == frames.ACK_OK[0])

    def _lost(self, why: str) -> None:
        if self.gone:
            return
        self.gone = why
        while self.pending:
            fut = self.pending.popleft()
            if not fut.done():
                fut.set_result(False)
        self.on_gone(why)

    def close(self) -> None:
        """End the pipe; the writer writes what it holds and exits."""
        if self._loop is not None and not self.gone:
            self._loop.remove_reader(self._out)
        with contextlib.suppress(OSError):
            os.close(self._in)
        self.proc.stdin = None  # closed above
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Capture:
    def __init__(self) -> None:
        self.writer: _WriterProcess | None = None
        self.include: flowfilter.TFilter | None = None
        self.exclude: flowfilter.TFilter | None = None
        self.failed = ""  # why recording stopped
        self.unrecorded = 0  # passthrough: served without being recorded
        self.withheld = 0  # stop: responses not sent on because they could not be recorded
        self.refused = 0  # stop: requests not taken after the failure
        self._said = self._noted = 0.0

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
        loader.add_option(
            "capture_on_write_error",
            str,
            "stop",
            "When recording fails: stop serving at once (stop), or serve on unrecorded, saying so (passthrough).",
            choices=["stop", "passthrough"],
        )
        loader.add_option("capture_status", str, "", "Where to announce failures and the summary (fd:N).")

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
        if updated & _WRITER_OPTIONS:
            self._close()
            if opts.capture_out:  # started now: a file it cannot open stops mitmdump before it listens
                self.writer = _WriterProcess(self._writer_argv(), opts.capture_status, self._fail)

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
        if opts.capture_status:
            argv += ["--status", opts.capture_status]
        return argv

    @property
    def _stopping(self) -> bool:
        return bool(self.failed) and ctx.options.capture_on_write_error == "stop"

    def _wanted(self, flow: http.HTTPFlow) -> bool:
        if self.writer is None:
            return False
        if self.include is not None and not self.include(flow):
            return False
        return not (self.exclude is not None and self.exclude(flow))

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if self._stopping and self._wanted(flow):
            flow.metadata[_DONE] = True
            flow.kill()
            self.refused += 1
            self._note()

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        resp = flow.response
        if resp is None or not is_streamed(resp):
            return
        sse = resp.headers.get("content-type", "").lower().startswith("text/event-stream")
        cap = ctx.options.capture_body_cap
        rec = StreamRecorder(flow.request.timestamp_start, sse, cap)
        flow.metadata[_RECORDER] = rec
        if not self._wanted(flow) or self.writer is None:
            resp.stream = rec
            return
        writer = self.writer
        writer.put(frames.stream(flow_to_exchange(flow, cap, rec), sse, cap), False)

        def tap(data: bytes) -> bytes | list[bytes]:
            t = time.time() - rec.start
            rec.feed(data, t)
            if data:
                writer.put(frames.chunk(flow.id, t, data), False)
                if writer.gone and ctx.options.capture_on_write_error == "stop":
                    return []  # the client gets no more than the writer has; the flow is killed at the end
            return data

        resp.stream = tap

    def response(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        # Not ``async def``: mitmproxy awaits what a hook returns; an unrecorded flow costs no coroutine.
        if flow.metadata.get(_DONE) or not self._wanted(flow):
            return None
        return self._hold(flow)

    async def _hold(self, flow: http.HTTPFlow) -> None:
        """The response goes on only once its exchange is written (or, in passthrough, regardless)."""
        if await self._record(flow):
            return
        if ctx.options.capture_on_write_error == "stop":
            if flow.killable:
                flow.kill()
            self.withheld += 1
        else:
            self.unrecorded += 1
        self._note()

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get(_DONE) or not self._wanted(flow):
            return
        fut = self._put(flow)
        if fut is None:
            self._not_recorded()
        else:
            fut.add_done_callback(lambda f: f.result() or self._not_recorded())

    def _not_recorded(self) -> None:
        if not self._stopping:
            self.unrecorded += 1
            self._note()

    def _put(self, flow: http.HTTPFlow) -> asyncio.Future[bool] | None:
        flow.metadata[_DONE] = True
        ex = flow_to_exchange(flow, ctx.options.capture_body_cap, flow.metadata.pop(_RECORDER, None))
        ex.meta["source"] = "capture"
        assert self.writer is not None
        if self._stopping:
            return None
        return self.writer.put(frames.exchange(ex), True)

    async def _record(self, flow: http.HTTPFlow) -> bool:
        fut = self._put(flow)
        if fut is None:
            return False
        ok = await fut
        if not ok:
            self._fail("the writer could not write an exchange (see its message)")
        return ok

    def _fail(self, why: str) -> None:
        """Recording has stopped: say so once; in stop mode, take nothing more and shut down."""
        if self.failed:
            return
        self.failed = why
        log.error(f"capture: recording stopped: {why}")
        self._note(force=True)
        if ctx.options.capture_on_write_error == "stop":
            ctx.master.shutdown()

    def _note(self, force: bool = False) -> None:
        """Tell the parent the counts (at most once a second) and, in passthrough, the log every few seconds."""
        now = time.monotonic()
        if force or now - self._said >= 1.0:
            self._said = now
            announce(ctx.options.capture_status, {"capture": self.status()})
        if self.unrecorded and now - self._noted >= NOTE_EVERY:
            self._noted = now
            log.warning(f"capture: NOT RECORDING ({self.failed}): {self.unrecorded} exchanges served unrecorded")

    def status(self) -> dict[str, Any]:
        return {
            "failed": self.failed,
            "unrecorded": self.unrecorded,
            "withheld": self.withheld,
            "refused": self.refused,
        }

    def _close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None

    def done(self) -> None:
        self._close()
        announce(ctx.options.capture_status, {"capture": {**self.status(), "final": True}})


def filter_problem(expr: str) -> str | None:
    """Why ``expr`` is not a mitmproxy filter expression (None when it is one)."""
    try:
        ok = flowfilter.parse(expr) is not None
    except ValueError as e:  # a bad regular expression inside it
        ok, cause = False, f" ({e.__cause__ or e})"
    else:
        cause = ""
    if ok:
        return None
    return f"{expr!r} is not a mitmproxy filter expression{cause}; try '~d host', '~u path', '~m POST'"


def _filters(exprs: Sequence[str], name: str) -> flowfilter.TFilter | None:
    """One filter matching any of ``exprs``; OptionsError naming the bad expression."""
    if not exprs:
        return None
    for expr in exprs:
        problem = filter_problem(expr)
        if problem:
            raise OptionsError(f"{name}: {problem}")
    parsed = [flowfilter.parse(expr) for expr in exprs]
    return lambda flow: any(f(flow) for f in parsed)


addons = [Capture()]
