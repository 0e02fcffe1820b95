"""Knobs of the demo services: typed configs read from TOML, then environment, then ``--set`` overrides.

Precedence, lowest first: the dataclass default, the TOML file, ``REPLAY_<SERVICE>_<KEY>`` environment
variables, ``--set key=value`` on the service's command line. Unknown keys, wrong types and out-of-range
values are ``BadInput`` naming the file (or variable) and the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

import orjson

from replay.config.loader import loads_toml
from replay.console import listed, quoted
from replay.errors import BadInput

__all__ = [
    "RELEASES",
    "WIRING",
    "AssistantConfig",
    "ModelConfig",
    "SearchConfig",
    "fingerprint",
    "load_config",
    "release_path",
]

RELEASES = ("production", "candidate")
# The assistant's dependency URLs: wiring, not behaviour, so not knobs (they stay out of the fingerprint).
WIRING = ("model_url", "search_url", "secondary_url")
_HERE = Path(__file__).parent
_SOURCE = "replay/demo/config.py"  # where every knob is, with what it does (README's demo section points here too)

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """The mock model API: which models it serves, how fast it answers, how much it takes at once."""

    models: tuple[str, ...] = ("support-mini-2024-07", "support-large-2024-05", "support-claude-2024-10")
    ttft: float = 0.15  # seconds before the first token
    per_token: float = 0.006  # seconds per output token
    # output tokens a streamed delta carries (providers send one or a few: each costs every hop a chunk)
    chunk_tokens: int = 1
    per_input_token: float = 0.00002  # prefill: seconds per prompt token, added to ttft
    latency_jitter: float = 0.25  # sigma of a log-normal factor on ttft
    capacity: int = 48  # generations in flight at once
    overflow: Literal["queue", "reject"] = "queue"  # past capacity: wait for a slot, or 429 at once
    queue_timeout: float = 2.0  # longest wait for a slot before 429
    retry_after: float = 1.0  # seconds advertised on 429
    anthropic_overflow_status: Literal[429, 529] = 529  # Anthropic API past capacity: overloaded_error or rate limit
    stream_fail_after: int = 0  # streams break with the API's error event after this many tokens (0: never)
    # share of generations answered 200 with the API's error body (a stream: its error event alone), as some gateways
    # and providers do: a failure the service must read from the body, not the status
    error_body_rate: float = 0.0
    context_window: int = 16000  # prompt tokens; more is a 400 context_length_exceeded
    max_body: int = 1 << 20
    seed: int = 0

    def check(self, where: str) -> None:
        _positive(where, ttft=self.ttft + 1e-9, per_token=self.per_token + 1e-9, capacity=self.capacity)
        _positive(where, context_window=self.context_window, max_body=self.max_body, chunk_tokens=self.chunk_tokens)
        if self.stream_fail_after < 0:
            raise BadInput(f"{where}: stream_fail_after must be 0 (never) or more")
        if not 0 <= self.error_body_rate <= 1:
            raise BadInput(f"{where}: error_body_rate must be a share from 0 to 1, got {self.error_body_rate}")
        if not self.models:
            raise BadInput(f"{where}: models is empty; list at least one model id")


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """The help-centre search service."""

    delay: float = 0.005  # seconds added to every search, for slow-dependency experiments
    max_k: int = 10
    max_body: int = 64 << 10

    def check(self, where: str) -> None:
        _positive(where, delay=self.delay + 1e-9, max_k=self.max_k, max_body=self.max_body)


@dataclass(frozen=True, slots=True)
class AssistantConfig:
    """One release of the support assistant; every behaviour that differs between releases is a knob here."""

    release: str = "production"
    api: Literal["openai", "anthropic"] = "openai"  # the model API: chat completions or Anthropic messages
    model: str = "support-mini-2024-07"
    max_tokens: int = 200
    # calls to the model API (LiteLLM-style: retries with back-off, then the fallback answer)
    model_timeout: float = 10.0  # per attempt: whole answer, or first token when streaming
    retries: int = 2
    backoff: float = 0.5  # first retry waits this, doubling each time
    backoff_max: float = 4.0
    jitter: float = 0.5  # share of each back-off drawn at random (0: every client retries in lockstep)
    respect_retry_after: bool = True
    seed: int = 0  # of the jitter draws
    budget: float = 25.0  # total seconds for retrieval and every model attempt
    # the fallback model, tried when the primary has failed for good ("": none, straight to the canned answer)
    secondary_model: str = ""
    # its API: "other" is the one ``api`` is not, another provider's (``fallback_api``), so that switching the
    # primary's API leaves the fallback on another provider, as production chains are built
    secondary_api: Literal["other", "openai", "anthropic"] = "other"
    secondary_timeout: float = 10.0
    secondary_retries: int = 0
    fallback_message: str = (
        "Sorry, I can't answer right now. Our help centre at /help has guides on refunds, billing, "
        "passwords and subscriptions, and a support agent will follow up by email."
    )
    # admission
    max_concurrency: int = 64
    queue_timeout: float = 5.0
    max_body: int = 256 << 10
    max_messages: int = 50
    # prompt
    system_template: str = "You are a support assistant. Answer from the help-centre context.\nContext:\n{context}"
    conversation: Literal["messages", "transcript"] = "messages"
    transcript_template: str = "Conversation so far:\n{transcript}"
    context_limit: int = 12000  # characters of conversation kept
    context_keep: Literal["tail", "head"] = "tail"
    # retrieval
    retrieval_top_k: int = 3
    retrieval_timeout: float = 1.0
    retrieval_query_chars: int = 400
    # refusal filter, applied to the user's last message before anything else
    refusal_patterns: tuple[str, ...] = ()
    refusal_message: str = "I'm sorry, but I can't help with that request."
    # cache of non-streamed model answers, keyed by the rendered prompt
    cache: bool = False
    cache_size: int = 1024

    @property
    def fallback_api(self) -> Literal["openai", "anthropic"]:
        """The fallback model's API: ``secondary_api``, or the API that ``api`` is not where it says ``other``."""
        if self.secondary_api != "other":
            return self.secondary_api
        return "anthropic" if self.api == "openai" else "openai"

    def check(self, where: str) -> None:
        _positive(where, max_tokens=self.max_tokens, model_timeout=self.model_timeout, budget=self.budget)
        _positive(where, max_concurrency=self.max_concurrency, context_limit=self.context_limit)
        _positive(where, retrieval_timeout=self.retrieval_timeout, max_body=self.max_body)
        if self.retries < 0 or self.retrieval_top_k < 0 or self.secondary_retries < 0:
            raise BadInput(f"{where}: retries, secondary_retries and retrieval_top_k must be 0 or more")
        _positive(where, secondary_timeout=self.secondary_timeout)
        if not 0.0 <= self.jitter <= 1.0:
            raise BadInput(f"{where}: jitter {self.jitter} is not between 0 and 1")
        for p in self.refusal_patterns:
            try:
                re.compile(p)
            except re.error as e:
                raise BadInput(f"{where}: refusal pattern {p!r} is not a regular expression ({e})") from None
        for key, tpl, slot in (
            ("system_template", self.system_template, "{context}"),
            ("transcript_template", self.transcript_template, "{transcript}"),
        ):
            if slot not in tpl:
                raise BadInput(f"{where}: {key} must contain {slot}")


