"""Reading W3C Server-Timing headers (the examples are the spec's, https://w3c.github.io/server-timing/)."""

from __future__ import annotations

import pytest

from replay.util.servertiming import server_timing


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("miss, db;dur=53, app;dur=47.2", {"db": 0.053, "app": 0.0472}),  # a metric without dur has no time
        ("customView, dc;desc=atl", {}),
        ('cache;desc="Cache Read";dur=23.2', {"cache": 0.0232}),
        ("total;dur=123.4", {"total": 0.1234}),
        ('search;dur=310.2, model;dur=480;desc="gpt"', {"search": 0.3102, "model": 0.48}),
        # two headers joined, a quoted desc holding a comma, a semicolon and an escaped quote, space around = and ;
        ('model ; desc="a, \\"b\\"; c" ; dur = 480, search;dur=10', {"model": 0.48, "search": 0.01}),
        ('search;dur="12.5"', {"search": 0.0125}),  # a quoted value is a value
        ("Search;DUR=5", {"Search": 0.005}),  # param names are case-insensitive, metric names kept
    ],
)
def test_the_specs_grammar_reads_each_metrics_duration_in_seconds(value: str, seconds: dict[str, float]) -> None:
    assert server_timing(value) == pytest.approx(seconds)


def test_a_param_named_twice_counts_once_and_a_metric_named_twice_adds_up() -> None:
    """The spec keeps a param's first value; a service that called the search twice spent both calls' time there."""
    assert server_timing("db;dur=5;dur=9") == pytest.approx({"db": 0.005})
    assert server_timing("search;dur=100, model;dur=400, search;dur=150") == pytest.approx(
        {"search": 0.25, "model": 0.4}
    )


@pytest.mark.parametrize(
    "value",
    [None, "", " , ,", "db;dur=abc", "db;dur=-1", "db;dur=inf", ";dur=5", "=;=", 'x;desc="never closed, y;dur=3'],
)
def test_what_does_not_parse_says_no_time_and_never_raises(value: str | None) -> None:
    assert server_timing(value) == {}


def test_a_broken_metric_is_skipped_to_the_next_one() -> None:
    assert server_timing("a b c;dur=1, search;dur=7") == pytest.approx({"search": 0.007})
