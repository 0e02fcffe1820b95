"""Person names in free text with no cue phrase: ``Thanks, Marcus Lee``, ``cc Priya Natarajan and
Olu Adeyemi``, a list of attendees, ``Jürgen Weiß-Müller``, ``Anaïs Le Goff``, ``Ruud de Wit``, and
names in CJK scripts next to the words that introduce or address a person.

A run of capitalised words (any Latin, Greek or Cyrillic script, with hyphens, apostrophes and
name particles) is a name when its words are names in the lexicon (given names and surnames of
105 countries, see ``lexicon``): a given name then a surname, or the other way round, and no word
of the run is a common English word; what makes a run no one's (a place's, a brand's, a firm's) is in
``notnames``, ``placeruns`` and ``firms``; a word's forms the lexicon lacks (a Polish name's cases, a patronymic, a
noun's ending) in ``wordforms``; what one word is to the lexicon (a given name, a surname, an ordinary word) in
``namewords``. CJK names, which have no capitals and no spaces, are in ``cjknames``; names typed all in lower case in
``lowernames``, which asks ``namewords``' judgements of one word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from replay.redact.cjknames import cjk_names
from replay.redact.eponyms import NAMED_AFTER
from replay.redact.firms import brand, caps_head_before, firm, named_for, quoted_in_institution, unnamed_brand
from replay.redact.lexicon import COMMON, TOP, Lexicon
from replay.redact.namewords import LIKE_BOTH, LIKE_ONE, NameWords
from replay.redact.notnames import (
    CTIME,
    NAMED_POSSESSIVES,
    NOT_FIRST,
    NUMBER_WORDS,
    NUMBERED,
)
from replay.redact.orgwords import DEDICATIONS, OFFICE_TITLES, ORG_HEAD_FORMS, compound_head
from replay.redact.placenames import big_cities
from replay.redact.placeruns import (
    BUILT_BEFORE,
    PLACE_BEFORE,
    SAINTS,
    cities,
    courteous,
    dated,
    featured,
    generic,
    head_after,
    place_after,
    place_end,
    place_of_two,
    run_head,
    station,
    town_after_code,
    wished,
)
from replay.redact.streets import PREFIX_ABBREVIATIONS
from replay.redact.vietnamese import vn_place, vn_unnamed
from replay.redact.wordforms import (
    plural,
)

__all__ = ["PARTICLES", "PersonFinder"]

_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
_WORD = rf"[{_UPPER}](?:[^\W\d_]|['’](?=[^\W\d_]))*(?:-[^\W\d_]+(?:['’][^\W\d_]+)?)*"
PARTICLES = "van|von|de|der|den|del|della|dela|da|di|du|la|le|te|bin|ibn|al|el|y|e|dos|das|ten|ter|zu|af|av|op|mac"
_SEP = r"(?:[ \t\u00a0]+|[ \t]*\.[ \t]*)"
# A run: capitalised words, with particles and initials between them. A tab parts cells (a TSV row,
# "Bellino La Sala\tImola"), not the words of one name.
_RUN = re.compile(
    rf"(?<![\w@#/\\$%+<_.\-])(?:{_WORD})(?:[ \u00a0]+(?:(?:{PARTICLES})[ \u00a0]+)*"
    rf"(?:[{_UPPER}]\.[ \u00a0]*)?(?:{_WORD})){{1,6}}(?![\w@\-])"
)
_PAIR = re.compile(rf"(?<![^\W\d_])[{_UPPER}][^\W\d_]+[ \u00a0]+(?:(?:{PARTICLES})[ \u00a0]+)*[{_UPPER}]")
_PAIR_ASCII = re.compile(rf"[A-Z][a-z]+ (?:(?:{PARTICLES}) )*[A-Z]")  # the same, 4x faster on ASCII text
_TOKEN = re.compile(rf"[{_UPPER}]\.(?!\w)|{_WORD}|(?:{PARTICLES})(?=[ \u00a0])")
_PART_SET = frozenset(PARTICLES.split("|"))
# A line of two or three words in capitals alone (a CV's or a letter's heading: "MARGARET O'SULLIVAN\nSenior Nurse"):
# its words read as capitalised ones decide, as a run's; "PROFESSIONAL EXPERIENCE", "TERMS AND CONDITIONS" hold a
# common word. An ASCII text's pairs are read where a capital has a lower-case letter after it (``capitals``),
# another text's by ``_PAIR``, which takes capitals too.
_CAPS_LINE = re.compile(r"([A-Z][A-Z'\-]+(?:[ \t]+[A-Z][A-Z'\-]+){1,2})[ \t]*\r?")
# Below it a word the lexicon lacks is no surname even after a common given name: its letters are an ordinary word's
# ("Grant Access": -19.8); the labelled sets' names after a common given name that the lexicon lacks are all above
# -16 ("Sheila Tweed": -15.4, "Ma Huateng": -7.3)
_UNLIKE = -16.0
# A list of single capitalised words ending "…, B and C" (``PersonFinder.listed``): read back from each " and ".
_AND_NAME = re.compile(rf" and (?=[{_UPPER}])")
_LIST_ITEM = re.compile(rf"[{_UPPER}][^\W\d_]+(?![\w@\-])")
_NOT_BEFORE_LIST = frozenset("@#/\\$%+<_.-0123456789")
# A list after "at" is a firm's; after "in", "near", "across", "throughout" a list of places ("offices in Berlin and
# Madrid."), where people are not ("from", "with", "between" name people too)
_AT = re.compile(r"\b(?:at|in|near|across|throughout)[ \t]+\Z")
# A list of people is said in a sentence; a firm's name stands alone on its line ("Marshall, Hernandez and Simpson").
_IN_SENTENCE = re.compile(r"[ \t]*(?:[.!?,;:)]|[a-z])")
_LIST_END = re.compile(r"[ \t]*(?:[.!?,;:)]|\Z)")  # a clause's end after a list's last item
_RUNS_KEPT = 4096  # runs of capitalised words whose names are remembered (see PersonFinder._run)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # how ``CTIME`` starts: a test before its match
# German's article and "of" that are a name's particles too (``PersonFinder._of_nouns``); not Dutch's "van", "den",
# which join a double surname the tables may lack ("Annerstedt van den Bosch")
_OF_ARTICLES = frozenset({"von", "der"})
# A street's abbreviated types of three letters or more (``streets``), which no surname is ("Avda", "Ctra", "вул")
_STREET_ABBREVIATIONS = frozenset(a for a in PREFIX_ABBREVIATIONS if len(a) > 2)


def _hyphened_start(text: str, p: int) -> int:
    """Where the hyphenated word holding ``text[p]`` starts (``Jean-Luc``, ``Anne-Marie-Louise``)."""
    q = p
    while q > 1 and text[q - 1] == "-" and text[q - 2].isalpha():
        q -= 1
        while q > 0 and text[q - 1].isalpha():
            q -= 1
    return q if text[q : q + 1].isupper() else p


def _pair_at(text: str, pairs: list[int] | None, pos: int) -> int:
    """Where the first two capitalised words side by side start in ``text`` from ``pos``, or -1. ``pairs``: an ASCII
    text's, where ``_PAIR_ASCII`` matches (``capitals.Capitals.pairs``)."""
    if pairs is None:
        p = (_PAIR_ASCII if text.isascii() else _PAIR).search(text, pos)
        return -1 if p is None else p.start()
    k = bisect_left(pairs, pos)
    return pairs[k] if k < len(pairs) else -1


