"""Names said alone where the words after them say a person stands: whose family one is ("i'm roberto's daughter",
"Kaczmarek's wife called") and who a relative clause of a person follows ("There's Jason, who is our editor": "who",
not "which"). The cues (``KIN_OF_CUES``, ``WHO_CUES``) are found by the cue automaton of ``detectors`` as the name
family's; ``kin_owner`` and ``who_before`` read the name before one."""

from __future__ import annotations

import re

from replay.redact.names import FAMILY
from replay.redact.nameshapes import full_name_before
from replay.redact.notnames import STOP_WORDS
from replay.redact.people import PersonFinder

__all__ = ["KIN_OF_CUES", "WHO_CUES", "kin_owner", "who_before"]


# One's family after a possessive: a word only a person's family is (not "creator", "team", "partner": a firm has
# those), so the owner before it is a person ("Python's creator", "Google's team" are no cue): names.FAMILY and the
# plurals a possessive has before it ("Ana's kids")
_FAMILY = (*FAMILY, "parents", "kids", "children", "sons", "daughters")
KIN_OF_CUES: dict[str, str] = {f"{q}s {who}": "kin_of" for q in "'’" for who in _FAMILY}
# a relative clause only a person has ("which" says a thing, "whose" either); its comma after the name
WHO_CUES: dict[str, str] = {", who": "relative"}

# the word before a possessive in lower case: no handle's, path's, or word's part before it
_LOWER_BEFORE = re.compile(r"(?<![\w@#/\\$%+<_.\-'’])([a-z]{3,})\Z")
_ARTICLE = re.compile(r"(?<![^\W\d_])(?:the|a|an|The|A|An)[ \t]+\Z")


def _name_before(text: str, s: int, persons: PersonFinder) -> tuple[int, int] | None:
    """The name right before ``text[s]``: a name of the lexicon or a rare word like one (``rare``), and a given name
    before it; no stop word, no word after an article ("the Julia's")."""
    span = full_name_before(text, s, persons.rare, persons.given_before)
    if span is None or text[span[0] : span[1]].split()[-1].casefold() in STOP_WORDS:
        return None
    return span


def kin_owner(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The one whose family the cue at ``text[s:e]`` (``KIN_OF_CUES``) names: a capitalised name ``rare`` takes
    ("Kaczmarek's wife"), or a word in lower case that is a common given name (``alone``: "i'm roberto's daughter";
    "the client's wife" none)."""
    if e < len(text) and text[e].isalpha():
        return []  # "'s sonar", "'s daddy"
    span = _name_before(text, s, persons)
    if span is not None:
        return [span]
    m = _LOWER_BEFORE.search(text, max(0, s - 30), s)
    if m is None or _ARTICLE.search(text, max(0, m.start() - 6), m.start()):
        return []
    return [m.span(1)] if persons.alone(m.group(1).capitalize()) else []


def who_before(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The one a relative clause of a person at ``text[s:e]`` (``WHO_CUES``) follows: a name ``rare`` takes before
    the comma ("Jason, who is", "Kowalczyk, who said"; "the company, which" is no cue)."""
    if e < len(text) and (text[e].isalnum() or text[e] in "-_"):
        return []  # "whose", "whom", "whoever"
    span = _name_before(text, s, persons)
    return [] if span is None else [span]
