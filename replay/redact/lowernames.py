"""Person names in a text typed all in lower case ("follow up with patricia desrosiers", "привет, я сергей волков"),
or in each JSON string of a body that is (a chat message typed so beside a system prompt with capitals), or typed so
inside a short text with capitals ("I think john smith is here"): a common given name, a middle initial perhaps, then a
surname of the lexicon. ``personal`` asks them with the name finder's judgements of one word (``namewords.NameWords``'
``alone`` and ``surname``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from replay.redact.placeruns import PLACE_AFTER
from replay.redact.vietnamese import vietnamese

__all__ = ["FUNCTION_WORDS_FILE", "function_words", "lower_case", "lower_texts", "mixed_texts"]

FUNCTION_WORDS_FILE = Path(__file__).with_name("data") / "functionwords.txt"

_LOWER_WORD = re.compile(r"(?<![\w@#/\\$%+<_.\-])[^\W\d_][^\W\d_'’\-]*(?![\w@\-])")
_GAP = re.compile(r"[ \t]+")
# Where a name in lower case could be: a word long enough to be a given name, a gap, a word. The gap
# is sought first: led by three letters, the search tried them at every character (8x slower on JSON).
_LOWER_PAIR = re.compile(r"[ \t](?<=[^\W\d_]{3}[ \t])[ \t]*[^\W\d_]")
_INITIAL_GAP = re.compile(r"\.?[ \t]+")
# Words of one letter that are no initial between a given name and a surname: "get tom a coffee", "maria e rossi"
_ONE_LETTER_WORDS = frozenset("aeiouy")
# A JSON string that starts with a lower-case letter and has three spaces: a sentence typed in lower case, perhaps
# (a key, a model's name, an id have no space). Latin, Latin-1, Latin Extended-A and Cyrillic letters.
_LOWER_STRING = re.compile(r'"[a-z\u00df-\u00ff\u0100-\u017f\u0430-\u045f][^" ]*+ [^" ]*+ [^" ]*+ ')
# The same over an ASCII text's shape (``digits.SHAPE_TABLE``: each letter in lower case an "a"): its first two
# characters a literal the regex engine skips to, where the text's tried its class after every quote (~110 in a
# benchmark exchange's two bodies; the search's 61,000 instructions an exchange, 50,000 so). Its runs are possessive:
# a run holds no blank, so a character it gave back was never the blank that must follow.
_LOWER_STRING_SHAPE = re.compile(rb'"a[^" ]*+ [^" ]*+ [^" ]*+ ')
# A text with capitals whose words ``mixed_case`` reads: a short one (a post, a comment, a chat line: typed in haste,
# a name in lower case among capitalised words). A longer one is more often a document (a clinical note, a form, an
# article) whose pairs in lower case are another language's words ("ojo izquierdo", "hermano sano"); and a regex's
# pass over every pair of a capture benchmark's chat request cost ~150 us of its ~900 us of redaction.
SHORT_TEXT = 300
# The word before a pair, the blanks between
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]+\Z")

# A capitalised word that is a common given name by itself (``NameWords.alone``); a word in lower case that is a
# surname, a rarer one too when the flag says so (``NameWords.surname``)
Alone = Callable[[str], bool]
Surname = Callable[[str, bool], bool]


def lower_texts(
    text: str, low: str, alone: Alone, surname: Surname, shape: bytes | None = None
) -> Iterator[tuple[int, int]]:
    """``lower_case``'s names in ``text`` typed all in lower case, or in each of its JSON strings that is (a chat
    message typed so, "привет, я сергей волков", in a request whose system prompt has capitals): a string of a
    sentence, three spaces at least. ``low``: the text lower-cased; ``shape``: an ASCII text's, searched instead."""
    if low == text:
        if text.islower():
            yield from lower_case(text, alone, surname)
        return
    # a JSON string in lower case, found from its start by the regex engine: a loop over every string cost
    # 115,000 instructions a benchmark exchange, a regex of every string's run with no capital 67,000
    for m in _LOWER_STRING.finditer(text) if shape is None else _LOWER_STRING_SHAPE.finditer(shape):
        a = m.start() + 1
        b = text.find('"', m.end())
        part = text[a : b if b > 0 else len(text)]
        if part.islower():
            yield from ((a + x, a + y) for x, y in lower_case(part, alone, surname))


