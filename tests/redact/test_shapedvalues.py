"""Values a JSON body's shape says are a person's (``replay.redact.shapedvalues``): extended ids, query patterns."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor


def _sent(r: Redactor, doc: dict) -> tuple[str, dict[str, int]]:
    """``doc`` as a JSON request's body, redacted, and the counts by kind."""
    text = json.dumps(doc)
    body = Body(text, "utf8", len(text))
    ex = r.redact(
        Exchange(
            "q", Request("POST", "https://db.example/find", [("content-type", "application/json")], body), Timings(0.0)
        )
    )
    assert ex.request.body is not None
    return ex.request.body.text, ex.redactions


def test_an_ad_request_s_extended_ids_are_a_person_s(r: Redactor) -> None:
    doc = {
        "imp": [{"id": "1", "tagid": "div-gpt-ad-top"}],
        "user": {
            "eids": [
                {"source": "uidapi.com", "uids": [{"id": "A4AAAAs8pQZv1Fy3uJ8Ex4RoLw2aQ6Tc", "atype": 3}]},
                {"source": "pubcid.org", "uids": [{"id": "3f9c1a2e-7b4d-4e8a-9c6f-1d2e3f4a5b6c", "atype": 1}]},
            ]
        },
    }
    out, found = _sent(r, doc)
    assert "A4AAAAs8pQZv1Fy3uJ8Ex4RoLw2aQ6Tc" not in out and "3f9c1a2e-7b4d-4e8a-9c6f-1d2e3f4a5b6c" not in out, out
    assert "uidapi.com" in out and "pubcid.org" in out and "div-gpt-ad-top" in out and found["device_id"] == 2


@pytest.mark.parametrize(
    ("query", "secret"),
    [
        ({"filter": {"email": {"$regex": "^jolanta\\.wisniewska@", "$options": "i"}}}, "wisniewska"),
        ({"filter": {"lastName": {"$regex": "^Kowalczyk"}}}, "Kowalczyk"),
        ({"query": {"wildcard": {"email": {"value": "henrike.lundqvist*"}}}}, "lundqvist"),
        ({"query": {"prefix": {"last_name": "Oyelaran"}}}, "Oyelaran"),
    ],
)
def test_a_query_s_pattern_on_a_person_s_field_is_theirs(r: Redactor, query: dict, secret: str) -> None:
    assert secret not in _sent(r, query)[0]


@pytest.mark.parametrize(
    "query",
    [
        {"filter": {"status": {"$regex": "^active"}, "plan": {"$regex": "^pro"}}},
        {"query": {"bool": {"must": [{"wildcard": {"sku": "ABC-12*"}}, {"prefix": {"path": "/var/log"}}]}}},
    ],
)
def test_a_pattern_on_another_field_is_kept(r: Redactor, query: dict) -> None:
    assert _sent(r, query)[0] == json.dumps(query)
