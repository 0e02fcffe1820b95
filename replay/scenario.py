"""Scenario files (``scenarios/*.toml``): one rehearsal, as typed sections with named defaults.

    Scenario                      top level: name, description
     ├─ sample: SampleConfig      [sample]          what ``replay sample`` draws
     │   └─ perturb: PerturbConfig [sample.perturb] perturbations applied to a share of rows
     └─ load: LoadConfig          [load]            when rows are sent
         └─ steps: list[Step]     [[load.steps]]    {rate, duration} or {users, duration}

A later stage adds its section ([target], [client], [[faults]], [checks], [gates]) as a
dataclass and one field of ``Scenario``; the loader reads any dataclass from its type hints
(bool, int, float, str, Literal, list, dict, unions, nested dataclasses, ``Duration``).
A dataclass may define ``check(self)`` raising ``Invalid(key, reason)`` for rules across keys.
Unknown keys, wrong types and failed checks are BadInput: ``FILE: KEY: reason``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from replay.checks import ChecksConfig
from replay.errors import BadInput
from replay.faults.profile import FaultsConfig
from replay.runner.config import ClientConfig, TargetConfig

__all__ = [
    "Duration",
    "Invalid",
    "LoadConfig",
    "PerturbConfig",
    "SampleConfig",
    "Scenario",
    "Step",
    "build_section",
    "load_scenario",
    "parse_duration",
    "parse_scenario",
]


class _DurationMark:
    """Marks a float field that TOML may also give as ``"30s"``, ``"2m"``, ``"1h30m"``, ``"500ms"``."""


Duration = Annotated[float, _DurationMark]

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """Seconds in ``"1h30m"``, ``"90s"``, ``"250ms"`` or ``"2.5"``; ValueError otherwise."""
    s = text.strip().replace(" ", "")
    try:
        return float(s)
    except ValueError:
        pass
    parts = _DURATION_PART.findall(s)
    if not parts or "".join(n + u for n, u in parts) != s:
        raise ValueError(f"{text!r} is not a duration (write 30, '30s', '2m' or '1h30m')")
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)


class Invalid(Exception):
    """A section's ``check()`` found a bad value: ``key`` is relative to the section."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass
class PerturbConfig:
    """``[sample.perturb]``: apply a perturbation to a share of the drawn rows."""

    share: float = 0.0
    ops: list[str] = field(default_factory=list)  # empty: every text perturbation

    def check(self) -> None:
        from replay.mutate import OPS

        if not 0.0 <= self.share <= 1.0:
            raise Invalid("share", f"{self.share} is outside 0..1")
        for op in self.ops:
            if op not in OPS:
                raise Invalid("ops", f"unknown perturbation {op!r}; known: {', '.join(OPS)}")


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

    @property
    def rows(self) -> int:
        """Rows to draw unless rate steps decide."""
        return 1000 if self.size is None else self.size

    def check(self) -> None:
        from replay.features import STRATA, PromptPath

        if self.size is not None and self.size < 1:
            raise Invalid("size", f"{self.size} rows; give at least 1")
        if not 0 <= self.seed < 2**63:
            raise Invalid("seed", f"{self.seed} is outside 0..2**63-1")
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


@dataclass
class Step:
    """One load step: ``{rate, duration}`` (open model) or ``{users, duration}`` (closed model)."""

    duration: Duration
    rate: float | None = None
    users: int | None = None

    def check(self) -> None:
        if self.duration <= 0:
            raise Invalid("duration", f"{self.duration} s; give a positive duration")
        if (self.rate is None) == (self.users is None):
            raise Invalid("rate", "give exactly one of rate (requests/s) or users")
        if self.rate is not None and self.rate <= 0:
            raise Invalid("rate", f"{self.rate}; give a positive rate")
        if self.users is not None and self.users < 1:
            raise Invalid("users", f"{self.users}; give at least 1 user")


@dataclass
class LoadConfig:
    """``[load]``: captured timing times ``speed`` (default), Poisson at ``rate``, or ``steps``."""

    speed: float = 1.0
    rate: float | None = None
    duration: Duration | None = None  # with rate: rows = rate * duration (else the sample size)
    arrival: Literal["uniform", "poisson"] = "uniform"  # spacing of requests within a rate step
    steps: list[Step] = field(default_factory=list)

    @property
    def mode(self) -> Literal["captured", "poisson", "steps"]:
        if self.steps:
            return "steps"
        return "poisson" if self.rate is not None else "captured"

    @property
    def closed(self) -> bool:
        """Closed model: steps of users rather than rates."""
        return bool(self.steps) and self.steps[0].users is not None

    def check(self) -> None:
        if self.speed <= 0:
            raise Invalid("speed", f"{self.speed}; give a positive factor (2 plays twice as fast)")
        if self.rate is not None and self.rate <= 0:
            raise Invalid("rate", f"{self.rate}; give a positive rate (requests/s)")
        if self.duration is not None and (self.rate is None or self.duration <= 0):
            raise Invalid("duration", "needs a rate and a positive value")
        if self.steps:
            if self.rate is not None:
                raise Invalid("rate", "give either rate or steps, not both")
            if self.speed != 1.0:
                raise Invalid("speed", "applies to captured timing; steps set their own rates")
            kinds = {s.users is None for s in self.steps}
            if len(kinds) > 1:
                raise Invalid("steps", "mixes rate steps and users steps; use one model for all steps")
        elif self.rate is not None and self.speed != 1.0:
            raise Invalid("speed", "applies to captured timing; give either speed or rate")


