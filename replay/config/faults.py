"""Fault rules, named profiles, profile files and the scenario's ``[[faults]]`` section.

A profile file (``replay faults --profile FILE``), TOML or JSON:

    seed = 7                     # every probabilistic choice derives from it
    active = "slow"              # the profile in force at start; "none" (no faults) by default

    [[profiles]]
    name = "slow"
    [[profiles.rules]]
    type = "latency"             # see TYPES; the parameters each type takes are in PARAMS
    delay = "250ms"
    jitter = "50ms"              # uniform in delay +- jitter (or sigma = 0.5: log-normal around delay,
    probability = 0.5            # or capture = "prod.jsonl.zst": drawn from captured time to first byte)
    path = "/v1/chat/*"          # matchers: path and host globs, method, header globs; all must match
    [[profiles.rules]]
    type = "error"
    status = 429
    shape = "openai"             # openai | anthropic | plain body
    retry_after = "1s"
    name = "ratelimit"           # what ``x-replay-fault: ratelimit`` forces (default: the type)
    [[profiles.rules]]
    type = "rate_limit"          # a token bucket: `rate` requests/s, `burst` at once (default: ceil(rate))
    rate = 5.0
    burst = 10
    key = "authorization"        # one bucket per value of this request header (default: one for all)
    retry_after = "1s"           # the least wait a 429 advises (default: the bucket's own, to the ms)
    shape = "openai"             # the 429 and its x-ratelimit-* / anthropic-ratelimit-* / RateLimit-* headers
    [[profiles.rules]]
    type = "concurrency"         # at most `limit` calls in flight upstream; past it 429 (or 529) at once
    limit = 8
    [[profiles.rules]]
    type = "error"               # an outage: every chat call 503 for 4 s, from 3 s into the profile
    name = "outage"
    status = 503
    path = "/v1/chat/*"
    start = "3s"                 # the window, any type: offsets from when the profile came into force (a
    end = "7s"                   # load step's start; the proxy's start for its first); either alone is open

Order of application, fixed: latency (before the request goes upstream), then one abort (rate_limit,
concurrency, error, reset or hang, in that order: the first that fires answers the request), then on the response
stream_delay, stream_stall, stream_truncate / stream_error (whichever comes first) and throttle.
Every matching rule draws its own seeded coin on every request, so a rule's decisions depend only
on the sequence of requests it matched. The two limits (``LIMITS``) are stateful and draw no coin:
a bucket's answer depends on the times of the requests it matched, a concurrency limit's on the calls
still in flight; their state starts afresh when the profile is switched in. Their 429 carries the
retry-after (and retry-after-ms) the bucket computes, as the APIs do. Stream faults act on
``text/event-stream`` and NDJSON responses (counting events, an NDJSON line each); throttle on any body.

A rule with a window (``start``, ``end``) exists only for the requests that arrive inside it, as a
Toxiproxy toxic added and removed, a Gremlin attack's length or a Chaos Mesh fault's duration: outside
it the rule neither fires nor draws its coin, and the proxy counts the calls it hit per segment. The
offsets start again at every profile switch (each load step), like the coins and the limits' state.

The scenario section ``[[faults]]`` is a profile set plus where the proxy sits and which profile
each load step runs under (``FaultsConfig``).
"""

from __future__ import annotations

import fnmatch
import math
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import orjson

from replay.config.loader import (
    MAX_DURATION_DAYS,
    Duration,
    Invalid,
    build_section,
    check_header_value,
    check_name,
    config_text,
    loads_toml,
    read_config,
)
from replay.console import listed
from replay.errors import BadInput
from replay.util.hostport import is_loopback, parse_proxy

__all__ = [
    "LIMITS",
    "NONE",
    "PARAMS",
    "TYPES",
    "Fault",
    "FaultsConfig",
    "Profile",
    "ProfileSet",
    "is_loopback",
    "load_profiles",
    "parse_profiles",
]

