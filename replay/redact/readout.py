"""A phone number read out digit by digit, as a call's transcript writes it: "four one five, five five five, zero
one nine two", "oh seven seven double oh, nine double oh, one two three", "null eins sieben eins, zwei drei vier",
"seis uno dos, nueve ocho siete"; and a card's number read out to pay by phone (13 to 19 digits that pass its Luhn
check). The digit pass reads figures; a transcript's number is words.

The cue is two digit words in a row of one language (``READOUT_CUES``: "five five", "zwei drei"); the run of digit
words around it, with "double"/"triple" and commas or dashes between them, is a phone's number when it holds 7 to 15
digits and does not count up or down ("one two three four five six seven" is counting). Its pseudonym is the phone's
(``Pseudonyms.phone``), read out in the run's language.

A name spelled out letter by letter after the words that say so (``SPELLED_CUES``: "that's W-H-I-T-F-I-E-L-D",
"spelled O K A F O R"), or after the name they introduce ("It's Nakashima, N A K A …"): four capitals or more,
one separator between them; its pseudonym is a fake name spelled
the same way. "it's F-A-Q" (three) and an e-mail spelled out (``personal``) are not one.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import lexicon
from replay.redact.pseudonym import (
    Pseudonyms,
    has_invented_word,
    is_card_pseudonym,
    is_invented_name,
    is_raw_phone_pseudonym,
    luhn_ok,
)

__all__ = [
    "READOUT_CUES",
    "SPELLED_CUES",
    "SPOKEN_STREET_CUES",
    "TEENS",
    "TENS",
    "UNITS",
    "ReadoutFinder",
    "SpokenStreets",
    "read_digits",
    "say_digits",
    "say_number",
    "spoken_street",
]

# Each language's words for 0-9 (English's "oh" for 0, German's "zwo" for 2), in order of their values
_DIGITS = {
    "en": (("zero", "oh"), ("one",), ("two",), ("three",), ("four",), ("five",), ("six",), ("seven",), ("eight",),
           ("nine",)),
    "de": (("null",), ("eins",), ("zwei", "zwo"), ("drei",), ("vier",), ("fünf",), ("sechs",), ("sieben",), ("acht",),
           ("neun",)),
    "fr": (("zéro",), ("un",), ("deux",), ("trois",), ("quatre",), ("cinq",), ("six",), ("sept",), ("huit",),
           ("neuf",)),
    "es": (("cero",), ("uno",), ("dos",), ("tres",), ("cuatro",), ("cinco",), ("seis",), ("siete",), ("ocho",),
           ("nueve",)),
}  # fmt: skip
_VALUE = {w: str(d) for words in _DIGITS.values() for d, ws in enumerate(words) for w in ws}
# The languages a word is a digit of ("six" is English's and French's): a run's is the first holding all its words
_LANGS = {w: [lang for lang, words in _DIGITS.items() if any(w in ws for ws in words)] for w in _VALUE}
_TIMES = {"double": 2, "doble": 2, "doppel": 2, "triple": 3, "dreifach": 3}
READOUT_CUES = tuple(
    sorted({f"{a} {b}" for words in _DIGITS.values() for x in words for y in words for a in x for b in y})
)
_WORD = "|".join(sorted(_VALUE, key=len, reverse=True))
_TIME = "|".join(_TIMES)
_SEP = r"(?:,?[ \t]+|[ \t]*-[ \t]*)"
_RUN = re.compile(
    rf"(?<![^\W_])(?:(?:{_TIME}){_SEP})?(?:{_WORD})(?:{_SEP}(?:(?:{_TIME}){_SEP})?(?:{_WORD}))*(?![^\W_])", re.I
)
_TOKEN = re.compile(rf"{_TIME}|{_WORD}", re.I)
_COUNTING = ("0123456789", "9876543210")

SPELLED_CUES = ("spell", "spelt", "that's ", "that’s ", "that is ", "it's ", "it’s ", "surname ", "last name ")
# The name itself between the cue and its spelling ("It's Nakashima, N A K A S H I M A", "Surname Okonkwo, O-K-O-…")
_NAME_FIRST = re.compile(r"([A-Z][a-z'’\-]{2,})[ \t]*[,:\-–][ \t]*")
# After the cue: its word's rest ("spelled", "spelling it": 20 letters at most, or "spelt" repeated read the run to
# its end at each cue), a few words, a mark; then the letters, one separator
_SPELLED_LEAD = re.compile(r"(?<! )[a-z]{0,20}(?:[ \t]+(?:it|is|as|out|that|was))*[ \t]*[:,\-–]?[ \t]*")
_SPELLED = re.compile(r"[A-Z](?P<sep>-|[ \t]|\.[ \t]?|,[ \t])[A-Z](?:(?P=sep)[A-Z]){2,}\.?(?![\w@-])")
# The same in lower case, as a recogniser writes letters spoken ("it's w h i t f i e l d whitfield"): only with the
# word it spells beside it, before or after
_SPELLED_LOWER = re.compile(r"[a-z](?P<sep>-|[ \t])[a-z](?:(?P=sep)[a-z]){2,}(?![\w@-])")
_AFTER_SPELLING = re.compile(r",?[ \t]*")
_MAIL_NEXT = re.compile(r"[ \t]+(?:dot|at|@)[ \t]", re.I)


def read_digits(text: str, at: int, end: int | None = None) -> tuple[int, str, str] | None:
    """The digits a run of digit words starting at ``at`` (and ending by ``end``) reads out ("seven three one" ->
    "731"), where the run ends and its language; None when no digit word starts there."""
    m = _RUN.match(text, at, len(text) if end is None else end)
    if m is None:
        return None
    digits, langs, times = [], list(_DIGITS), 1
    for t in _TOKEN.findall(m.group(0)):
        low = t.lower()
        if low in _TIMES:
            times = _TIMES[low]
            continue
        digits.append(_VALUE[low] * times)
        langs = [lang for lang in langs if lang in _LANGS[low]] or _LANGS[low]  # a mixed run: its last word's
        times = 1
    return m.end(), "".join(digits), langs[0]


def say_digits(digits: str, lang: str) -> str:
    """``digits`` read out in ``lang``'s words, one word a digit."""
    words = _DIGITS[lang]
    return " ".join(words[int(d)][0] for d in digits)


