"""The other party of a bank statement's line, in capitals (``replay.redact.statements``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor

CSV = (
    "Date,Description,Amount\n2025-11-01,CARD PAYMENT TESCO STORES 3317,-42.18\n"
    "2025-11-02,FASTER PAYMENT FROM DANIEL OKORO REF RENT,650.00\n"
    "2025-11-04,TRANSFER TO 20-32-06 43829175 S WHITFIELD,-100.00\n2025-11-05,TRANSFER TO SAVINGS,-50.00\n"
    "2025-11-06,PAYMENT FROM AMAZON PAYMENTS UK,12.99"
)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_statement_s_parties_and_account(r: Redactor, quoted: bool) -> None:
    out, counts = r.text(json.dumps({"content": CSV}) if quoted else CSV)
    assert not any(v in out for v in ("DANIEL", "OKORO", "WHITFIELD", "43829175")), out
    kept = ("TESCO STORES 3317", "REF RENT", "TRANSFER TO SAVINGS", "AMAZON PAYMENTS UK", "-42.18", "650.00")
    assert all(v in out for v in kept) and counts["name"] == 2, out


def test_a_cashout_s_party_in_a_transaction_s_name(r: Redactor) -> None:
    text = json.dumps({"name": "VENMO CASHOUT FROM ELIJAH BRANDT", "merchant_name": None})
    out = r.text(text)[0]
    assert "BRANDT" not in out and r.text(out)[0] == out


def test_a_party_that_is_no_person_stays(r: Redactor) -> None:
    text = "TRANSFER TO JOINT ACCOUNT\nPAYMENT TO HMRC SELF ASSESSMENT\nDEPOSIT FROM PAYPAL EUROPE"
    assert r.text(text)[0] == text


def test_a_zelle_party_written_surname_first_before_its_confirmation(r: Redactor) -> None:
    text = json.dumps({"name": "ZELLE TO OKONJO-BRANDT MAXIMILIAN CONF# 8UY3KQ2P", "amount": 450.0})
    out = r.text(text)[0]
    assert "OKONJO" not in out and "MAXIMILIAN" not in out and "CONF# 8UY3KQ2P" in out, out
    assert r.text("PAYMENT TO WATER BOARD")[0] == "PAYMENT TO WATER BOARD"
