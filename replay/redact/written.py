"""Names as people write them in mail, forums and papers, with no cue word right before them: a signature after a
dash ("… in most cases that this happens! -Kore", "-Oisin"), a quoted reply's header ("On Wed, Oct 19, 2016 at 8:58 AM,
Pejvak1 <…> wrote:") and the line signed above it, whose answer or comment a post builds on ("Kametrixom's answer",
"as per jeroen's comment") and who its writer credits ("As llovet suggested"), a mail's greeting, signature and sender
("Bryan,\nDid you …", "…\nLizzie" closing it, '"Julie" <julie@…>', "John Lamb@ENRON"), the authors of a citation
("Mirarab S, Nguyen N, Warnow T.") and of a paper, as its first page lists them ("C.-H. Köhne 1 *, D. Cunningham 2 and
F. Di Costanzo 3"), and a hashtag made of a full name ("#GarethThomas", "#leighsteinberg"). ``alone`` and ``rare``
(``people.PersonFinder``'s) decide whether a word is a name; the cue words are in ``names``."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from replay.redact.firms import firm
from replay.redact.lexicon import lexicon
from replay.redact.nameshapes import CAPITAL, WORD, uncased_person
from replay.redact.notnames import NOT_FIRST, STOP_WORDS
from replay.redact.placenames import big_cities, places

__all__ = [
    "NOT_INITIALS",
    "bylines",
    "cited",
    "credited",
    "dash_signed",
    "hashtags",
    "header_names",
    "mail_names",
    "poster",
]

# A quoted reply's header (its cue: ``names.HEADER_CUES``) starts with "On", "Le" or "El", at its line's start or after
# a sentence's end (a thread copied from a web page loses its line breaks: "… more threads. On Fri, Nov 11, 2016 at
# 10:20 AM, Pejvak1 <…> wrote:").
_HEADER_START = re.compile(r"[ \t>]*(On|Le|El)[ \t]")
_HEADER_REACH = 400  # a reply's header before its cue: "On Mon, 24 Oct 2015 at 18:55, Jane Whitfield <…> wrote:"
_HEADER_AFTER = re.compile(r"[.!?][ \t]+(On|Le|El)[ \t]")
_MAIL_AFTER = re.compile(r"[ \t]*(?:<[^<>\s]+>|\(?[\w.+\-]+@[\w.\-]+\)?)[ \t]*\Z")
# What ends a header's date before the writer's name: a comma, a time's "AM"/"PM", a time ("18:55"), a year.
_DATE_END = re.compile(r"(?:.*,|[AaPp]\.?[Mm]\.?|\d{1,2}:\d{2}|\d{4})\Z")
# The name signed on the line above a header: the whole line, or its last word after a sentence's end.
_SIGNED_ABOVE = re.compile(rf"(?:\A|[.!?,][ \t]+)[ \t]*({WORD})[ \t]*[.,]?\Z")
_NAME_TOKEN = re.compile(r"[\"'“]?[^\W_][\w.'’\-]*[\"'”]?\Z")
# The writer's name before a ``names.POSTER_CUES`` cue ("Deryck's answer", "jeroen's comment").
_USER = r"([A-Za-z][\w\-]*[A-Za-z0-9]|[A-Z]{3,})"  # a user's name however written: "brso05", "MAW", "jeroen"
_POSTER = re.compile(rf"(?<![\w@#/\\.\-]){_USER}\Z")
_CREDITED = re.compile(rf"(?<![\w@#/\\.\-])[Aa]s[ \t]+{_USER}\Z")  # "As llovet" (``credited``)
_BEFORE_POSTER = re.compile(r"(?<![\w.])([A-Z](?:[a-z]+|\.)?)[ \t]+\Z")
# A name signed after a dash, ending its line or its string ("-Oisin"; "-X POST" is a flag, no line's end).
_DASH_SIGNED = re.compile(rf"[-–—]{{1,2}}[ \t]?({WORD})[ \t]*(?=\r?\n|\\n|\Z|\")")
# A citation's authors, surname then initials (Vancouver style): "Mirarab S, Nguyen N, Guo S, Wang L-S, Kim J."
_AUTHOR = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z]{1,2}(?:-[A-Z]{1,2})?"
_CITED_AT = re.compile(rf", (?={_AUTHOR}[,.])")  # a list's second author: the search skips to each ", "
_FIRST_AUTHOR = re.compile(rf"(?<![\w.\-])({_AUTHOR})\Z")
_NEXT_AUTHOR = re.compile(rf", ({_AUTHOR})(?=[,.])")


def _line_start(text: str, p: int, lo: int = 0) -> int:
    """Where the line holding ``text[p]`` starts: after a line break, an escaped one or a JSON string's opening quote
    (a long string value is redacted on its own, ``segments``: its first line starts the text); -1 when that is
    before ``lo``."""
    at = max(0, lo - 2)
    escaped = text.rfind("\\n", at, p)
    start = max(text.rfind("\n", at, p) + 1, escaped + 2 if escaped >= 0 else 0, text.rfind('"', at, p) + 1)
    return start if start >= lo else -1


def header_names(text: str, s: int, alone: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The writer's name in a quoted reply's header whose cue (``names.HEADER_CUES``) starts at ``s``: the one to four
    words before it, after the date, an address after them left out (a handle is a name here: "Pejvak1"); and the
    name signed on the line above the header, when ``alone`` takes it ("Dave\\nOn 10/24/2015 06:55 PM, Keziolio
    wrote:")."""
    # a header's line read back _HEADER_REACH characters at most: read to its start from each cue, a long line of
    # many ("… wrote: " repeated) was quadratic in its length (256 KB: 14 s)
    start = _line_start(text, s, max(0, s - _HEADER_REACH))
    head = _HEADER_START.match(text, start) if start >= 0 else None
    start = max(start, s - _HEADER_REACH, 0)
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
    if m is None or not _user_name(m.group(1)):
        return None
    word, a = m.group(1), m.start(1)
    if word[:1].isupper() and (first := _BEFORE_POSTER.search(text, max(0, a - 20), a)) is not None:
        before = first.group(1)
        if len(before.rstrip(".")) == 1 or alone(before) or rare(before):
            a = first.start(1)
    return a, m.end(1)


