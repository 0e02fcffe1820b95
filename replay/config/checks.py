"""Scenario section ``[checks]``: what the judge checks in every response, per endpoint.

    [checks]                                  # every endpoint; keys left out keep the defaults
    slo = "4s"                                # corrected latency above it: slow
    [checks.endpoints."POST /api/assist"]     # endpoints matching the glob: these keys on top
    answer = "answer"                         # JSON path of the answer (default: OpenAI, Anthropic, common keys)
    fallback = [{ header = "x-fallback", equals = "true" }, { json = "fallback", equals = "true" }]
    refusal_ok = ["injection"]                # families where a refusal is the right answer
    schema = "schemas/assist.json"            # a JSON Schema file (relative to the scenario) or an inline table
    must_include = ["help"]                   # case-insensitive substrings of the answer
    must_not_match = ['(?i)as an ai language model']
    sources = "sources"                       # JSON path of the sources an answer cites (default: sources,
                                              # citations or references), compared with production's
    signals = [                               # what the service says about itself, raised as classes
      { header = "x-retrieval", equals = "miss", class = "retrieval_miss" },
      { json = "$.tool_calls[*].error", exists = true, class = "tool_error" },
      { header = "x-cache", equals = "hit", class = "cache_hit", fails = false },   # counted, not a failure
    ]
    [checks.baseline]                         # comparison with the production response in the capture
    similarity = 0.55                         # answers less alike than this (0..1, after noise) drift
    length_ratio = [0.4, 2.5]
    headers = ["x-model-version"]             # a changed value drifts (environment parity)

No heavy imports: every command that reads a scenario reads this module.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from replay.config.loader import Duration, Invalid, check_endpoint, check_header_value
from replay.exchange.validate import TOKEN
from replay.util.endpoints import first_match
from replay.util.jsonpath import PromptPath

__all__ = ["BaselineChecks", "ChecksConfig", "EndpointChecks", "FallbackMarker", "Signal"]

_CLASS_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass
class FallbackMarker:
    """One way a service says it served its degraded path: a header, a JSON value or a body pattern."""

    header: str = ""  # response header name
    json: str = ""  # JSON path in the body (or a stream's last JSON event), e.g. "fallback" or "meta.degraded"
    equals: str = "true"  # header or JSON value that marks a fallback (compared as lower-case text)
    pattern: str = ""  # regex searched in the answer (or the body when there is no answer)
    # Where the service says why (shown in the report): a header name, or a JSON path for json markers.
    reason: str = ""

    def check(self) -> None:
        if sum(bool(x) for x in (self.header, self.json, self.pattern)) != 1:
            raise Invalid("header", "give exactly one of header, json or pattern per marker")
        _check_header("header", self.header)
        if self.header:  # a header's value: one that no header can hold is a marker that never fires
            check_header_value("equals", self.equals)
        _check_regex("pattern", self.pattern)
        _check_path("json", self.json)
        if self.json:
            _check_path("reason", self.reason)
        else:
            _check_header("reason", self.reason)


@dataclass
class Signal:
    """A service signal: a header or JSON value the service sets about its own work (a retrieval miss,
    a tool error, degraded mode), raised as the class ``class``. Its rate is compared with production's
    over the same capture records; ``fails = false`` counts it without making the row fail."""

    header: str = ""  # response header name
    json: str = ""  # JSON path in the body (or a stream's last JSON event), e.g. "$.tool_calls[*].error"
    equals: str | None = None  # the value that raises it (case-insensitive)
    exists: bool | None = None  # raised when the header or path is present (true) or absent (false)
    matches: str = ""  # a regex searched in the value
    cls: str = field(default="", metadata={"key": "class"})  # the class it raises; TOML key ``class``
    fails: bool = True
    reason: str = ""  # where the service says why: a header name, or a JSON path for json signals

    def check(self) -> None:
        if bool(self.header) == bool(self.json):
            raise Invalid("header", "give exactly one of header or json per signal")
        if sum(x is not None for x in (self.equals, self.exists)) + bool(self.matches) > 1:
            raise Invalid("equals", "give at most one of equals, exists or matches (none: exists = true)")
        if not _CLASS_NAME.fullmatch(self.cls):
            raise Invalid("class", f"{self.cls!r}: name the class in lower case, e.g. 'retrieval_miss'")
        _check_header("header", self.header)
        if self.header and self.equals is not None:
            check_header_value("equals", self.equals)
        _check_regex("matches", self.matches)
        _check_path("json", self.json)
        if self.json:
            _check_path("reason", self.reason)
        else:
            _check_header("reason", self.reason)

    @property
    def source(self) -> str:
        """Where it is read, as people write it: ``x-retrieval: miss``, ``$.tool_calls[*].error exists``."""
        where = self.header or self.json
        sep = ": " if self.header else " = "
        if self.matches:
            return f"{where} ~ /{self.matches}/"
        if self.equals is not None:
            return f"{where}{sep}{self.equals}"
        return f"{where} {'exists' if self.exists is not False else 'absent'}"


@dataclass
class EndpointChecks:
    """The checks of one endpoint; ``None`` (a key left out) inherits from ``[checks]``, then the default."""

    slo: Duration | None = None  # corrected latency (from the intended send time); default: none
    ttft_slo: Duration | None = None  # time to the first token of a stream
    stall: Duration | None = None  # a gap between a stream's tokens longer than this is a stall; default 1s
    answer: str | None = None  # JSON path of the answer text
    fallback: list[FallbackMarker] | None = None
    refusal: bool | None = None  # detect refusals (phrase list, content_filter); default true
    refusal_ok: list[str] | None = None  # families where refusing is correct; default ["injection"]
    empty: bool | None = None  # a 2xx without an answer is a failure; default true
    truncated: bool | None = None  # a stream without its end marker is a failure; default true
    schema: str | dict[str, Any] | None = None
    must_include: list[str] | None = None
    must_not_include: list[str] | None = None
    must_match: list[str] | None = None
    must_not_match: list[str] | None = None
    tools: bool | None = None  # tool calls must parse and fit the request's declared tools; default true
    # An answer must be the JSON its request asked for (response_format, text.format, responseMimeType...), and
    # fit the JSON Schema the request gave; default true
    format: bool | None = None
    retries_header: str | None = None  # the service's own upstream retries, e.g. "x-attempted-retries"
    signals: list[Signal] | None = None  # what the service says about its own work
    sources: str | None = None  # JSON path of the sources an answer cites
    # Where a service that is not OpenAI or Anthropic says its tokens and model: JSON paths in the body
    # (a stream's last JSON event), e.g. "meta.tokens.out"; "header:x-model" reads a header instead.
    tokens_in: str | None = None
    tokens_out: str | None = None
    model: str | None = None
    # Which way through a fallback chain answered, e.g. "header:x-fallback-path" (primary, secondary,
    # canned): the report shows each path's share, latency, tokens and cost; non-primary paths' cost is
    # the fallback cost.
    path: str | None = None

    def check(self) -> None:
        for name in ("slo", "ttft_slo", "stall"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise Invalid(name, f"{value}; give a positive duration")
        _check_path("answer", self.answer or "")
        for name in ("must_include", "must_not_include", "must_match", "must_not_match"):
            for i, item in enumerate(getattr(self, name) or ()):
                if not item.strip():  # every answer holds "" (and matches it): a check that could never fail
                    raise Invalid(f"{name}[{i}]", f"{item!r} is in every answer; give a word, a phrase or a pattern")
                if name.endswith("match"):
                    _check_regex(f"{name}[{i}]", item)
        if isinstance(self.schema, dict):
            _check_schema(self.schema)
        _check_path("sources", self.sources or "")
        _check_header("retries_header", self.retries_header or "")
        for key in ("tokens_in", "tokens_out", "model", "path"):
            value = getattr(self, key) or ""
            if value.startswith("header:"):
                _check_header(key, value.removeprefix("header:"), given=value)
            else:
                _check_path(key, value)

    def merged(self, over: EndpointChecks) -> EndpointChecks:
        """These checks with ``over``'s given keys on top."""
        given = {f.name: getattr(over, f.name) for f in dataclasses.fields(EndpointChecks)}
        return dataclasses.replace(self, **{k: v for k, v in given.items() if v is not None})


