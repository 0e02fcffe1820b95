"""Runs of capitalised names that name a place or a product, not a person: a place's generic word with its name
("Costa Brava", "Gunung Rinjani", "Kelebekler Vadisi", "Diani Beach"), a brand with its model or its service ("Opel
Corsa", "Samsung Health"), a natural feature or a breed ("Black Forest", "Golden Retriever"), a country or a big city
of two names ("Costa Rica", "Sierra Leone"), a country's big cities listed or with their quarter ("Salvador e
Curitiba", "Jakarta Selatan"), a day's name ("Wielki Piątek"), a season's wishes ("Joyeux Noël", "Shana Tova"), a
greeting or a thanks ("Guten Tag", "Terima Kasih"), a name a place's or an institution's head follows ("Toby Robins
Research Centre").
``people`` asks them of the runs and the pairs it reads; each word may be a name of the lexicon."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from replay.redact.eponyms import FEATURES, PLACE_HEADS
from replay.redact.firms import brand_word
from replay.redact.lexicon import COMMON, TOP, Lexicon, lexicon
from replay.redact.notnames import CALENDAR
from replay.redact.orgwords import OFFICE_TITLES, TRADE_WORDS
from replay.redact.placenames import big_cities, country_names, places
from replay.redact.wordforms import strip_marks

__all__ = [
    "BUILT_BEFORE",
    "EVENT_HEADS",
    "PLACE_AFTER",
    "PLACE_BEFORE",
    "SAINTS",
    "cities",
    "courteous",
    "dated",
    "featured",
    "generic",
    "head_after",
    "place_after",
    "place_end",
    "place_of_two",
    "run_head",
    "station",
    "town_after_code",
    "wished",
]

# A list of cities in a run joins them by its particles ("Salvador e Curitiba"); a city's part is named by a compass
# word after it in Indonesian and Malay, Portuguese and Spanish, French, German and English ("Jakarta Selatan")
_AND = re.compile(r" (?:e|y) ")
_QUARTER = re.compile(
    r" (?:selatan|utara|barat|timur|pusat|norte|sul|sur|oeste|leste|nord|ouest|süd|ost|north|south|east|west|centro)\Z"
)
# A place's generic word before its name, in the languages whose names the finder reads: a coast, a range, a lake, a
# mountain, an island, a valley, a cape ("Costa Brava", "Sierra Nevada", "Gunung Rinjani", "Mlima Kilimanjaro", "Val
# Gardena", "Bukit Bintang"); after it, in Turkish and Hindi-English ("Kelebekler Vadisi", "Kızılay Meydanı", "Rajiv
# Nagar"). English's ("Lake", "Mount", "Valley") are common words already, which no name holds.
PLACE_BEFORE = frozenset(
    {
        "costa", "sierra", "serra", "gran", "monte", "mont", "val", "valle", "lago", "lac", "gunung", "danau", "pulau",
        "bukit", "pantai", "tanjung", "teluk", "selat", "sungai", "lembah", "kampung", "nusa", "mlima", "ziwa",
        "kisiwa", "praia", "playa", "isla", "ilha", "île", "cabo", "baía", "bahía", "río", "rio", "punta", "ponta",
        "ribeira", "laguna", "lagoa", "chapada", "morro", "cerro", "costiera", "riviera", "côte", "massif", "haute",
        "alta", "alto", "jebel", "jabal", "gebel", "wadi", "núi", "bãi", "vịnh", "sông", "đảo",
        # a city's, a town's or a Mexican quarter's word ("Ciudad de la Habana", "Ciutat de la Justícia", "Colonia
        # Granada", "Cidade de Deus")
        "ciudad", "ciutat", "cidade", "città", "colonia",
    }
)  # fmt: skip
# A built place's head word before its name, in the same languages: a station, a museum, a square, a gate, a tower, a
# castle, a palace, a church, a temple, a theatre, a park, a stadium, an airport, a bridge, a market, a garden, a fort
# ("Gare de Lyon", "Museo del Prado", "Piazza Navona", "Torre de Belém", "Zamek Królewski", "Estádio da Luz").
# Several are common surnames ("Torre", "Piazza", "Castillo"): only a name's first word, where ``generic`` reads it
# with the word after; inside a run they stay a name's ("Wenceslao Torre Buxalleu").
BUILT_BEFORE = frozenset(
    {
        "gare", "estación", "estação", "stazione", "dworzec", "museo", "musée", "museu", "muzeum", "piazza", "plaza",
        "praça", "puerta", "porta", "torre", "tour", "zamek", "castello", "castillo", "castelo", "château", "palazzo",
        "palacio", "palácio", "palais", "catedral", "cattedrale", "cathédrale", "duomo", "iglesia", "chiesa",
        "igreja", "église", "kościół", "candi", "masjid", "pura", "klenteng", "teatro", "théâtre", "parque", "parco",
        "mosteiro", "monasterio", "monastero", "abbaye", "pałac", "estádio", "estadio", "stadio", "stade",
        "aeroporto", "aeropuerto", "aéroport", "ponte", "puente", "pont", "mercado", "marché", "mercato", "basílica",
        "basilique", "basilica", "capela", "capilla", "cappella", "convento", "jardim", "jardín", "jardin",
        "giardino", "fortaleza", "forte", "ermita",
    }
)  # fmt: skip
_BEFORE = PLACE_BEFORE | BUILT_BEFORE
PLACE_AFTER = frozenset(
    {
        "vadisi", "meydanı", "gölü", "dağı", "dağları", "adası", "körfezi", "mahallesi", "nagar", "vihar", "chowk",
        "bagh", "ganj", "sarayı", "camii", "kulesi", "köprüsü", "müzesi", "çarşısı", "parkı",
    }
)  # fmt: skip


def cities(value: str) -> bool:
    """The run ``value`` is a country's big cities ("Belo Horizonte", "Salvador e Curitiba", "Jakarta Selatan") or
    products' names, each part of its list, or a big city and its country, as an address's last line writes them
    ("Madrid España", "Medellín Colombia")."""
    low = value.casefold()
    if all(_QUARTER.sub("", c) in big_cities() or brand_word(c) for c in _AND.split(low)):
        return True
    city, _, country = low.rpartition(" ")
    countries = country_names()
    return (country in countries or strip_marks(country) in countries) and city in big_cities()  # "Lima Perú"


# A postal code before an address's town: five digits (Portugal's "1100-053") after a comma or a house's number, or
# a full stop after them ("Calle Tajo, s/n, 28670 Villaviciosa de Odón", "Avda. Pio XII, 36 31008 Pamplona",
# "Clínica Ubarmin 31486. Elcano Navarra"); not a label's number ("Patient 30211 Carmen Ruiz", "Ticket 48213")
_CODE_BEFORE = re.compile(r"(?:(?:,[ \t]*|\d[ \t]+)(?:\d{5}|\d{4}-\d{3})\.?|(?<![\w-])\d{5}\.)[ \t]+\Z")


def town_after_code(text: str, a: int, b: int) -> bool:
    """The run ``text[a:b]`` follows an address's postal code (``_CODE_BEFORE``) and names a big city or a country
    among its words: an address's town and its province or country ("28670 Villaviciosa de Odón Madrid", "31486.
    Elcano Navarra", "20121 Milano Italia"), not a person's name."""
    if a < 7 or not (text[a - 2].isdigit() or text[a - 2] == "."):
        return False  # most names: no digit or full stop before their blank
    if _CODE_BEFORE.search(text, max(0, a - 12), a) is None:
        return False
    cities, countries = big_cities(), country_names()
    return any(w in cities or w in countries for w in text[a:b].casefold().split())


