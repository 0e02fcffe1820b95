"""What around a capitalised name makes it a firm's, an institution's or a brand's, not a person's: a company's legal
form or a trade's word beside it ("Weber GmbH", "Brian Logistics", "Grupo García", ``firm``), an institution's name
before it in quotes ("Hospital Central de la Defensa «Gómez Ulla»", ``quoted_in_institution``), an entry of the
gazetteer of firms named like people ("Wells Fargo", ``known_firm``), a brand's goods, a model's number or a product
line's word beside it ("Ted Baker running jacket", ``brand``). ``names``, ``people`` and ``personal`` ask them of a
name they found. The words of an organisation's name (heads, trade words, legal forms) are ``orgwords``'."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from replay.redact.eponyms import EPONYM_NOUNS
from replay.redact.lexicon import COMMON, KNOWN, TOP, firm_key, firm_names, lexicon
from replay.redact.orgwords import KIN, LEGAL_FORM, ORG_HEAD_FORMS, TRADE_HEADS, TRADE_WORDS, compound_head

__all__ = [
    "BRANDS_FILE",
    "CARS_FILE",
    "brand",
    "brand_word",
    "caps_head_before",
    "eponym",
    "firm",
    "known_firm",
    "named_for",
    "quoted_in_institution",
    "unnamed_brand",
]

# One-word names of products and services that are rare given names or surnames too ("Shopify", "Redis", "Vercel"),
# one a line after "#" lines saying their source (``scripts/make_redact_data.py``)
BRANDS_FILE = Path(__file__).with_name("data") / "brands.txt"
# Cars' makes and models that read as a person's name ("dacia logan", "skoda octavia"), casefolded, one a line after
# "#" lines saying their sources (``scripts/make_redact_data.py``)
CARS_FILE = Path(__file__).with_name("data") / "cars.txt"

# Goods a brand named after its founder sells ("Ted Baker running jacket", "Kate Spade Classic Polo",
# "Johnnie Walker Black Label 70cl"): such a word within a few words after a name, with no function word
# between ("gave Anna Weber a bag" has "a", "Paul Smith's jacket" the possessive), makes the name a brand's.
# Not "hat": German's "has" ("Anna Müller hat gestern …").
_GOODS = frozenset(
    {
        "shirt", "shirts", "polo", "tee", "jacket", "coat", "parka", "hoodie", "sweater", "jumper", "cardigan",
        "dress", "skirt", "jeans", "chinos", "trousers", "pants", "shorts", "suit", "blazer", "scarf", "cap",
        "gloves", "bag", "handbag", "tote", "backpack", "wallet", "purse", "belt", "shoes", "sneakers", "trainers",
        "boots", "sandals", "loafers", "watch", "sunglasses", "perfume", "parfum", "cologne", "fragrance", "toilette",
        "lipstick", "mascara", "whisky", "whiskey", "bourbon", "scotch", "vodka", "gin", "rum", "tequila", "label",
        "collection", "store", "outlet", "boutique",
        # a bank's or a broker's accounts ("my Charles Schwab brokerage account", "the Ally savings rate")
        "brokerage", "checking", "savings", "mortgage", "401k",
        # a shop's appliances, in the languages of its orders ("Rice Cooker Miyako 1.8L", "Türk Kahvesi Makinesi")
        "cooker", "kettle", "blender", "toaster", "fryer", "makinesi", "maschine", "macchina", "máquina", "machine",
    }
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "to", "for", "from", "of", "with", "by", "at", "in", "on", "is", "was", "are"}
    | {"were", "has", "had", "have", "his", "her", "their", "my", "your", "our", "its", "this", "that", "s"}
)
# A model's name or number: a letter, a hyphen and a word ("Keurig K-Classic"); after a name, a word of letters then
# digits ("Buds2", "V15", "A2848"; a number alone may be a street's, a year, a phone's)
_MODEL_WORD = re.compile(r"[A-Z]-[A-Z][a-z]")
_MODEL_AFTER = re.compile(r"[ \t]+[A-Za-z]+\d[A-Za-z\d]*(?![\w\-@.+%]|\.\w)")
# A quantity and its unit after a name make it a product's ("Moka Express 6 tazze", "Miyako 1.8L", "Bosch 750 ml"); a
# one-letter unit joined to its number ("John Smith 30 W 42nd St" is a mailing line's street)
_MEASURE_AFTER = re.compile(
    r"[ \t]+\d+(?:[.,]\d+)?(?:(?i:l|w|v|g)|[ \t]?(?i:ml|cl|kw|mah|kg|gb|tb|cm|mm|inch|oz|lbs?|pcs|tazze|cups|tassen))"
    r"(?![\w\-])"
)
# One or two capitalised words after a name, then a quantity (``_measured_after``)
_CAPS_AFTER = re.compile(r"(?:[ \t]+[A-Z][a-z]+){1,2}")
_WORDS_AFTER = re.compile(r"(?:[ \t\u00a0]+[^\W\d_][\w'’\-]*){1,4}")
# A product line's word: two ordinary words joined in camel case ("PowerCore", "BoostCharge", "PlayStation"); a
# surname's inner capital follows a prefix that is none ("McDonald", "DeShawn", "VanderMeer", "MacArthur")
_CAMEL = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})")


_FORM_REACH = 24  # past a name's end: its separator and the longest form ("Sp. z o.o."), and the character after


# The capitalised word after a name, on its line, and whether a colon follows it (a form's next label: "Name: Jane
# Doe Company: Acme"), or "&" and the word after it
_WORD_AFTER = re.compile(r"[ \t\u00a0]+(&[ \t\u00a0]*)?([^\W\d_][\w.]*)(:?)")


def firm(text: str, a: int, b: int, person: bool = False) -> bool:
    """The name ``text[a:b]`` is a firm's: a legal form follows it or is in it past its first word ("Nowak Sp.
    z o.o.", "Weber GmbH", "Rossi S.p.A.", "Logistyka Sp" of "Logistyka Sp. z o.o."), or a trade's word ends it,
    follows it or starts it (``_trade``). One search from the name's start: a loop over its words that tried the
    pattern at each cost 6,000 instructions a name. ``person``: a cue says a person is named ("Mr.", "my name is")."""
    m = LEGAL_FORM.search(text, a, b + _FORM_REACH)
    return (m is not None and m.start() <= b) or _trade(text, a, b, person)


def _trade(text: str, a: int, b: int, person: bool = False) -> bool:
    """A trade's word (``orgwords.TRADE_WORDS``) ends the name ``text[a:b]`` past its first word or follows it
    capitalised ("Brian Logistics", "Kevin Holdings"), "&" and partners or heirs follow it ("Schmidt & Partner"), or
    a trade's word of ``TRADE_HEADS`` starts it or stands before it ("Grupo Bimbo"). Not a word a colon follows
    ("Jane Doe Company: Acme"), nor, where ``person`` says a person is named, one that is a common surname too ("Mr.
    Brian Trading")."""
    name = text[a:b]
    last = name.rsplit(None, 1)[-1] if " " in name else ""
    if last and _trade_word(last, person):
        return True
    m = _WORD_AFTER.match(text, b)
    if m is not None and not m.group(3) and m.group(2)[:1].isupper():
        word = m.group(2)
        if m.group(1) is not None:
            return word.casefold().rstrip(".") in KIN
        if _trade_word(word, person):
            return True
    first = name.split(None, 1)[0] if name else ""
    if first.casefold() in TRADE_HEADS and first != name:
        return True
    if a < 2 or not text[a - 1].isspace():
        return False
    before = text[max(0, a - 24) : a].split()
    return bool(before) and before[-1][:1].isupper() and before[-1].casefold() in TRADE_HEADS


def _trade_word(word: str, person: bool) -> bool:
    w = word.casefold().replace("i\u0307", "i")  # "İnşaat": Turkish capital İ folds to i and a dot
    if w not in TRADE_WORDS:
        return False
    return not person or lexicon().surname.get(w, KNOWN + 1) > COMMON


# A name in quotes, with its title, closing an institution's name ("Hospital Central de la Defensa «Gómez Ulla»",
# "Hospital Universitario 'Reina Sofia'", "Hospital Militar Escuela \"Dr. Alejandro Dávila Bolaños\""): the
# institution's words before the quote (escaped in a JSON text's raw view), capitalised or particles, on one line
_QUOTED_AFTER = re.compile(
    r"((?:[^\W\d_][\w´'\-]*[ \t\u00a0]+){1,8})\\*[«\"“„‘'][ \t]*(?:(?:Dr|Dra|Prof|Profa|San|Santa|St)\.?[ \t]+)?\Z"
)
_QUOTES = ("«", '"', "“", "„", "‘", "'")
# The lower-case words an institution's name holds between its capitalised ones ("Hospital Central de la Defensa")
_JOINS = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "la", "las", "los", "le", "les", "y", "e"})
_JOINS |= {"et", "und", "of", "and", "for", "der", "den", "van", "von", "d´", "l´"}


