"""A driving licence's numbered fields as OCR reads them off the card (``replay.redact.licences``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        (
            "OCR text: 1 SMITH 2 JOHN 3 01/02/1980 4d 123456789 is this licence valid?",
            ["SMITH", "JOHN", "01/02/1980", "123456789"],
        ),
        (
            "Führerschein:\n1. KOWALCZYK-BRANDT\n2. HEDWIG MARIA\n3. 12.08.1964 BERLIN\n4a. 19.01.2013 4b. 18.01.2028"
            "\n4c. Stadt Köln\n5. B072RRE2I55\n9. AM/B/L",
            ["KOWALCZYK-BRANDT", "HEDWIG MARIA", "12.08.1964", "B072RRE2I55"],
        ),
        (
            "4d DL D4471902\n1 FAIRWEATHER\n2 BALTHAZAR QUINN\n8 2214 ELM CREST DR SACRAMENTO CA 95819"
            "\n3 DOB 10/10/1990",
            ["D4471902", "FAIRWEATHER", "BALTHAZAR QUINN", "2214 ELM CREST", "95819", "10/10/1990"],
        ),
    ],
)
def test_a_licence_s_holder_birth_date_number_and_address(r: Redactor, text: str, gone: list[str]) -> None:
    out, _ = r.text(text)
    assert not [value for value in gone if value in out], out
    assert "AM/B/L" in out or "AM/B/L" not in text


@pytest.mark.parametrize(
    "text",
    [
        "Steps: 1 OPEN 2 CLOSE 3 RESTART 4 WAIT. Step 5 takes 30 seconds.",
        "Rank 1 ALPHA 2 BRAVO 3 CHARLIE",
        "1 Open the lid 2 Pour 3 Stir 4a Wait",
    ],
)
def test_numbered_steps_in_capitals_are_no_licence(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
