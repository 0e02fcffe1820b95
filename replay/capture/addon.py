"""mitmdump addon: record every exchange, redacted, to a capture file; all or loud.

    mitmdump -s replay/capture/addon.py --mode reverse:http://127.0.0.1:8000 \
        --set capture_out=captures/prod.jsonl.zst

Writer processes (``replay.capture.writer``, ``capture_writers`` of them; a pool of several
writes through one sink, in hand-over order) decode, redact and append each exchange, off
mitmproxy's event loop, which only builds a small header and hands the bodies over as they came
(``capture/pool.py``: one blocking writev per loop turn). The response waits (without blocking
the loop) for the answer that its exchange is written before it goes on:

- an exchange a client has seen is written (or, if mitmdump is killed meanwhile, already in the
  kernel's pipe: the writers drain it to disk and exit at the pipe's end);
- if a writer dies or a write fails (disk full, file too large, I/O error), the response is
  withheld (the flow is killed), no new request is taken and mitmdump shuts down, so nothing is
  served unrecorded. With ``capture_on_write_error=passthrough`` the proxy keeps serving instead,
  counting and logging every few seconds what it does not record.

With ``capture_hold=handed`` a response waits only until its exchange is in the writers' pipe (the
end of the loop turn), not for the redaction and the write: about a millisecond less per response,
and the proxy's requests/s no longer follow the writers'. A killed mitmdump still loses nothing a
client saw; a writer that dies or cannot write loses what it had not written of the exchanges
already served: they are counted as served unrecorded, and the capture stops as above.

A WebSocket's upgrade is recorded as an exchange; its messages are counted, not recorded (replay
replays HTTP), and the summary says how many.

Streamed responses (SSE, NDJSON, chunked or HTTP/2 without a length) pass through as they arrive; each
chunk goes down the pipe before it goes to the client, so a killed capture still writes the
stream as far as the client got it. Nothing is written to disk before redaction.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

from mitmproxy import ctx, flowfilter, http, tcp
from mitmproxy.exceptions import OptionsError
from mitmproxy.flow import Error

from replay.capture import frames
from replay.capture.flowfilters import filters, h2c_preface
from replay.capture.pool import StartFailed, WriterPool
from replay.capture.proxylog import SERVER_LOG, ProxyLog
from replay.errors import BadInput
from replay.exchange.format import DEFAULT_BODY_CAP, MAX_BODY_CAP
from replay.mitm.convert import client_aborted, exchange_header, is_streamed, note_sides, raw_parts, recorded_error
from replay.mitm.ready import announce
from replay.util.held import held_module
from replay.util.procs import OUT_OF_FILES

_STREAM, _DONE, _WS = "replay.stream", "replay.recorded", "replay.websocket"
_WRITER_OPTIONS = frozenset(
    {"capture_out", "capture_flush", "capture_fsync", "capture_redact_policy", "capture_shape_only", "capture_status"}
    | {"capture_summary", "capture_writers"}
)
NOTE_EVERY = 5.0  # seconds between "not recording" warnings in passthrough mode
log = logging.getLogger(__name__)


def default_writers() -> int:
    """What the machine gives this process: a core for mitmdump, the rest for writers (at least one)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 2
    return max(1, cores - 1)


