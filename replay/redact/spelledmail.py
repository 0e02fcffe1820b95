"""Emails spelled out so that scrapers miss them: "jane.doe at gmail dot com", "jane[at]example[dot]org".

Read out in a call in other languages too: "m punto lopez arroba gmail punto com", "c point dupuis arobase orange point
fr", "k punkt weber at gmx punkt de" (their "at" a cue, and German's dot: its "at" is English's).

An address is found at a cue of the ``detectors`` pass (``CUES``), once a text: each "at" of a text near a cue is read
once, its domain forward from it and its local part backward (the reversed text before it), and every cue inside an
address looks it up. One regex over a window around each cue cost ~90 us a byte of a text of many " dot " cues (its
local part's repetitions retried at every character of every window); this costs a few us a KB.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms

__all__ = ["CUES", "MAIL_REACH", "SpelledMail", "mail_word", "spaced_at"]

_AT_WORDS = ("at", "arroba", "arobase", "chiocciola", "apenstaartje", "klammeraffe")
_DOT_WORDS = "dot|punto|point|punkt|ponto|punt"
CUES = (
    *("[at]", "(at)", "{at}", "<at>", "[ at ]", "( at )", " @ "),
    *(" dot ", "[dot]", "(dot)", "{dot}", "<dot>"),
    *(" arroba ", " arobase ", " chiocciola ", " apenstaartje ", " klammeraffe ", " punkt "),
)
_BRACKETED = r"[ \t]*[\[({{<][ \t]*{w}[ \t]*[\])}}>][ \t]*"
_AT = rf"(?:{_BRACKETED.format(w='at')}|[ \t]+(?:{'|'.join(_AT_WORDS)})[ \t]+|[ \t]+@[ \t]+)"
_SAID_DOT = rf"(?:{_BRACKETED.format(w='dot')}|[ \t]+(?:{_DOT_WORDS})[ \t]+)"
_DOT = rf"(?:{_SAID_DOT}|[ \t]*\.[ \t]*)"
_AT_RX, _DOT_RX = re.compile(_AT, re.I), re.compile(_DOT, re.I)
# An "at" word of the lower-cased text between the blanks or brackets ``_AT`` allows around it: each word led by its
# own letters, so the regex engine skips to them (an alternation led by blanks tried three branches at each blank)
_AT_WORD = re.compile(
    "(?:" + "|".join(rf"{re.escape(w)}(?<=[ \t\[({{<]{re.escape(w)})" for w in (*_AT_WORDS, "@")) + r")(?=[ \t\])}>])"
)
_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|uk|de|fr|es|it|nl|in|au|ca|us|info|biz|me|ai|dev|app|ch|se|no|dk|fi"
    "|pl|br|jp|cn|ru|mx|za|nz|ie|be|at|pt|gr|cz|tr|kr|sg|hk|tw|il|ar|cl"
)
# The domain after an "at", read forward from it
_DOMAIN = re.compile(
    rf"[A-Za-z0-9\-]{{1,63}}(?:{_DOT}[A-Za-z0-9\-]{{1,63}}){{0,3}}{_DOT}(?:{_TLDS})(?![A-Za-z0-9])", re.I
)
# The local part before an "at", read over the reversed text before it: up to four words of an address's characters,
# each led by a letter or digit, their dots said ("l-o-r-e-t-t-a dot v-b at gmail dot com"); not a full stop's, which
# ends a sentence. Reversed, the longest match is where a match forward would start first.
_SAID_DOT_REVERSED = (
    r"(?:[ \t]*[\])}>][ \t]*tod[ \t]*[\[({<][ \t]*|[ \t]+(?:"
    + "|".join(w[::-1] for w in _DOT_WORDS.split("|"))
    + r")[ \t]+)"
)
_WORD_REVERSED = r"[A-Za-z0-9._%+\-]{0,63}[A-Za-z0-9]"
_LOCAL_REVERSED = re.compile(rf"{_WORD_REVERSED}(?:{_SAID_DOT_REVERSED}{_WORD_REVERSED}){{0,3}}", re.I)
_REACH = 320  # the farthest an address's "at" lies from a cue in it (four words of 64 characters and their dots)
_SPACED_AT = re.compile(r"[ \t]at[ \t]", re.I)
MAIL_REACH = 60  # how far before a spelled address ("jane at example dot com") a mail word is looked for


def mail_word(low: str) -> bool:
    """A word in ``low`` that makes an address spelled out after it one (see ``SpelledMail``)."""
    # six substring tests (a generator over them costs twice as much; a regex tried each word at each m, c, r, w, a);
    # "mail" is in French's "adresse mail" and German's "E-Mail", not in Spanish's "correo"
    return "mail" in low or "contact" in low or "reach" in low or "write" in low or "address" in low or "correo" in low


def spaced_at(text: str, a: int, b: int) -> bool:
    """A spaced " at " in ``text[a:b]``: the makings of an address spelled out."""
    return _SPACED_AT.search(text, a, b) is not None


@dataclass(slots=True)
class _Spelled:
    """An address spelled out: ``text[start:at]`` its local part, ``text[at:domain]`` its "at", then its domain."""

    start: int
    at: int
    domain: int
    end: int


class _Read:
    """The addresses of one text found so far: its "at" words in ``[lo, done)`` read, in order, none overlapping."""

    __slots__ = ("done", "found", "lo", "starts", "text")

    def __init__(self, text: str, lo: int):
        self.text, self.lo, self.done = text, lo, lo
        self.found: list[_Spelled] = []
        self.starts: list[int] = []

    def read(self, low: str, b: int) -> None:
        """Read the "at" words that start in ``[done, b)``; the text's lower-cased ``low`` is as long as it."""
        for m in _AT_WORD.finditer(low, self.done, min(len(low), b + 1)):  # the blank after a word at b - 1
            if m.start() >= b:
                break
            self._address(m.start(), m.end())
        self.done = b

    def _address(self, w: int, we: int) -> None:
        """The address around the "at" word ``text[w:we]``, if any: its local part ends where the blanks and bracket
        before the word start, and does not reach into the address before (a regex's matches do not overlap)."""
        text = self.text
        q = w
        while q and text[q - 1] in " \t":
            q -= 1
        if q and text[q - 1] in "[({<":
            q -= 1
            while q and text[q - 1] in " \t":
                q -= 1
        floor = self.found[-1].end if self.found else 0
        if q <= floor:
            return
        at = _AT_RX.match(text, q)
        if at is None or at.end() < we or (domain := _DOMAIN.match(text, at.end())) is None:
            return
        local = _LOCAL_REVERSED.match(text[max(floor, q - _REACH) : q][::-1])
        if local is None:
            return
        self.found.append(_Spelled(q - local.end(), q, at.end(), domain.end()))
        self.starts.append(q - local.end())

    def around(self, s: int) -> _Spelled | None:
        """The address found that holds ``s``."""
        i = bisect_right(self.starts, s) - 1
        return self.found[i] if i >= 0 and s < self.found[i].end else None