def _positive(where: str, **values: float) -> None:
    for key, value in values.items():
        if value <= 0:
            raise BadInput(f"{where}: {key} must be greater than 0, got {value}")


def release_path(release: str | os.PathLike[str]) -> Path:
    """A bundled release name (``production``, ``candidate``) or a TOML path, as a path that exists."""
    path = _HERE / f"{release}.toml" if str(release) in RELEASES else Path(release)
    if not path.is_file():
        raise BadInput(f"release config {str(release)!r} not found; give one of {', '.join(RELEASES)} or a TOML file")
    return path


def load_config(
    cls: type[C], path: Path | None = None, env_prefix: str = "", overrides: Sequence[str] | Mapping[str, Any] = ()
) -> C:
    """Build ``cls`` from the TOML ``path``, then ``{env_prefix}{KEY}`` variables, then ``key=value`` overrides."""
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    if path is not None:
        try:
            data = loads_toml(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise BadInput(f"cannot read config {path}: {e}") from None
        except tomllib.TOMLDecodeError as e:
            raise BadInput(f"config {path} is not valid TOML: {e}") from None
        for key, value in data.items():
            values[key] = _typed(cls, hints, names, key, value, str(path))
    given = [str(path)] if path is not None else []  # what set the knobs, for check()'s error to name
    for key in names:
        raw = os.environ.get(f"{env_prefix}{key.upper()}") if env_prefix else None
        if raw is not None:
            given.append(f"${env_prefix}{key.upper()}")
            values[key] = _typed(cls, hints, names, key, _parse_text(raw), given[-1])
    items = list(overrides.items() if isinstance(overrides, Mapping) else (_split(o) for o in overrides))
    for key, value in items:
        values[key] = _typed(cls, hints, names, key, _parse_text(value) if isinstance(value, str) else value, "--set")
    cfg = cls(**values)
    # named by what set its knobs: "SearchConfig: max_k must be greater than 0" named a Python class, not the
    # $REPLAY_SEARCH_MAX_K that was -3
    cfg.check(", ".join(given + ["--set"] * bool(items)) or cls.__name__)  # type: ignore[attr-defined]
    return cfg


def fingerprint(cfg: object) -> str:
    """A short stable digest of every knob: two releases with the same fingerprint behave the same."""
    blob = orjson.dumps(dataclasses.asdict(cfg), option=orjson.OPT_SORT_KEYS)  # type: ignore[call-overload]
    return hashlib.sha256(blob).hexdigest()[:12]


def _split(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep:
        raise BadInput(f"--set {item!r}: expected KEY=VALUE")
    return key.strip(), value


def _parse_text(raw: str) -> Any:
    """An override given as text: JSON when it parses (numbers, true/false, lists), else the string."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw


def _typed(cls: type, hints: dict[str, Any], names: list[str], key: str, value: Any, where: str) -> Any:
    if key not in names:
        # the closest knob, else a few and where the rest are: 'replay demo --set foo=bar' listed all 33 in one line
        close = difflib.get_close_matches(key, names, n=1)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else f"known keys: {listed(names)} (every one: {cls.__name__} in {_SOURCE})"
        )
        raise BadInput(f"{where}: unknown key {quoted(key)}; {hint}")
    hint = hints[key]
    origin = get_origin(hint)
    if origin is Literal:
        if value not in get_args(hint):
            raise BadInput(f"{where}: {key} = {value!r} is not one of {', '.join(map(str, get_args(hint)))}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadInput(f"{where}: {key} must be a list of strings")
        return tuple(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is str and not isinstance(value, str):
        return str(value)  # an env var like REPLAY_ASSISTANT_MODEL=2024 parses as a number
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise BadInput(f"{where}: {key} must be {hint.__name__}, got {value!r}")
    return value
