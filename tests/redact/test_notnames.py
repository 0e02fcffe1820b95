"""What capitalised words are no person's name: a product's model (``replay.redact.notnames``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    "text",
    [
        "The product title is 'Samsung Galaxy Buds2 Pro - Graphite' and the price is $149.99.",
        "Amazon order 112-4455667-8899001 for Keurig K-Classic, delivered on Monday.",
        "Compare the Sony Alpha A7IV with the Canon EOS R6.",
    ],
)
def test_a_model_s_name_or_number_makes_a_product(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Signed-off-by: Ahmed Alaa a7med@example.com", "Alaa"),  # an email's local part is no model
        ("Call John Whitfield 555-1234 today", "Whitfield"),
        ("Jane Whitfield 2019 report", "Whitfield"),
    ],
)
def test_a_name_before_an_email_a_phone_or_a_year_is_still_one(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]
