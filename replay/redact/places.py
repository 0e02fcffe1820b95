"""Street addresses in free text, in the forms of many countries: ``1420 Maple Crest Drive Apt. 7B``,
``Flat 3 Neil Oval``, ``12, rue des Lilas``, ``Calle Mayor 8, 3º``, ``Musterstraße 12``,
``Kleinmachnower Weg 95``, ``Kyrkogatan 63``, ``Burguçan Caddesi 103``, ``東京都千代田区丸の内1-2-3``.

Each form is found from a cue the engine's one Aho-Corasick pass already reports: a street type
(the USPS suffixes that usaddress ships, the street words of other languages), a unit word, or a
phrase that introduces an address (``ship to``, ``Lieferadresse``, ``お届け先``). The regex of the
form is then matched at that place only, and a house number is required: a street name alone
says little about a person. This module owns that grammar; the words and the cues are in
``streets``, the pseudonym that replaces an address in ``fakeaddress``.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from replay.redact.asianplaces import cjk_addresses, spaced_address
from replay.redact.lexicon import lexicon
from replay.redact.notnames import CALENDAR
from replay.redact.placenames import country_names
from replay.redact.postcodes import fine_postcode
from replay.redact.said import MONTH
from replay.redact.streets import GERMAN_PLACE_PREPOSITIONS, LOWER_COMPOUND_ENDS, LOWER_SUFFIX_WORDS, PREFIX_TYPES

__all__ = ["AddressFinder"]

# An HTTP status code and its reason phrase ("502 Bad Gateway", "301 Moved Permanently") read as a house number and a
# street: "Bad" starts German spa towns' streets, "Gateway" ends streets. The phrases are the standard library's.
_STATUS = re.compile(r"([1-5]\d\d)[ \t]+")
_PHRASES = {s.value: s.phrase.casefold() for s in HTTPStatus}

_UP = "A-ZÀ-ÖØ-ÞĀ-žА-ЯЁЄІЇҐΑ-ΩΆΈΉΊΌΎΏ"  # Latin, Cyrillic (Russian, Ukrainian, Bulgarian), Greek capitals
# A name's word: capitalised, an ordinal, or in a script without capitals (Japanese, Chinese; Hebrew and Arabic, after
# a street's word: "ברחוב הרצל 45", "شارع الأمير سلطان ١٤"). A dot ends a word only as an abbreviation's ("St.", "Ste.",
# "P.O.") or inside one ("J.-B."): after a longer word it ends a sentence ("… au 12 rue des Lilas. Appelez-moi …")
_NAME_WORD = (
    rf"(?:[{_UP}](?:[^\W\d_]{{0,2}}\.(?:[^\W\d_]{{1,3}}\.)*|[^\W\d_]*(?:['’\-][^\W\d_]*|\.[^\W\d_]+)*)|\d+(?:st|nd|rd|th|e|er|ème)|[\u3040-\u30ff\u4e00-\u9fff]+"
    r"|[\u05d0-\u05ea][\u05d0-\u05ea'׳\-]*|[\u0620-\u064a\u066e-\u06d3][\u0620-\u065f\u066e-\u06d3]*)"
)
_NUM = r"\d{1,5}(?![\d.,]\d)(?:[ ]?[A-Za-z](?![\w]))?(?:[/\-]\d{1,4}(?!\d)[A-Za-z]?)?"
_UNIT = (
    r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Piso|Puerta|Planta|Esc|"
    r"Appartamento|Interno|Scala|Piano|Étage|Etage|Bât|Bâtiment|Wohnung|Whg|App|Lgh|Apto|Dpto|Depto|кв|#)\.?"
    r"[ \t]*#?[A-Za-z0-9\-]{1,6}\b|,?[ \t]+\d{1,2}[º°ª](?:[ \t]?[A-Za-z]\b)?|,?[ \t]+(?:bis|ter)\b){0,4}"
)  # four at most ("Bldg B, Floor 2, Suite 300, Room 4"): "Flat 3 " repeated was one street to the text's end at each
_PARTICLES = (
    r"(?:de|del|de la|de los|de las|des|du|de l'|d'|l'|la|le|les|di|della|dei|degli|da|do|dos|das"
    r"|von|van|der|den|aan|op|het)"
)
_WORDS = rf"(?:{_NAME_WORD}(?:[ \t]+(?:{_PARTICLES}[ \t]+)?{_NAME_WORD}){{0,3}})"

# A number before the house number: a unit's or a building's ("5521 119 Countess Close", "79063 90 Rue de Pellbrook").
_PRE = r"(?:\d{1,5}[ \t]+)?"
# Where a street's number may start: not inside a word, a path or a decimal ("3.12 Oak Street"); after a comma it
# may, a CSV's cell's ("Jane,12 Oak Street", "Customer 99,100 Oak Street").
_NUM_START = r"(?<![\w./\-])"
# (an Indian address's house number by its word, a comma after it: "House No. 221, MG Road", "#14, 5th Main Road")
_US_BACK = re.compile(
    rf"{_NUM_START}({_PRE}{_NUM}|(?<=No\.[ \t])\d{{1,5}},|(?<=#)\d{{1,5}},)[ \t]+(?:(?:[NSEW]|NE|NW|SE|SW)\.?[ \t]+)?"
    rf"((?:{_NAME_WORD}[ \t]+){{0,3}}{_NAME_WORD})[ \t]+\Z"
)
_UNIT_FIRST = re.compile(
    rf"(?:Flat|Studio|Apartment|Apt\.?|Unit|Suite)[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t\n]+((?:{_NAME_WORD}[ \t]+){{0,3}})"
)
# A street with its house number after the unit on its line ("Suite 913 0547 Bygget 91").
_STREET_AFTER = re.compile(rf",?[ \t]+{_PRE}(?:{_NAME_WORD}[ \t]+){{1,3}}{_NUM}(?![\w\-/])")
# A USPS suffix that also ends an institution's name, and what continues that name after it.
_INSTITUTION_TYPES = frozenset({"center", "centre", "ctr"})
_NAME_GOES_ON = re.compile(r"[ \t]*\n?[ \t]*(?:of|for|on|and)[ \t]")
# A paper's affiliation after its number looks like a street: "11 EORTC Data Center", "2 Cancer Research UK Clinical
# Centre", "1 Biotechnology Unit", "1 Department of …". A part of an institution's word, or a centre's field or an
# acronym before "Center", make it one: a street is named after a person or a place ("4 Embarcadero Center").
_INSTITUTION_PARTS = frozenset({"department", "dept", "division", "unit", "laboratory", "laboratories", "faculty"})
_CENTRE_FIELDS = frozenset(
    {
        "research", "cancer", "clinical", "medical", "med", "data", "science", "sciences", "health", "biotechnology",
        "technology", "computing", "computer", "education", "imaging", "diagnostic", "rehabilitation", "heart", "eye",
        "dental", "trauma", "neuroscience", "genomics", "biomedical",
    }
)  # fmt: skip
_TAIL = re.compile(rf"\.?(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)\b)?{_UNIT}")
# A house number, or a road's kilometre point ("Ctra. de Toledo, Km 12,5"); the number's word before it, Romanian's,
# Russian's and Ukrainian's too ("Str. Victoriei nr. 45", "ул. Ленина, д. 15", "вул. Хрещатик, буд. 22")
_HOUSE = rf",?[ \t]+(?:(?:n[º°o]|nr|д|дом|буд)\.?[ \t]*)?(?:km\.?[ \t]*\d{{1,4}}(?:[,.]\d{{1,3}})?|{_NUM}{_UNIT})"
# A street named by a date ("ul. 3 Maja 7", "Avenida 9 de Julio 1100", "Via XX Settembre 5"): its house number required.
_DATE_STREET = rf"(?:\d{{1,2}}|[IVXL]{{1,6}})[ \t]+(?:de[ \t]+)?{MONTH}(?![^\W\d_]){_HOUSE}"
_PREFIX_AFTER = re.compile(rf"\.?[ \t]+(?:{_PARTICLES}[ \t]*)?(?:{_DATE_STREET}|{_WORDS}(?:{_HOUSE})?)", re.I)
# Where a house number ends the phrase of a street named in prose: a sentence's end, a comma, a postcode, a locality's
# preposition ("in via Roma 5 a Milano", "en la calle Mayor 8, 3º", "C/Coello 61 20749 Pontevedra")
_PHRASE_END = (
    r"(?=[ \t]*(?:[\r\n.,;:!?)\"'\-]|\Z|\d{5}(?!\d)"
    r"|(?:a|al|alle|ai|in|e|ed|nel|nella|presso|en|y|de|del|da|do|em|no|na|para|per|di|int|piso|apto)(?!\w)))"
)
_ENDS_PHRASE = re.compile(_PHRASE_END)
# after "lives on" and an address: the phrase's end, or the street's word the address left out ("… 50 street.")
_ENDS_ON = re.compile(r"[ \t]*(?:[\r\n.,;!?)\"']|\Z)")
_STREET_WORD_AFTER = re.compile(r"[ \t]+(?:[Ss]t(?:reet)?\.?|STREET)(?:[ \t]*(?:[\r\n.,;!?)\"']|\Z))")
# A street's capitalised name and its house number after its lower-case word in prose (``streets.PROSE_PREFIXES``),
# the number ending the phrase: "in via Zelle 5 minutes" and an acronym's "in via VPN 2" are English's
_PROSE_STREET = re.compile(rf"[ \t]+(?:{_PARTICLES}[ \t]+)?(?=[{_UP}][^\W\d_A-Z]){_WORDS}{_HOUSE}{_PHRASE_END}")
# Two streets that cross after "the corner of" (``streets.CORNER_CUES``): each capitalised words, a house number before
# or after them, a street's abbreviation last ("Velessa Xanmore 473 St."), joined by "and" or "&"
_CROSS = rf"(?:{_NUM}[ \t]+)?(?:{_NAME_WORD}[ \t]+){{0,3}}{_NAME_WORD}(?:[ \t]+{_NUM}(?:[ \t]+{_NAME_WORD})?)?"
_PREFIX_TYPES = frozenset(PREFIX_TYPES)  # "the corner of Rue Cler and …"
_CORNER = re.compile(rf"[ \t]+(?:the[ \t]+)?({_CROSS})[ \t]+(?:and|&)[ \t]+({_CROSS})")
# Spanish "calle" by its slash ("C/Enrique Flórez 25", "c/ Ibería nº 11", "C/. Salamanca,5", "C/ Dr. Esquerdo 46"):
# a name's first word of three letters at least, or an abbreviation's or a short one's before more (a ratio's "C/N
# 12", "C/N ratio 20,"), then its house number; its other words in any case, as after the other street words ("C/
# Ramón y Cajal, 3").
_SLASH_STREET = re.compile(
    rf"[Cc]/\.?[ \t]*(?=(?-i:[{_UP}][^\W\d_]{{2}}|[{_UP}][^\W\d_]{{0,2}}\.?[ \t]+[{_UP}])|{_PARTICLES}[ \t])"
    rf"(?:{_PARTICLES}[ \t]+)?{_WORDS}(?:,[ \t]*|[ \t]+)(?:n[º°o]\.?[ \t]*)?{_NUM}{_UNIT}",
    re.I,
)
# A street named by a number (``streets.NUMBERED_TYPES``), the number's word, the cross street's number and the
# distance from it ("Calle 13 A Nº 66 B-16", "Transversal 39 a número 71-57"), or a house's number of three digits or
# more ("Calle 60 No. 491"): "Carrera 4 No. 1" is a car's rank
_NUMBERED_STREET = re.compile(
    r"[A-Z][a-z]*\.?[ \t]+\d{1,3}(?:[ \t]?(?:[A-Z]|[a-z](?!\w))|[ \t]+Bis)?[ \t]+"
    r"(?:No\.?|N[º°o]\.?|n[º°o]\.?|#|número)[ \t]*"
    r"(?:\d{1,3}(?:[ \t]?[A-Z](?!\w)|[A-Z](?=-))?[ \t]?-[ \t]?\d{1,3}[A-Z]?|\d{3,5}(?![\w\-]))"
)
# Arabic's "by way of" ("عن طريق"), its road's word after it naming no road
_BY_WAY_OF = ("عن ",)
# A currency's sign or code right before a number: an amount, no house number ("$50", "£ 20", "USD 50")
_MONEY_BEFORE = re.compile(r"(?:[$£€¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|INR)) ?\Z")
# (French writes a house's repeat before the street's word: "5 bis boulevard Voltaire", "12 ter rue de la Paix")
_NUM_BEFORE = re.compile(rf"{_NUM_START}({_PRE}{_NUM}(?:[ \t]+(?:bis|ter|quater))?),?[ \t]+\Z")
_SUFFIX_BACK = re.compile(rf"(?<![\w\-])({_PRE}(?:{_NAME_WORD}[ \t]+){{1,3}})\Z")
_NUM_AFTER = re.compile(rf"\.?,?[ \t]+(?:Nr\.?[ \t]*|No[.:]?[ \t]*)?{_NUM}{_UNIT}")  # "Atatürk Cad. No: 45"
# A street's name of a capitalised word and lower-case ones before a street's word in lower case ("Árpád fejedelem útja
# 62.", "Erzsébet királyné útja 4,"): its number then ends the phrase, and no article starts it ("A siker útja 7
# lépésben": the road to success in seven steps)
_LOWER_NAME_BACK = re.compile(
    rf"(?<![\w\-])(?!(?:A|Az|Ez|Egy)[ \t])({_NAME_WORD}(?:[ \t]+[^\W\d_A-ZÀ-ÖØ-Þ]+){{1,2}}[ \t]+)\Z"
)
# An article alone before a street's word is a sentence's ("Die Straße 5 km weiter", "Az út 5 km hosszú", "Het Plein")
_ARTICLE_ONLY = [[w] for w in ("a", "az", "ez", "egy", "der", "die", "das", "den", "dem", "ein", "eine", "het", "en")]
_COMPOUND_BACK = re.compile(rf"(?<![\w\-]){_PRE}[{_UP}][\w\-]*\Z")
_LOWER_COMPOUND_BACK = re.compile(rf"(?<![\w\-]){_PRE}[^\W\d_][\w\-]*\Z")  # "255 hersnapvej 18" (LOWER_COMPOUND_ENDS)
# A name's capitalised words joined by hyphens before the street's word (``streets.HYPHEN_ENDS``), two at least
_HYPHEN_BACK = re.compile(rf"(?<![\w\-.]){_PRE}(?:[{_UP}][^\W\d_]*\.?-){{2,4}}\Z")
# A German street named after a preposition ("Am Stadtpark 4a", "Auf dem Berg 7"): its name's one or two capitalised
# words, its house number of three digits at most (not a year's: "Im Jahr 2024")
_PREPOSITION_STREET = re.compile(
    rf"(?:{'|'.join(GERMAN_PLACE_PREPOSITIONS)})[ \t]+"
    rf"([{_UP}][a-zäöüß]+(?:-[{_UP}][a-zäöüß]+)?(?:[ \t][{_UP}][a-zäöüß]+)?)"
    r"[ \t]+\d{1,3}(?:[ ]?[a-z])?(?![\w/\-]|[.,]\d)"
)
# The land's words a German field's or landmark's street name ends in, compounded ("Stadtpark", "Mühlberg"; a bare
# "Feld" or "Park" is prose's as often: "Im Feld 3 stehen Werte"), whatever its number is followed by
_LANDMARK = re.compile(
    r"\w{3}(?:park|berg|markt|hang|bach|feld|garten|wald|brunnen|kamp|tor|deich|hof|graben|wall|winkel|grund|wiese|anger"
    r"|busch|holz|hain|kreuz|born|mühle|teich|weiher|ufer|kanal|damm|steig|höhe|bühl|eck|rain|aue|heide|moor|tal"
    r"|grube|hütte|schanze|kirche|schloss|turm|acker|hügel|stein|weide|rott|siepen|siek)\Z"
)
# Where an address's house number ends it: the line's or the text's end, a JSON string's quote, a postcode after it
_ENDS_ADDRESS = re.compile(r"[ \t]*(?:\r?\n|\Z|[\"']|,?[ \t]+\d{5}(?!\d))")
# India's sector address: a block's letter and house number before "Sector" ("B-17, Sector 62", "C 204, Sector 15A")
_SECTOR_BACK = re.compile(r"(?<![\w\-])[A-Z]{1,2}[ \-]?\d{1,4}[A-Z]?,[ \t]*\Z")
_SECTOR = re.compile(r"Sector[ \t]+\d{1,3}[A-Z]?(?!\w)")
# A house number, then one capitalised word holding a glued street type ("42 Kingsway"), its end the cue's
_GLUED_BACK = re.compile(rf"{_NUM_START}{_NUM}[ \t]+[{_UP}][a-z]{{2,}}\Z")
_CONTEXT_AFTER = re.compile(
    rf"[ \t]*(?:(?:is|was|are|to|with|de livraison|de facturation|ist|es|è|は|是|는|:|：)[ \t]*)*[:：]?[ \t]*"
    rf"(?:\r?\n[ \t]*)?"
    rf"((?:{_NUM},?[ \t]+)?{_WORDS}(?:,?[ \t]+{_NUM}{_UNIT})?"
    rf"|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af][^\s,。、.;()]{{1,40}}\d[\d\-丁目番地号]*)"
)
# (either as written or typed all in lower case: "unit 1009 box 0219\ndpo ap 51065", "uscgc aslakhanov\nfpo ae 44941")
_MILITARY_TAIL = re.compile(r"(?:[AFD]PO A[AEP]|[afd]po a[aep]) \d{5}(?:-\d{4})?(?!\d)")
_MILITARY_BACK = re.compile(
    r"(?:PSC \d{4}, Box \d{4}|Unit \d{4},? Box \d{4}|(?:USNS|USNV|USS|USCGC) [A-Z][^\W\d_]+"
    r"|psc \d{4}, box \d{4}|unit \d{4},? box \d{4}|(?:usns|usnv|uss|uscgc) [^\W\d_]+)"
    r"(?:[ \t]*,?[ \t]*\r?\n?[ \t]*)\Z"
)
# A post office box: its words, its number (a German one in pairs: "Postfach 12 34"); "BP" (also a blood pressure:
# "BP 120/80") and a bare "Apartado" (also a law's section) only with a postcode after the number.
_BOX = re.compile(
    r"(?:P\.? ?O\.? ?[Bb]ox|Post Office Box|Postfach|Apartado (?:de Correos|Postal)|Apdo\.?|Caixa [Pp]ostal"
    r"|Casilla(?: de [Cc]orreos?)?|Casella [Pp]ostale|[Ss]krytka pocztowa|[Ss]kr\. ?poczt\.|Postbus|S\. ?L\. ?P\.?"
    r"|(?P<weak>B\.?P\.?|Apartado))[ \t]*(?:n[º°o]\.?[ \t]*)?(\d{1,6}(?:[ \t]\d{2,4})?)(?![\d/])"
)
# A land register's plot by its number and its sheet's ("plot no. 142, sheet/plan 33/29", "plot no. 937 of block C
# and sheet/plan 33/21"): a property as precise as a street's house; a plot of a chart ("plot no. 3") has no sheet
_PLOT = re.compile(r"[Pp]lot no\. \d{1,6}(?: of block [A-Z])?(?:,| and) sheet/plan \d{1,4}/\d{1,4}(?:\.\d{1,3})*")
_POSTCODE_AFTER = re.compile(r",?[ \t]+\d{5}(?!\d)")
_CZ_POSTCODE_AFTER = re.compile(r",?[ \t]+\d{3}[ \t]?\d{2}(?!\d)")  # Czech and Slovak: "602 00 Brno"
_LOWER_STREET = re.compile(r"[ \t:]*(\d{1,5}[ \t]+)((?:[a-z][a-z'\-]*[ \t]+){1,3}[a-z]+)")
# A unit and its number standing alone ("Apt. 297", "Suite 501"): with the street before it on its line or the line
# above, or the locality after it; "Apt" on its own. India's and Pakistan's "House No. 221", "Plot No 14", "H.No. 5".
_UNIT_NUMBER = re.compile(
    r"(?:(Apt|Apartment)|Suite|Ste|Unit|Flat|(?:House|Plot|Door|Flat)[ \t]*No|H\.[ \t]?No)\.?[ \t]*#?\d{1,5}[A-Za-z]?"
    r"(?![\w\-/])",
    re.I,
)
_LINE_LEAD = re.compile(r"[ \t>?*|]*\Z")  # a line's indent and quote marks ("> ", "??? ")
_STREET_BEFORE = re.compile(rf"{_NUM_START}{_PRE}(?:{_NAME_WORD}[ \t]+){{1,3}}{_NUM},?[ \t]+\Z")
# The line above a unit's, from its start or a JSON string's opening quote ('"content":"28030 Edeby 55\n Apt. 1').
_STREET_LINE = re.compile(r"(?<![^\n\"'])[ \t>?*|]*((?:[^\W_][\w'’.\-]*[ \t]+){1,5}[^\W_][\w'’.\-]*)[ \t\r]*\Z")
# The locality after a street: parts split by commas, spaces or line breaks (a form's or a letter's lines), each a
# city, a region's code, a country or a postcode ("\n Sweden 99178", ", Grand-Leez, Belgium 18431", "\nSt Georges, QC
# 54256", India's six digits: ", Mumbai 400069"). It ends with its last postcode or country: a capitalised word after
# an address may be anything.
_LOCALITY_PART = re.compile(
    rf"(?:,[ \t]*|[ \t]*(?:\r?\n[ \t>?*|]*){{1,2}},?[ \t]*|[ \t]+)"
    r"(?:(?P<code>\d{5}(?:-\d{4})?|\d{4}(?:[ \t]?[A-Z]{2})?|\d{3}[ \t]\d{2}|\d{2}-\d{3}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
    r"|[1-9]\d{5}|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2})(?![\w\-])"
    rf"|(?P<words>[{_UP}][^\W\d_]*(?:['’.\-][^\W\d_]+)*\.?(?:[ \t]+(?:[a-z]{{2,3}}[ \t]+)?[{_UP}][^\W\d_]*"
    rf"(?:['’.\-][^\W\d_]+)*(?!\w)){{0,3}})(?:[ \t]+\([^()\n]{{1,20}}\))?)"
)


def _locality(text: str, end: int) -> tuple[int, list[tuple[int, int]]]:
    """The locality after an address ending at ``end``: where its last postcode or country ends (``end`` when it
    has neither), and its postcodes on the lines below the street's (a letter's or a form's block). The city, the
    country and a postcode in a line of prose stay: places, as the labelled sets keep them."""
    last, pos = end, end
    codes: list[tuple[int, int]] = []
    countries = country_names()
    for _ in range(6):
        m = _LOCALITY_PART.match(text, pos)
        if m is None:
            break
        pos = m.end()
        words = m.group("words")
        tail = words.casefold().split() if words else []
        if words is None or any(" ".join(tail[i:]) in countries for i in range(len(tail))):
            last = pos
        if words is None and ("\n" in text[end : m.start("code")] or fine_postcode(m.group("code"))):
            codes.append(m.span("code"))  # a postcode of the block, or one precise to a street (``postcodes``)
    return last, codes


_HOUSE_NUMBER = re.compile(r"(?<!\w)\d{1,5}[A-Za-z]?(?!\w)|\d{1,5}(?:丁目|番|号|-\d)")


def _has_digit(s: str) -> bool:
    """A house number: a short number standing alone (or a Japanese block number)."""
    return _HOUSE_NUMBER.search(s) is not None


def _affiliation(words: list[str], centre: bool) -> bool:
    """The words after a number name a part of an institution (``_INSTITUTION_PARTS``), no street's type among them,
    or, before a ``centre``'s word, its field (``_CENTRE_FIELDS``) or an acronym ("EORTC", "UK")."""
    folded = [w.casefold().rstrip(".,") for w in words]
    if not centre:
        types = lexicon().street_types
        return any(w in _INSTITUTION_PARTS for w in folded) and not any(w in types for w in folded)
    return any(w in _CENTRE_FIELDS or w in _INSTITUTION_PARTS for w in folded) or any(
        len(w) > 1 and w.isupper() and w.isalpha() for w in words
    )


