"""A name said alone as a subject a person's pronoun refers back to (``replay.redact.referred``); subjects that are
ordinary words, or another capitalised word between, kept."""

from __future__ import annotations

import pytest

from replay.redact.people import PersonFinder
from replay.redact.referred import PRONOUN_CUES, referent


@pytest.fixture(scope="module")
def people() -> PersonFinder:
    return PersonFinder()


def _at_cues(text: str, people: PersonFinder) -> list[str]:
    """The names ``referent`` reads at each cue of ``text`` (as the cue automaton finds them, case-blind)."""
    low = text.lower()
    found = []
    for cue in PRONOUN_CUES:
        s = low.find(cue)
        while s >= 0:
            found.extend(text[a:b] for a, b in referent(text, s, people))
            s = low.find(cue, s + 1)
    return found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rintanen began writing as a teenager, publishing her first story.", "Rintanen"),
        ("Vsevolod is very reliable. You can always depend on him.", "Vsevolod"),
        ("Mourik began writing as a teenager, publishing her first story", "Mourik"),
    ],
)
def test_referent_found(people: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, people) == names.split()


@pytest.mark.parametrize(
    "text",
    [
        "Docker is great. I gave it to him.",
        "Python is slow, so he rewrote it.",
        "Jenkins failed again, so he restarted the job.",  # "he", "she": a subject of their own, no referent read
        "Vsevolod met Anna and she liked him.",  # another capitalised word between: hers or his
        "Gmail is down. She cannot log in.",
        "Netflix raised its prices and her bill doubled.",
    ],
)
def test_other_subjects_kept(people: PersonFinder, text: str) -> None:
    assert _at_cues(text, people) == []