def quoted_in_institution(text: str, a: int) -> bool:
    """The name at ``a`` is quoted after an institution's name (``_QUOTED_AFTER``), one whose head word
    (``ORG_HEAD_FORMS``) is among the words before the quote, the others capitalised or a name's particles. A quick
    look first: most names have no quote before."""
    near = text[max(0, a - 7) : a]  # the quote, and a title after it ("\"Dr. ", "«Prof. ")
    if not any(q in near for q in _QUOTES) or (m := _QUOTED_AFTER.search(text, max(0, a - 120), a)) is None:
        return False
    words = m.group(1).split()
    return any(w in ORG_HEAD_FORMS or compound_head(w) for w in words) and all(
        w[:1].isupper() or w in _JOINS for w in words
    )


def caps_head_before(text: str, a: int) -> int:
    """Where a run of capitalised words at ``a`` starts when an institution's head word in capitals stands right
    before it ("CHU Habib Bourguiba", "HOSPITAL Juan Canalejo": ``ORG_HEAD_FORMS``): that word's start, so that the
    run is read as the institution's name; else ``a``."""
    if a < 3 or text[a - 1] != " ":
        return a
    w = a - 1
    while w and text[w - 1].isalpha():
        w -= 1
    return w if text[w : a - 1] in ORG_HEAD_FORMS and text[w : a - 1].isupper() and not text[w - 1 : w].isalnum() else a