# A street's first line said with its house number in words ("forty two acacia avenue", "one hundred and twelve
# hollybush lane", "Fourteen Mill Road"): the number (no lone "one" to "nine": "one main street" is prose), one to
# three words of the name, then the street's type word; the cue is that word after a space
# (not "way", "place", "close", "view": words prose is full of, each a search back)
_TYPES = ("street", "road", "avenue", "lane", "drive", "crescent", "terrace", "grove", "gardens", "boulevard", "mews")
SPOKEN_STREET_CUES = tuple(f" {t}" for t in _TYPES)
UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_CARDINAL = {w: i + 1 for i, w in enumerate(UNITS)} | {w: i + 10 for i, w in enumerate(TEENS)}
_CARDINAL |= {w: 20 + 10 * i for i, w in enumerate(TENS)}
_NUMBER_WORD = "|".join(sorted((*_CARDINAL, "hundred", "thousand"), key=len, reverse=True))
_SPOKEN_STREET = re.compile(
    rf"(?<![^\W_])((?:{_NUMBER_WORD})(?:[ -](?:and[ ])?(?:{_NUMBER_WORD}))*) ((?:[^\W\d_]+ ){{0,2}}[^\W\d_]+) \Z",
    re.I,
)
_NOT_NAME = frozenset({"the", "a", "an", "of", "on", "in", "at", "to", "and", "my", "your", "this", "that", "is", "by"})
# What a number in words counts before a road's word in prose ("thirty minutes by road", "forty percent drive")
_MEASURES = frozenset({"minute", "minutes", "hour", "hours", "second", "seconds", "day", "days", "week", "weeks"})
_MEASURES |= {"year", "years", "percent", "per", "mile", "miles", "metres", "meters", "feet", "yards", "km", "times"}


def _number(words: str) -> int | None:
    """The value of a cardinal in English words ("one hundred and twelve" -> 112), None past 9,999."""
    total = part = 0
    for w in words.lower().replace("-", " ").split():
        if w == "and":
            continue
        if w == "hundred":
            part = (part or 1) * 100
        elif w == "thousand":
            total, part = total + (part or 1) * 1000, 0
        else:
            part += _CARDINAL[w]
    n = total + part
    return n if 0 < n < 10_000 else None


