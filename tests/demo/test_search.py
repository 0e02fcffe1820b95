from __future__ import annotations

import httpx
import pytest

from replay.demo.search import Index, load_corpus
from replay.demo.world import World
from tests.demo.conftest import WORLD


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("How do I reset my password?", "password-reset"),
        ("Quiero solicitar un reembolso", "refund-request"),
        ("Wie kann ich mein Abo kündigen?", "cancel-subscription"),
        ("charged twice this month", "double-charge"),
        ("change the email on my account", "change-email"),
    ],
)
def test_ranks_the_right_article_first(query: str, first: str) -> None:
    assert Index(load_corpus()).search(query, 3)[0][0].id == first


def test_nothing_for_off_topic_questions() -> None:
    assert Index(load_corpus()).search("Write a haiku about autumn leaves", 3) == []


@pytest.mark.e2e
@WORLD
def test_search_over_http(world: World) -> None:
    r = httpx.post(world.search_url + "/search", json={"query": "download invoice", "k": 2})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) <= 2 and results[0]["id"] == "invoices" and results[0]["text"]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{", 400), (b"[]", 400), (b"{}", 400), (b'{"query": "x", "k": 0}', 400), (b'{"query": 3}', 400)],
)
@WORLD
def test_bad_input_is_a_4xx_json_error(world: World, body: bytes, status: int) -> None:
    r = httpx.post(world.search_url + "/search", content=body)
    assert r.status_code == status and r.json()["error"]["message"]
