"""What a person's name looks like after its cue (``names``), and where it ends: capitalised words that are no
ordinary words, a given name of the lexicon, a name in lower case or in a script without capitals, initials before
a surname, a surname in capitals after an office, "Surname, Given", the names a list goes on with, a name before a
credential, a surname spelled out after it (``match_name`` and the readers around it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from replay.redact.cjknames import cjk_name_ok, cjk_person
from replay.redact.eponyms import PLACE_HEADS
from replay.redact.firms import unnamed_brand
from replay.redact.lexicon import COMMON, KNOWN, TOP, lexicon
from replay.redact.notnames import NEVER, NUMBER_WORDS, STOP_WORDS
from replay.redact.orgwords import BODY_TAILS, ORG_HEAD_FORMS
from replay.redact.placenames import places
from replay.redact.streets import UNIT_WORDS
from replay.redact.vietnamese import vn_place, vn_short_name

__all__ = [
    "CAPITAL",
    "REST",
    "SIGN_TAILS",
    "WORD",
    "WORD_BEFORE",
    "credentialed",
    "in_place",
    "in_run",
    "is_first_name",
    "looks_like_person",
    "match_name",
    "name_before",
    "spelling_after",
    "surname_word",
    "uncased_person",
]

# Greek's letters with an accent ("Αντωνίου", "Άννα") and Vietnamese's (Latin Extended-B's ơ, ư; Extended
# Additional's ạ-ỹ: "Tuấn", "Hương", "Nguyễn") are a name's letters too: a name cut at one kept its end ("Wendixίου")
# Latin Extended-A's capitals only: its range holds their lower-case forms too, and "đ", "ł" starting a word
# made it a name's ("anh Minh đã hỗ trợ": "Minh đã")
_EXTENDED_A = "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper())
CAPITAL = f"A-ZÀ-ÖØ-Þ{_EXTENDED_A}ƠƯА-ЯЁΑ-ΩΆΈ-ΊΌΎ-Ώ"
REST = "a-zà-öø-ÿßā-žơư\u1ea0-\u1ef9а-яёα-ωά-ώΐΰ'’\\-"
# A capital inside a word is a name's too: "McDonald", "O'Brien", "DeSantis", "Okonkwo-Adeyemi"
WORD = rf"[{CAPITAL}][{REST}]+(?:[{CAPITAL}][{REST}]+)*"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|te|bin|al|y|dos|das)"
_NAME = re.compile(rf"[ \t]*({WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{WORD}){{0,3}})")
# After a title a surname may start with its particles: "Ms. van der Berg", "Mr. de la Cruz", "Mr. al-Rashid"
_PARTICLED = re.compile(rf"[ \t]*((?:{_PARTICLE}[ \t]+){{1,2}}|(?:al|el|d)['’\-])({WORD}(?:[ \t]+{WORD})?)")
# A sign-off's words after its cue (``SIGN_TAILS``' first words), then a comma or "!" before the line break: "Thanks in
# advance,", "Thank you for your help,", "Thanks again!"
SIGN_TAILS = (" in advance", " again", " a lot", " so much", " for ")
_SIGN_TAIL = (
    r"[ \t]+(?:in[ \t]+advance|again|a[ \t]+lot|so[ \t]+much|for[ \t]+(?:your|all|any|the)(?:[ \t]+[a-z]+){1,2})"
    r"[ \t]*[,!]"
)
_SIGNED = re.compile(
    rf"(?:{_SIGN_TAIL}|[,!.]?)[ \t]*(?:\r?\n)+[ \t\-–—]*({WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{WORD}){{0,3}})"
)
# A name in lower case after a strong cue, in the Latin letters with their marks and in Cyrillic ("меня зовут иван
# петров", "adım ahmet yılmaz"): the lexicon's names are written so; a particle before the surname ("joão da silva")
_LOWER_CH = "a-zà-öø-ÿßā-žа-яёіїєґ"
_LOWER_WORD = rf"([{_LOWER_CH}][{_LOWER_CH}'\-]+)(?![\w@.\-]\w)"
_LOWER = re.compile(rf"[ \t]*{_LOWER_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_LOWER_WORD})?")
# A name in a script without capitals (Hebrew, Arabic and Persian, the Indic scripts, Sinhala, Thai, Lao, Myanmar,
# Georgian, Ethiopic, Khmer), after a strong cue: up to four words when they end the clause, at a verb or a
# conjunction ("मेरा नाम राकेश कुमार शर्मा है", "اسمي آدم وعنواني …", "… است") or a mark ("اسمي محمد عبد الرحمن
# الزهراني،", "তানভীর আহমেদ চৌধুরী,"), else two ("ผมชื่อ สมชาย ใจดี เลขบัตรประชาชน …": the next words are another
# phrase's). A Persian word's zero-width non-joiner is part of it.
# Arabic's comma, semicolon, question mark and digits, Urdu's full stop, Devanagari's dandas and digits are no letters.
_UNCASED_CH = (
    "\u0590-\u05ff\u0600-\u060b\u060d-\u061a\u061c-\u061e\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u0900-\u0963\u0970-\u0dff\u0e00-\u0eff\u1000-\u109f\u10d0-\u10ff\u1200-\u137f\u1780-\u17ff"
    "\u200c"
)
_UNCASED_WORD = rf"[{_UNCASED_CH}]+(?:['’\-][{_UNCASED_CH}]+)*"  # डी’सोउज़ा, בן-דוד
_UNCASED = re.compile(rf"[ \t]*({_UNCASED_WORD}(?:[ \t]+{_UNCASED_WORD}){{0,3}})([ \t]*(?:[,.;:!?()\"،؛।۔\r\n]|\Z))?")
# A closing's line break before a name in a script without capitals ("مع خالص التحية،\nمحمود حسن")
_SIGN_LINE = re.compile(rf"[,،!.]?[ \t]*(?:\r?\n)+[ \t]*(?=[{_UNCASED_CH}])")
_UNCASED_WORDS = re.compile(rf"{_UNCASED_WORD}(?: {_UNCASED_WORD}){{0,3}}")
_UNCASED_ENDS = frozenset({"है", "हूँ", "हूं", "हैं", "और", "था", "थी", "است", "هستم", "هست", "و", "ও", "এবং"})
# The words an Arabic label's value starts with that is no one's name: none ("لا يوجد", "غير متوفر", "بدون"), a firm
# ("شركة دار الأركان", a company; an establishment, a bank, an office); a Hindi form's question or instruction after a
# name's label ("पिता का नाम लिखें": write the father's name; "… क्या है?": what is it)
_UNCASED_NOT_NAMES = frozenset({"لا", "غير", "بدون", "ليس", "شركة", "الشركة", "مؤسسة", "بنك", "مصرف", "مكتب"}) | {
    "क्या", "लिखें", "लिखिए", "लिखो", "दर्ज", "भरें", "भरिए", "बताएं", "बताएँ", "बताइए", "बताओ", "यहाँ", "यहां", "नहीं",
}  # fmt: skip
# "Thanks, Jane" closing a message or a line: one word, taken when it is a known given name, or one the finder's
# ``rare`` takes after the comma ("Thanks, Laziale").
_SIGNED_INLINE = re.compile(rf"(?:,[ \t]*|[ \t]+)({WORD})[ \t]*[.!]*[ \t]*(?=\r?\n|\\[nr]|\"|\Z)")


# The word's own capital first, then what may not stand before it (a two-character look-behind): a search
# that starts with a character class skips to each capital in C, where one that starts with the look-behind
# was tried at each of the 40 characters before the cue (" said" in a chat message: 20,000 instructions, now 10,600).
WORD_BEFORE = re.compile(rf"([{CAPITAL}](?<![\w@#/\\$%+<_.\-].)[{REST}]+)\Z")
# A transcript's lines: "Nicole: Remember me?", "> Ana: ok", "**Tom:** fine"
_ARTICLE = re.compile(r"(?<![^\W\d_])(?:the|a|an|The|A|An)[ \t]+\Z")


# A capitalised word right before an office's title makes the title part of a longer name ("Hospital Universitario de
# Gran Canaria Doctor Negrín", "United States Senator"), "Vice President" aside.
_RUN_BEFORE_TITLE = re.compile(rf"(?<![\w.!?:])([{CAPITAL}][{REST}]*)[ \t]+\Z")


def in_run(text: str, s: int) -> bool:
    """The title at ``s`` follows a capitalised word of the same run (a place's or a body's name), not an ordinary
    one ("As President Biden said") nor "Vice"."""
    m = _RUN_BEFORE_TITLE.search(text, max(0, s - 30), s)
    return m is not None and m.group(1) != "Vice" and m.group(1).lower() not in STOP_WORDS


def name_before(text: str, s: int, alone: Callable[[str], bool]) -> tuple[int, int] | None:
    """The one name right before a "before" cue at ``s`` ("Katrine said"), when ``alone`` takes it; or a given name
    it takes and a surname after it that is no ordinary word nor a place ("Karen Deveraux said")."""
    m = WORD_BEFORE.search(text, max(0, s - 40), s)
    if m is None:
        return None
    if not alone(m.group(1)):
        first = WORD_BEFORE.search(text, max(0, m.start() - 31), m.start() - 1) if text[m.start() - 1] == " " else None
        if first is None or not alone(first.group(1)) or not surname_word(m.group(1)):
            return None
        m, end = first, m.end(1)
    else:
        end = m.end(1)
    if _ARTICLE.search(text, max(0, m.start() - 6), m.start()):
        return None  # "the Julia said": a thing's name
    return m.start(1), end


def surname_word(word: str) -> bool:
    """A capitalised word after a given name, before what a person does: no common English word, place, nor
    capitals alone ("Grace Church said", "Jordan Times said", "Karen NASA said")."""
    w = word.casefold()
    return len(w) >= 3 and not word.isupper() and w not in lexicon().words and w not in places() and w not in STOP_WORDS


def full_name_before(
    text: str, s: int, rare: Callable[[str], bool], given: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The name before a ``names.PERSONAL_DEEDS`` cue at ``s`` when ``rare`` takes it, and the given name before it
    when ``given`` takes that ("Verda lives on", "Cendrillon Coudert lives at")."""
    span = name_before(text, s, rare)
    if span is None:
        return None
    first = WORD_BEFORE.search(text, max(0, span[0] - 30), span[0] - 1) if text[span[0] - 1 : span[0]] == " " else None
    if (
        first is not None
        and given(first.group(1))
        and not _ARTICLE.search(text, max(0, first.start() - 6), first.start())
    ):
        return first.start(1), span[1]
    return span


