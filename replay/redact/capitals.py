"""The one scan of an ASCII text's capitalised words that the name passes with no cue share (``personal.people``).

Three passes look for a capitalised word with something after or before it: two capitalised words side by side
(``people.PersonFinder.find``), one spoken to or about ("Kenny, you", "Casey's", "Tanner is": ``spoken.addressed``)
and a list's last item after " and " (``PersonFinder.listed``). Each searched the whole text with a regex of its own,
capital by capital; a typical chat request has ~35 capitals, nearly all a sentence's first word before a word in
lower case, which each search tried and let go. ``scan`` finds the capitals where any of them can match in one search
over the text's bytes with each capital an "A", and says which: each pass then reads its own few places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from replay.redact.people import PARTICLES
from replay.redact.spoken import ADDRESSED_WORDS

__all__ = ["Capitals", "scan"]


def _by_first_letter(words: str) -> str:
    """The alternatives ``words`` ("is|isn't|was") grouped by their first letter ("i(?:s|sn't)|w(?:as)"): the regex
    engine tests each alternative's first letter in turn, ~55 at every sentence's first word where they stood apart."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(words + "|"):
        depth += (c == "(") - (c == ")")
        if c == "|" and not depth:
            parts.append(words[start:i])
            start = i + 1
    groups: dict[str, list[str]] = {}
    for w in parts:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# An ASCII text's bytes with each capital an "A", the other characters as they are
_CAPITALS_TABLE = bytes(ord("A") if 65 <= i <= 90 else i for i in range(256))
# Right after a capital ("A"), each pass's condition, a lookahead (or a look-behind), so that no match covers another
# capital and one may be a candidate of several passes:
# - a pair: ``people._PAIR_ASCII``'s match (more letters, a blank, particles, a capital).
# - addressed: where ``spoken._ADDRESSED`` may match: a capital that starts a word (the look-behind), more letters,
#   then a comma and a blank, "'s" and a word in lower case, or blanks and one of the words it takes after them (or
#   "and" before a capital of one letter). Its letters are possessive: no tail starts with a letter, so giving letters
#   back only finds an "'s" the run ends with, which the look-behind reads.
# - a list's last item: " and " before it.
_PAIR = rf"(?=[a-z]++ (?:(?:{PARTICLES}) )*+A)"
_ADDRESSED = (
    rf"(?<![\w@#/\\$%+<_.\-'].)(?=[a-z'\-]++(?:,[ \t]|(?<=[a-z'\-]'s)[ \t]+[a-z]"
    rf"|[ \t]+(?:and[ \t]+(?=A\b)|(?:{_by_first_letter(ADDRESSED_WORDS)})\b)))"
)
_LIST = r"(?<= and A)"


@cache
def _candidates(addressed: bool, listed: bool) -> re.Pattern[bytes]:
    """The search for the capitals where any of the passes asked for may match, then each of them again for an empty
    group of its own (most capitals fail the first, and only a candidate is tried again). Pairs are always asked
    for; a pass not asked for is not searched (its condition at every capital cost more than the pairs'). Each made
    at its first scan (~3 ms to compile one): a process that never asks for the addressed or the list pass never
    compiles the searches that hold them."""
    conds = [_PAIR, _ADDRESSED if addressed else "(?!)", _LIST if listed else "(?!)"]
    asked = "|".join(c for c in conds if c != "(?!)")
    return re.compile(f"A(?:{asked}){''.join(f'(?:{c}())?' for c in conds)}".encode())


@dataclass(slots=True)
class Capitals:
    """The offsets in one ASCII text of the capitals where each pass can match: ``pairs`` start two capitalised words
    side by side, ``addressed`` one spoken to or about, ``listed`` a list's last item (" and " before it)."""

    pairs: list[int] = field(default_factory=list)
    addressed: list[int] = field(default_factory=list)
    listed: list[int] = field(default_factory=list)


def scan(text: str, addressed: bool = True, listed: bool = True) -> Capitals:
    """The capitals of the ASCII ``text`` where each pass can match (``Capitals``); the addressed and the list passes'
    only when asked for (``addressed``, ``listed``: the pass will run)."""
    got = Capitals()
    for m in _candidates(addressed, listed).finditer(text.encode().translate(_CAPITALS_TABLE)):
        pair, addressed_, listed_ = m.groups()
        if pair is not None:
            got.pairs.append(m.start())
        if addressed_ is not None:
            got.addressed.append(m.start())
        if listed_ is not None:
            got.listed.append(m.start())
    return got
