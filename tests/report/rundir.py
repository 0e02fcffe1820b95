"""Write run directories in the runner's format (replay/runner/results.py), from rows described in tests.

    run = write_run(tmp_path / "run", [Row(family="long", answer="..."), Row(outcome="timeout")],
                    scenario=SCENARIO)

Each Row becomes one capture record (its prompt and production's answer, ``baseline``), one Result and
one response (JSON ``{"answer": ...}`` or an SSE stream of ``delta`` events and ``done``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.sources import capture_digest
from replay.exchange.write import CaptureWriter
from replay.runner.results import Result, ResultWriter
from replay.runner.rundir import SCENARIO, write_scenario
from replay.runner.runinfo import CaptureRef, Counts, PlanRef, RunInfo, ScenarioRef, Status, StepStats, write_info
from replay.util.gaps import row_figures

__all__ = ["Row", "sse", "write_run"]

URL = "http://prod.example/api/assist"
ENDPOINT = "POST /api/assist"
SAME = object()  # production answered the same


def sse(texts: list[str], end: str | None = "done", final: dict[str, Any] | None = None) -> str:
    """An SSE body: one ``delta`` event per text, then ``end`` (``done``, ``error`` or None: cut)."""
    out = "".join(f"event: delta\ndata: {orjson.dumps({'text': t}).decode()}\n\n" for t in texts)
    if end == "done":
        out += f"event: done\ndata: {orjson.dumps(final or {'fallback': False}).decode()}\n\n"
    elif end == "error":
        out += 'event: error\ndata: {"error": {"message": "model stream broke"}}\n\n'
    return out


@dataclass
class Row:
    """One planned row: its prompt, what staging answered and what production answered."""

    family: str = "typical"
    step: int = 0
    prompt: str = "How do I reset my password?"
    answer: str | None = "Open Settings, choose Security and select Reset password. The link is valid for one hour."
    outcome: str = "response"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # raw body instead of {"answer": answer}
    stream: bool = False  # answer as SSE (body may give the stream)
    completed: bool | None = None  # for streams; default: the body has its done event
    latency: float = 0.2
    first_token: float | None = None
    token_gaps: list[float] | None = None  # the stream's gaps between content events (ITL), after first_token
    attempts: int = 1
    perturbation: str = "none"
    endpoint: str = ENDPOINT
    request: dict[str, Any] | None = None  # the request body; default a chat with ``prompt``
    baseline: Any = SAME  # production's answer (SAME, a text, or None: no baseline response)
    baseline_status: int = 200
    baseline_headers: dict[str, str] = field(default_factory=dict)
    baseline_latency: float | None = None  # production's time to the last byte, as captured
    baseline_body: str | None = None  # production's raw body instead of {"answer": baseline}
    record: int | None = None  # capture record (default: its own)

    def response_body(self) -> str:
        if self.body is not None:
            return self.body
        if self.stream:
            return sse((self.answer or "").split(" ") if self.answer else [])
        return orjson.dumps({"answer": self.answer}).decode() if self.answer is not None else ""

    def response_headers(self, release: str = "candidate") -> list[list[str]]:
        ctype = "text/event-stream" if self.stream else "application/json"
        base = {"content-type": ctype, "x-model-version": "m-1", "x-release": release, "x-fallback": "false"}
        return [[k, v] for k, v in (base | self.headers).items()]


def _request_body(row: Row) -> bytes:
    body = row.request or {"messages": [{"role": "user", "content": row.prompt}], "user_id": "u1"}
    return orjson.dumps(body)


def write_run(
    path: Path,
    rows: list[Row],
    scenario: str = "",
    status: str = "complete",
    steps: list[dict[str, Any]] | None = None,
    extra_capture: list[Row] | None = None,
) -> Path:
    """A run directory (and its capture, ``path/capture.jsonl``) holding ``rows``; returns ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    capture = path / "capture.jsonl"
    writer = CaptureWriter(capture)
    records: list[Row] = [r for r in rows if r.record is None] + list(extra_capture or [])
    for i, r in enumerate(records):
        base = r.answer if r.baseline is SAME else r.baseline
        body = None if base is None else Body.from_bytes(orjson.dumps({"answer": base}))
        if r.baseline_body is not None:
            body = Body.from_bytes(r.baseline_body.encode())
        headers = [("content-type", "application/json"), ("x-model-version", "m-1"), ("x-release", "production")]
        headers += list(r.baseline_headers.items())
        req = Request("POST", URL, [("content-type", "application/json")], Body.from_bytes(_request_body(r)))
        writer.write(
            Exchange(
                f"e{i}", req, Timings(1000.0 + i, total=r.baseline_latency), Response(r.baseline_status, headers, body)
            )
        )
    writer.close()
    own = iter(range(len(records)))
    start = 2000.0
    steps = steps or [{"index": s, "start": 10.0 * s, "duration": 10.0, "rate": 10.0} for s in {r.step for r in rows}]
    as_run = write_scenario(path, scenario)
    results = ResultWriter(path)
    for i, r in enumerate(rows):
        record = r.record if r.record is not None else next(own)
        sent = r.outcome not in ("dropped", "skipped", "unsent")
        completed = (
            r.completed if r.completed is not None else ("event: done" in r.response_body() if r.stream else None)
        )
        res = Result(
            row=i,
            record=record,
            step=r.step,
            family=r.family,
            perturbation=r.perturbation,
            endpoint=r.endpoint,
            worker=0,
            intended=start + i * 0.1,
            outcome=r.outcome,
            sent=start + i * 0.1 if sent else None,
            send_lag=0.001 if sent else None,
            queued=0.0 if sent else None,
            latency=r.latency if sent else None,
            service=r.latency - 0.001 if sent else None,
            ttfb=min(r.latency, 0.05) if sent else None,
            status=r.status if r.outcome == "response" else 0,
            error={"timeout": "read timeout", "error": "connection reset"}.get(r.outcome, ""),
            attempts=r.attempts if sent else 0,
            stream=r.stream,
            first_token=r.first_token,
            completed=completed if r.stream else None,
        )
        if r.token_gaps and r.first_token is not None:
            res.deltas, res.last_token = len(r.token_gaps) + 1, r.first_token + sum(r.token_gaps)
            res.itl, res.itl_hist = row_figures(r.token_gaps)
        response = None
        if r.outcome == "response":
            body = Body.from_bytes(r.response_body().encode())
            response = [i, r.status, r.response_headers(), None if body is None else _body(body)]
        results.add(res, response)
    results.close()
    digest = capture_digest(capture)
    info = RunInfo(
        id=path.name,
        status=Status(status),
        target="http://127.0.0.1:1",
        scenario=ScenarioRef(str(path / SCENARIO), name="test", as_run=as_run),
        plan=PlanRef(str(path / "x.plan"), rows=len(rows)),
        capture=CaptureRef(str(capture), digest, len(records)),
        counts=Counts.of(len(rows), results.counts, len(rows)),
        steps=[StepStats.from_json(s) for s in steps],
        release={"x-release": ["candidate"]},
    )
    write_info(path, info)
    return path


def _body(body: Body) -> dict[str, Any]:
    return {"text": body.text, "encoding": body.encoding, "size": body.size, "truncated": body.truncated}