# A doctor's title before a name (``named_for``)
_DOCTOR_TITLES = ("Dr", "Dra", "Doctor", "Doctora", "Dott", "Dottor", "Dottore", "Prof")
_TITLE_ENDS = tuple(t + end for t in _DOCTOR_TITLES for end in (" ", ". ", "\u00a0", ".\u00a0"))
_DOCTOR_BEFORE = re.compile(r"(?<![^ \u00a0])(?:" + "|".join(_DOCTOR_TITLES) + r")\.?[ \u00a0]+$")
# The particles of a department's name before its institution's in a language that puts the head first
_HEAD_FIRST_JOINS = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "la", "las", "los", "y", "e"})


def named_for(text: str, a: int) -> bool:
    """The doctor's title at ``a``, or the name after one there, names the doctor an institution is named for: it
    follows the institution's head word (and its adjective), first in its name ("el Hospital Dr. Peset", "Hospital
    Universitario Doctor Negrín") or after a department's ("Genética Molecular Hospital Dr. Julio C. Perrando"), as the
    languages that put the head first write them. Not "Cleveland Clinic Dr. Steven Nissen", a head that ends its name,
    nor "Hospital Director Maria Garcia"."""
    lo = max(0, a - 80)
    if not text.startswith(_DOCTOR_TITLES, a):
        # most names follow no title: a test of the characters before them first, then the search for one
        if (
            not text.endswith(_TITLE_ENDS, max(0, a - 10), a)
            or (title := _DOCTOR_BEFORE.search(text, max(0, a - 10), a)) is None
        ):
            return False
        a = title.start()
    words = text[lo:a].split()[1 if lo else 0 :]  # the first may be cut
    # the first of two heads ("Hospital Universitario Doctor Josep Trueta": the adjective a head too)
    k = next((k for k in (2, 1) if len(words) >= k and words[-k] in ORG_HEAD_FORMS and words[-k][:1].isupper()), 0)
    if not k or not words[-1][:1].isupper():
        return False
    run = []  # the capitalised words before the head, and the particles among them
    for w in reversed(words[:-k]):
        if w[-1] in ".,;:()" or not (w[:1].isupper() or w in _HEAD_FIRST_JOINS):
            break
        run.append(w)
    return not run or not _HEAD_FIRST_JOINS.isdisjoint(run)


