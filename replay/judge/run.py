"""Judge a whole run directory: every result with its response, the request sent and production's
response to the same capture record, with the noise measured on the capture's repeated prompts.

Inputs beside results.jsonl: responses.jsonl (the responses), prepared.zip (the requests as sent,
perturbations applied) and the capture named in run.json (production's responses). A missing
capture only switches the baseline comparison off, with a note in the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.checks import Signal
from replay.config.loader import read_config
from replay.config.scenario import Scenario, parse_scenario
from replay.console import Tick, counted, untold
from replay.errors import BadInput
from replay.exchange.read import iter_raw
from replay.exchange.sources import digest_matches
from replay.judge.baseline import Noise, measure_noise
from replay.judge.classes import BUILTIN, NOT_SENT, ClassSet
from replay.judge.core import Judge
from replay.judge.reply import Reply, captured_reply, has_reply, parse_reply
from replay.judge.signals import estimate_tokens
from replay.judge.upstream import ProxyCounts, read_proxies, rerouted_by_faults
from replay.judge.verdict import Verdict
from replay.runner.prepared import Prepared, load_prepared
from replay.runner.results import Result, Run
from replay.runner.rundir import PREPARED, SCENARIO, check_scenario
from replay.runner.runinfo import NOT_RUN
from replay.shape.prompts import join_prompt, prompt_of, request_prompt
from replay.util.endpoints import endpoint as endpoint_of
from replay.util.servertiming import HEADER as SERVER_TIMING
from replay.util.servertiming import server_timing

__all__ = ["Judged", "Production", "judge_run", "production_time", "run_scenario"]

REPEATS_KEPT = 4  # production replies kept per repeated prompt, for the noise
WAITING_MAX = 32 << 20  # characters of production's bodies held unparsed, each its prompt's first (_Capture)
EXCERPT = 600  # characters of each answer kept for the report


@dataclass(frozen=True, slots=True)
class Production:
    """Production's reply to a row's capture record, as far as findings compare it: its class, the
    signals it raised, its output tokens (from usage, else estimated), the sources it cited, its answer
    length, its prompt tokens (from usage), the fallback chain's path that answered it."""

    cls: str
    signals: tuple[str, ...]
    output_tokens: int | None
    sources: tuple[str, ...] | None
    chars: int | None
    latency: float | None = None  # seconds from request to the response's last byte, as captured
    input_tokens: int | None = None
    path: str | None = None  # the fallback chain's path that answered (``[checks] path``), None: not said
    timing: dict[str, float] = field(default_factory=dict)  # Server-Timing: dependency -> seconds, as it said


