"""Names said alone where the words around them say a person stands: whose family one is ("i'm roberto's daughter",
"Kaczmarek's wife called"), who a relative clause of a person follows ("There's Jason, who is our editor": "who",
not "which"), which judges wrote or joined a court's opinion ("SCALIA filed a dissenting opinion, in which THOMAS and
ALITO joined"), who wrote a novel ("the Jensen novel"), who left a group ("ex-Zombie Kastner"), and who lives at a
street or works for a firm named after a deed ("Timotea lives on Via dei Fiorentini 17", "Quionia is from Areavibes
Inc": ``housed_or_hired``). The cues (``KIN_OF_CUES``, ``WHO_CUES``, ``BENCH_CUES``, ``WORK_CUES``) are found by the
cue automaton of ``detectors`` as the name family's; ``kin_owner``, ``who_before``, ``bench``, ``author_before`` and
``former_member`` read the names at one."""

from __future__ import annotations

import re

from replay.redact.firms import brand_word
from replay.redact.names import FAMILY
from replay.redact.nameshapes import CAPITAL, REST, WORD, full_name_before, match_name
from replay.redact.notnames import STOP_WORDS
from replay.redact.orgwords import LEGAL_FORM
from replay.redact.people import PersonFinder
from replay.redact.placenames import big_cities

__all__ = [
    "BENCH_CUES",
    "KIN_OF_CUES",
    "WHO_CUES",
    "WORK_CUES",
    "author_before",
    "bench",
    "former_member",
    "housed_or_hired",
    "kin_owner",
    "who_before",
]


# One's family after a possessive: a word only a person's family is (not "creator", "team", "partner": a firm has
# those), so the owner before it is a person ("Python's creator", "Google's team" are no cue): names.FAMILY and the
# plurals a possessive has before it ("Ana's kids")
_FAMILY = (*FAMILY, "parents", "kids", "children", "sons", "daughters")
# and what only a person has: a body's parts one sees of them, a life's days ("Holt's head", "Vader's entrance",
# "kapil's expression"); not "voice" (an assistant's: "Alexa's voice"), "head of" (a firm's: "Apple's head of design")
_OWN = ("head", "face", "hair", "eyes", "smile", "death", "funeral", "wedding", "birthday", "grave", "entrance")
_OWN += ("expression", "autograph")
KIN_OF_CUES: dict[str, str] = {f"{q}s {who}": "kin_of" for q in "'’" for who in (*_FAMILY, *_OWN)}
# a relative clause only a person has ("which" says a thing, "whose" either); its comma after the name
WHO_CUES: dict[str, str] = {", who": "relative"}
# A court's opinion as its syllabus says who wrote and who joined it (the US Supreme Court's and the courts that follow
# its style): "STEVENS, J., delivered the opinion of the Court", "KENNEDY filed an opinion concurring in part, in which
# SOUTER, GINSBURG, and BREYER joined", "Justice Alito filed a dissenting opinion"
BENCH_CUES: dict[str, str] = dict.fromkeys((" joined", " filed a", " delivered the opinion"), "bench")
# a judge's surname as a syllabus writes it, in capitals ("O'CONNOR"), or capitalised; ", J.," or ", C. J.," after it,
# ", JJ.," after a list of them
_JUDGE = r"[A-Z](?:[A-Z]|['’][A-Z])+|[A-Z][a-z]+(?:['’][A-Z][a-z]+)?"
_TITLE = r"(?:,[ \t]+(?:C\.[ \t]?)?JJ?\.,)?"
_WRITER = re.compile(rf"(?<![\w'’])({_JUDGE}){_TITLE}\Z")
_JOINERS = re.compile(rf"\b[Ii]n[ \t]+which[ \t]+((?:(?:{_JUDGE}),?[ \t]+)*(?:and[ \t]+)?(?:{_JUDGE})){_TITLE}\Z")
_JUDGE_WORD = re.compile(_JUDGE)
_OPINION_AFTER = re.compile(r"n?[ \t]+(?:(?:concurring|dissenting|separate)[ \t]+)?opinion\b")

# A writer's name before their book's word, after a determiner ("the Grisham novel", "her third Atwood novel"; "the
# Gothic novel", "the Russian novel" are a word's and a place's), and a former member's or holder's name after the
# group or the office they left ("ex-Beatle Ringo", "by ex-Zombie Kastner", "ex-Google engineer Ana Ruiz")
WORK_CUES: dict[str, str] = {" novel": "work", " novels": "work", "ex-": "former"}
_DETERMINER = re.compile(
    r"(?<![^\W\d_])(?:the|a|an|this|that|his|her|their|our|my|your|another|every|latest|new|early|late|last|first"
    r"|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[ \t]+\Z",
    re.IGNORECASE,
)
_AUTHOR = re.compile(rf"(?<![\w'’\-])({WORD})\Z")
# the group or the office left: one capitalised word, a role's word in lower case after it maybe, then the name
_LEFT = re.compile(rf"([{CAPITAL}][{REST}]*)([ \t]+[a-z]{{3,}})?[ \t]+(?=[{CAPITAL}])")
# What makes a rare word before " lives" or " is from" a person's all the same: a street and its house number after
# "on" or "at" ("Timotea lives on Via Zanwold 24", "lives at 69 Av Sidi Lakhmi"), a firm's name with its legal form
# ("Dzhambek is from Civic Impulse LLC": a product is from a firm, not from its staff)
_HOME_AFTER = re.compile(
    r"[ \t]+(?:on|at)[ \t]+(?:\d+[ \t]+[A-Z]"
    r"|(?:[A-Z][\w'’.\-]*[ \t]+(?:(?:d[aeiou]s?|de[il]|della|la|le|van|von|der|den)[ \t]+)?){1,4}\d+(?![\w.\-]?\d))"
)
_FIRM_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w&'’\-]*){1,5}")

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
    """The one whose family, or whose face or wedding, the cue at ``text[s:e]`` (``KIN_OF_CUES``) names: a capitalised
    name ``rare`` takes ("Kaczmarek's wife", "Holt's head"), or a word in lower case that is a common given name
    (``alone``: "i'm roberto's daughter"; "the client's wife" none)."""
    if (e < len(text) and text[e].isalpha()) or text.startswith((" of", " quarters"), e):
        return []  # "'s sonar", "'s daddy", "Apple's head of design", "Google's head quarters"
    span = _name_before(text, s, persons)
    if span is not None:
        return [] if text[span[0] : span[1]].casefold() in big_cities() else [span]  # "London's face"
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


