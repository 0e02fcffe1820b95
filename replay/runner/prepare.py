"""Plan rows + capture + scenario -> requests for the target, checked before any load starts.

Every check here raises BadInput (one line, exit 2): a plan sampled for another schedule, a
target outside the allowlist, an unset ``${ENV}``, an unsafe method the scenario does not allow,
an unreachable target. ``${ENV}`` references stay in ``Prepared`` as written and are resolved in
the runner process (``resolve_env``), so staging credentials never reach the run directory.

Identical rows (same record, no perturbation or the same perturbation and seed) share one
``Request``; rows refer to requests by index (replay.runner.prepared: the records and their file).
``shard`` cuts a worker's rows and the requests they use; ``to_message``/``from_message`` carry a
shard in Locust messages (msgpack). No locust here.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from replay.config.loader import format_duration
from replay.config.target import (
    ENV_REF,
    SAFE_METHODS,
    TOKEN,
    Policy,
    TargetConfig,
    env_names,
    host_allowed,
)
from replay.errors import BadInput
from replay.exchange.validate import header_problem, header_value_problem
from replay.runner.gate import build
from replay.runner.prepared import Prepared, Request, SendSettings
from replay.runner.runinfo import PlannedStep
from replay.shape.plan import Plan, deal, iter_requests
from replay.util.endpoints import endpoint as endpoint_of
from replay.util.endpoints import first_match, normalise_path
from replay.util.sigv4 import SIGN_ENV

if TYPE_CHECKING:  # a runner process shards and sends: the scenario's modules are the supervisor's
    from replay.config.scenario import Scenario

__all__ = [
    "Shard",
    "assignment",
    "check_belongs",
    "check_host",
    "check_reachable",
    "check_target",
    "from_message",
    "prepare",
    "raw_responses",
    "resolve_env",
    "shard",
    "shard_rows",
    "to_message",
]

# Set by the client, or meaningless on a new connection.
_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "transfer-encoding", "te", "trailer"}
    | {"upgrade", "host", "content-length", "expect"}
)
_UNSAFE_PATH = re.compile(r"[\x00-\x20\x7f]")
DOTTED = "dotted:"  # marks a refusal for a path that resolves elsewhere


def check_belongs(plan: Plan, scenario: Scenario) -> None:
    """BadInput unless ``plan`` was sampled from ``scenario``, or for the schedule its [load] asks for."""
    made = plan.header.scenario
    if made.sha256 and made.sha256 == scenario.digest:
        return
    load, have = scenario.load, plan.header.load
    want = {"model": "closed" if load.closed else "open", "mode": load.mode}
    if load.mode == "captured":
        want["speed"] = load.speed
    elif load.mode == "rate":
        want["rate"] = load.rate
    if load.mode != "captured" and not load.closed:
        want["arrival"] = load.process()[0] if load.mode == "rate" else None
    got = {k: getattr(have, k) for k in want}
    asked = [(s.rate, s.users, s.duration, load.process(s)[0] if s.rate else None) for s in load.steps]
    planned = [(s.rate, s.users, s.duration, s.arrival) for s in have.steps]
    # A single rate's duration too: '--set load.duration=10s' on a plan of 60 s ran the 60 s, nothing said.
    lasted = [s.duration for s in have.steps] if load.mode == "rate" and load.duration is not None else []
    if got != want or (load.steps and asked != planned) or (lasted and lasted != [load.duration]):
        where = made.path or "another scenario"
        raise BadInput(
            f"{plan.path}: the plan does not belong to {scenario.path}: it was sampled from {where} for a "
            f"different [load] ({_describe(have.to_json())} vs {_describe_load(scenario)}); re-sample it with "
            f"'replay sample --scenario {scenario.path}' or run it with the scenario it was made from"
        )


def _describe(load: dict[str, Any]) -> str:
    steps = load.get("steps") or []
    if load.get("mode") == "steps":
        return "steps " + ", ".join(_step(s.get("rate"), s.get("users"), s.get("duration")) for s in steps)
    if load.get("mode") == "rate" and isinstance(rate := load.get("rate"), int | float):
        lasted = [s.get("duration") for s in steps if isinstance(s, dict)]
        return f"{rate:g} requests/s" + (f" for {format_duration(lasted[0])}" if len(lasted) == 1 else "")
    if load.get("mode") == "captured" and isinstance(speed := load.get("speed"), int | float):
        return f"the captured timing at {speed:g}x"
    return f"[load] mode {load.get('mode')!r}"  # "rate speed 1.0 rate 2.0 vs captured speed 1.0 rate None" before


def _describe_load(scenario: Scenario) -> str:
    load = scenario.load
    return _describe(
        {
            "mode": load.mode,
            "speed": load.speed,
            "rate": load.rate,
            "steps": [{"rate": s.rate, "users": s.users, "duration": s.duration} for s in load.steps]
            or ([{"duration": load.duration}] if load.duration is not None else []),
        }
    )


def _step(rate: float | None, users: int | None, duration: float | None) -> str:
    return (f"{rate:g}/s" if rate else f"{users} users") + f" for {format_duration(duration)}"


def check_host(scenario: Scenario) -> None:
    """BadInput when [target] base_url names a host off target.allow_hosts (none named: nothing to check)."""
    target = scenario.target
    u = urlsplit(target.base_url)
    if target.base_url and not host_allowed(u.hostname or "", u.port, target.allow_hosts):
        allowed = ", ".join(target.allow_hosts) or "nothing"
        raise scenario.error(
            "target.base_url",
            f"host {u.hostname} is not in target.allow_hosts ({allowed}); add it there only if it is a rehearsal host",
        )


def check_target(scenario: Scenario) -> None:
    """BadInput unless [target] names a base URL on an allowed host and every ``${ENV}`` is set."""
    target = scenario.target
    if not target.base_url:
        raise scenario.error("target.base_url", "missing; give the staging URL, e.g. base_url = 'http://staging:8080'")
    check_host(scenario)
    for var in SIGN_ENV if target.sign else ():
        if not os.environ.get(var, "").strip():  # an empty key signs every request wrong: staging refuses them all
            said = "is empty" if var in os.environ else "is not set in the environment"
            raise scenario.error("target.sign", f"{var} {said}; export staging's AWS credentials before the run")
    for var in (*SIGN_ENV, "AWS_SESSION_TOKEN") if target.sign else ():
        if problem := _env_value_problem(var, os.environ):
            raise scenario.error("target.sign", problem)
    for kind, rules in (("set", target.headers.set), ("replace", target.headers.replace)):
        for name, value in rules.items():
            for var in env_names(value):
                if var not in os.environ:
                    raise scenario.error(
                        f"target.headers.{kind}.{name}",
                        f"${{{var}}} is not set in the environment; export {var} before the run",
                    )
                if problem := _env_value_problem(var, os.environ):
                    raise scenario.error(f"target.headers.{kind}.{name}", problem)


def _env_value_problem(var: str, environ: Mapping[str, str]) -> str:
    """What is wrong with the variable ``var`` as a part of a header value ("" when nothing is): a line break or a
    NUL. Why: ``AWS_ACCESS_KEY_ID`` with a newline (a value pasted with its line end) went onto the wire inside the
    Authorization header, cut into two header lines; a ``${VAR}`` in [target.headers] too. The value is never
    shown: it is a secret."""
    problem = header_value_problem(environ.get(var, ""))
    return f"{var} {problem}; set it again (pasted with its line end?)" if problem else ""


def check_reachable(base_url: str, timeout: float) -> None:
    """BadInput if nothing accepts a TCP connection at the target."""
    u = urlsplit(base_url)
    port = u.port or (443 if u.scheme == "https" else 80)
    try:
        socket.create_connection((u.hostname, port), timeout=timeout).close()
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise BadInput(
            f"target {base_url} is unreachable ({reason}); start it or fix [target] base_url in the scenario"
        ) from None


def _apply_rules(headers: list[tuple[str, str]], scenario: Scenario) -> list[tuple[str, str]]:
    rules = scenario.target.headers
    drop = {n.lower() for n in rules.drop} | _HOP | {n.lower() for n in rules.set}
    replace = {n.lower(): v for n, v in rules.replace.items()}
    out = [
        (k, replace.get(k.lower(), v))
        for k, v in headers
        if k.lower() not in drop and not k.startswith(":")  # HTTP/2 pseudo-headers
    ]
    return _one_cookie(out) + list(rules.set.items())


def _one_cookie(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The cookie fields as one, joined by "; " where the first stood. Why: HTTP/2 clients send each cookie in a
    field of its own (RFC 9113 8.2.3, which says to join them so before HTTP/1.1), and the capture records them as
    they came; replayed over HTTP/1.1 as several Cookie lines (RFC 6265 5.4 allows one), a server reads only one."""
    at = [i for i, (k, _) in enumerate(headers) if k.lower() == "cookie"]
    if len(at) < 2:
        return headers
    joined, later = "; ".join(headers[i][1] for i in at), set(at[1:])
    return [(k, joined) if i == at[0] else (k, v) for i, (k, v) in enumerate(headers) if i not in later]