# A season's wishes: a wish's word and a feast's or a new year's ("Joyeux Noël", "Feliz Navidad y Próspero Año", "Buon
# Natale", "Bonne Année", "Boas Festas", "Frohe Ostern", "Eid Mubarak", "Ramadan Kareem", "Selamat Hari Raya", "Shana
# Tova", "Gott Nytt År", "Godt Nytår", "Mutlu Yıllar", "Sretan Božić", "Veselé Vánoce"), in the languages the cues
# read; each may be a name ("Noël", "Felice", "Natale", "Mubarak", "Mutlu")
_WISHES = frozenset(
    {
        "joyeux", "joyeuses", "bonne", "bonnes", "feliz", "felices", "próspero", "buon", "buona", "buone", "felice",
        "frohe", "frohes", "fröhliche", "gutes", "boas", "prettige", "gelukkig", "vrolijk", "vrolijke", "wesołych",
        "szczęśliwego", "mubarak", "kareem", "karim", "selamat", "tova", "tovah", "gott", "god", "godt", "glad",
        "glædelig", "gledelig", "mutlu", "iyi", "mübarek", "sretan", "sretna", "veselé", "šťastné", "šťastný",
    }
)  # fmt: skip
_FEASTS = frozenset(
    {
        "noël", "fêtes", "année", "pâques", "navidad", "navidades", "pascua", "pascuas", "año", "fiestas", "natale",
        "pasqua", "anno", "feste", "weihnachten", "ostern", "neues", "jahr", "festas", "natal", "páscoa", "ano",
        "kerstmis", "kerstdagen", "nieuwjaar", "pasen", "świąt", "roku", "eid", "ramadan", "ramazan", "hari", "raya",
        "aidilfitri", "aidiladha", "idulfitri", "idul", "fitri", "adha", "lebaran", "tahun", "baru", "shana", "shanah",
        "jul", "nytt", "år", "nytår", "nyttår", "påsk", "påske", "yıllar", "bayram", "bayramlar", "bayramı",
        "bayramınız", "božić", "godina", "vánoce", "nový", "rok",
    }
)  # fmt: skip


