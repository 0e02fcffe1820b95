"""Names said alone where speech or a question about someone says a person stands: who spoke to whom ("said Brixard
to Logan"), who a quote is by ('"I'm glad to hear it," says Hartvigsson.'), who a question asks about ("Why is
Ivan so impulsive?"). The cues (``SPEECH_CUES``) are found by the cue automaton of ``detectors`` as the name
family's; ``speakers`` reads the names at one."""

from __future__ import annotations

import re

from replay.redact.notnames import STOP_WORDS
from replay.redact.people import PersonFinder

__all__ = ["SPEECH_CUES", "speakers"]


_VERBS = ("said", "says", "asked", "replied", "whispered", "shouted", "answered")
_QUESTIONS = tuple(
    f"{q} {aux} " for q in ("why", "how", "when") for aux in ("is", "was", "does", "did", "has", "will", "would")
)
SPEECH_CUES: dict[str, str] = {
    **{f"{verb} ": "speech" for verb in _VERBS},
    **dict.fromkeys(_QUESTIONS, "speech"),
}

_WORD = r"[A-Z][^\W\d_]+(?:['’\-][^\W\d_]+)*"
_END = r"(?=[ \t]*(?:[.,!?;\"”)\n]|\\n|\Z))"
# "said Brixard to Logan": the speaker and the one spoken to
_TO = re.compile(rf"({_WORD})[ \t]+to[ \t]+({_WORD}){_END}")
# '…," says Hartvigsson.': a quote's closing mark and a comma or a mark before the verb, the speaker ending a clause
_QUOTED = re.compile(r"[\"”][ \t]*\Z|[,.!?][\"”][ \t]*\Z|\\\"[ \t]*\Z")
_ONE = re.compile(rf"({_WORD}){_END}")
# "Why is Ivan so impulsive?": the one asked about, a word in lower case after, the question's mark closing it
_ASKED = re.compile(rf"({_WORD})[ \t]+[a-z][^?.!\n\"]{{0,60}}\?")


def _name(word: str, persons: PersonFinder) -> bool:
    """A capitalised word that may be a name (``titled``), no stop word."""
    return word.casefold() not in STOP_WORDS and persons.titled(word)


def speakers(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The names at the cue ``text[s:e]`` (``SPEECH_CUES``): after a verb of speech, the speaker and the one spoken
    to, one of them a common given name (``alone``) or both rare ones (``rare``); or one speaker after a quote; after
    a question's words, the one it asks about, a common given name."""
    if s and text[s - 1].isalnum():
        return []
    if text[s:e].lower() in _QUESTIONS:
        m = _ASKED.match(text, e)
        return [m.span(1)] if m is not None and persons.alone(m.group(1)) else []
    if (m := _TO.match(text, e)) is not None:
        a, b = m.group(1), m.group(2)
        named = _name(a, persons) and _name(b, persons)
        if named and (persons.alone(a) or persons.alone(b) or (persons.rare(a) and persons.rare(b))):
            return [m.span(1), m.span(2)]
        return []
    if _QUOTED.search(text, max(0, s - 4), s) and (m := _ONE.match(text, e)) is not None:
        return [m.span(1)] if _name(m.group(1), persons) else []
    return []
