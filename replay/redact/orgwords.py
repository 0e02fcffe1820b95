"""An organisation's words, in one table (``ORG_WORDS``): each word with where it stands in an institution's, a
body's or a firm's name and what it tells. Heads start an institution's name ("Hospital Infanta Cristina",
"Universidad de Alcalá", "Banco Bilbao Vizcaya") or end one compound ("Universitätsklinikum"); tails end a body's
("Johns Hopkins Hospital", "Ziraat Bankası", "Pan American Health Organization"); a trade's words end or start a
firm's named after its founder ("Brian Logistics", "Grupo Bimbo"); partners or heirs follow "&" ("Schmidt &
Partner", "& Co"); a company's legal form follows its name ("Weber GmbH", ``LEGAL_FORM``); a royal's or a saint's
title follows a head ("Hospital Infanta Cristina", ``DEDICATIONS``), and a person's office ends the institution's
words ("Hospital Director Maria Garcia", ``OFFICE_TITLES``). The others ask it: ``notnames`` (no name holds a head
or a form; a tail is a place's head too), ``firms`` (a legal form, a trade's word, partners around a name, an
institution's name before a quoted one), ``people`` and ``nameshapes`` (a run skipped or a name ended at a head or a
tail; ``people`` at a dedication or an office too), ``blocks`` (a form in capitals)."""

from __future__ import annotations

import re
from enum import IntFlag, auto

__all__ = [
    "BODY_TAILS",
    "CAPS_FORM",
    "DEDICATIONS",
    "KIN",
    "LEGAL_FORM",
    "OFFICE_TITLES",
    "ORG_HEADS",
    "ORG_HEAD_FORMS",
    "ORG_TAILS",
    "ORG_WORDS",
    "TRADE_HEADS",
    "TRADE_WORDS",
    "Org",
    "compound_head",
    "org_words",
]


class Org(IntFlag):
    """Where a word stands in an organisation's name, and what it tells (a word may have several)."""

    HEAD = auto()  # starts an institution's name: the capitalised words after it are the institution's
    COMPOUND = auto()  # ends one German or Dutch compound that is an institution's head ("Universitätsklinikum")
    TAIL = auto()  # ends a body's name after a person's or a place's ("Johns Hopkins Hospital")
    BODY = auto()  # ends a body's name after an honorific's cue ("the Pan American Health Organization")
    TRADE = auto()  # a trade's word ending a firm's name after its founder's ("Brian Logistics")
    TRADE_HEAD = auto()  # a trade's word starting one before its founder's ("Grupo Bimbo")
    KIN = auto()  # partners or heirs after "&" ("Schmidt & Partner", "Smith & Sons", "& Co")
    FORM = auto()  # a company's legal form as a run of capitals holds it among its words ("GmbH", "Inc")
    NAMELESS = auto()  # a word no person's name holds
    DEDICATION = auto()  # a royal's or a saint's title after an institution's head ("Hospital Infanta Cristina")
    OFFICE = auto()  # a person's title after an institution's name: a person's name follows ("Hospital Director …")


def _table(*rows: tuple[Org, str]) -> dict[str, Org]:
    """Each row's words (case-folded, split at blanks) with its roles, a word's roles joined over the rows."""
    table: dict[str, Org] = {}
    for roles, words in rows:
        for word in words.split():
            table[word] = table.get(word, Org(0)) | roles
    return table


# A bank in Turkish, after its name ("Ziraat Bankası", "Türkiye İş Bankası"), in its cases too, their suffix after an
# apostrophe ("Vakıf Bankası'na", "Ziraat Bankası'nda"): a tail that no name runs into
_TURKISH_BANK = " ".join(
    f"bankas{i}{q}{case}"
    for i in "ıi"
    for q in ("", "'", "’")
    for case in ("", "na", "nda", "ndan", "nın", "nin", "ndaki", "nı")
    if bool(q) == bool(case)
)