def _check_wire(record: int, method: str, path: str, headers: list[tuple[str, str]]) -> None:
    """The client writes requests as they are: nothing that would break the request line or a header."""
    if not TOKEN.fullmatch(method) or _UNSAFE_PATH.search(path):
        raise BadInput(f"capture record {record}: {method} {path[:80]!r} cannot go on a request line")
    if problem := header_problem(headers):
        raise BadInput(f"capture record {record}: {problem}")


def _unsafe_refusal(target: TargetConfig, method: str, raw_path: str, ep: str) -> str:
    """Why a request may not be replayed ("" when it may). ``allow_unsafe`` globs match the path the
    target resolves; an unsafe request whose path resolves to another (dot segments, ``%2e``) is
    refused whatever the globs say: ``POST /v1/chat/../../admin/users/4/delete`` is not a chat."""
    if method.upper() in SAFE_METHODS:
        return ""
    resolved = normalise_path(raw_path)
    if resolved != raw_path:
        return f"{DOTTED}{method} {raw_path[:120]} (resolves to {resolved[:120]})"
    return "" if target.unsafe_allowed(endpoint_of(method, resolved)) else ep


def _refused(plan: Plan, refused: dict[str, int]) -> BadInput:
    total = sum(refused.values())
    dotted = {k: n for k, n in refused.items() if k.startswith(DOTTED)}
    if dotted:
        what, count = max(dotted.items(), key=lambda kv: kv[1])
        return BadInput(
            f"{plan.path}: {total:,} rows use unsafe methods, some on paths that resolve elsewhere (e.g. {count:,} x "
            f"{what.removeprefix(DOTTED)}); such rows are never replayed: set skip_disallowed = true to skip them"
        )
    ep, count = max(refused.items(), key=lambda kv: kv[1])
    return BadInput(
        f"{plan.path}: {total:,} rows use unsafe methods the scenario does not allow "
        f"(e.g. {count:,} x {ep}); add the endpoint to [target] allow_unsafe if staging may take these "
        "writes, or set skip_disallowed = true to skip them"
    )


