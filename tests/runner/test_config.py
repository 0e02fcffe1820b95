"""Scenario sections [target] and [client]."""

from __future__ import annotations

import pytest

from replay.config.scenario import parse_scenario
from replay.config.target import host_allowed
from replay.errors import BadInput

SCENARIO = """
[target]
base_url = "https://staging.example.com:8443/api"
allow_hosts = ["*.example.com"]
allow_unsafe = ["POST /v1/*"]
[target.headers]
set = { authorization = "Bearer ${TOKEN}" }
drop = ["cookie"]
[client]
read_timeout = "30s"
max_retries = 3
retry_statuses = [429, "5xx"]
[client.endpoints."POST /v1/chat/completions"]
total_timeout = "1m"
max_retries = 0
[client.endpoints."* /v1/*"]
cancel_after = "2s"
"""


def test_sections_and_endpoint_overrides() -> None:
    s = parse_scenario(SCENARIO, "s.toml")
    assert s.target.headers.set == {"authorization": "Bearer ${TOKEN}"}
    chat = s.client.policy("POST /v1/chat/completions")
    assert (chat.total_timeout, chat.max_retries, chat.read_timeout, chat.cancel_after) == (60.0, 0, 30.0, None)
    other = s.client.policy("GET /v1/models")  # the first matching pattern wins
    assert (other.cancel_after, other.max_retries, other.total_timeout) == (2.0, 3, None)
    assert s.client.policy("GET /health").retries_status(503) and not s.client.policy("GET /").retries_status(404)
    assert s.target.unsafe_allowed("POST /v1/messages") and s.target.unsafe_allowed("GET /anything")
    assert not s.target.unsafe_allowed("DELETE /v1/files/{id}")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[target]\nbase_url = 'ftp://x'", "s.toml: target.base_url: 'ftp://x' is not an http(s) URL"),
        ("[target]\nallow_unsafe = ['/v1/chat']", "target.allow_unsafe[0]: '/v1/chat' is not 'METHOD /path'"),
        ("[target.headers]\nset = { host = 'x' }", "target.headers.set.host: is set by the client"),
        # a line break in a value was refused at prepare as the header of a capture record ("capture record 84")
        ('[target.headers]\nset = { x-a = "a\\r\\nInjected: 1" }', "target.headers.set.x-a: holds a line break"),
        ('[target.headers]\nreplace = { user-agent = "a\\u0000" }', "target.headers.replace.user-agent: holds a"),
        # sign_endpoints: glob patterns, and only beside a sign that says how
        ("[target]\nsign = 'aws:bedrock:us-east-1'\nsign_endpoints = ['/model/*']", "target.sign_endpoints[0]: '/m"),
        ("[target]\nsign_endpoints = ['POST /model/*']", "target.sign_endpoints: names endpoints to sign, but sign"),
        ("[client]\nconnect_timeout = 0", "client.connect_timeout: 0.0; give a positive duration"),
        ("[client]\njitter = 2", "client.jitter: 2.0 is outside 0..1"),
        # "" matched any event without data: a stream cut after a keep-alive was counted as ended, not truncated
        ("[client]\nstream_end = ['done', ' ']", "client.stream_end[1]: an empty marker ends a stream"),
        ("[client.endpoints.'GET /x']\nretries = 1", 'client.endpoints."GET /x".retries: unknown key; did you mean'),
        ("[client.endpoints.'/x']\nmax_retries = 1", "client.endpoints./x: '/x' is not 'METHOD /path'"),
    ],
)
def test_bad_values_name_file_and_key(toml: str, message: str) -> None:
    with pytest.raises(BadInput) as e:
        parse_scenario(toml, "s.toml")
    assert message in str(e.value)


def test_host_allowlist() -> None:
    allow = ["staging.example.com", "*.internal", "127.0.0.1:8080"]
    assert host_allowed("staging.example.com", 443, allow)
    assert host_allowed("api.internal", None, allow)
    assert host_allowed("127.0.0.1", 8080, allow)
    assert not host_allowed("127.0.0.1", 9090, allow)
    assert not host_allowed("example.com", None, allow)
    assert not host_allowed("internal", None, allow)
