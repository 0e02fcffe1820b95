"""Scenario files (``scenarios/*.toml``): one rehearsal, as typed sections with named defaults.

    Scenario                      top level: name, description
     ├─ sample: SampleConfig      [sample]          what ``replay sample`` draws
     │   └─ perturb: PerturbConfig [sample.perturb] perturbations applied to a share of rows
     ├─ load: LoadConfig          [load]            when rows are sent
     │   └─ steps: list[Step]     [[load.steps]]    {rate, duration} or {users, duration}
     └─ run: RunConfig            [run]             a lost worker: fail the run, or reassign its rows

The other sections live beside this module, one file each: ``[target]`` and ``[client]`` in
``target``, ``[checks]`` in ``checks``, ``[[faults]]`` in ``faults``; ``[gates]`` is a table of
thresholds parsed by the judge. ``loader.build_section`` reads them all from their type hints;
unknown keys, wrong types and failed checks are BadInput: ``FILE: KEY: reason``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from replay.config.checks import ChecksConfig
from replay.config.faults import FaultsConfig
from replay.config.loader import (
    MAX_RATE,
    MAX_REPEATS,
    Duration,
    Invalid,
    apply_overrides,
    build_section,
    check_name,
    config_text,
    given_as,
    loads_toml,
    read_config,
    typed_keys,
)
from replay.config.prices import Price
from replay.config.target import ClientConfig, TargetConfig
from replay.errors import BadInput
from replay.util.jsonpath import PromptPath

__all__ = [
    "ARRIVALS",
    "DEFAULT_BURST",
    "MAX_RATE",
    "PERTURBATIONS",
    "STRATA",
    "LoadConfig",
    "PerturbConfig",
    "RunConfig",
    "SampleConfig",
    "Scenario",
    "SearchConfig",
    "Step",
    "load_scenario",
    "parse_scenario",
    "probe_scenario",
]

# More rows than any rehearsal sends (a day at 1,000/s), and few enough that a plan fits in memory:
# a typo such as rate = 1e9 is refused here rather than failing to allocate in the sampler.
MAX_PLAN_ROWS = 100_000_000


def _check_rate(rate: float | None, duration: float | None, hint: str = "") -> None:
    """A positive, finite rate, at most ``MAX_RATE``, whose step plans no more than ``MAX_PLAN_ROWS`` rows."""
    if rate is None:
        return
    if not (math.isfinite(rate) and rate > 0):
        raise Invalid("rate", f"{rate}; give a positive rate{hint}")
    if duration is not None and rate * duration > MAX_PLAN_ROWS:
        raise Invalid(
            "rate",
            f"{rate:g}/s for {duration:g} s plans {rate * duration:.3g} rows; a plan holds at most {MAX_PLAN_ROWS:,}",
        )
    if rate > MAX_RATE:
        raise Invalid(
            "rate", f"{rate:g}/s is more than any runner sends (1,024 workers send ~2e7/s); give at most {MAX_RATE:,}"
        )


# Columns a sample can stratify by (``replay.shape.features`` computes them).
STRATA = ("family", "endpoint", "model", "length", "stream", "status", "hour", "script", "tools")
# Perturbations by name (``replay.shape.mutate`` implements them; a test keeps the two equal).
PERTURBATIONS = (
    "typos",
    "case",
    "whitespace",
    "zero_width",
    "homoglyphs",
    "markup",
    "irrelevant",
    "context",
    "language_mix",
    "truncate",
    "shorten",
    "contradiction",
    "injection",
    "code",
)


@dataclass
class PerturbConfig:
    """``[sample.perturb]``: apply a perturbation to a share of the drawn rows."""

    share: float = 0.0
    # Left out: every text perturbation (a list given empty would look like none of them).
    ops: list[str] = field(
        default_factory=list,
        metadata={"if_empty": "name perturbations to use, or leave ops out for all of them (share = 0 for none)"},
    )

    def check(self) -> None:
        if not 0.0 <= self.share <= 1.0:
            raise Invalid("share", f"{self.share} is outside 0..1")
        for op in self.ops:
            if op not in PERTURBATIONS:
                raise Invalid("ops", f"unknown perturbation {op!r}; known: {', '.join(PERTURBATIONS)}")


@dataclass
class SampleConfig:
    """``[sample]``: how many rows, drawn to which distribution."""

    size: int | None = None  # rows; default 1,000, or as many as rate steps plan
    seed: int = 0
    stratify: list[str] = field(default_factory=lambda: ["family"])
    # Target share per stratum (keys join several columns' values with "|"), or "production".
    target: dict[str, float] | Literal["production"] = "production"
    target_from: str | None = None  # a capture (shape-only or full) whose mix is the target
    prompt_path: str | None = None  # JSON path of the prompt; default: OpenAI, Anthropic, prompt/input/query/q
    session_key: str | None = None  # "header:x-session-id" or "body:user": keep sessions whole
    synthesize: bool = False  # fill missing (and top up short) families by perturbation
    perturb: PerturbConfig = field(default_factory=PerturbConfig)
    repeats: int = 1  # replay the plan this many times (``rehearse --repeat``): rates get intervals
    # Draw clients' retries too (replay.exchange.retries): by default only first attempts, for the runner's
    # [client] retries stand for the rest.
    keep_retries: bool = False

    @property
    def rows(self) -> int:
        """Rows to draw unless rate steps decide."""
        return 1000 if self.size is None else self.size

    def check(self) -> None:
        if self.size is not None and not 1 <= self.size <= MAX_PLAN_ROWS:
            raise Invalid("size", f"{self.size} rows; give 1 to {MAX_PLAN_ROWS:,}")
        if not 0 <= self.seed < 2**63:
            raise Invalid("seed", f"{self.seed} is outside 0..2**63-1")
        if not 1 <= self.repeats <= MAX_REPEATS:
            raise Invalid("repeats", f"{self.repeats}; give 1 to {MAX_REPEATS}")
        if not self.stratify:
            raise Invalid("stratify", "no columns; give at least one, e.g. ['family']")
        for col in self.stratify:
            if col not in STRATA:
                raise Invalid("stratify", f"unknown column {col!r}; columns: {', '.join(STRATA)}")
        if len(set(self.stratify)) != len(self.stratify):
            raise Invalid("stratify", "a column is named twice")
        if isinstance(self.target, dict):
            if self.target_from is not None:
                raise Invalid("target_from", "give either target shares or target_from, not both")
            if not self.target:
                raise Invalid("target", "no strata; give shares such as {typical = 0.7, long = 0.3} or 'production'")
            for key, share in self.target.items():
                if not 0.0 <= share <= 1.0:
                    raise Invalid(f"target.{key}", f"share {share} is outside 0..1")
            total = sum(self.target.values())
            if abs(total - 1.0) > 1e-6:
                raise Invalid("target", f"shares sum to {total:.6g}, not 1; adjust them so they add up to 1")
        if self.session_key is not None and not re.fullmatch(r"(header|body):\S+", self.session_key):
            raise Invalid("session_key", f"{self.session_key!r}: write 'header:NAME' or 'body:JSON.PATH'")
        if self.prompt_path is not None:
            try:
                PromptPath(self.prompt_path)
            except ValueError as e:
                raise Invalid("prompt_path", str(e)) from None


# Arrival processes of an open-model load (``replay.shape.schedule`` draws them):
#   uniform  evenly spaced, 1/rate apart: round(rate * duration) requests, exactly
#   poisson  independent arrivals: exponential gaps of mean 1/rate
#   bursty   clumps and lulls at the same mean rate: gamma gaps of mean 1/rate whose squared coefficient of
#            variation is ``burst`` (the burst factor, default 4); counts in a window then vary about ``burst``
#            times as much as Poisson counts do (burst 1 is Poisson; vLLM's --burstiness is 1/burst)
Arrival = Literal["uniform", "poisson", "bursty"]
ARRIVALS: tuple[str, ...] = Arrival.__args__  # type: ignore[attr-defined]
DEFAULT_BURST = 4.0


def _check_arrival(arrival: str | None, burst: float | None) -> None:
    if burst is not None:
        if arrival not in (None, "bursty"):
            raise Invalid("burst", f"applies to arrival = 'bursty', not {arrival!r}")
        if not 1.0 <= burst <= 1000.0:
            raise Invalid("burst", f"{burst}; give a factor from 1 (Poisson) to 1000")


@dataclass
class Step:
    """One load step: ``{rate, duration}`` (open model) or ``{users, duration}`` (closed model); a rate step
    may set its own ``arrival`` (and ``burst``), else the ``[load]`` one applies."""

    duration: Duration
    rate: float | None = None
    users: int | None = None
    arrival: Arrival | None = None
    burst: float | None = None

    def check(self) -> None:
        if self.duration <= 0:
            raise Invalid("duration", f"{self.duration} s; give a positive duration")
        if (self.rate is None) == (self.users is None):
            raise Invalid("rate", "give exactly one of rate (requests/s) or users")
        _check_rate(self.rate, self.duration)
        if self.users is not None and self.users < 1:
            raise Invalid("users", f"{self.users}; give at least 1 user")
        if self.users is not None and (self.arrival is not None or self.burst is not None):
            raise Invalid("arrival", "applies to rate steps; users steps send as fast as answers come")
        _check_arrival(self.arrival, self.burst)


@dataclass
class SearchConfig:
    """``[load] search``: find the highest rate at which every gate holds (``replay rehearse --search``;
    with ``after_steps = true``, plain ``replay rehearse`` runs the steps and then the search, one report).

    Rates go ``start``, 2x, 4x... until a probe fails a gate (or ``max``), then the bracket between the
    last passing and the first failing rate is bisected until it is within ``precision`` (10%). Each
    probe is one step of ``duration`` at one rate, judged by the scenario's gates (those without a step
    filter; with ``until = "load"`` only those on figures that move with load: latency, availability,
    amplification, load-sensitive classes); faults stay on, in the profile of the faults' step
    ``fault_step``."""

    start: float = 2.0
    max: float = 200.0
    duration: Duration = 30.0
    until: Literal["gates", "load"] = "gates"  # load: only gates on figures that move with load decide
    precision: float = 0.1  # stop when the failing rate is within this share above the passing one
    fault_step: int = 0
    after_steps: bool = False  # replay rehearse: the steps, then the search, in one rehearsal and report

    def check(self) -> None:
        if not 0 < self.start < self.max:
            raise Invalid("start", f"{self.start}; give 0 < start < max ({self.max})")
        if self.duration <= 0:
            raise Invalid("duration", f"{self.duration} s; give a positive duration")
        try:
            _check_rate(self.max, self.duration)
        except Invalid as e:
            raise Invalid("max", e.reason) from None
        if not 0.01 <= self.precision <= 1.0:
            raise Invalid("precision", f"{self.precision}; give a share from 0.01 to 1 (0.1: within 10%)")
        if self.fault_step < 0:
            raise Invalid("fault_step", f"{self.fault_step}; give a step index, 0 or more")


@dataclass
class LoadConfig:
    """``[load]``: captured timing times ``speed`` (default), a single ``rate``, or ``steps``.

    ``arrival`` is the arrival process of a rate or of rate steps (see ``ARRIVALS``); unset, a single
    rate gives Poisson arrivals and steps give uniform ones."""

    speed: float = 1.0
    rate: float | None = None
    duration: Duration | None = None  # with rate: rows = rate * duration (else the sample size)
    arrival: Arrival | None = None
    burst: float | None = None  # with arrival = "bursty": the burst factor (DEFAULT_BURST)
    steps: list[Step] = field(default_factory=list)  # empty (a probe's --set load.steps=[]): captured timing or rate
    search: SearchConfig | None = None  # the capacity search (replay rehearse --search, or after_steps)

    @property
    def mode(self) -> Literal["captured", "rate", "steps"]:
        if self.steps:
            return "steps"
        return "rate" if self.rate is not None else "captured"

    @property
    def closed(self) -> bool:
        """Closed model: steps of users rather than rates."""
        return bool(self.steps) and self.steps[0].users is not None

    def process(self, step: Step | None = None) -> tuple[str, float]:
        """The arrival process and burst factor of ``step`` (of the single rate when None)."""
        arrival = (step.arrival if step else None) or self.arrival or ("poisson" if step is None else "uniform")
        burst = (step.burst if step else None) or self.burst or DEFAULT_BURST
        return arrival, burst if arrival == "bursty" else 1.0

    def check(self) -> None:
        if not 1e-3 <= self.speed <= 1e4:
            raise Invalid("speed", f"{self.speed}; give a factor from 0.001 to 10000 (2 plays twice as fast)")
        if self.duration is not None and (self.rate is None or self.duration <= 0):
            raise Invalid("duration", "needs a rate and a positive value")
        _check_rate(self.rate, self.duration, " (requests/s)")
        _check_arrival(self.arrival, self.burst)
        if (self.arrival is not None or self.burst is not None) and self.mode == "captured":
            raise Invalid("arrival", "applies to a rate or rate steps; captured timing keeps its own arrivals")
        for i, step in enumerate(self.steps):
            if step.burst is not None and (step.arrival or self.arrival) != "bursty":
                raise Invalid(f"steps[{i}].burst", "applies to arrival = 'bursty'")
        if self.steps:
            if self.rate is not None:
                raise Invalid("rate", "give either rate or steps, not both")
            if self.speed != 1.0:
                raise Invalid("speed", "applies to captured timing; steps set their own rates")
            kinds = {s.users is None for s in self.steps}
            if len(kinds) > 1:
                raise Invalid("steps", "mixes rate steps and users steps; use one model for all steps")
            if self.closed and (self.arrival is not None or self.burst is not None):
                raise Invalid("arrival", "applies to rate steps; users steps send as fast as answers come")
        elif self.rate is not None and self.speed != 1.0:
            raise Invalid("speed", "applies to captured timing; give either speed or rate")


@dataclass
class RunConfig:
    """``[run]``: how a distributed run meets the loss of a worker (one that dies or stops answering).

    ``on_worker_loss = "fail"`` (the default): the master stops the others and the run ends ``failed``
    (exit 3). ``"reassign"``: the workers left send the lost one's rows whose time has not come yet,
    each at its planned time, and the run goes on; its rows whose time came while it was being found
    lost are counted ``unknown`` (they may have been sent) or ``unsent``. A loss before the start, or
    of the last worker, fails the run either way."""

    on_worker_loss: Literal["fail", "reassign"] = "fail"


@dataclass
class Scenario:
    """A whole scenario file; ``path`` and ``digest`` are set by the loader, not read from TOML."""

    name: str = ""
    description: str = ""
    sample: SampleConfig = field(default_factory=SampleConfig)
    load: LoadConfig = field(default_factory=LoadConfig)
    target: TargetConfig = field(default_factory=TargetConfig)
    client: ClientConfig = field(default_factory=ClientConfig)
    run: RunConfig = field(default_factory=RunConfig)
    faults: list[FaultsConfig] = field(default_factory=list)  # [[faults]]: see replay.config.faults
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    gates: dict[str, str | list[str]] = field(default_factory=dict)  # metric -> threshold(s); see replay.judge.gates
    prices: dict[str, Price] = field(default_factory=dict)  # model -> $ per 1M tokens; see replay.config.prices
    path: Path | None = field(default=None, metadata={"toml": False})
    digest: str | None = field(default=None, metadata={"toml": False})
    # ``--set KEY=VALUE`` applied on top of the file, in order; the effective TOML is ``source``.
    overrides: tuple[str, ...] = field(default=(), metadata={"toml": False})
    # Whether overrides[0] is ``--target`` (pipeline.load puts it first), for refusals to name what was typed.
    from_target: bool = field(default=False, metadata={"toml": False})
    source: str = field(default="", metadata={"toml": False})

    def check(self) -> None:
        check_name("name", self.name)  # printed on the terminal and in report.html
        check_name("description", self.description, text=True)

    def error(self, key: str, reason: str) -> BadInput:
        """A BadInput naming this scenario's file and ``key`` (or the option that set it: ``loader.given_as``),
        for checks made by later stages."""
        given = given_as(key, typed_keys(self.overrides, self.from_target))
        return BadInput(f"{self.path or 'scenario'}: {given}: {reason}")


# A gate's step filter, written as the gates read it: "{step=1}", "{step: 1}", "{family=x, step = 2}".
_STEP_TAG = re.compile(r"[{,]\s*step\s*[=:]")


def probe_scenario(scenario: Scenario, rate: float, running: dict[int, tuple[str, str]] | None = None) -> Scenario:
    """One probe of the capacity search (``[load] search``, its defaults without one): the scenario as one
    step of the search's ``duration`` at ``rate``, its faults in the profile of step ``fault_step``, its
    gates without step filters (a probe has one step). Re-read from the scenario's own TOML with these as
    ``--set`` overrides, so that the copy in the probe's run directory says what the probe ran (and
    ``replay report`` of the probe judges it again). ``running`` (fault entry index -> control URL and
    token) points entries at proxies already up, the token kept in memory only."""
    cfg = scenario.load.search or SearchConfig()
    gates = {k: v for k, v in scenario.gates.items() if not _STEP_TAG.search(k)}
    inline = ", ".join(f"{_toml_str(k)} = {_toml_str(v)}" for k, v in gates.items())
    sets = ["load.steps=[]", "load.speed=1.0", f"load.rate={rate}", f"load.duration={cfg.duration}"]
    sets += [f"load.arrival={_toml_str(scenario.load.arrival or 'uniform')}", f"gates={{{inline}}}"]
    if cfg.after_steps:
        sets.append("load.search.after_steps=false")  # a probe does not search again
    sets += [f"faults.{i}.steps=[{_toml_str(f.step_profile(cfg.fault_step))}]" for i, f in enumerate(scenario.faults)]
    for i, (url, _) in (running or {}).items():
        sets += [f'faults.{i}.upstream=""', f"faults.{i}.control={_toml_str(url)}"]
    probe = parse_scenario(
        scenario.source, scenario.path or "scenario", (*scenario.overrides, *sets), scenario.from_target
    )
    for i, (_, token) in (running or {}).items():
        probe.faults[i].control_token = token
    return probe


def _toml_str(value: str | list[str]) -> str:
    """A TOML string (or list of strings): JSON's escapes are TOML's basic-string escapes."""
    return json.dumps(value, ensure_ascii=False)


def load_scenario(path: str | Path, overrides: Sequence[str] = (), from_target: bool = False) -> Scenario:
    """Read and check a scenario file with ``--set KEY=VALUE`` overrides applied in memory; BadInput
    names the file, the key (or the option that set it) and the reason. ``from_target``: overrides[0]
    is ``--target``."""
    path = Path(path)
    return parse_scenario(read_config(path, "scenario file"), path, overrides, from_target, refuse_empty=True)


def _json(raw: bytes) -> bool:
    """``raw`` is JSON (a HAR), or JSON Lines (a capture) by its first line; "[sample" is a TOML table's typo."""
    head = raw.lstrip()
    if head[:1] not in (b"{", b"["):
        return False
    for text in (head, head.split(b"\n", 1)[0]):
        try:
            json.loads(text)
        except ValueError:
            continue
        return True
    return False