def _distinct_requests(plan: Plan) -> tuple[list[int], np.ndarray]:
    """The first row of each distinct request, in the order they come, and each row's request index. One request
    per (record, perturbation, its seed), built once from its first row: a plan's rows repeat a few records, and
    building every row's request cost ~5 us a row."""
    pert = plan["perturbation"].astype(np.int64)
    keys = np.stack([plan["record"].astype(np.int64), pert, np.where(pert != 0, plan["seed"], 0).astype(np.int64)], 1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)  # the requests in the order their first rows come
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    req_col = rank[inverse.reshape(-1)] if len(plan) else np.empty(0, dtype=np.int32)
    return first[order].tolist(), req_col


def _skipped(plan: Plan, target: TargetConfig, refusal: list[str], req_col: np.ndarray) -> np.ndarray:
    """Each row's skip flag: its request's method may not be replayed (``refusal``, one reason a request, "" when
    it may). Such rows refuse the whole plan (BadInput, counted by reason) unless ``skip_disallowed`` says skip."""
    uses = np.bincount(req_col, minlength=len(refusal)).tolist()
    refused: dict[str, int] = {}
    for why, count in zip(refusal, uses, strict=True):
        if why:
            refused[why] = refused.get(why, 0) + count
    skip = np.array([bool(why) for why in refusal], dtype=bool)[req_col] if refusal else np.zeros(len(plan), dtype=bool)
    if refused and not target.skip_disallowed:
        raise _refused(plan, refused)
    return skip