@dataclass
class Judged:
    """A run's verdicts, aligned with ``results`` (sorted by row)."""

    run: Run
    scenario: Scenario
    results: list[Result]
    verdicts: list[Verdict]
    noise: Noise
    answers: list[str | None]  # head of each response's answer (or body)
    baseline_answers: list[str | None]  # head of production's answer to the same record
    baseline_classes: list[str | None]  # production's response judged on its own
    prompts: list[str | None]  # head of the prompt as sent
    prompt_chars: list[float]  # length of the prompt as sent (NaN: unknown)
    parity: dict[str, dict[str, dict[str, int]]]  # header -> production|staging -> value -> count
    notes: list[str] = field(default_factory=list)
    baseline: bool = False  # production's responses were found
    class_set: ClassSet = BUILTIN  # the classes the judge could give
    production: list[Production | None] = field(default_factory=list)  # what production's reply said, per row
    signals: list[Signal] = field(default_factory=list)  # the scenario's signals, every endpoint's
    repeat: np.ndarray | None = None  # which repetition each row belongs to (``concat``); None: one run
    runs: list[Run] = field(default_factory=list)  # every run judged (one, or one per repetition)
    # What each run's fault proxies counted (faults.json, read once here), aligned with ``runs``: the report's
    # frame and collapse analysis read them from here
    proxies: list[ProxyCounts] = field(default_factory=list)
    unstarted: int = 0  # repetitions a repeated rehearsal was to run that never started (judged --partial)

    @property
    def repeats(self) -> int:
        return len(self.runs) or 1

    def parts(self) -> list[list[Result]]:
        """The results of each repetition (one list for a single run)."""
        if self.repeat is None:
            return [self.results]
        return [[r for r, k in zip(self.results, self.repeat, strict=True) if k == i] for i in range(self.repeats)]

    @classmethod
    def concat(cls, parts: list[Judged]) -> Judged:
        """Repetitions of one plan judged as one: rows of every part, the first part's run and scenario,
        ``repeat`` telling which part each row came from."""
        first = parts[0]
        if len(parts) == 1:
            return first
        lists = ("results", "verdicts", "answers", "baseline_answers", "baseline_classes", "prompts", "prompt_chars")
        joined = {name: [x for p in parts for x in getattr(p, name)] for name in (*lists, "production")}
        parity: dict[str, dict[str, Counter[str]]] = {}
        for p in parts:
            for h, sides in p.parity.items():
                for side, counts in sides.items():
                    parity.setdefault(h, {}).setdefault(side, Counter()).update(counts)
        return cls(
            run=first.run,
            scenario=first.scenario,
            noise=first.noise,
            parity={h: {side: dict(c) for side, c in sides.items()} for h, sides in parity.items()},
            notes=list(dict.fromkeys(n for p in parts for n in p.notes)),
            baseline=first.baseline,
            class_set=first.class_set,
            signals=first.signals,
            repeat=np.concatenate([np.full(len(p.results), k, dtype=np.int64) for k, p in enumerate(parts)]),
            runs=[p.run for p in parts],
            proxies=[c for p in parts for c in p.proxies],
            **joined,
        )

    @property
    def classes(self) -> np.ndarray:
        """The class of each result (object array, ``unsent`` for rows never sent)."""
        return np.array([v.cls for v in self.verdicts], dtype=object)

    def column(self, name: str) -> np.ndarray:
        """A Result field as a numpy column (floats: None -> NaN)."""
        values = [getattr(r, name) for r in self.results]
        if all(isinstance(v, float | int | type(None)) and not isinstance(v, bool) for v in values):
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        return np.array(values, dtype=object)


def run_scenario(run: Run) -> Scenario:
    """The scenario the run was made with (its copy in the run directory); BadInput when the copy changed
    since the run."""
    path = run.path / SCENARIO
    if not path.exists():
        raise BadInput(f"{run.path}: no {SCENARIO}; give the scenario with --scenario")
    raw = read_config(path, "scenario file")
    check_scenario(run.path, raw, run.info.scenario.as_run)
    return parse_scenario(raw, path)


def _base_dir(run: Run, scenario: Scenario) -> Path:
    # Relative paths in [checks] are relative to the scenario as written, not to its copy in the run.
    original = Path(run.info.scenario.path or "")
    if scenario.path is not None and scenario.path.resolve() != (run.path / SCENARIO).resolve():
        return scenario.path.parent
    return original.parent if original.parent.is_dir() else run.path


def _capture_path(run: Run) -> tuple[Path | None, str]:
    cap = run.info.capture
    raw = cap.path if cap is not None else ""
    if cap is None or not raw:
        return None, "run.json names no capture"
    plan_dir = Path(run.info.plan.path or ".").parent
    for p in (Path(raw), plan_dir / raw, run.path / raw, run.path.parent / raw):
        if p.is_file():
            if cap.digest and not digest_matches(p, cap.digest):
                return None, f"the capture {p} changed since the plan was sampled"
            return p, ""
    return None, f"the capture {raw} is not found"


def _requests(run: Run) -> Prepared | None:
    """The requests as sent (prepared.zip: data, never code), or None when the run keeps none."""
    return load_prepared(run.path) if (run.path / PREPARED).exists() else None


def _json(body: bytes | str | None) -> Any:
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _prompt(obj: Any, body: bytes | str | None) -> tuple[str | None, float]:
    """The tail of the prompt (where the question usually is) and its length."""
    if isinstance(obj, dict):
        texts, _ = prompt_of(obj)
        if texts:
            text = join_prompt(texts)
            return text[-EXCERPT:], float(len(text))
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        return text[:EXCERPT], float(len(text))
    return None, float("nan")


def production_time(d: dict[str, Any]) -> float | None:
    """Production's time on a capture record, request to last byte (its timings' total); None: not timed."""
    total = (d.get("timings") or {}).get("total")
    return float(total) if isinstance(total, int | float) and not isinstance(total, bool) and total >= 0 else None


