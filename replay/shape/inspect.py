"""``replay inspect``: what a capture holds (endpoints, status mix, latency, sizes, clients' retries, the requests
that offer the model tools, redactions)."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.loader import format_duration
from replay.console import Tick, counted, held_warnings, one_line, progress, rich_console, untold
from replay.exchange.format import head_not_passed_on
from replay.exchange.read import ReadStats, iter_raw, no_exchanges
from replay.exchange.retries import RetrySpotter
from replay.util.endpoints import endpoint
from replay.util.stats import describe
from replay.util.wire import TOOL_LISTS, offered_tools

__all__ = ["Calls", "CaptureReport", "StreamStats", "ToolStats", "inspect_capture", "print_inspect"]

PERCENTILES = (50, 90, 99)


@dataclass(slots=True)
class StreamStats:
    """The streamed responses of a capture: how many, of which kind, and their first event."""

    count: int
    kinds: dict[str, int]  # sse, ndjson, ... -> responses
    first_event_ms: dict[str, float | None]  # p50, p90, p99, max


# Whether production's answer in a capture record calls a tool (None: no answer to read): the judge's reader of
# replies (``judge.reply.calls_tool``), given by the command, which may import it
Calls = Callable[[dict[str, Any]], bool | None]


@dataclass(slots=True)
class ToolStats:
    """The requests that offer the model tools (an agent's calls, which ``stratify = ["family", "tools"]`` keeps
    apart), and of their answers read (None: not read), how many call one."""

    offered: int = 0
    answered: int | None = None
    called: int | None = None


@dataclass(slots=True)
class CaptureReport:
    file: str
    exchanges: int
    span: dict[str, float | None]
    endpoints: dict[str, int]
    status: dict[str, int]
    latency_ms: dict[str, float | None]
    ttfb_ms: dict[str, float | None]
    body_bytes: dict[str, dict[str, float | None]]
    streams: StreamStats
    redactions: dict[str, int]
    bad_lines: int = 0
    torn_tail: bool = False
    errors: dict[str, int] = field(default_factory=dict)
    retries: dict[str, int] = field(default_factory=dict)  # clients' retries of an earlier exchange, by header
    cut: dict[str, int] = field(default_factory=dict)  # request, response -> bodies not whole: cut, or binary dropped
    protocols: dict[str, int] = field(default_factory=dict)  # the clients' HTTP versions (HTTP/1.1, HTTP/2.0)
    broken: dict[str, int] = field(default_factory=dict)  # exchanges that broke off, by who broke them (``_broken``)
    tools: ToolStats = field(default_factory=ToolStats)


def _pcts(values: list[float], scale: float = 1.0) -> dict[str, float | None]:
    """p50, p90, p99 (exact nearest-rank, as the report's) and max of ``values * scale``, to 3 decimals."""
    got = describe(np.asarray(values, dtype=np.float64) * scale, PERCENTILES)
    return {k: None if v is None else round(v, 3) for k, v in got.items() if k != "n"}


def _sizes(values: list[int]) -> dict[str, float | None]:
    return _pcts([float(v) for v in values]) | {"total": float(sum(values))}


@dataclass(slots=True)
class _Tally:
    """The running figures of a capture's records: ``add`` one record, ``close`` into a report."""

    endpoints: Counter[str] = field(default_factory=Counter)
    status: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    redactions: Counter[str] = field(default_factory=Counter)
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    ttfb: list[float] = field(default_factory=list)
    req_sizes: list[int] = field(default_factory=list)
    resp_sizes: list[int] = field(default_factory=list)
    first_event: list[float] = field(default_factory=list)
    stream_kinds: Counter[str] = field(default_factory=Counter)
    retries: RetrySpotter = field(default_factory=RetrySpotter)
    cut: Counter[str] = field(default_factory=Counter)
    protocols: Counter[str] = field(default_factory=Counter)
    broken: Counter[str] = field(default_factory=Counter)
    calls: Calls | None = None
    tools: ToolStats = field(default_factory=ToolStats)

    def add(self, d: dict[str, Any]) -> None:
        """Count one capture record (as read, not yet an ``Exchange``)."""
        req = d["request"]
        self.endpoints[endpoint(req["method"], req["url"])] += 1
        self.protocols[req.get("http_version", "HTTP/1.1")] += 1
        t = d["timings"]
        self.starts.append(t["start"])
        self.ends.append(t["start"] + (t.get("total") or 0.0))
        if t.get("total") is not None:
            self.total.append(t["total"])
        if t.get("ttfb") is not None:
            self.ttfb.append(t["ttfb"])
        body = req.get("body") or {}
        self.req_sizes.append(body.get("size", 0))
        meta = d.get("meta") or {}
        self.cut["request"] += bool(body.get("truncated")) or bool(meta.get("request_incomplete"))
        resp = d.get("response")
        if lost := head_not_passed_on(resp, d.get("error"), d.get("stream"), meta):
            resp = None  # an older capture's upstream head its client never got: it got the proxy's 502
        if d.get("error") is not None and (why := _broken(meta, lost)):
            self.broken[why] += 1
        if resp is None:
            self.status["error"] += 1
            self.errors[str(d.get("error"))] += 1
        else:
            self.status[str(resp["status"])] += 1
            body = resp.get("body") or {}
            self.resp_sizes.append(body.get("size", 0))
            self.cut["response"] += bool(body.get("truncated"))
        if st := d.get("stream"):
            self.stream_kinds[st["kind"]] += 1
            if st.get("first_event") is not None:
                self.first_event.append(st["first_event"])
        self.redactions.update(d.get("redactions") or {})
        if _offers_tools(req.get("body")):
            self._offered(d)
        self.retries.retry(req.get("headers") or [], req["method"], req["url"], 0 if resp is None else resp["status"])

    def _offered(self, d: dict[str, Any]) -> None:
        """Count a request that offers tools, and whether its answer calls one when answers are read."""
        tools = self.tools
        tools.offered += 1
        if self.calls is not None and (called := self.calls(d)) is not None:
            tools.answered = (tools.answered or 0) + 1
            tools.called = (tools.called or 0) + called

    def close(self, path: Path, stats: ReadStats) -> CaptureReport:
        """The report of every record added, and of what the reader skipped (``stats``)."""
        starts, ends = self.starts, self.ends
        return CaptureReport(
            file=str(path),
            exchanges=stats.records,
            span={
                "start": min(starts) if starts else None,
                "end": max(ends) if ends else None,
                "seconds": round(max(ends) - min(starts), 3) if starts else None,
            },
            endpoints=dict(self.endpoints.most_common()),
            status=dict(sorted(self.status.items())),
            latency_ms=_pcts(self.total, 1000),
            ttfb_ms=_pcts(self.ttfb, 1000),
            body_bytes={"request": _sizes(self.req_sizes), "response": _sizes(self.resp_sizes)},
            streams=StreamStats(
                sum(self.stream_kinds.values()), dict(self.stream_kinds), _pcts(self.first_event, 1000)
            ),
            redactions=dict(self.redactions.most_common()),
            bad_lines=stats.bad_lines,
            torn_tail=stats.torn_tail,
            errors=dict(self.errors.most_common()),
            retries=self.retries.counts,
            cut={k: v for k, v in self.cut.items() if v},
            protocols=dict(self.protocols.most_common()),
            broken=dict(self.broken.most_common()),
            tools=self.tools,
        )


# A body that names none of the keys tools sit under offers none: not parsed to see
_TOOL_KEY = re.compile("|".join(re.escape(f'"{path[0]}"') for path in TOOL_LISTS))


def _offers_tools(body: dict[str, Any] | None) -> bool:
    """Whether a capture record's request body offers the model tools (``wire.offered_tools``)."""
    text = body.get("text") if body and body.get("encoding") == "utf8" else None
    if not text or text[:1] != "{" or _TOOL_KEY.search(text) is None:
        return False
    with contextlib.suppress(orjson.JSONDecodeError):  # a body cut at the capture's cap
        return offered_tools(orjson.loads(text)) is not None
    return False


def inspect_capture(
    path: Path, skip_bad: bool = False, tick: Tick = untold, calls: Calls | None = None
) -> CaptureReport:
    """Read a capture once and summarise it; ``tick`` told how many exchanges are read; ``calls`` reads whether the
    answers of requests that offer tools call one (None: not read)."""
    stats = ReadStats()
    read = None if calls is None else 0
    tally = _Tally(calls=calls, tools=ToolStats(0, read, read))
    with held_warnings():  # a shard's torn tail, said only if no later shard's error ends the read
        for d in counted(iter_raw(path, skip_bad=skip_bad, stats=stats), tick):
            tally.add(d)
        if not stats.records:
            raise no_exchanges(path, stats)
    return tally.close(path, stats)


def _broken(meta: dict[str, Any], lost: bool) -> str:
    """Who broke off an exchange that ended in an error, as its record says ("" for none of these); ``lost``: its
    response is an upstream's head its client never got."""
    if meta.get("client_aborted"):
        return "client"
    if lost or meta.get("upstream_response") is not None or meta.get("response_incomplete"):
        return "upstream"
    return ""


def _tools(t: ToolStats, exchanges: int) -> str:
    """The line of the requests that offer tools: their share, and of their answers, those that call one."""
    said = (
        f"{t.offered} requests offer the model tools ({t.offered / exchanges:.1%}: an agent's calls; "
        'stratify = ["family", "tools"] keeps their share)'
    )
    return said + (f"; {t.called} of {t.answered} answers call one" if t.answered else "")


def _fmt(d: dict[str, float | None], unit: str, digits: int = 1) -> str:
    return "  ".join(f"{k} {'-' if v is None else f'{v:.{digits}f}'}{unit}" for k, v in d.items())


# The most endpoints the table lists, the most used first: a capture of 50,000 distinct paths printed a table
# of 50,000 lines (38 s); the rest are one line, and all of them in 'inspect --json'.
ENDPOINTS_SHOWN = 40


def print_inspect(path: Path, skip_bad: bool = False, calls: Calls | None = None) -> CaptureReport:
    """Print the summary of a capture on the terminal (``calls`` as ``inspect_capture``'s); returns it."""
    from rich.table import Table
    from rich.text import Text

    with progress(f"reading {path}", unit="exchanges") as tick:
        r = inspect_capture(path, skip_bad, tick, calls)
    # Everything printed here comes from the capture: no rich markup in it is interpreted.
    console = rich_console(highlight=False, soft_wrap=True, markup=False)
    span = format_duration(r.span["seconds"])
    console.print(Text.assemble((one_line(r.file), "bold"), f": {r.exchanges} exchanges over {span}"))
    table = Table("endpoint", "count", "share", box=None, pad_edge=False)
    shown = list(r.endpoints.items())
    for name, n in shown[:ENDPOINTS_SHOWN]:
        table.add_row(one_line(name), str(n), f"{n / max(r.exchanges, 1):.1%}")  # a path may hold ESC
    if rest := shown[ENDPOINTS_SHOWN:]:
        n = sum(n for _, n in rest)
        table.add_row(f"{len(rest):,} more endpoints (inspect --json lists them)", str(n), f"{n / r.exchanges:.1%}")
    console.print(table)
    console.print("status        " + one_line("  ".join(f"{k}: {v}" for k, v in r.status.items())))
    console.print("latency       " + _fmt(r.latency_ms, " ms"))
    console.print("ttfb          " + _fmt(r.ttfb_ms, " ms"))
    console.print("request body  " + _fmt(r.body_bytes["request"], " B", 0))
    console.print("response body " + _fmt(r.body_bytes["response"], " B", 0))
    if set(r.protocols) - {"HTTP/1.1"}:  # production's clients spoke another HTTP than the one a replay sends
        said = one_line(", ".join(f"{k}: {v}" for k, v in r.protocols.items()))
        console.print(f"protocols     {said} (a replay sends HTTP/1.1, a connection a request in flight)")
    if r.streams.count:
        console.print(f"streams       {r.streams.count}  first event " + _fmt(r.streams.first_event_ms, " ms"))
    if r.tools.offered:
        console.print("tools         " + _tools(r.tools, r.exchanges))
    if r.retries:
        said = ", ".join(f"{k}: {v}" for k, v in sorted(r.retries.items()))
        console.print(f"retries       {sum(r.retries.values())} clients' retries of an earlier exchange ({said})")
    if sockets := r.status.get("101", 0):
        console.print(f"websockets    {sockets} upgrade(s), their messages not recorded (sample never draws them)")
    if r.broken:
        console.print(
            f"broken off    {r.broken.get('upstream', 0)} answers the upstream broke off (their clients got the "
            f"proxy's 502, or a stream as far as it came), {r.broken.get('client', 0)} exchanges their clients gave "
            "up on"
        )
    if r.cut:
        said = " and ".join(f"{n} {side}" for side, n in r.cut.items())
        drawn = " (sample never draws those requests)" if r.cut.get("request") else ""
        why = "cut at the body cap, binary and dropped, or never sent whole"
        console.print(f"cut bodies    {said} bodies not whole ({why}){drawn}")
    console.print("redactions    " + one_line(", ".join(f"{k}: {v}" for k, v in r.redactions.items()) or "none"))
    if r.bad_lines or r.torn_tail:
        console.print(f"skipped       {r.bad_lines} corrupt lines" + ("; torn last line" if r.torn_tail else ""))
    return r
