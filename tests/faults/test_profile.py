"""Profile files, the scenario's [[faults]] section and the seeded decisions of the injector."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.config.faults import ProfileSet, load_profiles, parse_profiles
from replay.config.scenario import parse_scenario
from replay.errors import BadInput
from replay.faults.decide import Injector

HEADERS: dict[str, str] = {}


def _set(*rules: dict, seed: int = 1, active: str = "p") -> ProfileSet:
    return parse_profiles({"seed": seed, "active": active, "profiles": [{"name": "p", "rules": list(rules)}]}, "t")


def _decisions(inj: Injector, n: int, path: str = "/v1/chat/completions") -> list:
    return [inj.decide("POST", "api", path, HEADERS) for _ in range(n)]


def test_toml_and_json_round_trip(tmp_path: Path) -> None:
    toml = tmp_path / "p.toml"
    toml.write_text('seed = 3\n[[profiles]]\nname = "slow"\nrules = [{type = "latency", delay = "250ms"}]\n')
    ps = load_profiles(toml)
    assert ps.names == ["none", "slow"] and ps.profiles[0].rules[0].delay == 0.25
    js = tmp_path / "p.json"
    js.write_bytes(ps.to_json())
    assert load_profiles(js) == ps


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"type": "throttle"}, "bytes_per_s: missing"),
        ({"type": "latency", "delay": 1, "jitter": 0.1, "sigma": 0.5}, "at most one of jitter, sigma and capture"),
        ({"type": "error", "status": 700}, "700 is not an HTTP status"),
        ({"type": "error", "shape": "xml"}, "'xml' is not one of 'openai', 'anthropic', 'plain'"),
        ({"type": "hang", "after": 2}, "after: does not apply to hang faults (it takes cap)"),
        ({"type": "latency", "capture": "/nonexistent.jsonl"}, "/nonexistent.jsonl is not a file"),
        # a matcher on a header no request carries: the rule never fired, and nothing said so (H131)
        ({"type": "reset", "headers": {"x tenant": "*"}}, "'x tenant' is not a request header name"),
        # a glob no request path (always '/...') or host fits: as inert, and as silent
        ({"type": "reset", "path": "v1/chat"}, "path: 'v1/chat' matches no request: a path starts with '/'"),
        ({"type": "reset", "path": ""}, "path: '' matches no request"),
        ({"type": "reset", "host": ""}, "host: '' matches no request"),
    ],
)
def test_bad_rules(rule: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        _set(rule)


def test_duplicate_names() -> None:
    with pytest.raises(BadInput, match="'reset' is used twice"):
        _set({"type": "reset"}, {"type": "reset", "probability": 0.5})
    with pytest.raises(BadInput, match="'none'"):
        parse_profiles({"profiles": [{"name": "none"}]}, "t")


@pytest.mark.parametrize("rules", [{"rules": []}, {}], ids=["empty", "left-out"])
def test_a_profile_of_no_rules_is_refused(rules: dict) -> None:
    # a second name for 'none': a step the scenario meant to fault ran clean, without a word
    with pytest.raises(BadInput, match=r"t: profiles\[0\]\.rules: none; give the profile its rules, or name 'none'"):
        parse_profiles({"profiles": [{"name": "calm", **rules}]}, "t")


SCENARIO = """
[[load.steps]]
rate = 5
duration = "10s"
[[load.steps]]
rate = 5
duration = "10s"

