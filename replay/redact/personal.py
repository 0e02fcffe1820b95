"""Personal data in free text: person names and street addresses (emails and handles: ``online``).

Each is found at a cue of the one Aho-Corasick pass of ``detectors`` (a name trigger such
as ``Dear`` or ``signed``, an address cue from ``streets``), or with no cue at all: runs of
capitalised words the name lexicon knows (``people``), CJK names and addresses. Pseudonyms come
from ``pseudonym``; a value that already holds an invented word is guarded, not replaced again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from replay.redact import capitals, groups, lowernames, mentions, names, nameshapes, referred, speech, spoken, written
from replay.redact.fakeaddress import fake_address
from replay.redact.firms import brand, brand_word, eponym, firm, known_firm, named_for, quoted_in_institution
from replay.redact.hits import Hit, Spans, guard
from replay.redact.jsonshapes import thing_named, thing_object
from replay.redact.licences import licence_hits
from replay.redact.people import PARTICLES, PersonFinder
from replay.redact.placeruns import courteous
from replay.redact.pseudonym import (
    Pseudonyms,
    has_invented_word,
    is_invented_name,
    is_military_pseudonym,
)
from replay.redact.relatives import author_before, bench, former_member, housed_or_hired, kin_owner, who_before
from replay.redact.strings import Strings, again_in

if TYPE_CHECKING:
    from replay.redact.places import AddressFinder

__all__ = ["IN_WORD_CUES", "PersonalFinder", "place_key"]

_STREET_MAX = 512  # the longest span two cues of one street merge into (``address``)
_PLACE_FIELD = re.compile(
    r"(?i:city|town|locality|state|province|region|country|county|district|place"
    # and in Spanish, Portuguese, French, German, Italian, Dutch and Polish ("localidad_provincia": "Gran Canaria")
    r"|ciudad|localidad|provincia|municipio|poblaci[oó]n|cidade|munic[ií]pio|ville|commune|stadt|gemeinde|citt[aà]"
    r"|comune|woonplaats|gemeente|miasto|miejscowo[sś][cć])"
    r"(?:\\?[\"'\]])?[ \t]*[:=][ \t]*(?:\\?[\"'])?\Z"
)
# "Our" before a title's cue: Our Lady, Our Lord, whom churches, schools and hospitals are named for ("Nuestra Señora
# de la Paz", "Nossa Senhora", "Nostra Signora", "Notre-Dame"), not a person addressed
_OUR = ("nuestra ", "nuestro ", "nossa ", "nosso ", "nostra ", "nostro ", "notre ", "notre-")
_PARTICLES_ONLY = re.compile(rf"(?:(?:{PARTICLES})[ \t]*)+")
_SURNAME_AFTER = re.compile(rf"[ \t]+{nameshapes.WORD}")
# A place's noun in lower case right after one word a cue took ("from Doda district", "from Kent county"): the word
# names the place (capitalised, the run's head words say it: ``eponyms.PLACE_HEADS``)
_PLACE_NOUN_AFTER = re.compile(
    r"[ \t]+(?:district|county|province|region|village|town|city|prefecture|municipality|governorate|oblast|canton)"
    r"(?![\w\-])"
)
# A field that names a thing sold or a business: a name-like value after it is a brand's ("vendor": "Ted
# Baker", "Product Name": "Calvin Klein wool scarf", "restaurant": "Casa Lucia").
_THING_FIELD = re.compile(
    r"(?i:product|item|brand|vendor|manufacturer|merchant|store|shop|restaurant|venue|hotel)(?:[ _\-]?name)?"
    r"(?:\\?[\"'\]])?[ \t]*[:=][ \t]*(?:\\?[\"'])?\Z"
)
# A public stop's part under an address's key: an airport's or a station's terminal, gate, platform ("SFO Terminal 2",
# "Heathrow Airport", "King's Cross Platform 9"): no one lives there, and no house number is said
_PUBLIC_STOP = re.compile(
    r"(?:[A-Z][\w'’.&-]*[ \t]+){0,4}"
    r"(?:(?:Terminal|Concourse|Gate|Platform|Pier)[ \t]+[A-Z0-9]{1,3}|(?:International[ \t]+)?Airport)"
)
# A JSON "name" whose object is a thing's ({"name": "Grace Hoodie", "sku": "GR-2"}: ``jsonshapes.thing_object``)
_NAME_VALUE = ('name": "', 'name":"', 'name\\": \\"', 'name\\":\\"')
_NAMES_KEPT = 4096  # names whose pseudonyms ``PersonalFinder`` remembers
_TAIL_REACH = 120  # past a sign-off's cue, where its tail's line break must be ("for your kind help,\n" and spaces)


# What a cue's strength takes as a name of one word: ``NameWords``' method of that name (else ``named``)
_NAMED_BY = {"given": "alone", "who": "alone", "kin": "rare", "answer": "rare", "office": "titled", "sign": "rare"}
_NAMED_BY["role"] = "given_before"  # who to ask for, speak to (``mentions``): however rare the name
_NAMED_BY["family"] = "family"  # one's own family's word before it (``NameWords.family``)


# The strengths whose cue may stand inside a word: the name before a deed ("Jedediah Thornbury called"), after a
# credential, a header's, a poster's, a group's, a pronoun's (their cues start with a blank: "had 6:"), a kin's owner's
# and a "who" clause's (a possessive's or a comma: "roberto's daughter", "Jason, who"). Any other's cue right after a
# letter introduces no name ("team. ", "during "): ``detectors`` calls no handler there (``_cued`` answers none).
IN_WORD_CUES = frozenset(
    {"before", "credential", "header", "poster", "group", "pronoun", "kin_of", "relative", "asked", "bench", "work"}
)


_LABEL_COLON = re.compile(r" ?[:：](?=[ \t]*[^\W\d_])")
_OPENING_QUOTES = frozenset("'\"‘“«„")  # none starts a name, its initials, a label's colon


def _field_end(text: str, lo: int, a: int) -> bool:
    """``text[lo:a]`` ends as both ``_PLACE_FIELD`` and ``_THING_FIELD`` must: a ":" or "=", blanks, and a quote
    (a backslash before it) or none. A quote at the end can only be that tail's, and a backslash before it too."""
    e = a
    if e > lo and text[e - 1] in "\"'":
        e -= 1
        if e > lo and text[e - 1] == "\\":
            e -= 1
    while e > lo and text[e - 1] in " \t":
        e -= 1
    return e > lo and text[e - 1] in ":="