def _lower_last_word(text: str, lo: int, end: int) -> bool:
    """The last blank-separated word of ``text[lo:end]`` (less its blanks at the end) starts in lower case (a-z): then
    ``_US_BACK`` cannot match there. Its last ``_NAME_WORD``, blanks before and after it, is that word, and starts
    with a capital, a digit or a CJK character (a check of 28,000 instructions where this takes 600)."""
    head = text[lo:end].rstrip(" \t")
    word = max(head.rfind(" "), head.rfind("\t")) + 1
    return "a" <= head[word : word + 1] <= "z"


def _lives_on(text: str, got: tuple[int, int] | None) -> tuple[int, int] | None:
    """The address read after "lives on" (``got``) when its house number ends the phrase and a street's word is in it
    or after it ("lives on Via dei Fiorentini 17.", "lives on Grössgstötten 50 street."; "lives on Page 12.", "lives
    on Java 21." are none)."""
    if got is None or _STREET_WORD_AFTER.match(text, got[1]):
        return got
    if not _ENDS_ON.match(text, got[1]):
        return None
    types = lexicon().street_types
    return got if any(w.casefold() in types for w in re.findall(r"[^\W\d_]+", text[got[0] : got[1]])) else None


class AddressFinder:
    """An address span around one cue, or None: ``at(text, start, end, form)``."""

    cjk = staticmethod(cjk_addresses)  # Japanese, Chinese and Korean addresses (``asianplaces``)

    def at(self, text: str, s: int, e: int, form: str) -> tuple[int, int] | None:
        if (
            s
            and form in ("prefix", "unit", "context", "preposition", "slash", "on")
            and (text[s - 1].isalnum() or text[s - 1] == "_")
        ):
            return None
        if form == "us":
            return self._us(text, s, e)
        if form == "on":
            return _lives_on(text, self._context(text, e))
        if form == "prefix":
            return self._prefix(text, s, e)
        if form == "slash":
            return _slash(text, s)
        if form == "numbered":
            m = _NUMBERED_STREET.match(text, s)
            return m.span() if m is not None else None
        if form == "prose":
            m = _PROSE_STREET.match(text, text.find(" ", s))
            return (s, m.end()) if m is not None else None
        if form == "suffix":
            return self._suffix(text, s, e)
        if form == "compound":
            return self._compound(text, s, e)
        if form == "possessive":
            return self._possessive(text, s, e)
        if form == "glued":
            m = _GLUED_BACK.search(text, max(0, s - 30), e)  # ``42 Kingsway``, ``14 Briggate``
            return (m.start(), e) if m is not None else None
        if form == "preposition":
            return self._preposition(text, s)
        if form == "sector":
            m = _SECTOR_BACK.search(text, max(0, s - 12), s)  # "B-17, Sector 62": a block's house before it
            tail = _SECTOR.match(text, s)
            return (m.start(), tail.end()) if m is not None and tail is not None else None
        if form == "unit":
            return self._unit(text, s)
        if form == "military":
            return self._military(text, s)
        if form == "box":
            return self._box(text, s)
        if form == "plot":
            m = _PLOT.match(text, s)
            return m.span() if m is not None else None
        if form in ("vn", "th"):
            return spaced_address(text, e, form == "th")
        return self._context(text, e)

    def street(self, text: str, s: int, e: int, form: str) -> list[tuple[int, int]]:
        """``at``'s span, and for a street the postcodes of the block below it (``_locality``); [] for none."""
        span = self.at(text, s, e, form)
        if span is None or _status_line(text, span[0]):
            return []
        if form in ("military", "box", "plot"):
            return [span]
        return [span, *_locality(text, span[1])[1]]

    @staticmethod
    def corner(text: str, e: int) -> list[tuple[int, int]]:
        """The two streets that cross after "the corner of" ending at ``e``, one of them with a street's type ("the
        corner of Main St and Elm", "corner of Kuusiku 7 and Alexander Flat"); [] for a corner of other things ("the
        corner of Apple and Google's dispute", "of Figure 3 and Table 2": a number alone is a page's or a part's)."""
        m = _CORNER.match(text, e)
        if m is None:
            return []
        types = lexicon().street_types
        for street in (m.group(1), m.group(2)):
            words = street.replace(".", " ").split()
            if words[-1].casefold() in types or words[0].casefold() in _PREFIX_TYPES:
                return [m.span(1), m.span(2)]
        return []

    @staticmethod
    def _us(text: str, s: int, e: int) -> tuple[int, int] | None:
        """``1420 Maple Crest Drive``: a number, up to four words, a USPS suffix; then a unit."""
        if e < len(text) and (text[e].isalnum() or text[e] == "-"):
            return None  # " st" of " still"
        if not text[s + 1 : s + 2].isupper():
            return None
        if _lower_last_word(text, max(0, s - 60), s + 1):
            return None  # "… working days. Is there": the search tried the pattern at each of 60 positions
        m = _US_BACK.search(text, max(0, s - 60), s + 1)
        if m is None or (
            text[s + 1 : e].casefold() in _INSTITUTION_TYPES
            and (_NAME_GOES_ON.match(text, e) or _affiliation(m.group(2).split(), True))
        ):
            return None  # "4 Metabolomics Center of the …", "11 EORTC Data Center": an affiliation
        tail = _TAIL.match(text, e)
        return m.start(), tail.end() if tail else e

    @staticmethod
    def _prefix(text: str, s: int, e: int) -> tuple[int, int] | None:
        """``Calle Mayor 8, 3º``, ``12, rue des Lilas``, ``488 Viale Caulonia``."""
        if text.endswith(_BY_WAY_OF, max(0, s - 4), s):
            return None  # "عن طريق الموقع 3 مرات": by way of the site, 3 times
        word_end = text.find(" ", s)
        m = _PREFIX_AFTER.match(text, word_end if word_end >= 0 else e)
        if m is None:
            return None
        before = _NUM_BEFORE.search(text, max(0, s - 18), s)
        if before is not None and (
            text[s : s + 4] == "via " or _MONEY_BEFORE.search(text, max(0, before.start() - 4), before.start())
        ):
            before = None  # "$50 via Zelle", "sent 50 via PayPal": an amount; Italian writes "via Roma 50"
        start = before.start() if before else s
        if not _has_digit(text[start : m.end()]):
            return None
        if before is None and not text[s].isupper() and not _has_digit(text[m.start() : m.end()]):
            return None
        return start, m.end()

    @staticmethod
    def _suffix(text: str, s: int, e: int) -> tuple[int, int] | None:
        """``Kleinmachnower Weg 95``, ``Burguçan Caddesi 103``, ``Váci utca 19``."""
        if not text[s + 1 : s + 2].isupper() and text[s + 1 : e - 1].strip(" .") not in LOWER_SUFFIX_WORDS:
            return None
        back = _SUFFIX_BACK.search(text, max(0, s - 60), s + 1)
        num = _NUM_AFTER.match(text, e - 1)
        if back is None and num is not None and not text[s + 1].isupper():
            back = _LOWER_NAME_BACK.search(text, max(0, s - 60), s + 1)
            if back is not None and text[num.end() : num.end() + 1] not in ".,;\r\n\"'":  # "" at the text's end
                return None
        if back is None or num is None or back.group(1).casefold().split() in _ARTICLE_ONLY:
            return None
        return back.start(), num.end()

    @staticmethod
    def _compound(text: str, s: int, e: int) -> tuple[int, int] | None:
        """``Musterstraße 12``, ``Kyrkogatan 63``, ``Konrad-Adenauer-Straße 12``."""
        back = (_HYPHEN_BACK if text[s - 1 : s] == "-" else _COMPOUND_BACK).search(text, max(0, s - 40), s)
        if back is None and text[s:e].rstrip(" ") in LOWER_COMPOUND_ENDS:
            back = _LOWER_COMPOUND_BACK.search(text, max(0, s - 40), s)
        num = _NUM_AFTER.match(text, e - 1)
        if back is None or num is None:
            return None
        return back.start(), num.end()

    @staticmethod
    def _possessive(text: str, s: int, e: int) -> tuple[int, int] | None:
        """``Masarykova 34, 602 00 Brno``, ``Husova 1511/34``: a Czech or Slovak street named after a person, with its
        postcode or a two-part house number (a Russian surname and a number are prose's: "Ivanova 34 points")."""
        span = AddressFinder._compound(text, s, e)
        if span is None or ("/" not in text[e - 1 : span[1]] and not _CZ_POSTCODE_AFTER.match(text, span[1])):
            return None
        return span

    @staticmethod
    def _preposition(text: str, s: int) -> tuple[int, int] | None:
        """``Am Stadtpark 4a``, ``An der Alster 12``: a German street with no street's word, a preposition before its
        name. A name of the land (``_LANDMARK``: "Stadtpark", "Mühlberg") takes any house number after it; another
        word only a number that ends the line or the field, or stands before a postcode ("Im Kapitel 3 steht",
        "Am Montag 5 Leute", "Im Jahr 2024" are prose's)."""
        m = _PREPOSITION_STREET.match(text, s)
        if m is None or (name := m.group(1).casefold()) in CALENDAR:
            return None
        if _LANDMARK.search(name) is None and _ENDS_ADDRESS.match(text, m.end()) is None:
            return None
        tail = _TAIL.match(text, m.end())
        return s, tail.end() if tail else m.end()

    @staticmethod
    def _unit(text: str, s: int) -> tuple[int, int] | None:
        """``Flat 67E Carr Lake``, ``Studio 6\\nNeil Oval``: a unit, then a street with its suffix."""
        m = _UNIT_FIRST.match(text, s) if text[s].isupper() else None
        if m is not None:
            rest = m.end()
            word = re.match(r"[A-Za-z]+", text[rest:])
            # capitalised: "Suite 2\nStockholm is lovely" is no street ("is" is USPS's Island)
            if word is not None and word.group(0)[0].isupper() and word.group(0).casefold() in lexicon().street_types:
                return s, rest + word.end()
        return AddressFinder._unit_number(text, s)

    @staticmethod
    def _unit_number(text: str, s: int) -> tuple[int, int] | None:
        """``Edeby 55\\n Apt. 297``, ``9721 Dalmatinova 43 Apt. 678``, ``Suite 501\\n Riisa\\n Estonia 62488``: a unit
        and its number, with the street before it on its line or the line above, or the locality after it; an
        apartment's number alone."""
        m = _UNIT_NUMBER.match(text, s)
        if m is None:
            return None
        line = text.rfind("\n", 0, s) + 1
        start = s
        if _LINE_LEAD.match(text, line, s):  # the unit starts its line: the street is the line above
            above = max(text.rfind("\n", 0, max(0, line - 1)) + 1, line - 80)
            street = _STREET_LINE.search(text, above, line - 1) if line else None
            if street is not None and _has_digit(street.group(1)):
                start = street.start(1)
        elif (back := _STREET_BEFORE.search(text, max(0, s - 60), s)) is not None:
            start = back.start()
        after = _STREET_AFTER.match(text, m.end())
        end = after.end() if after else m.end()
        if start == s and after is None and not m.group(1) and _locality(text, end)[0] == end:
            return None
        return start, end

    @staticmethod
    def _military(text: str, s: int) -> tuple[int, int] | None:
        """A US military address (``PSC 0413, Box 8144\\nAPO AA 42323``, ``USNS Bergman\\nFPO AP 93757``):
        the unit or ship before the post office at ``s``, its region and ZIP code after it."""
        tail = _MILITARY_TAIL.match(text, s)
        back = _MILITARY_BACK.search(text, max(0, s - 40), s)
        if tail is None or back is None:
            return None
        return back.start(), tail.end()

    @staticmethod
    def _box(text: str, s: int) -> tuple[int, int] | None:
        """``P.O. Box 123``, ``Postfach 12 34``, ``Apartado de Correos 45``, ``BP 123, 75001``: the box, its number."""
        if s and text[s - 1].isalnum():
            return None
        m = _BOX.match(text, s)
        if m is None or (m.group("weak") and not _POSTCODE_AFTER.match(text, m.end())):
            return None
        return s, m.end()

    @staticmethod
    def _context(text: str, e: int) -> tuple[int, int] | None:
        """After ``ship to``, ``Lieferadresse:``, ``お届け先は``: the address that follows, on the same line or the
        next ("Deliver to:\\nMale 1b"), if it has a number."""
        low = _LOWER_STREET.match(text, e)  # "deliver to 102 highland street": typed in lower case
        if low is not None:
            types = lexicon().street_types
            words = list(re.finditer(r"[a-z]+", text[low.start(2) : low.end()]))
            for w in words[1:]:
                if w.group(0) in types:
                    return low.start(1), low.start(2) + w.end()
        m = _CONTEXT_AFTER.match(text, e)
        if m is None:
            return None
        a, b = m.span(1)
        value = text[a:b]
        if not _has_digit(value) or not any(c.isalpha() for c in value):
            return None
        if re.fullmatch(r"[\d\s.,:/\-]+[A-Za-z]{0,3}", value):
            return None  # a time, a date, a quantity
        if value[:1].isdigit() and _affiliation(value.split()[1:], False):
            return None  # "Address:\n1 Department of Biomedical Engineering, …": a paper's affiliation
        return a, b


def _slash(text: str, s: int) -> tuple[int, int] | None:
    """``C/ Pizarro, 22``, ``c/ Ibería nº 11``, ``C/Pizarro, 22``: a slash glued to the name needs a comma before the
    house number, or the number ending a phrase in the sentence ("C/Python 3", "C/Windows 10 install" are a path's
    or a language pair's)."""
    m = _SLASH_STREET.match(text, s)
    if m is None:
        return None
    b = m.end()
    glued = text[s + 2 : s + 3] not in (" ", ".") and "," not in text[s:b]
    if glued and (b == len(text) or text[b] in "\r\n\"'" or _ENDS_PHRASE.match(text, b) is None):
        return None
    return s, b


def _status_line(text: str, a: int) -> bool:
    """An HTTP status code at ``a`` and its reason phrase after it: an error, no address ("502 Bad Gateway")."""
    m = _STATUS.match(text, a)
    if m is None or (phrase := _PHRASES.get(int(m.group(1)))) is None:
        return False
    return text[m.end() : m.end() + len(phrase)].casefold() == phrase