def _signed_alone(word: str, named: Callable[[str], bool]) -> bool:
    """One word signing on a closing's line ("Regards, Okonkwo"): a name the lexicon holds; a word that only looks
    like one is as often a firm's signing as itself ("Met vriendelijke groet, Rabobank.", "Regards, Vattenfall")."""
    w = word.casefold()
    return named(word) and (w in lexicon().given or w in lexicon().surname)


@lru_cache(maxsize=4096)  # the same words come back (2,800 instructions each time they were looked up)
def is_first_name(word: str) -> bool:
    """A given name common in at least one country (see ``lexicon``)."""
    return lexicon().given.get(word.casefold(), KNOWN + 1) <= COMMON


# Ordinary words a prayer addresses as a name ("Dear God, …", "Dear Lord"), which the labelled sets of posts mark a
# person's: not roles
_DEITIES = frozenset({"god", "lord"})


def _role_word(word: str) -> bool:
    """A word after a strong cue that names a role, not a person ("Dear Partner", "Dear Valued Customer", "Señor
    Cliente"): no common given name ("Dear Will", "Dear Hope", "Herr Max" are people), and a word no name is
    (``notnames.NEVER``) or an ordinary English word of the lexicon."""
    w = word.casefold()
    lex = lexicon()
    given = lex.given.get(w, 0)
    if 0 < given <= COMMON or w in _DEITIES:
        return False
    return w in NEVER or w in lex.words or (w in lex.rare_words and TOP not in (given, lex.surname.get(w, 0)))