def wished(value: str, given: Callable[[str], int]) -> bool:
    """The run ``value`` holds a wish's word and a feast's ("Joyeux Noël", "Eid Mubarak"), or a feast's words alone
    ("Hari Raya Aidilfitri"): a season's wishes, no one's name; not when the wish's word is one of the commonest given
    names (``given``: a word's tier as one) that stands before the feast's ("Felice Natale", "Karim Eid" may be
    people)."""
    words = value.casefold().split()
    wish = next((k for k, w in enumerate(words) if w in _WISHES), None)
    if wish is None:
        return len(words) > 1 and all(w in _FEASTS for w in words)  # "Hari Raya Aidilfitri": a feast's name alone
    if not any(w in _FEASTS for w in words):
        return False
    return given(words[wish]) != TOP or wish == len(words) - 1


# The words of a greeting by the time of day, a thanks, a letter's salutation, capitalised as a message's first words
# often are ("Guten Tag", "Buona Sera", "Boa Tarde", "Bonne Journée", "Grazie Mille", "Hartelijk Dank", "Obrigado Pela
# Ajuda", "Dziękuję Bardzo", "Tack Så Mycket", "Mange Tak", "Kiitos Paljon", "Terima Kasih", "Salamat Po", "Sehr
# Geehrte Damen"), in the languages the cues read; many are names too ("Sera", "Tarde", "Dia", "Mille", "Po", "Tak")
_COURTESY = frozenset(
    {
        "guten", "gute", "schönen", "vielen", "lieben", "herzlichen", "sehr", "geehrte", "geehrter", "damen",
        "herren", "tag", "morgen", "abend", "nacht", "dank", "grüße", "gruß", "buona", "buon", "buone", "sera",
        "serata", "giornata", "notte", "grazie", "mille", "boa", "bom", "bons", "tarde", "dia", "noite", "obrigado",
        "obrigada", "muito", "pela", "ajuda", "buenos", "buenas", "días", "noches", "muchas", "gracias", "bonne",
        "journée", "soirée", "nuit", "merci", "beaucoup", "hartelijk", "hartelijke", "goede", "dag", "avond",
        "middag", "groet", "groeten", "dziękuję", "bardzo", "dzień", "dobry", "tack", "så", "mycket", "god",
        "morgon", "kväll", "mange", "tak", "godt", "kiitos", "paljon", "hyvää", "päivää", "terima", "kasih",
        "banyak", "salamat", "po",
    }
)  # fmt: skip


def courteous(value: str) -> bool:
    """The run ``value`` is two or more words of a greeting, a thanks or a salutation (``_COURTESY``), no one's: one
    of them at least no name of the lexicon ("Guten", "Grazie", "Terima"), or none of them one of the commonest
    names ("Boa Tarde"): two names, one of them among the commonest, may be a person's ("Dag Mille", "Po Tak")."""
    words = value.casefold().split()
    if len(words) < 2 or not all(w in _COURTESY for w in words):
        return False
    lex = lexicon()
    tiers = [(lex.given.get(w, 0), lex.surname.get(w, 0)) for w in words]
    return (0, 0) in tiers or not any(TOP in t for t in tiers)