def prepare(scenario: Scenario, plan: Plan, capture: str | Path | None = None) -> Prepared:
    """Requests for the target from ``plan``'s rows (reads the capture, applies perturbations and rules)."""
    target, client = scenario.target, scenario.client
    base = target.base_url.rstrip("/")
    prefix = urlsplit(base).path
    n = len(plan)
    requests: list[Request] = []
    policies: list[Policy] = []
    policy_of: dict[str, int] = {}
    refusal: list[str] = []  # per request: why its method may not be replayed ("" when it may)
    first_rows, req_col = _distinct_requests(plan)
    for pr in iter_requests(plan, capture, first_rows):
        ep = endpoint_of(pr.method, pr.url)
        if ep not in policy_of:
            policy = client.policy(ep)
            if policy not in policies:
                policies.append(policy)
            policy_of[ep] = policies.index(policy)
        u = urlsplit(pr.url)
        path = prefix + (u.path or "/") + (f"?{u.query}" if u.query else "")
        headers = _apply_rules(pr.headers, scenario)
        _check_wire(pr.record, pr.method, path, headers)
        requests.append(Request(pr.method, path, headers, pr.body or None, ep, policy_of[ep]))
        refusal.append(_unsafe_refusal(target, pr.method, u.path or "/", ep))
    skip = _skipped(plan, target, refusal, req_col)
    cols = {
        "row": np.arange(n, dtype=np.int64),
        "req": req_col,
        "offset": np.asarray(plan["offset"], dtype=np.float64),
        "step": np.asarray(plan["step"], dtype=np.int16),
        "family": np.asarray(plan["family"]),
        "perturbation": np.asarray(plan["perturbation"]),
        "record": np.asarray(plan["record"], dtype=np.int64),
        "session": np.asarray(plan["session"], dtype=np.int64),
        "skip": skip,
    }
    load = plan.header.load
    return Prepared(
        base_url=base,
        requests=requests,
        columns=cols,
        vocab={"family": plan.vocab("family"), "perturbation": plan.vocab("perturbation")},
        policies=policies or [client.policy("* /")],
        steps=[PlannedStep.from_json(s.to_json()) for s in load.steps],
        model=load.model,
        settings=SendSettings(
            id_header=target.id_header,
            release_headers=[h.lower() for h in target.release_headers],
            max_in_flight=client.max_in_flight,
            connections=client.connections,
            keep_body=client.keep_body,
            seed=client.seed,
            raw_responses=list(target.raw_responses),
            on_worker_loss=scenario.run.on_worker_loss,
            sign=target.sign,
            sign_endpoints=list(target.sign_endpoints),
        ),
    )


def raw_responses(prepared: Prepared) -> Callable[[int], bool]:
    """Whether a row's response goes to responses.jsonl unredacted ([target] raw_responses)."""
    globs = prepared.settings.raw_responses
    raw = [first_match(r.endpoint, globs) is not None for r in prepared.requests]
    if not any(raw):
        return lambda row: False
    req = prepared.columns["req"].tolist()  # asked once a response: lists index faster than arrays
    return lambda row: raw[req[row]]


def resolve_env(prepared: Prepared | Shard, environ: dict[str, str], where: str = "the runner's") -> None:
    """Substitute ``${NAME}`` in header values, in place; BadInput names an unset variable.

    Each process that sends resolves its own (a worker on another host from its own environment),
    so credentials never travel between processes. The values substituted go to
    ``settings.secrets`` (in memory only), so that responses which echo them are scrubbed before
    they are written.
    """
    secrets: set[str] = set()

    def sub(m: re.Match[str]) -> str:
        try:
            value = environ[m.group(1)]
        except KeyError:
            raise BadInput(f"${{{m.group(1)}}} is not set in {where} environment; export it there") from None
        if problem := _env_value_problem(m.group(1), environ):
            raise BadInput(f"{problem} in {where} environment")
        secrets.add(value)
        return value

    cache: dict[str, str] = {}
    for req in prepared.requests:
        for j, (k, v) in enumerate(req.headers):
            if "${" in v:
                if v not in cache:
                    cache[v] = ENV_REF.sub(sub, v)
                req.headers[j] = (k, cache[v])
    if prepared.settings.sign:  # the signing credentials: each process's own, scrubbed from what a target echoes
        for var in SIGN_ENV:
            if var not in environ:
                raise BadInput(f"{var} is not set in {where} environment; [target] sign needs it: export it there")
            secrets.add(environ[var])
        for var in (*SIGN_ENV, "AWS_SESSION_TOKEN"):
            if problem := _env_value_problem(var, environ):
                raise BadInput(f"{problem} in {where} environment")
        secrets.add(environ.get("AWS_SESSION_TOKEN", ""))
    prepared.settings.secrets = sorted(x for x in secrets if len(x) >= 4)