def bench(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The judges a court's syllabus names at the cue ``text[s:e]`` (``BENCH_CUES``): the one who delivered or filed
    an opinion, and the ones "in which" list after an opinion's word (or ", JJ.," closing it) joined it; each a name
    the finder's ``titled`` takes, as after an office (a surname however rare: "SOUTER", "GORSUCH"; "The Court filed an
    opinion", "in which Arsenal and Chelsea joined forces" name no one)."""
    if s == 0 or not (text[s - 1].isalpha() or text[s - 1] == ","):
        return []  # "joined the team", "… 2019 joined": no name's end before the cue
    low = text[s:e].lower()
    if low == " joined":
        m = _JOINERS.search(text, max(0, s - 160), s)
        if m is None or ("JJ.," not in m.group(0) and "opinion" not in text[max(0, m.start() - 120) : m.start()]):
            return []
        words = list(_JUDGE_WORD.finditer(text, m.start(1), m.end(1)))
    elif low == " filed a" and _OPINION_AFTER.match(text, e) is None:
        return []  # "KENNEDY filed a motion": a party's filing, no opinion
    else:
        m = _WRITER.search(text, max(0, s - 24), s)
        words = [] if m is None else [_JUDGE_WORD.match(text, m.start(1))]
    return [w.span() for w in words if w is not None and w[0] != "and" and _judge(w[0], persons)]


def _judge(word: str, persons: PersonFinder) -> bool:
    """A judge's surname, in capitals or not: one the finder's ``titled`` takes, no stop word ("The", "THE")."""
    name = word.capitalize() if word.isupper() else word
    return name.casefold() not in STOP_WORDS and persons.titled(name)


def author_before(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The writer whose book the cue at ``text[s:e]`` (``WORK_CUES``' " novel") names: one capitalised surname after
    a determiner (``_author``: "Unlike the Jensen novel"; "the Gothic novel", "the Marvel novel", "the
    Oxford novel" are none)."""
    if e < len(text) and text[e].isalpha() and text[e] != "s":
        return []  # "novelty", "novella"
    m = _AUTHOR.search(text, max(0, s - 40), s)
    if m is None or not _DETERMINER.search(text, max(0, m.start() - 12), m.start()) or not _author(m.group(1), persons):
        return []
    return [m.span(1)]


def former_member(text: str, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The one a cue "ex-" ending at ``e`` says left a group or an office: the name after its word (and a role's),
    however rare (``given_before``: "ex-Zombie Kastner"; "ex-Soviet Union", "ex-Google Cloud" are words)."""
    m = _LEFT.match(text, e)
    if m is None:
        return []
    span = match_name(text, m.end(), "role", persons.given_before)
    if span is None or (m.group(2) is None and " " not in text[span[0] : span[1]] and _product(m.group(1), persons)):
        return []  # "ex-Twitter Blue", "ex-Red Hat": a product's or a firm's name goes on after a brand or a word
    return [span]


def housed_or_hired(text: str, e: int, cue: str) -> bool:
    """After a deed's cue ``cue`` ending at ``e``, a home's address (" lives") or a firm's name with its legal form
    (" is from", " works at"): the word before the cue names a person however rare a name it is."""
    if cue == " lives":
        return _HOME_AFTER.match(text, e) is not None
    m = _FIRM_AFTER.match(text, e)
    return m is not None and LEGAL_FORM.search(text, e + 1, m.end() + 1) is not None


def _author(word: str, persons: PersonFinder) -> bool:
    """A word ``rare`` takes that is a surname of the lexicon, no big city's nor a brand's ("Jensen", "Ruoho";
    "Oxford", "Marvel" are none)."""
    w = word.casefold()
    return persons.rare(word) and w in persons.lex.surname and w not in big_cities() and not brand_word(word)


def _product(word: str, persons: PersonFinder) -> bool:
    """A group's word after "ex-" that a product's name goes on after: a brand ("Twitter"), a very common word ("Red",
    "Soviet"; not a rarer one, "Zombie", "Oasis")."""
    return brand_word(word) or word.casefold() in persons.lex.words