def credited(text: str, s: int) -> tuple[int, int] | None:
    """The one credited before a ``names.CREDIT_CUES`` cue at ``s``, after "as": a user's name however written, as
    ``poster`` takes it ("As llovet suggested", "as DFD pointed out"; "as mentioned", "as the docs suggested" stay)."""
    m = _CREDITED.search(text, max(0, s - 36), s)
    return m.span(1) if m is not None and _user_name(m.group(1)) else None


def _user_name(word: str) -> bool:
    """A word that may be a user's name where the words around say a person: no ordinary word, place, nor one too
    short to tell."""
    w = word.casefold()
    return len(w) >= 3 and w not in STOP_WORDS and w not in NOT_FIRST and w not in places() and w not in lexicon().words


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


# A paper's authors as its first page lists them: each name followed by what sends the reader to an affiliation or a
# note (a number or several, "1,2", "1)"; a star, a dagger, "( * )"; a letter after a comma, "Tang, a"; a degree, "MD,
# PhD") and a separator (a comma, a semicolon, "and", "&"; a blank after a comma's marker) or the line's end: "Yan Hao 1
# , Ningyi Xu 1,2 * and Ho Yi Mak 1,3", "Ying Zhang, 1,2,4 Qimei He, 2\nNien-chiang Wang, 5", "SIQING FU, a SIJIN WEN,
# c", "Sung Wan Park, MD; Clara J. Day, BMBCh, PhD". Initials before a surname mark a name too, with no marker after it
# ("D. O. Holmgren, A. M. Iribarren, and R. Ferraro"). The name: capitalised words (in capitals too, hyphenated:
# "Espinola-Klein"), initials ("C.-H.", "G.R.", "PC", "T") and particles ("Wiek H. van Gilst").
_DEGREE = r"(?:MD|PhD|MPH|MSc|BSc|RN|DMSc|DPhil|MBA|MRes|MB|BChir|BMBCh|FRCP|FRCS|DDS|PharmD|DrPH|MSW)"
_DEGREE_NOTED = r"(?:MS|MA|BA|PT)"  # a state's code too ("Jackson, MS"): a degree only with a note after it
_SYMBOL = r"(?:[*†‡§¶#]+|\([ \t]?[*†‡§¶#]+[ \t]?\))"
_NUMBERS = rf"\d{{1,2}}(?:[ \t]?[,\-–][ \t]?\d{{1,2}})*(?!\d)\)?(?:[ \t]?,?[ \t]?{_SYMBOL})?"
_NOTE = rf"(?:{_NUMBERS}|{_SYMBOL})"
_LETTERS = r"[a-h](?:,[a-h])*(?!\w)"
_COMMA = r",[ \t]*\n?[ \t]*"
_BY_SEP = r"[ \t]*(?:[,;](?:[ \t]*(?:and|&)(?=[ \t\n]))?|and(?=[ \t\n])|&)[ \t]*\n?[ \t]*"
_BY_END = r"[ \t]*(?=\n|\Z)"
# A marker and the separator after it (or a line's end): each ends an author's entry. The pattern starts with one
# class of characters (a comma, a digit, a symbol), whose branch a look behind picks, so that the search skips the
# other characters without trying a branch at each (Python's ``re`` reads no prefix from an alternation).
_ENDS = rf"(?:{_BY_SEP}|{_BY_END})"
_AFTER_COMMA = (
    rf"[ \t]*\n?[ \t]*{_DEGREE}(?!\w)(?:{_COMMA}{_DEGREE}(?!\w))*(?:[ \t]*,?[ \t]*{_NOTE})?{_ENDS}"
    rf"|[ \t]*{_DEGREE_NOTED}(?!\w)(?:{_COMMA}{_DEGREE_NOTED}(?!\w))*[ \t]*{_NOTE}{_ENDS}"
    rf"|[ \t]*{_LETTERS}{_ENDS}|[ \t]*(?:\d{{1,2}}(?:,\d{{1,2}})*|{_LETTERS})[ \t]+(?=[{CAPITAL}])"
)
_LETTER_BEFORE = r"(?:(?<=[^\W\d_].)|(?<=[^\W\d_][ \t,].)|(?<=[^\W\d_], .))"  # a name's last letter, a blank, a comma
_MARKED = (
    rf"[,0-9*†‡§¶#(]{_LETTER_BEFORE}(?:(?<=,)(?:{_AFTER_COMMA})"
    rf"|(?<=[0-9])[0-9]?(?:[ \t]?[,\-–][ \t]?[0-9]{{1,2}})*(?![0-9])\)?(?:[ \t]?,?[ \t]?{_SYMBOL})?{_ENDS}"
    rf"|(?<=[*†‡§¶#])[*†‡§¶#]*{_ENDS}|(?<=\()[ \t]?[*†‡§¶#]+[ \t]?\){_ENDS})"
)
_LOW = "a-zà-öø-ÿßā-žа-яёα-ω'’"
_BY_WORD = rf"[{CAPITAL}](?:[{_LOW}]+|[{CAPITAL}]+)(?:-[{CAPITAL}]?(?:[{_LOW}]+|[{CAPITAL}]+))*"
_INITIAL = rf"[{CAPITAL}](?:[a-z]?\.|[{CAPITAL}]?(?=[ \t]))(?:-[{CAPITAL}]\.)?"
_BY_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|ten|ter|dos|das|bin|al|el)"
_BY_NAME = rf"(?:{_INITIAL}[ \t]?)*{_BY_WORD}(?:[ \t]+(?:{_INITIAL}[ \t]?|{_BY_PARTICLE}[ \t]+)*{_BY_WORD}){{0,3}}"
_AUTHOR_END = rf"(?<![\w.\-])({_BY_NAME})\Z"
# A name's first words before a line break ("Laurence\nFlorens", "Sita H.\nVermeulen")
_WRAPPED = rf"[,;&][ \t]*((?:{_BY_WORD}|{_INITIAL})(?:[ \t]+(?:{_BY_WORD}|{_INITIAL})){{0,2}})[ \t]*\Z"
# A name with its initials first, then a separator or the line's end (sought where a list goes on with initials: ",
# A."); and the last name of a list, with no marker.
_INITIALS_NEXT = re.compile(rf", (?:and )?[{CAPITAL}]\.")
# Where an ASCII text's list of authors shows, sought before ``_MARKED`` (whose search stops at each comma and digit
# of a JSON body): a comma, a blank and a capital (the search skips to each comma and blank at memchr speed) after a
# note ("Xu 1,2, Mak", "Hao 1 , Ningyi", "Fieuws *, Geert") or starting a degree ("Park, MD;", "Day, PhD").
_BYLINE_HINT = re.compile(r", (?:[A-Z](?=[A-Z]|[a-z][A-Z])|(?<=[0-9*], )[A-Z]|(?<=[0-9*] , )[A-Z])")
_EITHER_HINT = re.compile(
    rf", (?:(?:and )?[{CAPITAL}]\.|[A-Z](?=[A-Z]|[a-z][A-Z])|(?<=[0-9*], )[A-Z]|(?<=[0-9*] , )[A-Z])"
)  # ``_INITIALS_NEXT`` or ``_BYLINE_HINT``
_INITIALLED = rf"(?<![\w.\-])(?:{_INITIAL}[ \t]?)+{_BY_WORD}(?:{_BY_SEP}|{_BY_END})"
_LAST_AUTHOR = rf"({_BY_NAME}){_BY_END}"


