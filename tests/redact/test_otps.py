"""A one-time code said before what it is, as a text message writes it; numbers that are no code kept."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("482913 is your verification code", "482913"),
        ("G-482913 is your Google verification code. Don't share it.", "482913"),
        ("SMS from 32665: 7731 is your Acme login code", "7731"),
        ("Your Acme code is 482913", "482913"),  # a service's name between "your" and "code" (fields)
        ("Your Uber Eats code: 4821. Never share it.", "4821"),
    ],
)
def test_a_one_time_code_is_redacted(r: Redactor, text: str, code: str) -> None:
    out, found = r.text(text)
    assert code not in out and found["otp"] == 1, out


@pytest.mark.parametrize(
    "text", ["1234 is your lucky number", "Order 55123 is your order number", "Your Acme order is 482913"]
)
def test_a_number_that_is_no_code_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
