"""Tokens (``replay.redact.tokens``): generated ones (``high_entropy``: a slug someone wrote is not one), the shapes
of a credential its words announce (``key_like``, ``basic_auth``), a URL's userinfo, a password's hash, a .pgpass
line's password."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.tokens import basic_auth, high_entropy, key_like


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
    "value",
    [
        "Rk7qW2xv9LmT4pZs8NcY3bHf",  # generated
        "8c1f0e7d2b9a4c3e6f5a0b1c2d3e4f5a",  # generated hex: its words say a credential's
        "7f3e9a1c-4b2d-4e8f-a6c5-0d9b8e7f6a5c",
        "q8ff2m1zk4rx9w",  # short: letters and digits mixed through it
        "tmV3Rq9sLpWxKo",  # short: both cases and a digit, hardly a character twice
        "ops:Tr0ub4dor&3",  # a login's pair, curl's ":PASSWORD" and "USER:" of a key
        ":Tr0ub4dor&3",
        '"Zq8mVt4wPr1x:"',
        "dGVhbTpzM2NyZXQ=",  # HTTP Basic's base64 of "team:s3cret"
        "b3BzOg==",  # of "ops:"
        "zt_Ab3dEf7hIj9kLm1nOp2qRs",  # a vendor's prefix before a generated tail, a word of it too
        "pscale_tkn_Ab3dEf7hIj9kLm1nOp2qRs",
        "sk_live_Hq4eC39LyjWDarjtT1zdp7dc",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq7Q",  # base64's "/"
        "SXRVxfCQGgXkHzxFUbEctTNL",  # random letters of both cases, no digit
    ],
)
def test_a_credential_s_shape(value: str) -> None:
    assert key_like(value)


@pytest.mark.parametrize(
    "value",
    [
        *("production", "enabled", "GalaxyS24Ultra", "iPhone15ProMax", "release2024", "utf8mb4_general", "x86_64"),
        *("gpt-4o-mini-2024-07-18", "claude-3-5-sonnet-20241022", "k8s-1.29.3-gke.1234", "ip-10-0-1-23.ec2.internal"),
        *("localhost:8080", "12:30:45", "sha256:9f86d081884c7d659a2feaa0c55ad015", "https://x.example/a1b2c3d4"),
        *("Python3.12", "v1.2.3-beta4", "ana@example.org", "hello:world", "xxxxxxxxxxxxxxxxxxxx", "short1"),
        *("ApplicationController", "getUserProfileData", "mistral-large-2407", "src/components/Button2"),
        "utf8mb4_unicode_ci",  # a word past a prefix's first characters: a setting's name
        *("/usr/lib/x86_64-linux-gnu", "api.example.com/v1/a1b2c3", "node_modules/abc123def"),
    ],
)
def test_no_credential_s_shape(value: str) -> None:
    assert not key_like(value)


def test_basic_auth_is_base64_of_a_user_and_a_colon() -> None:
    assert basic_auth("dGVhbTpzM2NyZXQ=") and basic_auth("b3BzOg==")
    assert not basic_auth("aGVsbG8gd29ybGQ=")  # "hello world"
    assert not basic_auth("OnNlY3JldA==")  # ":secret": no user
    assert not basic_auth("not base64 at all")


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


@pytest.mark.parametrize(
    "hashed",
    [
        "$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
        "$argon2id$v=19$m=19456,t=2,p=1$cGVwcGVyc2FsdA$W3bQkVd0Yq8sTn2mXl7cRk4oPz1aHf6Ej9uGiB5yCwA",
        "$6$Vw3kQ9zX$" + "Tn4bMq8Lr2Xs7Kd1Hf5Jp0Wz3Yc6Ga9Ue2Ri8Oh4Pl7Nk1Vm5Bj0Qx3Zt6Sa9Dw2Fe8Cy4Gu7Hi1Jo5Kp0Lq3Mr6",
        "pbkdf2_sha256$870000$Q2Vx9Lm3Tp7K$Zr0WnB9mX2kL6tQ1vY8cS4dH7fJ3gP5aE0uI9oR2yT8=",
    ],
    ids=["bcrypt", "argon2id", "sha512-crypt", "django-pbkdf2"],
)
def test_a_password_hash_is_redacted(hashed: str) -> None:
    text = f"17\tmkovac@corp.net\t{hashed}\tactive"  # a pasted dump's row: no field name tells it
    out, found = Redactor(key=b"test-key").text(text)
    assert hashed[-12:] not in out and found.get("password") == 1 and out.endswith("\tactive"), out


@pytest.mark.parametrize("text", ["echo $2b$ then $6$ costs", "sed 's/(a)(b)/$2a$1/'", "price: $5$ each"])
def test_a_hash_scheme_mark_alone_is_kept(text: str) -> None:
    assert Redactor(key=b"test-key").text(text)[0] == text


def test_a_pgpass_line_s_password_is_redacted() -> None:
    text = "cat ~/.pgpass\nreplica.corp.net:5432:orders:etl:Wd3Kp8Zq\n*:*:*:reporter:Fm6Rt1Xv"
    for t in (text, json.dumps({"content": text})):
        out, found = Redactor(key=b"test-key").text(t)
        assert "Wd3Kp8Zq" not in out and "Fm6Rt1Xv" not in out and found.get("password") == 2, out
        assert "replica.corp.net:5432:orders:etl:" in out, out


@pytest.mark.parametrize(
    "text", ["connect to db.corp.net:5432:failed", "listen 127.0.0.1:5432: ready", "localhost:5432:*:*:*"]
)
def test_what_is_no_pgpass_password_stays(text: str) -> None:
    assert Redactor(key=b"test-key").text(text)[0] == text


_DAI = "0x6B175474E89094C44Da98b954EedeAC495271d0F"  # the DAI token's contract (public, on every block explorer)
_WALLET = "0x742d35Cc6634C0532925a3b844Bc454e4438f44e"


@pytest.mark.parametrize(
    "text",
    [
        f'{{"contract_address": "{_DAI}", "chainId": 1}}',
        f"contractAddress={_DAI}&network=mainnet",
        f'{{"token_contract": "{_DAI}"}}',
        f"the DAI token contract {_DAI} on mainnet",
    ],
)
def test_a_contract_s_address_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [f'{{"wallet": "{_WALLET}"}}', f'{{"to": "{_DAI}", "from": "{_WALLET}"}}', f'{{"contract_owner": "{_WALLET}"}}'],
)
def test_a_wallet_under_its_own_name_is_still_redacted(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert _WALLET[2:] not in out and found["crypto_wallet"] >= 1, out