def uncased_person(value: str) -> bool:
    """``value`` is a name in a script without capitals, with nothing around it to say so (a mail's display name, a
    passenger's field): a CJK one from a known surname, else two to four words from a common given name."""
    if cjk_person(value, lexicon().surname):
        return True
    words = value.split()
    return 2 <= len(words) <= 4 and _UNCASED_WORDS.fullmatch(value) is not None and is_first_name(words[0])


# "Mrs. Barbara Yudina Apt. 675": the name ends at a unit's word
_UNITS = frozenset(w.strip(" .") for w in UNIT_WORDS)
_INITIAL_WORD = re.compile(rf"[{CAPITAL}]\.")


@lru_cache(maxsize=4096)  # the same names come back (6,800 instructions each time they were trimmed)
def _trim(name: str) -> str:
    words = name.split()
    # "Dr. Pablo Garrido Abad Servicio de Urología": the name ends where an institution's starts; "Remitido por:
    # Servicio de Cardiología" names no one
    if not ORG_HEAD_FORMS.isdisjoint(words):
        words = next((words[:k] for k in range(len(words)) if words[k] in ORG_HEAD_FORMS), words)
    while words and (
        words[-1].lower().strip("'’") in STOP_WORDS
        or words[-1].lower().rstrip(".") in _UNITS
        or words[-1].rstrip(".") in NUMBER_WORDS
    ):
        words.pop()
    # the words kept as written, a prefix of ``name``: its spaces between them count in the span its callers make
    # ("Student: Ethan Kowalski   Year 9" replaced "Ethan Kowalski   Ye", the length of the words joined by one)
    end = 0
    for word in words:
        end = name.index(word, end) + len(word)
    name = name[:end]
    if name.endswith(("'s", "’s")):
        return name[:-2]  # "Mr. Patel's PAN": the 's is no name's
    # "'Good morning, Mr. President'": a quote's close, or a possessive's mark ("Mr. Jones' car"), neither the name's
    return name.rstrip("'’")


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme", "sra"})