DEFAULT_CHECKS = EndpointChecks(
    stall=1.0,
    refusal=True,
    refusal_ok=["injection"],
    empty=True,
    truncated=True,
    tools=True,
    format=True,
    fallback=[],
    must_include=[],
    must_not_include=[],
    must_match=[],
    must_not_match=[],
    signals=[],
)


@dataclass
class BaselineChecks:
    """``[checks.baseline]``: how a staging response is compared with the production response of its record."""

    enabled: bool = True
    status: bool = True  # status class changed (2xx -> 4xx ...)
    shape: bool = True  # JSON keys missing or of another type
    headers: list[str] = field(default_factory=lambda: ["x-model-version"])  # a changed value drifts
    similarity: float = 0.55  # rapidfuzz similarity of the answers, 0..1
    length_ratio: list[float] = field(default_factory=lambda: [0.4, 2.5])  # staging / production answer length
    noise_quantile: float = 0.05  # production-vs-production similarities below this quantile count as noise
    # The model was sent less than this share of the prompt tokens production's model was (usage, both sides),
    # and a page fewer (judge.baseline.INPUT_LOST): the release dropped part of what the customer wrote. 0: off.
    input_ratio: float = 0.5

    def check(self) -> None:
        if not 0.0 <= self.similarity <= 1.0:
            raise Invalid("similarity", f"{self.similarity} is outside 0..1")
        if len(self.length_ratio) != 2 or not 0 < self.length_ratio[0] <= 1 <= self.length_ratio[1]:
            raise Invalid("length_ratio", f"{self.length_ratio}: give [low, high] with 0 < low <= 1 <= high")
        if not 0.0 <= self.input_ratio < 1.0:
            raise Invalid("input_ratio", f"{self.input_ratio} is outside 0..1 (0: off)")
        if not 0.0 <= self.noise_quantile < 0.5:
            raise Invalid("noise_quantile", f"{self.noise_quantile} is outside 0..0.5")
        for i, name in enumerate(self.headers):
            _check_header(f"headers[{i}]", name, given=name)  # '' too: a list's entry names a header