@dataclass
class Scenario:
    """A whole scenario file; ``path`` and ``digest`` are set by the loader, not read from TOML."""

    name: str = ""
    description: str = ""
    sample: SampleConfig = field(default_factory=SampleConfig)
    load: LoadConfig = field(default_factory=LoadConfig)
    target: TargetConfig = field(default_factory=TargetConfig)
    client: ClientConfig = field(default_factory=ClientConfig)
    faults: list[FaultsConfig] = field(default_factory=list)  # [[faults]]: see replay.faults.profile
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    gates: dict[str, str | list[str]] = field(default_factory=dict)  # metric -> threshold(s); see replay.gates
    path: Path | None = field(default=None, metadata={"toml": False})
    digest: str | None = field(default=None, metadata={"toml": False})

    def error(self, key: str, reason: str) -> BadInput:
        """A BadInput naming this scenario's file and ``key``, for checks made by later stages."""
        return BadInput(f"{self.path or 'scenario'}: {key}: {reason}")


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file; BadInput names the file, the key and the reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such scenario file; check the path") from None
    except OSError as e:
        raise BadInput(f"{path}: cannot read the scenario ({e.strerror})") from None
    return parse_scenario(data, path)


def parse_scenario(data: bytes | str, path: str | Path = "scenario") -> Scenario:
    """Parse scenario TOML text (``path`` names it in errors)."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text; save the scenario as UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise BadInput(f"{path}: not valid TOML ({e})") from None
    scenario = build_section(Scenario, doc, str(path))
    scenario.path = Path(path)
    scenario.digest = hashlib.sha256(raw).hexdigest()
    return scenario


def build_section(cls: type, doc: Any, where: str) -> Any:
    """Build dataclass ``cls`` from parsed TOML (or JSON) by its type hints; BadInput names ``where`` and the key."""
    return _Reader(where).build(cls, doc, "")


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


class _Reader:
    """Builds dataclasses from parsed TOML by their type hints, naming the key of any error."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, key: str, reason: str) -> BadInput:
        return BadInput(f"{self.file}: {key or '(top level)'}: {reason}")

    def build(self, cls: type, value: Any, key: str) -> Any:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_show(value)}")
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("toml", True)}
        for name in value:
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(fields) or 'none'}"
                raise self.fail(_join(key, name), f"unknown key; {hint}")
        kwargs = {}
        for name, f in fields.items():
            if name in value:
                kwargs[name] = self.convert(hints[name], value[name], _join(key, name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise self.fail(_join(key, name), "missing; this key is required")
        obj = cls(**kwargs)
        check = getattr(obj, "check", None)
        if check is not None:
            try:
                check()
            except Invalid as e:
                raise self.fail(f"{key}.{e.key}" if key else e.key, e.reason) from None
        return obj

    def convert(self, tp: Any, value: Any, key: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            base, *marks = typing.get_args(tp)
            if _DurationMark in marks and isinstance(value, str):
                try:
                    return parse_duration(value)
                except ValueError as e:
                    raise self.fail(key, str(e)) from None
            return self.convert(base, value, key)
        if origin in (Union, types.UnionType):
            return self._union(typing.get_args(tp), value, key)
        if origin is Literal:
            choices = typing.get_args(tp)
            if value not in choices:
                raise self.fail(key, f"{_show(value)} is not one of {', '.join(map(repr, choices))}")
            return value
        if origin is list:
            if not isinstance(value, list):
                raise self.fail(key, f"expected a list, got {_show(value)}")
            (item,) = typing.get_args(tp)
            return [self.convert(item, v, f"{key}[{i}]") for i, v in enumerate(value)]
        if origin is dict:
            if not isinstance(value, dict):
                raise self.fail(key, f"expected a table, got {_show(value)}")
            _, item = typing.get_args(tp)
            return {k: self.convert(item, v, _join(key, k)) for k, v in value.items()}
        if dataclasses.is_dataclass(tp):
            return self.build(tp, value, key)
        if tp is type(None):
            raise self.fail(key, "cannot be given here")
        return self._scalar(tp, value, key)

    def _scalar(self, tp: type, value: Any, key: str) -> Any:
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if tp is Any or (isinstance(value, tp) and not (tp is int and isinstance(value, bool))):
            return value
        raise self.fail(key, f"expected {_TYPE_NAMES.get(tp, tp.__name__)}, got {_show(value)}")

    def _union(self, options: tuple[Any, ...], value: Any, key: str) -> Any:
        for opt in options:  # a table or list goes to the option of its kind, so inner keys are named
            kind = dict if dataclasses.is_dataclass(opt) else typing.get_origin(opt)
            if kind in (dict, list) and isinstance(value, kind):
                return self.convert(opt, value, key)
        errors = []
        for opt in options:
            if opt is type(None):
                continue
            try:
                return self.convert(opt, value, key)
            except BadInput as e:
                errors.append(str(e).split(": ", 2)[-1])
        raise self.fail(key, " or ".join(dict.fromkeys(errors)))


def _join(key: str, name: str) -> str:
    name = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
    return f"{key}.{name}" if key else name


def _show(value: Any) -> str:
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "table"}
    text = repr(value)
    return f"{kind.get(type(value), type(value).__name__)} {text if len(text) < 40 else text[:37] + '...'}"
