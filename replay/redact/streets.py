"""The street vocabulary of many languages, and the cues the address pass is started from.

Street types that stand before the name (French, Spanish, Italian, Portuguese, Polish), separate
words after it (German, Swedish, Dutch, Turkish, Hungarian, Danish), the same glued to the name
(``Musterstraße``, ``Kyrkogatan``), unit words and phrases that introduce an address. The USPS
suffixes come from the lexicon (``lexicon().street_types``). ``places`` holds the grammar that
reads an address around a cue; ``fakeaddress`` keeps these words when it invents a street.
"""

from __future__ import annotations

from collections.abc import Iterator

from replay.redact.lexicon import lexicon

__all__ = [
    "COMPOUND_ENDS",
    "CONTEXT",
    "CONTEXT_TH",
    "CONTEXT_VN",
    "CORNER_CUES",
    "GERMAN_PLACE_PREPOSITIONS",
    "GLUED_ENDS",
    "HYPHEN_ENDS",
    "LOWER_COMPOUND_ENDS",
    "LOWER_SUFFIX_WORDS",
    "NUMBERED_TYPES",
    "PREFIX_ABBREVIATIONS",
    "PREFIX_TYPES",
    "PROSE_PREFIXES",
    "SUFFIX_WORDS",
    "UNIT_WORDS",
    "address_cues",
]