def looks_like_person(value: str, known_only: bool, strict: bool = False) -> bool:
    """1-4 capitalised words, none ordinary; ``known_only`` wants a known first name, ``strict`` (a
    ``first_name`` field) takes any. Lower case ("jane doe") is a name in a ``first_name`` field, or
    beside a person's other fields when it starts with a known given name."""
    if cjk_name_ok(value) or _UNCASED_WORDS.fullmatch(value):
        return strict or not known_only  # no capitals to go by: the field says it
    words = value.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in _HONORIFICS:
        # a card's embossed name, a bank's payee ("MR PERCIVAL ACHEAMPONG", "Mrs Jane Okafor"): the name after it
        return looks_like_person(value.split(None, 1)[1], known_only, strict)
    if len(words) > 1 and len(core := [w for w in words if not _INITIAL_WORD.fullmatch(w)]) == 1:
        # a given name and an initial, or initials and a surname ("Ezequiel M.", "J. Okafor"): the name word decides
        low, last = core[0].casefold(), core[0] == words[-1] and core[0][:1].isupper()
        surname = last and low not in lexicon().words and lexicon().surname.get(low, KNOWN + 1) <= COMMON
        # a given name of any tier and one initial ("Leocadia Q."): an abbreviated surname, where a thing's name and
        # its letter are ordinary words ("Model X.", "Plan A.") or none the gazetteer holds ("Vitamin C.")
        given = len(words) == 2 and not last and low in lexicon().given and low not in lexicon().words
        return looks_like_person(core[0], known_only, strict) or surname or given
    if not 1 <= len(words) <= 4 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    if not all(w[:1].isupper() for w in words) and not (strict or (not known_only and is_first_name(words[0]))):
        return False
    if words[0].lower() in STOP_WORDS or (
        not is_first_name(words[0]) and any(w.lower() in STOP_WORDS for w in words[1:])
    ):
        return False  # "Lyman Best" is a name: "best" is an ordinary word, not after a given name
    if not strict and len(words) > 1 and all(w.lower() in lexicon().words for w in words):
        return False  # "Tiny Home", "Living Room": ordinary words all (the lexicon's list of them holds no name)
    return strict or is_first_name(words[0]) or (not known_only and len(words) >= 2)


def _uncased_name(text: str, at: int, title: bool = False) -> tuple[int, int] | None:
    """After a ``title`` (an honorific: "السيد", "מר", "آقای"), two words at most: the clause that goes on to its
    end is about the one named ("מר כהן התקשר ביום שני": Mr Cohen called on Monday), not their name."""
    m = _UNCASED.match(text, at)
    if m is None:
        return None
    words = m.group(1).split()
    for i, word in enumerate(words):
        if word in _UNCASED_ENDS or (i and word[0] == "و"):
            del words[i:]  # the clause goes on past the name ("آدم وعنواني": "and my address")
            break
    else:
        if m.group(2) is None or title:
            del words[2:]
    if not words or words[0] in _UNCASED_NOT_NAMES:
        return None
    start = m.start(1)
    return start, text.index(words[-1], start) + len(words[-1])