def parse_scenario(
    data: bytes | str,
    path: str | Path = "scenario",
    overrides: Sequence[str] = (),
    from_target: bool = False,
    refuse_empty: bool = False,
) -> Scenario:
    """Parse scenario TOML text (``path`` names it in errors), then apply ``overrides`` (overrides[0] is
    ``--target`` when ``from_target``). ``refuse_empty``: a text with no key (blank, or comments only) is BadInput, as
    a user's file: it names no target, load or gates, and ran on the defaults without a word (k6 and Locust refuse an
    empty script too); the defaults are ``Scenario()``, what ``replay sample`` takes without ``--scenario``."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        doc = loads_toml(config_text(path, raw, "scenario"))
    except tomllib.TOMLDecodeError as e:
        if _json(raw):  # was "not valid TOML (Invalid statement (at line 1, column 1))"
            raise BadInput(
                f"{path}: JSON (a capture? a HAR?), not a scenario, which is TOML; name the scenario file"
            ) from None
        raise BadInput(f"{path}: not valid TOML ({e})") from None
    if refuse_empty and not doc:
        raise BadInput(
            f"{path}: holds no keys (empty, or only comments): a scenario names its target, load and gates; start "
            "from a copy of scenarios/smoke.toml (replay sample without --scenario draws with the defaults)"
        )
    text = raw.decode("utf-8")
    if overrides:
        apply_overrides(doc, overrides, str(path))
        import tomli_w

        text = f"# {path} with --set {' --set '.join(overrides)}\n" + tomli_w.dumps(doc)
        raw += "\n".join(("", *overrides)).encode()
    scenario = build_section(Scenario, doc, str(path), typed_keys(overrides, from_target))
    scenario.path = Path(path)
    scenario.from_target = from_target
    scenario.digest = hashlib.sha256(raw).hexdigest()
    scenario.overrides = tuple(overrides)
    scenario.source = text
    return scenario