def say_number(n: int) -> str:
    """``n`` (1 to 9,999) as a cardinal in English words."""
    out = []
    if n >= 1000:
        out += [UNITS[n // 1000 - 1], "thousand"]
        n %= 1000
    if n >= 100:
        out += [UNITS[n // 100 - 1], "hundred"] + (["and"] if n % 100 else [])
        n %= 100
    if n >= 20:
        out.append(TENS[n // 10 - 2] + (f" {UNITS[n % 10 - 1]}" if n % 10 else ""))
    elif n >= 10:
        out.append(TEENS[n - 10])
    elif n:
        out.append(UNITS[n - 1])
    return " ".join(out)


class SpokenStreets:
    """Streets said with their numbers in words, at ``SPOKEN_STREET_CUES`` (a domain finder of ``detectors``)."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The street whose type word is at ``text[s + 1:e]``."""
        spoken_street(self.ps, text, s, e, hits)


def spoken_street(ps: Pseudonyms, text: str, s: int, e: int, hits: list[Hit]) -> None:
    """A street said with its number in words, whose type word is at ``text[s + 1:e]``."""
    if text[e : e + 1].isalpha() or not text[s - 1 : s].isalpha():
        return  # "roadmap", "wayside"
    m = _SPOKEN_STREET.search(text, max(0, s - 80), s + 1)
    if m is None or m.group(1).lower() in UNITS or m.group(1).lower().endswith("and"):
        return
    name = [w.lower() for w in m.group(2).split()]
    if (
        name[0] in _CARDINAL
        or any(w in _NOT_NAME or w in _MEASURES for w in name)
        or (n := _number(m.group(1))) is None
    ):
        return
    value = text[m.start() : e]
    if has_invented_word(m.group(2).title()):
        hits.append(guard(m.start(), e))
        return
    num, invented = ps.street(str(n), value)
    new = f"{say_number(int(num))} {invented} {text[s + 1 : e]}"
    new = new.lower() if value.islower() else new.title() if value.istitle() else new
    hits.append(Hit(m.start(), e, "address", new, 60))


class ReadoutFinder:
    """Phone numbers read out as digit words, at the cues of ``READOUT_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The run of digit words around the cue at ``text[s:e]``, if it is a phone's number."""
        if (s and text[s - 1].isalpha()) or text[e : e + 1].isalpha():
            return  # inside words: "run until", "gun under"
        if hits and hits[-1].start <= s < hits[-1].end:
            return  # the run's first pair found it
        for m in _RUN.finditer(text, max(0, s - 160), min(len(text), s + 240)):
            if m.end() <= s:
                continue
            if m.start() <= s:
                self._run(m, hits)
            return

    def _run(self, m: re.Match[str], hits: list[Hit]) -> None:
        # the run as the cue's window found it: read to the text's end, a long run was read again from each cue
        _, number, lang = read_digits(m.string, m.start(), m.end())  # type: ignore[misc]  # the run matches there

        card = 13 <= len(number) <= 19 and luhn_ok(number)  # a card's number read out to pay by phone
        if not (card or 7 <= len(number) <= 15) or any(number in c for c in _COUNTING):
            return
        if is_card_pseudonym(number) if card else is_raw_phone_pseudonym(number):
            hits.append(guard(m.start(), m.end()))
            return
        new = "".join(c for c in self.ps.card(number) if c.isdigit()) if card else self.ps.phone(number, None)
        hits.append(Hit(m.start(), m.end(), "card" if card else "phone", say_digits(new, lang), 60))

    def spelled(self, text: str, e: int, hits: list[Hit]) -> None:
        """A name spelled out letter by letter after the cue that ends at ``e``."""
        lead = _SPELLED_LEAD.match(text, e)
        at = lead.end() if lead is not None else e
        m = _SPELLED.match(text, at)
        if m is None and (first := _NAME_FIRST.match(text, at)) is not None:
            m = _SPELLED.match(text, first.end())  # the name's own letters only ("it's Tuesday, F-Y-I" is none)
            spells = m is not None and "".join(c for c in m.group(0) if c.isalpha()) == first.group(1).upper()
            m = m if spells else None
        lower = m is None and (m := _SPELLED_LOWER.match(text, at)) is not None
        if m is None or _MAIL_NEXT.match(text, m.end()):
            return
        a, b = m.start(), m.end() - (text[m.end() - 1] == ".")
        word = "".join(c for c in text[a:b] if c.isalpha()).capitalize()
        if word.casefold() in lexicon().words:
            return  # "that is T-H-E-M": a word stressed
        # the name it spells, before it ("Okafor, spelled O K A F O R") or, in lower case, right after it
        # (only the window around it in lower case: a text of many spellings is not lowered at each)
        after = _AFTER_SPELLING.match(text, b).end()  # type: ignore[union-attr]  # it matches empty
        base = max(0, a - 81)
        low = text[base : after + len(word) + 1].lower()
        said = low.rfind(word.lower(), max(0, a - 80) - base, a - base)
        if lower and said < 0 and low.startswith(word.lower(), after - base):
            said = after - base
        if said >= 0 and (low[said - 1 : said].isalpha() or low[said + len(word) : said + len(word) + 1].isalpha()):
            said = -1
        said = said + base if said >= 0 else -1
        if lower and said < 0:
            return  # letters in lower case alone: a list's, a variable's ("x y z w")
        if is_invented_name(word):  # a pseudonym spelled: what this wrote ("that's B R I X I X")
            hits.append(guard(a, b))
            if said >= 0:
                hits.append(guard(said, said + len(word)))
            return
        fake = self.ps.name(word)
        letters = m.group("sep").join(c for c in fake.upper() if c.isalpha())
        hits.append(Hit(a, b, "name", letters.lower() if lower else letters, 60))
        if said >= 0:
            spoken = text[said : said + len(word)]
            hits.append(Hit(said, said + len(word), "name", fake.lower() if spoken.islower() else fake, 60))