NONE = "none"  # the profile without faults, always defined
FaultType = Literal[
    "latency",
    "error",
    "reset",
    "hang",
    "stream_delay",
    "stream_stall",
    "stream_truncate",
    "stream_error",
    "throttle",
    "rate_limit",
    "concurrency",
]
TYPES: tuple[str, ...] = FaultType.__args__  # type: ignore[attr-defined]
LIMITS = ("rate_limit", "concurrency")  # stateful: no coin, a bucket or a count of calls in flight
REQUEST_PHASE = ("latency", *LIMITS, "error", "reset", "hang")
ABORTS = (*LIMITS, "error", "reset", "hang")
STREAM_PHASE = ("stream_delay", "stream_stall", "stream_truncate", "stream_error", "throttle")
# The parameters each type takes; giving another is an error, so a typo never goes unnoticed.
PARAMS: dict[str, tuple[str, ...]] = {
    "latency": ("delay", "jitter", "sigma", "capture"),
    "error": ("status", "shape", "message", "code", "retry_after"),
    "reset": (),
    "hang": ("cap",),
    "stream_delay": ("delay", "jitter", "sigma"),
    "stream_stall": ("after", "delay"),
    "stream_truncate": ("after", "abrupt"),
    "stream_error": ("after", "shape", "message", "code"),
    "throttle": ("bytes_per_s",),
    "rate_limit": ("rate", "burst", "key", "retry_after", "status", "shape", "message", "code"),
    "concurrency": ("limit", "status", "shape", "message", "code", "retry_after"),
}
Shape = Literal["openai", "anthropic", "plain"]
_NO_BODY = (204, 205, 304)  # statuses whose answers carry no body (RFC 9110 15.3.5, 15.3.6, 15.4.5)
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+")  # a header name's characters (RFC 9110 5.1), lower-cased