def _no_name_after(text: str, e: int) -> bool:
    """The text ends at ``e``, or what follows the blanks there starts in lower case (a-z) or with an opening quote:
    no name follows a cue ending at ``e`` but a "strong" or "title" one's (``nameshapes.match_name``: the others' names
    start with a capital, their initials too, or a sign's after a comma or a line break; ``mentions.reread``'s a
    greeting's or a sign-off's the same, after blanks). Tested first: most cues' next word is in lower case, and a
    speech verb's is often a quote ("has said 'in transit'")."""
    n = len(text)
    while e < n and text[e] in " \t":
        e += 1
    return e == n or "a" <= text[e] <= "z" or text[e] in _OPENING_QUOTES


def _recipient(text: str, e: int, finder: PersonFinder) -> list[tuple[int, int]]:
    """The one given something of someone's after a cue ending at ``e``: a word that may be a name however rare
    (``given_before``), a surname after it, then a possessive ("had given Alma his address"; "gave Docker my keys" is
    a brand's, "sent Paris my love" a place's)."""
    m = _RECIPIENT.match(text, e)
    if m is None or not finder.given_before(m.group(1)):
        return []
    if m.group(2) is None:
        return [m.span(1)]
    return [(m.start(1), m.end(2))] if nameshapes.surname_word(m.group(2)) else []


def place_key(key: str) -> bool:
    """``key`` names a place: a name-like value after it is a place, not a person (``people``)."""
    return _PLACE_FIELD.search(key + '": "') is not None


_DIGIT = re.compile(r"[0-9]")  # a postcode's digits, each made a 9
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Whether a name is a pseudonym already, remembered: the same names come back in an exchange's strings and in a
# conversation's turns, and each test split and looked up every word (8,000-9,000 instructions a name).
_invented_name = lru_cache(maxsize=4096)(is_invented_name)
_WORD_BEFORE = re.compile(r"([^\W\d_]{3,})[ \t]+\Z")
_invented_word = lru_cache(maxsize=4096)(has_invented_word)


