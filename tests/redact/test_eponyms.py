"""The head words after a name that make it a thing's (``replay.redact.eponyms``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.eponyms import FEATURES, NAMED_AFTER, PLACE_HEADS
from replay.redact.orgwords import ORG_TAILS


def test_a_place_s_or_a_body_s_tail_ends_a_name() -> None:
    assert {"bank", "court", "ministry", "foundation"} <= ORG_TAILS <= PLACE_HEADS
    assert {"bridge", "airport"} <= PLACE_HEADS and not {"bridge", "airport"} & ORG_TAILS


def test_a_feature_that_is_a_common_surname_too_ends_no_place_s_name() -> None:
    assert {"lake", "river"} <= PLACE_HEADS and {"forest", "dam"} <= FEATURES
    assert not {"forest", "dam"} & PLACE_HEADS and NAMED_AFTER <= PLACE_HEADS


@pytest.mark.parametrize("text", ["Milano Centrale", "Roma Termini", "Köln Hauptbahnhof"])
def test_a_station_s_word_beside_a_city_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