class _Capture:
    """Production's replies to the records a run used, and groups of repeated prompts for the noise."""

    def __init__(self, path: Path, wanted: set[int], judge: Judge):
        self.replies: dict[int, Reply] = {}
        self.requests: dict[int, Any] = {}
        self.latency: dict[int, float] = {}
        self.groups: dict[str, list[Reply]] = {}
        # A prompt's first reply is parsed once the prompt comes again: one asked once is no repeat, and parsing every
        # such reply was most of a judge's time. Till then it waits as read (its response, not its request), up to
        # WAITING_MAX characters of bodies; past that, those waiting are parsed (a capture is read once: util.inputs).
        self._waiting: dict[str, tuple[str, Reply | dict[str, Any]]] = {}  # a prompt: its endpoint, its reply
        self._held = 0
        self._judge = judge
        for i, d in enumerate(iter_raw(path)):
            if not has_reply(d):
                continue
            req = d.get("request") or {}
            ep = endpoint_of(req.get("method", "GET"), req.get("url", "/"))
            texts, _, _, obj = request_prompt(req)
            reply = None
            if i in wanted:
                reply = self.replies[i] = self._parse(d, ep)
                self.requests[i] = obj
                if (taken := production_time(d)) is not None:
                    self.latency[i] = taken
            if texts:
                self._group(f"{ep}\n{join_prompt(texts)}", ep, d, reply)

    def _parse(self, record: dict[str, Any], ep: str) -> Reply:
        reply = captured_reply(record, self._judge.answer_path(ep))
        assert reply is not None  # only records that hold one (has_reply) are read
        return reply

    def _group(self, key: str, ep: str, record: dict[str, Any], reply: Reply | None) -> None:
        """The record's reply (``reply`` when parsed already) into its prompt's group, or waiting to be."""
        group = self.groups.get(key, [])
        if len(group) >= REPEATS_KEPT:
            return
        first = self._waiting.pop(key, None)
        if first is None and not group:
            if reply is None:
                self._held += len((record["response"].get("body") or {}).get("text") or "")
            self._waiting[key] = (
                ep,
                reply if reply is not None else {k: v for k, v in record.items() if k != "request"},
            )
            if self._held > WAITING_MAX:
                self._waiting = {k: (e, self._parsed(w, e)) for k, (e, w) in self._waiting.items()}
                self._held = 0
            return
        if first is not None:
            group = self.groups[key] = [self._parsed(first[1], ep)]
        group.append(reply if reply is not None else self._parse(record, ep))

    def _parsed(self, waiting: Reply | dict[str, Any], ep: str) -> Reply:
        return waiting if isinstance(waiting, Reply) else self._parse(waiting, ep)


def judge_run(run: Run, scenario: Scenario | None = None, tick: Tick = untold) -> Judged:
    """Classify every result of ``run`` with ``scenario``'s [checks] (default: the run's own scenario);
    ``tick`` told how many are classified."""
    scenario = scenario or run_scenario(run)
    results = run.results()
    responses = run.responses_by_row(results)
    if not run.complete:  # judged --partial: a row never sent, or whose answer is lost, is no verdict on the release
        results = [r for r in results if r.outcome not in NOT_RUN and not (r.status and r.row not in responses)]
    notes: list[str] = []
    judge = Judge(scenario.checks, _base_dir(run, scenario))
    capture = _baseline(run, scenario, results, judge, notes)
    requests = _requests(run)
    if requests is None:
        notes.append(f"no {PREPARED}: requests are read from the capture, without perturbations")
    proxies = read_proxies(run)
    faulted = rerouted_by_faults(proxies)  # request ids (run/row)
    rows = _Rows([h.lower() for h in scenario.target.release_headers])
    for r in counted(results, tick):
        resp = responses.get(r.row)
        reply = None
        if resp is not None:
            reply = parse_reply(resp["status"], resp["headers"], resp["body"], judge.answer_path(r.endpoint))
        req = requests.request_of(r.row) if requests is not None else None
        body = req.body if req is not None else None
        obj = _json(body) if req is not None else (capture.requests.get(r.record) if capture else None)
        baseline = capture.replies.get(r.record) if capture is not None else None
        v = judge.classify(r, reply, obj, baseline, f"{run.info.id}/{r.row}" in faulted)
        seen = _production(judge, r.endpoint, r.family, baseline, capture.latency.get(r.record) if capture else None)
        rows.add(v, reply, baseline, seen, obj, body)
    return Judged(
        run=run,
        scenario=scenario,
        results=results,
        verdicts=rows.verdicts,
        noise=judge.noise,
        answers=rows.answers,
        baseline_answers=rows.base_answers,
        baseline_classes=[seen.cls if seen is not None else None for seen in rows.production],
        prompts=rows.prompts,
        prompt_chars=rows.chars,
        parity=rows.parity_seen(),
        notes=notes,
        baseline=capture is not None,
        class_set=judge.classes,
        production=rows.production,
        signals=scenario.checks.all_signals(),
        runs=[run],
        proxies=[proxies],
    )


