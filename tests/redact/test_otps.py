"""A one-time code said before what it is, as a text message writes it; a list of recovery codes after its name;
numbers and words that are no code kept."""

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


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Recovery codes: 8f3k-2m9d 4h7p-1x6z 9q2w-5e8r", ["8f3k-2m9d", "4h7p-1x6z", "9q2w-5e8r"]),
        ("Here are my GitHub recovery codes:\n4f2a9-8c1d3\n7b6e0-2f9a4\n", ["4f2a9-8c1d3", "7b6e0-2f9a4"]),
        ("backup codes: 1. 12345678, 2. 87654321", ["12345678", "87654321"]),
        ("use backup code 4821-9375 to sign in", ["4821-9375"]),
    ],
)
def test_a_list_of_recovery_codes_is_redacted(r: Redactor, text: str, codes: list[str]) -> None:
    out, found = r.text(text)
    assert not any(code in out for code in codes) and found["otp"] == len(codes), out


@pytest.mark.parametrize(
    "text", ["Recovery codes are stored in the vault", "backup codes for 2 accounts", "recovery code flow v2"]
)
def test_words_after_a_list_s_name_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "Activation code for my eSIM: LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7 is it safe to share?",
        '{"qr_payload": "LPA:1$smdp.io$K2-1AB-XYZ9Q0"}',
    ],
)
def test_an_esim_activation_code_s_matching_id(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "QR-G-5C" not in out and "K2-1AB" not in out and counts["otp"] == 1, out
    assert "rsp.truphone.com$" in out or "smdp.io$" in out
    assert r.text(out) == (out, {})
