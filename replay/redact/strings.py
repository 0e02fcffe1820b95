"""Where the strings of a text start and end, and a name's places again inside one (``personal.again`` and
``elsewhere``, a handle's ``_annotated``): a JSON body's long strings are redacted apart from the rest
(``segments``), so a name found in one is looked for again only up to its quotes."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from replay.redact.firms import firm

__all__ = ["Strings", "again_in", "whole_word"]

_MANY_NAMES = 8  # names in one text past which its quotes are found once (``Strings``)
_QUOTE = re.compile('"')
# What may not stand before a name found again: a word's letters, a handle's, a hashtag's or a path's marks.
_WORD_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#_/\\-")
# A name found again inside a longer run of capitalised words is part of what that run names, a place's or a firm's
# ("Santiago de Compostela", "Centro de Salud María López", "Meyer & Partner GmbH"): the finder read the run and took
# no name from it.
_RUN_AFTER = re.compile(r"[ \t]+(?:(?:de|del|la|of|von|van|da|di|du|&|und)[ \t]+)?[A-ZÀ-ÖØ-Þ]")
_RUN_BEFORE = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]*[ \t]+(?:(?:de|del|la|of|von|van|da|di|du)[ \t]+)?\Z")


def again_in(text: str, value: str, at: int, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """``value`` as a whole word in ``text[lo:hi]``, but at ``at``, inside a longer run of capitalised words or a
    firm's name."""
    p = text.find(value, lo, hi)
    while p >= 0:
        e = p + len(value)
        if (
            p != at
            and not (p and text[p - 1] in _WORD_BEFORE)
            and not text[e : e + 1].isalnum()
            and _RUN_AFTER.match(text, e) is None
            and _RUN_BEFORE.search(text, max(0, p - 24), p) is None
            and not firm(text, p, e)
        ):
            yield p, e
        p = text.find(value, e, hi)


def whole_word(text: str, value: str) -> Iterator[tuple[int, int]]:
    """``value`` (a token, a number) where it stands whole in ``text``: no letter, digit or "_" against either end (a
    path's "/", a quote, a "=" may be, and a percent-escape's: a form's JSON value, ``%22name%22%3A+%22…``)."""
    p = text.find(value)
    while p >= 0:
        e = p + len(value)
        before = text[p - 1] if p else " "
        if (not (before.isalnum() or before == "_") or text[p - 3 : p - 2] == "%") and not (
            text[e : e + 1].isalnum() or text[e : e + 1] == "_"
        ):
            yield p, e
        p = text.find(value, e)


def _escaped(text: str, q: int) -> bool:
    """The quote at ``q`` is escaped: an odd run of backslashes before it."""
    p = q
    while p > 0 and text[p - 1] == "\\":
        p -= 1
    return (q - p) % 2 == 1


class Strings:
    """Where the strings of a text start and end (``bounds``): by a scan for the nearest quotes, and past
    ``_MANY_NAMES`` asks by the text's quotes found once (a scan back to its start for each of a thousand names in
    a long document is quadratic in its length, and so is a walk over a JSON string's escaped quotes for each)."""

    __slots__ = ("asked", "quotes", "text", "unescaped")

    def __init__(self, text: str):
        self.text = text
        self.asked = 0
        self.quotes: list[int] = []  # every quote, once found
        self.unescaped: list[int] = []  # the quotes no backslash escapes

    def bounds(self, a: int, b: int, quoted: bool) -> tuple[int, int]:
        """The string holding ``text[a:b]``: the quotes around it, the text's ends when there is none. A name
        ``quoted`` in a JSON string (escaped quotes right around it: a mail's display name, '"Email:
        \\"Ian\\"<…>\\nIan - Webmaster"') is found again in the whole string, past the quotes no backslash
        escapes; another name only up to the nearest quote (a quoted title's or product's words are not found
        again from it)."""
        text = self.text
        self.asked += 1
        if self.asked == _MANY_NAMES + 1:
            self.quotes = [m.start() for m in _QUOTE.finditer(text)]
            self.unescaped = [q for q in self.quotes if not _escaped(text, q)]
        if self.asked > _MANY_NAMES:
            at = self.unescaped if quoted else self.quotes
            k, j = bisect_left(at, a), bisect_left(at, b)
            lo, hi = at[k - 1] if k else -1, at[j] if j < len(at) else -1
        else:
            lo = text.rfind('"', 0, a)
            while quoted and lo > 0 and _escaped(text, lo):
                lo = text.rfind('"', 0, lo)
            hi = text.find('"', b)
            while quoted and hi > 0 and _escaped(text, hi):
                hi = text.find('"', hi + 1)
        return lo + 1, len(text) if hi < 0 else hi