# Words that stand before the street's name: French, Spanish, Catalan, Italian, Portuguese, Polish, Serbian and
# Croatian, Ukrainian, Russian and Bulgarian, Greek.
PREFIX_TYPES = [
    "rue",
    "avenue",
    "boulevard",
    "chemin",
    "allée",
    "allee",
    "impasse",
    "place",
    "quai",
    "route",
    "cours",
    "voie",
    "passage",
    "square",
    "faubourg",
    "calle",
    "avenida",
    "paseo",
    "plaza",
    "camino",
    "carretera",
    "ronda",
    "travesía",
    "travesia",
    "pasaje",
    "rambla",
    "glorieta",
    "callejón",
    "callejon",
    "urbanización",
    "urbanizacion",
    "cañada",
    "vía",
    "alameda",
    "acceso",
    "rúa",
    "carrer",
    "passeig",
    "conjunto",
    "cuesta",
    "via",
    "viale",
    "piazza",
    "piazzale",
    "corso",
    "vicolo",
    "borgo",
    "canale",
    "contrada",
    "largo",
    "strada",
    "rotonda",
    "stretto",
    "rua",
    "travessa",
    "praça",
    "praca",
    "estrada",
    "rodovia",
    "ulica",
    "aleja",
    "plac",
    "osiedle",
    "bulevar",
    "trg",
    "вулиця",
    "улица",
    "проспект",
    "бульвар",
    "οδός",
    "οδό",
    "λεωφόρος",
]
# Separate words after the name: German, Swedish, Dutch, Turkish, Hungarian, Danish.
SUFFIX_WORDS = [
    "weg",
    "straße",
    "strasse",
    "str",
    "allee",
    "platz",
    "gasse",
    "ring",
    "damm",
    "ufer",
    "chaussee",
    "steig",
    "pfad",
    "väg",
    "vag",
    "gata",
    "gatan",
    "vägen",
    "straat",
    "laan",
    "plein",
    "gracht",
    "kade",
    "caddesi",
    "cad",
    "sokağı",
    "sokagi",
    "sokak",
    "sok",
    "sk",
    "bulvarı",
    "bulvari",
    "utca",
    "út",
    "útja",
    "tér",
    "tere",
    "köz",
    "rakpart",
    "fasor",
    "körút",
    "sétány",
    "vej",
    "gade",
]
# Those of ``SUFFIX_WORDS`` that Hungarian, Turkish and the Nordic languages write in lower case after the name's
# capitalised words ("Váci utca 19", "Atatürk sokak 5", "Storgatan" or "Stora gatan 3"): the name's capital says it
# (Hungarian's own words after it may be lower case: "Árpád fejedelem útja 62.", ``places``)
LOWER_SUFFIX_WORDS = frozenset(
    {"utca", "út", "útja", "tér", "tere", "köz", "rakpart", "fasor", "körút", "sétány"}
    | {"caddesi", "sokak", "sokağı", "sokagi", "bulvarı", "bulvari"}
    | {"gata", "gatan", "väg", "vag", "vägen", "vej", "gade"}
)
# The same glued to the name: Musterstraße, Kyrkogatan, Kalverdijkje, Østervej.
COMPOUND_ENDS = [
    "straße",
    "strasse",
    "str.",
    "gasse",
    "weg",
    "platz",
    "allee",
    "ring",
    "damm",
    "ufer",
    "steig",
    "pfad",
    "chaussee",
    "gatan",
    "vägen",
    "väg",
    "gränd",
    "torget",
    "backen",
    "stigen",
    "straat",
    "laan",
    "plein",
    "gracht",
    "kade",
    "dijk",
    "dijkje",
    "boulevard",
    "singel",
    "baan",
    "vej",
    "gade",
    "allé",
    "katu",
    "kuja",
    "polku",
    "tie",
    "gata",
    "stien",
    "veien",
    "vegen",
    "stræde",
    "stræti",
    "braut",
    "graben",
    # Czech and Slovak streets are adjectives of a place ("Vinohradská 1511/230", "Slezská 12", "Pražský 4")
    "ská",
    "ské",
    "ský",
    "cká",
    "cké",
    "cký",
]
# Those of ``COMPOUND_ENDS`` that end no English word, read in a text typed all in lower case too ("i live at
# hersnapvej 18", "hauptstraße 5"): "brigade 5", "necktie 2", "string 4" end in others
LOWER_COMPOUND_ENDS = frozenset(
    {"straße", "strasse", "gasse", "gatan", "vägen", "straat", "gracht", "vej", "katu", "veien", "vegen", "stræde"}
    | {"laan", "dijk", "plein", "platz", "allee", "chaussee", "boulevard"}
)
# Czech and Slovak streets named after a person, possessive or genitive ("Masarykova 34", "Štúrova 21", "Palackého
# 12"): Russian surnames end so too ("Ivanova 34 points"), so such a street needs its locality's postcode after it or a
# house number's two parts ("Husova 1511/34"), ``places``
POSSESSIVE_ENDS = ("ova", "ovo", "ého")
# German streets named after a person or a place, the name's words joined by hyphens to the street's word
# ("Konrad-Adenauer-Straße 12", "Karl-Marx-Allee 34", "H.-Dieter-Faust-Weg 2"): ``places`` reads two or more capitalised
# words before it (a single one is a product's or a rank's: "O-Ring 5", "Bronze-Platz 3")
HYPHEN_ENDS = (
    "Straße", "Strasse", "Str.", "Weg", "Allee", "Platz", "Gasse", "Ring", "Damm", "Ufer", "Steig", "Pfad", "Chaussee",
    "Graben", "Kai", "Promenade",
)  # fmt: skip
# English streets whose type is glued to their name, the house number before it ("42 Kingsway, Cardiff", "14 Briggate,
# Leeds"): read where the street's segment ends (a comma, a line break after it: "Anyway," and "Gateway," are prose's
# and a firm's, with no house number before them)
GLUED_ENDS = ("way", "gate")
# German streets named with no street's word, by a field's or a landmark's name after a preposition ("Am Stadtpark 4a",
# "An der Alster 12", "Im Winkel 3b", "Auf dem Berg 7"): ``places`` reads the name and the house number after them
GERMAN_PLACE_PREPOSITIONS = (
    "Am", "Im", "Zum", "Zur", "An der", "An den", "Auf dem", "Auf der", "Auf den", "In der", "In den", "Unter den",
    "Hinter dem", "Hinter der", "Vor dem", "Über den",
)  # fmt: skip
# Latin America's streets named by a number, the house's cross street and its distance from it after the number's
# word ("Calle 13 A Nº 66 B-16", "Carrera 7 # 32-16", "Cra. 15 No. 88-64"): ``places`` reads their grammar
NUMBERED_TYPES = (
    "Calle", "Carrera", "Transversal", "Diagonal", "Avenida", "Circular", "Cra.", "Cra", "Kra.", "Cr.", "Cl.", "Cll.",
    "Tv.", "Tr.", "Dg.", "Av.", "Avda.",
)  # fmt: skip
# A street's word in lower case after the preposition that says where one lives or works, as Italian, Spanish,
# Portuguese and Catalan prose write it ("abito in via Garibaldi 5", "vivo en la calle Mayor 8", "moro na rua Augusta,
# 10", "al carrer de Mallorca 401"): ``places`` reads a capitalised name and a house number that ends the phrase after
# it ("logged in via Okta 3 times" is English's "via")
PROSE_PREFIXES = (
    *(f"{p} {t}" for p in ("in", "In") for t in ("via", "viale", "piazza", "piazzale", "corso", "vicolo")),
    *(f"{p} {t}" for p in ("en la", "En la", "en") for t in ("calle", "avenida", "plaza", "ronda", "travesía")),
    "en el paseo", "en el camino", "en avenida", "en plaza",
    *(f"{p} {t}" for p in ("na", "Na", "à") for t in ("rua", "avenida", "praça", "travessa", "estrada", "alameda")),
    "no largo", "al carrer", "a la plaça", "al passeig", "a l'avinguda",
)  # fmt: skip
UNIT_WORDS = ("flat ", "studio ", "apartment ", "apt ", "apt. ", "unit ", "suite ")
CONTEXT = (
    "ship to", "deliver to", "send it to", "shipping address", "billing address", "home address", "address:",
    "address is", "address to", "moved to", "live at", "lives at", "living at", "located at", "lieferadresse",
    "rechnungsadresse", "bydliště", "bydlisko", "na adresu", "adresa:", "doručení:", "doručit na", "doručiť na",
    "adresse", "anschrift", "wohne in", "dirección", "direccion", "domicilio", "indirizzo", "adres", "adress",
    "endereço", "住所", "お届け先", "地址", "收货地址", "주소", "адрес", "woonachtig op", "woonachtig aan", "woont op",
    "woont aan", "wonende aan", "wonende op", "resides at", "residing at",
)  # fmt: skip