def _baseline(run: Run, scenario: Scenario, results: list[Result], judge: Judge, notes: list[str]) -> _Capture | None:
    """Production's side of ``run``'s rows (its capture), when the checks compare with it; ``judge`` learns the
    capture's noise; what is missing is said in ``notes``."""
    if not scenario.checks.baseline.enabled:
        return None
    path, why = _capture_path(run)
    if path is None:
        notes.append(f"no baseline comparison: {why}")
        return None
    capture = _Capture(path, {r.record for r in results}, judge)
    judge.noise = measure_noise(capture.groups.values(), scenario.checks.baseline)
    if judge.noise.pairs == 0:
        notes.append("noise not measured: the capture holds no repeated prompts; drift uses the set thresholds")
    return capture


@dataclass
class _Rows:
    """The judged columns of a run, a row at a time (``add``), and the release headers each side answered with."""

    release: list[str]  # the release headers, lower-case
    verdicts: list[Verdict] = field(default_factory=list)
    answers: list[str | None] = field(default_factory=list)
    base_answers: list[str | None] = field(default_factory=list)
    production: list[Production | None] = field(default_factory=list)
    prompts: list[str | None] = field(default_factory=list)
    chars: list[float] = field(default_factory=list)
    parity: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parity = {h: {"production": Counter(), "staging": Counter()} for h in self.release}

    def add(
        self,
        v: Verdict,
        reply: Reply | None,
        baseline: Reply | None,
        seen: Production | None,
        obj: Any,
        body: bytes | str | None,
    ) -> None:
        """One row: its verdict, staging's and production's replies, production's side, its request."""
        self.verdicts.append(v)
        self.answers.append(_head(reply))
        self.base_answers.append(_head(baseline))
        self.production.append(seen)
        head, n = _prompt(obj, body) if v.cls != NOT_SENT else (None, float("nan"))
        if v.input_tokens is None and n == n and v.cls != NOT_SENT:  # n == n: not NaN
            v.input_tokens, v.input_estimated = max(1, round(n / 4)), True  # about four characters a token
        self.prompts.append(head)
        self.chars.append(n)
        for h in self.release:
            if reply is not None and h in reply.headers:
                self.parity[h]["staging"][reply.headers[h]] += 1
            if baseline is not None and h in baseline.headers:
                self.parity[h]["production"][baseline.headers[h]] += 1

    def parity_seen(self) -> dict[str, dict[str, dict[str, int]]]:
        """The release headers either side answered with, by value."""
        return {
            h: {side: dict(c) for side, c in sides.items()} for h, sides in self.parity.items() if any(sides.values())
        }


def _production(
    judge: Judge, endpoint: str, family: str, reply: Reply | None, latency: float | None = None
) -> Production | None:
    if reply is None:
        return None
    tokens = reply.output_tokens if reply.output_tokens is not None else estimate_tokens(reply)
    return Production(
        judge.reply_class(endpoint, reply, family),
        tuple(judge.signals_of(endpoint, reply)),
        tokens,
        judge.sources_of(endpoint, reply),
        len(reply.answer) if reply.answer is not None else None,
        latency,
        reply.input_tokens,
        judge.path_of(endpoint, reply),
        server_timing(reply.headers.get(SERVER_TIMING)),
    )


def _head(reply: Reply | None) -> str | None:
    if reply is None:
        return None
    text = reply.answer if reply.answer is not None else reply.body
    return text[:EXCERPT]
