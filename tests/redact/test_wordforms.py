"""The forms of a word the name lexicon does not list (``replay.redact.wordforms``)."""

from __future__ import annotations

import pytest

from replay.redact.lexicon import lexicon
from replay.redact.wordforms import (
    CASE_TAILS,
    NOUN_ENDINGS,
    PATRONYMIC,
    garbled,
    nominative_tiers,
    plural,
    strip_marks,
)


@pytest.mark.parametrize(
    ("word", "nominative"),
    [
        ("tomaszowi", "tomasz"),  # dative
        ("wróblowi", "wróbel"),  # a base of two consonants: the nominative's "e" between them
        ("wiśniewskiego", "wiśniewski"),  # a "-ski" surname's adjective ending
        ("piotra", "piotr"),  # a one-letter ending: a given name's
    ],
)
def test_a_polish_name_in_another_case_has_its_nominative_s_tiers(word: str, nominative: str) -> None:
    lex = lexicon()
    assert word.endswith(CASE_TAILS)
    want = (lex.given.get(nominative, 0), lex.surname.get(nominative, 0))
    assert want != (0, 0)
    assert nominative_tiers(lex, word) == want


def test_a_one_letter_ending_reads_only_a_given_name_and_a_short_base_none() -> None:
    lex = lexicon()
    assert lex.surname.get("krol") and not lex.given.get("krol")
    assert nominative_tiers(lex, "krola") == (0, 0)  # "Blesa" is no "Bles"'s: a surname's "-a" is too often its own
    assert nominative_tiers(lex, "ala") == (0, 0)  # a base under 3 letters


def test_word_endings_and_marks() -> None:
    assert "петрович".endswith(PATRONYMIC)
    assert "gesellschaft".endswith(NOUN_ENDINGS) and "gezondheid".endswith(NOUN_ENDINGS)
    assert strip_marks("mădălin") == "madalin" and strip_marks("Ștefan") == "Stefan"


@pytest.mark.parametrize(("word", "want"), [("Metrics", True), ("Playbooks", True), ("Forks", False), ("Smith", False)])
def test_a_plural_of_an_ordinary_word_is_no_surname(word: str, want: bool) -> None:
    assert plural(lexicon(), word) is want


@pytest.mark.parametrize(
    ("word", "want"),
    [
        ("JgwBuNOn", True), ("KGXhFytjr", True), ("CwRTQr", True), ("Bnw", True), ("Rv", True), ("RosauRO", False),
        ("GOnzalez", False), ("McDonald", False), ("DeShawn", False), ("O'Neill", False), ("CJ", False),
        ("Łukasz", False),
    ],
)  # fmt: skip
def test_a_random_string_s_word_is_garbled(word: str, want: bool) -> None:
    assert garbled(word) is want
