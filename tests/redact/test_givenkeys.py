"""A credential handed over by "with" or "using" in a sentence about signing in (``replay.redact.givenkeys``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor

KEY = "Rk7qW2xv9LmT4pZs8NcY3bHf"
UUID = "7f3e9a1c-4b2d-4e8f-a6c5-0d9b8e7f6a5c"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"I set up bravado with {KEY} but nothing arrives, what am I missing?", KEY),
        (f"getting 'invalid credentials' from the Quillo API using {KEY} - is the format wrong?", KEY),
        ("I authenticated with ops:Tr0ub4dor&3 and got a 403", "ops:Tr0ub4dor&3"),
        ("configured the plugin using dGVhbTpzM2NyZXQ= and it still says 401", "dGVhbTpzM2NyZXQ="),  # Basic's base64
        (f"I set up zentrix with {UUID} yesterday", UUID),
        ("signed in with q8ff2m1zk4rx9w fine, then 401", "q8ff2m1zk4rx9w"),
        (f'unauthorized when I log in using "{KEY}!"', f"{KEY}!"),  # quoted: the whole of it
    ],
)
def test_a_credential_handed_over_in_a_sentence_about_signing_in(r: Redactor, text: str, secret: str) -> None:
    out, found = r.text(text)
    assert secret not in out and found["secret"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        # no sign-in word before "with": a merge, a test, a call
        f"I merged the branch with {KEY} yesterday",
        f"calling the API with {KEY} returns 404",
        # a sign-in word, but no credential's shape after "with": a word, a model, a version, a host, a digest, a URL
        "I set up the project with create-react-app and vite",
        "I set up the API with gpt-4o-mini-2024-07-18 and claude-3-5-sonnet-20241022",
        "I configured it with Python3.12 and node v20.11.1",
        "I set up the cluster with k8s-1.29.3-gke.1234 nodes",
        "setup redis with localhost:6379",
        "set up docker using sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "set up the webhook with https://hooks.example.com/abc123def456",
        "Authenticated with utf8mb4_unicode_ci collation",
        "I set it up with node18 and npm9 on ubuntu2204",
        # the sentence ends before "with": its sign-in word is another sentence's
        f"I logged in fine. The cache is warmed with {KEY} as its seed",
        # a sign-in word inside another word ("setups" is no "set up" read at its end, "monkey" no key)
        f"the reconfigured monkey patch ran with {KEY}",
    ],
)
def test_what_no_sign_in_hands_over_is_kept(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text
