"""Names of people spoken to or about with no cue word before them: the one spoken to ("Leif, can I",
"Remember me, Mary?"), the one addressed, owning something or a sentence's subject ("Kenny, you", "Casey's
t-shirt", "Tanner is a good dude"), and a transcript's speaker labels ("Nicole: ..."). ``alone`` and ``rare``
(``people.PersonFinder``'s) decide whether a word is a name; cue words are in ``names``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from replay.redact.eponyms import EPONYM_NOUNS
from replay.redact.firms import brand_word
from replay.redact.nameshapes import CAPITAL, REST, WORD, WORD_BEFORE, in_place
from replay.redact.placenames import big_cities

__all__ = [
    "ADDRESSED_WORDS",
    "ADDRESS_CUES",
    "addressed",
    "capitals_speakers",
    "labelled_lines",
    "lower_utterances",
    "speaker_labels",
    "vocatives",
]

Labels = list[re.Match[str]] | None
_SPEAKER = re.compile(rf"[ \t>*\-#]*({WORD})[ \t*]*:[ \t*]*(?=[^\s/])")

# A person spoken to: "Leif, can I speak to your boss?", "Remember me, Mary?", "Welcome to town, Kevin!"
_VOCATIVE_START = re.compile(
    rf"[ \t]*({WORD}),[ \t]+(?:can|could|would|will|please|thanks|thank|do|did|are|have|i|we|you|what|how|why"
    rf"|when|where)\b"
)
# Tried back from each ? and !, within a name's reach, not across the text: a comma opens most tries
# in prose and in every JSON body, and the whole-text search cost 3 us on a 2 KB chat request.
_VOCATIVE_AFTER = re.compile(rf",[ \t]+({WORD})[ \t]*[?!]\Z")
# The same in a question with no comma, after a word in lower case that is no preposition nor determiner ("What'd you do
# Sabrina?", "Was that Jack?"; not "Have you been to Paris?", "What about Mercedes?", "Where's Kishan?": a place)
_VOCATIVE_BARE = re.compile(rf"(?<![\w'’])([a-z]+(?:['’]s)?)[ \t]+({WORD})[ \t]*\?+\Z")
_NOT_BEFORE_VOCATIVE = frozenset(
    {
        "to", "in", "at", "from", "of", "for", "on", "with", "by", "near", "into", "onto", "about", "than", "like",
        "as", "via", "the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "this", "and", "or", "visit",
        "visiting", "visited", "called", "named", "play", "playing", "watch", "watching", "buy", "use", "using",
        "where", "where's", "where’s", "wheres",
    }
    # and the articles, the prepositions of place and "and"/"or" of French, Spanish, Portuguese, Italian, German and
    # Dutch ("un Coq au Vin?", "l'Inter o il Milan?", "Fährt der Zug nach Berlin?"), not those English writes too ("do",
    # "no", "die") nor those before a person ("mit Lena?", "de Marco?", "von Anna?")
    | {"le", "la", "les", "l", "un", "une", "au", "aux", "à", "en", "et", "ou", "el", "los", "las", "al", "y", "o", "e"}
    | {"em", "na", "nos", "nas", "ao", "il", "lo", "gli", "nel", "nella", "alla", "der", "dem", "den", "nach", "zum"}
    | {"zur", "im", "und", "oder", "het", "een", "naar", "op"}
)  # fmt: skip
_VOCATIVE_REACH = 64
# "Sorry Kevin, I missed it": one apologised to, a comma or "!" after the name, at a line's, a message's or a
# sentence's start (not a cue of the pass: "sorry " is in every other chat request)
_SORRY = re.compile(rf"[Ss]orry,?[ \t]+({WORD})[ \t]*[,!]")
# ``CAPITAL`` and ``REST`` as sets of characters (the two overlap in Latin Extended-A), for ``_word_before``.
_CAPITALS = frozenset(filter(re.compile(f"[{CAPITAL}]").fullmatch, map(chr, range(0x2100))))
_REST = frozenset(filter(re.compile(f"[{REST}]").fullmatch, map(chr, range(0x2100))))
_VOCATIVE_DOT = re.compile(rf", ({WORD})\.")
# "you" after a line's first word and its comma ("Jaiden, you are so beautiful", "Siobhan, can you …"), or "can I"
# ("Vide, can I please speak to your boss?"): who is spoken to, however rare the name, when ``rare`` takes it and it is
# no chat's interjection ("Lol, you are funny") nor a product's word ("Docker, can I run it?")
_TO_YOU = re.compile(
    r",[ \t]+(?:(?:can|could|would|will|do|did|have|are)[ \t]+)?you(?![^\W\d_])|,[ \t]+(?:can|could|may)[ \t]+I\b", re.I
)
_INTERJECTIONS = frozenset(
    {"lol", "lmao", "lmfao", "rofl", "omg", "omfg", "yay", "yep", "yup", "bruh", "ikr", "tbh", "imo", "smh", "btw"}
    | {"fyi", "wtf", "haha", "hehe", "aww", "ugh", "meh", "whoa", "woah", "dang", "damn", "gosh", "jeez", "yikes"}
)


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


def _word_before(text: str, p: int, lo: int) -> bool:
    """A ``WORD`` that starts at ``lo`` or after may end right before the spaces and tabs that end at ``p``: what
    ``_VOCATIVE_AFTER`` and ``_VOCATIVE_BARE`` need before a mark, tested in a few steps. Their searches try every
    position of their 64 characters, the bare one each lower-case word's every length: 50,000 instructions a
    question mark, most of them after a word in lower case ("about it?")."""
    while p > lo and text[p - 1] in " \t":
        p -= 1
    while p > lo + 1 and text[p - 1] in _REST:  # the word's letters after its capital, back to one
        if text[p - 2] in _CAPITALS:
            return True
        p -= 1
    return False


def _shape_word_before(shape: bytes, p: int, lo: int) -> bool:
    """``_word_before`` in an ASCII text, read in its shape (``digits.SHAPE_TABLE``: capitals "A", lower case "a"): its
    blanks, then its letters, apostrophes and hyphens stripped in C, and a capital before them. A step in Python a
    character cost 4,000 instructions a mark (most after a word in lower case: "about it?")."""
    blanked = shape[lo:p].rstrip(b" \t")
    head = blanked.rstrip(b"a'-")
    return len(head) < len(blanked) and head[-1:] == b"A"


def _to_you(text: str, m: re.Match[str], alone: Callable[[str], bool], rare: Callable[[str], bool]) -> bool:
    """The rare name of a line's vocative (``_VOCATIVE_START``'s ``m``) that "you" follows (a common one is
    ``alone``'s)."""
    word = m.group(1)
    return (
        _TO_YOU.match(text, m.end(1)) is not None
        and not alone(word)
        and word.casefold() not in _INTERJECTIONS
        and rare(word)
        and not brand_word(word)  # "Docker, can you …", "Buddy, you …" (a product's)
    )


def _apologised(text: str, alone: Callable[[str], bool], rare: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """The one "Sorry" opens a sentence to (``_SORRY``): a given name, or a rare one as ``_to_you`` takes it ("Sorry
    Oluwaseun,"; not "Sorry Docker,", "Sorry Dave" with no comma, "I'm sorry Google," inside a sentence). Each
    "orry" is found by ``str.find`` and the regex tried at its capital: a search led by "[Ss]" tests that class at
    every character (50,000 instructions a capture exchange, whose assistant is sorry in every reply)."""
    p = text.find("orry", 1)
    while p > 0:
        m = _SORRY.match(text, p - 1)
        p = text.find("orry", p + 4)
        if m is None:
            continue
        a = m.start()
        if not (_SENTENCE_START.search(text, max(0, a - 4), a) or text[a - 1 : a] == "="):
            continue
        word = m.group(1)
        if word.casefold() in big_cities():
            continue  # "Sorry London, the flight is cancelled"
        if alone(word) or (rare(word) and word.casefold() not in _INTERJECTIONS and not brand_word(word)):
            yield m.span(1)


def vocatives(
    text: str, alone: Callable[[str], bool], rare: Callable[[str], bool], shape: bytes | None = None
) -> list[tuple[int, int]]:
    """The names of people spoken to, at the start of a line or after a comma before ?, ! or a full stop ("You are a
    good teacher, Giuliana."); and a name written surname first (``rare`` takes it) at a sentence's start, its given
    name closing the sentence ("Austen, Jane. Pride and Prejudice"). ``shape``: an ASCII text's, read instead of its
    characters before each mark (``_shape_word_before``)."""
    starts = list(_at_line_starts(_VOCATIVE_START, text))
    found = starts.copy()
    bare: list[tuple[int, int]] = []
    for mark in "?!":
        p = text.find(mark)
        while p >= 0:
            lo, q = max(0, p - _VOCATIVE_REACH), p
            while mark == "?" and q > lo and text[q - 1] == "?":
                q -= 1  # the bare one's question marks (the other's mark follows its word or spaces)
            # else neither search can match
            if _word_before(text, q, lo) if shape is None else _shape_word_before(shape, q, lo):
                if (m := _VOCATIVE_AFTER.search(text, lo, p + 1)) is not None:
                    found.append(m)
                elif (
                    mark == "?"
                    and (m := _VOCATIVE_BARE.search(text, lo, p + 1))
                    and m.group(1) not in _NOT_BEFORE_VOCATIVE
                    and "where" not in text[max(0, m.start() - 12) : m.start()].lower()  # "Where is Kishan?": a place
                    and not in_place(text, m.end(2))
                ):
                    bare.append(m.span(2))
            p = text.find(mark, p + 1)
    spans = [m.span(1) for m in sorted(found, key=lambda m: m.start()) if alone(m.group(1))]
    spans.extend(m.span(1) for m in starts if _to_you(text, m, alone, rare))
    spans.extend(_apologised(text, alone, rare))
    spans.extend((a, b) for a, b in bare if alone(text[a:b]))
    for m in _VOCATIVE_DOT.finditer(text):  # one search for its comma, in C: a loop over full stops cost 1.4%
        if not alone(m.group(1)):
            continue
        # after a word in lower case, one spoken to; after a capitalised one, a place's ("Livorno, Italia.") or a
        # surname first at a sentence's start; after a number, an address's ("Appartamento 50, Verona.")
        c = m.start()
        last = WORD_BEFORE.search(text, max(0, c - 30), c)
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
    # what a review says the one who served did ("Michael helped shoot", "Seth provides deep tissue massage")
    "|helped|helps|provides|provided|listened|listens|explained|fixed|treated|answered|and[ \t]+(?:his|her)[ \t]"
    # and what a person does that a product or a team named like one does not ("Sam nailed it", "Melissa knew",
    # "Megan liked this photo"; not "won", "made", "went", "reached": "Julia won the benchmark", "Chrome went down",
    # "Chelsea reached the final")
    "|saw|knew|nailed|drilled|liked|loved|hated|thinks|thought|wanted|introduced|laughs"
)
_ADDRESSED = re.compile(
    rf"([{CAPITAL}](?<![\w@#/\\$%+<_.\-'’].)[{REST}]+)(?:,[ \t]+(?:{_ADDRESS_WORDS}|can|could|would|will|thanks"
    rf"|thank|do|did|are|have|i|we|what|how|why|when|where)\b|[ \t]+(?:{_ADDRESS_WORDS}|and[ \t]+I)\b"
    rf"|(['’]s[ \t]+)[a-z]|([ \t]+)(?:{_SUBJECT_WORDS})\b|(,)[ \t])"
)
# A possessive that names a shop or a brand, not a person ("Wendy's menu", "Claire's accessories").
_SHOPS = frozenset({"wendy", "denny", "claire", "carl", "macy", "kohl", "dillard", "hardee", "arby", "chili"})
_NOUN_AFTER = re.compile(r"[a-z]+")


def _eponym_noun(word: str) -> bool:
    """What a possessive names after a scientist's or a physician's name, not anything someone owns ("Euler's
    theorems", "Bell's palsy": ``eponyms.EPONYM_NOUNS``); not a law ("Murphy's law": the public sets label its
    name)."""
    return word in EPONYM_NOUNS or word.removesuffix("s") in EPONYM_NOUNS


# Where a sentence starts: the text's, a line's, a JSON string's or a form's value's start ("comment=Marcelo is the
# star", as its decoded text reads), or after its end's mark or a colon and a space.
_SENTENCE_START = re.compile(r'(?:\A|["\n]|[.!?:][ \t]+|\\n|(?<=[\w\]])=)\Z')
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
    "n’t ", " helped ", " helps ", " provides ", " provided ", " listened ", " listens ", " explained ", " fixed ",
    " treated ", " answered ", " and his ", " and her ", " saw ", " knew ", " nailed ", " drilled ",
    " liked ", " loved ", " hated ", " thinks ", " thought ", " wanted ", " introduced ", " laughs ",
)  # fmt: skip