# The cues a firm's name follows as a person's does: "from", "with", "at" ("given"), a title ("Dr. Martens"), a deed
# after it ("Wells Fargo wants"; not one only a person does, "lives", "married"). A greeting, a signature, "I am", "my
# name is", "my manager" say a person is named.
# The strengths ``_cued`` reads in its own way (a name before the cue, a list's, a sign-off's after a line break) or
# whose name may be written in lower case ("my name is john"): the others' next word in lower case names no one
_OWN_LOOK = frozenset(
    {"group", "speech", "asked", "pronoun", "kin_of", "relative", "before", "credential", "header", "poster"}
    | {"strong", "title", "sign", "work", "former"}
)
_FIRM_CUES = frozenset({"given", "title", "before", "role", "kin_of", "relative", "recipient", "work", "former"})
# Words of a phrase in title case that no person's name holds capitalised ("Out Of Office", "Head Of Sales"); a
# name's particles ("De", "Van", "Da") are not among them
_TITLE_WORDS = frozenset({"Of", "The", "And", "For", "To", "In", "On", "At", "With", "From"})
_DEEDS = tuple(names.PERSONAL_DEEDS)
_HOUSED_OR_HIRED = (" lives", " is from", " works at")  # deeds whose next words may say a person (``relatives``)
# Who is given something of someone's: a name, then a possessive ("gave Alma his address", "sent Okafor my number")
_RECIPIENT = re.compile(rf"({nameshapes.WORD})(?:[ \t]({nameshapes.WORD}))?[ \t]+(?:his|her|their|my|our|your)[ \t]")
# A name joined by "and" to one found ("Powell and Ferrmir", "by Xanmir Yorwold and Tandy Warnow"): a second person
_ANDS = (" and ", " & ")
_AND_AFTER = re.compile(rf" (?:and|&) ({nameshapes.WORD})(?: ({nameshapes.WORD}))?")
_AND_BEFORE = re.compile(rf"(?<![\w@#/.\-])({nameshapes.WORD}) (?:and|&) \Z")


