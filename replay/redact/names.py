"""Person names in free text by context: what introduces a name ("my name is", a greeting, a
sign-off, an honorific) and what a name looks like (capitalised words, not ordinary words, a given
name of the lexicon). Names with no cue are in ``people``, street addresses in ``places``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from replay.redact.cjknames import cjk_name_ok
from replay.redact.lexicon import COMMON, KNOWN, lexicon
from replay.redact.notnames import ORG_HEAD_FORMS, PLACE_HEADS, STOP_WORDS, places
from replay.redact.streets import UNIT_WORDS

__all__ = [
    "NAME_TRIGGERS",
    "in_run",
    "is_first_name",
    "looks_like_person",
    "match_name",
    "name_before",
    "speaker_labels",
    "vocatives",
]

_CAPITAL, _REST = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω", "a-zà-öø-ÿßā-žа-яёα-ω'’\\-"
_WORD = rf"[{_CAPITAL}][{_REST}]+"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|te|bin|al|y|dos|das)"
_NAME = re.compile(rf"[ \t]*({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})")
_SIGNED = re.compile(rf"[,!.]?[ \t]*(?:\r?\n)+[ \t\-–—]*({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})")
_LOWER = re.compile(r"[ \t]*([a-z][a-z'\-]+)(?![\w@.\-]\w)(?:[ \t]+([a-z][a-z'\-]+)(?![\w@.\-]\w))?")
# A name in a script without capitals (Arabic, Hebrew, Devanagari), after a strong cue: its first two words,
# less a verb or conjunction that ends the clause ("मेरा नाम राकेश है", "اسمي آدم وعنواني …").
_UNCASED_CH = "\u0590-\u05ff\u0600-\u06ff\u0900-\u097f"
_UNCASED_WORD = rf"[{_UNCASED_CH}]+(?:['’][{_UNCASED_CH}]+)*"  # डी’सोउज़ा
_UNCASED = re.compile(rf"[ \t]*({_UNCASED_WORD}(?:[ \t]+{_UNCASED_WORD})?)")
_UNCASED_WORDS = re.compile(rf"{_UNCASED_WORD}(?: {_UNCASED_WORD}){{0,3}}")
_UNCASED_ENDS = frozenset({"है", "हूँ", "हूं", "हैं", "और", "था", "थी"})
# "Thanks, Jane" closing a message or a line: one word, taken when it is a known given name.
_SIGNED_INLINE = re.compile(rf"(?:,[ \t]*|[ \t]+)({_WORD})[ \t]*[.!]*[ \t]*(?=\r?\n|\\[nr]|\"|\Z)")

_OWNERS = ("my", "his", "her", "our", "their", "your")
_RELATIONS = (
    "son", "daughter", "kid", "child", "baby", "wife", "husband", "partner", "fiancé", "fiancée", "fiance",
    "fiancee", "boyfriend", "girlfriend", "mom", "mum", "mother", "dad", "father", "brother", "sister", "uncle",
    "aunt", "cousin", "nephew", "niece", "grandma", "grandpa", "grandmother", "grandfather", "grandson",
    "granddaughter", "friend", "best friend", "roommate", "flatmate", "neighbor", "neighbour", "boss",
    "manager", "colleague", "coworker", "co-worker", "teammate", "assistant", "teacher", "tutor", "student",
    "doctor", "therapist", "landlord", "tenant", "client", "lawyer", "ex", "stepson", "stepdaughter",
)  # fmt: skip

_DEEDS = (
    "said", "says", "told", "asked", "replied", "shouted", "whispered", "laughed", "smiled", "cried", "lives",
    "texted", "emailed", "was born", "is from", "grew up", "works at", "works as", "passed away", "married",
    "spent", "gave", "had given", "has given", "wants", "thinks", "feels", "loves", "hates", "began",
)  # fmt: skip

_WISHES = (
    "thank you ", "thanks ", "thx ", "good luck ", "congrats ", "congratulations ", "happy birthday ",
    "happy new year ", "love you ", "miss you ", "well done ", "great job ", "great video ", "shout out to ",
    "shoutout to ", "rip ", "welcome back ",
)  # fmt: skip

# What only a person does (no firm lives, marries or shouts): a name before these need not be a common one
# ("Verda lives on", "Mehrudin shouted at"), and a full name of two words is taken whole ("Cendrillon Coudert lives
# at").
PERSONAL_DEEDS = frozenset(
    {" lives", " was born", " grew up", " passed away", " married", " had given", " has given", " shouted",
     " whispered", " laughed", " smiled", " cried", " feels", " loves", " hates"}
)  # fmt: skip

_SPOKE = ("says", "said", "shouted at", "yelled at", "smiled at", "waved at", "told", "thanked", "texted", "emailed")

_OFFICES = tuple(
    f"{office} "
    for office in (
        "president", "senator", "sen.", "mayor", "governor", "gov.", "congressman", "congresswoman", "rep.",
        "chairman", "chairwoman", "chancellor", "doctor", "professor", "prof", "officer", "detective", "sheriff",
        "sergeant", "sgt.", "lieutenant", "lt.", "colonel", "col.",
    )
)  # fmt: skip

# trigger (lower case) -> how strong a hint it is: "strong" takes any capitalised name ("title" too, and initials alone
# after it), "weak" needs a known first name
# or two words, "list" is weak and takes the names after it joined by "," or "and", "kin" (a person by who they are to
# someone: "my kid Dzhambek") is a list whose one word may be a rare name (the finder's ``rare``), "answer" (to a
# question for a name, a cast's cue) takes one rare name too, "sign" takes the name on the next line, "before" the one
# name before it, "after" the name after it: two words, or one a common given name or surname (the finder's
# ``named``), "given" the name after it when it starts with one common given name (the finder's ``alone``), not
# hyphenated, "office" (a rank's or an office's title) the capitalised words after it when ``named`` takes the first,
# "who" one common given name alone (``alone``).
NAME_TRIGGERS: dict[str, str] = {
    "my name is": "strong",
    "my name's": "strong",
    "name is": "strong",
    "call me": "strong",
    "signed": "strong",
    # an honorific or a title before a name: "title" is "strong", and takes a person named by initials alone too
    # ("Mr F.L.", "Ms A.B.": a judgment's or a report's way of naming someone)
    "mr.": "title",
    "mrs.": "title",
    "ms.": "title",
    "dr.": "title",
    "dra.": "title",
    "mr ": "title",
    "mrs ": "title",
    "ms ": "title",
    "miss ": "title",
    "dr ": "title",
    "judge ": "title",
    "ambassador ": "title",
    # an office or a rank before a surname ("President Biden", "Senator Mahady", "Mayor Tate", "Doctor Duvall"): a
    # name of the lexicon or a word that is no ordinary one (the finder's ``titled``: "Doctor Who" is none), not
    # inside a longer name ("Hospital Universitario de Gran Canaria Doctor Negrín": ``in_run``)
    **dict.fromkeys(_OFFICES, "office"),
    "dear ": "strong",
    "named": "strong",
    # honorifics, greetings and introductions of other languages
    "frau ": "strong",
    "meneer ": "strong",
    "mevrouw ": "strong",
    "de heer ": "strong",
    "herr ": "strong",
    "herrn ": "strong",
    "madame ": "strong",
    "monsieur ": "strong",
    "mme ": "strong",
    "mme. ": "strong",
    "mlle ": "strong",
    "señor ": "strong",
    "señora ": "strong",
    "sr. ": "strong",
    "sra. ": "strong",
    "srta. ": "strong",
    "signor ": "strong",
    "signora ": "strong",
    "sig. ": "strong",
    "sig.ra ": "strong",
    "dott. ": "strong",
    "prof. ": "title",
    "mx. ": "title",
    "je m'appelle": "strong",
    "je m’appelle": "strong",
    "me llamo": "strong",
    "mi chiamo": "strong",
    "ich heiße": "strong",
    "ich heisse": "strong",
    "mein name ist": "strong",
    "meu nome é": "strong",
    "mijn naam is": "strong",
    "nazywam się": "strong",
    "me chamo": "strong",
    "jag heter": "strong",
    "jeg hedder": "strong",
    "nimeni on": "strong",
    "jmenuji se": "strong",
    "benim adım": "strong",
    # scripts without capitals: the name is the words after the cue (see _UNCASED)
    "मेरा नाम": "strong",
    "اسمي": "strong",
    "שמי": "strong",
    "меня зовут": "strong",
    "sehr geehrte ": "weak",
    "sehr geehrter ": "weak",
    "liebe ": "weak",
    "lieber ": "weak",
    "hallo ": "weak",
    "bonjour ": "weak",
    "chère ": "weak",
    "cher ": "weak",
    "hola ": "weak",
    "estimado ": "weak",
    "estimada ": "weak",
    "ciao ": "weak",
    "caro ": "weak",
    "cara ": "weak",
    "je suis ": "weak",
    "soy ": "weak",
    "ich bin ": "weak",
    "sono ": "weak",
    "здравствуйте, ": "weak",
    "i am": "weak",
    "i'm": "weak",
    "i’m": "weak",
    "this is": "weak",
    "hi ": "weak",
    "hello ": "weak",
    "hey ": "weak",
    "from:": "weak",
    "contact ": "weak",
    "patient ": "weak",
    "patient:": "weak",
    "customer ": "weak",
    "customer:": "weak",
    # who signed, sent or referred a letter, a clinical report's doctor ("Remitido por: Eduardo Sánchez de Badia")
    "remitido por": "weak",
    "firmado por": "weak",
    "atendido por": "weak",
    "responsable clínico:": "weak",
    "médico:": "weak",
    # cues of one name or a list of them: "cc A B and C D", "Attendees: A B, C D"
    "cc ": "list",
    "cc:": "list",
    "attendees:": "list",
    "participants:": "list",
    "assigned to ": "list",
    "spoke with ": "list",
    "spoke to ": "list",
    "loop in ": "list",
    "belongs to ": "list",
    "calls me ": "strong",
    "called him ": "strong",
    "called her ": "strong",
    "named him ": "strong",
    "named her ": "strong",
    "was called ": "weak",
    "is called ": "weak",
    # a person named by who they are to someone: "my daughter Lily", "her boss Derek", "our neighbour Ana"
    **{f"{owner} {who} ": "kin" for owner in _OWNERS for who in _RELATIONS},
    # what only people do, after one name: "Katrine said", "Leif's daughter" (the name is before the cue)
    **{f" {verb}": "before" for verb in _DEEDS},
    # and before one: a quote's speaker ("…," says Becker.), the one spoken to ("shouted at Todd")
    **{f"{verb} ": "after" for verb in _SPOKE},
    # a question for a name and its answer: "What's your last name? Okafor"
    **{f"{part}name? ": "answer" for part in ("your ", "last ", "first ", "full ", "sur", "family ", "maiden ")},
    # a film's or a play's cast: an actor's name, however rare ("starring Latourelle", "co-starring Ann Lee")
    "starring ": "answer",
    **{f"{q}s {who}": "before" for q in "'’" for who in (*_RELATIONS, "birthday", "address", "phone", "email")},
    # a person thanked, wished well or greeted by name: "Thank you Jaclyn for", "Good luck Pixie!!", "Happy New year
    # Amber", the name after them as an "after" cue takes it (two words, or one a common given name or surname)
    **dict.fromkeys(_WISHES, "after"),
    # with, from, by and met before a person in a chat message ("friends with Logan", "a text from Maria", "just met
    # Bevis", "me and Johnson"): one
    # common given name, not a place ("from Florence" stays), or two words starting with a given name
    **dict.fromkeys(("with ", "from ", "by ", "met ", "me and ", "myself and ", "like "), "given"),
    # who is there or who it was, in speech ("There's Marianne.", "Hey it's Jackie and welcome back", "I think it was
    # Barbara that has some seeds"): one common given name, no longer run ("it's Sydney Opera House") nor a city
    # before its state or country ("it's Austin, Texas")
    **dict.fromkeys(("there's ", "there’s ", "it's ", "it’s ", "it was "), "who"),
    "called me ": "strong",
    "regards": "sign",
    "thanks": "sign",
    "thank you": "sign",
    "cheers": "sign",
    "sincerely": "sign",
    "best": "sign",
    "warmly": "sign",
    "respectfully": "sign",
    "yours truly": "sign",
    "all the best": "sign",
}


# The word's own capital first, then what may not stand before it (a two-character look-behind): a search
# that starts with a character class skips to each capital in C, where one that starts with the look-behind
# was tried at each of the 40 characters before the cue (" said" in a chat message: 20,000 instructions, now 10,600).
_BEFORE = re.compile(rf"([{_CAPITAL}](?<![\w@#/\\$%+<_.\-].)[{_REST}]+)\Z")
# A transcript's lines: "Nicole: Remember me?", "> Ana: ok", "**Tom:** fine"
_ARTICLE = re.compile(r"(?<![^\W\d_])(?:the|a|an|The|A|An)[ \t]+\Z")
_SPEAKER = re.compile(rf"[ \t>*\-#]*({_WORD})[ \t*]*:[ \t*]*(?=[^\s/])")


# A capitalised word right before an office's title makes the title part of a longer name ("Hospital Universitario de
# Gran Canaria Doctor Negrín", "United States Senator"), "Vice President" aside.
_RUN_BEFORE_TITLE = re.compile(rf"(?<![\w.!?:])([{_CAPITAL}][{_REST}]*)[ \t]+\Z")


def in_run(text: str, s: int) -> bool:
    """The title at ``s`` follows a capitalised word of the same run (a place's or a body's name), not an ordinary
    one ("As President Biden said") nor "Vice"."""
    m = _RUN_BEFORE_TITLE.search(text, max(0, s - 30), s)
    return m is not None and m.group(1) != "Vice" and m.group(1).lower() not in STOP_WORDS


def name_before(text: str, s: int, alone: Callable[[str], bool]) -> tuple[int, int] | None:
    """The one name right before a "before" cue at ``s`` ("Katrine said"), when ``alone`` takes it."""
    m = _BEFORE.search(text, max(0, s - 40), s)
    if m is None or not alone(m.group(1)) or _ARTICLE.search(text, max(0, m.start() - 6), m.start()):
        return None  # "the Julia said": a thing's name
    return m.span(1)


def full_name_before(
    text: str, s: int, rare: Callable[[str], bool], given: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The name before a ``PERSONAL_DEEDS`` cue at ``s`` when ``rare`` takes it, and the given name before it
    when ``given`` takes that ("Verda lives on", "Cendrillon Coudert lives at")."""
    span = name_before(text, s, rare)
    if span is None:
        return None
    first = _BEFORE.search(text, max(0, span[0] - 30), span[0] - 1) if text[span[0] - 1 : span[0]] == " " else None
    if (
        first is not None
        and given(first.group(1))
        and not _ARTICLE.search(text, max(0, first.start() - 6), first.start())
    ):
        return first.start(1), span[1]
    return span