# The words ``_ADDRESSED`` takes after a capitalised word and blanks, for ``capitals``' search, where an ASCII text's
# apostrophe is "'"
ADDRESSED_WORDS = f"{_ADDRESS_WORDS}|{_SUBJECT_WORDS}".replace("['’]", "'")


def _addressed_matches(text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """``_ADDRESSED.finditer(text)``; ``starts``: an ASCII text's candidates (``capitals.Capitals.addressed``), then
    the only places the regex is tried."""
    if starts is None:
        yield from _ADDRESSED.finditer(text)
        return
    end = 0
    for c in starts:
        if c >= end and (m := _ADDRESSED.match(text, c)) is not None:
            yield m
            end = m.end()  # the search goes on from there


def _rare_spoken_to(text: str, m: re.Match[str], alone: Callable[[str], bool], rare: Callable[[str], bool]) -> bool:
    """``_ADDRESSED``'s word is a rare name a line's vocative would take (``_to_you``: "you" after its comma) and it
    opens a sentence: a chat message's first word in a JSON body ('"content":"Jaiden, you are so beautiful"'), a form
    value's."""
    a = m.start(1)
    return _to_you(text, m, alone, rare) and _SENTENCE_START.search(text, max(0, a - 4), a) is not None


def addressed(
    text: str, alone: Callable[[str], bool], rare: Callable[[str], bool], starts: list[int] | None = None
) -> list[tuple[int, int]]:
    """The given names of people spoken to ("Kenny, you", "Lauren you", "Jaime please"), owning something
    ("Casey's t-shirt") or, at a sentence's start, its subject ("Tanner is a good dude"); a rare name (``rare``) at a
    sentence's start that "you" follows as a line's vocative's does (a chat message's, a JSON string's start: "Jaiden,
    you are so beautiful"): searched in a text holding one of ``ADDRESS_CUES``; ``starts``: an ASCII text's
    candidates (``capitals.scan``)."""
    out = []
    for m in _addressed_matches(text, starts):
        # ``alone`` first: most capitalised words before a comma or a verb are no given name ("Hello, ", "What
        # would", "Thanks, "), and it is a set's lookup where the searches before a subject cost 15,000 instructions
        a = m.start(1)
        if not alone(m.group(1)):
            # the first branch alone matched (a comma and an address's word after it: "Jaiden, you"), tested by the
            # match's last group before any call: most words here are a sentence's first before a verb ("What would")
            if m.lastindex == 1 and _rare_spoken_to(text, m, alone, rare):
                out.append(m.span(1))
            continue
        if m.group(2) and m.group(1).casefold() in _SHOPS:
            continue
        if m.group(2) and (noun := _NOUN_AFTER.match(text, m.end(2))) and _eponym_noun(noun.group(0)):
            continue  # "Euler's theorem", "Bell's palsy": what is named after someone, not what one owns
        if (
            (m.group(3) or m.group(4))
            and _SENTENCE_START.search(text, max(0, a - 4), a) is None
            and not (m.group(3) and _CLAUSE_BEFORE.search(text, max(0, a - 12), a))
        ):
            continue  # "Today Mark is", "for Ana, Bo and Cy": a sentence's first word, or a subject in a clause
        if not in_place(text, m.end(1)):  # "Austin, Texas is hot": a city's
            out.append(m.span(1))
    return out


# A JSON string value's opening quote, after its key's colon or a list's bracket or comma.
_STRING_OPEN = re.compile(r'[:\[,][ \t]*"')
# What a speaker says: a quote, or a line that speaks of "I", "me" or "you" ("Ubul: What a wife." is no speech
# by this, "Vinka: You saved my life!" is).
_SPEECH = re.compile(r"""[ \t*]*["“«]|[^\n]*?\b(?:I|I'm|me|my|you|your|we)\b""")


def labelled_lines(text: str) -> list[re.Match[str]]:
    """The labels of a transcript's lines ("Nicole: ...", "Caller: ..."), two at least, so that a single "Note:" or
    "Total:" line makes no transcript; none otherwise. ``speaker_labels`` and ``lower_utterances`` read them."""
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
    return labels if len(labels) >= 2 else []


def speaker_labels(
    text: str, alone: Callable[[str], bool], rare: Callable[..., bool] | None = None, labels: Labels = None
) -> list[tuple[int, int]]:
    """The names that label a transcript's lines (``labelled_lines``, or ``labels`` as it found them). A label
    ``alone`` does not take is a name too when ``rare`` takes it (a name not among the common ones: "Vsevolod",
    "Gijsbrecht") and a line of the transcript is speech (``_SPEECH``): "Input:", "Output:" label no one. ``rare``
    is ``NameWords.rare``: a word and the likeness it needs."""
    labels = labelled_lines(text) if labels is None else labels
    if not labels:
        return []
    spoken = rare is not None and any(_SPEECH.match(text, m.end()) for m in labels)
    known = [alone(m.group(1)) for m in labels]
    # beside a speaker with a common given name, a label is a name however little it looks one ("Leverett: What a
    # wife.\nDanielle: Remember me, Alexander?"; "Input:" is an ordinary word)
    loose = spoken and any(known)
    return [
        m.span(1)
        for m, k in zip(labels, known, strict=True)
        if k or (spoken and ((loose and _loose_label(m.group(1), rare)) or rare(m.group(1))))
    ]


def _loose_label(word: str, rare: Callable[..., bool]) -> bool:
    """A label beside a speaker's common given name: any word ``rare`` takes whatever its likeness, not a product's
    ("Redis: I am fast\nKafka: you are slow\nJohn: …")."""
    return rare(word, float("-inf")) and not brand_word(word)


# A transcript's, a deposition's, a script's speaker in capitals ("MARGARET OKAFOR:", "MR. DUNWOODY:", "TOMASZ:"),
# after an honorific or not, up to three words
_CAPS_SPEAKER = re.compile(
    r"[ \t>*\-#]*((?:MRS?|MS|MX|DR|PROF)\.?[ \t]+)?([A-Z][A-Z'’\-]+(?:[ \t]+[A-Z][A-Z'’\-]+){0,2})[ \t*]*:[ \t]"
)


def capitals_speakers(text: str, named: Callable[[str], bool], titled: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The names in capitals that label two lines or more of a transcript ("JOHN SMITH: Thanks for taking the
    call."): a label ``named`` takes written as a name is ("John Smith"; not "THE COURT", "CUSTOMER SERVICE",
    "WARNING"), a surname after an honorific that ``titled`` takes ("MR. DUNWOODY")."""
    labels = list(_at_line_starts(_CAPS_SPEAKER, text))
    if len(labels) < 2:
        return []
    spans = []
    for m in labels:
        written = " ".join(w.capitalize() for w in m.group(2).split())
        if (titled if m.group(1) else named)(written):
            spans.append(m.span(2))
    return spans


def lower_utterances(text: str, labels: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """The utterances of a transcript written in lower case under labels that are not ("Caller: yeah it's marcus
    okonkwo", a speech recogniser's raw words): each line's speech after its label (``labelled_lines``) when it has
    no capital. ``lowernames.lower_case`` reads them as it reads a text typed all in lower case."""
    for m in labels:
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        said = text[m.end() : end]
        if said.lower() == said:  # no capital
            yield m.end(), end
