"""Names said alone before whose kin they have or a person's relative clause (``replay.redact.relatives``); a firm's or
a thing's possessive, a word in lower case that is no given name, and "which" kept."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.people import PersonFinder
from replay.redact.relatives import KIN_OF_CUES, WHO_CUES, kin_owner, who_before
from tests.redact.conftest import read_at_cues


def _at_cues(text: str, persons: PersonFinder) -> list[str]:
    return read_at_cues(text, KIN_OF_CUES, lambda t, s, e: kin_owner(t, s, e, persons)) + read_at_cues(
        text, WHO_CUES, lambda t, s, e: who_before(t, s, e, persons)
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('mika: "who are you?"\ntracy:"i\'m roberto\'s daughter".', "roberto"),  # presidio_synth's, in lower case
        ("Kaczmarek's wife called about the invoice.", "Kaczmarek"),
        ("I met Kaczmarek’s children yesterday.", "Kaczmarek"),
        ("i saw maria's husband at the shop", "maria"),
        ("There's of course Jason, who is our editor.", "Jason"),  # gum_dev's
        ("I asked Kowalczyk, who said no.", "Kowalczyk"),
        ("Anna Kowalczyk, who's on leave, signed it.", "Anna Kowalczyk"),
    ],
)
def test_names_found(persons: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, persons) == [names]


@pytest.mark.parametrize(
    "text",
    [
        "Python's creator is Guido.",  # no kin word: a firm's and a language's have creators and teams
        "Google's team shipped it.",
        "the client's wife called",  # a word in lower case that is no given name
        "will's son",  # an ordinary word though a given name too
        "the company, which makes widgets",
        "We moved to Kafka, which is faster.",
        "Thanks to Google, who sponsored us.",  # no name of the lexicon
        "the sonar's son, whose",
        "Ask the team, whoever is on call.",
        "Anna's sonar reading",  # a word that starts with a kin word
    ],
)
def test_other_words_kept(persons: PersonFinder, text: str) -> None:
    assert _at_cues(text, persons) == []


def test_redacted_in_a_message(r: Redactor) -> None:
    """The whole engine: the names go, the ordinary words around them stay."""
    out, counts = r.text("i'm roberto's daughter. There's Jason, who is our editor. Google's team, which ships.")
    assert "roberto" not in out and "Jason" not in out
    assert "Google's team, which ships." in out and counts["name"] == 2
