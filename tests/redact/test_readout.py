"""Phone numbers read out digit by digit in a call's transcript, names spelled out letter by letter
(``replay.redact.readout``)."""

from __future__ import annotations

import re

import pytest

from replay.redact import Redactor, readout

FOUND = [
    ("Customer: four one five, five five five, zero one nine two.", "four one five, five five five"),
    ("it's oh seven seven double oh, nine double oh, one two three.", "double oh, nine double oh"),
    ("meine Nummer null eins sieben eins, zwei drei vier, fünf sechs sieben.", "null eins sieben eins"),
    ("mon numéro c'est zéro six, douze... non: zéro six un deux trois neuf huit sept six cinq", "un deux trois neuf"),
    ("mi número es seis uno dos, nueve ocho siete, seis cinco cuatro", "seis uno dos, nueve"),
]


@pytest.mark.parametrize(("text", "number"), FOUND)
def test_a_number_read_out_is_a_phone_s(r: Redactor, text: str, number: str) -> None:
    out, counts = r.text(text)
    assert number not in out, out
    assert counts["phone"] == 1, counts
    assert r.text(out)[0] == out  # its pseudonym, read out too, is not found again


KEPT = [
    "count one two three four five six seven eight nine; nine eight seven six five four three two one",
    "I have two one-bedroom flats and one two-bedroom; one or two; six six six",
    "un deux trois quatre cinq six sept; tres tristes tigres; zwei drei Tage",
    "Agent: the order has four items, two of them gone; five five-star reviews",
]


def test_the_pseudonym_is_read_out_in_the_language_of_every_word(r: Redactor) -> None:
    # "six" is a digit in English and in French: the run's other words say which it is here
    out, _ = r.text("phone is oh seven seven double-oh nine one two three four five six")
    words = set(out.removeprefix("phone is ").split())
    assert words <= {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}, out


def test_a_card_s_number_read_out_is_a_card_s(r: Redactor) -> None:
    text = "Customer: four five three nine, one four eight eight, zero three four three, six four six seven."
    out, counts = r.text(text)
    assert "four five three nine, one four" not in out and counts == {"card": 1}, out
    assert r.text(out)[0] == out


def test_counting_and_number_words_in_prose_are_kept(r: Redactor) -> None:
    text = "\n".join(KEPT)
    assert r.text(text)[0] == text


SPELLED = {  # a name spelled out after the words that say so, and the separator between its letters
    "my surname, that's W-H-I-T-F-I-E-L-D": "-",
    "Okafor, spelled O K A F O R.": " ",
    "last name spelling: D.E.V.E.R.A.U.X": ".",
    # the name between its cue and its spelling
    "Surname Okafor, O-K-A-F-O-R. Booking for two.": "-",
    "caller: It's Okafor, O K A F O R.": " ",
}


@pytest.mark.parametrize("text", SPELLED)
def test_a_name_spelled_out_is_redacted_as_it_is_spelled(r: Redactor, text: str) -> None:
    sep = SPELLED[text]
    run = re.compile(rf"[A-Z](?:{re.escape(sep)}[A-Z]){{3,}}")
    out, counts = r.text(text)
    assert run.search(text).group(0) not in out and "Okafor" not in out and counts["name"] >= 1, out  # type: ignore[union-attr]
    assert run.search(out), out  # a fake name, spelled the same way


@pytest.mark.parametrize(
    "text",
    [
        *("it's F-A-Q", "that's A-B-C", "that is T-H-E-M", "spell check: it's IEEE 754", "spelled it out: 4 of 5"),
        *("it's Tuesday, F-Y-I-Y", "It's Wonderful, W-O-N-D-E-R-F-U-L"),  # no name's, or a word's own letters
    ],
)
def test_letters_that_spell_no_name_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "caller: yeah it's w h i t f i e l d whitfield",
        "spelled w-h-i-t-f-i-e-l-d, whitfield",
        "whitfield, spelled w h i t f i e l d",
    ],
)
def test_a_name_spelled_in_lower_case_beside_the_word_it_spells(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "whitfield" not in out and "w h i t" not in out and "w-h-i-t" not in out and counts["name"] == 2, out


@pytest.mark.parametrize("text", ["it's x y z w in the formula", "it's a b c d e, then f", "spelled o k a y"])
def test_letters_in_lower_case_alone_spell_no_name(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Caller: it's forty two acacia avenue", "forty two acacia avenue"),
        ("Caller: i live at one hundred and twelve hollybush lane st albans", "hollybush lane"),
        ("AGENT: And the first line of your address?\nCUSTOMER: Fourteen Mill Road.", "Fourteen Mill Road"),
    ],
)
def test_a_street_said_with_its_number_in_words(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1, out
    assert r.text(out) == (out, {})


def test_streets_in_prose_with_a_lone_number_word_are_kept(r: Redactor) -> None:
    text = "one main street; twenty side streets; thirty minutes by road; forty percent drive; fifty of the road"
    assert r.text(text) == (text, {})


def test_a_number_said_in_words_and_back() -> None:
    for n in (1, 9, 10, 14, 20, 42, 99, 100, 112, 1000, 2024, 9999):
        words = readout.say_number(n)
        assert readout._number(words) == n, words


@pytest.mark.parametrize("text", ["that's W H I T F I E L D", "caller: yeah it's w h i t f i e l d whitfield"])
def test_a_spelled_name_s_pseudonym_is_left_as_it_is(r: Redactor, text: str) -> None:
    out = r.text(text)[0]
    assert r.text(out) == (out, {})  # it was spelled again as another name


def test_a_long_run_of_spelling_cues_is_read_once(r: Redactor) -> None:
    # each "spelt" read the run of letters after it to its end: minutes on main for 1.3 MB
    out = r.text("spelt" * 260000 + "\nIt's Okafor, spelled O-K-A-F-O-R.")[0]
    assert "O-K-A-F-O-R" not in out and out.startswith("speltspelt"), out[-200:]
