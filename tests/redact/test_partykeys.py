"""A party's number by its field's name: where its words are read as a key (``replay.redact.partykeys``)."""

from __future__ import annotations

import pytest

from replay.redact.partykeys import PARTY_CUES, party_key_at


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('{"user":"customer-000003","temperature":0.3}', False),  # a value: no key pass for it
        ("answer in the customer's language, in a friendly tone", False),
        ('{"customer_number": "5500123344"}', True),
        ('{"customer": "佐藤健太"}', True),  # a role's key (namefields)
        ("Numer klienta: 88120344", True),
        ("Customer: María López", True),
        ('{"codice_cliente": "C-99812"}', True),
    ],
)
def test_a_party_word_is_read_as_a_key_only_near_a_number_word_or_a_colon(text: str, read: bool) -> None:
    low = text.lower()
    s = min(i for w in PARTY_CUES if (i := low.find(w)) >= 0)
    e = s + next(len(w) for w in PARTY_CUES if low.startswith(w, s))
    assert party_key_at(low, s, e) is read
