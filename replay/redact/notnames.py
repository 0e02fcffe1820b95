"""Capitalised words that are not people's names, and what around a name makes it a place's or a
brand's: the words that follow "I am", "Hi" or "Dear" without being names (``STOP_WORDS``), the words that
start places and greetings, company forms and product words, the heads of places named after people
("… Bridge"), the goods of brands named after their founders, and one-word countries and states. ``names``
(names after a cue) and ``people`` (names with no cue) read them."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

from replay.redact.lexicon import COMMON, KNOWN, firm_key, firm_names, lexicon

__all__ = [
    "NEVER", "NOT_FIRST", "ORG_HEADS", "ORG_HEAD_FORMS", "PLACE_HEADS", "STOP_WORDS", "brand", "firm", "known_firm",
    "places",
]  # fmt: skip

# Capitalised words that follow "I am", "Hi" or "Dear" without being names.
STOP_WORDS = frozenset(
    [
        "frau",
        "herr",
        "herrn",
        "madame",
        "monsieur",
        "mme",
        "mlle",
        "señor",
        "señora",
        "sr",
        "sra",
        "srta",
        "signor",
        "signora",
        "sig",
        "dott",
        "prof",
        "mr",
        "mrs",
        "ms",
        "dr",
        "miss",
        "mx",
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
        "him",
        "them",
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
        # assistants named as people are (a chat prompt names them far more often than a person so named)
        "gemini",
        "siri",
        "cortana",
        "copilot",
        "grok",
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
        # software and platforms a prompt about code names, never a person ("Apache Cordova", "Azure Load Balancer")
        "apache",
        "azure",
        "aws",
        "github",
        "gitlab",
        "docker",
        "kubernetes",
        "linux",
        "ubuntu",
        "windows",
        "android",
        "node",
        "nodejs",
        "npm",
        "jquery",
        "mysql",
        "postgresql",
        "mongodb",
        "nginx",
        "typescript",
    ]
)

# Capitalised words that start places, greetings and sentences more often than names.
NOT_FIRST = frozenset(
    [
        "san",
        "santa",
        "santo",
        "são",
        "sao",
        "saint",
        "st",
        "port",
        "fort",
        "mount",
        "mt",
        "monte",
        "lake",
        "new",
        "north",
        "south",
        "east",
        "west",
        "los",
        "las",
        "el",
        "bad",
        "gross",
        "klein",
        "upper",
        "lower",
        "old",
        "great",
        "little",
        "hi",
        "hello",
        "hey",
        "dear",
        "hallo",
        "bonjour",
        "hola",
        "ciao",
        "salut",
        "liebe",
        "lieber",
        "thanks",
        "thank",
        "cheers",
        "regards",
        "best",
        "kind",
        "warm",
        "team",
        "mr",
        "mrs",
        "ms",
        "dr",
        "herr",
        "frau",
        "mme",
        "mlle",
        "sr",
        "sra",
        "von",
        "van",
        "de",
        "la",
        "le",
        "du",
        "des",
        "der",
        "den",
        "del",
        "monsieur",
        "madame",
        "señor",
        "señora",
        "signor",
        "signora",
    ]
)
# Words that start an institution's name, in the languages of the cues ("Hospital Infanta Cristina", "Servicio de
# Urología", "Sąd Okręgowy", "Universidad de Alcalá", "Anwaltskanzlei Müller & Kollegen", "Studio Rossi e associati"):
# the capitalised words after one name the institution, not a person, and a name before one ends there ("Dr. Pablo
# Garrido Abad Servicio de Urología").
ORG_HEADS = frozenset(
    {
        "hospital", "hôpital", "hopital", "ospedale", "krankenhaus", "ziekenhuis", "klinik", "klinikum", "clínica",
        "clinica", "clinique", "clinic", "kliniek", "policlínica", "policlinico", "sanatorio", "ambulatorio",
        "consultorio", "servicio", "serviço", "servizio", "sección", "seccion", "unidad", "unità", "unité",
        "abteilung", "complejo", "complexo", "centro", "universidad", "universidade", "université", "università",
        "universität", "universiteit", "university", "facultad", "faculdade", "faculté", "facoltà", "departamento",
        "département", "dipartimento", "fundación", "fundació", "fundação", "fondation", "fondazione", "stiftung",
        "stichting", "instituto", "institut", "istituto", "institute", "foundation", "college", "colegio", "consorcio",
        "laboratorio", "laboratoire", "escuela", "escola", "école", "scuola", "hochschule", "hogeschool", "kanzlei",
        "anwaltskanzlei", "advocatenkantoor", "bufete", "despacho", "studio", "praxis",
        # courts and works named in their own language beside an English text's name for them ("the Lubań District
        # Court (Sąd Rejonowy w Lubaniu)", "Częstochowskie Zakłady Metalowe")
        "sąd", "trybunał", "tribunal", "tribunale", "juzgado", "rechtbank", "zakład", "zakłady",
    }
)  # fmt: skip
# The same as written in a text (a set lookup of the word itself, not of its case-folded copy: a name's every word)
ORG_HEAD_FORMS = frozenset(f for h in ORG_HEADS for f in (h, h.capitalize(), h.upper()))
# Words that are never part of a name: the cue module's stop words, and what a run of capitals in
# an API's text holds besides names (company forms, acronyms, street and product words, fonts).
NEVER = STOP_WORDS | frozenset(
    [
        "ag",
        "air",
        "alpha",
        "api",
        "apt",
        "are",
        "ave",
        "avenue",
        "be",
        "been",
        "beta",
        "blvd",
        "boulevard",
        "bv",
        "cd",
        "ceo",
        "cfo",
        "ci",
        "cli",
        "cloud",
        "co",
        "condensed",
        "corp",
        "court",
        "ct",
        "cto",
        "display",
        "dr",
        "drive",
        "edition",
        "emoji",
        "gmbh",
        "hr",
        "http",
        "https",
        "id",
        "inc",
        "ip",
        "its",
        "json",
        "lane",
        "lite",
        "llc",
        "ln",
        "ltd",
        "max",
        "mini",
        "model",
        "mono",
        "os",
        "pl",
        "place",
        "plc",
        "plus",
        "pr",
        "pro",
        "qa",
        "rd",
        "road",
        "sa",
        "sans",
        "sdk",
        "series",
        "serif",
        "st",
        "street",
        "studio",
        "suite",
        "symbols",
        "them",
        "ui",
        "ultra",
        "url",
        "ux",
        "version",
        "vim",  # the editor ("… used by Windows twice. Vim\nWhat Vim detects")
        "vp",
        "was",
        "way",
        "were",
    ]
)
# and the words that start institutions, and a contact's labels after a name ("Madrid E-mail: …", "García NºCol: …")
NEVER |= ORG_HEADS | {"e-mail", "email", "correo", "tel", "telf", "fax", "nºcol"}
# and the roles that label a call's transcript or stand before a name in Spanish, German, French, Italian and Portuguese
# ("Agente: gracias", "Kundin: …", "die Schülerin Leonie …", "l'élève Maëlys …")
NEVER |= {"agente", "cliente", "operador", "operadora", "asesor", "asesora", "kunde", "kundin", "berater", "beraterin"}
NEVER |= {"mitarbeiter", "mitarbeiterin", "conseiller", "conseillère", "opérateur", "opératrice", "atendente"}
NEVER |= {"schüler", "schülerin", "alumno", "alumna", "élève", "étudiant", "étudiante", "studente", "studentessa"}
# and the abbreviated words of a paper's affiliations ("Dept of Med, Univ Med Ctr Groningen", "Inst of Clin Chem")
NEVER |= {"univ", "dept", "ctr", "inst", "hosp", "hlth", "rsrch", "med", "clin", "sci", "natl", "assoc", "labs"}
# Words after a name that make it the name of a place or an institution ("George Washington Bridge",
# "Charles de Gaulle airport", "Johns Hopkins Hospital"), capitalised or not, right after it or ending the capitalised
# words it stands in.
PLACE_HEADS = frozenset(
    {
        "airport", "bridge", "station", "terminal", "tunnel", "highway", "freeway", "expressway", "boulevard", "avenue",
        "street", "road", "square", "plaza", "park", "memorial", "monument", "center", "centre", "hall", "hospital",
        "clinic", "university", "college", "school", "academy", "institute", "library", "museum", "gallery", "stadium",
        "arena", "theatre", "theater", "tower", "building", "church", "cathedral", "chapel", "basilica", "temple",
        "mosque", "synagogue", "pier", "harbour", "harbor", "bay", "beach", "lake", "river", "falls", "island",
        "islands", "mountain", "valley", "canyon", "county", "foundation", "prize", "award", "trophy", "trust", "fund",
        "estate", "gardens", "garden", "zoo", "mall",
        # and bodies named after a place or a person ("Diyarbakır Martial Law Court", "Ankara State Security Court")
        "court", "courts", "tribunal", "prison", "ministry", "directorate", "council", "commission", "committee",
        "agency", "parliament", "party", "police", "bank",
    }
)  # fmt: skip
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
_WORDS_AFTER = re.compile(r"(?:[ \t\u00a0]+[^\W\d_][\w'’\-]*){1,4}")
# A product line's word: two ordinary words joined in camel case ("PowerCore", "BoostCharge", "PlayStation"); a
# surname's inner capital follows a prefix that is none ("McDonald", "DeShawn", "VanderMeer", "MacArthur")
_CAMEL = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})")


# A company's legal form after a space or comma, in the case it is written in (the short ones are words otherwise:
# "AS", "SE", "SA"): Polish, German, French, Spanish, Italian, Dutch, Nordic, Czech, Hungarian and English ones.
_LEGAL_FORM = re.compile(
    r"[ ,\u00a0][ \t\u00a0]*(?=[ABCEGIKLNOPSUVZaegps])"  # the forms' first letters: most words fail here
    r"(?:[Ss]p\.[ \t\u00a0]*(?:z[ \t\u00a0]*o\.[ \t\u00a0]*o\.|[jkp]\.|z\.?[ \t\u00a0]*o\.?[ \t\u00a0]*o)"
    r"|GmbH|gGmbH|AG|KG|KGaA|OHG|UG|SE|e\.[ \t]?K\.|S\.A\.S?|SAS|SA|SARL|S\.à\.r\.l\.|Sàrl|EURL|SNC|S\.L\.U?|SLU?"
    r"|S\.p\.A\.|SpA|S\.r\.l\.|Srl|SRL|S\.n\.c\.|B\.V\.|BV|N\.V\.|NV|VOF|Ltd\.?|Limited|LLC|LLP|L\.L\.C\.|PLC|plc"
    r"|Inc\.?|Corp\.?|Co\.|s\.r\.o\.|a\.s\.|Kft\.?|Zrt\.?|Oy|Oyj|AB|A/S|ApS|ASA)(?![^\W_])"
)
_FORM_REACH = 24  # past a name's end: its separator and the longest form ("Sp. z o.o."), and the character after


def firm(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a firm's: a legal form follows it or is in it past its first word ("Nowak Sp.
    z o.o.", "Weber GmbH", "Rossi S.p.A.", "Logistyka Sp" of "Logistyka Sp. z o.o."). One search from the name's
    start: a loop over its words that tried the pattern at each cost 6,000 instructions a name."""
    m = _LEGAL_FORM.search(text, a, b + _FORM_REACH)
    return m is not None and m.start() <= b


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


