"""The pseudonym of an address (``replay.redact.fakeaddress``): its street name and numbers replaced."""

from __future__ import annotations

from replay.redact.fakeaddress import fake_address


def test_an_address_with_more_digits_than_its_pseudonyms_pool_is_still_replaced() -> None:
    fake = fake_address("12 Oak Street " + "0" * 60, "Xanmere", "4821")  # found by fuzzing: a StopIteration
    assert fake.startswith("48 Xanmere Street ") and len(fake) == len("48 Xanmere Street ") + 60


def test_a_big_city_after_the_streets_segment_stays_and_a_postcode_keeps_its_shape() -> None:
    assert fake_address("12 Elm Road, Leeds LS6 2AB", "Zanmore", "17") == "17 Zanmore Road, Leeds LS9 9AB"
    fake = fake_address("221B Baker Street, London NW1 6XE", "Mirvcroft", "112")
    assert fake == "112B Mirvcroft Street, London NW9 9XE"
    assert fake_address("Rua Augusta 12, Porto Alegre", "Orvley", "80") == "Rua Orvley 80, Porto Alegre"
    # a town of the UK's, its 60 biggest aside (every place of a country whose postcodes name a street)
    assert fake_address("3 Marsh Lane, Norwich NR4 7TJ", "Xangate", "2") == "2 Xangate Lane, Norwich NR9 9TJ"


def test_other_words_after_the_street_go_with_the_commas_they_leave_alone() -> None:
    # a district, a small town and a state's code are no gazetteer's: they go, and so does one comma of each
    assert fake_address("12 Elm Road, Kirkstall, Leeds", "Zanmore", "17") == "17 Zanmore Road, Leeds"
    assert fake_address("123 Main St, Springfield, IL 62704", "Zanmore", "45678") == "456 Zanmore St, 78456"
    assert fake_address("3038 Nelson Vista Apt. 831\nEast Keithmouth, NJ 23642", "Orvvane", "1") == (
        "1111 Orvvane Vista Apt. 111\n11111"
    )


def test_a_street_named_after_a_city_before_its_segment_ends_is_still_replaced() -> None:
    # "Leeds Road" is a street's name: the gazetteer reads only after the street's segment
    assert fake_address("12 Leeds Road, Leeds", "Zanmore", "17") == "17 Zanmore Road, Leeds"


def test_a_thai_street_s_vowel_and_tone_marks_go_with_its_name() -> None:
    """A combining mark is no word character: kept alone as punctuation, the name's marks were left behind."""
    out = fake_address("99/1 ถนนสุขุมวิท กรุงเทพฯ 10110", "Zanmore", "42")
    assert "Zanmore" in out and not any("\u0e31" <= c <= "\u0e4e" for c in out), out


def test_a_numbered_street_s_ordinal_is_its_name_and_a_compass_word_after_the_number_stays() -> None:
    # the ordinal's digits alone were replaced and its ending taken for the name: "418 W 17Ferrvane St"
    assert fake_address("350 W 57th St", "Ferrvane", "41") == "414 W Ferrvane St"
    assert fake_address("12 East 42nd Street", "Jassbrook", "34") == "34 East Jassbrook Street"
    assert fake_address("716 West Yorholm Drive", "Orvvane", "1") == "111 West Orvvane Drive"


def test_a_flat_s_word_of_another_language_stays() -> None:
    assert fake_address("Rua Augusta, 1500, apto 72", "Velford", "9074") == "Rua Velford, 9074, apto 90"