# "On" where one lives, its address ending the phrase ("Trivo lives on Grössgstötten 50 street."; "lives on Mars 24
# hours a day" is none): ``places``' form "on"
LIVES_ON = ("live on", "lives on", "living on")

# The words before two streets that cross ("the corner of Main St and 5th Ave"), cues of the engine's pass over every
# text (whatever their case, with no number needed): ``places`` reads the two names
CORNER_CUES = ("corner of ", "intersection of ", "junction of ")

# The words that introduce an address in Vietnamese ("Địa chỉ: Số 12 ngõ 34 phố Huế, …", "số nhà 76 đường số 88, …",
# "giao hàng đến …": deliver to) and Thai ("ที่อยู่ 99/1 ถนนสุขุมวิท …", "ส่งของไปที่ …": send the goods to), read by
# ``places`` in their own scripts' ways (a Thai cue joined to the word before it, no capitals to end the address)
CONTEXT_VN = ("địa chỉ", "số nhà", "giao hàng đến", "giao hàng tới", "giao đến", "giao tới")
CONTEXT_TH = ("ที่อยู่", "ส่งของไปที่", "ส่งไปที่", "จัดส่งที่", "จัดส่งไปที่")

# Abbreviations that are street types only with their dot: ``al. Bankowa 63``, ``Avda. de Goya 9``, ``pl. Wolności 4``,
# ``Ctra. de Toledo, Km 12,5``; Ukrainian, Russian and Bulgarian ``вул. Хрещатик, 22``, ``ул. Ленина 5``, ``бул.
# Витоша 89`` (``bul. Vitosha 89`` in Latin letters), Greek ``Λεωφ. Κηφισίας 12``, Indonesian and Malay ``Jl. Sudirman
# No. 45`` (not "jalan" written out: a walk, a road, "jalan-jalan" a trip, as often as a street's name), Romanian
# ``Șos. Kiseleff 10``.
PREFIX_ABBREVIATIONS = (
    "av", "bd", "avda", "ul", "al", "os", "pl", "ctra", "вул", "ул", "бул", "bul", "λεωφ", "jl", "șos",
)  # fmt: skip