[[faults]]
name = "model"
upstream = "http://127.0.0.1:8001"
listen = "127.0.0.1:18001"
steps = STEPS
[[faults.profiles]]
name = "slow-1s"
rules = [{ type = "latency", delay = "1s" }]
"""


def test_scenario_section() -> None:
    s = parse_scenario(SCENARIO.replace("STEPS", '["none", "slow-1s"]'), "demo.toml")
    (f,) = s.faults
    assert (f.name, f.upstream, f.step_profile(0), f.step_profile(1), f.step_profile(5)) == (
        "model", "http://127.0.0.1:8001", "none", "slow-1s", "none",
    )  # fmt: skip
    assert f.profile_set().active == "none"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('["none", "slow-4s"]', None), "demo.toml: faults[0].steps[1]: 'slow-4s' names no profile; defined: none, s"),
        (('["none"]', ('upstream = "http://127.0.0.1:8001"', 'control = "http://a.example:9000"')), "loopback only"),
        (('["none"]', ('upstream = "http://127.0.0.1:8001"', "")), "give either upstream"),
        (('["none"]', ('listen = "127.0.0.1:18001"', 'listen = "nowhere"')), "faults[0].listen"),
        # the label of its counters and of each step's faults ("=slow-1s")
        (('["none"]', ('name = "model"', 'name = ""')), "demo.toml: faults[0].name: ''; give the proxy a name"),
    ],
)
def test_scenario_bad_input(edit: tuple, message: str) -> None:
    steps, swap = edit
    text = SCENARIO.replace("STEPS", steps)
    if swap:
        text = text.replace(*swap)
    with pytest.raises(BadInput, match=message.replace("[", r"\[").replace("]", r"\]")) as e:
        parse_scenario(text, "demo.toml")
    assert "\n" not in str(e.value)


def test_seeded_decisions_are_reproducible() -> None:
    rules = ({"type": "error", "probability": 0.3}, {"type": "latency", "delay": 0.1, "sigma": 0.5, "probability": 0.5})
    ps = _set(*rules)
    a, b = _decisions(Injector(ps), 200), _decisions(Injector(ps), 200)
    assert a == b
    assert 40 <= sum(d is not None and d.abort is not None for d in a) <= 80
    assert _decisions(Injector(_set(*rules, seed=2)), 200) != a
    inj = Injector(ps)
    first = _decisions(inj, 50)
    inj.activate("p")  # switching in again resets the coins
    assert _decisions(inj, 50) == first


def test_a_rules_coin_ignores_other_rules() -> None:
    error = {"type": "error", "probability": 0.5, "method": "POST"}
    alone = _set(error)
    both = _set(error, {"type": "reset", "probability": 0.5, "path": "/other"})
    fires = [d is not None for d in _decisions(Injector(alone), 100)]
    inj = Injector(both)
    mixed = []
    for _ in range(100):
        inj.decide("GET", "api", "/other", HEADERS)  # draws the reset rule's coin only
        mixed.append(inj.decide("POST", "api", "/v1/chat", HEADERS) is not None)
    assert mixed == fires


def test_matchers() -> None:
    ps = _set({"type": "reset", "path": "/v1/*", "method": "post", "headers": {"X-Tenant": "gold-*"}})
    inj = Injector(ps)
    assert inj.decide("POST", "h", "/v1/chat", {"x-tenant": "gold-7"}) is not None
    assert inj.decide("GET", "h", "/v1/chat", {"x-tenant": "gold-7"}) is None
    assert inj.decide("POST", "h", "/v2/chat", {"x-tenant": "gold-7"}) is None
    assert inj.decide("POST", "h", "/v1/chat", {"x-tenant": "silver"}) is None


def test_latency_draws() -> None:
    jitter = _decisions(Injector(_set({"type": "latency", "delay": 1.0, "jitter": 0.2})), 300)
    values = [d.delay for d in jitter]
    assert 0.8 <= min(values) < 0.85 and 1.15 < max(values) <= 1.2
    draws = _decisions(Injector(_set({"type": "latency", "delay": 1.0, "sigma": 0.5})), 301)
    lognormal = sorted(d.delay for d in draws)
    assert 0.85 < lognormal[150] < 1.15 and lognormal[-1] > 2.0


def test_latency_from_a_capture(tmp_path: Path) -> None:
    cap = tmp_path / "cap.jsonl"
    lines = [
        {"request": {"method": "POST", "url": "http://api/v1/chat", "headers": []}, "timings": {"start": 0, "ttfb": t}}
        for t in (0.5, 0.7, 0.9)
    ]
    lines.append({"request": {"method": "GET", "url": "http://api/health", "headers": []}, "timings": {"ttfb": 9.0}})
    cap.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in lines))
    inj = Injector(_set({"type": "latency", "capture": str(cap), "path": "/v1/*"}))
    assert {d.delay for d in _decisions(inj, 60, "/v1/chat")} == {0.5, 0.7, 0.9}
    with pytest.raises(BadInput, match="no exchange with a measured time matches fault rule 'latency'"):
        Injector(_set({"type": "latency", "capture": str(cap), "path": "/v9/*"}))


def test_latency_from_a_capture_times_the_upstream_not_the_client(tmp_path: Path) -> None:
    """A record whose client gave up waiting holds the client's patience (30 s), not the upstream's time: never drawn;
    one whose client left mid-stream has the upstream's time to first byte (0.4 s). One the upstream broke off before
    its client got the answer has its head's (``meta.upstream_response``, 0.6 s), one with no ttfb its total (0.8 s),
    and one with no answer at all (refused at once) nothing to time."""
    cap = tmp_path / "cap.jsonl"
    req = {"method": "POST", "url": "http://api/v1/chat", "headers": []}
    answer = {"status": 200, "headers": []}
    lines = [
        {"request": req, "timings": {"start": 0, "ttfb": 0.5, "total": 0.9}, "response": answer},
        {
            "request": req,
            "timings": {"start": 0, "total": 30.0},
            "error": "Client disconnected.",
            "meta": {"client_aborted": True},
        },
        {
            "request": req,
            "timings": {"start": 0, "ttfb": None, "total": 1.2},
            "error": "peer closed connection",
            "meta": {"upstream_response": {"status": 200, "reason": "OK", "http_version": "HTTP/1.1", "ttfb": 0.6}},
        },
        {"request": req, "timings": {"start": 0, "total": 0.8}, "response": answer},
        {"request": req, "timings": {"start": 0, "total": 0.01}, "error": "Connection refused"},
        {
            "request": req,
            "timings": {"start": 0, "ttfb": 0.4, "total": 5.0},
            "response": answer,
            "error": "Client disconnected.",
            "meta": {"client_aborted": True, "response_incomplete": True},
        },
    ]
    cap.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in lines))
    inj = Injector(_set({"type": "latency", "capture": str(cap), "path": "/v1/*"}))
    assert {d.delay for d in _decisions(inj, 100, "/v1/chat")} == {0.4, 0.5, 0.6, 0.8}


def test_order_and_composition() -> None:
    ps = _set(
        {"type": "hang"},
        {"type": "error", "status": 500},
        {"type": "latency", "delay": 0.1},
        {"type": "latency", "name": "more", "delay": 0.2},
        {"type": "stream_truncate", "after": 5},
    )
    (d,) = _decisions(Injector(ps), 1)
    assert d.abort.type == "error" and abs(d.delay - 0.3) < 1e-9 and d.stream is None  # error before hang
    ps = _set(
        {"type": "stream_truncate", "after": 5},
        {"type": "stream_error", "after": 3},
        {"type": "stream_stall", "after": 1, "delay": 0.5},
        {"type": "throttle", "bytes_per_s": 100},
        {"type": "throttle", "name": "slower", "bytes_per_s": 50},
        {"type": "stream_delay", "delay": 0.2},
        {"type": "stream_delay", "name": "later", "delay": 0.3},
    )
    (d,) = _decisions(Injector(ps), 1)
    s, rules = d.stream, ps.profiles[0].rules
    assert (s.end.type, s.end_after, s.stalls, s.bytes_per_s) == ("stream_error", 3, [(1, 0.5, rules[2])], 50)
    # the rules behind each, which the counters count by name: the lowest throttle, both delays
    assert s.throttle is rules[4] and s.delayed == rules[5:] and abs(s.first_delay - 0.5) < 1e-9


def test_a_rule_says_what_it_does_from_its_own_parameters() -> None:
    """``Fault.does``: what the counters and the report say of a rule (H205)."""
    ps = _set(
        {"type": "latency", "delay": "4s", "probability": 0.1},
        {"type": "stream_delay", "delay": "250ms", "jitter": "50ms"},
        {"type": "error", "status": 503, "retry_after": "1s", "start": "4s", "end": "9s"},
        {"type": "rate_limit", "rate": 7, "burst": 3, "end": "4s"},
        {"type": "hang", "cap": "15s"},
        {"type": "stream_stall", "after": 2, "delay": "12s", "start": "2s"},
    )
    assert [r.does for r in ps.profiles[0].rules] == [
        "latency 4 s, probability 0.1",
        "stream_delay 250 ms ± 50 ms",
        "error 503 advising retry-after 1 s, from 4 s to 9 s",
        "rate_limit 7/s, burst 3, until 4 s",
        "hang up to 15 s",
        "stream_stall 12 s after 2 events, from 2 s",
    ]


def test_forced_rules() -> None:
    ps = parse_profiles(
        {"profiles": [{"name": "a", "rules": [{"type": "reset", "probability": 0}]},
                      {"name": "b", "rules": [{"type": "error", "name": "boom", "probability": 0}]}]},
        "t",
    )  # fmt: skip
    inj = Injector(ps)  # active: none
    assert inj.decide("GET", "h", "/", {}) is None
    assert inj.decide("GET", "h", "/", {}, "boom").abort.name == "boom"
    assert inj.decide("GET", "h", "/", {}, "reset, boom").abort.type == "error"
    with pytest.raises(KeyError):
        inj.decide("GET", "h", "/", {}, "nope")
