"""A crypto wallet's recovery phrase after its name (``replay.redact.seeds``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor

PHRASE = "abandon ladder velvet orbit canyon frost mimic ribbon tackle quantum hollow anchor"


@pytest.mark.parametrize(
    "text",
    [
        f"I restored my MetaMask with these words but the balance is zero, did I get the order wrong? {PHRASE}. Help",
        f"my seed phrase is {PHRASE}",
        f"my crypto seed is {PHRASE}",
        f"wallet seed: {PHRASE}",
        f"recovery phrase: {PHRASE.replace(' ', ', ')}",
        f'{{"seed_phrase": "{PHRASE}"}}',
        # 24 words starting 130 characters after the name: the phrase runs past the reach, read whole all the same
        "my seed phrase, which I kept on paper in a kitchen drawer for years and found again only after we moved "
        f"house last spring, is {PHRASE} {PHRASE}",
    ],
)
def test_a_recovery_phrase_after_its_name(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "ladder velvet" not in out and counts["secret"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "I wrote these words down and we lost the notebook when we moved house last year so now what",  # 17 words
        f"{PHRASE} with no name before it",
        '{"mnemonic": "MOV", "opcode": 137}',  # an instruction's mnemonic
        "The seed phrase is twelve words long: Never Share It With Anyone Who Asks You For It Online Ever",
    ],
)
def test_words_that_are_no_phrase_or_have_no_name_stay(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
