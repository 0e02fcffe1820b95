"""Names as people write them in mail, forums and papers, with no cue word right before them: a signature after a
dash ("… in most cases that this happens! -Kore", "-Oisin"), a quoted reply's header ("On Wed, Oct 19, 2016 at 8:58 AM,
Pejvak1 <…> wrote:") and the line signed above it, whose answer or comment a post builds on ("Kametrixom's answer",
"as per jeroen's comment") and the authors of a citation ("Mirarab S, Nguyen N, Warnow T."). ``alone`` and ``rare``
(``people.PersonFinder``'s) decide whether a word is a name; the cue words are in ``names``."""

from __future__ import annotations

import re
from collections.abc import Callable

from replay.redact.lexicon import lexicon
from replay.redact.names import WORD
from replay.redact.notnames import NOT_FIRST, STOP_WORDS, places

__all__ = ["cited", "dash_signed", "header_names", "poster"]

# A quoted reply's header (its cue: ``names.HEADER_CUES``) starts with "On", "Le" or "El", at its line's start or after
# a sentence's end (a thread copied from a web page loses its line breaks: "… more threads. On Fri, Nov 11, 2016 at
# 10:20 AM, Pejvak1 <…> wrote:").
_HEADER_START = re.compile(r"[ \t>]*(On|Le|El)[ \t]")
_HEADER_AFTER = re.compile(r"[.!?][ \t]+(On|Le|El)[ \t]")
_MAIL_AFTER = re.compile(r"[ \t]*(?:<[^<>\s]+>|\(?[\w.+\-]+@[\w.\-]+\)?)[ \t]*\Z")
# What ends a header's date before the writer's name: a comma, a time's "AM"/"PM", a time ("18:55"), a year.
_DATE_END = re.compile(r"(?:.*,|[AaPp]\.?[Mm]\.?|\d{1,2}:\d{2}|\d{4})\Z")
# The name signed on the line above a header: the whole line, or its last word after a sentence's end.
_SIGNED_ABOVE = re.compile(rf"(?:\A|[.!?,][ \t]+)[ \t]*({WORD})[ \t]*[.,]?\Z")
_NAME_TOKEN = re.compile(r"[\"'“]?[^\W_][\w.'’\-]*[\"'”]?\Z")
# The writer's name before a ``names.POSTER_CUES`` cue ("Deryck's answer", "jeroen's comment").
_POSTER = re.compile(r"(?<![\w@#/\\.\-])([A-Za-z][\w\-]*[A-Za-z0-9]|[A-Z]{3,})\Z")
_BEFORE_POSTER = re.compile(r"(?<![\w.])([A-Z](?:[a-z]+|\.)?)[ \t]+\Z")
# A name signed after a dash, ending its line or its string ("-Oisin"; "-X POST" is a flag, no line's end).
_DASH_SIGNED = re.compile(rf"[-–—]{{1,2}}[ \t]?({WORD})[ \t]*(?=\r?\n|\\n|\Z|\")")
# A citation's authors, surname then initials (Vancouver style): "Mirarab S, Nguyen N, Guo S, Wang L-S, Kim J."
_AUTHOR = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z]{1,2}(?:-[A-Z]{1,2})?"
_CITED_AT = re.compile(rf", (?={_AUTHOR}[,.])")  # a list's second author: the search skips to each ", "
_FIRST_AUTHOR = re.compile(rf"(?<![\w.\-])({_AUTHOR})\Z")
_NEXT_AUTHOR = re.compile(rf", ({_AUTHOR})(?=[,.])")


def _line_start(text: str, p: int) -> int:
    """Where the line holding ``text[p]`` starts: after a line break, an escaped one or a JSON string's opening quote
    (a long string value is redacted on its own, ``segments``: its first line starts the text)."""
    escaped = text.rfind("\\n", 0, p)
    return max(text.rfind("\n", 0, p) + 1, escaped + 2 if escaped >= 0 else 0, text.rfind('"', 0, p) + 1)