@dataclass
class Fault:
    """One rule: a fault type, its parameters, when it applies (matchers) and how often (probability)."""

    type: FaultType
    name: str = ""  # for x-replay-fault and the counters; default: the type
    probability: float = 1.0
    path: str = "*"  # glob on the path, query excluded
    method: str = "*"
    host: str = "*"
    headers: dict[str, str] = field(default_factory=dict)  # request header name -> glob on its value
    # Parameters (None: the type's default; see PARAMS for which type takes which)
    delay: Duration | None = None  # latency, stream_delay: added seconds; stream_stall: the pause
    jitter: Duration | None = None  # uniform +- around delay
    sigma: float | None = None  # log-normal spread around delay (delay is the median)
    capture: str | None = None  # latency drawn from this capture's time to first byte
    status: int | None = None  # error: 503
    shape: Shape | None = None  # error, stream_error: openai
    message: str | None = None
    code: str | None = None  # error code in the body (default from the status)
    # error, concurrency: sets retry-after and retry-after-ms; rate_limit: the least wait a 429 advises (APIs
    # advise coarse waits, Anthropic's retry-after in whole seconds), the bucket's own wait when longer
    retry_after: Duration | None = None
    cap: Duration | None = None  # hang: give up holding after this long (60 s) and drop the connection
    after: int | None = None  # stream faults: events let through first (1)
    abrupt: bool | None = None  # stream_truncate: drop the connection instead of ending the body
    bytes_per_s: int | None = None  # throttle
    rate: float | None = None  # rate_limit: requests per second the bucket refills
    burst: int | None = None  # rate_limit: the bucket's size (default: ceil(rate), at least 1)
    key: str | None = None  # rate_limit: one bucket per value of this request header (API key, user)
    limit: int | None = None  # concurrency: calls in flight upstream at most
    # The window, for any type: seconds from the profile's switch-in (a load step's start) when the rule starts
    # and stops applying; None: from the switch-in, or until the next switch
    start: Duration | None = None
    end: Duration | None = None

    def __post_init__(self) -> None:
        self.name = self.name or self.type
        self.method = self.method.upper()
        self.headers = {k.lower(): v for k, v in self.headers.items()}

    @property
    def does(self) -> str:
        """What the rule does, from its own parameters, for the counters and the report: ``latency 4 s,
        probability 0.1``, ``error 503 advising retry-after 1 s, from 4 s to 9 s``."""
        said = [f"{self.type}{_params(self)}"]
        if self.probability < 1:
            said.append(f"probability {self.probability:g}")
        if self.windowed:
            until = f" to {_secs(self.end)}" if self.end is not None else ""
            said.append(f"from {_secs(self.start)}{until}" if self.start is not None else f"until{until[3:]}")
        return ", ".join(said)

    @property
    def windowed(self) -> bool:
        return self.start is not None or self.end is not None

    def in_window(self, offset: float) -> bool:
        """Whether a request ``offset`` seconds after the profile's switch-in falls in the rule's window."""
        return (self.start or 0.0) <= offset and (self.end is None or offset < self.end)

    @property
    def matches_all(self) -> bool:
        """No matcher narrows the rule: the per-request check can be skipped."""
        return self.method == self.path == self.host == "*" and not self.headers

    def check(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise Invalid("probability", f"{self.probability} is outside 0..1")
        allowed = PARAMS[self.type]
        for name in _PARAM_NAMES:
            if getattr(self, name) is not None and name not in allowed:
                takes = ", ".join(allowed) or "no parameters"
                raise Invalid(name, f"does not apply to {self.type} faults (it takes {takes})")
        for name in ("delay", "jitter", "retry_after", "cap", "start", "end"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise Invalid(name, f"{value} s; give 0 or more")
        if self.end is not None and self.end <= (self.start or 0.0):
            raise Invalid(
                "end", f"{self.end:g} s is not after start ({self.start or 0:g} s); a window ends after it starts"
            )
        if self.type == "latency" and self.delay is None and self.capture is None:
            raise Invalid("delay", "missing; a latency fault needs a delay (or capture = FILE)")
        if self.type in ("stream_delay", "stream_stall") and self.delay is None:
            raise Invalid("delay", f"missing; a {self.type} fault needs a delay")
        if self.delay == 0 and not self.jitter:  # sigma spreads around a median of 0: 0 too
            # a rule that does nothing, as throttle's bytes_per_s < 1 or a window that ends as it starts
            # are refused; a profile without it, or 'none', injects no delay (demo/sweep leaves 0 out so)
            raise Invalid("delay", f"0 s; a {self.type} fault of 0 s delays nothing; give a delay or drop the rule")
        if sum(v is not None for v in (self.jitter, self.sigma, self.capture)) > 1:
            raise Invalid("jitter", "give at most one of jitter, sigma and capture")
        if self.capture is not None and (self.delay is not None or not Path(self.capture).is_file()):
            reason = "replaces delay; give one" if self.delay is not None else f"{self.capture} is not a file"
            raise Invalid("capture", reason)
        if self.sigma is not None and not 0 < self.sigma <= 5:
            raise Invalid("sigma", f"{self.sigma} is outside (0, 5]")
        if self.status is not None and not 100 <= self.status <= 599:
            raise Invalid("status", f"{self.status} is not an HTTP status (100..599)")
        if self.status is not None and (self.status < 200 or self.status in _NO_BODY):
            # sent with its error body, the body was read as the next response's head: the connection broke
            raise Invalid("status", f"{self.status} answers with no body; give an error status such as 429 or 503")
        if self.after is not None and self.after < 0:
            raise Invalid("after", f"{self.after}; give 0 or more events")
        if self.bytes_per_s is not None and self.bytes_per_s < 1:
            raise Invalid("bytes_per_s", f"{self.bytes_per_s}; give at least 1 byte per second")
        if self.type == "throttle" and self.bytes_per_s is None:
            raise Invalid("bytes_per_s", "missing; a throttle fault needs bytes_per_s")
        self._check_limits()
        if bad := next((name for name in self.headers if not _TOKEN.fullmatch(name)), None):
            # a matcher on a header no request can carry never fires: the rule was silently inert
            raise Invalid("headers", f"{bad!r} is not a request header name such as 'x-tenant'")
        for name, glob in self.headers.items():
            check_header_value(f"headers.{name}", glob)
        check_name("name", self.name)  # sent as x-replay-fault, printed in the counters
        if not self.method.replace("*", "A").isalpha():
            raise Invalid("method", f"{self.method!r} is not a method such as POST (or '*')")
        if not self.path.startswith(("/", "*", "?", "[")):  # 'v1/chat/*': the rule never fired, and nothing said so
            raise Invalid("path", f"{self.path!r} matches no request: a path starts with '/'; write e.g. '/v1/*'")
        if not self.host:
            raise Invalid("host", "'' matches no request; leave host out for any host, or give a glob such as '*.ai'")

    def _check_limits(self) -> None:
        if self.type in LIMITS and self.probability != 1.0:
            raise Invalid("probability", f"a {self.type} fault is a limit, not a coin; leave probability at 1")
        if self.type == "rate_limit" and (self.rate is None or not 0 < self.rate <= 1e6):
            raise Invalid("rate", f"{'missing' if self.rate is None else self.rate}; give requests per second (> 0)")
        if self.burst is not None and self.burst < 1:
            raise Invalid("burst", f"{self.burst}; give at least 1 request")
        if self.type == "rate_limit" and self.bucket_size / self.rate > MAX_DURATION_DAYS * 86400:
            # its waits went into retry-after as 80-digit numbers, and past a date (Anthropic's reset) the
            # proxy failed on every refusal, letting the request through while counting it refused
            days = self.bucket_size / self.rate / 86400
            raise Invalid(
                "rate",
                f"{self.rate:g}/s refills a bucket of {self.bucket_size:,} in {days:.3g} days; a bucket refills "
                f"within {MAX_DURATION_DAYS} days: raise rate or lower burst",
            )
        if self.type == "concurrency" and (self.limit is None or self.limit < 1):
            raise Invalid("limit", f"{'missing' if self.limit is None else self.limit}; give at least 1 call in flight")
        if self.key is not None:
            self.key = self.key.strip().lower()
            if not _TOKEN.fullmatch(self.key):  # 'clé' passed isalnum(), and no header is named so
                raise Invalid("key", f"{self.key!r} is not a request header name such as 'authorization'")

    @property
    def bucket_size(self) -> int:
        """A rate_limit's bucket: ``burst``, else the rate rounded up (at least 1)."""
        assert self.rate is not None
        return self.burst or max(1, math.ceil(self.rate))

    def matches(self, method: str, host: str, path: str, headers: Any) -> bool:
        """Whether the request fits every matcher; ``headers`` maps lower-case names to values."""
        if self.method != "*" and method != self.method:
            return False
        if self.path != "*" and not fnmatch.fnmatchcase(path, self.path):
            return False
        if self.host != "*" and not fnmatch.fnmatchcase(host.lower(), self.host.lower()):
            return False
        return all(fnmatch.fnmatchcase(headers.get(k, ""), v) for k, v in self.headers.items())


_PARAM_NAMES = tuple(sorted({p for ps in PARAMS.values() for p in ps}))


def _secs(seconds: float) -> str:
    """A rule's time as it is given: ``250 ms``, ``4 s``, ``1.5 s``."""
    return f"{seconds * 1000:g} ms" if seconds < 1 else f"{seconds:g} s"


def _params(r: Fault) -> str:
    """The parameters that say what ``r`` does (``Fault.does``), after its type: `` 4 s ± 500 ms``, `` 503``."""
    t = r.type
    if t in ("latency", "stream_delay"):
        if r.capture is not None:
            return f" drawn from {Path(r.capture).name}"
        spread = f" ± {_secs(r.jitter)}" if r.jitter else f" log-normal, sigma {r.sigma:g}" if r.sigma else ""
        return f" {_secs(r.delay or 0.0)}{spread}"
    if t == "stream_stall":
        return f" {_secs(r.delay or 0.0)} after {1 if r.after is None else r.after} events"
    if t in ("stream_truncate", "stream_error"):
        return f" after {1 if r.after is None else r.after} events" + (", abrupt" if r.abrupt else "")
    if t == "throttle":
        return f" {r.bytes_per_s} bytes/s"
    if t == "hang":
        return f" up to {_secs(r.cap)}" if r.cap is not None else ""
    if t == "rate_limit":
        assert r.rate is not None
        return f" {r.rate:g}/s, burst {r.bucket_size}"
    if t == "concurrency":
        return f" {r.limit} in flight"
    if t == "error":
        return f" {r.status or 503}" + (
            f" advising retry-after {_secs(r.retry_after)}" if r.retry_after is not None else ""
        )
    return ""


@dataclass
class Profile:
    """A named set of rules, all in force together."""

    name: str
    rules: list[Fault] = field(default_factory=list)

    def check(self) -> None:
        if not self.name or self.name == NONE:
            raise Invalid("name", f"{self.name!r}: give a name other than {NONE!r} (no faults) and ''")
        check_name("name", self.name)
        if not self.rules:  # a second name for 'none': a step meant to be faulted ran clean, without a word
            raise Invalid("rules", f"none; give the profile its rules, or name {NONE!r} (no faults) where it is used")
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.name in seen:
                raise Invalid(f"rules[{i}].name", f"{rule.name!r} is used twice in this profile; name each rule")
            seen.add(rule.name)


@dataclass
class ProfileSet:
    """The profiles a proxy knows, the one in force at start, and the seed of every random choice."""

    profiles: list[Profile] = field(default_factory=list)
    active: str = NONE
    seed: int = 0

    @property
    def names(self) -> list[str]:
        return [NONE, *(p.name for p in self.profiles)]

    def profile(self, name: str) -> Profile:
        """The profile called ``name`` (``none``: no rules); KeyError if there is none."""
        if name == NONE:
            return Profile(NONE)  # check() is the reader's, so the reserved name is fine here
        for p in self.profiles:
            if p.name == name:
                return p
        raise KeyError(name)

    def unknown(self, name: str) -> str:
        """The reason ``name`` is not a profile here."""
        return f"{name!r} names no profile; defined: {listed(self.names)}"

    def check(self) -> None:
        seen: set[str] = set()  # names.count() for each name took 4 s over 20,000 profiles
        for p in self.profiles:
            if p.name in seen:
                raise Invalid("profiles", f"{p.name!r} is defined twice; give each profile its own name")
            seen.add(p.name)
        if self.active not in self.names:
            raise Invalid("active", self.unknown(self.active))
        if not 0 <= self.seed < 2**63:
            raise Invalid("seed", f"{self.seed} is outside 0..2**63-1")

    def to_json(self) -> bytes:
        """The set as JSON, which ``load_profiles`` reads back (for a proxy started from a scenario)."""
        profiles = [
            {"name": p.name, "rules": [{k: v for k, v in asdict(r).items() if v is not None} for r in p.rules]}
            for p in self.profiles
        ]
        return orjson.dumps({"profiles": profiles, "active": self.active, "seed": self.seed})


@dataclass
class FaultsConfig(ProfileSet):
    """``[[faults]]``: one fault proxy in front of one upstream dependency of the target.

        [[faults]]
        name = "model"                          # a label for reports
        upstream = "http://127.0.0.1:8001"      # the real dependency; the runner starts the proxy here
        listen = "127.0.0.1:18001"              # where the target's dependency URL points
        steps = ["none", "slow-250ms", "slow-1s", "slow-4s"]   # the profile in force in each load step
        [[faults.profiles]]                     # as in a profile file
        name = "slow-250ms"
        rules = [{ type = "latency", delay = "250ms" }]

    Instead of ``upstream``, ``control = "http://127.0.0.1:PORT"`` drives a proxy already running
    (``replay faults`` started next to the target), with ``control_token = "${FAULTS_TOKEN}"`` the
    token it printed. ``active`` is in force where ``steps`` says nothing.
    """

    name: str = "upstream"
    upstream: str = ""
    listen: str = "127.0.0.1:0"
    control: str = ""
    control_token: str = ""  # for ``control``: the proxy's token, best as a ${ENV} reference
    steps: list[str] = field(default_factory=list)

    def check(self) -> None:
        super().check()
        if not self.name.strip():  # the label of its counters, its log and each step's faults ("=slow")
            raise Invalid("name", f"{self.name!r}; give the proxy a name for the reports, e.g. 'model'")
        check_name("name", self.name)
        if bool(self.upstream) == bool(self.control):
            raise Invalid("upstream", "give either upstream (start a proxy) or control (use a running one)")
        try:
            if self.upstream:
                parse_proxy(self.upstream, self.listen, ("upstream", "listen"))
        except BadInput as e:
            raise Invalid("upstream" if "upstream" in str(e) else "listen", str(e).split(" ", 1)[1]) from None
        if self.control:
            u = urlsplit(self.control)
            if u.scheme != "http" or not u.hostname or not is_loopback(u.hostname):
                raise Invalid("control", f"{self.control!r}: the control endpoint is http on loopback only")
        for i, name in enumerate(self.steps):
            if name not in self.names:
                raise Invalid(f"steps[{i}]", self.unknown(name))

    def step_profile(self, step: int) -> str:
        """The profile in force during load step ``step`` (0-based)."""
        return self.steps[step] if step < len(self.steps) else self.active

    def profile_set(self) -> ProfileSet:
        return ProfileSet(self.profiles, self.step_profile(0), self.seed)


def parse_profiles(doc: dict[str, Any], where: str) -> ProfileSet:
    """A checked ProfileSet from parsed TOML or JSON; BadInput naming ``where`` and the key."""
    return build_section(ProfileSet, doc, where)


def load_profiles(path: str | Path) -> ProfileSet:
    """Read a profile file (TOML, or JSON as ``ProfileSet.to_json`` writes)."""
    path = Path(path)
    # A BOM (Notepad's mark of UTF-8) read as the UTF-8 it marks (config_text): orjson refused it, and hid the "{".
    text = config_text(path, read_config(path, "profile file"), "profile file")
    try:
        # A TOML document cannot start with "{": that is JSON (also one handed down as /dev/fd/N).
        json = path.suffix == ".json" or text.lstrip()[:1] == "{"
        doc = orjson.loads(text) if json else loads_toml(text)
    except (tomllib.TOMLDecodeError, orjson.JSONDecodeError) as e:
        # Named by what it was read as: a .yaml file is read as TOML, and is no YAML profile file.
        raise BadInput(f"{path}: not a valid {'JSON' if json else 'TOML'} profile file ({e})") from None
    profiles = parse_profiles(doc, str(path))  # first: a misspelt key ([[profile]]) is named as one
    # An empty file, a seed alone, or an explicit `profiles = []` started the proxy with no profile but 'none' to
    # switch to, without a word. A scenario's [[faults]] may define none (a proxy that counts), but its set reaches
    # the proxy through faults_listeners (parse_profiles), never through here.
    if not profiles.profiles:
        raise BadInput(f"{path}: defines no [[profiles]]; add one, or leave --profile out to run without faults")
    return profiles