ORG_WORDS = _table(
    # Words that start an institution's name, in the languages of the cues ("Hospital Infanta Cristina", "Servicio de
    # Urología", "Sąd Okręgowy", "Universidad de Alcalá", "Anwaltskanzlei Müller & Kollegen", "Studio Rossi e
    # associati"): the capitalised words after one name the institution, not a person, and a name before one ends
    # there ("Dr. Pablo Garrido Abad Servicio de Urología"); a paper's "Univ", Italy's "Azienda Ospedaliera", the
    # plural of a group of hospitals ("Hospitales Universitarios Virgen del Rocío").
    (
        Org.HEAD | Org.NAMELESS,
        """
        hospital hôpital hopital ospedale krankenhaus ziekenhuis klinik klinikum clínica clinica clinique clinic kliniek
        policlínica policlinico sanatorio ambulatorio consultorio servicio serviço servizio sección seccion unidad
        unità unité abteilung complejo complexo centro universidad universidade université università universität
        universiteit university facultad faculdade faculté facoltà departamento département dipartimento fundación
        fundació fundação fondation fondazione stiftung stichting instituto institut istituto institute foundation
        college colegio consorcio laboratorio laboratoire escuela escola école scuola hochschule hogeschool kanzlei
        anwaltskanzlei advocatenkantoor bufete despacho studio praxis univ azienda hospitales hospitais
        """,
    ),
    # courts and works named in their own language beside an English text's name for them ("the Lubań District Court
    # (Sąd Rejonowy w Lubaniu)", "Częstochowskie Zakłady Metalowe"); banks by their word first, as the Romance
    # languages and Germany's savings banks name them ("Banco Bilbao Vizcaya", "Banca Sella", "Sparkasse Hannover")
    (
        Org.HEAD | Org.NAMELESS,
        "sąd trybunał tribunal tribunale juzgado rechtbank zakład zakłady banco banca banque sparkasse",
    ),
    # a university hospital's or a primary care centre's acronym, as the French- and Spanish-speaking world writes it
    # before the hospital's name, often a person's ("CHU Charles Nicolle", "CHU Juan Canalejo", "CHRU de Lille", the
    # Catalan "CAP El Serral")
    (Org.HEAD | Org.NAMELESS, "chu chru cap"),
    # a hospital's adjective after its head word abbreviated or after "Complejo", "Centre" ("H. Universitario Severo
    # Ochoa", "Centre Hospitalier Universitaire Henri Mondor", "Centro Hospitalar Universitário de São João")
    (
        Org.HEAD | Org.NAMELESS,
        """
        universitario universitaria universitari universitària universitaire universitário universitária hospitalario
        hospitalaria hospitalier hospitalière hospitalar
        """,
    ),
    # Italy's, Spain's and Portugal's courts ("Corte di Appello di Milano", "Corte Suprema"): "Corte" a surname too
    (Org.HEAD, "corte"),
    # German and Dutch write an institution's head word at the end of one compound ("Universitätsklinikum Carl Gustav
    # Carus", "Rechtsanwaltskanzlei Schmidt", "Konventhospital Barmherzige Brüder"): the heads' ends for them
    (Org.COMPOUND, "klinikum klinik krankenhaus hospital universität hochschule stiftung kanzlei"),
    # Words after a name that make it an institution's or a body's ("Johns Hopkins Hospital", "Diyarbakır Martial Law
    # Court", "Ankara State Security Court", "Atal Pharmacy"), capitalised or not, right after it or ending the
    # capitalised words it stands in (``eponyms.PLACE_HEADS`` holds them with the places' heads)
    (
        Org.TAIL,
        """
        hospital clinic university college school academy institute foundation trust fund court courts tribunal
        prison ministry directorate council commission committee agency parliament party police bank pharmacy
        """,
    ),
    # a centre's abbreviation and its word in Dutch, Polish, Czech, Swedish ("Gonda Vascular Ctr", "Erasmus Medisch
    # Centrum"), no name's word
    (Org.TAIL | Org.NAMELESS, "ctr centrum"),
    (Org.TAIL | Org.NAMELESS, _TURKISH_BANK),
    # The kind of body that ends its name ("Pan American Health Organization"; "Ibu Foundation" has its head among
    # the heads): the capitalised words before it name that body, not a person
    (Org.BODY, "organization organisation association agency authority council committee society"),
    # A trade's word that ends a firm's name after its founder's ("Brian Logistics", "Kevin Holdings", "Müller
    # Logistik", "Rossi Costruzioni", "Yılmaz İnşaat", "Nowak Budownictwo"), in English and the languages of the cues:
    # plural or a trade's noun, no job's word that follows a person's name in a signature ("Engineering Manager",
    # "Sales", "Partner", "Consultant"). A word the lexicon holds as a common surname too ("Holding", "Trading",
    # "Shipping", "Bouw") makes a firm only where no cue says a person is named (``firms.firm``'s ``person``).
    (
        Org.TRADE,
        """
        group holding holdings logistics enterprises industries capital partners consulting solutions realty motors
        trading foods technologies ventures associates investments properties builders pharmaceuticals laboratories
        labs studios electronics textiles contractors developments imports exports distributors supplies petroleum
        estates advisors securities airlines airways hotels restaurants farms brands shipping freight corporation
        transport trucking plumbing roofing landscaping outfitters
        gruppe logistik immobilien beratung spedition transporte bau technik werke verlag versicherung
        unternehmensgruppe groep logistiek beheer vastgoed bouw makelaardij transporten
        logística consultores asociados inmobiliaria transportes hermanos hnos consultoria imóveis imobiliária
        empreendimentos engenharia irmãos participações
        logistique immobilier transports associés logistica costruzioni immobiliare trasporti associati consulenze
        grup lojistik inşaat sanayi ticaret gıda tekstil otomotiv turizm nakliyat logistyka budownictwo
        nieruchomości doradztwo
        """,
    ),
    # A trade's word that starts a firm's name before its founder's ("Grupo Bimbo", "Transportes García", "Gruppo
    # Rossi", "Fratelli Branca"); "Groupe Martin" of a French text
    (
        Org.TRADE_HEAD,
        """
        grupo groupe gruppo grupa inversiones transportes construcciones distribuciones industrias inmobiliaria
        costruzioni trasporti fratelli transports construções
        """,
    ),
    # The partners or heirs after "&" that make a firm of the name before ("Schmidt & Partner", "Smith & Sons")
    (
        Org.KIN,
        """
        partner partners kollegen söhne sohn sons son associates associés asociados associati figli fils hijos filhos
        zonen co cie company partenaires
        """,
    ),
    # The legal forms a run of capitals in an API's text holds among its words ("Acme Corp", "Weber GmbH")
    (Org.FORM | Org.NAMELESS, "ag bv co corp gmbh inc llc ltd plc sa"),
    # A royal's or a saint's title that an institution is named with after its head word ("Hospital Infanta Cristina",
    # "Colegio Reina Sofía", "Hospital Príncipe de Asturias", "Clínica Virgen del Pilar"): no person's name starts so
    # there (``people``)
    (
        Org.DEDICATION,
        """
        infanta infante reina rey rei rainha regina re príncipe principe princesa principessa princesse prince princess
        queen king königin könig virgen virgem vergine nuestra nossa nostra notre san santa santo são sant saint st
        """,
    ),
    # A person's title after an institution's name ("Hospital Director Maria Garcia", "Universidad Rector Ana Ruiz"):
    # the institution's words end there, and the name after it is a person's (``people``)
    (
        Org.OFFICE,
        """
        director directora directeur directrice direktor direttore secretary secretario professor profesor profesora
        professeur professore manager chief president presidente dean decano decana rector rectora spokesperson
        spokesman spokeswoman head jefe jefa chef nurse doctor doctora dr dra coordinator coordinador coordinadora
        officer chair chairman chairwoman founder ceo administrator supervisor surgeon physician researcher
        investigador investigadora leiter leiterin
        """,
    ),
)