def _heads(toks: list[tuple[int, int, str]], k: int) -> bool:
    """Token ``k``, an institution's head word, starts a name that goes on after it in a language that puts the head
    first, a particle among its words ("Tornero Ruiz Hospital Virgen de la Arrixaca", "Muñoz Negrete Hospital Ramón y
    Cajal"), or a royal's or a saint's title right after it ("Mateos Blanco Hospital Infanta Cristina"): the words
    after it, up to a title, are the institution's. Not "Johns Hopkins Hospital" that ends the run, nor "Mayo Clinic
    Anna Weber" (a person after it)."""
    if toks[k][2] not in ORG_HEAD_FORMS:
        return False
    return (k + 1 < len(toks) and toks[k + 1][2].casefold() in DEDICATIONS) or any(
        t[2] in _PART_SET for t in toks[k + 1 :]
    )


class PersonFinder(NameWords):
    """Finds person-name spans in a text: ``find(text)`` yields (start, end); the judgements of one word it reads them
    by, and the name rules ask, are ``NameWords``'."""

    def __init__(self, lex: Lexicon | None = None):
        super().__init__(lex)
        self._runs: dict[str, tuple[tuple[int, int], ...]] = {}  # run -> its names' spans in it

    def _built(self, toks: list[tuple[int, int, str]], i: int) -> bool:
        """Token ``i`` is a built place's head (``placeruns.BUILT_BEFORE``) and a particle follows: the place's name
        comes after it ("Museo del Prado", "Musée du Louvre"), unless the head is a common given name or surname too
        and no city, country, saint or compass point follows (``placeruns.place_after``: "Gare de Lyon", "Gare du
        Nord"): a title's cue reads "Sra. Torre de la Fuente" up to its particles, and leaves the rest to this
        finder."""
        head = toks[i][2].casefold()
        lex = self.lex
        if head not in BUILT_BEFORE or i + 1 >= len(toks) or toks[i + 1][2] not in _PART_SET:
            return False
        named = not 0 < lex.given.get(head, 0) <= COMMON and not 0 < lex.surname.get(head, 0) <= COMMON
        return named or place_after(toks, i + 1, _PART_SET)  # "Gare de Lyon": "Gare" a common surname too

    @staticmethod
    def _of_nouns(toks: list[tuple[int, int, str]], k: int) -> bool:
        """Token ``k`` is a German particle that is an article or "of" too (``_OF_ARTICLES``): after a word that is no
        name of the tables it joins two nouns ("Nähe der Elbphilharmonie", "Kaffeemaschine von Siemens", "Fährt der
        Zug"); in a name it follows a given name or "von" ("Ursula von der Leyen", "Walther von der Vogelweide")."""
        return k < len(toks) and toks[k][2] in _OF_ARTICLES

    def label(self, value: str) -> bool:
        """A speaker's label written as a name is ("John Smith", "Tomasz"): one word ``alone`` takes (a common given
        name: not "Doi" of "DOI:", however much a rare name it is), or words ``find`` reads whole as one name ("The
        Court", "Customer Service" are none)."""
        if " " not in value:
            return self.alone(value)
        return any(a == 0 and b == len(value) for a, b in self.find(value))

    def listed(self, text: str, lasts: list[int] | None = None) -> Iterator[tuple[int, int]]:
        """Given names in a list of them ("Gladys and Logan", "Gaetane, Derek, Anna and Andrew"): each item a
        given name somewhere, two of them common ones (``alone``), so "Red, Green and Blue" is none; a list after
        "at" or alone on its line is a firm's ("a year at Jones, Mitchell and Williams"). ``lasts``: an ASCII text's
        capitals after " and " (``capitals.Capitals.listed``)."""
        # most " and "s join words in lower case: nothing to do there
        for p in (m.start() for m in _AND_NAME.finditer(text)) if lasts is None else (c - 5 for c in lasts):
            if p and (text[p - 1].isalpha() or text[p - 1] == ","):
                yield from self._list_before(text, p)

    def _list_before(self, text: str, p: int) -> list[tuple[int, int]]:
        """The items of the list whose " and " is at ``p``, if they make one of given names."""
        last = _LIST_ITEM.match(text, p + 5)
        if last is None or not _IN_SENTENCE.match(text, last.end()):
            return []
        items = [last.span()]
        q = p - 1 if text[p - 1] == "," else p  # "A, B, and C"
        while True:
            i = q
            while i > 0 and text[i - 1].isalpha():
                i -= 1
            if i == q or not text[i].isupper() or len(items) > 12:
                return []
            items.append((i, q))
            if text[i - 2 : i] != ", ":
                break
            q = i - 2
        if i and (text[i - 1] in _NOT_BEFORE_LIST or _AT.search(text, max(0, i - 12), i)):
            return []
        words = [text[a:b] for a, b in items]
        alone = sum(map(self.alone, words))
        if alone < 2 and (alone == 0 or len(items) < 3):
            return []  # neither reading below takes it ("into German and French"): no lexicon's kinds looked up
        if all(g and not common for g, _, common in map(self._kind, words)) and alone >= 2:
            return items[::-1]
        # three or more, one a common given name and each a given name or surname: people named as a writer names
        # them ("our founders: Eklund, Michael and Hodge."); a firm's name is so made too and goes on with a noun
        # ("Barnett, Melton and Garcia songwriter"), so a clause's end must close the list
        if len(items) >= 3 and alone and _LIST_END.match(text, items[0][1]) and all(map(self.named, words)):
            return items[::-1]
        return []

    def find(self, text: str, shape: bytes | None = None, pairs: list[int] | None = None) -> Iterator[tuple[int, int]]:
        """Name spans in ``text`` (``shape``: an ASCII text's, its lines in capitals read, ``pairs``: its candidate
        pairs, see ``_pair_at``): a fast search for two capitalised words side by side, then the full pattern of a run
        anchored there."""
        pos = 0
        while (p := _pair_at(text, pairs, pos)) >= 0:
            start = p
            if text[start - 1 : start] == "-":  # "Jean-Luc Picard": the pair began at "Luc"
                start = _hyphened_start(text, start)
            elif text[start - 2 : start - 1].isupper():  # "CHU Habib Bourguiba": an ASCII pair needs a lower case
                start = caps_head_before(text, start)
            m = _RUN.match(text, start)
            if m is None:
                pos = p + 1
                continue
            end = m.end()
            pos = end
            for a, b in self._run(text, m.start(), end):
                if head_after(text, b, self._kind):
                    continue  # "Charles de Gaulle airport", "Toby Robins Research Centre"
                if brand(text, a, b) or firm(text, a, b) or quoted_in_institution(text, a) or named_for(text, a):
                    continue  # "Kate Spade crossbody bag", "Ben Sherman Classic Polo", "Anna Nowak Sp. z o.o."
                if self._numbered(text, a, b) or town_after_code(text, a, b):
                    continue  # "Su Pedido Nº 12345": a thing numbered; "…, 28670 Villaviciosa de Odón Madrid": a town
                if text.startswith(_WEEKDAYS, a) and CTIME.match(text, a):
                    continue  # "Last login: Mon Mar  4 10:22:01": a time's weekday and month, not "Mon Mar"
                if vn_unnamed(value := text[a:b]) or vn_place(value):
                    continue  # "Số CCCD", "Tết Nguyên Đán", "Hà Nội": each syllable some name of the lexicon
                yield a, b
        if shape is not None and shape.find(b"\n") >= 0:  # a heading stands on a line of its own
            yield from self._headings(text, shape)

    def _numbered(self, text: str, a: int, b: int) -> bool:
        """The name ``text[a:b]`` is a possessive that is a name too and a noun, a number's sign and digits after them
        (``notnames.NAMED_POSSESSIVES``, ``NUMBERED``): an order, an invoice, a parcel ("Su Pedido Nº 12345", "Mi
        Factura No. 2231"); not with one of the commonest names after the possessive ("Ma Long No. 1", "Su Wei")."""
        words = text[a:b].split(None, 2)
        if words[0] not in NAMED_POSSESSIVES or NUMBERED.match(text, b) is None:
            return False
        second = words[1].casefold()
        return TOP not in (self.lex.given.get(second, 0), self.lex.surname.get(second, 0))

    def _no_one(self, value: str) -> bool:
        """Words of a run that make no one's name: a country's big cities, a day's name, a season's wishes
        (``placeruns``): they depend on the words alone, so ``_run``'s memo keeps what they say."""
        return cities(value) or dated(value, self._given_tier) or wished(value, self._given_tier) or courteous(value)

    def _given_tier(self, word: str) -> int:
        return self._kind(word)[0]

    def _headings(self, text: str, shape: bytes) -> Iterator[tuple[int, int]]:
        """The names of an ASCII text's lines in capitals alone (``_CAPS_LINE``): the lines that start with two."""
        first = shape.startswith(b"AA")
        p = 0 if first else shape.find(b"\nAA") + 1
        while first or p > 0:
            first = False
            b = text.find("\n", p)
            b = len(text) if b < 0 else b
            m = _CAPS_LINE.fullmatch(text, p, b)
            if m is not None:
                line = m.group(1).title()  # "O'SULLIVAN" as "O'Sullivan", "JEAN-PIERRE" as "Jean-Pierre"
                got = next(self._run(line, 0, len(line)), None)
                if got == (0, len(line)) and not brand(line, 0, len(line)) and not firm(line, 0, len(line)):
                    yield m.start(1), m.end(1)
            p = shape.find(b"\nAA", b) + 1

    def _run(self, text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
        """The names in the run ``text[a:b]``: they depend on the run's words alone (its bounds were
        found in context), so a run met again ("Northwind Outfitters" in every request of one
        application, a customer's name in every turn) takes them from a bounded memo."""
        run = text[a:b]
        spans = self._runs.get(run)
        if spans is None:
            spans = self._runs[run] = tuple((s, e) for s, e in self._names_in(run) if not self._no_one(run[s:e]))
            if len(self._runs) > _RUNS_KEPT:
                del self._runs[next(iter(self._runs))]  # the oldest
        for s, e in spans:
            yield a + s, a + e

    def _names_in(self, run: str) -> Iterator[tuple[int, int]]:
        toks = [(t.start(), t.end(), t.group(0)) for t in _TOKEN.finditer(run)]
        i = 0
        while i < len(toks):
            if toks[i][2] in ORG_HEAD_FORMS or compound_head(toks[i][2]):
                # "Hospital Infanta Cristina", "Universidad de Alcalá": the words after name the institution, up to
                # a person's title ("Hospital Director Maria Garcia", "Universidad Rector Ana Ruiz")
                i += 1
                while i < len(toks) and toks[i][2].casefold().rstrip(".") not in OFFICE_TITLES:
                    i += 1
                i += 1
                continue
            if i and toks[i - 1][2].casefold().rstrip(".") in SAINTS:
                i += 1  # "San Cecilio de Granada", "São Camilo": a saint's name, a place's or an institution's
                continue
            if (k := place_end(self.lex, toks, i, _PART_SET)) is not None:
                i = k  # "Colonia Roma", "Ciudad de la Justicia": a place's generic word, its particles and its name
                continue
            got = self._window(toks, i)
            if got is None:
                i += 1
                continue
            j = got
            if j + 1 < len(toks) and run_head(toks, j + 1):
                # "George Washington Bridge": a place named after a person; "Tornero Ruiz Hospital Virgen de la
                # Arrixaca": a head that starts the next institution's name, whose words are skipped with it (the
                # words before it are left to a cue: "Reanimación y Tratamiento del Dolor Hospital …" is no one's)
                i = j + 1 if _heads(toks, j + 1) else j + 2
                continue
            if j + 1 < len(toks) and run_head(toks, len(toks) - 1):
                break  # "Diyarbakır Martial Law Court": the words before a body's head word name it
            end = toks[j][1]
            yield toks[i][0], end - 2 if run[end - 2 : end] in ("'s", "’s") else end
            i = j + 1

    def _window(self, toks: list[tuple[int, int, str]], i: int) -> int | None:
        """The last token of a name starting at token ``i``, or None."""
        first = toks[i][2]
        if first.casefold() in _PART_SET or first.endswith(".") or first.casefold() in NOT_FIRST:
            return None
        if (
            len(first) <= 3
            and first.isupper()
            and i + 1 < len(toks)
            and toks[i + 1][2].isupper()
            and self.lex.given.get(first.casefold()) != TOP
        ):
            return None  # "ABN AMRO": an acronym before capitals; "AL GORE", "JO SMITH" names in capitals
        if self._led(first) and not (i + 1 < len(toks) and self.lex.given.get(toks[i + 1][2].casefold()) == TOP):
            return None  # before one of the commonest given names it stays in the name ("¡Vamos Alberto!")
        if self._built(toks, i):
            return None  # "Gare de Lyon", "Museo del Prado", "Puerta del Sol": a place's head, "of", its name
        g0, s0, common0 = self._kind(first)
        if not (g0 or 0 < s0 <= COMMON) and place_after(toks, i + 1, _PART_SET):
            return None  # "Foro di Milano", "Comarca de São Paulo", "Atlético de Madrid": no given name before them
        if not (g0 or s0) and self._of_nouns(toks, i + 1):
            return None  # "Nähe der Elbphilharmonie", "Kaffeemaschine von Siemens": no name of the tables before them
        if not g0 and (w0 := first.casefold()).endswith("er") and w0[:-2] in big_cities():
            return None  # "Kölner Dom", "Berliner Mauer", "Frankfurter Allgemeine": a city's adjective starts a thing
        if common0 and not (g0 or s0) and self._dictionary_word(first) and i + 1 < len(toks):
            # "Juniper Smith", "Kestrel Adams": a dictionary's rare word before one of the commonest surnames is read as
            # a word the lexicon lacks; "Random Forest", "Hidden Markov" have a rarer name after it
            _, s1, common1 = self._kind(toks[i + 1][2])
            common0 = common1 or s1 != TOP
        if common0 or (not (g0 or s0) and (not self._unknown_ok(first) or unnamed_brand(first))):
            return None  # a word, or a product's or a firm's name no list of names holds ("Accenture", "Elsevier")
        best = None
        names = 1
        for j in range(i + 1, min(len(toks), i + 7)):
            w = toks[j][2]
            if w.casefold() in _PART_SET or w.endswith(".") or (len(w) == 1 and w.isupper() and j + 1 < len(toks)):
                continue  # a particle, or an initial with its dot or without ("Ravil G Yefimov")
            if len(w) <= 3 and w.isupper():
                break  # "Sydney NSW", "Austin TX": a state's code after a city, not a surname
            if w in NUMBER_WORDS:
                break  # "Ihre Bestellung Nr. 12345", "Herr Weber Nr. 5": a number's word, not a surname
            if w.casefold() in _STREET_ABBREVIATIONS:
                break  # "Hospital Infanta Cristina Avda. de Elvas": a street's abbreviated type starts its name
            g, s, common = self._kind(w)
            if not (g or s) and unnamed_brand(w) and (names > 1 or g0 != TOP):
                break  # "Kevin A. Boone Accenture", "Reed Elsevier": a firm's name (not "Michael Dell", a founder's)
            if (
                common
                and names == 1
                and not (g or s)
                and self._dictionary_word(w)
                and not (j == i + 1 and plural(self.lex, w))
            ):
                # "Evan Ensign", "Ineke S Pander": a dictionary's rare word after a name's first word (initials aside)
                # is read as a word the lexicon lacks, as before it was one (``_pair`` decides); it starts no name
                # ("Random Forest"), and ends one after a second word ("Emmie Ström's Cautionary Tales")
                common = False
            if common and 0 < g0 <= COMMON and s and len(toks[j - 1][2].rstrip(".")) == 1:
                common = False  # "Clara J. Day", "Philipp S. Wild": a given name, an initial, a surname that is a word
            if common or (len(w) == 4 and w.isupper() and not (g or s)):
                break  # a word, or a firm's acronym of four letters ("Garanti BBVA"), not a surname
            if w.casefold() in PLACE_BEFORE and self._names_place(toks, j):
                break  # "Wisata Danau Toba": a place's generic word starts a place's name, not a surname
            if self._built(toks, j) or (
                j == i + 1 and first.casefold() in big_cities() and station(toks, j, _PART_SET)
            ):
                break  # "Paris Gare du Nord", "Firenze Santa Maria Novella": a city's station, not a surname
            if j == i + 1 and w.casefold() in NAMED_AFTER and self.lex.given.get(first.casefold()) != TOP:
                break  # "Kalman Filter", "Fourier Transform": a thing named after someone ("Filter" a surname too)
            if j == i + 1 and featured(self.lex, first, w):
                break  # "Black Forest", "Hoover Dam": a feature's word right after its name (not "Jan van Dam")
            names += 1
            if names > 4:
                break
            if self._pair(g0, s0, first, g, s, w):
                best = j
            elif not (g or s) and not self._unknown_ok(w):
                break
            if w.endswith(("'s", "’s")):
                break  # "Louis Tommo's Doncaster Rovers": the possessive ends the name, its thing follows
        return best

    def _names_place(self, toks: list[tuple[int, int, str]], j: int) -> bool:
        """Token ``j``, a place's generic word, and the capitalised word after it name a place ("Danau Toba")."""
        if j + 1 >= len(toks) or len(nxt := toks[j + 1][2]) < 3 or nxt.casefold() in _PART_SET:
            return False
        g, s, common = self._kind(nxt)
        return not common and (g or s or self._unknown_ok(nxt)) and generic(self.lex, toks[j][2], s, nxt)

    def _pair(self, g0: int, s0: int, first: str, g: int, s: int, last: str) -> bool:
        """Two words that make a name: a known given name or surname on each side, or one known
        and one rare word that still looks like a name, or two rare words (known or not) that look like names."""
        if place_of_two(first, last):
            return False  # "Costa Rica", "Sierra Leone", "Kota Kinabalu", "Spring Security": a place's, a product's
        if first == last and TOP not in (g0, s0) and (len(first) < 3 or not (g0 or s0)):
            return False  # a random string repeats its words ("Sadh Sadh", "Uz Uz"); a name its known ones ("Li Li")
        if generic(self.lex, first, s, last):
            return False
        like = self.lex.name_likeness
        if (g0 or s0) and (g or s):
            if (g0 and (s or g)) or (s0 and g) or (s0 and s and min(s0, s) <= COMMON):
                return True
            # two rare surnames ("Kageni Kambura": names-dataset has no Kenya nor Rwanda, only the Gulf's migrants, who
            # rank there as rare surnames) count no less than two words the lexicon lacks: the same likeness test
            return min(len(first), len(last)) > 3 and self._both_like(first, last)
        if g0 and not (g or s):  # Marcus Wieloch-Bolnbach
            return len(last) >= 3 and like(last.casefold()) >= (_UNLIKE if g0 <= COMMON else LIKE_ONE)
        if s and not (g0 or s0):  # Xiomara Gonzalez
            return len(first) >= 3 and (s <= TOP or like(first.casefold()) >= LIKE_ONE)
        return self._both_like(first, last)

    def _both_like(self, first: str, last: str) -> bool:
        """Two rare words that each look like a name, and together clearly so."""
        a, b = self.lex.name_likeness(first.casefold()), self.lex.name_likeness(last.casefold())
        return min(a, b) >= LIKE_BOTH and a + b >= 2 * LIKE_BOTH + 4

    def cjk(self, text: str) -> Iterator[tuple[int, int]]:
        """CJK names after a cue or before an honorific (``cjknames``)."""
        return cjk_names(text, self.lex.surname)