@dataclass
class Shard:
    """One worker's rows (``req`` indexes this shard's ``requests``) and what it needs to send them."""

    worker: int
    workers: int
    base_url: str
    requests: list[Request]
    columns: dict[str, np.ndarray]
    vocab: dict[str, list[str]]
    policies: list[Policy]
    steps: list[PlannedStep]
    model: str
    settings: SendSettings
    run_id: str = ""
    as_worker: int | None = None  # rows taken over from a lost worker: run its share of closed-step users

    def __len__(self) -> int:
        return len(self.columns["row"])

    @property
    def users_of(self) -> int:
        """The worker whose share of a closed step's users this shard runs."""
        return self.worker if self.as_worker is None else self.as_worker


def assignment(prepared: Prepared, workers: int) -> np.ndarray:
    """The worker of each plan row (plan.deal: sessions stay whole); -1 for a skipped row, which the
    runner records itself."""
    return np.where(prepared.columns["skip"], -1, deal(prepared.columns["session"], workers))


def shard(prepared: Prepared, worker: int, workers: int, run_id: str = "", holder: np.ndarray | None = None) -> Shard:
    """The sendable rows of ``worker`` of ``workers``, and the requests they use; ``holder``: their ``assignment``,
    when the caller has it (dealing a million rows takes ~0.25 CPU-s)."""
    if holder is None:
        holder = assignment(prepared, workers)
    return shard_rows(prepared, np.flatnonzero(holder == worker), worker, workers, run_id)


def shard_rows(
    prepared: Prepared, rows: np.ndarray, worker: int, workers: int, run_id: str = "", as_worker: int | None = None
) -> Shard:
    """Plan rows ``rows`` (indices, in order) as a shard for ``worker``, with the requests they use."""
    cols = prepared.columns
    used, local = np.unique(cols["req"][rows], return_inverse=True)
    sub = {k: v[rows] for k, v in cols.items() if k not in ("session", "skip")}
    sub["req"] = local.astype(np.int32)
    return Shard(
        worker=worker,
        workers=workers,
        base_url=prepared.base_url,
        requests=[prepared.requests[k] for k in used],
        columns=sub,
        vocab=prepared.vocab,
        policies=prepared.policies,
        steps=prepared.steps,
        model=prepared.model,
        settings=prepared.settings,
        run_id=run_id,
        as_worker=as_worker,
    )


def to_message(sh: Shard) -> dict[str, Any]:
    """The shard as msgpack-able data (Locust's custom messages)."""
    return {
        "worker": sh.worker,
        "workers": sh.workers,
        "base_url": sh.base_url,
        "requests": [[r.method, r.path, r.headers, r.body, r.endpoint, r.policy] for r in sh.requests],
        "columns": {k: [v.dtype.str, v.tobytes()] for k, v in sh.columns.items()},
        "vocab": sh.vocab,
        "policies": [asdict(p) for p in sh.policies],
        "steps": [s.to_json() for s in sh.steps],
        "model": sh.model,
        "settings": sh.settings.to_json() | {"secrets": []},  # never leave their process
        "run_id": sh.run_id,
        "as_worker": sh.as_worker,
        "replay": build(),  # a worker of another build refuses it (gate.master_version_problem)
    }


def from_message(data: dict[str, Any]) -> Shard:
    """A shard back from ``to_message``'s data."""
    return Shard(
        worker=data["worker"],
        workers=data["workers"],
        base_url=data["base_url"],
        requests=[Request(m, p, [(k, v) for k, v in h], b, e, pol) for m, p, h, b, e, pol in data["requests"]],
        columns={k: np.frombuffer(buf, dtype=np.dtype(dt)).copy() for k, (dt, buf) in data["columns"].items()},
        vocab=data["vocab"],
        policies=[Policy(**p) for p in data["policies"]],
        steps=[PlannedStep.from_json(s) for s in data["steps"]],
        model=data["model"],
        settings=SendSettings.from_json(data["settings"]),
        run_id=data["run_id"],
        as_worker=data.get("as_worker"),
    )
