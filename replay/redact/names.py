"""Person names and street addresses in free text, by context: what introduces a name ("my name
is", a greeting, a sign-off, an honorific), what a name looks like (capitalised words, not
ordinary words), and the shape of an address (number, street words, street suffix)."""

from __future__ import annotations

import re

__all__ = [
    "ADDRESS_TRIGGERS",
    "NAME_TRIGGERS",
    "STREET_SUFFIXES",
    "is_first_name",
    "looks_like_person",
    "match_address",
    "match_name",
]

# Common given names: a bare "I am Sarah" or a JSON "name" counts as a person only with one of these.
FIRST_NAMES = frozenset(
    [
        "aaron",
        "abigail",
        "adam",
        "adrian",
        "ahmed",
        "aisha",
        "alan",
        "albert",
        "alejandro",
        "alex",
        "alexander",
        "alexandra",
        "alice",
        "alicia",
        "alison",
        "amanda",
        "amelia",
        "amy",
        "ana",
        "andrea",
        "andrew",
        "angela",
        "anna",
        "anne",
        "anthony",
        "antonio",
        "arjun",
        "ashley",
        "barbara",
        "benjamin",
        "beth",
        "betty",
        "brandon",
        "brenda",
        "brian",
        "bruce",
        "carl",
        "carla",
        "carlos",
        "carmen",
        "carol",
        "caroline",
        "catherine",
        "charles",
        "charlotte",
        "chen",
        "chloe",
        "chris",
        "christian",
        "christina",
        "christine",
        "christopher",
        "claire",
        "daniel",
        "david",
        "deborah",
        "dennis",
        "diana",
        "diego",
        "dmitri",
        "donald",
        "donna",
        "dorothy",
        "douglas",
        "dylan",
        "edward",
        "elena",
        "elizabeth",
        "ella",
        "emily",
        "emma",
        "eric",
        "erin",
        "ethan",
        "eva",
        "evelyn",
        "fatima",
        "fernando",
        "frank",
        "gabriel",
        "gary",
        "george",
        "gerald",
        "grace",
        "gregory",
        "hannah",
        "harold",
        "harry",
        "heather",
        "helen",
        "henry",
        "hiroshi",
        "holly",
        "ian",
        "isabella",
        "isaac",
        "jack",
        "jacob",
        "james",
        "jan",
        "jane",
        "janet",
        "jason",
        "javier",
        "jean",
        "jennifer",
        "jeremy",
        "jessica",
        "jill",
        "joan",
        "joe",
        "john",
        "jonathan",
        "jordan",
        "jose",
        "joseph",
        "joshua",
        "juan",
        "judith",
        "julia",
        "julie",
        "justin",
        "karen",
        "katherine",
        "kathleen",
        "kelly",
        "kenneth",
        "kevin",
        "kim",
        "kimberly",
        "laura",
        "lauren",
        "leo",
        "liam",
        "linda",
        "lisa",
        "lucas",
        "lucy",
        "luis",
        "luke",
        "maria",
        "mark",
        "martha",
        "martin",
        "mary",
        "matthew",
        "megan",
        "melissa",
        "mia",
        "michael",
        "michelle",
        "miguel",
        "mohammed",
        "muhammad",
        "nancy",
        "natalie",
        "nathan",
        "nicholas",
        "nicole",
        "noah",
        "olivia",
        "omar",
        "oscar",
        "pamela",
        "patricia",
        "patrick",
        "paul",
        "peter",
        "philip",
        "priya",
        "rachel",
        "rahul",
        "ralph",
        "raymond",
        "rebecca",
        "richard",
        "robert",
        "roger",
        "ronald",
        "rose",
        "ruth",
        "ryan",
        "samantha",
        "samuel",
        "sandra",
        "sara",
        "sarah",
        "scott",
        "sean",
        "sharon",
        "shirley",
        "sofia",
        "sophia",
        "stephanie",
        "stephen",
        "steven",
        "susan",
        "thomas",
        "timothy",
        "tyler",
        "victoria",
        "vincent",
        "walter",
        "wei",
        "william",
        "yuki",
        "zoe",
    ]
)

# Capitalised words that follow "I am", "Hi" or "Dear" without being names.
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "im",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "me",
        "us",
        "all",
        "any",
        "some",
        "every",
        "team",
        "everyone",
        "everybody",
        "there",
        "here",
        "sir",
        "madam",
        "mister",
        "friends",
        "folks",
        "guys",
        "colleagues",
        "hiring",
        "manager",
        "support",
        "customer",
        "service",
        "sales",
        "admin",
        "user",
        "users",
        "client",
        "clients",
        "dev",
        "developer",
        "developers",
        "engineer",
        "engineering",
        "committee",
        "board",
        "regards",
        "thanks",
        "thank",
        "best",
        "cheers",
        "sincerely",
        "yours",
        "kind",
        "warm",
        "warmest",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "please",
        "just",
        "not",
        "so",
        "very",
        "really",
        "sure",
        "happy",
        "glad",
        "sorry",
        "looking",
        "writing",
        "trying",
        "going",
        "working",
        "using",
        "interested",
        "available",
        "new",
        "also",
        "and",
        "but",
        "or",
        "if",
        "when",
        "then",
        "now",
        "today",
        "tomorrow",
        "yesterday",
        "again",
        "still",
        "already",
        "currently",
        "is",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "with",
        "by",
        "of",
        "as",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "good",
        "great",
        "excellent",
        "fine",
        "ok",
        "okay",
        "yes",
        "no",
        "maybe",
        "hello",
        "hi",
        "hey",
        "dear",
        "chatgpt",
        "claude",
        "gpt",
        "assistant",
        "ai",
        "bot",
        "openai",
        "anthropic",
        "google",
        "microsoft",
        "apple",
        "amazon",
        "python",
        "java",
        "javascript",
    ]
)