def _lower_name(text: str, at: int, title: bool = False) -> tuple[int, int] | None:
    """ "my name is john smith", typed in lower case: a known given name, and a known surname after
    it if there is one; after a ``title`` a known surname alone too ("thanks mr delgado", a call's transcript);
    any other word is not taken for a name."""
    m = _LOWER.match(text, at)
    if m is None or m.group(1) in STOP_WORDS:
        return None
    if not is_first_name(m.group(1)):
        first = m.group(1)
        if (
            title
            and first not in lexicon().words
            and lexicon().surname.get(first, KNOWN + 1) < COMMON
            and not text[m.end(1) : m.end(1) + 1].isalnum()  # "mister delgadoé": a longer word's start
        ):
            return m.span(1)
        return None
    last = m.group(2)
    common = lexicon().words
    if last and last not in STOP_WORDS and last not in common and lexicon().surname.get(last, KNOWN + 1) <= COMMON:
        return m.start(1), m.end(2)
    return m.start(1), m.end(1)


_INVERTED = re.compile(rf',[ \t]*({WORD})(?=[ \t]*(?:[\r\n.;()\]}}"]|\\[nr]|\Z))')  # "Okafor, Ada (VIP)" too
_NEXT_NAME = re.compile(
    rf"(?:,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+)({WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{WORD}){{0,3}})"
)


def _surname_first(word: str, text: str, end: int) -> bool:
    """``word`` is a known surname, no ordinary word, written "Surname, Given" with a known given name closing
    the field or line ("Patient: Whitfield, Jane")."""
    low = word.casefold()
    return (
        lexicon().surname.get(low, KNOWN + 1) <= KNOWN and low not in lexicon().words and inverted_end(text, end) > end
    )


def _label_inverted(text: str, at: int, m: re.Match[str], name: str) -> bool:
    """A record's label before "Surname, Given" ("Assigned to: VanderMeer, Katrin"): one capitalised word, no
    ordinary one, and a known given name closing the line; a surname the lexicon does not know is a person's there."""
    return (
        text[at - 1 : at] == ":"
        and " " not in name
        and name.casefold() not in lexicon().words
        and inverted_end(text, m.start(1) + len(name)) > m.start(1) + len(name)
    )


def inverted_end(text: str, end: int) -> int:
    """Where "Surname, Given" ends when a known given name follows the surname ending at ``end``
    and closes the field or line ("Patient: Müller, Hans"); else ``end``."""
    m = _INVERTED.match(text, end)
    return m.end(1) if m is not None and is_first_name(m.group(1)) else end


def next_names(text: str, end: int) -> list[tuple[int, int]]:
    """The names that continue a list after the name ending at ``end``: ", C D", " and E F"."""
    out = []
    while (m := _NEXT_NAME.match(text, end)) is not None:
        name = _trim(m.group(1))
        words = name.split()
        if not words or words[0].lower() in STOP_WORDS or not (is_first_name(words[0]) or len(words) >= 2):
            break
        out.append((m.start(1), m.start(1) + len(name)))
        end = m.start(1) + len(name)
    return out


# A name's initials before its surname: "C. Clerides", "Z.M. Necatigil", "M. N. Eldem", "A.-M. Mendiboure", "Cz.
# Sławski", as lawyers, officials and authors are written. An initial of two letters is a digraph's (Polish "Cz.",
# "Sz.", English "Th.", Hungarian "Gy."): "Dr.", "Mr.", "St." are no one's initials.
_INITIALS = re.compile(rf"[ \t]*((?:[{CAPITAL}][hyz]?\.(?:[ \t]*-[ \t]*|[ \t]?)){{1,3}})")
_INITIALS_END = re.compile(r"(?![^\W\d_])")
# What starts a sentence after initials: their last full stop is the sentence's too ("than Mr F.L. At the end")
_SENTENCE_AFTER = re.compile(rf"(?:[ \t]+[{CAPITAL}\"“]|[ \t]*(?:\n|\\n|\Z))")


def _initialled(text: str, at: int, strength: str) -> tuple[int, int] | None:
    """A name written with initials after a cue ending at ``at``: the initials and a surname that is no ordinary word
    ("by C. Lenz"; "with U.S. Steel" is none), or, after a title, two initials or more alone ("Mr F.L. had")."""
    ini = _INITIALS.match(text, at)
    if ini is None:
        return None
    m = _NAME.match(text, ini.end()) or _PARTICLED.match(text, ini.end())  # its particles first: "Dr. E. van Dijk"
    group = m.lastindex or 1 if m is not None else 1
    surname = _trim(m.group(group)).split()[0] if m is not None and _trim(m.group(group)) else ""
    if m is not None and surname and surname.lower() not in STOP_WORDS and surname.lower() not in lexicon().words:
        return ini.start(1), m.start(group) + len(surname)
    end = ini.start(1) + len(ini.group(1).rstrip(" \t-"))
    if strength == "title" and text.count(".", ini.start(1), end) >= 2 and _INITIALS_END.match(text, end):
        # "Mr F.L. had"; "than Mr F.L. At the end" keeps its sentence's full stop (the pseudonym's key is the same)
        return ini.start(1), end - 1 if _SENTENCE_AFTER.match(text, end) else end
    return None