class Capture:
    def __init__(self) -> None:
        self.pool: WriterPool | None = None
        self.include: flowfilter.TFilter | None = None
        self.exclude: flowfilter.TFilter | None = None
        self.failed = ""  # why recording stopped
        self.unrecorded = 0  # served without being recorded: passthrough, or an error the proxy answered itself
        self.withheld = 0  # stop: responses not sent on because they could not be recorded
        self.refused = 0  # stop: requests not taken after the failure
        self.cut_off = 0  # in flight when the capture stopped (or failed): no answer reached their clients
        self.recorded = 0  # written, as the writers answered: the running count a terminal shows
        self.filtered = 0  # exchanges --include/--exclude passed through unrecorded
        self.unanswered = 0  # exchanges recorded with an error and no response
        self.client_aborted = 0  # exchanges their clients gave up on (left waiting or mid-answer, or half sent)
        self.upstream_cut = 0  # answers the upstream broke off: their clients got the proxy's 502, or a cut stream
        self.last_error = ""
        self.last_cut = ""  # the last such break, as mitmproxy said it
        self.out_of_files = 0  # of them, those the proxy failed itself: it ran out of open files (ulimit -n)
        self.websockets = 0  # WebSockets whose upgrade was recorded and whose messages were not
        self.websocket_messages = 0
        self.tcp_passed = 0  # connections mitmproxy passed on as raw TCP (not HTTP: a CONNECT to a database's port)
        self.h2c_refused = 0  # HTTP/2 cleartext (prior knowledge) connections mitmproxy refused: no exchange came
        self.malformed = 0  # requests mitmproxy refused as malformed or unsafe (its 400 to the client): recorded
        self.unreadable = 0  # requests mitmproxy refused with a 400 before it could read one: nothing to record
        self.dropped = 0  # exchanges mitmproxy failed on its own error (a crash): recorded with it
        self.dropped_why = ""  # the last such error
        self.live: dict[str, dict[str, http.HTTPFlow]] = {}  # client connection -> its flows not yet ended
        self.crashes: dict[object, str] = {}  # client address -> mitmproxy's last crash on its connection
        self._log = ProxyLog(self)
        self.closed = False  # the capture has ended (mitmproxy's done): a response now cannot be recorded
        # capture_body_cap, kept here: every read of ctx.options deep-copies the value (~3 us an exchange)
        self.cap = DEFAULT_BODY_CAP
        self.handed = False  # capture_hold=handed, kept here for the same reason
        self._said = self._noted = 0.0

    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        note_sides()  # whose HTTP/2 reset ended a flow, which mitmproxy's error message does not say
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
            "capture_shape_only",
            bool,
            False,
            "Store only each exchange's features (replay.shape.columns.Shape), no bodies.",
        )
        loader.add_option(
            "capture_on_write_error",
            str,
            "stop",
            "When recording fails: stop serving at once (stop), or serve on unrecorded, saying so (passthrough).",
            choices=["stop", "passthrough"],
        )
        loader.add_option(
            "capture_hold",
            str,
            "written",
            "What a response waits for before it goes on: its exchange written (written), or handed to the"
            " writers (handed: faster; a writer's failure loses the exchanges it had not written, counted).",
            choices=["written", "handed"],
        )
        loader.add_option("capture_status", str, "", "Where to announce failures and the summary (fd:N).")
        loader.add_option(
            "capture_writers", int, 0, "Writer processes that redact (0: one per core but one, at least one)."
        )

    def configure(self, updated: set[str]) -> None:
        opts = ctx.options
        if "capture_body_cap" in updated:
            if not 0 <= opts.capture_body_cap <= MAX_BODY_CAP:
                raise OptionsError(f"capture_body_cap must be 0 to {MAX_BODY_CAP} (a longer line no reader takes)")
            self.cap = opts.capture_body_cap
        if "capture_hold" in updated:
            self.handed = opts.capture_hold == "handed"
        if "capture_writers" in updated and opts.capture_writers < 0:
            raise OptionsError("capture_writers must be >= 0 (0: as many as the machine has cores, but one)")
        if "capture_include" in updated:
            self.include = filters(opts.capture_include, "capture_include")
        if "capture_exclude" in updated:
            self.exclude = filters(opts.capture_exclude, "capture_exclude")
        if "capture_redact_policy" in updated and opts.capture_redact_policy:
            # Imported here: the redaction package is the writer's (0.2 CPU-s of mitmdump's start otherwise).
            from replay.redact.policy import load_policy

            try:
                load_policy(opts.capture_redact_policy, tell_empty=False)  # bad policies fail here, at start-up
            except BadInput as e:
                raise OptionsError(str(e)) from None
        if updated & _WRITER_OPTIONS:
            self._close()
            if opts.capture_out:  # started now: a file it cannot open stops mitmdump before it listens
                n = opts.capture_writers or default_writers()
                try:
                    self.pool = WriterPool(self._writer_argv(), n, opts.capture_status, self._answered, self._fail)
                except StartFailed as e:
                    raise OptionsError(f"capture_out: {e}") from None
                # Who gives the summary, named in the capture's failure when it dies unheard (mitmdump gone first).
                announce(opts.capture_status, {"summary_from": self.pool.answers.name})

    def running(self) -> None:
        """Tell the parent the counts once a second while the proxy runs, not per exchange (a timer, not a clock
        read on every answer); listen to what mitmproxy refuses or fails before any addon sees it."""
        asyncio.get_running_loop().call_later(1.0, self._beat)
        SERVER_LOG.addHandler(self._log)

    def _beat(self) -> None:
        if not self.closed:
            self._note(force=True)
            asyncio.get_running_loop().call_later(1.0, self._beat)

    def _writer_argv(self) -> list[str]:
        opts = ctx.options
        argv = [*held_module("replay.capture.writer"), "--out", opts.capture_out, "--flush", opts.capture_flush]
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
        return self.pool is not None and self._matches(flow)

    def _matches(self, flow: http.HTTPFlow) -> bool:
        if self.include is not None and not self.include(flow):
            return False
        return not (self.exclude is not None and self.exclude(flow))

    def _passed(self, flow: http.HTTPFlow) -> None:
        """Count an exchange the filters passed through unrecorded: a filter that matches nothing is said."""
        if self.pool is not None:
            flow.metadata[_DONE] = True  # an error after its response is the same exchange
            self.filtered += 1

    def _refuse(self, flow: http.HTTPFlow) -> None:
        """``requestheaders`` once recording has stopped (stop mode), in place of holding the flow."""
        if self._wanted(flow):
            flow.metadata[_DONE] = True
            flow.kill()
            self.refused += 1
            self._note()

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Hold the flow until its response or error: one that gets neither was dropped by mitmproxy, recorded when
        its client goes (``client_disconnected``). Why: trailers after a chunked body crash mitmproxy 11's HTTP/1
        reader (NotImplementedError): a request's client got no answer and no hook said so, nothing was recorded
        or counted; a response's client got it without its end, recorded as if the client had left. A request
        mitmproxy refuses as malformed or unsafe (a bad Content-Length, both Content-Length and chunked, a CONNECT
        in reverse mode) comes here with its error set already: not held, ``error`` counts it."""
        if self.pool is not None and flow.error is None:
            self.live.setdefault(flow.client_conn.id, {})[flow.id] = flow

    def _ended(self, flow: http.HTTPFlow) -> bool:
        """Forget a flow that has come to its end; False if ``requestheaders`` never had it."""
        flows = self.live.get(flow.client_conn.id)
        return flows is not None and flows.pop(flow.id, None) is not None

    def client_disconnected(self, client: Any) -> None:
        """Record (and count) what mitmproxy took and then dropped without a response or an error."""
        for flow in list(self.live.get(client.id, {}).values()):
            if not flow.metadata.get(_DONE) and flow.error is None:  # with an error, its hook is on its way
                self.crashes.setdefault(client.peername, "no reason given")
                flow.error = Error("")
                self.error(flow)
        self.live.pop(client.id, None)
        self.crashes.pop(client.peername, None)

    def _crashed(self, flow: http.HTTPFlow, crash: str) -> None:
        """mitmproxy failed on the flow's connection (its log said so, no hook did): the flow's error says that
        first, and what came of it (its client leaving, tired of waiting) after."""
        then = flow.error.msg if flow.error is not None and flow.error.msg else ""
        flow.error = Error(f"mitmproxy failed on its own error: {crash}" + (f"; then: {then}" if then else ""))
        self._failed_by_proxy(flow, crash, flow.error.msg)

    def _failed_by_proxy(self, flow: http.HTTPFlow, why: str, said: str) -> None:
        """Count an exchange whose client mitmproxy failed (``why``, its cause; ``said``, the log's line)."""
        self.dropped += 1
        self.dropped_why = why
        log.error(f"capture: {flow.request.method} {flow.request.path[:200]}: {said}")
        self._note(force=True)

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        resp = flow.response
        if resp is None or not is_streamed(resp):
            return
        pool = self.pool
        if pool is None or self._stopping or not self._wanted(flow):
            resp.stream = True
            return
        # The writer rebuilds the body and the event timings from the chunks, as the client got them.
        cap = self.cap
        header = exchange_header(flow, streamed=True)
        header |= {"cap": cap, "meta": {"source": "capture"}}
        writer = pool.choose()
        flow.metadata[_STREAM] = writer
        pool.put(writer, frames.exchange_frame(0, header, raw_parts(flow, cap), frames.STREAM))
        start = flow.request.timestamp_start

        def tap(data: bytes) -> bytes | list[bytes]:
            if data:
                pool.put(writer, [frames.chunk(flow.id, time.time() - start, data)])
                if pool.gone and ctx.options.capture_on_write_error == "stop":
                    return []  # the client gets no more than the writer has; the flow is killed at the end
            return data

        resp.stream = tap

    def response(self, flow: http.HTTPFlow) -> asyncio.Future[None] | None:
        """The response goes on only once its exchange is written (``handed``: in the writers' pipe; in
        passthrough, regardless): mitmproxy awaits the future this returns, which the writer's answer
        (or the pipe's write) completes."""
        self._ended(flow)
        if flow.metadata.get(_DONE):
            return None
        if self.closed:  # mitmproxy still finishes flows after the addons' done: none goes out unrecorded
            if flow.killable:
                flow.kill()
            self._cut_by_stop(flow)
            return None
        if not self._wanted(flow):
            self._passed(flow)
            return None
        if (code := flow.response.status_code if flow.response else 0) < 200 and code not in (0, 101):
            # mitmproxy 11's HTTP/1 client takes an informational answer (103 Early Hints) as the final one and drops
            # the answer after it as "unexpected data": its client got only the 103. Recorded as it got it; counted.
            why = f"it took the upstream's {code} as the final response and dropped the answer after it"
            self._failed_by_proxy(flow, why, f"mitmproxy failed its client: {why}")
        assert self.pool is not None  # _wanted
        fut = self.pool.future()
        if not self._put(flow, fut):
            self._answered((flow, fut), False)
        return fut

    def error(self, flow: http.HTTPFlow) -> None:
        taken = self._ended(flow)
        if flow.metadata.get(_DONE):
            return
        if h2c_preface(flow):
            self._h2c(flow)
            return
        if self.closed:
            self._cut_by_stop(flow)
            return
        if not self._wanted(flow):
            self._passed(flow)
            return
        if crash := self.crashes.get(flow.client_conn.peername):
            self._crashed(flow, crash)
        if flow.response is None and not taken:
            # Refused by mitmproxy as it read the head: malformed or unsafe to forward (request smuggling), or a
            # CONNECT in reverse mode. Its client got mitmproxy's 400; the upstream never saw it.
            self.malformed += 1
        elif client_aborted(flow):  # not the upstream's doing: it was counted as unanswered, as if it were
            self.client_aborted += 1
        elif flow.response is not None and not crash:
            self.upstream_cut += 1
            self.last_cut = recorded_error(flow)[:500]  # the status goes in one pipe write under PIPE_BUF
        elif flow.response is None and flow.request.timestamp_end is not None:
            # No answer came to a whole request: an upstream refused, unresolved or closed before it answered.
            self.unanswered += 1
            self.last_error = flow.error.msg if flow.error is not None else ""
            self.out_of_files += OUT_OF_FILES in self.last_error  # EMFILE, ENFILE: not the upstream's doing
        if not self._put(flow, None):
            self._answered((flow, None), False)

    def _cut_by_stop(self, flow: http.HTTPFlow) -> None:
        """A flow the capture's end cut (mitmproxy ends what is in flight after the addons' ``done``, and kills
        a response that comes after it): counted, and the counts said again. Why: they were neither recorded
        nor counted; a stop with requests in flight said nothing of them, and the streams a failed capture had
        sent out in part were missing from its loss. A stream begun is the writers' (written as far as its
        client got it), unless recording had failed."""
        flow.metadata[_DONE] = True
        if not self._matches(flow):
            return
        if _STREAM in flow.metadata:
            if not self.failed:
                return
            self.unrecorded += 1  # its client got part of it
        else:
            self.cut_off += 1
        announce(ctx.options.capture_status, {"capture": {**self.status(), "final": True}})

    def _h2c(self, flow: http.HTTPFlow) -> None:
        """A client that spoke HTTP/2 without TLS (prior knowledge: gRPC over plain TCP, curl --http2-prior-knowledge):
        mitmproxy 11 reads its preface as a request 'PRI *' and closes the connection (its DisableH2C addon). Why
        counted, not recorded: it was recorded as an exchange 'PRI' that ended 'Connection killed.', counted as
        unanswered as if the upstream had failed, and nothing said that the client had been refused."""
        flow.metadata[_DONE] = True
        if self.pool is None:
            return
        if not self.h2c_refused:
            log.warning("capture: a client spoke HTTP/2 without TLS (prior knowledge), which mitmproxy refuses")
        self.h2c_refused += 1
        self._note()

    def tcp_start(self, flow: tcp.TCPFlow) -> None:
        """Count a connection mitmproxy passes through as raw TCP, which is not recorded (replay replays HTTP). Why:
        a forward proxy's CONNECT to a port that speaks no HTTP (a database, SMTP) passed through said nowhere."""
        if self.pool is not None and not self.closed:
            self.tcp_passed += 1
            self._note()

    def websocket_message(self, flow: http.HTTPFlow) -> None:
        """Count a WebSocket message, which is not recorded (replay replays HTTP; the upgrade is an
        exchange), and keep only the last one in memory (mitmproxy keeps a socket's every message until
        it closes; the last is the one the hook and the dumper read)."""
        ws = flow.websocket
        if ws is None:
            return
        wanted = flow.metadata.get(_WS)
        if wanted is None:  # the socket's first message: the filters are asked once a socket
            wanted = flow.metadata[_WS] = self._wanted(flow)
            self.websockets += wanted
        self.websocket_messages += wanted
        del ws.messages[:-1]

    def _put(self, flow: http.HTTPFlow, fut: asyncio.Future[None] | None) -> bool:
        """Hand the exchange over; False if it could not be (the pool is gone, or recording stopped)."""
        flow.metadata[_DONE] = True
        pool = self.pool
        assert pool is not None
        if self.failed and (self._stopping or pool.gone):
            return False
        writer = flow.metadata.get(_STREAM)
        streamed = writer is not None
        cap = self.cap
        header = exchange_header(flow, streamed)
        seq = pool.next_seq()
        header |= {"cap": cap, "streamed": streamed}
        header["meta"] |= {"source": "capture", "seq": seq}  # with what ``exchange_header`` said of a break
        parts = [] if streamed else raw_parts(flow, cap)
        target = pool.choose() if writer is None else writer
        # A held response: its frame goes at the end of this loop turn, with the others of the turn.
        piped = _release(fut) if self.handed and fut is not None else None
        frame = frames.exchange_frame(seq, header, parts)
        return pool.put(target, frame, seq, (flow, fut), soon=fut is not None, piped=piped)

    def _answered(self, token: object, ok: bool) -> None:
        """The writer's answer for one exchange (True: written). In stop mode a response that was not
        written is withheld (its flow killed); in passthrough it goes on, counted."""
        flow, fut = token  # type: ignore[misc]
        if ok:
            self.recorded += 1
        else:
            if not self.failed:  # an error's too (no response waits for it): heard only from a held one, the
                # proxy served on until 'replay capture' stopped it, STOP_GRACE (2 s) after the writer said it failed
                self._fail("the writer could not write an exchange (see its message)")
            stop = ctx.options.capture_on_write_error == "stop"
            held = fut is not None and not fut.done()  # its response waits for this answer
            if stop and held and flow.killable:
                flow.kill()
            if not stop or _STREAM in flow.metadata or (fut is not None and not held):
                self.unrecorded += 1  # served: in passthrough, a stream's start, or handed on before
            elif held:
                self.withheld += 1
            elif not _killed(flow):
                # An error whose client had the proxy's own answer (a refused upstream's 502, a malformed request's
                # 400), which waits for no write: served. Counted cut off "unanswered by the stop", it was not.
                self.unrecorded += 1
            else:  # killed as mitmdump shut down: no answer reached its client
                self.cut_off += 1
            self._note()
        if fut is not None and not fut.done():
            fut.set_result(None)

    def _fail(self, why: str) -> None:
        """Recording has stopped: say so once; in stop mode, take nothing more and shut down."""
        if self.failed:
            return
        self.failed = why
        log.error(f"capture: recording stopped: {why}")
        self._note(force=True)
        if ctx.options.capture_on_write_error == "stop":
            self.requestheaders = self._refuse
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
            "recorded": self.recorded,
            "unrecorded": self.unrecorded,
            "withheld": self.withheld,
            "refused": self.refused,
            "cut_off": self.cut_off,
            "filtered": self.filtered,
            "unanswered": self.unanswered,
            "client_aborted": self.client_aborted,
            "upstream_cut": self.upstream_cut,
            "last_cut": self.last_cut,
            "last_error": self.last_error,
            "out_of_files": self.out_of_files,
            "websockets": self.websockets,
            "websocket_messages": self.websocket_messages,
            "h2c_refused": self.h2c_refused,
            "tcp_passed": self.tcp_passed,
            "malformed": self.malformed,
            "unreadable": self.unreadable,
            "dropped": self.dropped,
            "dropped_why": self.dropped_why,
        }

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.pool = None

    def done(self) -> None:
        SERVER_LOG.removeHandler(self._log)
        self.closed = self.pool is not None
        self._close()
        announce(ctx.options.capture_status, {"capture": {**self.status(), "final": True}})


def _killed(flow: http.HTTPFlow) -> bool:
    """Whether the flow was killed (by mitmproxy's shutdown, or the addon): nothing more reached its client."""
    return flow.error is not None and flow.error.msg == Error.KILLED_MESSAGE


def _release(fut: asyncio.Future[None]) -> Callable[[], None]:
    """What lets a handed response go on once its exchange is in the pipe (unless answered before)."""

    def release() -> None:
        if not fut.done():
            fut.set_result(None)

    return release


addons = [Capture()]
