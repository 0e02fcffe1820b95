"""The forms of a capitalised word that the name lexicon does not list, for ``people``'s reading of one word: a
Polish name in its other cases ("Tomaszowi Wróblowi", "Piotra Wiśniewskiego") read back to its nominative, a Russian
patronymic by its ending ("Петрович"), a word without its marks ("Mădălin" as "Madalin"); and the forms of ordinary
words no name takes: German's and Dutch's abstract nouns by their endings ("Gesellschaft", "Gezondheid"), a
dictionary word's plural ("Metrics"); and the words a random string is made of, which no name is written as
("JgwBuNOn", "Bnw")."""

from __future__ import annotations

import re
import unicodedata

from replay.redact.lexicon import Lexicon

__all__ = ["CASE_TAILS", "NOUN_ENDINGS", "PATRONYMIC", "garbled", "nominative_tiers", "plural", "strip_marks"]

# The endings of German's and Dutch's abstract and collective nouns, which no name of the lexicon has ("Abhängigkeit",
# "Gesellschaft", "Universität", "Verbesserungen", "Gezondheid", "Wetenschap", "Kwaliteit"): capitalised as every noun
# there is, such a word is an ordinary one, not a name the lexicon lacks; and a science's name in English, Spanish,
# Italian, German, French, Dutch ("Epidemiology", "Cardiología", "Radiologie": "Dept of Gen Epidemiology")
NOUN_ENDINGS = ("keit", "heit", "schaft", "ität", "ierung", "ungen", "heid", "schap", "iteit", "isme", "ismus")
NOUN_ENDINGS += ("ology", "ología", "ologia", "ologie")
PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "ьич")
# Polish names in their other cases ("Tomaszowi Wróblowi", "Piotra Wiśniewskiego", "Anny Nowak"): the case's ending
# and the nominative's, a "-ski" surname's adjective endings first; a base of two consonants also tried with the
# "e" the nominative has between them ("Wróbl-owi": Wróbel, "Pawł-a": Paweł).
_ADJ_CASES = (("iemu", "i"), ("iego", "i"), ("im", "i"), ("iej", "a"), ("ą", "a"))
_CASES = (
    *((f"{k}{end}", f"{k}{nom}") for k in ("sk", "ck", "dzk") for end, nom in _ADJ_CASES),
    ("owi", ""), ("iem", ""), ("em", ""), ("ii", "ia"), ("ie", "a"), ("ą", "a"), ("ę", "a"), ("y", "a"), ("a", ""),
    ("u", ""),
)  # fmt: skip
CASE_TAILS = tuple(end for end, _ in _CASES)
_CASE_OF = dict(_CASES)
_CASE_LENGTHS = sorted({len(end) for end in _CASE_OF}, reverse=True)


def nominative_tiers(lex: Lexicon, w: str) -> tuple[int, int]:
    """The lexicon's tiers of the nominative of a Polish name in another case (``_CASES``), else (0, 0). ``w``: a
    casefolded word that ends in one of ``CASE_TAILS``."""
    end = next(w[-k:] for k in _CASE_LENGTHS if w[-k:] in _CASE_OF)  # the longest: "-skiemu" before "-u"
    nom = _CASE_OF[end]
    base = w[: -len(end)] + nom
    if len(base) < 3:
        return 0, 0
    for n in (base, base[:-1] + "e" + base[-1]) if not nom else (base,):
        g, s = lex.given.get(n, 0), lex.surname.get(n, 0)
        if len(end) == 1 and not g:
            continue  # "Blesa" is no "Bles"'s: the one-letter endings ("Piotra", "Anny") only of given names
        if g or s:
            return g, s
    return 0, 0


def strip_marks(word: str) -> str:
    """``word`` without its combining marks (ă -> a, ț -> t, é -> e)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def plural(lex: Lexicon, word: str) -> bool:
    """A dictionary's word that is the plural of an ordinary word ("Metrics", "Playbooks"): a heading's noun, not a
    surname the lexicon lacks ("Key Metrics"); not a street's type ("James Forks" is an address)."""
    w = word.casefold()
    stem = w[:-1] if w.endswith("s") else ""
    return bool(stem) and (stem in lex.words or stem in lex.rare_words) and w not in lex.street_types


_VOWELS = frozenset("aeiouyAEIOUY")
# A name typed with its capitals held at its start or its end ("GOnzalez", "RosauRO", "ColmenerO", MEDDOCAN's):
# one block of them, where a random string scatters them
_TYPED = re.compile(r"[A-Z]+[a-z]+|[A-Z][a-z]+[A-Z]+")


def garbled(word: str) -> bool:
    """A capitalised ASCII word written as no name is, as a test payload's or a fuzzer's random strings are: two
    capitals or more past its first, not in one block at its start or its end ("JgwBuNOn", "KGXhFytjr"; a name has
    one, after its prefix: "McDonald", "DeShawn", "O'Neill", or a block typed with a key held: "RosauRO"), or no vowel
    where it is not all capitals ("Bnw", "Mbv"; initials are: "CJ Smith"). The lexicon's commonest names are asked
    before ("Ng", "Vlk", "Md" of "Md Rahman"), as its junk is not ("Rv")."""
    if word.isupper() or not word.isascii():
        return False
    if not word[1:].islower():  # a capital inside: most words have none, one comparison decides
        return sum(c.isupper() for c in word) > 2 and _TYPED.fullmatch(word) is None
    return _VOWELS.isdisjoint(word)