class _Bylines(NamedTuple):
    marked: re.Pattern[str]
    author_end: re.Pattern[str]
    wrapped: re.Pattern[str]
    initialled: re.Pattern[str]
    last_author: re.Pattern[str]


@cache
def _bylines() -> _Bylines:
    """The patterns that read a list of authors, compiled at the first text whose hint (``_EITHER_HINT``, one past
    ASCII) may hold one: ~20 ms (this module's largest five) of every redacting process's start, saved by one whose
    texts hold none."""
    return _Bylines(*(re.compile(p) for p in (_MARKED, _AUTHOR_END, _WRAPPED, _INITIALLED, _LAST_AUTHOR)))


def _author_before(text: str, at: int) -> tuple[int, int] | None:
    """The author's name ending before the marker at ``at`` (blanks and a comma between), with its first word on the
    line above when the line breaks inside it ("… Ying Zhang 1 , Laurence\\nFlorens 1 ,")."""
    while at and text[at - 1] in " \t":
        at -= 1
    if text[at - 1 : at] == ",":
        at -= 1
    if not text[at - 1 : at].isalpha():
        return None  # a number in a JSON array, a list of figures
    m = _bylines().author_end.search(text, max(0, at - 64), at)
    if m is None:
        return None
    a = m.start(1)
    if text[a - 1 : a] == "\n" and (w := _bylines().wrapped.search(text, max(0, a - 40), a - 1)) is not None:
        a = w.start(1)
    return a, at


