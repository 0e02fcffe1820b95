"""Emails spelled out (``replay.redact.spelledmail``): found once a text, whatever the number of cues around them."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # every cue of one address ("[at]", each "[dot]") finds the same one
        pytest.param("write to p[dot]okafor[at]mail[dot]example[dot]net today", "okafor", id="bracketed"),
        # a long text of said dots and "at"s around it: the address is read once, not from a window around each cue
        pytest.param(
            "one dot two dot three at four dot five dot " * 500 + "contact: t dot nguyen at fastmail dot fm dot uk",
            "nguyen",
            id="after many cues",
        ),
        pytest.param("a dot b dot c " * 1000 + "my email is rosalind dot q at proton dot me", "rosalind", id="dots"),
        # two addresses back to back: the second's local part starts after the first's domain
        pytest.param("email: ana at uni dot edu dot lo at lab dot org", "ana at uni", id="first of two"),
        pytest.param("email: ana at uni dot edu dot lo at lab dot org", "lo at lab", id="second of two"),
    ],
)
def test_a_spelled_address_is_found_among_many_cues(r: Redactor, text: str, gone: str) -> None:
    out, counts = r.text(text)
    assert gone not in out and counts["email"] >= 1, out[-200:]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("go to the docs dot then the faq dot " * 500, id="no at"),
        pytest.param("we meet at noon dot then at three dot and at home dot after " * 300, id="no mail word"),
        pytest.param("the total is 3 dot 5 at 12 dot 99 each", id="numbers"),
    ],
)
def test_many_cues_and_no_address_keep_the_text(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert out == text, counts
