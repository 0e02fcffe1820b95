"""Coordinates said in prose (``replay.redact.coordinates``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("My location is 51.5074, -0.1278", ("51.5074", "-0.1278")),  # the longitude was left before
        ("GPS: 51.5074, -0.1278 (the trailhead)", ("51.5074", "-0.1278")),
        ("my coords are [34.0522, -118.2437]", ("34.0522", "-118.2437")),
        ("Located at 40.7128, -74.0060.", ("40.7128", "-74.0060")),
        ("lat 51.5074 lon -0.1278", ("51.5074", "-0.1278")),
        ("latitude: -33.8688, longitude: 151.2093", ("-33.8688", "151.2093")),
        ("coordinates 40.7128° N, 74.0060° W", ("40.7128", "74.0060")),
        ("dropped pin 48.85837/2.29448 by the gate", ("48.85837", "2.29448")),
        ('{"content": "lat 51.5074 lon -0.1278"}', ("51.5074", "-0.1278")),  # a JSON string's first word: no key
        ("https://www.google.com/maps/place/Home/@51.50744,-0.12776,17z/data=x", ("51.50744", "-0.12776")),
        ("https://maps.apple.com/?ll=51.5074,-0.1278&q=Home", ("51.5074", "-0.1278")),
        ("https://www.google.com/maps/dir/?api=1&destination=40.7128,-74.0060", ("40.7128", "-74.0060")),
    ],
)
def test_coordinates_after_their_word(r: Redactor, text: str, values: tuple[str, ...]) -> None:
    out, counts = r.text(text)
    assert not any(v in out for v in values) and counts["geo"] == len(values), out
    assert all(v.split(".")[0] + "." in out for v in values)  # each keeps its whole degrees
    assert r.text(out)[0] == out


@pytest.mark.parametrize(
    "text",
    [
        "It's 23.5° C outside; the angle is 45.25°",  # a temperature, an angle: no hemisphere
        "EUR/USD bid 1.0845, ask 1.0852; scores 0.9523, 0.8741",  # a pair with no word of a place
        "position 12.5000, 13.2500 in the grid; the relocation cost 12.3456, 45.6789",
        "location of the file is /tmp/x; Location: v1.2.3456",
        "the latest build 1.2345; a flat rate 12.3456; London 51.5074, -0.1278",
        '{"coordinates": [51.5074, -0.1278], "lat": "x"}',  # a key's name: a maps API's, its field rule's
        "https://api.example.com/search?q=python&page=2; faq=1.2345,2.3456",
    ],
)
def test_numbers_that_are_no_coordinates(r: Redactor, text: str) -> None:
    assert "geo" not in r.text(text)[1]
