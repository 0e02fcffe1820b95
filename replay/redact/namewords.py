"""What one capitalised word is to the name lexicon, and the judgements the name finders ask of one word: a given
name, a surname, an ordinary word (``NameWords._kind``); a name by itself where a cue says a person stands
(``alone``), beside a greeting (``greeted``), after an office's title (``titled``) or one's family's word
(``family``), a rare name that only looks like one (``rare``), a surname in lower case (``surname``). ``people``'s
``PersonFinder`` reads runs of such words as names; ``names``, ``mentions``, ``lowernames`` and the cues of
``personal`` ask these judgements of the words after their cues."""

from __future__ import annotations

from replay.redact.lexicon import COMMON, TOP, Lexicon, lexicon
from replay.redact.lowernames import function_words
from replay.redact.notnames import CALENDAR, NEVER, NOT_FIRST, STOP_WORDS
from replay.redact.orgwords import ORG_HEADS
from replay.redact.placenames import places
from replay.redact.wordforms import CASE_TAILS, NOUN_ENDINGS, PATRONYMIC, garbled, nominative_tiers, strip_marks

__all__ = ["LIKE_BOTH", "LIKE_ONE", "NameWords"]

# Name-likeness (see Lexicon.name_likeness) a rare word needs beside a known name, and each of
# two rare words together.
LIKE_ONE, LIKE_BOTH = 0.0, 2.0
_WORDS_KEPT = 4096  # words whose ``alone`` is remembered (see NameWords.alone)
# Words of a title itself after an office's ("Professor Emeritus", "President Elect"), not a name.
_OF_TITLE = frozenset({"emeritus", "emerita", "elect", "designate", "general", "pro", "tem"})


