"""Tokens that look generated (``replay.redact.tokens.high_entropy``): a slug someone wrote is not one."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.tokens import high_entropy


@pytest.mark.parametrize(
    "value",
    [
        *("feature.checkout.v2", "new-checkout-flow-2024", "user:1042:cart:items", "projects/shop/secrets/db/v2"),
        *("gpt-4o-mini-2024-07-18", "llama-3.1-70b-instruct"),  # a model's size is a slug's part
    ],
)
def test_slug_is_not_generated(value: str) -> None:
    assert not high_entropy(value)
    text = f'{{"key": "{value}", "value": true}}'
    assert Redactor(key=b"test-key").text(text)[0] == text


@pytest.mark.parametrize(
    "value", ["a8Fk2mQ9zX7pL3vN", "33a64df551425fcc55e4d42a", "s3cr3t-t0k3n-2024-abcd", "ghkqzmvbnxtrwplk2"]
)
def test_generated_token(value: str) -> None:
    assert high_entropy(value)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("DB_URL=mysql://ledger:Tq4#mZ8!wK@db.corp.net:3306/ledger", "@db.corp.net:3306/ledger"),
        ("amqp://:Hb2#Lr9#Xn@mq.corp.net/vhost", "@mq.corp.net/vhost"),
    ],
)
def test_a_url_password_holding_a_hash_sign_is_redacted_whole(text: str, host: str) -> None:
    out = Redactor(key=b"test-key").text(text)[0]
    assert "#" not in out and out.endswith(host)


@pytest.mark.parametrize("text", ["see http://docs.corp.net:8080/guide#install@v2", "https://corp.net/a#b@c"])
def test_a_fragment_is_not_read_as_a_password(text: str) -> None:
    assert Redactor(key=b"test-key").text(text)[0] == text