def brand(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a brand's: a word of ``_GOODS``, a model's (``_MODEL_WORD``) or a product line's
    (``_CAMEL``) is in it past its first word ("Classic Polo" of "Hugo Boss Classic Polo", "Anker PowerCore"), the
    name repeats its first word in parallel ("Blue Cross Blue Shield"), a model's number follows it, or a word of
    ``_GOODS`` comes within a few words after it with no function word between; not a possessive ("Paul
    Smith's jacket" is his)."""
    if text[b - 2 : b] in ("'s", "’s"):
        return False
    words = text[a:b].split()
    if any(w.lower() in _GOODS or _MODEL_WORD.match(w) or _camel_words(w) for w in words[1:]):
        return True
    if len(words) >= 3 and words[2] == words[0] and lexicon().given.get(words[0].casefold(), KNOWN + 1) > COMMON:
        nxt = _WORDS_AFTER.match(text, b) if len(words) == 3 else None
        fourth = words[3] if len(words) > 3 else nxt.group(0).split()[0] if nxt is not None else ""
        if fourth[:1].isupper():
            return True  # "Blue Cross Blue Shield": a pair's parts in parallel ("Ahmed Mohamed Ahmed Hassan" is one's)
    if _MODEL_AFTER.match(text, b):
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


def _camel_words(word: str) -> bool:
    """``word`` is two ordinary words joined in camel case, a product line's ("PowerCore")."""
    m = _CAMEL.fullmatch(word) if not word.istitle() else None  # "Wu", "Whitfield": no inner capital, no regex
    return m is not None and all(part.lower() in lexicon().words for part in m.groups())


@cache
def places() -> frozenset[str]:
    """Countries, US states and continents of one word, many of them given names too (Jordan, Georgia, Chad):
    "Jordan said" is a country's statement as often as a person's."""
    countries = {names["aa"].casefold() for names in _locale_data().values() if " " not in names.get("aa", " ")}
    return frozenset(countries) | _STATES | _CONTINENTS


@cache
def country_names() -> frozenset[str]:
    """Every country's name, casefolded, in English and the languages of the places an address names one in
    ("Sweden", "Sverige", "Deutschland", "Czech Republic")."""
    langs = ("aa", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb", "fi", "cs", "hu", "ro", "tr")
    named = (names.get(lang, "*") for names in _locale_data().values() for lang in langs)
    return frozenset(n.casefold() for n in named if not n.startswith("*"))


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' country names by language, from its module file alone: imported as
    ``phonenumbers.geodata.locale`` it first runs its package's ``__init__``, which loads 40 MB of per-prefix
    geodata that is never read here (0.4 CPU-s in every process that redacts a text; this file, 0.02)."""
    import phonenumbers

    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOCALE_DATA


# Continents ("America is a nation that will endure": a given name in the lexicon, a place first).
_CONTINENTS = frozenset({"america", "europe", "asia", "africa", "oceania", "antarctica"})
_STATES = frozenset(
    {
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
        "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
        "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
        "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
        "washington", "wisconsin", "wyoming", "carolina", "dakota",
    }
)  # fmt: skip
