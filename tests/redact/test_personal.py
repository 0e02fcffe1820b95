"""Personal data by its field or its shape (``replay.redact.personal``): an address's field."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize("place", ["SFO Terminal 2", "Heathrow Airport", "Union Station Platform 9", "Gate B12"])
def test_a_public_stop_under_an_address_s_key_is_kept(r: Redactor, place: str) -> None:
    text = json.dumps({"destination": {"address": place, "latitude": 37.6161}})
    assert place in r.text(text)[0]


def test_an_address_beside_a_public_stop_s_word_is_still_one(r: Redactor) -> None:
    text = json.dumps({"address": "12 Gate Lane"})
    out, found = r.text(text)
    assert "12 Gate Lane" not in out and found["address"] == 1, out