def mixed_texts(text: str, alone: Alone, surname: Surname) -> Iterator[tuple[int, int]]:
    """``mixed_case``'s names in ``text``, a text with capitals, when it is short (``SHORT_TEXT``); none in a
    longer text."""
    if len(text) <= SHORT_TEXT:
        yield from mixed_case(text, alone, surname)


def mixed_case(text: str, alone: Alone, surname: Surname) -> Iterator[tuple[int, int]]:
    """Names typed in lower case inside a text with capitals ("Finally met maria garcia at the fair", "I think
    john smith is here"): ``lower_case``'s, read where a capitalised text's words in lower case are ordinary ones
    far more often, so with more asked of them. Their given name is no function word of the languages the cues read,
    nor is their surname one of four letters or fewer ("una lunga", "mio medico", "casa con", "visa est": another
    language's words, each a name somewhere; "allen" of "karen allen" is German's "all" too); their surname has three
    letters at least ("apo aa" of an address) and is no word that ends a place's name ("karol bagh", "laxmi nagar");
    no capitalised word comes before (a street's or a place's name that goes on in lower case: "Avenida concha
    espina")."""
    fw = function_words()
    for a, b in lower_case(text, alone, surname):
        name = text[a:b]
        if not name.islower():
            continue
        first, *_, last = name.split()
        if first in fw or (last in fw and len(last) <= 4) or len(last) < 3 or last in PLACE_AFTER:
            continue
        before = _WORD_BEFORE.search(text, max(0, a - 40), a)
        if before is None or not before.group(1)[:1].isupper():
            yield a, b


def lower_case(text: str, alone: Alone, surname: Surname) -> Iterator[tuple[int, int]]:
    """Names in a text typed all in lower case ("follow up with patricia desrosiers"): a common given
    name, a middle initial perhaps, then a surname of the lexicon, neither an ordinary word nor a place; none in
    a Vietnamese text, whose syllables folded of their marks are names ("hàng của", "nào thì") where its names
    are written capitalised."""
    if _LOWER_PAIR.search(text) is None or vietnamese(text):
        return  # no two words side by side: a JSON body's structure ('"role": "user"'), a URL
    words = [(m.start(), m.end(), m.group(0)) for m in _LOWER_WORD.finditer(text)]
    i = 0
    while i + 1 < len(words):
        a, e, first = words[i]
        j = i + 1
        if (
            len(words[j][2]) == 1
            and words[j][2] not in _ONE_LETTER_WORDS
            and j + 1 < len(words)
            and _INITIAL_GAP.fullmatch(text, words[j][1], words[j + 1][0])
        ):
            j += 1  # "emidio p lombardo", "hyuuma t. maida"
        if (
            alone(first.capitalize())
            and _GAP.fullmatch(text, e, words[i + 1][0])
            and surname(words[j][2], len(first) > 3)
        ):
            k = j + 1  # a given name and a surname after the pair's first word: a third name, or a word before
            if (  # the name that another language's lexicon holds as a name ("nama saya budi santoso")
                k < len(words)
                and alone(words[j][2].capitalize())
                and _GAP.fullmatch(text, words[j][1], words[k][0])
                and surname(words[k][2], False)
            ):
                j = k
            elif first in function_words() and words[j][2] in function_words():
                i += 1  # two function words of other languages, each a name somewhere ("yangu ni", "mea nu")
                continue
            yield a, words[j][1]
            i = j + 1
        else:
            i += 1


@cache
def function_words() -> frozenset[str]:
    """The function words of the languages the name cues read (``FUNCTION_WORDS_FILE``, from stopwords-iso)."""
    return frozenset(w for w in FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines() if w[:1] != "#")