def address_cues() -> Iterator[tuple[str, str, int, int]]:
    """Case-sensitive cues for the address pass: (cue, form, characters to skip at its start,
    characters to drop at its end). A cue that needs a house number right after it ends with
    each digit, so words such as "during " or " way" in prose never reach Python."""
    digits = "0123456789"
    for t in sorted(lexicon().street_types):  # a frozenset: one order in every process
        # The suffix ends there (" Dr" of " Draft" is no cue): at a space, punctuation, a JSON
        # string's quote or escape; the pass reads the text with a "\n" after it, for its very end.
        for end in " .,;:!?)]}\"'/\\\n\r\t":
            yield f" {t.capitalize()}{end}", "us", 0, 1
    for t in PREFIX_TYPES:
        yield t.capitalize() + " ", "prefix", 0, 0
        yield ", " + t + " ", "prefix", 2, 0
        for d in digits:
            yield f"{d} {t} ", "prefix", 2, 0
        for repeat in ("bis", "ter", "quater"):  # a French house number's repeat: "5 bis boulevard Voltaire"
            yield f"{repeat} {t} ", "prefix", len(repeat) + 1, 0
    for t in PROSE_PREFIXES:
        yield t + " ", "prose", t.rfind(" ") + 1, 0
    for t in PREFIX_ABBREVIATIONS:
        yield t.capitalize() + ". ", "prefix", 0, 0
        yield t + ". ", "prefix", 0, 0
        yield t.upper() + ". ", "prefix", 0, 0  # "AV. San Francisco 7", "UL. Długa 5"
    for t in ("C/", "c/"):  # Spanish "calle" by its slash, a dot or a space after it or none: "C/Pizarro, 22"
        yield t, "slash", 0, 0
    for t in NUMBERED_TYPES:
        for d in digits:
            yield f"{t} {d}", "numbered", 0, 0
    # Romanian's "strada" abbreviated ("Str. Victoriei nr. 45"), capitalised: "str. " in lower case ends a German
    # compound ("Hauptstr. 5", the compound cue's) or abbreviates a string in code
    yield "Str. ", "prefix", 0, 0
    yield "STR. ", "prefix", 0, 0
    # "mieszkam przy ulicy Długiej 5": Polish's locative; "μένω στην οδό Ερμού 54": Greek's accusative, lower case
    # and a street's word in Hebrew ("גרה ברחוב הרצל 45": in the street), Arabic, Persian, which have no capitals
    # (Arabic's road and avenue too, "طريق الأمير سلطان 77", "جادة …": "عن طريق", by way of, is ``places``' to skip)
    for t in ("plac", "aleja", "ulica", "ulicy", "alei", "placu", "οδό", "οδός", "λεωφόρο", "רחוב", "ברחוב", "شارع",
              "خیابان", "طريق", "جادة"):  # fmt: skip
        yield f" {t} ", "prefix", 1, 0
        yield f"\n{t} ", "prefix", 1, 0  # a letter's or a signature's line ("בברכה,\nמיכל\nרחוב הרצל 25")
    for t in SUFFIX_WORDS:
        for d in digits:
            yield f" {t.capitalize()} {d}", "suffix", 0, 1
            yield f" {t} {d}", "suffix", 0, 1
            yield f" {t.capitalize()}. {d}", "suffix", 0, 1
        # the house number after its word, as Turkey writes it ("Atatürk Cad. No: 45", "Gül Sok. No:12")
        yield f" {t.capitalize()}. No", "suffix", 0, 2
        yield f" {t.capitalize()} No", "suffix", 0, 2
    for t in COMPOUND_ENDS:
        for d in digits:
            yield f"{t} {d}", "compound", 0, 1
    for t in HYPHEN_ENDS:
        for d in digits:
            yield f"-{t} {d}", "compound", 1, 1
    for t in POSSESSIVE_ENDS:
        for d in digits:
            yield f"{t} {d}", "possessive", 0, 1
    for t in GLUED_ENDS:
        for end in ",\n":
            yield f"{t}{end}", "glued", 0, 1
    for t in GERMAN_PLACE_PREPOSITIONS:
        yield t + " ", "preposition", 0, 0
    for t in ("Laan van ", "Laan der "):  # Dutch: "Laan van Meerdervoort 12", the street's word before its name
        yield t, "prefix", 0, 0
    yield ", Sector ", "sector", 2, 0  # India's: "B-17, Sector 62", the house's block and number before it
    for t in UNIT_WORDS:
        yield t.capitalize(), "unit", 0, 0
    for t in ("House No", "Plot No", "Door No", "Flat No", "H.No", "H. No"):  # India's and Pakistan's
        yield t, "unit", 0, 0
    for t in ("apt ", "apt. "):  # "??? apt. 169": an apartment's number, whatever its case
        yield t, "unit", 0, 0
    for t in ("plot no. ", "Plot no. "):  # a land register's plot and its sheet ("plot no. 142, sheet/plan 33/29")
        yield t, "plot", 0, 0
    for post in ("APO A", "FPO A", "DPO A", "apo a", "fpo a", "dpo a"):
        yield post, "military", 0, 0
    for box in POST_BOXES:
        yield box, "box", 0, 0


# A post office box's words in English, German, French, Spanish, Portuguese, Italian, Dutch, Polish and Swahili; the
# number after them is the address (``places``: "BP" and a bare "Apartado" only before a postcode).
POST_BOXES = (
    "P.O. Box", "PO Box", "P.O.Box", "P. O. Box", "PO box", "P.O. box", "Post Office Box", "Postfach", "B.P.", "BP ",
    "Apartado", "Apdo", "Caixa Postal", "Caixa postal", "Casilla", "Casella postale", "Casella Postale",
    "Skrytka pocztowa", "skrytka pocztowa", "skr. poczt.", "Skr. poczt.", "Postbus",
    "S.L.P.", "S.L.P ",  # Swahili's (Sanduku la Posta), with its dots: "SLP" is a speech therapist too
)  # fmt: skip
