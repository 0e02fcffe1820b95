"""Scenario sections of the replayer: ``[target]`` (where and how requests go) and ``[client]``
(how a production client behaves: timeouts, retries, back-off, cancel-after, stream end markers).

    [target]
    base_url = "https://staging.example.com"     # replaces the captured scheme, host and port
    allow_hosts = ["staging.example.com"]       # anything else is refused before the first request
    allow_unsafe = ["POST /v1/chat/completions"]  # endpoints whose writes may be replayed (globs)
    raw_responses = ["GET /v1/models"]          # responses.jsonl keeps these unredacted (default: none)
    [target.headers]
    set = { authorization = "Bearer ${STAGING_TOKEN}" }   # ${ENV} comes from the environment
    replace = { "x-api-key" = "${STAGING_KEY}" }          # only where the captured request had it
    drop = ["cookie"]
    # (in [target]) sign = "aws:bedrock:us-east-1"  # re-sign each request with SigV4, staging's credentials
                                                   # from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
    # (in [target]) sign_endpoints = ["POST /model/*"]  # only these (a gateway's AWS routes); default: every one

    [client]                                     # defaults: the OpenAI and Anthropic SDKs
    connect_timeout = "5s"
    read_timeout = "60s"
    max_retries = 2
    [client.endpoints."POST /v1/chat/completions"]
    total_timeout = "30s"                       # any [client] policy key, for matching endpoints

No locust here: the CLI reads these sections in its own process.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from replay.config.loader import Duration, Invalid, check_endpoint, check_header_value
from replay.exchange.validate import TOKEN
from replay.util.endpoints import first_match, normalise_path
from replay.util.hostport import split_hostport
from replay.util.sigv4 import SIGN_FORM

__all__ = [
    "ENV_REF",
    "EVERY_ENDPOINT",
    "SAFE_METHODS",
    "TOKEN",
    "ClientConfig",
    "HeaderRules",
    "Policy",
    "PolicyOverride",
    "TargetConfig",
    "env_names",
    "host_allowed",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEFAULT_RELEASE_HEADERS = ["x-release", "x-model-version", "x-config-fingerprint", "openai-model", "x-litellm-model-id"]
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def env_names(text: str) -> list[str]:
    """The ``${NAME}`` references in ``text``."""
    return ENV_REF.findall(text)


def host_allowed(host: str, port: int | None, allow: list[str]) -> bool:
    """Whether ``host[:port]`` matches an entry: ``name``, ``name:port`` or ``*.domain``."""
    host = host.lower()
    for entry in allow:
        name, p = split_hostport(entry.lower())
        if p is not None and port != p:
            continue
        if name == host or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


@dataclass
class HeaderRules:
    """``[target.headers]``: applied to every request in the order drop, replace, set."""

    set: dict[str, str] = field(default_factory=dict)
    replace: dict[str, str] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)

    def check(self) -> None:
        for kind, names in (("set", self.set), ("replace", self.replace), ("drop", self.drop)):
            for name in names:
                if not TOKEN.fullmatch(name):
                    raise Invalid(f"{kind}.{name}", "not a valid header name")
                if name.lower() in ("host", "content-length", "transfer-encoding"):
                    raise Invalid(f"{kind}.{name}", "is set by the client; leave it out")
        for kind, rules in (("set", self.set), ("replace", self.replace)):
            for name, value in rules.items():
                # Why here: prepare refused it later as a header of the capture record it was set on.
                check_header_value(f"{kind}.{name}", value)


# The glob every endpoint matches: ``sign_endpoints``' default
EVERY_ENDPOINT = "* /*"


@dataclass
class TargetConfig:
    """``[target]``: the system under rehearsal and what may be sent to it."""

    base_url: str = ""
    allow_hosts: list[str] = field(default_factory=list)
    headers: HeaderRules = field(default_factory=HeaderRules)
    # Endpoints ("METHOD /template", globs) whose unsafe methods (all but GET, HEAD, OPTIONS, TRACE)
    # may be replayed; rows of other unsafe endpoints are refused, or skipped with skip_disallowed.
    allow_unsafe: list[str] = field(default_factory=list)
    skip_disallowed: bool = False
    # Endpoints (globs) whose responses go to responses.jsonl as staging sent them; all others are
    # redacted like a capture, since a service echoes and looks up personal data.
    raw_responses: list[str] = field(default_factory=list)
    # Response headers that identify the target's release; their values are recorded once per run.
    release_headers: list[str] = field(default_factory=lambda: list(DEFAULT_RELEASE_HEADERS))
    id_header: str = "x-replay-id"  # "<run>/<row>" on every request, to match server logs; "" for none
    # "aws:SERVICE:REGION": each request signed anew with SigV4 as it is sent (an AWS API, Bedrock's runtime, takes
    # no captured signature: it covers production's host, time and body); "" sends the headers as captured
    sign: str = ""
    # Endpoints (globs) ``sign`` signs, the others sent as captured: a gateway serves Bedrock's signed routes beside
    # plain ones whose Authorization (a bearer key) a signature would replace. Default: every endpoint.
    sign_endpoints: list[str] = field(default_factory=lambda: [EVERY_ENDPOINT])

    def check(self) -> None:
        if self.base_url:
            if re.search(r"\s", self.base_url):  # "/ " went into every request line: 'capture record 84: ... cannot go'
                raise Invalid("base_url", f"{self.base_url!r} holds white space, which no URL can; remove it")
            try:
                u = urlsplit(self.base_url)
                u.port  # noqa: B018 - urlsplit checks the port only when it is read
            except ValueError as e:  # an unclosed [v6 bracket, a port outside 0..65535
                raise Invalid(
                    "base_url", f"{self.base_url!r} does not parse ({e}); give a URL such as 'http://staging:8080'"
                ) from None
            if u.scheme not in ("http", "https") or not u.hostname:
                raise Invalid("base_url", f"{self.base_url!r} is not an http(s) URL such as 'http://staging:8080'")
            if u.port == 0:  # a listener's "any free port": it names no service ('unreachable' at run, a plan before)
                raise Invalid("base_url", f"{self.base_url!r} has port 0; give the port staging listens on")
            if u.query or u.fragment:
                raise Invalid("base_url", "has a query or fragment; give scheme, host, port and an optional path")
            if u.username is not None:
                # The client never sends it, and the URL is written to run.json and every report as it is.
                raise Invalid(
                    "base_url",
                    "has a user or password, which no request carries and every report would show; give the"
                    ' credential as a header: [target.headers] set = { authorization = "Basic ${STAGING_AUTH}" }',
                )
        for i, entry in enumerate(self.allow_hosts):
            try:  # as host_allowed reads it: a port of letters was its ValueError's traceback, 99999 matched nothing
                port = split_hostport(entry)[1]
            except ValueError:
                port = 0
            if not re.fullmatch(r"(\*\.)?[A-Za-z0-9._\-\[\]:]+", entry) or (port is not None and not 0 < port < 65536):
                raise Invalid(f"allow_hosts[{i}]", f"{entry!r} is not a host, host:port or *.domain")
        for i, pattern in enumerate(self.allow_unsafe):
            check_endpoint(f"allow_unsafe[{i}]", pattern)
        for i, pattern in enumerate(self.raw_responses):
            check_endpoint(f"raw_responses[{i}]", pattern)
        if self.id_header and not TOKEN.fullmatch(self.id_header):
            raise Invalid("id_header", "not a valid header name")
        for i, name in enumerate(self.release_headers):  # no response carries one: its value was never recorded
            if not TOKEN.fullmatch(name):
                raise Invalid(f"release_headers[{i}]", f"{name!r} is not a header name such as 'x-release'")
        if self.sign and not SIGN_FORM.fullmatch(self.sign):
            raise Invalid("sign", f"{self.sign!r}; give 'aws:SERVICE:REGION', e.g. 'aws:bedrock:us-east-1'")
        for i, pattern in enumerate(self.sign_endpoints):
            check_endpoint(f"sign_endpoints[{i}]", pattern)
        if not self.sign and self.sign_endpoints != [EVERY_ENDPOINT]:  # a signature asked for and none said how
            raise Invalid(
                "sign_endpoints", "names endpoints to sign, but sign is not set; add sign = 'aws:SERVICE:REGION'"
            )

    def unsafe_allowed(self, endpoint: str) -> bool:
        """Whether ``endpoint`` ("METHOD /template") may be replayed. The globs match the path a server
        resolves: an unsafe endpoint whose path has dot segments (``..``, ``%2e``) is never allowed."""
        method, _, path = endpoint.partition(" ")
        if method in SAFE_METHODS:
            return True
        if normalise_path(path) != path:
            return False
        return first_match(endpoint, self.allow_unsafe) is not None


@dataclass
class Policy:
    """How one request is sent: the behaviour of a production client (OpenAI/Anthropic SDK defaults)."""

    connect_timeout: Duration = 5.0
    read_timeout: Duration = 600.0  # per socket read, like httpx's read timeout
    total_timeout: Duration | None = None  # one attempt, send to last byte
    max_retries: int = 2
    backoff: Duration = 0.5  # first back-off; doubles per retry
    backoff_max: Duration = 8.0
    jitter: float = 0.25  # a back-off is shortened by up to this share
    retry_statuses: list[int | str] = field(default_factory=lambda: [408, 409, 429, "5xx"])
    retry_errors: bool = True  # retry connection errors and timeouts
    retry_after_max: Duration = 120.0  # a longer retry-after is not retried
    cancel_after: Duration | None = None  # the user gives up this long after the first send
    # markers that end a stream besides every wire format's own (replay.util.wire.END_MARKERS), e.g. "done"
    stream_end: list[str] = field(default_factory=list)

    def check(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout", "cancel_after"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise Invalid(name, f"{value}; give a positive duration")
        for name in ("backoff", "backoff_max", "retry_after_max"):  # -1 s ran as no wait: retries at once
            value = getattr(self, name)
            if value is not None and value < 0:
                raise Invalid(name, f"{value}; give a duration of 0 or more")
        if self.max_retries is not None and not 0 <= self.max_retries <= 100:
            raise Invalid("max_retries", f"{self.max_retries} is outside 0..100")
        if self.jitter is not None and not 0.0 <= self.jitter <= 1.0:
            raise Invalid("jitter", f"{self.jitter} is outside 0..1")
        for i, s in enumerate(self.retry_statuses or ()):
            if not (isinstance(s, int) and 100 <= s <= 599) and s not in ("4xx", "5xx"):
                raise Invalid(f"retry_statuses[{i}]", f"{s!r}: give a status such as 429, or '5xx'")
        for i, marker in enumerate(self.stream_end or ()):  # "" matches an event without data (a keep-alive)
            if not marker.strip():
                raise Invalid(
                    f"stream_end[{i}]", "an empty marker ends a stream at its first event without data; drop it"
                )

    def retries_status(self, status: int) -> bool:
        """Whether ``status`` is in ``retry_statuses``."""
        return any(s == status or s == f"{status // 100}xx" for s in self.retry_statuses)


def _override_fields() -> list[tuple[str, Any, Any]]:
    # Same keys as Policy, each optional: None inherits from [client].
    return [(f.name, f"{f.type} | None", field(default=None)) for f in dataclasses.fields(Policy)]


PolicyOverride = dataclasses.make_dataclass(
    "PolicyOverride",
    _override_fields(),
    namespace={"check": Policy.check, "__doc__": "Per-endpoint ``[client.endpoints.'METHOD /path']`` keys."},
)
PolicyOverride.__module__ = __name__  # its string annotations resolve in this module


@dataclass
class ClientConfig(Policy):
    """``[client]``: the default policy, per-endpoint overrides and generator limits."""

    endpoints: dict[str, PolicyOverride] = field(default_factory=dict)  # type: ignore[valid-type]
    # rows in progress per worker process (under way, or due and waiting for a generator behind its
    # schedule); a row finding them all busy is dropped, and so is the oldest waiting when there are more
    max_in_flight: int = 10_000
    connections: int = 1000  # per worker process, like the SDKs' httpx limit; a request waits for one
    keep_body: int = 256 * 1024  # bytes of each response kept for the judge
    seed: int = 0  # back-off jitter

    def check(self) -> None:
        super().check()
        for pattern in self.endpoints:
            check_endpoint(f"endpoints.{pattern}", pattern)
        if self.max_in_flight < 1:
            raise Invalid("max_in_flight", f"{self.max_in_flight}; give at least 1")
        if self.connections < 1:
            raise Invalid("connections", f"{self.connections}; give at least 1")
        if self.keep_body < 0:
            raise Invalid("keep_body", f"{self.keep_body}; give 0 or more bytes")

    def policy(self, endpoint: str) -> Policy:
        """The policy for ``endpoint``: [client] with the first matching endpoint override on top."""
        base = Policy(**{f.name: getattr(self, f.name) for f in dataclasses.fields(Policy)})
        pattern = first_match(endpoint, self.endpoints)
        if pattern is None:
            return base
        changes = {k: v for k, v in dataclasses.asdict(self.endpoints[pattern]).items() if v is not None}
        return dataclasses.replace(base, **changes)
