"""Person names in free text (``replay.redact.people``): a place named after a person is a place."""

from __future__ import annotations

import pytest

from replay.redact.people import PersonFinder


@pytest.fixture(scope="module")
def people() -> PersonFinder:
    return PersonFinder()


@pytest.mark.parametrize(
    "text",
    [
        "I drove over the George Washington Bridge last week.",
        "We are meeting near Charles de Gaulle airport.",
        "Johns Hopkins Hospital called about the invoice.",
        "Tickets for the Lincoln Memorial tour",
    ],
)
def test_place_named_after_a_person(people: PersonFinder, text: str) -> None:
    assert list(people.find(text)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I met John Smith at the airport", "John Smith"),
        ("Dear George Washington, the bridge is closed", "George Washington"),
        ("cc Priya Natarajan and the hospital", "Priya Natarajan"),
    ],
)
def test_person_before_other_words(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in people.find(text)] == [name]


@pytest.mark.parametrize("given", ["Mădălin", "Sócrates"])  # listed as "madalin", "socrates"
def test_name_written_with_marks_its_list_lacks(people: PersonFinder, given: str) -> None:
    text = f"I spoke with {given} Wexbrodt yesterday"
    assert [text[a:b] for a, b in people.find(text)] == [f"{given} Wexbrodt"]


@pytest.mark.parametrize(
    ("text", "name"),
    [  # presidio-research's synth_dataset_v2 (MIT) writes a middle initial without its dot
        ("Have you been to a Ravil G Yefimov concert before?", "Ravil G Yefimov"),
        ('"Tube Snake Boogie" by Szabina J Gelencsér, go figure', "Szabina J Gelencsér"),
        ("I met Mary J Blige in Paris", "Mary J Blige"),
    ],
)
def test_initial_without_its_dot(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in people.find(text)] == [name]


@pytest.mark.parametrize("text", ["Take Vitamin D Supplement daily", "Plan B Option", "Section A Part 2"])
def test_a_capital_letter_between_words_that_are_no_names(people: PersonFinder, text: str) -> None:
    assert list(people.find(text)) == []