# A person spoken to: "Leif, can I speak to your boss?", "Remember me, Mary?", "Welcome to town, Kevin!"
_VOCATIVE_START = re.compile(
    rf"[ \t]*({_WORD}),[ \t]+(?:can|could|would|will|please|thanks|thank|do|did|are|have|i|we|you|what|how|why"
    rf"|when|where)\b"
)
# Tried back from each ? and !, within a name's reach, not across the text: a comma opens most tries
# in prose and in every JSON body, and the whole-text search cost 3 us on a 2 KB chat request.
_VOCATIVE_AFTER = re.compile(rf",[ \t]+({_WORD})[ \t]*[?!]\Z")
_VOCATIVE_REACH = 64
_VOCATIVE_DOT = re.compile(rf", ({_WORD})\.")


def _at_line_starts(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx`` matched at the start of each line: a match tried at a few places, where a ``^`` with
    ``re.M`` is tried at every character (14 us a typical request)."""
    pos = 0
    while pos >= 0:
        m = rx.match(text, pos)
        if m is not None:
            yield m
        pos = text.find("\n", pos)
        pos = pos + 1 if pos >= 0 else -1


def vocatives(text: str, alone: Callable[[str], bool], rare: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The names of people spoken to, at the start of a line or after a comma before ?, ! or a full stop ("You are a
    good teacher, Giuliana."); and a name written surname first (``rare`` takes it) at a sentence's start, its given
    name closing the sentence ("Austen, Jane. Pride and Prejudice")."""
    found = list(_at_line_starts(_VOCATIVE_START, text))
    for mark in "?!":
        p = text.find(mark)
        while p >= 0:
            if (m := _VOCATIVE_AFTER.search(text, max(0, p - _VOCATIVE_REACH), p + 1)) is not None:
                found.append(m)
            p = text.find(mark, p + 1)
    spans = [m.span(1) for m in sorted(found, key=lambda m: m.start()) if alone(m.group(1))]
    for m in _VOCATIVE_DOT.finditer(text):  # one search for its comma, in C: a loop over full stops cost 1.4%
        if not alone(m.group(1)):
            continue
        # after a word in lower case, one spoken to; after a capitalised one, a place's ("Livorno, Italia.") or a
        # surname first at a sentence's start; after a number, an address's ("Appartamento 50, Verona.")
        c = m.start()
        last = _BEFORE.search(text, max(0, c - 30), c)
        if c and text[c - 1].islower() and last is None:
            spans.append(m.span(1))
        elif (
            last is not None
            and rare(last.group(1))
            and _SENTENCE_START.search(text, max(0, last.start() - 4), last.start())
        ):
            spans.append((last.start(1), m.end(1)))
    return spans


# One given name where its words say a person is spoken to or about, anywhere in a text (a chat message starts
# after a JSON quote, not at a line's start): "Kenny, you need", "Lauren you should", "Jaime please help" and, as a
# sentence's first word, "Linus, lately I" (spoken to); "Casey's t-shirt" (a possessive before a word in lower case);
# "Tanner is a good dude" (a sentence's subject); "Ian and I". One search whose first item is a capital (the regex
# engine skips to capitals) not inside a word, a handle, a hashtag or a path (a look-behind after it: a base64 run's
# capitals fail at once, where a whole word tried at each cost 100,000 instructions an exchange), the cue after it;
# ``alone`` decides.
_ADDRESS_WORDS = "you|u|ur|please|pls|plz"
_SUBJECT_WORDS = (
    "is|was|has|had|got|gets|did|does|looks|seems|says|said|knows|never|always|just|better|needs|wants"
    # a modal or a negated auxiliary, in speech ("Melanie will call me", "Kim wasn't staying the night")
    "|will|would|can|could|may|might|should|must|isn['’]t|wasn['’]t|didn['’]t|doesn['’]t|couldn['’]t|wouldn['’]t"
    "|won['’]t|can['’]t|hasn['’]t|hadn['’]t"
)
_ADDRESSED = re.compile(
    rf"([{_CAPITAL}](?<![\w@#/\\$%+<_.\-'’].)[{_REST}]+)(?:,[ \t]+(?:{_ADDRESS_WORDS}|can|could|would|will|thanks"
    rf"|thank|do|did|are|have|i|we|what|how|why|when|where)\b|[ \t]+(?:{_ADDRESS_WORDS}|and[ \t]+I)\b"
    rf"|(['’]s[ \t]+)[a-z]|([ \t]+)(?:{_SUBJECT_WORDS})\b|(,)[ \t])"
)
# A possessive that names a shop or a brand, not a person ("Wendy's menu", "Claire's accessories").
_SHOPS = frozenset({"wendy", "denny", "claire", "carl", "macy", "kohl", "dillard", "hardee", "arby", "chili"})
# Where a sentence starts: the text's, a line's or a JSON string's start, or after its end's mark or a colon and a
# space.
_SENTENCE_START = re.compile(r'(?:\A|["\n]|[.!?:][ \t]+|\\n)\Z')
# A subject inside a sentence, after a clause's word in lower case ("I know something that Robbie may like", "to tell
# me Kim wasn't") or a comma ("Right, Melanie will call"), not after a determiner ("the Mercedes is", "my Jordan
# has"), a preposition or a list's "and" ("the address of Glover, Ruiz and Armstrong is": a firm's).
_CLAUSE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?!(?:the|a|an|my|your|his|her|our|their|its|this|these|those|every|each|no|some|any|new|old"
    r"|and|or|of|at|in|on|for|from|with|by|to|into|about|near)[ \t])[a-z]+[ \t]+\Z|,[ \t]+\Z"
)


# The cues' words, found by the finder's cue automaton: a text holding none (a header, a URL, a JSON body of ids) is
# not searched (the search costs ~10,000 instructions on a 1 KB text; a look for each word with ``in``, more). Not ", ":
# Python's JSON writes one between any two items, and its hits cost 1% more instructions an exchange.
ADDRESS_CUES = (
    "'s ", "’s ", " you", " u ", " ur ", " pl", " is ", " was ", " has ", " had ", " got ", " gets ", " did ", " does ",
    " looks ", " seems ", " says ", " said ", " knows ", " never ", " always ", " just ", " better ", " needs ",
    " wants ", " and i ", " will ", " would ", " can ", " could ", " may ", " might ", " should ", " must ", "n't ",
    "n’t ",
)  # fmt: skip


def addressed(text: str, alone: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The given names of people spoken to ("Kenny, you", "Lauren you", "Jaime please"), owning something
    ("Casey's t-shirt") or, at a sentence's start, its subject ("Tanner is a good dude"): searched in a text
    holding one of ``ADDRESS_CUES``."""
    out = []
    for m in _ADDRESSED.finditer(text):
        a = m.start(1)
        if m.group(2) and m.group(1).casefold() in _SHOPS:
            continue
        if (
            (m.group(3) or m.group(4))
            and _SENTENCE_START.search(text, max(0, a - 4), a) is None
            and not (m.group(3) and _CLAUSE_BEFORE.search(text, max(0, a - 12), a))
        ):
            continue  # "Today Mark is", "for Ana, Bo and Cy": a sentence's first word, or a subject in a clause
        if alone(m.group(1)) and not _in_place(text, m.end(1)):  # "Austin, Texas is hot": a city's
            out.append(m.span(1))
    return out


# A JSON string value's opening quote, after its key's colon or a list's bracket or comma.
_STRING_OPEN = re.compile(r'[:\[,][ \t]*"')
# What a speaker says: a quote, or a line that speaks of "I", "me" or "you" ("Ubul: What a wife." is no speech
# by this, "Vinka: You saved my life!" is).
_SPEECH = re.compile(r"""[ \t*]*["“«]|[^\n]*?\b(?:I|I'm|me|my|you|your|we)\b""")


def speaker_labels(
    text: str, alone: Callable[[str], bool], rare: Callable[[str], bool] | None = None
) -> list[tuple[int, int]]:
    """The names that label a transcript's lines ("Nicole: ...", "John: ..."): two labelled lines at
    least, so that a single "Note:" or "Total:" line makes no transcript. A label ``alone`` does not take
    is a name too when ``rare`` takes it (a name not among the common ones: "Vsevolod", "Gijsbrecht") and a
    line of the transcript is speech (``_SPEECH``): "Input:", "Output:" label no one."""
    labels = list(_at_line_starts(_SPEAKER, text))
    if not labels:
        return []
    # a JSON string's first line starts after its opening quote ('"content":"Ubul: What a wife.\nVinka: …'): the
    # line above the first label found may be one
    line = text.rfind("\n", 0, labels[0].start())
    # the last opening quote on that line: the string the labels' lines are in
    opens = list(_STRING_OPEN.finditer(text, text.rfind("\n", 0, line) + 1, line)) if line > 0 else []
    opened = opens[-1] if opens else None
    if opened is not None and (m := _SPEAKER.match(text, opened.end())) is not None and m.end() <= line:
        labels.insert(0, m)
    if len(labels) < 2:
        return []
    spoken = rare is not None and any(_SPEECH.match(text, m.end()) for m in labels)
    return [m.span(1) for m in labels if alone(m.group(1)) or (spoken and rare(m.group(1)))]


def is_first_name(word: str) -> bool:
    """A given name common in at least one country (see ``lexicon``)."""
    return lexicon().given.get(word.casefold(), KNOWN + 1) <= COMMON


# "Mrs. Barbara Yudina Apt. 675": the name ends at a unit's word
_UNITS = frozenset(w.strip(" .") for w in UNIT_WORDS)


def _trim(name: str) -> str:
    words = name.split()
    # "Dr. Pablo Garrido Abad Servicio de Urología": the name ends where an institution's starts
    if not ORG_HEAD_FORMS.isdisjoint(words):
        words = next((words[:k] for k in range(1, len(words)) if words[k] in ORG_HEAD_FORMS), words)
    while words and (words[-1].lower().strip("'’") in STOP_WORDS or words[-1].lower().rstrip(".") in _UNITS):
        words.pop()
    name = " ".join(words)
    return name[:-2] if name.endswith(("'s", "’s")) else name  # "Mr. Patel's PAN": the 's is no name's


def looks_like_person(value: str, known_only: bool, strict: bool = False) -> bool:
    """1-4 capitalised words, none ordinary; ``known_only`` wants a known first name, ``strict`` (a
    ``first_name`` field) takes any. Lower case ("jane doe") is a name in a ``first_name`` field, or
    beside a person's other fields when it starts with a known given name."""
    if cjk_name_ok(value) or _UNCASED_WORDS.fullmatch(value):
        return strict or not known_only  # no capitals to go by: the field says it
    words = value.split()
    if not 1 <= len(words) <= 4 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    if not all(w[:1].isupper() for w in words) and not (strict or (not known_only and is_first_name(words[0]))):
        return False
    if words[0].lower() in STOP_WORDS or (
        not is_first_name(words[0]) and any(w.lower() in STOP_WORDS for w in words[1:])
    ):
        return False  # "Lyman Best" is a name: "best" is an ordinary word, not after a given name
    return strict or is_first_name(words[0]) or (not known_only and len(words) >= 2)


def _uncased_name(text: str, at: int) -> tuple[int, int] | None:
    m = _UNCASED.match(text, at)
    if m is None:
        return None
    words = m.group(1).split()
    while words and (words[-1] in _UNCASED_ENDS or (len(words) > 1 and words[-1][0] == "و")):
        words.pop()
    if not words:
        return None
    start = m.start(1)
    return start, text.index(words[-1], start) + len(words[-1])


def _lower_name(text: str, at: int) -> tuple[int, int] | None:
    """ "my name is john smith", typed in lower case: a known given name, and a known surname after
    it if there is one; any other word is not taken for a name."""
    m = _LOWER.match(text, at)
    if m is None or not is_first_name(m.group(1)) or m.group(1) in STOP_WORDS:
        return None
    last = m.group(2)
    common = lexicon().words
    if last and last not in STOP_WORDS and last not in common and lexicon().surname.get(last, KNOWN + 1) <= COMMON:
        return m.start(1), m.end(2)
    return m.start(1), m.end(1)


_INVERTED = re.compile(rf',[ \t]*({_WORD})(?=[ \t]*(?:[\r\n.;)\]}}"]|\\[nr]|\Z))')
_NEXT_NAME = re.compile(
    rf"(?:,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+)({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})"
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
_INITIALS = re.compile(rf"[ \t]*((?:[{_CAPITAL}][hyz]?\.(?:[ \t]*-[ \t]*|[ \t]?)){{1,3}})")
_INITIALS_END = re.compile(r"(?![^\W\d_])")
# What starts a sentence after initials: their last full stop is the sentence's too ("than Mr F.L. At the end")
_SENTENCE_AFTER = re.compile(rf"(?:[ \t]+[{_CAPITAL}\"“]|[ \t]*(?:\n|\\n|\Z))")


def _initialled(text: str, at: int, strength: str) -> tuple[int, int] | None:
    """A name written with initials after a cue ending at ``at``: the initials and a surname that is no ordinary word
    ("by C. Lenz"; "with U.S. Steel" is none), or, after a title, two initials or more alone ("Mr F.L. had")."""
    ini = _INITIALS.match(text, at)
    if ini is None:
        return None
    m = _NAME.match(text, ini.end())
    surname = _trim(m.group(1)).split()[0] if m is not None and _trim(m.group(1)) else ""
    if m is not None and surname and surname.lower() not in STOP_WORDS and surname.lower() not in lexicon().words:
        return ini.start(1), m.start(1) + len(surname)
    end = ini.start(1) + len(ini.group(1).rstrip(" \t-"))
    if strength == "title" and text.count(".", ini.start(1), end) >= 2 and _INITIALS_END.match(text, end):
        # "Mr F.L. had"; "than Mr F.L. At the end" keeps its sentence's full stop (the pseudonym's key is the same)
        return ini.start(1), end - 1 if _SENTENCE_AFTER.match(text, end) else end
    return None


_COMMA_WORD = re.compile(rf",[ \t]*({_WORD})")


def _in_place(text: str, end: int) -> bool:
    """A country or a state follows the word ending at ``end`` after a comma: the word is a city's ("Austin, Texas")."""
    m = _COMMA_WORD.match(text, end)
    return m is not None and m.group(1).casefold() in places()


def match_name(
    text: str, at: int, strength: str, named: Callable[[str], bool] = is_first_name
) -> tuple[int, int] | None:
    """The span of a name introduced by a trigger ending at ``at``, if one follows (``named``: what an
    "after" trigger takes as a name of one word)."""
    if strength != "sign" and (got := _initialled(text, at, strength)) is not None:
        return got
    m = (_SIGNED if strength == "sign" else _NAME).match(text, at)
    if m is None and strength in ("strong", "title"):
        return _lower_name(text, at) or _uncased_name(text, at)
    if m is None and strength == "sign":
        m = _SIGNED_INLINE.match(text, at)
        if m is None or not is_first_name(m.group(1)):
            return None
    if m is None:
        return None
    name = _trim(m.group(1))
    if not name or name.split()[0].lower() in STOP_WORDS:
        return None
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in places():
        name = name[: -len(words.pop())].rstrip()  # "Dr Chris Invest Nigeria: ...": a country ends the name
    last = words[-1].casefold()
    if len(words) > 1 and last in PLACE_HEADS and lexicon().surname.get(last) != 1:
        return None  # "a street named Kennedy Avenue": a place named after someone (not "Jimin Park", "Annie Hall")
    if strength in ("weak", "list") and not (is_first_name(words[0]) or len(words) >= 2):
        return None
    if strength in ("after", "answer", "kin") and not (len(words) >= 2 or named(words[0])):
        return None
    if strength == "office" and not named(words[0]):
        return None
    if strength == "given" and ("-" in words[0] or not named(words[0])):
        return None  # "from Garcia-Roberson", "from Can Capital": a firm's
    if strength == "who" and (len(words) > 1 or not named(words[0])):
        return None
    if strength in ("given", "who", "office") and _in_place(text, m.start(1) + len(name)):
        return None  # "from Hong Kong, Japan, South Korea", "it's Austin, Texas": a city before a state or a country
    if strength == "sign" and len(words) == 1 and not is_first_name(words[0]) and len(words[0]) < 3:
        return None
    start = m.start(1)
    return start, start + len(name)
