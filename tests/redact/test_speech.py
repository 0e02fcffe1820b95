"""Names said alone by speech or a question about someone (``replay.redact.speech``): who spoke to whom, who a
quote is by, who a question asks about; and ordinary words after the same cues kept."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.people import PersonFinder
from replay.redact.speech import SPEECH_CUES, speakers
from tests.redact.conftest import read_at_cues


def _at_cues(text: str, persons: PersonFinder) -> list[str]:
    return read_at_cues(text, SPEECH_CUES, lambda t, s, e: speakers(t, s, e, persons))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I'm so jealous! said Maslin to Antonio", "Maslin Antonio"),
        ("Who knows, asked Hartvigsson to Rintanen.", "Hartvigsson Rintanen"),
        ('"I\'m glad to hear that Germany is moving in that direction," says Hartvigsson.', "Hartvigsson"),
        ("Why is Ivan so impulsive?", "Ivan"),
        ("How did Natasja get the job?", "Natasja"),
    ],
)
def test_speakers_found(persons: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, persons) == names.split()


@pytest.mark.parametrize(
    "text",
    [
        "It said Hello to World",
        "she said goodbye to Paris.",
        "Why is Python so slow?",
        "How does React render?",
        "The docs said Python to start.",  # no name of the lexicon
        "He says Thanks.",  # no quote before
        "Why is the build so slow?",
        "essays Maslin to Antonio",  # inside a word
    ],
)
def test_other_words_kept(persons: PersonFinder, text: str) -> None:
    assert _at_cues(text, persons) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Is Kwame still on leave?", "Kwame"),  # a question opening with its auxiliary, about a person's doing
        ("Thanks.\nIs Siobhan back from holiday?", "Siobhan"),  # after a line's start
        ("Did Gary send the report?", "Gary"),
        ('{"content": "Ok. Does Priya know about the outage?"}', "Priya"),
        ("Has Aoife replied?", "Aoife"),
    ],
)
def test_a_question_opening_with_its_auxiliary_asks_about_a_person(r: Redactor, text: str, names: str) -> None:
    out, found = r.text(text)
    assert names not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Is Python still supported?",  # no common given name
        "Is Will coming?",  # a common word's
        "Is Mark available? Is Grace back?",  # a given name that is an ordinary word too
        "Does Chrome support this?",  # no person's doing asked
        "Is Alexa still listening? Is Chelsea winning?",
        "Is Sydney still the capital?",  # a big city
        "It works. is Maria still here?",  # no capital: no question's opening
    ],
)
def test_a_question_about_no_person_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