def dated(value: str, given: Callable[[str], int]) -> bool:
    """A month's or a weekday's name of ``notnames.CALENDAR`` that is a name too ("Piątek", "Sobota", "Maj") is in
    ``value`` with no common given name (``given``: a word's tier as one; "Jan Piątek", "Julio Gonzalez", "Maja
    Nowak" are people's); or ``value`` is such names alone, two or more and the particles between them, whatever
    else each may name: a list of months or days ("Enero Febrero Marzo Abril", "Mart Nisan", "Segunda Feira")."""
    words = value.split()
    days = [w.casefold() in CALENDAR for w in words]
    if not any(days):
        return False
    if sum(days) >= 2 and all(day or w.islower() for w, day in zip(words, days, strict=True)):
        return True
    return not any(0 < given(w) <= COMMON for w in words)


def place_of_two(first: str, last: str) -> bool:
    """Two words, each a name somewhere, that together are a place's or a product's name ("Costa Rica", "Sierra
    Leone", "Kota Kinabalu", "Spring Security")."""
    return f"{first} {last}".casefold() in _places_of_two() or brand_word(f"{first} {last}")


def place_end(lex: Lexicon, toks: list[tuple[int, int, str]], i: int, particles: frozenset[str]) -> int | None:
    """Where the place's name that token ``i`` starts ends (the index after it), when that token is a place's generic
    word (``PLACE_BEFORE``) that is no common given name or surname ("Colonia", "Ciudad", "Pulau"; not "Costa",
    "Sierra", "Val") and a word follows: the word, its ``particles`` and the place's name, whatever else that name is
    ("Colonia Polanco", "Ciudad de la Justicia": a surname, a word). None otherwise."""
    w = toks[i][2].casefold()
    if i + 1 >= len(toks) or w not in PLACE_BEFORE or 0 < lex.given.get(w, 0) <= COMMON:
        return None
    if 0 < lex.surname.get(w, 0) <= COMMON:
        return None
    k = i + 1
    while k < len(toks) and toks[k][2] in particles:
        k += 1
    return k + 1


def generic(lex: Lexicon, first: str, s: int, last: str) -> bool:
    """A place's generic word with its name ("Costa Brava", "Kelebekler Vadisi"), or a brand's with a model's or a
    service's ("Opel Corsa", "Samsung Health"), ``s`` the surname tier of ``last``: not when the name is a common
    surname ("Costa Georgiou", "Sierra Thompson"), nor after a generic word that is a common given name too ("Val
    Kilmer", "Isla Fisher"), nor after a brand that is anyone's given name ("Buddy Roemer"): a person stands there
    as often."""
    head = first.casefold()
    given = lex.given.get(head, 0)
    if 0 < s <= COMMON:
        return False
    if last.casefold() in PLACE_AFTER or (last.casefold() in PLACE_HEADS and given != TOP):
        return True  # "Kelebekler Vadisi", "Diani Beach"; "Victoria Park", "Rajiv Nagar": a common surname
    if head in _BEFORE and last.casefold() in places():
        return True  # "Sierra Nevada", "Mlima Kenya": a range or a mountain named after a state or a country
    return not 0 < given <= COMMON and (head in _BEFORE or (given == 0 and brand_word(head)))


def featured(lex: Lexicon, first: str, last: str) -> bool:
    """``last``, right after ``first``, is a natural feature's or a breed's head word (``eponyms.FEATURES``: "Black
    Forest", "Hoover Dam", "Mekong Delta", "Golden Retriever"), whatever else it names, and ``first`` reads as no
    person's first name: not one of the commonest given names, nor a given name that is no surname ("Michael Bay",
    "Ricki Lake" stay people), nor a word the lexicon lacks before a common surname ("Cybill Shepherd")."""
    tail = last.casefold()
    if tail not in FEATURES:
        return False
    head = first.casefold()
    given, surname = lex.given.get(head, 0), lex.surname.get(head, 0)
    if not (given or surname):
        return not 0 < lex.surname.get(tail, 0) <= COMMON
    return given != TOP and not (given and not surname)


@cache
def _places_of_two() -> frozenset[str]:
    """Countries and big cities of two words, casefolded, whose words are names too ("costa rica", "sierra leone")."""
    return frozenset(p for p in country_names() | big_cities() if p.count(" ") == 1)


