"""Names said alone where a group of people is spoken of: a list after a word only people are and a colon ("our 3
founders: Monjeau, Graves and Reed"), a list a count of its items announces ("They had 6: Efimiya, Mary, Ariana,
Isabel, Teresa and Jodi."), a pair said to be such people ("Usamov and Bowers were precision engineers"). The
cues (``GROUP_CUES``: the plural nouns, the counts before a colon) are found by the cue automaton of ``detectors``
as the name family's, so a text holding none is not searched; ``members`` reads the list at one."""

from __future__ import annotations

import re

from replay.redact.notnames import STOP_WORDS
from replay.redact.people import PersonFinder

__all__ = ["GROUP_CUES", "members"]


# Plural nouns only people are (not a firm: no "partners", "members", "sponsors", "developers", "clients", "hosts")
_PEOPLE = (
    "founders", "co-founders", "cofounders", "engineers", "friends", "brothers", "sisters", "sons", "daughters",
    "children", "kids", "siblings", "cousins", "colleagues", "coworkers", "co-workers", "teammates", "roommates",
    "classmates", "neighbours", "neighbors", "parents", "grandparents", "grandchildren", "grandkids", "twins",
    "musicians", "singers", "songwriters", "writers", "authors", "novelists", "poets", "painters", "artists",
    "actors", "actresses", "doctors", "nurses", "teachers", "students", "scientists", "researchers", "lawyers",
    "employees", "bandmates", "boyfriends", "girlfriends", "husbands", "wives", "guitarists", "drummers",
)  # fmt: skip
_COUNTS = tuple(str(n) for n in range(2, 13))
# The cues: a noun, where the list after its colon or the pair before it is read; a count and a colon
GROUP_CUES: dict[str, str] = {
    **{f" {noun}": "group" for noun in _PEOPLE},
    **{f" {n}:": "group" for n in _COUNTS},
}
_NUMBER = {
    w: i
    for i, w in enumerate(
        ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    )
}

_ITEM = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
# a list of single words: "A and B", "A, B, C and D", "A, B, and C"
_LIST = rf"(?<![^\W\d_'’\-])({_ITEM}(?:,[ \t]+{_ITEM})*,?[ \t]+(?:and|&)[ \t]+{_ITEM})"
_ITEMS = re.compile(rf"{_ITEM}")
_AFTER_COLON = re.compile(rf"[ \t]*:[ \t]*{_LIST}(?=[ \t]*(?:[.!?;)\n\"]|\\n|\Z))")
# the pair or list before its noun: "A and B were precision engineers", "A and B, both engineers"
_BEFORE_NOUN = re.compile(
    rf"{_LIST}(?:[ \t]+(?:were|are)(?:[ \t]+(?:both|all))?|,[ \t]+(?:both|all))(?:[ \t]+[a-z]+){{0,2}}[ \t]*\Z"
)
# the count before a noun: "our 3 founders", "my two brothers", "our 3 amazing founders"
_COUNT_BEFORE = re.compile(
    rf"(?<![\w.,])(\d{{1,2}}|{'|'.join(w for w in _NUMBER if w)})(?:[ \t]+[a-z]+)?[ \t]*\Z", re.I
)
_REACH = 160  # a list's characters before its noun, at most


def _count(word: str) -> int | None:
    """The number ``word`` says, in digits or a word ("3", "three")."""
    return int(word) if word.isdigit() else _NUMBER.get(word.lower())


def _words(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The items of the list ``text[a:b]``, less its "and"."""
    return [m.span() for m in _ITEMS.finditer(text, a, b) if m.group() != "and"]


def _people(text: str, items: list[tuple[int, int]], persons: PersonFinder, counted: bool) -> list[tuple[int, int]]:
    """The ``items`` when two in three of them at least look like names: common given names (``alone``) in a list a
    count announced, capitalised or the whole list in lower case ("Chad" of six is a country's too); else names
    however rare (``rare``: "Usamov and Bowers"), the others capitalised words that may be one (``titled``: "Park")."""
    words = [text[a:b] for a, b in items]
    lower = counted and all(w.islower() for w in words)  # a count's list, typed in lower case
    if not lower and not all(w[:1].isupper() and not w.isupper() for w in words):
        return []  # "Apple and oranges", "JSON and YAML"
    if any(w.casefold() in STOP_WORDS for w in words):
        return []
    cap = [w[:1].upper() + w[1:] for w in words]
    most = (2 * len(items) + 2) // 3
    if counted:
        return items if sum(map(persons.alone, cap)) >= most else []
    # ``titled`` takes any capitalised word that is no ordinary one ("Python", "Google"): ``rare`` must take most
    return items if all(map(persons.titled, cap)) and sum(map(persons.rare, cap)) >= most else []


def members(text: str, s: int, e: int, persons: PersonFinder) -> list[tuple[int, int]]:
    """The names of a group at the cue ``text[s:e]`` (``GROUP_CUES``): after a count and its colon, the list of as
    many words, two in three of them common given names at least; after a plural noun only people are, its colon and a
    list (as many words as a count before the noun says), or before it the pair or list said to be such people."""
    if text[e - 1] == ":":  # " 6:": the count of the list after it
        m = _AFTER_COLON.match(text, e - 1)
        if m is None:
            return []
        items = _words(text, *m.span(1))
        if len(items) != int(text[s + 1 : e - 1]):
            return []
        return _people(text, items, persons, True)
    if e < len(text) and (text[e].isalnum() or text[e] in "-_"):
        return []  # "friendship", "kids_table"
    if (m := _AFTER_COLON.match(text, e)) is not None:
        items = _words(text, *m.span(1))
        c = _COUNT_BEFORE.search(text, max(0, s - 24), s)
        if c is not None and (n := _count(c.group(1))) is not None and n != len(items):
            return []
        return _people(text, items, persons, False)
    if (m := _BEFORE_NOUN.search(text, max(0, s - _REACH), s)) is not None:
        if m.start() and text[m.start() - 1] in "@#/\\$%+<_.-":
            return []
        return _people(text, _words(text, *m.span(1)), persons, False)
    return []
