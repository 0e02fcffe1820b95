"""Names said alone where speech or a question about someone says a person stands: who spoke to whom ("said Brixard
to Logan"), who a quote is by ('"I'm glad to hear it," says Hartvigsson.'), who a question asks about ("Why is
Ivan so impulsive?", "Is Kwame still on leave?"). The cues (``SPEECH_CUES``, ``OPENING_CUES``) are found by the cue
automaton of ``detectors`` as the name family's; ``speakers`` and ``opening_question`` read the names at one."""

from __future__ import annotations

import re

from replay.redact.notnames import STOP_WORDS
from replay.redact.people import PersonFinder
from replay.redact.placenames import big_cities

__all__ = ["AUX_OPENINGS", "OPENING_CUES", "SPEECH_CUES", "asked", "opening_question", "speakers"]


_VERBS = ("said", "says", "asked", "replied", "whispered", "shouted", "answered")
_QUESTIONS = tuple(
    f"{q} {aux} " for q in ("why", "how", "when") for aux in ("is", "was", "does", "did", "has", "will", "would")
)
# A question that opens with its auxiliary ("Is Kwame still on leave?", "Did Gary send the report?"): the one it asks
# about a common given name (not "Is Python still supported?", "Is Will coming?": a common word's), no big city's, and
# what it asks a person's doing (not "Is Alexa still listening?", "Is Chelsea winning?", "Does Chrome support this?")
_PERSON_ASKED = re.compile(
    r"\b(?:repl(?:y|ied)|respond(?:ed)?|answered|call(?:ed)?|e-?mail(?:ed)?|texted|messaged|sen[dt]|knows?|said"
    r"|com(?:e|ing)|join(?:ing|ed)?|here|back|available|around|leave|holiday|vacation|sick|off|ok(?:ay)?|alright"
    r"|free|busy|home|attend(?:ing)?|approved?|signed|agreed?|seen|reviewed|lives?|married|pregnant|feeling"
    r"|birthday|retir(?:ed|ing)|hired|fired|promoted|leaving|left|arrived?|landed)\b"
)
SPEECH_CUES: dict[str, str] = {
    **{f"{verb} ": "speech" for verb in _VERBS},
    **dict.fromkeys(_QUESTIONS, "speech"),
}
# A question opening with its auxiliary, after what opens it (a line, a JSON string, a form's value, a sentence's
# end): the opening is the cue's, so the pass meets no other "is " (a cue of "is " alone, met at every one, cost
# 112,000 instructions a chat request); the text's own start is ``personal``'s to try (``AUX_OPENINGS``)
_AUX = ("is ", "was ", "did ", "does ", "has ", "can ", "will ")
_OPENINGS = {f"{o}{aux}": len(o) for o in ("\n", "\\n", '"', "(", ". ", "? ", "! ", "=") for aux in _AUX}
OPENING_CUES = dict.fromkeys(_OPENINGS, "asked")
AUX_OPENINGS = tuple(aux.capitalize() for aux in _AUX)

_WORD = r"[A-Z][^\W\d_]+(?:['’\-][^\W\d_]+)*"
# Given names that are ordinary English words too, which the lexicon's word lists leave out (they hold no one's
# name): after a question's auxiliary the structure alone does not say a person ("Is Mark available?" asks of a mark
# as often, "Is Grace back?", "Will Bill …")
_WORD_NAMES = frozenset(
    {"will", "mark", "grace", "bill", "rose", "hope", "joy", "faith", "penny", "frank", "rob", "sue", "jack", "april"}
    | {"may", "june", "dawn", "amber", "ruby", "iris", "holly", "chase", "pat", "art", "sky", "summer", "autumn"}
    | {"crystal", "destiny", "harmony", "honey", "ivy", "jasmine", "lily", "olive", "pearl", "violet", "willow"}
    | {"hunter", "mason", "cash", "guy", "ray", "drew", "gene", "grant", "lance", "rich", "sandy", "miles", "buck"}
    | {"chip", "dusty", "earl", "ford", "hank", "herb", "jay", "king", "mercy", "misty", "rocky", "rusty", "sterling"}
    | {"stone", "storm", "sunny", "wade", "ward", "dean", "don", "nick", "norman", "page", "pierce", "reed", "rod"}
    | {"angel", "bishop", "carol", "chance", "clay", "cliff", "colt", "dale", "glen", "heath", "forest", "river"}
)
_OPENING_QUESTION = re.compile(rf"(?:Is|Was|Did|Does|Has|Can|Will)[ \t]+({_WORD})[ \t]+[a-z][^?.!\n\"]{{0,60}}\?")
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
    if (s and text[s - 1].isalnum()) or not "A" <= text[e : e + 1] <= "Z":
        return []  # each reading below starts with ``_WORD``'s capital at ``e``: "has said 'in transit'" has none
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


def asked(text: str, a: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The one a question opening with its capitalised auxiliary at ``a`` asks about (``_OPENING_QUESTION``): a
    common given name, no big city's, a person's doing asked."""
    m = _OPENING_QUESTION.match(text, a)
    if (
        m is None
        or _PERSON_ASKED.search(text, m.end(1), m.end()) is None
        or m.group(1).casefold() in big_cities()
        or m.group(1).casefold() in _WORD_NAMES
        or not persons.alone(m.group(1))
    ):
        return []
    return [m.span(1)]


def opening_question(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """At a cue of ``OPENING_CUES`` (``text[s:e]``: an opening and an auxiliary), the one its question asks about,
    when the auxiliary is capitalised ("Ok. Is Kwame still on leave?"; not "…. is it")."""
    a = s + _OPENINGS[text[s:e].lower()]
    return asked(text, a, persons) if text[a : a + 1].isupper() else []