# The words around a name that a firm's name may hold besides it: two on each side, within a few characters
_FIRM_REACH = 24
_AROUND = re.compile(r"\S+")
_PUNCT = "\"'“”‘’()[]{}<>,;:!?*\\"  # what a word carries of the sentence or its JSON ("(Wells Fargo)", "Joe's?\"}")
# A greeting or a sign-off right before a name: whoever is greeted or signs is a person ("Thanks, Paul Smith", "Best,
# Edward Jones"; not "the best Trader Joe's snacks")
_GREETED = re.compile(
    r"(?i:\b(?:(?:hi|hello|hey|dear|thanks|thank you)[,!:]?[ \t]+|(?:regards|cheers|best|sincerely|love)[,!:]?\s*\n\s*"
    r"|(?:regards|cheers|best|sincerely|love)[,!:][ \t]*))\Z"
)


def known_firm(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is, or is part of, a firm's or a brand's of the gazetteer (``lexicon.firm_names``)
    as written here, whole: "Wells Fargo", "Joe" of "Trader Joe's", "Jerry" of "Ben & Jerry's", "Martens" of
    "Dr. Martens"; not "John Wells", nor a name greeted or signing ("Hi David Jones,"). At most nine set lookups, of
    the name with up to two words on each side, when the name is a run of an entry's words."""
    # "Trader Joe's": the span ends before its "'s" (a slice's test: a regex's match cost as much as the lookup)
    end = b + 2 if text[b : b + 2] in ("'s", "’s") and not text[b + 2 : b + 3].isalnum() else b
    name = text[a:end]
    if firm_key(name) not in _firm_parts():
        return False  # most names: one lookup
    if a and (text[a - 1].isalnum() or text[a - 1] in "@#/\\_-."):
        return False  # inside a longer word, a handle, a path
    if _GREETED.search(text, max(0, a - 16), a):
        return False
    lo = max(0, a - _FIRM_REACH)
    before = [w.strip(_PUNCT) for w in _AROUND.findall(text, lo, a)]
    if lo and not text[lo - 1].isspace():
        before = before[1:]  # the first word was cut
    after = [w.strip(_PUNCT) for w in _AROUND.findall(text, end, b + _FIRM_REACH)]
    if after and not text[b : b + 1].isspace() and end == b:
        after = after[1:]  # the name's own word goes on ("Joe?")
    known = firm_names()
    for left in before[-2:], before[-1:], []:
        for right in [], after[:1], after[:2]:
            if firm_key(" ".join([*left, name, *right])) in known:
                return True
    return False


# A thing of science, medicine or law named after people: a name then its noun ("the Monty Hall problem", "the
# Dunning-Kruger effect", "Asperger syndrome"; no noun that is a verb too: "did Ann Lee test positive"). A possessive
# is the person's still ("Murphy's law": the public sets label the name in it, as in "Jane Smith's problem").
_EPONYM = re.compile(
    rf"(?:[ \t]+|-)(?i:{'|'.join(sorted(EPONYM_NOUNS | {'problem', 'effect', 'law', 'razor'}))})s?(?![\w-])"
)


# What medicine names after its describers with their possessive ("Parkinson's disease", "Graves' disease", "Gilles
# de la Tourette's syndrome": the name goes on through its particles to the possessive); the noun may be broken at a
# line's end, as a paper's text extracted from its PDF breaks it ("syn-\ndrome")
_MEDICAL_OWNED = re.compile(
    r"((?:[ \t]+(?:de|la|le|du|von|van|der|di|da))*[ \t]+[A-Z][^\W\d_]+)?['’]s?[ \t]+([^\W\d_]+)(?:-\r?\n([a-z]+))?"
    r"(?![\w-])"
)
_MEDICAL_NOUNS = frozenset(
    {"syndrome", "disease", "palsy", "thyroiditis", "lymphoma", "ataxia", "dystrophy", "sarcoma", "contracture"}
    | {"encephalopathy"}
)


def eponym(text: str, b: int) -> bool:
    """The name ending at ``b`` names a problem, an effect, a syndrome, a law after people (``_EPONYM``), or a disease
    with its describer's possessive (``_MEDICAL_OWNED``) and none of the commonest given names ("Jake's disease",
    "Emily Parker's syndrome" are theirs)."""
    if _EPONYM.match(text, b) is not None:
        return True
    m = _MEDICAL_OWNED.match(text, b) if text[b : b + 1] in " \t'’" else None
    if m is None or (m.group(2) + (m.group(3) or "")).casefold() not in _MEDICAL_NOUNS:
        return False
    # the describer's word, or the name's last two words ("Dr. Emily Parker's syndrome lab" is hers)
    owners = m.group(1).split()[-1:] if m.group(1) else text[max(0, b - 40) : b].split()[-2:]
    given = lexicon().given
    return all(given.get(w.casefold(), 0) != TOP for w in owners)


@cache
def _firm_parts() -> dict[str, None]:
    """Every run of words of the gazetteer's entries ("wells", "fargo", "wells fargo"): a name none of them is, is
    no firm's of it, whatever stands around it. A dict, as ``firm_names``, that the collector never walks."""
    parts: dict[str, None] = {}
    for key in firm_names():
        words = key.split()
        parts.update(
            dict.fromkeys(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
        )
    return parts


# A label of what a shop or a utility sells, its colon before the name: an offer, a plan, a tariff, a product
# (it, en, fr, de, es, pt, nl, pl)
_PRODUCT_LABEL = re.compile(
    r"(?i:offerta|tariffa|prodotto|pacchetto|offer|plan|tariff|product|package|bundle|offre|tarif|produit|forfait"
    r"|angebot|produkt|oferta|producto|produto|plano|aanbod|abonnement|pakket|taryfa|pakiet)[ \t]*:[ \t]*\Z"
)
# The same nouns that name a product right before it with no colon ("l'offerta Luce Flex di Enel", "Tarif Strom
# Basis"): not the verbs among them, whose object is as often a person ("we offer Anna Weber", "plan", "offre")
_PRODUCT_NOUNS = (
    " offerta", " tariffa", " prodotto", " pacchetto", " tariff", " product", " package", " bundle", " tarif",
    " produit", " forfait", " angebot", " produkt", " oferta", " producto", " produto", " plano", " aanbod",
    " abonnement", " pakket", " taryfa", " pakiet", "'offerta", "'offre", "'oferta",
)  # fmt: skip


# A purchase's verb right before a name: what follows is what was bought ("ordered Bose Headphones", "bought Ray Ban
# Wayfarers"); a meal's word and "at": where it was eaten ("dinner at Wong Kei", "a meal at Myung Ga"). Not a
# person given the thing or a person's place: an article, a determiner or a possessive after the name ("bought Anna
# Weber a gift", "ordered Maria Lopez the same", "dinner at John Smith's").
_THING_BEFORE = re.compile(
    r"(?i:\b(?:bought|ordered|purchased|pre-?ordered|returned|(?:meal|dinner|lunch|breakfast|brunch|supper|drinks|ate"
    r"|dined|coffee)[ \t]+at))[ \t]+\Z"
)
_GIVEN_AFTER = re.compile(
    r"['’]s(?!\w)|[ \t]+(?i:a|an|the|some|his|her|their|my|your|our|this|that|lunch|dinner|coffee|flowers)(?!\w)"
)


def brand(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a brand's: bought or eaten at (``_THING_BEFORE``), a word of ``_GOODS``, a model's
    (``_MODEL_WORD``) or a product line's (``_CAMEL``) is in it past its first word ("Classic Polo" of "Hugo Boss
    Classic Polo", "Anker PowerCore"), the name repeats its first word in parallel ("Blue Cross Blue Shield"), a
    model's number or a quantity follows it, or a word of ``_GOODS`` comes within a few words after it with no function
    word between; not a possessive ("Paul Smith's jacket" is his)."""
    if text[b - 2 : b] in ("'s", "’s"):
        return False
    if (
        text[a - 2 : a] in ("d ", "t ")  # the verbs' and "at"'s last letter: most names have neither before them
        and _THING_BEFORE.search(text, max(0, a - 20), a)
        and not _GIVEN_AFTER.match(text, b)
    ):
        return True  # "I have ordered Bose Headfones", "my first Korean meal at Myung Ga"
    if ":" in text[max(0, a - 4) : a] and _PRODUCT_LABEL.search(text, max(0, a - 24), a):
        return True  # "Offerta: Luce Flex", "Tarif : Vert Électrique": an offer's label names a product
    if text[a - 1 : a] == " " and (" " + text[max(0, a - 13) : a - 1].lower()).endswith(_PRODUCT_NOUNS):
        return True
    words = text[a:b].split()
    if any(w.lower() in _GOODS or _MODEL_WORD.match(w) or _camel_words(w) for w in words[1:]):
        return True
    if len(words) >= 2 and words[0].casefold() in _CAR_MAKES and _car_model(text, a, words):
        return True  # "a Kia Niro", "Renault Clio", "Mercedes Sprinter", "Tata Nexon"
    if len(words) >= 2 and f"{words[0]} {words[1]}".casefold() in _car_names():
        return True  # "Dacia Logan", "Skoda Octavia", "Lincoln Navigator": a car whose model is a common name too
    if len(words) >= 3 and words[2] == words[0] and lexicon().given.get(words[0].casefold(), KNOWN + 1) > COMMON:
        nxt = _WORDS_AFTER.match(text, b) if len(words) == 3 else None
        fourth = words[3] if len(words) > 3 else nxt.group(0).split()[0] if nxt is not None else ""
        if fourth[:1].isupper():
            return True  # "Blue Cross Blue Shield": a pair's parts in parallel ("Ahmed Mohamed Ahmed Hassan" is one's)
    if _MODEL_AFTER.match(text, b) or _MEASURE_AFTER.match(text, b) or _measured_after(text, a, b):
        return True  # "Samsung Galaxy Buds2 Pro", "Sony Alpha A7IV": a model's number after the name
    m = _WORDS_AFTER.match(text, b)
    if m is None:
        return False
    for word in m.group(0).split():
        w = word.lower()
        if w in _GOODS:
            return True
        if w in _FUNCTION_WORDS:
            return False
    return False


# Cars' makes, casefolded: mimesis 22.2.0's AUTO_MANUFACTURERS (MIT; the one-word ones, Mercedes-Benz's first word
# too), and the makes of India's, South-East Asia's and China's roads that it lacks. Several are given names ("Kia",
# "Mercedes", "Tata") or surnames ("Ford", "Honda", "Renault").
_CAR_MAKES = frozenset(
    {
        "abarth", "audi", "bentley", "bmw", "bugatti", "cadillac", "chevrolet", "chrysler", "citroën", "citroen",
        "dacia", "daewoo", "daihatsu", "dodge", "donkervoort", "ferrari", "fiat", "fisker", "ford", "honda", "hummer",
        "hyundai", "infiniti", "iveco", "jaguar", "jeep", "kia", "lada", "lamborghini", "lancia", "landwind", "lexus",
        "lotus", "maserati", "maybach", "mazda", "mclaren", "mercedes", "mercedes-benz", "mitsubishi", "morgan",
        "nissan", "opel", "peugeot", "porsche", "renault", "rover", "saab", "seat", "skoda", "škoda", "ssangyong",
        "subaru", "suzuki", "tesla", "toyota", "volkswagen", "volvo", "vw",
        "tata", "maruti", "mahindra", "proton", "perodua", "byd", "geely", "chery", "haval", "vinfast", "cupra",
    }
)  # fmt: skip
# An article or a possessive before a make: a thing one drives ("a Kia Niro", "my Mercedes Sprinter", "die neue …")
_CAR_BEFORE = re.compile(
    r"(?i:\b(?:a|an|the|my|our|his|her|their|your|this|that|new|old|used|un|una|uno|el|la|il|le|lo|mi|mio|mia|mon|ma"
    r"|ein|eine|einen|mein|meinen|meine|der|die|den|das|neue|neuen|o|um|uma|meu|minha|een|mijn|de|het)[ \t]+)\Z"
)


@cache
def _car_names() -> frozenset[str]:
    """The pairs of ``CARS_FILE``: a car's make and model that read as a person's name."""
    return frozenset(w for w in CARS_FILE.read_text(encoding="utf-8").splitlines() if w[:1] != "#")


def _car_model(text: str, a: int, words: list[str]) -> bool:
    """The word after a car's make at ``a`` (``words``: the name's) names the car, not a person who has the make's
    name for a given name or a surname: no common surname or given name, nor one after it ("Mercedes Ruiz", "Kia
    Johnson", "Ford Madox Ford" are people's); and after a make that is one of the commonest given names ("Kia",
    "Lada", "Mercedes", "Morgan", "Tata"), only with an article or a possessive before the make ("I drive a Kia
    Niro", "the Tata Nexon EV"): "Mercedes Quintanilla" and "Morgan Xu" are people, whatever the lexicon knows of
    their surnames."""
    lex = lexicon()
    make, word = words[0], words[1].casefold()
    given, surname = lex.given.get(word, 0), lex.surname.get(word, 0)
    if 0 < given <= COMMON or 0 < surname <= COMMON:
        return False
    if len(words) > 2 and 0 < lex.surname.get(words[2].casefold(), 0) <= COMMON:
        return False
    if lex.given.get(make.casefold(), 0) != TOP:
        return True
    return _CAR_BEFORE.search(text, max(0, a - 8), a) is not None


def _camel_words(word: str) -> bool:
    """``word`` is two ordinary words joined in camel case, a product line's ("PowerCore")."""
    m = _CAMEL.fullmatch(word) if not word.istitle() else None  # "Wu", "Whitfield": no inner capital, no regex
    lex = lexicon()  # a dictionary's rarer words and plurals too ("TechSolutions")
    return m is not None and all(part.lower() in lex.words or part.lower() in lex.rare_words for part in m.groups())


@cache
def _brand_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in BRANDS_FILE.read_text(encoding="utf-8").splitlines() if w[:1] != "#")


def brand_word(name: str) -> bool:
    """``name`` is a product's or a service's name: one word that is no common given name or surname ("Hi Shopify,",
    "Thanks Redis,", a bot reporter "Sentry"; "Jenkins" is a person's), where a greeting, a cue or a name field says no
    person stands, or several that read as a person's ("Spring Boot", "Android Studio")."""
    return name.casefold() in _brand_words()


def unnamed_brand(word: str) -> bool:
    """``word`` is a product's, a service's or a firm's one-word name (``brand_word``) that no list of names holds
    ("Accenture", "Atlassian", "Elsevier"): it ends a person's name it follows ("Kevin A. Boone Accenture", a
    signature's employer) and starts none; its possessive too ("Reed Elsevier's")."""
    w = word.casefold().replace("’", "'").removesuffix("'s")
    if w not in _brand_words():
        return False
    lex = lexicon()
    return not lex.given.get(w) and not lex.surname.get(w)


def _measured_after(text: str, a: int, b: int) -> bool:
    """A product's other words, one or two capitalised ones that are no common name, then a quantity and its unit
    after the name ``text[a:b]`` ("Blue Mountain Coffee Beans 1kg", "Green Valley Olive Oil 500 ml"); not after one
    of the commonest given names ("Paul Weber Packs 20 kg"), nor when a name stands there ("Anna Weber Lopez 5 kg")."""
    m = _CAPS_AFTER.match(text, b)
    if m is None or not _MEASURE_AFTER.match(text, m.end()):
        return False
    lex = lexicon()
    if lex.given.get(text[a:b].split()[0].casefold()) == TOP:
        return False
    return not any(
        0 < lex.given.get(w, 0) <= COMMON or 0 < lex.surname.get(w, 0) <= COMMON for w in m.group(0).casefold().split()
    )