def org_words(roles: Org) -> frozenset[str]:
    """The table's words that have any of ``roles``."""
    return frozenset(w for w, r in ORG_WORDS.items() if r & roles)


ORG_HEADS = org_words(Org.HEAD)
# The same as written in a text (a set lookup of the word itself, not of its case-folded copy: a name's every word)
ORG_HEAD_FORMS = frozenset(f for h in ORG_HEADS for f in (h, h.capitalize(), h.upper()))
ORG_TAILS = org_words(Org.TAIL)
BODY_TAILS = org_words(Org.BODY)
TRADE_WORDS = org_words(Org.TRADE)
TRADE_HEADS = org_words(Org.TRADE_HEAD)
KIN = org_words(Org.KIN)
DEDICATIONS = org_words(Org.DEDICATION)
OFFICE_TITLES = org_words(Org.OFFICE)
_COMPOUND_HEADS = tuple(w for w, r in ORG_WORDS.items() if r & Org.COMPOUND)

# A company's legal form after a space or comma, in the case it is written in (the short ones are words otherwise:
# "AS", "SE", "SA"): Polish, German, French, Spanish, Italian, Dutch, Nordic, Czech, Hungarian and English ones, and
# East Asia's firms' "Co., Ltd." written as one word ("Ifuji Sangyo Co.Ltd.").
LEGAL_FORM = re.compile(
    r"[ ,\u00a0][ \t\u00a0]*(?=[ABCEGIKLNOPSUVZaegps])"  # the forms' first letters: most words fail here
    r"(?:[Ss]p\.[ \t\u00a0]*(?:z[ \t\u00a0]*o\.[ \t\u00a0]*o\.|[jkp]\.|z\.?[ \t\u00a0]*o\.?[ \t\u00a0]*o)"
    r"|GmbH|gGmbH|AG|KG|KGaA|OHG|UG|SE|e\.[ \t]?K\.|S\.A\.S?|SAS|SA|SARL|S\.à\.r\.l\.|Sàrl|EURL|SNC|S\.L\.U?|SLU?"
    r"|S\.p\.A\.|SpA|S\.r\.l\.|Srl|SRL|S\.n\.c\.|B\.V\.|BV|N\.V\.|NV|VOF|Ltd\.?|Limited|LLC|LLP|L\.L\.C\.|PLC|plc"
    r"|Inc\.?|Corp\.?|Co\.,?[ ]?Ltd\.?|Co\.|s\.r\.o\.|a\.s\.|Kft\.?|Zrt\.?|Oy|Oyj|AB|A/S|ApS|ASA)(?![^\W_])"
)
# A firm's legal form in capitals, as banks and labels write it ("ACME WIDGETS GMBH"; ``LEGAL_FORM`` reads "GmbH")
CAPS_FORM = re.compile(r"\b(?:GMBH|AG|KG|OHG|LTD|LIMITED|LLC|LLP|PLC|INC|CORP|CO|SA|SAS|SARL|BV|NV|SPA|SRL|OY|AB)\b")


def compound_head(word: str) -> bool:
    """``word`` is one compound whose end is an institution's head word (``Org.COMPOUND``)."""
    return len(word) > 12 and word.casefold().endswith(_COMPOUND_HEADS)