def _entries(text: str) -> list[tuple[int, int, int]]:
    """Each author's entry a list may hold, in order: its name's start and end, and where the next entry starts."""
    found: dict[int, tuple[int, int, int]] = {}
    if text.isascii() and _EITHER_HINT.search(text) is None:
        return []  # most texts: one search, where each of the two gates below took its own
    if not text.isascii() or _BYLINE_HINT.search(text) is not None:
        for m in _bylines().marked.finditer(text):
            if (span := _author_before(text, m.start())) is not None:
                found[span[0]] = (*span, m.end())
    if _INITIALS_NEXT.search(text) is not None:
        for m in _bylines().initialled.finditer(text):
            name = m.group(0).rstrip(" \t\n,;&").removesuffix("and").rstrip(" \t,")
            found.setdefault(m.start(), (m.start(), m.start() + len(name), m.end()))
    return sorted(found.values())


def bylines(text: str, given: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The authors a paper's first page lists: two entries at least, each a name, its marker and a separator, one
    after the other, and the name ending the list's line after two of them; a name is taken when none of its words
    is a stop word and one of them ``given`` takes (in capitals, as capitalised), so "Table 1 , Figure 2" is no list
    of authors."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    entries = _entries(text)
    for i, (a, b, after) in enumerate(entries):
        if _author_like(text[a:b], given):
            run.append((a, b))
        if i + 1 < len(entries) and entries[i + 1][0] == after:
            continue
        if len(run) >= 2 and (last := _bylines().last_author.match(text, after)) and _author_like(last.group(1), given):
            run.append(last.span(1))
        out.extend(run if len(run) >= 2 else [])
        run = []
    return out


def _author_like(name: str, given: Callable[[str], bool]) -> bool:
    """A listed author's name: two words or more, no stop word, a word ``given`` takes (capitals read as a
    capitalised word)."""
    words = [w for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    if len(name.split()) < 2 or any(w.casefold() in STOP_WORDS for w in words):
        return False  # one word: "SGLT1; SGLT2", a street's "Mühlweg 8, Dassow"
    return any(given(w.capitalize() if w.isupper() else w) for w in words)


# A mail's names where its shape says a person stands: a greeting alone on its line ("Bryan,\nDid you have …", "Vince:
# "), the sender's display name before an address in angle brackets ('"Julie"<julie…@bellsouth.net>', "Sheridan
# Titman <titman@…>", '"Townsend, George" <…>': what a mail client shows of From:), a Lotus Notes address ("John
# Lamb@ENRON", "Sara Shackleton/HOU/ECT@ECT": the name and the server's, no domain) and the signature closing a message:
# a given name alone on the message's last line, an initial perhaps after it ("…\nSee you climbing later\nLizzie",
# "Seth K."). Greetings and signatures are looked for at each line break (a JSON string's end, the text's): the
# characters around it first, by hand, a regex only where they fit (one search of the whole text for each, starting
# with a quote or a full stop, cost 3% of a corpus exchange's instructions: a JSON body has many of those and few line
# breaks); addresses after a search for their literal "<" or "@", which ``re`` skips to in C.
_WORD = re.compile(WORD)
# The message after a greeting: a capitalised word, then one in lower case that is no name's particle ("Did you",
# "I have", "Please, ask"; not an affiliation's next line, "Department of Medicine", "Harvard Medical School").
_MESSAGE_NEXT = re.compile(rf"[ \t]*[{CAPITAL}][\w'’]*,?[ \t]+(?!(?:of|de|and|for|du|la)\b)[a-z]")
# A writer's initials alone on the line after a sign-off ("… let you know. Thanks\nKK", "Cheers,\nJD"), not a note's.
_SIGN_OFF = re.compile(
    r"(?:\A|(?<=[\n.!?\"])[ \t]*)(?:[Tt]hanks|[Tt]hank you|[Rr]egards|[Cc]heers|[Bb]est)[ \t]*[,!.]?[ \t]*\r?\Z"
)
_INITIALS_LINE = re.compile(r"[ \t]*([A-Z]{2,3})[ \t]*(?=\r?\n|\Z|\"[ \t]*[,}\]])")
NOT_INITIALS = frozenset({"PS", "PPS", "NB", "FYI", "TIA", "HTH", "ASAP", "OK", "CC", "BCC", "RE", "FW", "FWD"})


def _blank_before(text: str, q: int) -> int:
    """Where the blanks (a line's "\r" too) ending at ``q`` start."""
    while q and text[q - 1] in " \t\r":
        q -= 1
    return q


def _word_before(text: str, q: int) -> tuple[int, int] | None:
    """The capitalised word ending at ``q`` (``WORD``), None for another."""
    a = q
    while a and (text[a - 1].isalpha() or text[a - 1] in "'’-"):
        a -= 1
    return (a, q) if a < q and _WORD.fullmatch(text, a, q) else None


def _closing(text: str, e: int, alone: Callable[[str], bool]) -> tuple[int, int] | None:
    """A given name (``alone``'s) closing the line that ends at ``e`` right after a sentence's end: the writer's
    ("… to discuss the details. Vince\n")."""
    word = _word_before(text, _blank_before(text, e))
    if word is None or word[0] < 2 or text[word[0] - 1] not in " \t":
        return None
    before, name = _blank_before(text, word[0]), text[word[0] : word[1]]
    # "Edit" there starts a post's edit ("… the mapping process. Edit\nAfter re-reading"), as "EDIT:" does
    return word if text[before - 1 : before] in (".", "!", "?") and name != "Edit" and alone(name) else None


def _greeted(text: str, q: int, p: int, greeted: Callable[[str], bool]) -> tuple[int, int] | None:
    """A greeting alone on its line, its comma at ``q`` ("Word:" is a heading's, "Ruby:"), the line break at ``p``,
    the message's first words after it (``_MESSAGE_NEXT``: "Bryan,\nDid you …"), when ``greeted`` takes the word."""
    word = _word_before(text, _blank_before(text, q))
    if word is None or not _MESSAGE_NEXT.match(text, p + 1):
        return None
    start = _blank_before(text, word[0])
    return word if text[start - 1 : start] in ("", "\n", '"') and greeted(text[word[0] : word[1]]) else None


def _headed(text: str, p: int, alone: Callable[[str], bool]) -> bool:
    """The line ending at ``p`` is a heading or a name, not a message's last sentence or sign-off: no lower case
    ("EXPÉRIENCE\nThales", a CV's section and its employer), or two to four capitalised words, a given name first
    ("Jean Dubois\nIngénieur", a signature's name and its title under it)."""
    line = text[text.rfind("\n", 0, p) + 1 : p].strip(' \t\r"')
    if not any(c.isalpha() for c in line):
        return False
    if not any(c.islower() for c in line):
        return True
    words = line.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and alone(words[0])


def _greeted_and_signed(text: str, alone: Callable[[str], bool], short: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A mail's greetings that ``alone`` or ``short`` takes, initials alone on the line after a sign-off, and the
    given names (``alone``'s) signing the last line or closing a line after a sentence's end. Each line break is
    looked at by its neighbours first: most end a line in lower case or a full stop, or start one in lower case."""
    out: list[tuple[int, int]] = []
    p = text.find("\n")
    while p >= 0:
        after = text.find("\n", p + 1)
        if text[p + 1 : p + 2].isupper():
            if (m := _LAST_LINE.match(text, p)) is not None and alone(m.group(1)) and not _headed(text, p, alone):
                out.append(m.span(1))
            elif (m := _INITIALS_LINE.match(text, p + 1)) and m.group(1) not in NOT_INITIALS:
                out.extend([m.span(1)] if _SIGN_OFF.search(text, max(0, p - 24), p) else [])
        q = _blank_before(text, p)
        last = text[q - 1 : q]
        if last == ",":
            span = _greeted(text, q - 1, p, lambda w: alone(w) or short(w))
        else:
            span = _closing(text, q, alone) if last.islower() else None
        out.extend([span] if span is not None else [])
        quote = text.rfind('"', p, len(text) if after < 0 else after)
        if quote > 0 and text[quote - 1].islower() and (span := _closing(text, quote, alone)) is not None:
            out.append(span)  # a JSON string's last line: '… details. Vince"}'
        p = after
    if text[-1:].islower() and (span := _closing(text, len(text), alone)) is not None:
        out.append(span)  # a plain text's last words
    return out


_LAST_LINE = re.compile(rf"\n[ \t]*({WORD})(?:[ \t]+[{CAPITAL}]\.)?[ \t]*[.!]?[ \t]*(?=\r?\n?\Z|\r?\n?\"[ \t]*[,}}\]])")
_NAME_PART = rf"(?:{WORD}|[{CAPITAL}]\.)"
_ADDRESS_AFTER = re.compile(r"<[\w.+\-]+(?:\.\.\.)?@[\w\-]+(?:\.[\w\-]+)+>")
# the display name before it: quoted (a JSON body's quotes escaped: \"), or its words bare from the line's start
# (a list's bullet before them: "- Ana Souza <ana@…>"); or words of a script without capitals (``uncased_person``)
_SHOWN_BEFORE = re.compile(
    r'(?:\A|(?<=[\s:,;]))\\?"([^"\\\n<>@]{2,60})\\?"[ \t]*\Z'
    rf"|(?:\A|(?<=[\n:\"]))[ \t]*(?:[-*•][ \t]+)?({WORD}(?:[ \t]+{_NAME_PART}){{1,3}})[ \t]*\Z"
    r"|(?:\A|(?<=[\n:\"]))[ \t]*(?:[-*•][ \t]+)?([^\x00-\x7f\s<>@]+(?:[ \t\u3000][^\x00-\x7f\s<>@]+){0,3})[ \t]*\Z"
)


def _senders(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Display names before an address in angle brackets: quoted, any words but a firm's; bare, two to four
    capitalised words, not all ordinary ones (``words``)."""
    out = []
    for m in _ADDRESS_AFTER.finditer(text):
        lo = max(0, text.rfind("\n", 0, m.start()) + 1, m.start() - 64)
        if (q := _SHOWN_BEFORE.search(text, lo, m.start())) is None:
            continue
        if q.group(1) is not None:
            value = q.group(1).strip()
            if any(c.isalpha() for c in value) and len(value.split()) <= 4 and not firm(text, q.start(1), q.end(1)):
                a = q.start(1) + q.group(1).index(value)
                out.append((a, a + len(value)))
            continue
        if q.group(3) is not None:
            if uncased_person(q.group(3)):
                out.append(q.span(3))
            continue
        shown = [w.casefold() for w in q.group(2).split()]
        if shown[0] not in STOP_WORDS and shown[0] not in NOT_FIRST and not all(w in words for w in shown):
            out.append(q.span(2))
    return out


# a Notes server's name after the "@", a domain's dot nowhere after it; the name's words and its path before it
_NOTES_AT = re.compile(r"@[A-Z]{2,}(?![\w.\-@])")
_NOTES_NAME = re.compile(rf"(?<![\w.\-])({WORD}(?:[ \t]+{_NAME_PART}){{1,2}})(?:/[A-Za-z]{{2,8}}){{0,3}}\Z")


def mail_names(text: str, alone: Callable[[str], bool], short: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A mail's names: greetings and signatures (``_greeted_and_signed``), display names before an address
    (``_senders``) and Lotus Notes addresses (two or three capitalised words, the first no ordinary word)."""
    out = _greeted_and_signed(text, alone, short) if "\n" in text else []
    if "@" not in text:
        return out
    words = lexicon().words
    if "<" in text:
        out.extend(_senders(text, words))
    for m in _NOTES_AT.finditer(text):
        name = _NOTES_NAME.search(text, max(0, m.start() - 48), m.start())
        if name is not None and (first := name.group(1).split()[0].casefold()) not in words and first not in STOP_WORDS:
            out.append(name.span(1))
    return out


# A hashtag of letters only, not an entity's "&#", a URL's fragment nor a second "#" (a hashtag reads as one word, so a
# name in one is its words run together: "#GarethThomas", "#leighsteinberg", "#Garyjohnson")
_HASHTAG = re.compile(r"(?<![\w&#/])#([A-Za-z]{6,40})(?![\w@#])")
_CAMEL = re.compile(r"[A-Z][a-z]+")


def hashtags(text: str, alone: Callable[[str], bool], surname: Callable[[str, bool], bool]) -> list[tuple[int, int]]:
    """Hashtags that are a person's full name run together: a common given name (``alone``; no big city's) then a
    surname of the lexicon (``surname``, rarer ones too), each part capitalised ("#GarethThomas") or all in lower
    case after the first letter ("#leighsteinberg", "#Garyjohnson"); the tag no word ("#jackpot", "#markdown") nor one
    name ("#Rosemary"). A capitalised part the lexicon lacks is no surname: a team's ("#DenverBroncos", "#OrlandoMagic")
    as often as a person's."""
    out = []
    lex = lexicon()
    for m in _HASHTAG.finditer(text):
        tag = m.group(1)
        low = tag.casefold()
        if low in lex.words or low in lex.rare_words or low in lex.dictionary or low in lex.given or low in lex.surname:
            continue
        parts = _CAMEL.findall(tag)
        if len(parts) == 2 and "".join(parts) == tag:
            cuts: range | tuple[int, ...] = (len(parts[0]),)
        elif tag[1:].islower():
            cuts = range(3, len(low) - 2)
        else:
            continue
        if any(alone(low[:i].capitalize()) and low[:i] not in big_cities() and surname(low[i:], True) for i in cuts):
            out.append(m.span(1))
    return out
