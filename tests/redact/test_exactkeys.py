"""Field names that say exactly what their value is (``replay.redact.exactkeys``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize("value", ["Nursery", "Kitchen", "Garage"])
def test_a_display_name_of_a_word_no_name_is_a_room_s(r: Redactor, value: str) -> None:
    """A room's, a group's, a device's "displayName" as much as a person's (SCIM's, Graph's): a name by its shape."""
    text = json.dumps({"parentRelations": [{"parent": "enterprises/p/structures/s/rooms/r", "displayName": value}]})
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "body",
    [{"displayName": "Babs Jensen"}, {"userName": "tessington", "displayName": "Torvald Essington", "active": True}],
)
def test_a_person_s_display_name_is_still_a_name(r: Redactor, body: dict) -> None:
    out, found = r.text(json.dumps(body))
    assert body["displayName"] not in out and found["name"] == 1, out


def test_a_postcode_under_its_short_name(r: Redactor) -> None:
    text = json.dumps({"p_street": "2417 Trinity Street", "p_city": "Vancouver", "p_code": "V5K 1C9"})
    out = r.text(text)[0]
    assert "V5K 1C9" not in out and "Vancouver" in out, out
