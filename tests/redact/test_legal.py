"""A legal document's parties where its form places them (``replay.redact.legal``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor

_US = """UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF NEW YORK
---------------------------------------
KEISHA MONROE,
            Plaintiff,
      v.                               Case No. 1:23-cv-04512-JPC
GOTHAM LOGISTICS LLC,
            Defendant.
---------------------------------------
COMPLAINT AND DEMAND FOR JURY TRIAL"""
_UK = """IN THE COUNTY COURT AT CENTRAL LONDON
BETWEEN
MR DARREN FITZGERALD
Claimant
-and-
BRIGHTHOUSE ESTATES LIMITED
Defendant
WITNESS STATEMENT OF DARREN FITZGERALD"""


@pytest.mark.parametrize(
    ("text", "names", "kept"),
    [
        (_US, ["KEISHA MONROE"], ["GOTHAM LOGISTICS LLC", "1:23-cv-04512-JPC", "SOUTHERN DISTRICT OF NEW YORK"]),
        (json.dumps({"content": _US}), ["KEISHA MONROE"], ["GOTHAM LOGISTICS LLC"]),  # lines escaped in JSON
        (_UK, ["DARREN FITZGERALD"], ["BRIGHTHOUSE ESTATES LIMITED", "CENTRAL LONDON"]),
        (
            "Registered proprietor: HELEN FRANCES MCKENZIE and ROBERT ALAN MCKENZIE of 7 Orchard Way, Guildford",
            ["HELEN FRANCES MCKENZIE", "ROBERT ALAN MCKENZIE"],
            ["Registered proprietor", "Guildford"],
        ),
        ("CITY OF TACOMA,\n    Respondent.\nWEI-LIN CHANG,\n    Petitioner.", ["WEI-LIN CHANG"], ["CITY OF TACOMA"]),
    ],
)
def test_a_party_where_the_form_places_it(r: Redactor, text: str, names: list[str], kept: list[str]) -> None:
    out, counts = r.text(text)
    for name in names:
        assert name not in out, out
    for value in kept:
        assert value in out, out
    assert counts["name"] >= len(names)
    assert r.text(out)[0] == out


@pytest.mark.parametrize(
    "text",
    [
        "The plaintiff argued that the defendant was negligent.\nThe Claimant\nDefendant",
        "Attach the Statement of Work and a declaration of intent.\nSTATEMENT OF FINANCIAL POSITION",
        "ACME WIDGETS INC,\n    Defendant.\nUNITED STATES OF AMERICA,\n    Plaintiff,",
        "counterclaimant: none; the respondent's brief",
    ],
)
def test_roles_and_titles_in_prose_and_firms_find_nothing(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert out == text, counts


@pytest.mark.parametrize(
    ("text", "names", "kept"),
    [
        (
            "PAYEE: OSWALDO T QUINTANILLA-REYES\nAMOUNT: 3,115.40",
            ["OSWALDO", "QUINTANILLA-REYES"],
            ["AMOUNT: 3,115.40"],
        ),
        ("PAY TO THE ORDER OF PERPETUA ADEBAYO-STONE AND FIRSTMERIT BANK", ["PERPETUA"], ["FIRSTMERIT BANK"]),
        (json.dumps({"memo": "Payee: GWENDOLYN OYELARAN\nRef 4471"}), ["GWENDOLYN OYELARAN"], ["Ref 4471"]),
    ],
)
def test_a_payee_in_capitals(r: Redactor, text: str, names: list[str], kept: list[str]) -> None:
    out, counts = r.text(text)
    assert not any(n in out for n in names) and all(k in out for k in kept) and counts["name"] >= 1, out
    assert r.text(out)[0] == out


@pytest.mark.parametrize(
    "text",
    [
        "PAYEE: JOHN LEWIS PARTNERSHIP",
        "PAYEE: VISA EUROPE\nAMOUNT: 12.00",
        "Payee: Northwind Logistics Ltd",
        "PAYEE: HM REVENUE & CUSTOMS",
        "Payable to the order of the bank",
    ],
)
def test_a_payee_that_is_a_firm_or_prose_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
