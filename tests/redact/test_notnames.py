"""What capitalised words are no person's name: a product's model or line, a brand's goods, an insurer's parallel
parts (``replay.redact.notnames``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    "text",
    [
        "The product title is 'Samsung Galaxy Buds2 Pro - Graphite' and the price is $149.99.",
        "Amazon order 112-4455667-8899001 for Keurig K-Classic, delivered on Monday.",
        "Compare the Sony Alpha A7IV with the Canon EOS R6.",
        # a product line's two words in camel case, a pair's parts in parallel, a bank's account after the name, a
        # brand's goods after a title's name
        "I bought an Anker PowerCore 10000 and it stopped charging.",
        "My insurer is Blue Cross Blue Shield; does it cover physio?",
        '{"payer": "Blue Cross Blue Shield of Illinois", "plan": "PPO"}',
        "Transfer it to my Charles Schwab brokerage account.",
        "Dr. Martens boots on sale",
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
        ("Patient Ahmed Mohamed Ahmed Hassan arrived", "Hassan"),  # a name that repeats a given name is one
        ("Ask Ian McDonald and Sara VanderMeer", "VanderMeer"),  # a surname's inner capital after no word
        ("Please call Mr. Smith's office", "Smith"),
    ],
)
def test_a_name_before_an_email_a_phone_or_a_year_is_still_one(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]