class NameWords:
    """The lexicon's judgements of one capitalised word (or one in lower case: ``surname``)."""

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()
        self._alone: dict[str, bool] = {}  # word -> ``alone`` of it

    def _kind(self, word: str) -> tuple[int, int, bool]:
        """(given tier, surname tier, common word) of one capitalised word; 0 is not a name."""
        w = word.casefold().replace("’", "'").removesuffix("'s")  # a possessive: Turcotte's
        if w in NEVER:
            return 0, 0, True
        lex = self.lex
        if "-" in w:  # Weiß-Müller, Jean-Pierre: the parts decide
            parts = [p for p in w.split("-") if p]
            if not ORG_HEADS.isdisjoint(parts):
                return 0, 0, True  # "Robert-Rössle-Clinic", "Gutenberg-Univ": an institution's name in one word
            g = max((lex.given.get(p, 0) for p in parts), key=lambda t: -t if t else -9, default=0)
            s = max((lex.surname.get(p, 0) for p in parts), key=lambda t: -t if t else -9, default=0)
            return g, s, False
        g, s = lex.given.get(w, 0), lex.surname.get(w, 0)
        if not (g or s) and not w.isascii():  # "Mădălin" as "Madalin": names are listed with or without marks
            bare = strip_marks(w)
            g, s = lex.given.get(bare, 0), lex.surname.get(bare, 0)
        if TOP not in (g, s) and garbled(word):
            return 0, 0, True  # a random string's word ("JgwBuNOn", "Bnw"), whatever junk the lexicon holds ("Rv")
        # a month or a weekday of another language that no one is named ("Desember", "Styczeń")
        common = w in lex.words or (w in lex.rare_words and TOP not in (g, s)) or (w in CALENDAR and not (g or s))
        common = common or (len(w) > 6 and w.endswith(NOUN_ENDINGS) and not (g or s))
        if not (g or s) and word[1:].islower() and w.endswith(CASE_TAILS):
            g, s = nominative_tiers(lex, w)
        if not (g or s) and w.endswith(PATRONYMIC):
            s = COMMON
        return g, s, common

    def _led(self, word: str) -> bool:
        """A function word of the languages the cues read (stopwords-iso) that no list of names holds, capitalised
        where it starts a sentence ("Mein Laptop von Lenovo", "Czy Zamek Królewski", "Är Vasamuseet", "İyi
        Bayramlar"): it starts no name. Only a name's first word: "de Arriba", "Dua", "Preś" end names."""
        w = word.casefold()
        fw = function_words()
        if w in fw:
            return not (self.lex.given.get(w) or self.lex.surname.get(w))
        bare = strip_marks(w)  # Turkish's capital I folds to "i" and a dot above
        return bare != w and bare in fw and not (self.lex.given.get(bare) or self.lex.surname.get(bare))

    def alone(self, word: str) -> bool:
        """One capitalised word that is a person's name by itself where a cue says a person stands: a
        common given name, not an ordinary word, a place, nor a word that starts places or greetings. Remembered
        (a bounded memo): the same few words ask in every text ("Hello", "Thanks", "What"), at 3,000-7,000
        instructions each."""
        got = self._alone.get(word)
        if got is None:
            if len(self._alone) >= _WORDS_KEPT:
                self._alone.clear()
            got = self._alone[word] = self._is_alone(word)
        return got

    def _is_alone(self, word: str) -> bool:
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in NOT_FIRST or w in places():
            return False
        g, _, common = self._kind(word)
        return not common and 0 < g <= COMMON

    def ordinary(self, word: str) -> bool:
        """A capitalised word the lexicon holds as an ordinary word ("Cost", "Playbook"), whatever names it is too."""
        return self._kind(word)[2]

    def short(self, word: str) -> bool:
        """A capitalised word of two letters that is one of the most common given names and no word ("Al", "Ed",
        "Jo"): a name where a mail's greeting stands alone on its line ("Al,\nI have spoken with …")."""
        w = word.casefold()
        return len(w) == 2 and word[0].isupper() and word[1].islower() and self._kind(word)[0] == TOP and w not in NEVER

    def named(self, word: str) -> bool:
        """One capitalised word that is a common given name or surname somewhere, not an ordinary word nor a
        place: a person's name where the words around say a person stands (a list of them, "says X")."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in NOT_FIRST or w in places():
            return False
        g, s, common = self._kind(word)
        return not common and (0 < g <= COMMON or 0 < s <= COMMON)

    def rare(self, word: str, likeness: float = LIKE_BOTH) -> bool:
        """One capitalised word that may be a person's name though no common one: a name of the lexicon
        or a word it does not hold that looks like a name (its ``name_likeness`` ``likeness`` at least), not
        an ordinary word, a place, nor a word that starts places or greetings."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in NOT_FIRST or w in places():
            return False
        g, s, common = self._kind(word)
        return not common and (bool(g or s) or (self._unknown_ok(word) and self.lex.name_likeness(w) >= likeness))

    def family(self, word: str) -> bool:
        """A capitalised word after one's family's word in lower case ("my daughter Clemency", "my son Hunter", "mi hija
        Ximena"): a name whatever else the word means, when it is no place, no stop word, no word that starts places
        or greetings, and no very common word but a given name ("my son Will"; not "my son Cannot")."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in NOT_FIRST or w in STOP_WORDS or w in places():
            return False
        return w not in self.lex.words or self._kind(word)[0] in (TOP, COMMON)

    def titled(self, word: str) -> bool:
        """A capitalised word after an office's title ("President Biden", "Mayor Tate"): a given name or surname of
        the lexicon, an ordinary word too ("Senator Green"), or any other word that is not an ordinary one ("President
        Obama"; "General Motors", "Doctor Who" are none), not a place."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in NOT_FIRST or w in places() or w in _OF_TITLE:
            return False
        g, s, _ = self._kind(word)
        return bool(g or s) or (w not in self.lex.words and self._unknown_ok(word))

    def greeted(self, word: str) -> bool:
        """A capitalised word a greeting addresses, a comma or "!" after it ("Hi Leocadia,"): ``rare`` with the
        likeness one rare word beside a known one needs (``LIKE_ONE``), where a word alone needs more; "Hallo
        Welt,", "Hi Twilio," look no name."""
        return self.rare(word, LIKE_ONE)

    def given_before(self, word: str) -> bool:
        """A word before a surname taken by ``rare``: any capitalised word not ordinary that may be a name."""
        return self.rare(word, float("-inf"))

    def in_form(self, value: str) -> bool:
        """A bare name field's value beside a person's other fields (an email's, a phone's, an address's) that
        common names miss: 1-3 words ``rare`` takes, in lower case or each capitalised, initials between
        ("hyuuma t. maida", "Vsevolod")."""
        words = value.split()
        core = [w for w in words if len(w.rstrip(".")) > 1]  # less initials: "t.", "M"
        if not 1 <= len(core) <= 3 or len(words) > 4 or (value != value.lower() and not value.istitle()):
            return False
        return all(self.rare(w[:1].upper() + w[1:]) for w in core)

    def surname(self, word: str, rarer: bool = False) -> bool:
        """A word in lower case that is a common surname, or with ``rarer`` one of any tier that looks like a name
        (``lowernames``: "olga krylova"; "maria db", "con numero", "amro branch" are none: a given name of 3 letters
        is too often a word of another language, and the lexicon's rarer surnames hold words its list of ordinary ones
        lacks)."""
        if len(word) < 2 or word in STOP_WORDS or word in NOT_FIRST or word in places():
            return False
        _, s, common = self._kind(word)
        if common or not s:
            return False
        return s <= COMMON or (rarer and len(word) > 3 and self.lex.name_likeness(word) >= LIKE_BOTH)

    def _dictionary_word(self, word: str) -> bool:
        """A word that only the dictionary's rare words make a word (``Lexicon.dictionary``), not one no name is
        (``NEVER``: "Apache", "Amazon"), nor a noun by its ending (``NOUN_ENDINGS``: "Epidemiology")."""
        w = word.casefold()
        return w in self.lex.dictionary and w not in NEVER and not w.endswith(NOUN_ENDINGS)

    @staticmethod
    def _unknown_ok(word: str) -> bool:
        """A capitalised word not in the lexicon that can still be a rare name: letters, not shouting."""
        core = word.replace("-", "").replace("'", "").replace("’", "")
        return (len(core) >= 3 and not core.isupper() and core[1:].islower()) or "-" in word