# A professional's name before a credential's cue (``names.CREDENTIALS``): initials and a surname ("R. Castellanos,
# MD"), or a given name, an initial perhaps, and a surname ("Rebecca J. Lindqvist, RN")
_CREDITED = re.compile(
    rf"(?<![\w.])(?:((?:[{CAPITAL}]\.[ \t]?){{1,3}})[ \t]*|({WORD})[ \t]+(?:[{CAPITAL}]\.[ \t]*)?)({WORD})\Z"
)
_ZIP = re.compile(r"[ \t]+\d{5}(?!\d)")  # "Bethesda, MD 20892": a state's, not a doctor's


def credentialed(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The name before a credential's cue at ``text[s:e]`` (", MD", ", RN", ", PhD", ", Esq."): a surname that is no
    ordinary word, place nor stop word after initials, or after a common given name; not a town before its state's
    code and ZIP ("Baltimore, MD 21201")."""
    m = _CREDITED.search(text, max(0, s - 60), s)
    if m is None or _ZIP.match(text, e):
        return None
    sur = m.group(3).casefold()
    if sur in lexicon().words or sur in STOP_WORDS or sur in places():
        return None
    if m.group(1) is not None:
        return m.start(1), m.end(3)
    return (m.start(2), m.end(3)) if is_first_name(m.group(2)) else None


# A name's surname spelled out right after it ("Whitfield, W H I T F I E L D", "Okafor (O-K-A-F-O-R)"): one separator
# between four letters or more, as ``readout`` reads a spelling after its cue
_SPELLING = re.compile(r"[ \t]*[,(:\-–]?[ \t]*([A-Z](?P<sep>-|[ \t]|\.[ \t]?)[A-Z](?:(?P=sep)[A-Z]){2,})\.?(?![\w@-])")


def spelling_after(text: str, end: int, word: str) -> tuple[int, int, str] | None:
    """The span and separator of ``word`` spelled out letter by letter right after the name ending at ``end``."""
    m = _SPELLING.match(text, end)
    if m is None or "".join(c for c in m.group(1) if c.isalpha()) != word.upper():
        return None
    return m.start(1), m.end(1), m.group("sep")


_COMMA_WORD = re.compile(rf",[ \t]*({WORD})")
# or a state's code and a ZIP code: "Urbana, IL 61801", a paper's affiliation's or a mailing address's city line
_COMMA_STATE_ZIP = re.compile(r",[ \t]*[A-Z]{2}[ \t]+\d{5}(?![\d\-]\d)")


# A name of a product or a body goes on in capitals ("like Mac OS X", an iPhone's user agent; "with Windows NT", "from
# Jordan TV"): a person's given name after "like", "with", "from" is followed by none
_ACRONYM_AFTER = re.compile(r"[ \t]+[A-Z][A-Z0-9]+\b")


def in_place(text: str, end: int) -> bool:
    """A country or a state follows the word ending at ``end`` after a comma, or a state's code and a ZIP code: the
    word is a city's ("Austin, Texas", "Urbana, IL 61801")."""
    m = _COMMA_WORD.match(text, end)
    return (m is not None and m.group(1).casefold() in places()) or _COMMA_STATE_ZIP.match(text, end) is not None


# A surname in capitals after an office's title, as a legislature's record writes it: "Senator PADILLA", "President
# BIDEN"; five letters at least, so that a body's acronym is none ("President NATO", "Director FBI").
_CAPITALS = re.compile(r"[ \t]*([A-Z][A-Z'’\-]{4,})(?![\w])")


def _capitals_name(text: str, at: int, named: Callable[[str], bool]) -> tuple[int, int] | None:
    """A surname in capitals after an office's title ending at ``at``, when ``named`` takes it capitalised."""
    m = _CAPITALS.match(text, at)
    return m.span(1) if m is not None and named(m.group(1).capitalize()) else None


# A record's "SURNAME, GIVEN I" in capitals after its role's label (a payslip's "EMPLOYEE: CROSSLEY, ANNABEL J")
_CAPS_INVERTED = re.compile(r"[ \t]*([A-Z][A-Z'’\-]+),[ \t]*([A-Z][A-Z'’\-]+)((?:[ \t]+[A-Z](?![\w.]))?)")


def _capitals_inverted(text: str, at: int) -> tuple[int, int] | None:
    """A "SURNAME, GIVEN" in capitals after a label's colon ending at ``at``: the given name a known one, the
    surname no ordinary word."""
    m = _CAPS_INVERTED.match(text, at) if text[at - 1 : at] == ":" else None
    words = lexicon().words
    if m is None or not is_first_name(m.group(2)) or {m.group(1).casefold(), m.group(2).casefold()} & words:
        return None
    return m.start(1), m.end(3)


# An Arabic given name after "أنا" (I am), a family's name in "ال…ي" after it ("أنا خالد الشمري"); and the given
# names that are words a speaker says of themself too ("أنا سعيد": I am happy; "أنا شاكر": I am grateful)
_ARABIC_GIVEN = re.compile(r"[ \t]*([\u0621-\u064a]{2,})(?:[ \t]+(ال[\u0621-\u064a]{2,}ي)(?![\u0621-\u064a]))?")
_ARABIC_SAID_OF_ONESELF = frozenset(
    {"سعيد", "سعيدة", "أمل", "كريم", "كريمة", "جميل", "جميلة", "سالم", "سالمة", "أمين", "أمينة", "راضي", "راضية"}
    | {"صابر", "صابرة", "فرح", "هادي", "هادئ", "نبيل", "شاكر", "شاكرة", "حامد", "مسرور", "منصور", "عادل", "واثق"}
    | {"مؤمن", "مرتاح", "فخور", "آمنة", "آمن", "ودود", "حر", "حرة", "ناجح", "ناجي", "رشيد", "وحيد", "وحيدة"}
)


def _arabic_given(text: str, at: int) -> tuple[int, int] | None:
    """A known Arabic given name after a cue ("أنا نورة وأريد …"), none a speaker's word of themself."""
    m = _ARABIC_GIVEN.match(text, at)
    if m is None or m.group(1) in _ARABIC_SAID_OF_ONESELF or not is_first_name(m.group(1)):
        return None
    return m.start(1), m.end()


# A label's words on the line, its colon after them: "Correo electrónico:", "Teléfono:", "Fecha de ingreso:"
_LABEL_AHEAD = re.compile(r"[^\W\d_][\w.]*(?:[ \t]+[a-zß-ÿ][^\W\d_]*){0,3}[ \t]?:(?!//)")


def _label_word(word: str) -> bool:
    """``word`` is no given name nor surname of the lexicon: it may start a label ("Ana Ruiz:" ends a name)."""
    w = word.casefold()
    lex = lexicon()
    return not (lex.given.get(w) or lex.surname.get(w))


# Offices a title addresses by themselves ("Mr. President", "Madam Chair", "Mr. Vice President")
_OFFICES_ADDRESSED = frozenset(
    {
        "president", "vice", "vice-president", "speaker", "chairman", "chairwoman", "chair", "secretary", "general",
        "ambassador", "mayor", "governor", "chancellor", "vice-chancellor", "minister", "prime", "justice", "chief",
        "commissioner", "deputy", "director", "principal", "attorney",
    }
)  # fmt: skip


def _cut_at_label(text: str, start: int, name: str, words: list[str]) -> str:
    """``name`` (at ``start``; ``words`` cut with it) up to the next form label's word: "Remitido por: Ana Ruiz Correo
    electrónico: …" names Ana Ruiz."""
    if ":" not in text[start + len(name) : start + len(name) + 40]:  # a label's colon ahead at all
        return name
    while len(words) > 1 and _LABEL_AHEAD.match(text, start + name.rindex(words[-1])) and _label_word(words[-1]):
        words.pop()
        name = name[: name.rindex(words[-1]) + len(words[-1])]
    return name


def _brand_at(words: list[str]) -> int | None:
    """Where a firm's or a product's name (``firms.unnamed_brand``) starts among a name's ``words`` after its first:
    not right after one of the commonest given names ("Michael Dell" is the founder)."""
    return next(
        (k for k in range(1, len(words)) if unnamed_brand(words[k]) and (k > 1 or not is_first_name(words[0]))), None
    )


def _first_words(name: str, words: list[str], k: int) -> tuple[str, list[str]]:
    """``name`` cut to its first ``k`` words (``words``: its words)."""
    end = 0
    for w in words[:k]:
        end = name.index(w, end) + len(w)
    return name[:end], words[:k]


def match_name(
    text: str, at: int, strength: str, named: Callable[[str], bool] = is_first_name
) -> tuple[int, int] | None:
    """The span of a name introduced by a trigger ending at ``at``, if one follows (``named``: what an
    "after" trigger takes as a name of one word)."""
    if strength != "sign" and (got := _initialled(text, at, strength)) is not None:
        return got
    if (
        strength == "title"
        and (p := _PARTICLED.match(text, at)) is not None
        and p.group(2).split()[0].lower() not in STOP_WORDS
    ):
        return p.start(1), p.start(2) + len(_trim(p.group(2)))
    m = (_SIGNED if strength == "sign" else _NAME).match(text, at)
    if m is None and strength in ("strong", "title"):
        return _lower_name(text, at, strength == "title") or _uncased_name(text, at, strength == "title")
    if m is None and strength == "office":
        return _capitals_name(text, at, named)
    if m is None and strength == "given":
        return _capitals_inverted(text, at) or _arabic_given(text, at)
    if m is None and strength == "sign" and (line := _SIGN_LINE.match(text, at)) is not None:
        return _uncased_name(text, line.end(), True)  # "בברכה,\nמיכל פרץ": two words at most, the line's
    if m is None and strength == "sign":
        m = _SIGNED_INLINE.match(text, at)
        if m is None or not (is_first_name(m.group(1)) or (m.group(0)[:1] == "," and _signed_alone(m.group(1), named))):
            return None
    if m is None:
        return None
    name = _trim(m.group(1))
    if not name or name.split()[0].lower() in STOP_WORDS:
        return None
    words = name.split()
    name = _cut_at_label(text, m.start(1), name, words)
    if vn_place(name):
        return None  # "chào Hà Nội!": a city greeted, each of its syllables some name of the lexicon
    if strength == "strong" and _role_word(words[0]):
        return None  # "Dear Valued Customer", "Dear Partner", "Dear Store Manager": a role addressed, no one's name
    if strength in ("title", "strong") and {w.casefold() for w in words} <= _OFFICES_ADDRESSED:
        return None  # "Good morning, Mr. President", "Madam Speaker": an office spoken to, no one's name
    while len(words) > 1 and words[-1].casefold() in places():
        name = name[: -len(words.pop())].rstrip()  # "Dr Chris Invest Nigeria: ...": a country ends the name
    if (k := _brand_at(words)) is not None:
        name, words = _first_words(name, words, k)  # "Thanks,\nMarco Rossi Zillow Premier Agent": his firm's after
    last = words[-1].casefold()
    if len(words) > 1 and last in PLACE_HEADS and lexicon().surname.get(last) != 1:
        return None  # "a street named Kennedy Avenue": a place named after someone (not "Jimin Park", "Annie Hall")
    if strength in ("weak", "list") and not (
        is_first_name(words[0])
        or len(words) >= 2
        or _surname_first(words[0], text, m.start(1) + len(name))
        or _label_inverted(text, at, m, name)
    ):
        return None
    if strength in ("after", "answer", "kin", "family") and not (
        len(words) >= 2 or named(words[0]) or (strength == "after" and vn_short_name(text, words[0]))
    ):
        return None
    if strength == "after" and len(words) > 1 and (last in BODY_TAILS or words[-1] in ORG_HEAD_FORMS):
        return None  # "the Pan American Health Organization": an honorific's word starting a body's name
    if strength == "role" and not all(named(w) for w in words if w[:1].isupper()):
        return None  # "ask for Winslow", not "ask for Customer Service" (``mentions``)
    if strength == "office" and not named(words[0]):
        return None
    if strength == "given" and ("-" in words[0] or not named(words[0])) and not _label_inverted(text, at, m, name):
        return None  # "from Garcia-Roberson", "from Can Capital": a firm's
    if strength == "who" and (len(words) > 1 or not named(words[0])):
        return None
    if strength in ("given", "who", "office", "role") and in_place(text, m.start(1) + len(name)):
        return None  # "from Hong Kong, Japan, South Korea", "it's Austin, Texas": a city before a state or a country
    if strength in ("given", "who") and _ACRONYM_AFTER.match(text, m.start(1) + len(name)):
        return None
    if strength == "sign" and len(words) == 1 and not is_first_name(words[0]) and len(words[0]) < 3:
        return None
    return m.start(1), m.start(1) + len(name)