def _firm_named(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a firm's or a brand's of the gazetteer, and what follows is no deed only a person
    does ("Morgan Stanley married my cousin"); or it names a problem, an effect, a law ("the Monty Hall problem")."""
    return (known_firm(text, a, b) and not text.startswith(_DEEDS, b)) or eponym(text, b)


class PersonalFinder:
    """Name and address hits; ``on`` says which detectors (see ``detectors.DETECTORS``) run."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on
        self._names: dict[str, str] = {}  # a name as written -> its pseudonym (``_pseudonym``)
        self._streets = Spans()  # the street hits (priority 42) of the last hits list, ``address`` merges with
        self._kin_names: set[str] = set()  # the names of one word a kin's cue or a closing gave (``lone_name``)

    @cached_property
    def _places(self) -> AddressFinder:
        """The street finder, made at the first address cue or CJK text: its module's ~50 patterns (~0.1 CPU-s to
        compile, with ``asianplaces``) are compiled only by a process whose texts hold an address."""
        from replay.redact.places import AddressFinder

        return AddressFinder()

    def keyed_address(self, value: str, vs: int, ve: int, hits: list[Hit]) -> None:
        if not any(c.isalpha() for c in value) or _PUBLIC_STOP.fullmatch(value):
            return
        self.address_hit(value, 0, len(value), hits, 45)
        hit = hits[-1]
        hit.start, hit.end = vs, ve

    def name(self, text: str, low: str, s: int, e: int, strength: str, hits: list[Hit]) -> None:
        if strength not in _OWN_LOOK and _no_name_after(text, e):
            return  # "by the", "with a", "like to": ``_cued``'s first test of these strengths, before its dispatch
        if low.startswith("name", s) and thing_named(low, s):
            return  # "the project name is Apollo Lunar", "my dog's name is Rex": a thing's, an animal's
        for a, b in self._cued(text, low, s, e, strength):
            # most cues find no name: what stands before one is read only where one was found
            if low.endswith(_OUR, max(0, s - 8), s):
                return  # "Hospital Nuestra Señora del Rosario", "Nossa Senhora da Conceição": Our Lady, a dedication
            value = text[a:b]
            if _PARTICLES_ONLY.fullmatch(value):
                # "señora de la Fuente": the cue's reading stopped at particles before a surname that is a word too
                if (after := _SURNAME_AFTER.match(text, b)) is None or not after.group().lstrip()[:1].isupper():
                    continue  # "el señor de la casa": the man of the house
                b = after.end()
                value = text[a:b]
            person = strength not in _FIRM_CUES  # a cue only a person follows: "my name is Brian Trading" is one
            if (
                _invented_name(value)
                or (" " in value and _invented_name(value.split(" ", 1)[1]))  # "Ambassador Zanuna Mirvvane"
                or courteous(value)  # "Obrigado Pela Ajuda", "Tack Så Mycket": the thanks goes on, no one's named
                or firm(text, a, b, person)
                or (strength in ("title", "weak") and brand(text, a, b))
            ):
                continue  # a firm's, a brand named after a title or a greeting ("Dr. Martens boots", "Hello Kitty bag")
            if strength == "title" and (quoted_in_institution(text, s) or named_for(text, s)):
                continue  # 'Hospital Militar Escuela "Dr. Alejandro Dávila Bolaños"', "Hospital Dr. Peset": its name
            if strength in _FIRM_CUES and (_firm_named(text, a, b) or _PLACE_NOUN_AFTER.match(text, b)):
                continue  # "from Tim Hortons", "from Doda district"; "my name is Morgan Stanley" is a person's
            if (" " not in value and brand_word(value)) or not _TITLE_WORDS.isdisjoint(value.split()[1:]):
                continue  # "Hi Shopify,", "ask Jenkins"; a phrase in title case ("my manager is Out Of Office")
            if strength in ("kin", "family", "sign") and " " not in value:
                if len(self._kin_names) >= _NAMES_KEPT:
                    self._kin_names.clear()
                self._kin_names.add(value)
            hits.append(Hit(a, b, "name", self._pseudonym(value), 40))

    def _cued(self, text: str, low: str, s: int, e: int, strength: str) -> list[tuple[int, int]]:
        """The names a cue at ``text[s:e]`` introduces (or, "before", follows)."""
        if strength == "group":  # a list of people by a count or a noun only people are (``groups``)
            return groups.members(text, s, e, self.persons)
        if strength == "speech":  # who spoke, to whom, who a question asks about (``speech``)
            return speech.speakers(text, s, e, self.persons)
        if strength == "asked":  # who a question opening with its auxiliary asks about (``speech``)
            return speech.opening_question(text, s, e, self.persons)
        if strength == "pronoun":  # the subject a person's pronoun refers back to (``referred``)
            return referred.referent(text, s, self.persons)
        if strength == "kin_of":  # whose family one is ("roberto's daughter": ``relatives``)
            return kin_owner(text, s, e, self.persons)
        if strength == "bench":  # who wrote or joined a court's opinion ("SCALIA filed a dissenting opinion")
            return bench(text, s, e, self.persons)
        if strength == "relative":  # who a person's relative clause follows ("Jason, who is": ``relatives``)
            return who_before(text, s, e, self.persons)
        if strength == "work":  # a writer before their book ("the Grisham novel": ``relatives``)
            return author_before(text, s, e, self.persons)
        if strength == "former":  # a group's former member ("ex-Beatle Ringo": ``relatives``)
            return [] if s and low[s - 1].isalpha() else former_member(text, e, self.persons)
        if strength == "before":
            if e < len(low) and low[e].isalpha():
                return []
            finder = self.persons
            span = nameshapes.name_before(text, s, finder.alone)
            if span is None and low[s:e] in names.PERSONAL_DEEDS:
                span = nameshapes.full_name_before(text, s, finder.rare, finder.given_before)
            if span is None and low[s:e] in _HOUSED_OR_HIRED and housed_or_hired(text, e, low[s:e]):
                span = nameshapes.full_name_before(text, s, finder.given_before, finder.given_before)
            if span is None and low[s:e] in mentions.CONTACT_CUES:
                span = mentions.subject_before(text, s, finder.rare)  # "Jedediah Thornbury called"
            if span is None and low[s:e] in names.CREDIT_CUES:
                span = written.credited(text, s)  # "As llovet suggested"
            return [] if span is None else [span]
        if strength == "credential":
            span = nameshapes.credentialed(text, s, e) if e == len(low) or not low[e].isalnum() else None
            return [] if span is None else [span]
        if strength == "header":
            return written.header_names(text, s, self.persons.alone)
        if strength == "poster":
            span = written.poster(text, s, self.persons.alone, self.persons.rare)
            return [] if span is None else [span]
        if (s and low[s - 1].isalpha()) or (strength == "sign" and e < len(low) and low[e].isalpha()):
            return []
        if low[s:e] == "m. " and (text[s] != "M" or _unit_before(low, s)):
            return []  # "M. Okafor" is monsieur; "5 m. Long", "p.m. Sarah" a metre's and a time's
        if low[s:e] == "د. " and _unit_before(low, s):
            return []  # "د. منى" is a doctor; "15 د. بعد ذلك" fifteen minutes
        if (
            strength not in ("strong", "title")
            and _no_name_after(text, e)
            and (
                strength != "sign"
                or not (low.startswith(nameshapes.SIGN_TAILS, e) and "\n" in text[e : e + _TAIL_REACH])
            )
        ):
            # "would like to", "by then", "with the"; not "Thanks in advance,\nChris": a sign-off's name after a lower
            # case word is only ever one after its tail and a line break (``nameshapes._SIGNED``), so "thank you for
            # your patience, and" with no line break soon after it is no sign-off's (30,000 instructions a call); the
            # look is bounded, as a search to the text's end at every such cue would not be
            return []
        if strength == "office" and nameshapes.in_run(text, s):
            return []  # "Hospital Universitario de Gran Canaria Doctor Negrín": a title inside a longer name
        if strength == "family" and text[s + 1 : e] != low[s + 1 : e] and low[s:e].rstrip() not in names.FAMILY_ABROAD:
            strength = "kin"  # "My Daughter Loves Lego": a title's capitals, not one's daughter's name
        if strength == "recipient":
            return _recipient(text, e, self.persons)
        named = getattr(self.persons, _NAMED_BY.get(strength, "named"))
        if text[e : e + 1] in (":", " ", "：") and (label := _LABEL_COLON.match(text, e)) and low[e - 1 : e].isalpha():
            e = label.end()  # "Remitido por: Jesús …", "Adressé par : …": a cue written as a label, its colon after it
        span = nameshapes.match_name(text, e, strength, named)
        if (cue := low[s:e]) in (mentions.UNFOUND_CUES if span is None else mentions.FOUND_CUES):
            span = mentions.reread(text, s, e, cue, span, self.persons)
        if span is None:
            return []
        spans = [(span[0], nameshapes.inverted_end(text, span[1]))]
        if strength in ("list", "kin", "family"):
            spans.extend(nameshapes.next_names(text, span[1]))
        return spans

    def _pseudonym(self, value: str) -> str:
        """``ps.name(value)``, remembered by the value as written (a bounded memo): ``ps.name`` splits and case-folds
        its words before its own cache answers (9,000 instructions a name it has made before)."""
        got = self._names.get(value)
        if got is None:
            if len(self._names) >= _NAMES_KEPT:
                self._names.clear()
            got = self._names[value] = self.ps.name(value)
        return got

    def form_name(self, value: str) -> bool:
        """A bare name field's value beside a person's other fields (``NameWords.in_form``)."""
        return self.persons.in_form(value)

    @cached_property
    def persons(self) -> PersonFinder:
        """The finder of names by the lexicon, made on first use (its tables load then); one for every rule that asks
        it, so its memos of runs and words serve them all."""
        return PersonFinder()

    def again(self, text: str, hits: list[Hit]) -> None:
        """A name found once, wherever else it stands as a whole word in the same string ("I like Terry's slap …
        Fuck you Terry"): a cue or a pair of words finds a person's name at one place, and the writer names them
        again with none. Not across a quote: a JSON body's long strings are redacted apart from the rest
        (``segments``), and the result must not depend on which were. A full name's surname and given name are
        found alone too ("Tina McKenzie, a former member … McKenzie, a silver medalist"), when the finder would take
        them for a name's (``rare``, ``alone``)."""
        strings: Strings | None = None
        # each name's places once, however often it was found: a long document naming one person a thousand times
        # would otherwise look for every place of the name from each of them
        groups: dict[tuple[str, str, int, int], list[int]] = {}
        spelled: list[Hit] = []
        for h in hits:
            if h.kind != "name" or not h.rep:
                continue
            strings = strings or Strings(text)
            quoted = text[h.start - 2 : h.start] == text[h.end : h.end + 2] == '\\"'
            lo, hi = strings.bounds(h.start, h.end, quoted)
            value = text[h.start : h.end]
            groups.setdefault((value, h.rep, lo, hi), []).append(h.start)
            word = value[value.rfind(" ") + 1 :]  # its last word (a spelling spells the surname)
            # "Whitfield, W H I T F I E L D": its first letter a few characters on first (a check in C, not a regex)
            if word[:1].upper() in text[h.end + 1 : h.end + 5] and (
                got := nameshapes.spelling_after(text, h.end, word)
            ):
                fake = (h.rep if word == value else self._pseudonym(word)).upper()
                spelled.append(Hit(got[0], got[1], "name", got[2].join(c for c in fake if c.isalpha()), 39))
        hits.extend(spelled)
        joined = [
            span for (value, *_), starts in groups.items() for p in starts for span in self._joined(text, p, value)
        ]
        hits.extend(Hit(a, b, "name", self._pseudonym(text[a:b]), 39) for a, b in joined)
        for (value, rep, lo, hi), starts in groups.items():
            at = starts[0] if len(starts) == 1 else -1  # found twice: each finds the other again
            for p, e in again_in(text, value, at, lo, hi):
                hits.append(Hit(p, e, "name", rep, 39))
            words = value.split()
            if len(words) < 2:
                continue
            for part in (words[-1], words[0]):  # the pseudonym only for a part found again: it costs a keyed hash
                spans = list(again_in(text, part, at, lo, hi)) if text.count(part, lo, hi) > 1 else []
                if spans and self._part_of_name(words, part):
                    part_rep = self._pseudonym(part)
                    hits.extend(Hit(p, e, "name", part_rep, 39) for p, e in spans)

    def _joined(self, text: str, p: int, value: str) -> list[tuple[int, int]]:
        """The person joined by "and" to the name ``value`` found at ``p``: one word after it or before it that may be
        a name (``rare``: "Powell and Ferrmir"), or a given name and a surname after it ("Xanmir Yorwold and Tandy
        Warnow"); no ordinary word, place nor brand ("Maria and Docker", "Paris and Maria")."""
        end = p + len(value)
        after, before = text.startswith(_ANDS, end), text.endswith(_ANDS, max(0, p - 5), p)
        if not (after or before):
            return []  # most names stand with no "and" beside them: two C calls decide, no regex runs
        finder = self.persons
        out = []
        if after and (m := _AND_AFTER.match(text, end)) is not None:
            first, second = m.group(1), m.group(2)
            if second and finder.given_before(first) and nameshapes.surname_word(second) and not brand_word(second):
                out.append(m.span(1)[:1] + m.span(2)[1:])
            elif finder.rare(first) and not brand_word(first):
                out.append(m.span(1))
        m = _AND_BEFORE.search(text, max(0, p - 40), p) if before else None
        if m is not None and finder.rare(m.group(1)) and not brand_word(m.group(1)):
            out.append(m.span(1))
        return [(a, b) for a, b in out if not _invented_word(text[a:b])]  # a pseudonym's: redacted already

    def elsewhere(self, value: str, rep: str, text: str) -> list[tuple[int, int, str]]:
        """A full name found in one string of an exchange, standing again in another string of ``text`` (one of its
        texts: a tool call's argument ``{"q": "Okonkwo"}`` after a document naming "Chinedu Okonkwo"): the name
        whole, and its surname or its given name where ``again`` would take it alone (a bot's answer "Sure, Femke."
        to "ik heet Femke de Boer"), as spans with their pseudonyms (``rep``, the whole name's). Not in a string that
        holds ``rep``: there ``again`` has decided (a quoted title that shares the name's words stays). A given name
        that is a place's ("Jordan") or an ordinary word is not one ``again`` takes."""
        spans: list[tuple[int, int, str]] = []
        wholes: list[int] = []  # the starts of the whole name's spans, the first of ``spans``
        strings: Strings | None = None
        held: dict[tuple[int, int], bool] = {}  # whether a string holds ``rep``
        words = value.split()
        for part in (value, words[-1], words[0]) if len(words) > 1 else (value,):
            if part not in text or (part is not value and not self._part_of_name(words, part, True)):
                continue
            for p, e in again_in(text, part, -1, 0, len(text)):
                k = bisect_left(wholes, e) - 1  # the surname inside the whole name found there
                if part is not value and k >= 0 and spans[k][1] > p:
                    continue
                strings = strings or Strings(text)
                string = strings.bounds(p, e, True)
                if string not in held:
                    held[string] = rep in text[string[0] : string[1]]
                if not held[string]:
                    spans.append((p, e, rep if part is value else self.ps.name(part)))
                    if part is value:
                        wholes.append(p)
        return spans

    def lone_name(self, word: str) -> bool:
        """A name of one word that ``elsewhere`` looks for in the exchange's other strings: one a kin's cue introduced
        ("mi hija Ximena", "my daughter Clemency") or a closing signed ("Thanks, Zoltan"), which the answer names
        again with none ("Tu hija Ximena llega", "Sure, Zoltan.").
        Not every name of one word: a city's name in a weather answer ("name": "Reykjavik") read as a person's would
        be taken from the question's URL too."""
        return word in self._kin_names

    def _part_of_name(self, words: list[str], part: str, elsewhere: bool = False) -> bool:
        """``part`` (the last or the first of ``words``) is a name found alone: the words are two or three
        capitalised ones starting with one ``rare`` takes (a person's name is no "Comune di Roma"), and the last
        word is one ``rare`` takes, the first one ``alone`` does. In another string of the exchange (``elsewhere``)
        the surname may be any word no ordinary one is ("citofono Tarantini" after a profile's "Ludovica
        Tarantini"), the given name any that ``rare`` takes ("Maëlys a progressé" after "Maëlys Kerbrat"): the whole
        name was found there, where in its own string a capitalised word found again may be
        another's (an affiliation's "Epidemiology" in a paper's header)."""
        if len(words) <= 4 and not any(c.isupper() or c.islower() for w in words for c in w):
            # a script without capitals (Arabic, Hebrew, the Indic scripts, Thai): only a strong cue took its words
            # for a name, and no lexicon knows them; another string naming one of them names the same person
            # ("धन्यवाद राजेश जी", "شكراً أحمد" after "my name is" and the full name)
            return elsewhere and len(part) >= 2
        finder = self.persons
        if len(words) > 3 or not all(w[:1].isupper() for w in words) or not finder.rare(words[0]):
            return False
        if part == words[-1]:
            return finder.given_before(part) if elsewhere else finder.rare(part)
        return finder.rare(part) if elsewhere else finder.alone(part)

    def people(self, text: str, hits: list[Hit], low: str, shape: bytes | None = None, cued: bool = False) -> None:
        """Names with no cue (runs of capitalised words the name lexicon knows, a transcript's speakers),
        CJK names and addresses; ``low``: the text lower-cased, ``shape``: an ASCII text's (``people``),
        ``cued``: the text holds one of ``spoken.ADDRESS_CUES`` (the name detector on)."""
        if shape is not None and not (
            shape.find(b" ") >= 0 or shape.find(b"\t") >= 0 or shape.find(b"\n") >= 0 or shape.find(b"@") >= 0
        ):
            return  # an ASCII token (an id, a key, a URL): each pass below reads two words and a blank, or an "@"
        finder = self.persons
        # where the passes that read capitalised words may match, found once (an ASCII text's), for those that run
        listing = self.on["name"] and " and " in text
        caps = capitals.scan(text, cued, listing) if shape is not None and (self.on["name"] or cued) else None
        # a firm or a brand of the gazetteer where nothing says a person stands ("Wells Fargo charged me", "at Trader
        # Joe's"); one greeted or signing is a person's ("Thanks, Paul Smith": ``known_firm``)
        spans = list(finder.find(text, shape, caps and caps.pairs)) if self.on["name"] else []
        if spans:  # most strings hold none
            spans = [(a, b) for a, b in spans if not _firm_named(text, a, b)]
        # a text that lower-casing changes holds a capital, so is not all lower case: a comparison of bytes
        # rules most texts out, where islower() looks up every character's category
        if self.on["name"] and (low == text or '"' in text):  # a text, or a JSON string, all in lower case
            lowered = lowernames.lower_texts(text, low, finder.alone, finder.surname, shape)
            spans.extend(span for span in lowered if not _firm_named(text, *span))  # "taco bell"
        # A name in lower case inside a short text with capitals; the length asked here, where every text passes,
        # so a long one builds no generator
        if self.on["name"] and low != text and len(text) <= lowernames.SHORT_TEXT:
            lowered = lowernames.mixed_texts(text, finder.alone, finder.surname)
            spans.extend(span for span in lowered if not _firm_named(text, *span))
        if self.on["name"] and "\n" in text and ":" in text:
            labels = spoken.labelled_lines(text)
            spans.extend(spoken.speaker_labels(text, finder.alone, finder.rare, labels))
            spans.extend(spoken.capitals_speakers(text, finder.label, finder.titled))  # "JOHN SMITH: ..."
            for a, b in spoken.lower_utterances(text, labels) if low != text else ():  # "Caller: it's marcus okonkwo"
                spans.extend((a + x, a + y) for x, y in lowernames.lower_case(text[a:b], finder.alone, finder.surname))
        if self.on["name"] and ("," in text or "?" in text or "!" in text):
            spans.extend(spoken.vocatives(text, finder.alone, finder.rare, shape))
            if text.startswith(speech.AUX_OPENINGS):
                spans.extend(speech.asked(text, 0, finder))  # "Is Kwame still on leave?" (elsewhere: its cue's)
        if cued:
            spans.extend(
                span
                for span in spoken.addressed(text, finder.alone, finder.rare, caps and caps.addressed)
                if not _firm_named(text, *span)
            )
        if listing:
            spans.extend(finder.listed(text, caps and caps.listed))
        if self.on["name"]:
            if " -" in text or "\n-" in text:
                spans.extend(written.dash_signed(text, finder.rare))
            if ", " in text:
                spans.extend(written.cited(text, shape))
            spans.extend(written.bylines(text, finder.given_before))
            if "#" in text:
                spans.extend(written.hashtags(text, finder.alone, finder.surname))
            spans.extend(written.mail_names(text, finder.alone, finder.short))
        if self.on["name"] and self.on["personal_ids"]:
            hits.extend(licence_hits(text, self.ps))  # "1 SMITH 2 JOHN 3 01/02/1980 4d 123456789": a card's OCR
        if not text.isascii() and _CJK.search(text):
            if self.on["name"]:
                spans.extend(finder.cjk(text))
            if self.on["address"]:
                for a, b in self._places.cjk(text):
                    self.address_hit(text, a, b, hits)
        streets = self._streets.holds(hits)  # a street found in this text: asked once, not at each name
        for a, b in spans:
            if (
                streets
                and (street := self._streets.start_inside(hits, a, b)) is not None
                and " " in text[a:street].strip()
            ):
                # "Dr. JG Velásquez López Carrera 39 No 47-33": the name ends where a street found starts
                b = a + len(text[a:street].rstrip(" \t,"))
            value = text[a:b]
            lo = max(0, a - 24)
            # both fields' patterns end in what ``_field_end`` tests: most names have no ":" or "=" right before
            # them (a chat message's "Hi Ana," has its key's 12 characters before), and these case-blind regexes
            # try each of their words at every position of the window (80,000 instructions a name)
            if _field_end(text, lo, a) and (
                _PLACE_FIELD.search(text, lo, a)
                or _THING_FIELD.search(text, lo, a)
                or (text.endswith(_NAME_VALUE, lo, a) and thing_object(low, a))
            ):
                continue  # city=Costa Brava, "city": "Biała Rawska", "vendor": "Ted Baker", a product's "name"
            hits.append(guard(a, b) if _invented_word(value) else Hit(a, b, "name", self._pseudonym(value), 40))

    def address(self, text: str, s: int, e: int, form: str, hits: list[Hit]) -> None:
        if form == "corner":  # two streets, each its own pseudonym
            for a, b in self._places.corner(text, e - 1):
                self.address_hit(text, a, b, hits)
            return
        spans = self._places.street(text, s, e, form)
        if not spans:
            return
        span = spans[0]
        if form not in ("military", "box", "plot"):
            a, b = span
            # two cues of one address ("Apt. 675 62314" and "62314 Mellemvej 32\nAalborg"): one span, one pseudonym
            for h in self._streets.pop_overlapping(hits, a, b, _STREET_MAX):
                a, b = min(a, h.start), max(b, h.end)
            self.address_hit(text, a, b, hits)
            for c, d in spans[1:]:  # a postcode of the block, or a guard where the street is a pseudonym
                code = _DIGIT.sub("9", text[c:d])
                if hits[-1].kind:
                    hits.append(Hit(c, d, "address", code, 42))
                    self._streets.add(hits, hits[-1])
                else:
                    hits.append(guard(c, d))
            return
        value = text[span[0] : span[1]]
        if form == "plot":  # its words kept, its numbers nines: "plot no. 999, sheet/plan 99/99" reads back as itself
            hits.append(Hit(*span, "address", _DIGIT.sub("9", value), 42))
        elif is_military_pseudonym(value) or has_invented_word(value):
            hits.append(guard(*span))
        elif form == "military":
            hits.append(Hit(*span, "address", self.ps.military(value), 42))
            self._streets.add(hits, hits[-1])
        else:  # above the unit word's reading of "P.O. Box 123" as a street
            hits.append(Hit(*span, "address", self.ps.box(value), 43))

    def address_hit(self, text: str, a: int, b: int, hits: list[Hit], prio: int = 42) -> None:
        value = text[a:b]
        if has_invented_word(value) or _invented_before(text, a):
            hits.append(guard(a, b))
            return
        num, invented = self.ps.street("1" * 12, value)
        hits.append(Hit(a, b, "address", fake_address(value, invented, num), prio))
        if prio == 42:
            self._streets.add(hits, hits[-1])


def _invented_before(text: str, a: int) -> bool:
    """The word right before ``a`` on its line is an invented one: a flat's line that replay wrote ("Wendmere Suite
    414": the pseudonym's word before the unit its reading starts at), read again under another key."""
    m = _WORD_BEFORE.search(text, max(0, a - 24), a)
    return m is not None and has_invented_word(m.group(1))


def _unit_before(low: str, s: int) -> bool:
    """A number or a dot before ``low[s]`` (its space between): the "m." there is a unit's or a time's."""
    before = low[max(0, s - 8) : s].rstrip()
    return before[-1:].isdigit() or before[-1:] == "."
