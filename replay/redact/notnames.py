"""Capitalised words that are not people's names: the words that follow "I am", "Hi" or "Dear" without being names
(``STOP_WORDS``), the words that start places and greetings, acronyms and product words, the months and weekdays of
other languages (one-word countries and states, big cities: ``placenames``; an organisation's heads, tails and legal
forms: ``orgwords``; the head words after a name that make it a place's or a thing's, "… Bridge": ``eponyms``).
``names`` (names after a cue) and ``people`` (names with no cue) read them; a firm's or a brand's name by what stands
around it is ``firms``'."""

from __future__ import annotations

import re

from replay.redact.orgwords import Org, org_words

__all__ = [
    "CALENDAR",
    "CTIME",
    "NAMED_POSSESSIVES",
    "NEVER",
    "NOT_FIRST",
    "NUMBERED",
    "NUMBER_WORDS",
    "STOP_WORDS",
]


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

# Greek's and Vietnamese's greetings and words of address, capitalised at a sentence's start ("Καλημέρα Ελλάδα!",
# "Κύριε Αντωνίου,", "Chị Lan ơi,"): a name's cue, never its word
_ADDRESS_ABROAD = frozenset(
    {"γεια", "καλημέρα", "καλησπέρα", "χαίρετε", "κύριε", "κυρία", "κύριος", "αγαπητέ", "αγαπητή", "αγαπητοί"}
    | {"chào", "kính", "gửi", "thưa", "chị", "cô", "chú", "bác", "ông", "bà", "ơi"}
)
# Greetings that open a chat's or a ticket's message ("Customer: Ciao, sono Giulia", "Hoi, ik ben Daan", "Oi, aqui é
# João"): some are given names in the lexicon's romanised lists, so after a label's weak cue they were taken for one
_GREETINGS = frozenset(
    {"ciao", "hoi", "oi", "olá", "ola", "halo", "hej", "bonjour", "bonsoir", "salut", "buongiorno", "buonasera"}
    | {"salve", "goedemorgen", "goedemiddag", "merhaba", "selamat", "witam", "cześć", "ahoj", "namaste", "hallo"}
    | {"hola", "moin", "servus", "grüezi"}
)
STOP_WORDS |= _ADDRESS_ABROAD | _GREETINGS
# The roles a notice or a letter greets that the lexicon's lists of words lack, so that no rule could tell them from a
# rare name ("Dear Subscriber", "Dear Prospective Student", "Dear Cardholder"); the roles it holds as ordinary words
# ("Dear Partner", "Dear Valued Customer") ``nameshapes`` tells by the lexicon. None is a name in the lexicon.
STOP_WORDS |= {"subscriber", "shopper", "shoppers", "applicant", "applicants", "traveller", "travellers", "traveler"}
STOP_WORDS |= {"cardholder", "cardholders", "policyholder", "policyholders", "homeowner", "homeowners", "recruiter"}
STOP_WORDS |= {"recruiters", "prospective", "tenant", "attendee", "attendees", "shareholder", "stakeholder"}
STOP_WORDS |= {"stakeholders", "vendor", "vendors", "supplier", "suppliers", "learner", "learners", "esteemed"}
# and the team, the support and the sales a message greets in the other languages the cues read ("Hola Equipo Soporte",
# "Olá Equipa de Suporte", "Ciao Squadra Assistenza"), as "team", "support" and "sales" are English's
STOP_WORDS |= {"equipo", "equipa", "équipe", "squadra", "soporte", "suporte", "supporto", "assistenza", "soutien"}
STOP_WORDS |= {"atención", "atencion", "atendimento", "kundendienst", "kundenservice", "vendas", "ventes", "vendite"}
# and of Dutch, Polish, Swedish, Turkish and Indonesian, with their word for a customer a letter greets ("Beste Klant",
# "Sayın Müşterimiz", "Z poważaniem, Zespół Wsparcia", "Hormat kami, Tim Dukungan"): no name of the lexicon but Polish's
# "Zespół" (a band, a team), a common given name in its romanised list only
STOP_WORDS |= {"klant", "klanten", "klantenservice", "ondersteuning", "verkoop", "obsługa", "klienta", "zespół"}
STOP_WORDS |= {"wsparcia", "sprzedaży", "kundtjänst", "kundservice", "supportteamet", "destek", "ekibi", "müşterimiz"}
STOP_WORDS |= {"hizmetleri", "dukungan", "layanan", "penjualan"}
# A number's abbreviated word, as written (an author's initials "NR" are a name's): no name's last word ("Herr Weber
# Nr. 5", "Ihre Bestellung Nr. 12345", "Pedido Nº 5")
NUMBER_WORDS = frozenset({"Nr", "Nro", "Núm", "Nº", "N°"})
# A number's sign and its digits right after a name ("Nº 12345", "N.º 5", "No. 2231", "n° 4471", "N. 5", "Nr. 7",
# "# 5531"): what ``NAMED_POSSESSIVES`` and a noun before it name is a thing numbered
NUMBERED = re.compile(r"[ \t\u00a0]*(?:[Nn](?:\.?[º°]|[or]\.?|ro\.?|\.)|Núm\.?|#)[ \t\u00a0]*\d")
# The possessives of French, Italian, Portuguese and Spanish that are names too (``NEVER`` holds the others), as a
# shop's title writes them before a capitalised noun: with a number's sign after the noun (``NUMBERED``: "Su Pedido Nº
# 12345", "Mi Factura No. 2231", "Ma Commande n° 5") the two name an order, an invoice, a parcel, not a person ("Su
# Pedido" read as a Chinese surname and a rare name); without one they still may ("Su Wei", "Ma Long", "Mia Klein")
NAMED_POSSESSIVES = frozenset(
    {"Su", "Sus", "Mi", "Mis", "Tu", "Ma", "Mon", "Mes", "Son", "Sa", "Ses", "Ta", "Ton", "Tes", "Mia", "Mio", "Mie"}
    | {"Miei", "Sue", "Tua", "Tue", "Vos", "Meu", "Teu", "Minhas", "Meus", "Teus", "Tuas"}
)

