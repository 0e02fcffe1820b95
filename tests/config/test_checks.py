"""``[checks]``: what a check reads must be something a response can carry."""

from __future__ import annotations

import pytest

from replay.config.scenario import parse_scenario
from replay.errors import BadInput


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ('fallback = [{ header = "x fallback" }]', "checks.fallback[0].header"),
        ('fallback = [{ header = "x-fallback", reason = "why?" }]', "checks.fallback[0].reason"),
        ('signals = [{ header = "x\\u0001r", class = "miss" }]', "checks.signals[0].header"),
        ('signals = [{ header = "x-r", reason = "x r", class = "miss" }]', "checks.signals[0].reason"),
        ('retries_header = "x retries"', "checks.retries_header"),
        ('model = "header:x model"', "checks.model"),
        ('path = "header:"', "checks.path"),
        ('[checks.baseline]\nheaders = ["x model"]', "checks.baseline.headers[0]"),
        ('[checks.baseline]\nheaders = ["x-model", ""]', "checks.baseline.headers[1]"),
    ],
)
def test_a_header_no_response_carries_is_refused(section: str, key: str) -> None:
    # a check reading a header of that name never fired, and nothing said so (as a fault's header matcher, H131)
    with pytest.raises(BadInput, match="is not a header name such as 'x-fallback'") as e:
        parse_scenario(f"[checks]\n{section}\n", "s.toml")
    assert f"s.toml: {key}: " in str(e.value)


def test_header_names_and_json_reasons_are_taken() -> None:
    text = """[checks]
fallback = [{ header = "X-Fallback", reason = "x-fallback-reason" }, { json = "meta.degraded", reason = "meta.why" }]
retries_header = "x-attempted-retries"
model = "header:x-model"
"""
    assert parse_scenario(text, "s.toml").checks.model == "header:x-model"


@pytest.mark.parametrize("key", ["must_include", "must_not_include", "must_match", "must_not_match"])
def test_an_empty_word_or_pattern_is_refused(key: str) -> None:
    # every answer holds "" and matches it: must_include = [""] passed every answer, must_not_include failed every one
    with pytest.raises(BadInput, match=rf"s\.toml: checks\.{key}\[1\]: ' ' is in every answer; give a word"):
        parse_scenario(f'[checks]\n{key} = ["help", " "]\n', "s.toml")
    assert parse_scenario(f'[checks]\n{key} = ["help"]\n', "s.toml")