# A saint's title: the name after it is the saint's, a place's or an institution's, not a person's
SAINTS = frozenset({"san", "santa", "santo", "são", "sao", "saint", "st", "sant", "santi", "sainte", "ste"})
# A compass point a place is named by after a particle ("Gare du Nord", "Gare de l'Est", "Estación del Norte")
_COMPASS = frozenset({"nord", "sud", "est", "ouest", "norte", "sur", "este", "oeste", "sul", "leste", "zuid", "noord"})
Tokens = list[tuple[int, int, str]]  # a run's words: start, end, the word (``people.PersonFinder``'s)


# What is named after a person, capitalised after the name: an event, a lecture, an award's or a series' head word,
# a society ("Bob Marley Festival", "NATO Istanbul Summit", "Nelson Mandela Lecture", "Amelia Earhart Fellowship",
# "Jane Austen Society"); no common surname ("Day", "Show": "Doris Day"), no job's first word
# ("Tour guide"). In lower case after a name they are a person's ("Professor John Smith lecture notes").
EVENT_HEADS = frozenset(
    {
        "summit", "festival", "fest", "conference", "lecture", "lectures", "symposium", "fellowship", "scholarship",
        "society", "sessions", "tribute", "celebration", "marathon", "run", "night", "week", "cup", "awards",
        "games", "tournament", "invitational", "concert", "series",
    }
)  # fmt: skip


def run_head(toks: Tokens, k: int) -> bool:
    """Token ``k`` of a run of capitalised words is a place's or an institution's head word (``PLACE_HEADS``: "George
    Washington Bridge"), or an event's (``EVENT_HEADS``: "Bob Marley Festival") but before an office's title ("Lucas
    Martin Festival Director" is his job): the name before it is the place's or the event's."""
    w = toks[k][2].casefold()
    if w in PLACE_HEADS:
        return True
    return w in EVENT_HEADS and (k + 1 >= len(toks) or toks[k + 1][2].casefold().rstrip(".") not in OFFICE_TITLES)


# The word after a name, its blanks before it
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_]+)")


def head_after(text: str, b: int, kind: Callable[[str], tuple[int, int, bool]]) -> bool:
    """A place's or an institution's head word (``PLACE_HEADS``) follows the name ending at ``b``: right after it, in
    any case ("Charles de Gaulle airport"), or after one or two capitalised words that are no names ("Toby Robins
    Research Centre", "MD Anderson Cancer Center", "Viru Viru International airport"; ``kind``: a word's given and
    surname tiers and whether it is an ordinary word), which a run of capitalised words cut at its length may not
    reach; or a trade's word after such a word ("Sony Computer Science Laboratories"). The name is the place's or the
    firm's, not a person's; an office's title between leaves it a person's ("Laura Chen Research Director")."""
    for k in range(3):
        m = _WORD_AFTER.match(text, b)
        if m is None:
            return False
        word = m.group(1)
        low = word.lower()
        if low in PLACE_HEADS or (k and low in TRADE_WORDS):
            return True
        if word[:1].isupper() and low in EVENT_HEADS:  # "Bob Marley Festival"; not "Lucas Martin Festival Director"
            return (nxt := _WORD_AFTER.match(text, m.end())) is None or nxt.group(1).casefold() not in OFFICE_TITLES
        if k == 2 or not word[:1].isupper() or word.casefold() in OFFICE_TITLES:
            return False
        g, s, common = kind(word)
        if (g or s) and not common:
            return False  # a name's word: "Anna Weber Smith Hospital" is left to the run's reading
        b = m.end()
    return False


def place_after(toks: Tokens, k: int, particles: frozenset[str]) -> bool:
    """Particles from token ``k`` on, then a city's, a country's or a saint's name, or a compass point: a place's
    name ends the run ("… de Lyon", "… di Milano", "… de São Paulo", "… du Nord")."""
    start = k
    while k < len(toks) and toks[k][2] in particles:
        k += 1
    if k == start or k == len(toks):
        return False
    w = toks[k][2].casefold()
    return w in big_cities() or w in country_names() or w in places() or w in SAINTS or w in _COMPASS


def station(toks: Tokens, j: int, particles: frozenset[str]) -> bool:
    """Token ``j``, after a city's name, starts a place in it: a saint's title, alone or joined to the saint's name
    ("Santa Maria Novella", "Saint-Charles") or a built place's head before a particle ("Puerta de Atocha"), a common
    surname or not."""
    w = toks[j][2]
    if w.casefold().split("-", 1)[0] in SAINTS:
        return True
    return w.casefold() in BUILT_BEFORE and j + 1 < len(toks) and toks[j + 1][2] in particles
