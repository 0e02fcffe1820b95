"""Names said alone by speech or a question about someone (``replay.redact.speech``): who spoke to whom, who a
quote is by, who a question asks about; and ordinary words after the same cues kept."""

from __future__ import annotations

import pytest

from replay.redact.people import PersonFinder
from replay.redact.speech import SPEECH_CUES, speakers


@pytest.fixture(scope="module")
def people() -> PersonFinder:
    return PersonFinder()


def _at_cues(text: str, people: PersonFinder) -> list[str]:
    """The names ``speakers`` reads at each cue of ``text`` (as the cue automaton finds them, case-blind)."""
    low = text.lower()
    found = []
    for cue in SPEECH_CUES:
        s = low.find(cue)
        while s >= 0:
            found.extend(text[a:b] for a, b in speakers(text, s, s + len(cue), people))
            s = low.find(cue, s + 1)
    return found


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
def test_speakers_found(people: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, people) == names.split()


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
def test_other_words_kept(people: PersonFinder, text: str) -> None:
    assert _at_cues(text, people) == []