_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿß'’\-]+"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|bin|al|y|dos|das)"
_NAME = re.compile(rf"[ \t]*({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})")
_SIGNED = re.compile(rf"[,!.]?[ \t]*(?:\r?\n)+[ \t\-–—]*({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})")

# trigger (lower case) -> how strong a hint it is: "strong" takes any capitalised name,
# "weak" needs a known first name or two words, "sign" takes the name on the next line.
NAME_TRIGGERS: dict[str, str] = {
    "my name is": "strong",
    "my name's": "strong",
    "name is": "strong",
    "call me": "strong",
    "signed": "strong",
    "mr.": "strong",
    "mrs.": "strong",
    "ms.": "strong",
    "dr.": "strong",
    "mr ": "strong",
    "mrs ": "strong",
    "ms ": "strong",
    "miss ": "strong",
    "dear ": "strong",
    "named": "strong",
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
    "customer ": "weak",
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

STREET_SUFFIXES = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir"
    r"|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Grove|Gardens|Row|Walk|Plaza"
)
_SHORT_SUFFIXES = ("St", "Ave", "Rd", "Ln", "Dr", "Ct", "Way")
ADDRESS_TRIGGERS = (
    *(" " + s.lower() for s in STREET_SUFFIXES.split("|") if len(s) > 3 or s in _SHORT_SUFFIXES),
    *("straße", "strasse", "gasse", "weg ", "platz", "allee", "rue ", "calle ", "avenida ", "via ", "piazza "),
)
_UNIT = r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#)\.?[ \t]*#?[A-Za-z0-9\-]+)?"
_US_BACK = re.compile(
    rf"(?<![\w.\-])(\d{{1,5}}[A-Za-z]?)[ \t]+((?:(?:[NSEW]|NE|NW|SE|SW)\.?[ \t]+)?"
    rf"(?:(?:[A-Z][\w'’.\-]*|\d+(?:st|nd|rd|th))[ \t]+){{0,3}}(?:[A-Z][\w'’.\-]*|\d+(?:st|nd|rd|th)))[ \t]+"
    rf"(?:{STREET_SUFFIXES})\Z"
)
_US_TAIL = re.compile(rf"\.?(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)\b)?{_UNIT}")
_EU_WORD = re.compile(
    r"[A-ZÄÖÜ][\wäöüß\-]*(?:straße|strasse|gasse|weg|platz|allee|str\.)[ \t]+\d{1,4}[a-z]?\b", re.IGNORECASE
)
_ROMANCE = re.compile(
    r"(?:(\d{1,4}),?[ \t]+)?(?:rue|calle|avenida|via|piazza|avenue|boulevard)[ \t]+"
    r"(?:(?:de|du|des|la|le|del|della|l'|d')[ \t]*)*[A-ZÀ-Ý][\w'\-]+(?:[ \t]+[A-ZÀ-Ý][\w'\-]+){0,3}"
    r"(?:,?[ \t]+(\d{1,4}))?",
    re.IGNORECASE,
)


def is_first_name(word: str) -> bool:
    return word.lower() in FIRST_NAMES


def _trim(name: str) -> str:
    words = name.split()
    while words and words[-1].lower().strip("'’") in _STOP:
        words.pop()
    return " ".join(words)


def looks_like_person(value: str, known_only: bool, strict: bool = False) -> bool:
    """1-4 capitalised words, none ordinary; ``known_only`` wants a known first name, ``strict`` (a
    ``first_name`` field) takes any."""
    words = value.split()
    if not 1 <= len(words) <= 4 or not all(
        w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words
    ):
        return False
    if any(w.lower() in _STOP for w in words):
        return False
    return strict or is_first_name(words[0]) or (not known_only and len(words) >= 2)


def match_name(text: str, at: int, strength: str) -> tuple[int, int] | None:
    """The span of a name introduced by a trigger ending at ``at``, if one follows."""
    m = (_SIGNED if strength == "sign" else _NAME).match(text, at)
    if m is None:
        return None
    name = _trim(m.group(1))
    if not name or name.split()[0].lower() in _STOP:
        return None
    words = name.split()
    if strength == "weak" and not (is_first_name(words[0]) or len(words) >= 2):
        return None
    if strength == "sign" and len(words) == 1 and not is_first_name(words[0]) and len(words[0]) < 3:
        return None
    start = m.start(1)
    return start, start + len(name)


def match_address(text: str, at: int, trigger: str) -> tuple[int, int, str, str] | None:
    """An address around a street-suffix trigger found at ``at``: (start, end, house number, street)."""
    if trigger.startswith(" "):
        word_end = at + len(trigger)
        if word_end < len(text) and text[word_end].isalpha():
            return None  # " st" of " still"
        if not text[at + 1 : at + 2].isupper():
            return None
        m = _US_BACK.search(text, max(0, at - 80), word_end)
        if m is None:
            return None
        tail = _US_TAIL.match(text, word_end)
        end = tail.end() if tail else word_end
        return m.start(), end, m.group(1), m.group(2)
    start = at
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "-"):
        start -= 1
    m = _EU_WORD.match(text, start)
    if m is not None:
        number = m.group(0).split()[-1]
        return m.start(), m.end(), number, m.group(0)[: -len(number)].strip()
    m = _ROMANCE.search(text, max(0, at - 8), at + 80)
    if m is not None and m.start() <= at and (m.group(1) or m.group(2)):
        number = m.group(1) or m.group(2)
        return m.start(), m.end(), number, m.group(0)
    return None