# Capitalised words that start places, greetings and sentences more often than names.
NOT_FIRST = _ADDRESS_ABROAD | frozenset(
    [
        "san",
        "gran",  # "Gran Vía", "Gran Canaria", "Gran Sasso", "Gran Turismo": great, a place's or a thing's
        "hidden",  # "Hidden Markov Models", "Hidden Valley": a dictionary word before one of the commonest surnames
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
NOT_FIRST |= _GREETINGS
# and the definite articles of Italian and Dutch that start a place's or a work's name ("Il Ponte Vecchio", "Il Teatro
# alla Scala", "Het Anne Frank Huis"), as "El", "La", "Le", "Los" do ("Il" and "Het" are rare names of the lexicon)
NOT_FIRST |= {"il", "gli", "het"}
# and the verbs of a user interface's instructions, whose capitalised label follows them ("Click Mark Complete",
# "Select Grant Access", "Tap Mark All Read"; "Click Jane Doe" still names her, from "Jane"), in English, German,
# French, Spanish, Portuguese, Italian and Dutch; none is a name of the lexicon ("Haga", "Premi", "Tik" are)
NOT_FIRST |= {"click", "select", "tap", "toggle", "enable", "disable", "uncheck", "enter", "swipe", "scroll"}
NOT_FIRST |= {"navigate", "klicken", "tippen", "wählen", "cliquez", "sélectionnez", "appuyez", "pulse", "seleccione"}
NOT_FIRST |= {"clique", "selecione", "toque", "seleziona", "tocca", "clicca", "selecteer", "klik", "kies", "druk"}
# Words that are never part of a name: the cue module's stop words, and what a run of capitals in
# an API's text holds besides names (acronyms, street and product words, fonts; company forms are ``orgwords``').
NEVER = STOP_WORDS | frozenset(
    [
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
        "cd",
        "ceo",
        "cfo",
        "ci",
        "cli",
        "cloud",
        "condensed",
        "court",
        "ct",
        "cto",
        "display",
        "dr",
        "drive",
        "edition",
        "emoji",
        "hr",
        "http",
        "https",
        "id",
        "ip",
        "its",
        "json",
        "lane",
        "lite",
        "ln",
        "max",
        "mini",
        "model",
        "mono",
        "os",
        "pl",
        "place",
        "plus",
        "pr",
        "pro",
        "qa",
        "rd",
        "road",
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
# and the parts of a contract, a law or a book in Spanish, Portuguese, Italian, French, German and Dutch, before their
# ordinal or number ("Cláusula Quinta", "Artículo Segundo", "Capítulo Primero", "Anexo Segundo", "Artigo Sétimo"):
# the ordinals are names too ("Quinta", "Segunda", "Primo", "Décima"); no name of the lexicon is such a part
NEVER |= {"cláusula", "cláusulas", "artículo", "artículos", "capítulo", "capítulos", "apartado", "anexo", "epígrafe"}
NEVER |= {"artigo", "artigos", "seção", "secção", "parágrafo", "alínea", "articolo", "articoli", "capitolo", "sezione"}
NEVER |= {"allegato", "paragrafo", "chapitre", "annexe", "alinéa", "artikel", "kapitel", "abschnitt", "anhang"}
NEVER |= {"absatz", "hoofdstuk", "bijlage"}
# and a football club's initials before its city's name ("FC Barcelona", "FC Porto", "VfB Stuttgart", "AFC Ajax"),
# which read as a rare given name before a city that is a surname too
NEVER |= {"fc", "afc", "cf", "vfb", "vfl", "tsv", "tsg", "bsc", "ssc"}
# and the words of an organisation's name no one's holds (``orgwords``: the heads that start institutions, legal
# forms), a contact's labels after a name ("Madrid E-mail: …", "García NºCol: …", "Vitoria Tfno: …")
NEVER |= org_words(Org.NAMELESS) | {"e-mail", "email", "correo", "tel", "telf", "tfno", "teléfono", "fax", "nºcol"}
# and the roles that label a call's transcript or stand before a name in Spanish, German, French, Italian and Portuguese
# ("Agente: gracias", "Kundin: …", "die Schülerin Leonie …", "l'élève Maëlys …")
NEVER |= {"agente", "cliente", "operador", "operadora", "asesor", "asesora", "kunde", "kundin", "berater", "beraterin"}
NEVER |= {"mitarbeiter", "mitarbeiterin", "conseiller", "conseillère", "opérateur", "opératrice", "atendente"}
NEVER |= {"schüler", "schülerin", "alumno", "alumna", "élève", "étudiant", "étudiante", "studente", "studentessa"}
# and the words for a customer, and for "dear" before a letter's addressee, of Hungarian, Finnish, Swedish, Polish,
# Czech, Romanian, Turkish, Indonesian and Swahili ("Tisztelt Nagy Erzsébet!", "Asiakas Liisa Mäkinen soitti")
NEVER |= {"tisztelt", "ügyfél", "ügyfelünk", "asiakas", "asiakkaamme", "asiakkaan", "kund", "kunden", "klient"}
NEVER |= {"klientka", "zákazník", "zákaznice", "clientul", "clienta", "müşteri", "pelanggan", "mteja", "szanowny"}
NEVER |= {"szanowna", "szanowni", "vážený", "vážená", "stimate", "stimată", "hyvä", "bästa", "kära", "käre"}
# and a loan's, a lease's, an insurer's and an employer's parties by their role, before a name in Czech, Slovak, Polish,
# German, Spanish, French, Italian, Portuguese, Turkish, Indonesian and Swahili ("Zaměstnanec Jan Novák žádá …",
# "Mieter Jonas Becker", "Fiador: João Silva")
NEVER |= {"zaměstnanec", "zaměstnankyně", "zamestnanec", "žadatel", "žadatelka", "žiadateľ", "nájemce", "nájemník"}
NEVER |= {"pronajímatel", "ručitel", "dlužník", "věřitel", "pojištěnec", "pracownik", "pracownica", "wnioskodawca"}
NEVER |= {"najemca", "wynajmujący", "poręczyciel", "kredytobiorca", "pożyczkobiorca", "ubezpieczony", "mieter"}
NEVER |= {"mieterin", "vermieter", "vermieterin", "bürge", "bürgin", "antragsteller", "antragstellerin", "avalista"}
NEVER |= {"darlehensnehmer", "versicherungsnehmer", "arrendatario", "arrendataria", "arrendador", "solicitante"}
NEVER |= {"prestatario", "locataire", "bailleur", "emprunteur", "emprunteuse", "souscripteur", "conduttore"}
NEVER |= {"locatore", "richiedente", "mutuatario", "contraente", "locatário", "locatária", "locador", "fiador"}
NEVER |= {"fiadora", "mutuário", "segurado", "segurada", "kiracı", "kefil", "borçlu", "penyewa", "penjamin"}
NEVER |= {"peminjam", "nasabah", "mpangaji", "mdhamini"}
# and a CV's or a signature's job titles that the names' list holds as given names ("Jean Dubois\nIngénieur")
NEVER |= {"ingénieur", "ingénieure", "ingeniero", "ingeniera", "ingegnere", "responsable", "gérant", "gérante"}
# and the abbreviated words of a paper's affiliations ("Dept of Med, Univ Med Ctr Groningen", "Inst of Clin Chem")
NEVER |= {"univ", "dept", "ctr", "inst", "hosp", "hlth", "rsrch", "med", "clin", "sci", "natl", "assoc", "labs"}
# and the possessives that start a customer's message or a shop's ("Ihre Bestellung Nr. 12345", "Votre commande",
# "Uw Bestelling", "Il Suo Ordine"), in German, French, Dutch, Italian, Portuguese and Spanish; not those that are
# names too (Su, Mi, Tu, Ma, Mon, Son, Sa, Ton, Ta, Mia, Mio, Sue, Vos, Tua)
NEVER |= {"ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "dein", "deine", "deinen", "deinem", "meine", "meinen"}
NEVER |= {"meinem", "unser", "unsere", "unseren", "euer", "eure", "votre", "notre", "nos", "leur", "leurs", "uw"}
NEVER |= {"jouw", "mijn", "onze", "suo", "sua", "suoi", "tuo", "vostro", "vostra", "nostro", "nostra", "seu", "seus"}
NEVER |= {"suas", "minha", "nosso", "nossa", "nuestro", "nuestra", "vuestro", "vuestra", "tus", "ihnen"}
# and German's "you" of courtesy, capitalised after the verb of every polite question ("Können Sie mir helfen?",
# "Haben Sie das Paket?", "Sind Sie sicher?"), which read as a given name and a surname, and its "I", which with
# "bin" read as an Arabic name ("Ich bin Lena" as "Ahmad bin Ismail"), and Czech's "I am" ("Jsem Petra Nováková")
NEVER |= {"sie", "ich", "jsem"}
# The months and weekdays of the other languages the cues speak (English's are ``STOP_WORDS``), in the forms a text
# writes capitalised at a sentence's start or in a list ("Bulan Desember ada diskon", "Styczeń, Luty, Marzec",
# "Wielki Piątek"): Spanish, French, German, Italian, Portuguese, Dutch, Polish, Czech, Romanian, Hungarian, Swedish,
# Danish and Norwegian, Finnish, Turkish, Indonesian and Malay, Tagalog, Swahili; and Portuguese's weekdays as they
# are typed without their hyphen ("Quarta Feira", "Sexta Feira Santa"). Some are names too ("Piątek", "Sobota",
# "Maj", "Quinta"): ``people`` takes those only beside a common given name ("Jan Piątek", "Quinta Ferreira").
_CALENDAR_WORDS = """
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    lunes martes miércoles jueves viernes sábado domingo
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche
    januar februar märz april juni juli august oktober dezember montag dienstag mittwoch donnerstag freitag samstag
    sonntag gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedì martedì mercoledì giovedì
    venerdì sabato domenica janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    segunda-feira terça-feira quarta-feira quinta-feira sexta-feira januari februari maart mei augustus
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    styczeń luty marzec kwiecień czerwiec lipiec sierpień wrzesień październik listopad grudzień
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia
    poniedziałek wtorek środa czwartek piątek sobota niedziela
    leden únor březen duben květen červen červenec srpen září říjen prosinec
    ledna února března dubna května června července srpna října listopadu prosince
    pondělí úterý středa čtvrtek pátek
    ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
    luni marți miercuri joi vineri sâmbătă duminică
    január február március április május június július augusztus szeptember október
    hétfő kedd szerda csütörtök péntek szombat vasárnap
    mars maj augusti måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag fredag lørdag søndag
    tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu
    maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai
    ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık
    pazartesi salı çarşamba perşembe cuma cumartesi pazar
    maret agustus desember senin selasa rabu kamis jumat sabtu minggu
    enero pebrero marso abril hunyo hulyo setyembre oktubre nobyembre disyembre lunes martes miyerkules huwebes
    biyernes sabado linggo januari februari machi aprili juni julai agosti septemba oktoba novemba desemba
    jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili
    isnin khamis jumaat ahad mac jun julai ogos disember
    feira segunda terça quarta quinta sexta
"""
CALENDAR = frozenset(_CALENDAR_WORDS.split())
# A time as machines write it in English whatever the locale: C's ctime and date(1), a shell's "Last login: Mon Mar  4
# 10:22:01", JavaScript's Date.toString ("Tue Apr 16 2024 08:01:55 GMT+0200"), RFC 1123's "Mon, 04 Mar 2024": a
# weekday's abbreviation before a month's and a day's number, or a day's number. Its words are names too ("Mar").
CTIME = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?[ \u00a0]+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \u00a0]+)?\d"
)
