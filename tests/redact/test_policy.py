"""Policy files: what they change, and one clear line with exit 2 when they are wrong."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import PolicyError, Redactor, load_policy
from tests.conftest import assert_bad_input, replay_here


def _policy(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "policy.toml"
    p.write_text(text)
    return p


def test_policy_adds_rules_turns_off_and_keeps(tmp_path: Path) -> None:
    pol = load_policy(
        _policy(
            tmp_path,
            """
disable = ["ip"]
phone_regions = ["GB"]
binary = "hash"
[headers]
redact = ["X-Internal-User"]
keep = ["x-api-key"]
[keys]
redact = ["employee_number"]
keep = ["password"]
[[rules]]
kind = "employee_id"
regex = "EMP-[0-9]{6}"
""",
        )
    )
    r = Redactor(key=b"k", policy=pol)
    body = '{"employee_number": "A17", "password": "kept-on-purpose", "note": "EMP-123456 from 81.2.69.160"}'
    headers = [
        ("x-internal-user", "alice"),
        ("x-api-key", "sk-live-not-redacted-here"),
        ("content-type", "application/json"),
    ]
    ex = r.redact(Exchange("1", Request("POST", "http://h/", headers, Body(body, "utf8", len(body))), Timings(0)))
    doc = orjson.loads(ex.request.body.text)  # type: ignore[union-attr]
    assert doc["employee_number"].startswith("redacted-") and doc["password"] == "kept-on-purpose"
    assert "EMP-123456" not in doc["note"] and doc["note"].endswith("81.2.69.160")
    assert dict(ex.request.headers)["x-internal-user"] != "alice"
    assert dict(ex.request.headers)["x-api-key"] == "sk-live-not-redacted-here"
    assert ex.redactions == {"secret": 1, "employee_id": 1, "header": 1}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('disable = ["emails"]\n', "unknown detector 'emails'"),
        ('[[rules]]\nkind = "x"\nregex = "EMP-("\n', "does not compile"),
        ('[headers]\nredact = "x-a"\n', "must be a list of strings"),
        ('[keys]\nsecret = ["a"]\n', "unknown key 'secret' in [keys]"),
        ('binary = "raw"\n', "binary must be 'drop', 'hash' or 'keep'"),
        ('phone_regions = ["XX"]\n', "not a region code"),
        ("disable = [\n", "not valid TOML"),
        ('[keys]\nredact = [""]\n', "keys.redact: '' names nothing"),
        ('[headers]\nkeep = ["-"]\n', "headers.keep: '-' names nothing"),
    ],
)
def test_bad_policy_is_one_line_and_exit_2(tmp_path: Path, text: str, needle: str) -> None:
    policy = _policy(tmp_path, text)
    with pytest.raises(PolicyError, match=r"policy\.toml"):
        load_policy(policy)
    cap = tmp_path / "in.jsonl"
    cap.write_text("")
    for args in (["redact", str(cap), "--out", str(tmp_path / "o.jsonl")], ["scan", str(cap)]):
        assert_bad_input(replay_here(*args, "--policy", str(policy)), str(policy), needle)