def header_names(text: str, s: int, alone: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The writer's name in a quoted reply's header whose cue (``names.HEADER_CUES``) starts at ``s``: the one to four
    words before it, after the date, an address after them left out (a handle is a name here: "Pejvak1"); and the
    name signed on the line above the header, when ``alone`` takes it ("Dave\\nOn 10/24/2015 06:55 PM, Keziolio
    wrote:")."""
    start = _line_start(text, s)
    head = _HEADER_START.match(text, start)
    if head is None and (head := next(reversed(list(_HEADER_AFTER.finditer(text, start, s))), None)) is None:
        return []
    start = head.start(1)
    end = s
    if (mail := _MAIL_AFTER.search(text, start, end)) is not None:
        end = mail.start()
    words = text[start:end].split()
    taken: list[str] = []
    while words and len(taken) < 4 and not _DATE_END.match(words[-1]) and _NAME_TOKEN.match(words[-1]):
        taken.append(words.pop())
    if not taken or not words or not _DATE_END.match(words[-1]):
        return []  # no date before: no header's
    name = " ".join(reversed(taken)).strip("\"'“”")
    a = text.rfind(name, start, end)
    out = [(a, a + len(name))] if name and a >= 0 and name.casefold() not in STOP_WORDS else []
    if text[start - 1 : start] == '"':
        return out  # the string's first line: none above it in this string
    line = text[_line_start(text, max(0, start - 2)) : start].rstrip().removesuffix("\\n")
    if (signed := _SIGNED_ABOVE.search(line)) is not None and alone(signed.group(1)):
        p = _line_start(text, max(0, start - 2)) + signed.start(1)
        out.append((p, p + len(signed.group(1))))
    return out


def poster(text: str, s: int, alone: Callable[[str], bool], rare: Callable[[str], bool]) -> tuple[int, int] | None:
    """The writer named before a ``names.POSTER_CUES`` cue at ``s`` (its "'s"): one word, a user's name however written
    ("Kametrixom", "brso05", "MAW"), not an ordinary word ("the user's answer"), a place nor a firm's or a product's
    the cue words know ("Google's answer"); a capitalised one with the given name or initial before it ("T McKeown")."""
    m = _POSTER.search(text, max(0, s - 32), s)
    if m is None:
        return None
    word, w = m.group(1), m.group(1).casefold()
    if w in STOP_WORDS or w in NOT_FIRST or w in places() or w in lexicon().words or len(w) < 3:
        return None
    a = m.start(1)
    if word[:1].isupper() and (first := _BEFORE_POSTER.search(text, max(0, a - 20), a)) is not None:
        before = first.group(1)
        if len(before.rstrip(".")) == 1 or alone(before) or rare(before):
            a = first.start(1)
    return a, m.end(1)


def dash_signed(text: str, rare: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A name signed after a dash ending a line, after a sentence's end or at the line's start ("… in most cases
    that this happens! -Kore\\nEDIT: …"), when ``rare`` takes it."""
    out = []
    for gap in (" -", "\n-"):
        p = text.find(gap)
        while p >= 0:
            m = _DASH_SIGNED.match(text, p + 1)
            if m is not None and (gap == "\n-" or text[p - 1 : p] in (".", "!", "?")) and rare(m.group(1)):
                out.append(m.span(1))
            p = text.find(gap, p + 2)
    return out


def _initial_comma(shape: bytes) -> bool:
    """An ASCII text's shape holds an initial, a comma and a capitalised word ("Nguyen N, Warnow"): one search for
    the comma and the word (a JSON body's ", " is followed by a quote), then a look at what is before it."""
    p = shape.find(b", Aa")
    while p >= 0:
        if shape[p - 3 : p] == b"a A" or shape[p - 4 : p] in (b"a AA", b"-A-A") or shape[p - 5 : p] == b"a A-A":
            return True
        p = shape.find(b", Aa", p + 4)
    return False


def cited(text: str, shape: bytes | None) -> list[tuple[int, int]]:
    """The authors of a citation written surname first, initials after (Vancouver style: "Mirarab S, Nguyen N, Warnow
    T."): two of them at least, none an ordinary word ("Section A, Part B." is no list of authors). In an ASCII text,
    its shape (``digits.SHAPE_TABLE``) is searched first for an initial, a comma and a capitalised word, at memchr
    speed: the pattern's search stopped at each ", " of a JSON body."""
    if shape is not None and not _initial_comma(shape):
        return []
    out: list[tuple[int, int]] = []
    done = 0
    for hit in _CITED_AT.finditer(text):
        if hit.start() < done:
            continue
        first = _FIRST_AUTHOR.search(text, max(0, hit.start() - 40), hit.start())
        if first is None:
            continue
        authors = [first.span(1)]
        end = first.end(1)
        while (m := _NEXT_AUTHOR.match(text, end)) is not None:
            authors.append(m.span(1))
            end = m.end(1)
        done = end
        words = lexicon().words
        surnames = [text[a:b].split()[0] for a, b in authors]
        if all(s.casefold() not in words and s.casefold() not in STOP_WORDS for s in surnames):
            out.extend(authors)
    return out
