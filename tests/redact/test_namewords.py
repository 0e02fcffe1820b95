"""What one capitalised word is to the name lexicon, and the judgements of one word the name rules ask
(``replay.redact.namewords``)."""

from __future__ import annotations

import pytest

from replay.redact.namewords import NameWords


@pytest.fixture(scope="module")
def words() -> NameWords:
    return NameWords()


@pytest.mark.parametrize("given", ["Mădălin", "Sócrates"])  # listed as "madalin", "socrates"
def test_a_name_written_with_marks_its_list_lacks(words: NameWords, given: str) -> None:
    assert words.rare(given) and not words.ordinary(given)


@pytest.mark.parametrize("word", ["JgwBuNOn", "Bnw"])
def test_a_random_string_s_word_is_no_name(words: NameWords, word: str) -> None:
    assert words.ordinary(word) and not words.rare(word)


@pytest.mark.parametrize("word", ["Hello", "Thanks", "Cost", "Cannot", "Styczeń", "Desember", "Epidemiology"])
def test_a_greeting_an_ordinary_word_a_month_or_a_noun_is_no_name_alone(words: NameWords, word: str) -> None:
    assert words.ordinary(word) and not words.alone(word) and not words.named(word) and not words.rare(word)


@pytest.mark.parametrize("word", ["Laura", "Kowalskiego"])  # a Polish name's case read as its nominative
def test_a_common_given_name_stands_alone(words: NameWords, word: str) -> None:
    assert words.alone(word) and words.named(word)


def test_a_surname_that_is_a_word_too_is_named_not_alone(words: NameWords) -> None:
    assert words.named("Green") and not words.alone("Green") and words.titled("Green")


def test_a_title_s_own_word_after_an_office_is_no_name(words: NameWords) -> None:
    assert not words.titled("Emeritus") and not words.titled("General")


def test_one_s_family_word_takes_a_very_common_word_that_is_a_given_name(words: NameWords) -> None:
    assert words.family("Will") and not words.family("Cannot")


@pytest.mark.parametrize("word", ["Al", "Ed"])
def test_two_letters_of_the_commonest_given_names(words: NameWords, word: str) -> None:
    assert words.short(word) and not words.short(word.upper())


def test_a_surname_in_lower_case(words: NameWords) -> None:
    assert words.surname("smith") and not words.surname("db")
    assert not words.surname("krylova") and words.surname("krylova", rarer=True)


def test_a_bare_name_field_s_value(words: NameWords) -> None:
    assert words.in_form("hyuuma t. maida") and words.in_form("Vsevolod")
    assert not words.in_form("the quick brown")
