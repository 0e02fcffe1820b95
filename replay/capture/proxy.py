"""Run the capture addon in mitmdump (reverse mode) as a child process, and supervise it.

mitmdump and the writer processes the addon starts (one, or a pool: redacting writers and a sink)
are one unit: all announce on the same pipe (``replay.mitm.launch.Announcements``), the addon its
counts, its failures and which process gives the summary, each writer its own failure, and at the
end the one writer (or the sink) its summary. The pipe reaches its end when all have exited, which
is when ``stop`` reads the summary. Nothing is written outside the capture file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replay.capture import frames
from replay.capture.pool import ONE_WRITER
from replay.capture.sink import tally
from replay.exchange.format import DEFAULT_BODY_CAP, Exchange
from replay.exchange.read import ReadStats, iter_raw
from replay.mitm.launch import ANNOUNCE, Announcements, Mitmdump, start_mitmdump
from replay.util.hostport import parse_upstream
from replay.util.pids import kill_same
from replay.util.procs import Child, Children, how_it_ended
from replay.util.redactkey import env_key

__all__ = ["ADDON", "CaptureOptions", "CaptureProxy", "CaptureSummary", "start_capture"]

ADDON = Path(__file__).with_name("addon.py")
H2C_REFUSED = (
    "connections refused unanswered, not recorded: their clients spoke HTTP/2 without TLS (prior knowledge), which "
    "mitmproxy does not take; have them use TLS (https://, where HTTP/2 is negotiated) or HTTP/1.1"
)
DROPPED = (
    "exchanges mitmproxy failed on its own error (their clients got no answer, or not all of it), recorded with it"
)
DRAIN_TIMEOUT = 60.0  # seconds the writer may take to write what the pipe holds once mitmdump is gone
STOP_TIMEOUT = 10.0  # seconds mitmdump gets to shut down after SIGTERM before it is killed


@dataclass(slots=True)
class CaptureOptions:
    """What the capture addon is told; see ``replay/capture/addon.py`` for each option."""

    out: Path
    flush: str = "line"
    fsync: bool = False
    body_cap: int = DEFAULT_BODY_CAP
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    redact_policy: Path | None = None
    on_write_error: str = "stop"
    writers: int = 0  # writer processes that redact; 0: one per core but one (at least one)
    hold: str = "written"  # what a response waits for: its exchange written, or handed to the writers
    upstream_ca: Path | None = None  # the PEM file of the CA (or the self-signed certificate) an upstream's chains to
    upstream_insecure: bool = False  # an HTTPS upstream's certificate not checked at all

    def mitm_options(self) -> dict[str, object]:
        """The addon's options, and mitmproxy's own for trusting the upstream (only when told: its defaults stand)."""
        trust: dict[str, object] = {"ssl_verify_upstream_trusted_ca": self.upstream_ca} if self.upstream_ca else {}
        if self.upstream_insecure:
            trust["ssl_insecure"] = True
        return trust | {
            "capture_out": self.out,
            "capture_flush": self.flush,
            "capture_fsync": self.fsync,
            "capture_body_cap": self.body_cap,
            "capture_include": list(self.include),
            "capture_exclude": list(self.exclude),
            "capture_redact_policy": self.redact_policy or "",
            "capture_on_write_error": self.on_write_error,
            "capture_writers": self.writers,
            "capture_hold": self.hold,
        }


@dataclass(slots=True)
class CaptureSummary:
    """What a capture recorded and, when recording failed, what it did not."""

    exchanges: int = 0
    bytes: int = 0
    redactions: dict[str, int] = field(default_factory=dict)
    failed: str = ""  # why recording stopped; "" when it never did
    unrecorded: int = 0  # served to clients without being recorded (passthrough; errors the proxy answered itself)
    withheld: int = 0  # answered by the upstream, not sent on because they could not be recorded
    refused: int = 0  # requests not taken once recording had stopped
    cut_off: int = 0  # in flight when the capture stopped (or failed): no answer reached their clients, unrecorded
    cut: int = 0  # streams the stop cut, recorded as far as the client got
    unredactable: int = 0  # exchanges the redactor failed on: never written
    unredactable_why: str = ""  # the last such failure (its exception's type and where)
    past_cap: int = 0  # streams that grew past the body cap: recorded up to it (meta.past_cap in each)
    past_cap_bytes: int = 0  # what came after the cap, not recorded
    past_cap_events: int = 0
    counted: bool = False  # the writer gave no summary: the counts are of the whole file (``_count``)
    filtered: int = 0  # passed through unrecorded by the include/exclude filters
    unanswered: int = 0  # recorded with an error and no response
    last_error: str = ""  # the last such error, as mitmproxy said it
    client_aborted: int = 0  # exchanges their clients gave up on: recorded, ``meta.client_aborted``
    upstream_cut: int = 0  # answers the upstream broke off: recorded as their clients got them (``meta``)
    last_cut: str = ""  # the last such break, as mitmproxy said it
    # Bodies the records hold cut, as the writer counted them (``replay inspect`` counts them so from the records):
    cut_requests: int = 0  # request bodies cut at the body cap, decoded where compressed (``truncated``)
    half_sent: int = 0  # request bodies never sent whole by clients that gave up (``meta.request_incomplete``)
    cut_responses: int = 0  # response bodies cut at the body cap (``truncated``), streams among them
    out_of_files: int = 0  # of them, failed by the proxy itself: it ran out of open files
    websockets: int = 0  # WebSockets recorded as their upgrade only
    websocket_messages: int = 0  # their messages, not recorded
    tcp_passed: int = 0  # connections passed through as raw TCP (not HTTP): not recorded
    h2c_refused: int = 0  # clients that spoke HTTP/2 without TLS, refused by mitmproxy: nothing to record
    malformed: int = 0  # requests mitmproxy refused as malformed or unsafe (a 400 to the client): recorded, its reason
    unreadable: int = 0  # requests mitmproxy refused with a 400 before it could read them: nothing to record
    dropped: int = 0  # exchanges mitmproxy failed on its own error (a crash): recorded with it
    dropped_why: str = ""  # the last such error

    def losses(self) -> str:
        """The loss in numbers, one clause each ("" when there is none)."""
        clauses = (
            (self.unrecorded, f"{self.unrecorded} exchanges served to clients but NOT recorded"),
            (self.withheld, f"{self.withheld} responses withheld from clients because they could not be recorded"),
            (self.refused, f"{self.refused} requests refused after recording stopped"),
            (self.cut_off, f"{self.cut_off} requests in flight cut off unanswered by the stop, not recorded"),
            (self.unredactable, f"{self.unredactable} exchanges dropped because they could not be redacted"),
            # counted only in the summary, which was not given: none is in the file to count
            (
                self.counted and not self.unredactable,
                "an unknown number of exchanges dropped as unredactable (the writer gave no summary)",
            ),
            (self.cut, f"{self.cut} streams recorded as far as they had got"),
            (
                self.past_cap,
                f"{self.past_cap} streams recorded up to the body cap ({self.past_cap_bytes} bytes past it)",
            ),
            (self.h2c_refused, f"{self.h2c_refused} {H2C_REFUSED}"),
            (self.dropped, f"{self.dropped} {DROPPED} ({self.dropped_why}, the last)"),
        )
        return "; ".join(clause for said, clause in clauses if said)


# What the addon's status (capture/addon.py Capture.status) says that the summary holds under the same names.
_ADDON_SAYS = ("unrecorded", "withheld", "refused", "cut_off", "filtered", "unanswered", "last_error", "websockets")
_ADDON_SAYS += ("websocket_messages", "out_of_files", "h2c_refused", "malformed", "unreadable", "dropped")
_ADDON_SAYS += ("dropped_why", "client_aborted", "upstream_cut", "last_cut", "tcp_passed")


@dataclass(slots=True)
class CaptureProxy:
    mitm: Mitmdump
    options: CaptureOptions
    upstream: str
    summary: CaptureSummary | None = None

    @property
    def url(self) -> str:
        return self.mitm.url

    @property
    def alive(self) -> bool:
        return self.mitm.child.alive

    def poll(self, timeout: float = 0.0) -> CaptureSummary:
        """Read what mitmdump and the writer announced (waiting up to ``timeout`` s); the counts so far
        (``exchanges``: those the writers said were written, as of the addon's last word, a second at most ago)."""
        self.mitm.announcements.poll(timeout)
        said = self.mitm.announcements.values.get("capture") or {}
        return self._merge(CaptureSummary(said.get("recorded", 0)))

    def _merge(self, s: CaptureSummary) -> CaptureSummary:
        v: dict[str, Any] = self.mitm.announcements.values
        cap = v.get("capture") or {}
        for name in _ADDON_SAYS:
            setattr(s, name, cap.get(name, getattr(s, name)))
        s.failed = s.failed or v.get("writer_failed") or cap.get("failed") or ""
        return s

    def stop(self) -> CaptureSummary:
        """Stop mitmdump, let the writer finish, and return what this capture recorded and lost."""
        if self.summary is not None:
            return self.summary
        child = self.mitm.child
        asked = child.alive
        ann = self.mitm.announcements
        code = _stop_reading(child, ann)
        hung = _kill_hung_writers(ann)
        ann.close()
        w = ann.values.get("writer")
        if w is not None:
            s = CaptureSummary(w["exchanges"], w["bytes"], w["redactions"], w["failed"], cut=w["cut"])
            s.unredactable, s.unredactable_why = w["unredactable"], w["unredactable_why"]
            s.past_cap, s.past_cap_bytes, s.past_cap_events = w["past_cap"], w["past_cap_bytes"], w["past_cap_events"]
            s.cut_requests, s.half_sent, s.cut_responses = w["cut_requests"], w["half_sent"], w["cut_responses"]
        else:
            s = _count(self.options.out)
        self._merge(s)
        if w is None and not s.failed:
            who = ann.values.get("summary_from", ONE_WRITER)  # a pool's sink, or the one writer
            s.failed = f"{who} {hung or 'died'} before it could say what it wrote"
        if not s.failed and (code not in (0, -signal.SIGTERM) or not asked):
            s.failed = _ended(child, code)
        self.summary = s
        return s


def _kill_hung_writers(ann: Announcements) -> str:
    """Wait ``DRAIN_TIMEOUT`` s for the writers to end; kill those that have not. What was done, said as the writer's
    end ("hung ... and was killed"), or "" when they ended. Why: a writer killed here was said to have "died", as
    if it had crashed, when it had hung and the capture had killed it."""
    began = time.monotonic()
    if ann.wait_eof(DRAIN_TIMEOUT):
        return ""
    for pid, start in {(e["writer_pid"], e.get("writer_start")) for e in ann.events if "writer_pid" in e}:
        kill_same(int(pid), start)  # not another process that got the pid of a writer ended meanwhile
    ann.wait_eof(5.0)
    return (
        f"hung (it had not finished {time.monotonic() - began:.0f} s after mitmdump stopped) and was killed (SIGKILL)"
    )


def _ended(child: Child, code: int | None) -> str:
    """Why mitmdump ended before the capture stopped it. Its own clean stop (a SIGTERM or Ctrl-C sent to mitmdump,
    not to 'replay capture') quotes none of its last words: they were the end of the traceback of a task its shutdown
    cancelled ("... await waiter | asyncio.exceptions.CancelledError"), in the capture's one error line."""
    if code in (0, -signal.SIGTERM, -signal.SIGINT):
        return (
            f"mitmdump stopped on its own ({how_it_ended(code)}: a signal sent to it, not to 'replay capture'?); "
            "stop a capture by signalling 'replay capture' (Ctrl-C, SIGTERM)"
        )
    said = child.tail(3)  # nothing when it was killed before it could say why
    return f"mitmdump ended ({how_it_ended(code)})" + (f": {said}" if said else "")


def _stop_reading(child: Child, ann: Announcements) -> int | None:
    """``child.stop()``, reading what it announces as it shuts down: the flows its end cuts are counted one by
    one (capture/addon.py ``_cut_by_stop``), and a pipe left full would block it until it was killed."""
    deadline = time.monotonic() + STOP_TIMEOUT
    if child.alive:
        with contextlib.suppress(ProcessLookupError):
            child.proc.send_signal(signal.SIGTERM)
        while child.alive and not ann.eof and time.monotonic() < deadline:
            ann.poll(0.1)
    return child.stop(max(0.1, deadline - time.monotonic()))


def _count(path: Path) -> CaptureSummary:
    """Count a capture file that its writer could not summarise (only a regular file: never a device): its
    exchanges, redactions and what the writer counts of each record (streams the end cut, bodies cut at the cap).
    Why: a writer killed mid-capture took those counts with it, and bodies the file holds cut were said nowhere."""
    s = CaptureSummary(counted=True)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return s
    except OSError:
        return s
    red: Counter[str] = Counter()
    for d in iter_raw(path, skip_bad=True, stats=ReadStats()):
        s.exchanges += 1
        red.update(d.get("redactions") or {})
        if d.get("kind") is None:  # a full record (a shape-only capture's hold no bodies to be cut)
            ex = Exchange.from_dict(d)
            tally(s, "cut" in ex.meta, frames.capped(ex))
    s.bytes = path.stat().st_size
    s.redactions = dict(red)
    return s


def start_capture(children: Children, upstream: str, listen: tuple[str, int], options: CaptureOptions) -> CaptureProxy:
    """Start a reverse proxy to ``upstream`` recording into ``options.out``; returns once it listens."""
    parse_upstream(upstream, proxied=True)
    env_key()  # the writer redacts with it: refused here in one line, not by a writer process mitmdump started
    mitm = start_mitmdump(
        children,
        "mitmdump (capture)",
        f"reverse:{upstream}",
        listen,
        scripts=[ADDON],
        # Lazy: read the request before connecting upstream, so a refused upstream is a recorded error.
        options={**options.mitm_options(), "capture_status": ANNOUNCE, "connection_strategy": "lazy"},
    )
    return CaptureProxy(mitm, options, upstream)