class SpelledMail:
    """Email hits of addresses spelled out, found at the ``CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps
        self._read: _Read | None = None  # the last text's addresses

    def at(self, text: str, low: str, s: int, hits: list[Hit]) -> None:
        """An email spelled out around the cue at ``s`` (``low``: the text lower-cased, as long). A spaced " at " needs
        a local part no word is ("jane.doe", "bob42") or a word such as "email" before it, so "look at example dot com"
        is kept."""
        if hits and hits[-1].kind == "email" and hits[-1].start <= s < hits[-1].end:
            return  # the cue before ("[at]") found this address already ("[dot]")
        a, b = max(0, s - _REACH), min(len(text), s + _REACH)
        read = self._read
        if read is None or read.text is not text or a < read.lo:
            read = self._read = _Read(text, a)
        if a > read.done:
            read.lo = read.done = a  # cues far apart: what lies between them is no address of theirs
        if b > read.done:
            read.read(low, min(len(text), b + _REACH))  # ahead of the cues to come: one read for the cues of a stretch
        found = read.around(s)
        if found is None:
            return
        local = _DOT_RX.sub(".", text[found.start : found.at])
        if not any(c.isalpha() for c in local):
            return  # "$12.99 at walmart dot com": a price, not a mailbox
        if not any(c in text[found.at : found.domain] for c in "[({<@"):
            before = text[max(0, found.start - MAIL_REACH) : found.start].lower()
            if local.replace(".", "").isalpha() and not mail_word(before):
                return  # "look at example dot com": words, no mailbox
        plain = local + "@" + _DOT_RX.sub(".", text[found.domain : found.end])
        hits.append(Hit(found.start, found.end, "email", self.ps.email(plain), 60))