@dataclass
class ChecksConfig(EndpointChecks):
    """``[checks]``: checks for every endpoint, per-endpoint overrides, and the baseline comparison."""

    endpoints: dict[str, EndpointChecks] = field(default_factory=dict)
    baseline: BaselineChecks = field(default_factory=BaselineChecks)
    refusal_phrases: str | None = None  # an extra phrase file (one phrase a line), relative to the scenario

    def check(self) -> None:
        super().check()
        for pattern in self.endpoints:
            check_endpoint(f"endpoints.{pattern}", pattern)

    def files(self) -> list[tuple[str, str]]:
        """(key, path as written) of every file the judge reads: JSON Schemas given by path, the phrase file."""
        out = [("checks.refusal_phrases", self.refusal_phrases)] if self.refusal_phrases else []
        for where, ep in [("checks", self), *((f'checks.endpoints."{p}"', e) for p, e in self.endpoints.items())]:
            if isinstance(ep.schema, str):
                out.append((f"{where}.schema", ep.schema))
        return out

    def refusals_ok(self) -> list[tuple[str, str]]:
        """(key, family) of every ``refusal_ok`` entry given, in ``[checks]`` and its endpoints."""
        where = [("checks", self), *((f'checks.endpoints."{p}"', e) for p, e in self.endpoints.items())]
        return [(f"{key}.refusal_ok[{i}]", fam) for key, ep in where for i, fam in enumerate(ep.refusal_ok or ())]

    def says_retries(self) -> bool:
        """Whether ``[checks]`` or one of its endpoints reads the service's own retries (``retries_header``)."""
        return any(ep.retries_header for ep in (self, *self.endpoints.values()))

    def all_signals(self) -> list[Signal]:
        """Every signal of ``[checks]`` and its endpoints, in the order written."""
        out = list(self.signals or ())
        for ep in self.endpoints.values():
            out += ep.signals or ()
        return out

    def for_endpoint(self, endpoint: str) -> EndpointChecks:
        """Defaults, then ``[checks]``, then the first ``[checks.endpoints]`` glob matching ``endpoint``."""
        out = DEFAULT_CHECKS.merged(self)
        pattern = first_match(endpoint, self.endpoints)
        return out if pattern is None else out.merged(self.endpoints[pattern])


def _check_regex(key: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as e:
        raise Invalid(key, f"{pattern!r} is not a regular expression ({e})") from None


def _check_header(key: str, name: str, given: str | None = None) -> None:
    """Invalid when ``name`` (given as ``given``) is not a header name: no response carries it, and the check
    reading it never fired, without a word."""
    if (name or given is not None) and not TOKEN.fullmatch(name):
        raise Invalid(key, f"{given or name!r} is not a header name such as 'x-fallback'")


def _check_path(key: str, expr: str) -> None:
    if not expr:
        return

    try:
        PromptPath(expr)
    except ValueError as e:
        raise Invalid(key, str(e)) from None


def _check_schema(schema: dict[str, Any]) -> None:
    from jsonschema import exceptions, validators

    try:
        validators.validator_for(schema).check_schema(schema)
    except exceptions.SchemaError as e:
        raise Invalid("schema", f"not a valid JSON Schema ({e.message})") from None
