"""A name said alone as a subject a person's pronoun refers back to (``replay.redact.referred``); subjects that are
ordinary words, or another capitalised word between, kept."""

from __future__ import annotations

import pytest

from replay.redact.people import PersonFinder
from replay.redact.referred import PRONOUN_CUES, referent
from tests.redact.conftest import read_at_cues


def _at_cues(text: str, persons: PersonFinder) -> list[str]:
    return read_at_cues(text, PRONOUN_CUES, lambda t, s, e: referent(t, s, persons))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rintanen began writing as a teenager, publishing her first story.", "Rintanen"),
        ("Vsevolod is very reliable. You can always depend on him.", "Vsevolod"),
        ("Mourik began writing as a teenager, publishing her first story", "Mourik"),
        # a sentence after a colon (a retweet's handle, a label), a form's value: "comment=Katy had to put her …"
        ("RT @user-1: Yuri introduced herself saying that she likes noodles", "Yuri"),
        ("Breaking: Kowalczyk resigned from his post today", "Kowalczyk"),
        ("comment=Katy had to put her brush down&thread=3", "Katy"),
    ],
)
def test_referent_found(persons: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, persons) == names.split()


@pytest.mark.parametrize(
    "text",
    [
        "Docker is great. I gave it to him.",
        "Python is slow, so he rewrote it.",
        "Jenkins failed again, so he restarted the job.",  # "he", "she": a subject of their own, no referent read
        "Vsevolod met Anna and she liked him.",  # another capitalised word between: hers or his
        "Gmail is down. She cannot log in.",
        "Netflix raised its prices and her bill doubled.",
        "London was rainy, her favourite city.",  # a big city
        "config=Default for her account",
        "Note: Docker updated its pricing for his team",
    ],
)
def test_other_subjects_kept(persons: PersonFinder, text: str) -> None:
    assert _at_cues(text, persons) == []
