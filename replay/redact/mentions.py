"""People a message names where the words around say a person stands, however rare the name: who to ask for or speak
to ("ask for Winslow at the desk"), whose assistant or manager ("my assistant is Giles", "my manager, Bartholomew,
approved it"), who is greeted or signs ("Hi Leocadia,", "Thanks Cassius,", "Love, Peregrine"), who phoned or wrote
("Jedediah Thornbury called twice"), and the fields that hold a person's name by their role ("requester_name",
"dasherName"). The cues are the pass's as ``names.NAME_TRIGGERS``' are (``detectors``); ``personal`` asks ``reread``
what a greeting's or a sign-off's cue names where its own rule found no one, and a label's where it found one."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from replay.redact.lexicon import firm_key, firm_names
from replay.redact.nameshapes import CAPITAL, REST, WORD, surname_word
from replay.redact.notnames import NEVER, NOT_FIRST
from replay.redact.people import PersonFinder
from replay.redact.placenames import country_names
from replay.redact.written import NOT_INITIALS

__all__ = [
    "CONTACT_CUES",
    "FOUND_CUES",
    "MENTION_TRIGGERS",
    "ROLE_NAME_KEYS",
    "UNFOUND_CUES",
    "reread",
    "subject_before",
]

_OWNERS = ("my", "his", "her", "our", "their", "your")
# Who a writer names by what they do for them, before " is " or between commas: "my assistant is Giles", "our
# landlord, Mr Pike, …" ("my manager, Operations, approved it" stays: the name must be a person's word)
_HELPERS = (
    "assistant", "manager", "boss", "supervisor", "colleague", "coworker", "co-worker", "secretary", "lawyer",
    "attorney", "accountant", "advisor", "adviser", "agent", "doctor", "dentist", "therapist", "landlord", "tenant",
    "contact", "rep", "teacher", "tutor", "friend", "neighbour", "neighbor", "partner", "husband", "wife", "son",
    "daughter", "mother", "father", "mom", "mum", "dad", "brother", "sister", "caregiver", "carer", "nanny",
)  # fmt: skip
# Verbs of getting in touch after a full name that opens a sentence ("Octavia Pennyworth emailed us"): a firm's or a
# service's name does these too, so both words must be no ordinary word, place nor firm ("Google Cloud emailed").
_CONTACT_VERBS = ("called", "phoned", "rang", "emailed", "texted", "messaged", "stopped by", "dropped by", "came by")
CONTACT_CUES = frozenset(f" {verb}" for verb in _CONTACT_VERBS)
# Thanks and greetings in Dutch, French, German, Spanish, Italian, Portuguese, Polish, Swedish and Danish
_THANKS_ABROAD = (
    "bedankt", "dank je", "dank u", "dankjewel", "merci", "danke", "vielen dank", "gracias", "muchas gracias", "grazie",
    "obrigado", "obrigada", "dzięki", "dziękuję", "tack", "tusen tack",
)  # fmt: skip
_GREETINGS_ABROAD = (
    "hoi ", "salut ", "olá ", "cześć ", "hej ", "moin ", "servus ", "buongiorno ", "buenos días ",
    # Greek's, a name after them in its vocative ("Γεια σου Γιώργο,"), and Vietnamese's "hello"
    "γεια σου ", "γεια σας ", "καλημέρα ", "καλησπέρα ", "χαίρετε ", "chào ",
)  # fmt: skip
# Those thanks as cues, before a name or a comma: "Bedankt Femke", "Danke, Wiebke" (in order: the triggers' table)
_ABROAD_CUES = tuple(f"{thanks}{sep}" for thanks in _THANKS_ABROAD for sep in (" ", ", "))
_ABROAD = frozenset(_ABROAD_CUES)

# trigger -> strength, as ``names.NAME_TRIGGERS``' (none of its keys: tests/redact/test_mentions checks). "role": the
# name after it, each of its words a capitalised one that may be a name (``NameWords.given_before``).
MENTION_TRIGGERS: dict[str, str] = {
    "dearest ": "strong",
    **dict.fromkeys(
        ("ask for ", "asking for ", "asked for ", "speak to ", "speak with ", "speaking to ", "speaking with "),
        "role",
    ),
    **dict.fromkeys(("talk to ", "talk with ", "assistant to "), "role"),
    **{f"{owner} {who}{sep}": "kin" for owner in _OWNERS for who in _HELPERS for sep in (" is ", ", ")},
    # " emailed", " texted" are ``names``' "before" cues already
    **{cue: "before" for cue in sorted(CONTACT_CUES) if cue not in (" emailed", " texted")},  # one order a process
    # a thanks in other languages, as ``names``' "thanks ": "Bedankt Femke,", "Merci Apolline,", "Danke, Wiebke!"
    **dict.fromkeys(_ABROAD_CUES, "after"),
    # a greeting in other languages, as "hi " (``names``' "hallo ", "bonjour ", "hola ", "ciao " are weak cues)
    **dict.fromkeys(_GREETINGS_ABROAD, "weak"),
}

# A greeting or thanks whose one name a comma or "!" closes ("Hi Leocadia,", "Thanks Cassius, that fixed it"): a name
# ``NameWords.rare`` takes there, not only a common one
_GREETINGS = frozenset(
    {"hi ", "hello ", "hey ", "thanks ", "thank you ", "thx ", "hallo ", "bonjour ", "hola ", "ciao "}
    | {"good morning ", "good afternoon ", "good evening "}
    | _ABROAD
    | set(_GREETINGS_ABROAD)
)
# A greeting that opens a message: the text's, a line's, a quote's first words ("Reply to this: 'Hi Ottoline, …'"). Its
# one word before a comma is who the message is for, a person or a firm (the brands' and the firms' words stay), so a
# word no lexicon holds needs less of a name's look there ("Ottoline": -0.125). Of the labelled sets' capitalised
# words no lexicon holds, a likeness in [-1, 0) is 5.2% of the names' (40 of 772) and 4.9% of the other words' (138
# of 2,797, which a greeting rarely opens with); lower, a greeting's word of another language goes ("Hallo Welt,":
# -4.25, "Hallo Leute,": -5.6).
_OPENING = re.compile(r"(?:\A|[\n\"'“‘«(]|\\n|(?<=[\w\]])=)[ \t]*\Z")  # a form's value's start too
_OPENING_LIKENESS = -1.0
# What follows a thanks that is no one it thanks ("Grazie Mille!", "Merci Infiniment,", "Gracias Totales,"): the
# thanks' own words, in title case
_THANKS_WORDS = frozenset(
    {"mille", "beaucoup", "infiniment", "totales", "schön", "sehr", "vielmals", "tausend", "mucho", "muchas", "tante"}
    | {"wel", "hartelijk", "bardzo", "serdecznie", "muito", "mil", "amigo", "amiga", "todos", "tutti", "allemaal"}
    | {"alle", "allen", "tous", "chef", "boss", "team", "equipo", "zespole", "så", "mycket"}
)
# A sign-off whose name closes its line after a comma or a line break ("Love, Peregrine", "Cheers,\nPeregrine"; not
# "Thanks Southland."): any capitalised word that may be a name (``NameWords.given_before``)
_SIGN_OFFS = frozenset(
    {"love, ", "lots of love, ", "with love, ", "regards", "thanks", "thank you", "cheers", "best", "sincerely"}
    | {"warmly", "respectfully", "yours truly", "take care", "talk soon", "all the best", "keep in touch"}
    | {"yours", "faithfully"}
)
# A label's word before a name ("customer Ana Lima"), capitalised before one word a team's ("Customer Success")
_LABELS = frozenset({"customer ", "contact "})
# ``nameshapes.WORD`` with possessive quantifiers: what follows a word starts with none of its characters, and a failed
# match tried back every shorter word (a sign-off's regex cost 10,000 instructions at each "Thanks," then, 5,000 now)
_WORD = rf"[{CAPITAL}][{REST}]++(?:[{CAPITAL}][{REST}]++)*+"
_GREETED_NAME = re.compile(rf"[ \t]*+({_WORD})[ \t]*+[,!]")
# a line's end: a line break, a JSON string's end, the text's, a form value's ("…Thanks, Priyanka&thread=3")
_LINE_END = r"[ \t]*+[.!]?[ \t]*+(?=\r?\n|\\[nr]|\"|\Z|&[\w\[\]]+=)"
_CLOSING_NAME = re.compile(rf"(?:[,!.]?[ \t]*+(?:\r?\n|\\n)|(?<=, )|(?<=,)|,)[ \t]*+({_WORD}){_LINE_END}")
# or the writer's two initials so ("Thanks, AJ", "Cheers,\nJD"), not a note's (``written.NOT_INITIALS``: "Thanks, OK")
# nor what a chat thanks by its two capitals (``_THANKED``: "Thanks, AI"; three are a firm's or a service's as often:
# "Thanks, AWS")
_CLOSING_INITIALS = re.compile(rf"(?:[,!.]?[ \t]*+(?:\r?\n|\\n)|(?<=, )|(?<=,)|,)[ \t]*+([A-Z]{{2}}){_LINE_END}")
_THANKED = NOT_INITIALS | {"AI", "IT", "HR", "QA", "PR", "UX", "UI", "ML", "OP", "TV", "US", "UK", "EU", "DM"}
# A full name opening a sentence, a line, a JSON string or a form's value, right before a contact verb
_SUBJECT = re.compile(rf"(?:\A|(?<=[\n\"])|(?<=\\n)|(?<=[\w\]]=)|(?<=[.!?])[ \t]+)[ \t]*({WORD})[ \t]+({WORD})\Z")

# What a service calls or sends ("Kafka Connect called the sink"): people call us, or call twice
_THING_AFTER = re.compile(r"[ \t]+(?:the|a|an|this|that|its|each|every)[ \t]")
# Who a mail is copied to, one name closing the line ("cc Ermengarde"): ``names``' "list" rule wants a common one
_COPIED = frozenset({"cc ", "cc:"})
_COPIED_NAME = re.compile(rf"[ \t]*+({_WORD}){_LINE_END}")
# The cues ``reread`` looks at again when their own rule found no name, and when it found one
UNFOUND_CUES = _GREETINGS | _SIGN_OFFS | _COPIED
FOUND_CUES = _LABELS | _ABROAD
# A person's name field by their role in a ticket, a delivery, a review, a booking or a call ("requester_name",
# "dasherName", "assignee_name"), as normalized keys (``keys.normalize``); and a display name, which labels a group,
# a room, an app as often as a person ({"displayName": "Payroll"}, "Nursery"): each takes a rare name (a person's,
# however rare), not every word
ROLE_NAME_KEYS = frozenset(
    f"{role}name"
    for role in (
        "requester", "requestor", "assignee", "courier", "dasher", "reviewer", "approver", "submitter", "reporter",
        "rider", "shopper", "guest", "attendee", "technician", "organizer", "organiser", "passenger", "caregiver",
        "display",
        # a payment's parties (PSD2's "creditorName", "debtorName"), a person or a firm ("Stadtwerke", "Netflix")
        "creditor", "debtor", "payee", "payer", "remitter",
    )
) | {"managedby"}  # fmt: skip  # who manages a record, a kit, a group (AD's managedBy): a person, however rare


def reread(
    text: str, s: int, e: int, cue: str, span: tuple[int, int] | None, finder: PersonFinder
) -> tuple[int, int] | None:
    """The name a cue at ``text[s:e]`` introduces, given ``span``, what its own rule found
    (``nameshapes.match_name``): a rare name a greeting addresses or a sign-off's closing its line where that rule
    wants a common one; and none for a label's capitalised cue and the words of a team's, a page's or a measure's name
    after it (``_titled``: "Customer Success", "Patient Portal", "Customer Acquisition Cost")."""
    if span is None:
        if cue in _GREETINGS:
            opening = _OPENING.search(text, max(0, s - 8), s) is not None
            return _greeted(text, e, partial(finder.rare, likeness=_OPENING_LIKENESS) if opening else finder.greeted)
        if cue in _COPIED:
            return _closing(text, e, finder.given_before, _COPIED_NAME)
        if cue not in _SIGN_OFFS:
            return None
        if (m := _CLOSING_INITIALS.match(text, e)) is not None and m.group(1) not in _THANKED:
            return m.span(1)
        return _closing(text, e, finder.given_before, _CLOSING_NAME)
    if cue in _LABELS and text[s : s + 1].isupper() and _titled(text[span[0] : span[1]], finder):
        return None
    if (
        cue in _ABROAD
        and " " not in (word := text[span[0] : span[1]])
        and (word.casefold() in _THANKS_WORDS or _firm(word))
    ):
        return None  # "Gracias Amigo,", "Merci Orange,": a common name's word is a firm's or the thanks' own
    return span


def _titled(value: str, finder: PersonFinder) -> bool:
    """The words after a label's capitalised cue name a team, a page or a measure: one word ("Customer Success"), or
    two, the last an ordinary word ("Customer Success Playbook", "Customer Acquisition Cost", "Contact Sales Team")."""
    words = value.split()
    return len(words) == 1 or (len(words) == 2 and finder.ordinary(words[1]))


def _firm(word: str) -> bool:
    return firm_key(word) in firm_names()


def _greeted(text: str, at: int, loose: Callable[[str], bool]) -> tuple[int, int] | None:
    """The one name a greeting or thanks ending at ``at`` addresses, a comma or "!" after it, when ``loose`` takes it
    and it is no firm's of the gazetteer nor a country's ("Thanks Cassius,"; "Hi Team,", "Thanks Google," stay)."""
    m = _GREETED_NAME.match(text, at)
    if m is None or (word := m.group(1).casefold()) in _THANKS_WORDS or word in country_names():
        return None  # "Gracias Amigo,", "Καλημέρα Ελλάδα!": a thanks' own word, a country greeted
    if not loose(m.group(1)) or _firm(m.group(1)):
        return None
    return m.span(1)


def _closing(text: str, at: int, loose: Callable[[str], bool], rx: re.Pattern[str]) -> tuple[int, int] | None:
    """The one name closing its line after a sign-off or a copy's cue ending at ``at`` (``rx``: "Love, Peregrine",
    "Cheers,\\nPeregrine", "cc Ermengarde"), when ``loose`` takes it and it is no firm's ("Love, Island vibes" goes on;
    "Regards, The Team", "cc Support" are no one's)."""
    m = rx.match(text, at)
    if m is None or not loose(m.group(1)) or m.group(1).casefold() in NEVER or _firm(m.group(1)):
        return None
    return m.span(1)


def subject_before(text: str, s: int, rare: Callable[[str], bool]) -> tuple[int, int] | None:
    """A full name opening a sentence right before a contact verb at ``s`` ("Jedediah Thornbury called twice"): two
    capitalised words, neither an ordinary word, a place, a firm's word, nor a word that starts places, one of them a
    name ``rare`` takes, what follows the verb no thing it acts on ("Azure Functions called", "Stripe Billing emailed",
    "Kafka Connect called the sink" stay)."""
    m = _SUBJECT.search(text, max(0, s - 60), s)
    if m is None or _THING_AFTER.match(text, text.find(" ", s + 1)):
        return None
    first, last = m.group(1), m.group(2)
    if first.casefold() in NOT_FIRST or _firm(f"{first} {last}") or not (rare(first) or rare(last)):
        return None
    if not all(surname_word(w) and w.casefold() not in NEVER for w in (first, last)):
        return None
    return m.start(1), m.end(2)
