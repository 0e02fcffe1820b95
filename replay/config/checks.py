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

from replay.config.loader import Duration, Invalid, check_endpoint
from replay.util.endpoints import first_match
from replay.util.jsonpath import PromptPath

__all__ = ["BaselineChecks", "ChecksConfig", "EndpointChecks", "FallbackMarker"]


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
        _check_regex("pattern", self.pattern)
        _check_path("json", self.json)
        if self.json:
            _check_path("reason", self.reason)


@dataclass
class EndpointChecks:
    """The checks of one endpoint; ``None`` (a key left out) inherits from ``[checks]``, then the default."""

    slo: Duration | None = None  # corrected latency (from the intended send time); default: none
    ttft_slo: Duration | None = None  # time to the first token of a stream
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
    retries_header: str | None = None  # the service's own upstream retries, e.g. "x-attempted-retries"

    def check(self) -> None:
        for name in ("slo", "ttft_slo"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise Invalid(name, f"{value}; give a positive duration")
        _check_path("answer", self.answer or "")
        for name in ("must_match", "must_not_match"):
            for i, pattern in enumerate(getattr(self, name) or ()):
                _check_regex(f"{name}[{i}]", pattern)
        if isinstance(self.schema, dict):
            _check_schema(self.schema)

    def merged(self, over: EndpointChecks) -> EndpointChecks:
        """These checks with ``over``'s given keys on top."""
        given = {f.name: getattr(over, f.name) for f in dataclasses.fields(EndpointChecks)}
        return dataclasses.replace(self, **{k: v for k, v in given.items() if v is not None})


DEFAULT_CHECKS = EndpointChecks(
    refusal=True,
    refusal_ok=["injection"],
    empty=True,
    truncated=True,
    tools=True,
    fallback=[],
    must_include=[],
    must_not_include=[],
    must_match=[],
    must_not_match=[],
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

    def check(self) -> None:
        if not 0.0 <= self.similarity <= 1.0:
            raise Invalid("similarity", f"{self.similarity} is outside 0..1")
        if len(self.length_ratio) != 2 or not 0 < self.length_ratio[0] <= 1 <= self.length_ratio[1]:
            raise Invalid("length_ratio", f"{self.length_ratio}: give [low, high] with 0 < low <= 1 <= high")
        if not 0.0 <= self.noise_quantile < 0.5:
            raise Invalid("noise_quantile", f"{self.noise_quantile} is outside 0..0.5")


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
