"""A place's coordinates said in prose: a latitude and a longitude after a word that names them ("GPS: 51.5074,
-0.1278", "my location is 48.8584,2.2945", "coordinates [34.0522, -118.2437]", "lat 51.5074 lon -0.1278"), a map
link's point ("google.com/maps/@51.5074,-0.1278,15z", "?ll=51.5,-0.12"), and degrees written with their hemisphere
("40.7128° N, 74.0060° W"). A field's (``"lat": …``, ``"location": [...]``) are ``fieldnumbers``' (a maps API's
GeoJSON ``"coordinates"``, a place's, stay). Each number keeps its whole degrees (``Pseudonyms.coordinate``: a region
some 100 km wide).

A pair needs its word or its link: two numbers of four decimals side by side are as often a price's bid and ask, a
model's scores or a vector's first values; one number needs a latitude's or a longitude's own word, or its degree
sign and hemisphere letter ("23.5° C" is a temperature).
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, is_coordinate_pseudonym

__all__ = ["COORDINATE_CUES", "CoordinateFinder"]

_PAIR_WORDS = ("coordinates", "coords", "gps", "location", "located at", "geolocation", "dropped pin", "pinned at")
# the short ones with what follows them: "lat" and "lon" start words prose is full of ("late", "London")
_ONE_WORDS = (
    *(f"{word}{after}" for word in ("lat", "lon", "lng") for after in (" ", ":", "=")),
    *("latitude", "longitude", "lat/long", "lat/lng", "lat/lon", "lat,long"),
)
# a map link's point: Google Maps' "/@51.5074,-0.1278,15z" and its query's (Apple Maps' "ll=", a route's "daddr=")
_QUERY_CUES = ("q=", "ll=", "query=", "destination=", "daddr=", "saddr=", "center=")
_QUERY_PAIRS = frozenset(_QUERY_CUES)
_LINK_PAIRS = ("/@", *_QUERY_CUES)
DEGREE = "°"
COORDINATE_CUES = (*_PAIR_WORDS, *_ONE_WORDS, *_LINK_PAIRS, DEGREE)
_ONE = frozenset(_ONE_WORDS)

_NUMBER = r"[-+]?\d{1,3}\.\d{3,15}(?!\.?\d)"  # a sentence's full stop may follow
# Between a word and its numbers: a few words or marks, no digit nor line's end ("my location right now is (")
_FILLER = r"[^\d\n.;]{0,24}?"
_PAIR = re.compile(rf"{_FILLER}(?<![\d.])({_NUMBER})°?[ \t]*[NSns]?[ \t]*[,;/ ][ \t]*({_NUMBER})")
_SINGLE = re.compile(rf"[ \t]*(?:[:=]|is)?[ \t]*(?<![\d.])({_NUMBER})")
# A number before the degree sign, the hemisphere's letter after it
_BEFORE_DEGREE = re.compile(r"(?<![\d.])([-+]?\d{1,3}\.\d{2,15})[ \t]?\Z")
_HEMISPHERE = re.compile(r"[ \t]?[NSEWnsew](?![A-Za-z])")


class CoordinateFinder:
    """Latitudes and longitudes after their words (``COORDINATE_CUES``) or before a degree's hemisphere."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The coordinates the cue ``text[s:e]`` names."""
        if low[s:e] == DEGREE:
            m = _BEFORE_DEGREE.search(text, max(0, s - 20), s)
            if m is not None and _HEMISPHERE.match(text, e):
                self._hit(text, m.start(1), m.end(1), hits)
            return
        cue = low[s:e]
        if cue in _QUERY_PAIRS and low[s - 1 : s] not in ("?", "&"):
            return  # a query's field only ("faq=", a page's data-ll="…": a place on it, kept)
        if (s and low[s - 1].isalnum() and cue != "/@") or (e < len(low) and low[e - 1 : e + 1].isalnum()):
            return  # "relocation", "latest", "flat", "longitudes"; a map's path ends in a word ("maps/@")
        if s and low[s - 1] in "\"'" and low[e : e + 1] in ('"', "'", "\\"):
            return  # a key's name ("coordinates": [...]): its field's rule reads its value
        if (pair := _PAIR.match(text, e)) is not None:
            a, b = float(pair.group(1)), float(pair.group(2))
            if (abs(a) <= 90 and abs(b) <= 180) or (abs(a) <= 180 and abs(b) <= 90):  # GeoJSON's order is lon, lat
                self._hit(text, pair.start(1), pair.end(1), hits)
                self._hit(text, pair.start(2), pair.end(2), hits)
        elif cue in _ONE and (one := _SINGLE.match(text, e)) is not None and abs(float(one.group(1))) <= 180:
            self._hit(text, one.start(1), one.end(1), hits)

    def _hit(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        value = text[a:b]
        if not is_coordinate_pseudonym(value):
            hits.append(Hit(a, b, "geo", self.ps.coordinate(value), 70))
