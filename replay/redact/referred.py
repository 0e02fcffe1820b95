"""A name said alone as a sentence's subject that a person's pronoun after it refers back to ("Shovda is very
reliable. You can always depend on him.", "Rintanen began writing as a teenager, publishing her first story"). The
cues (``PRONOUN_CUES``) are found by the cue automaton of ``detectors`` as the name family's; ``referent`` reads
the subject of the pronoun's sentence or the one before it."""

from __future__ import annotations

import re

from replay.redact.notnames import STOP_WORDS
from replay.redact.people import PersonFinder
from replay.redact.placenames import big_cities

__all__ = ["PRONOUN_CUES", "referent"]


# A person's pronouns as an object or an owner, a blank before and a word's end after (the cue automaton reads lower
# case); not "he", "she": a subject of their own, after a tool's name as often ("Jenkins failed, so he restarted it"),
# and the next sentence's too ("Jira tickets piled up. She closed them": "Jira", "Chrome" are common given names)
PRONOUN_CUES: dict[str, str] = {
    f" {p}{end}": "pronoun" for p in ("him", "her", "his", "himself", "herself") for end in (" ", ".", ",", "!", "?")
}
_REACH = 160  # the two sentences read back from the pronoun, at most
# where a sentence starts: after its mark and blanks or a colon's ("RT @user: Yuri introduced herself"), a line's, a
# quoted string's or a form's value's start ("comment=Katy had to put her brush down")
_BOUNDARY = re.compile(r"[.!?:][\"”]?[ \t]+|\n|\\n|\"|=(?<=[\w\]]=)")
# a sentence's subject: one capitalised word, a verb in lower case after it ("Shovda is", "Rintanen began")
_SUBJECT = re.compile(r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+(?!(?:and|or)\b)[a-z]+\b")
_CAPITAL = re.compile(r"\b[A-Z]")


def _starts(text: str, lo: int, s: int) -> list[int]:
    """The starts of the sentences in ``text[lo:s]``, the last two."""
    starts = [0] if lo == 0 else []
    starts.extend(m.end() for m in _BOUNDARY.finditer(text, lo, s))
    return starts[-2:]


def _other_capital(text: str, a: int, s: int, starts: list[int]) -> bool:
    """A capitalised word in ``text[a:s]`` other than "I" and a sentence's first: another one the pronoun may be."""
    for m in _CAPITAL.finditer(text, a, s):
        c = m.start()
        if c not in starts and not (text[c] == "I" and not text[c + 1 : c + 2].isalpha()):
            return True
    return False


def referent(text: str, s: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The name a person's pronoun at ``text[s]`` refers back to: the subject of its sentence or of the one before,
    a name of the lexicon (``rare`` with no likeness of a word it does not hold: "Slack" is one, "Docker", "Gmail"
    none), no other capitalised word between them but a sentence's first and "I"."""
    starts = _starts(text, max(0, s - _REACH), s)
    for p in reversed(starts):
        m = _SUBJECT.match(text, p, s)
        if m is None or m.group(1).casefold() in STOP_WORDS:
            continue  # "You can always depend on him": the sentence before may name him
        if m.group(1).casefold() in big_cities():
            return []  # "London was rainy, her favourite city"
        if persons.rare(m.group(1), float("inf")) and not _other_capital(text, m.end(1), s, starts):
            return [m.span(1)]
        return []
    return []
