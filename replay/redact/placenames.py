"""The names of places a capitalised word may be, from data files: one-word countries, US states and continents
(``places``: "Jordan said" is a country's statement as often as a person's), each country's big cities and the places
of several words that read as a person's name (``big_cities``, ``CITIES_FILE``), every country's name in many
languages (``country_names``, from phonenumbers' locale data)."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["CITIES_FILE", "big_cities", "country_names", "places"]

CITIES_FILE = Path(__file__).with_name("data") / "cities.txt"


@cache
def places() -> frozenset[str]:
    """Countries, US states and continents of one word, many of them given names too (Jordan, Georgia, Chad):
    "Jordan said" is a country's statement as often as a person's."""
    countries = {names["aa"].casefold() for names in _locale_data().values() if " " not in names.get("aa", " ")}
    return frozenset(countries) | _STATES | _CONTINENTS


@cache
def big_cities() -> frozenset[str]:
    """Each country's big cities, casefolded (``CITIES_FILE``, from phonenumbers' geocoder): "belo horizonte",
    "salvador", "curitiba", "jakarta", "gdańsk"; and GeoNames' places of several words that read as a person's name
    ("playa del carmen", "navi mumbai")."""
    return frozenset(p for p in CITIES_FILE.read_text(encoding="utf-8").splitlines() if p[:1] != "#")


@cache
def country_names() -> frozenset[str]:
    """Every country's name, casefolded, in English and the languages of the places an address names one in
    ("Sweden", "Sverige", "Deutschland", "Czech Republic")."""
    langs = ("aa", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb", "fi", "cs", "hu", "ro", "tr", "el", "vi")
    named = (names.get(lang, "*") for names in _locale_data().values() for lang in langs)
    return frozenset(n.casefold() for n in named if not n.startswith("*"))


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' country names by language, from its module file alone: imported as
    ``phonenumbers.geodata.locale`` it first runs its package's ``__init__``, which loads 40 MB of per-prefix
    geodata that is never read here (0.4 CPU-s in every process that redacts a text; this file, 0.02)."""
    import phonenumbers

    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOCALE_DATA


# Continents ("America is a nation that will endure": a given name in the lexicon, a place first).
_CONTINENTS = frozenset({"america", "europe", "asia", "africa", "oceania", "antarctica"})
_STATES = frozenset(
    {
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
        "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
        "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
        "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
        "washington", "wisconsin", "wyoming", "carolina", "dakota",
    }
)  # fmt: skip
