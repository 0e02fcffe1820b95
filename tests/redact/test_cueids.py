"""Ids of other languages after the word that names them, checked (``replay.redact.cueids``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a számla (TAJ: 034 567 892) kétszer fizetett.", "034 567 892"),
        ("adóazonosító jel: 8384512345, kétszer fizetett", "8384512345"),
        ("maksoi laskun kahdesti, hetu 010203A456R", "010203A456R"),
        ("Hänen henkilötunnuksensa on 150385-1230 ja puhelin", "150385-1230"),
        ("sotu on 010110U1230.", "010110U1230"),
        ("Clientul Mihai, CNP: 1850315123455, a primit o factură", "1850315123455"),
        ("Kitambulisho namba 23456789, barua pepe", "23456789"),
        ("My CNIC is 3520212345671, please verify", "3520212345671"),
        ("میرا شناختی کارڈ نمبر 3520212345671 ہے", "3520212345671"),
        # a bank's KYC in Nigeria, Kenya, Ghana, the Gulf and Indonesia
        ("For the account upgrade my BVN is 22198765432 and NIN: 70123456789.", "22198765432"),
        ("For the account upgrade my BVN is 22198765432 and NIN: 70123456789.", "70123456789"),
        ("Tafadhali KRA PIN A012345678Z ya mteja", "A012345678Z"),
        ("Applicant's Ghana Card GHA-723456789-0 was scanned", "GHA-723456789-0"),
        ("Iqama 2123456788, sponsor Al Noor Trading", "2123456788"),
        ("رقم الإقامة: 2123456788", "2123456788"),
        ("Emirates ID 784-1988-1234567-0 expires next year", "784-1988-1234567-0"),
        ("Nomor NPWP 09.254.294.3-407.000 untuk pajak", "09.254.294.3-407.000"),
        # Brazil's health card and worker's number
        ("Número do CNS: 898001160660001", "898001160660001"),
        ("Cartão SUS 898 0011 6066 0001 do paciente", "898 0011 6066 0001"),
        ("Meu NIS é 120.56712.34-4, obrigado", "120.56712.34-4"),
        ("Número PIS 17012345673 para o cadastro", "17012345673"),
    ],
)
def test_an_id_after_its_word_that_passes_its_check(r: Redactor, text: str, value: str) -> None:
    out = r.text(text)[0]
    assert value not in out and out[:6] == text[:6], out


@pytest.mark.parametrize(
    "text",
    [
        "TAJ: 034 567 891 (a check that fails)",
        "CNP 1850315123456 is no one's",
        "hetu 010203A456S",
        "the taj tour for 123 456 789 people",
        "CNIC 8520212345671 (no province starts with 8)",
        "nineteen 12345678901 and ninety 22198765432",  # "nin" inside a word: no NIN
        "KRA PIN P051234567Q",  # a firm's PIN
        "Iqama 2123456789",  # Luhn's check fails
        "Emirates ID 784-1988-1234567-1",
        "CNS 898001160660004",  # its check fails
        "Meu NIS é 120.56712.34-5",
        "tennis 12056712344 and finish 17012345673",  # "nis" inside a word
    ],
)
def test_a_value_after_the_word_that_fails_its_shape_or_check_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["CNIC No: 3520212345671", "NICOP no. 35202-1234567-1"])
def test_a_cnic_after_its_number_word_in_capitals_and_a_nicop(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "1234567" not in out and found["gov_id"] == 1, out
