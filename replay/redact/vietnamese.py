"""Vietnamese text's letters, which the name lexicon would read as people's words: Vietnamese is written in
syllables, and nearly each of them, its marks folded, is some name of the lexicon ("hàng của": "Hang" and "Cua").

``vietnamese``: a text with a letter only Vietnamese writes (ơ, ư, a vowel with a mark below or two marks stacked),
where no words in lower case are a name: its names are written capitalised ("chị Lan", "Nguyễn Văn Minh").
"""

from __future__ import annotations

__all__ = ["vietnamese"]

# Vietnamese-only letters: Latin Extended-B's horned o and u, and Extended Additional's vowels with a mark below or two
# marks (U+1EA0-U+1EF9: "ạ", "ầ", "ữ"), which no other language writes; not "đ", which Croatian and Serbian write too
# ("Đorđe Petrović").
_ONLY = frozenset("ơưƠƯ") | frozenset(map(chr, range(0x1EA0, 0x1EFA)))


def vietnamese(text: str) -> bool:
    """``text`` holds a letter only Vietnamese writes (``_ONLY``)."""
    return not text.isascii() and not _ONLY.isdisjoint(text)
