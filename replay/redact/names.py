"""Person names in free text by their cues: what introduces a name ("my name is", a greeting, a sign-off, an
honorific, a kinship word) and how strongly (``NAME_TRIGGERS``), a quoted reply's and a post's cues, a
professional's credentials, what only a person does. What a name after a cue looks like is in ``nameshapes``;
names with no cue are in ``people``, street addresses in ``places``."""

from __future__ import annotations

__all__ = ["CREDENTIALS", "CREDIT_CUES", "FAMILY", "FAMILY_ABROAD", "HEADER_CUES", "NAME_TRIGGERS", "POSTER_CUES"]

_OWNERS = ("my", "his", "her", "our", "their", "your")
_RELATIONS = (
    "son", "daughter", "kid", "child", "baby", "wife", "husband", "partner", "fiancé", "fiancée", "fiance",
    "fiancee", "boyfriend", "girlfriend", "mom", "mum", "mother", "dad", "father", "brother", "sister", "uncle",
    "aunt", "cousin", "nephew", "niece", "grandma", "grandpa", "grandmother", "grandfather", "grandson",
    "granddaughter", "friend", "best friend", "roommate", "flatmate", "neighbor", "neighbour", "boss",
    "manager", "colleague", "coworker", "co-worker", "teammate", "assistant", "teacher", "tutor", "student",
    "doctor", "therapist", "landlord", "tenant", "client", "lawyer", "ex", "stepson", "stepdaughter",
    "ceo", "cto", "cfo", "founder", "cofounder", "co-founder", "supervisor", "intern", "mentor", "dentist", "nurse",
    "accountant", "coach", "nanny", "babysitter", "caregiver", "classmate", "professor", "advisor", "adviser",
    "recruiter",
)  # fmt: skip

# The rest of ``_RELATIONS`` that only a person is to someone, as family is (a friend, a neighbour; a firm is a client,
# a partner, a boss): after an owner, a name however rare ("my neighbour Ptolemy recommended you")
_PEOPLE_ONLY = (
    "friend", "best friend", "roommate", "flatmate", "neighbor", "neighbour", "colleague", "coworker", "co-worker",
    "teammate", "boyfriend", "girlfriend", "uncle", "aunt", "grandma", "grandpa",
)  # fmt: skip
# The kin of ``_RELATIONS`` that name one's family, not a role ("client", "boss", "partner": "partner Acme Corp")
FAMILY = (
    "wife", "husband", "mother", "father", "mom", "mum", "dad", "daughter", "son", "brother", "sister", "fiancé",
    "fiancée", "grandson", "granddaughter", "grandmother", "grandfather", "nephew", "niece", "stepson",
    "stepdaughter", "cousin",
)  # fmt: skip
# ``FAMILY`` and a neighbour in German, whose nouns are capitalised, so a capital after one says no name by itself
_FAMILY_DE = (
    "tochter", "sohn", "bruder", "schwester", "mutter", "vater", "ehefrau", "ehemann", "enkel", "enkelin", "neffe",
    "nichte", "cousine", "onkel", "tante", "oma", "opa", "nachbar", "nachbarin",
)  # fmt: skip
# a neighbour and kin in Swedish, with their article ("grannen": the neighbour) or a grandparent's word for whose
# parent ("farmor": father's mother): no word of Swedish's own that a name starts
_FAMILY_SV = (
    "grannen", "grannens", "granne", "grannarna", "farmor", "farfar", "mormor", "morfar", "kusin", "kusinen",
    "svärmor", "svärfar", "brodern", "systern", "dottern", "sonen", "frun", "maken", "sambon", "brorsan", "syrran",
)  # fmt: skip
# ``FAMILY``'s nearest after "my" in French, German, Spanish, Italian, Portuguese, Dutch and Polish
FAMILY_ABROAD = (
    "ma fille", "mon fils", "ma femme", "mon mari", "ma mère", "mon père", "ma sœur", "mon frère",
    "meine tochter", "mein sohn", "meine frau", "mein mann", "meine mutter", "mein vater", "meine schwester",
    "mein bruder", "meu irmão",
    "mi hija", "mi hijo", "mi esposa", "mi esposo", "mi marido", "mi madre", "mi padre", "mi hermana", "mi hermano",
    "mia figlia", "mio figlio", "mia moglie", "mio marito", "mia madre", "mio padre", "mia sorella", "mio fratello",
    "minha filha", "meu filho", "minha esposa", "minha mulher", "meu marido", "minha mãe", "meu pai", "minha irmã",
    "mijn dochter", "mijn zoon", "mijn vrouw", "mijn man", "mijn moeder", "mijn vader", "mijn zus", "mijn broer",
    "moja córka", "mój syn", "moja żona", "mój mąż", "moja mama", "mój tata", "moja siostra", "mój brat",
    # the same after "his", "her" in French, Spanish, Italian ("sa mère Gwenaëlle m'a écrit")
    "sa fille", "son fils", "sa femme", "son mari", "sa mère", "son père", "sa sœur", "son frère",
    "su hija", "su hijo", "su esposa", "su esposo", "su marido", "su madre", "su padre", "su hermana", "su hermano",
    "sua figlia", "suo figlio", "sua moglie", "suo marito", "sua madre", "suo padre", "sua sorella", "suo fratello",
    # grandparents, uncles and aunts, a partner, and "our" child, as a symptom or a school's note tells of them ("mio
    # compagno Giacomo", "nostra figlia Bianca", "minha avó Conceição", "meu tio Anselmo", "notre fils Hugo")
    "mia nonna", "mio nonno", "mio zio", "mia zia", "mio cugino", "mia cugina", "mio compagno", "mia compagna",
    "nostra figlia", "nostro figlio", "mia suocera", "mio suocero", "minha avó", "meu avô", "meu tio", "minha tia",
    "meu primo", "minha prima", "nossa filha", "nosso filho", "minha sogra", "meu sogro", "mi abuela", "mi abuelo",
    "mi tío", "mi tía", "mi primo", "mi prima", "nuestra hija", "nuestro hijo", "mi suegra", "mi suegro",
    "ma grand-mère", "mon grand-père", "mon oncle", "ma tante", "mon cousin", "ma cousine", "notre fille",
    "notre fils", "mon compagnon", "ma compagne", "ma belle-mère", "mon beau-père", "moja babcia", "mój dziadek",
    "mój wujek", "moja ciocia", "nasza córka", "nasz syn", "moja teściowa", "mój teść",
)  # fmt: skip
# Polish kin with no owner ("a mąż Paweł też", "córka Zosia"), and Turkish kin, whose "my" is a suffix ("kardeşim
# Serkan", "annem Gülsüm'ün"): words of no other language's that a name could start
_FAMILY_OWNED = (
    "mąż", "żona", "córka", "synek", "babcia", "dziadek", "annem", "babam", "kardeşim", "eşim", "kızım", "oğlum",
    "ablam", "abim", "teyzem", "halam", "dayım", "amcam", "anneannem", "babaannem", "dedem", "kocam", "karım",
)  # fmt: skip
# ``FAMILY``'s nearest with no owner in Spanish, Portuguese, French, Italian and Dutch, Turkish's with a third person's
# suffix, romanised Hindi's: a profile's or an agent's memory of a user ("hija Mía", "filha Isabela", "dochter Tess",
# "kızı Defne", "beti Aarohi")
_FAMILY_BARE = (
    "hija", "hijo", "esposa", "esposo", "hermana", "hermano", "filha", "filho", "irmã", "irmão", "fille", "fils",
    "épouse", "figlia", "figlio", "moglie", "marito", "sorella", "fratello", "dochter", "zoon", "echtgenote",
    "kızı", "oğlu", "eşi", "annesi", "babası", "beti", "bete",
)  # fmt: skip
_CLOSINGS_ABROAD = (
    "grüßen", "grüße", "gruß", "grüssen", "grüsse", "cordialement", "bien à vous", "atentamente", "saludos",
    "un saludo", "cordiali saluti", "distinti saluti", "atenciosamente", "cumprimentos", "vriendelijke groet",
    "vriendelijke groeten", "groetjes", "pozdrawiam", "z poważaniem",
    # Czech, Romanian, Hungarian, Swedish, Finnish, Turkish, Indonesian, Tagalog, Swahili, Russian, Ukrainian; Arabic,
    # Hebrew, Persian, Hindi (the name on the next line in a script without capitals: ``nameshapes``)
    "s pozdravem", "cu stimă", "cu stima", "üdvözlettel", "vänliga hälsningar", "ystävällisin terveisin",
    "terveisin", "saygılarımla", "hormat saya", "lubos na gumagalang", "wako mwaminifu", "с уважением", "з повагою",
    "مع خالص التحية", "مع التحية", "تحياتي", "בברכה", "בכבוד רב", "با احترام", "با سپاس", "सादर",
    # Bengali's, Urdu's and Tamil's ("ধন্যবাদান্তে,\nসুমাইয়া আক্তার": with thanks, and the name's line)
    "ধন্যবাদান্তে", "শুভেচ্ছান্তে", "বিনীত", "والسلام", "آپ کا مخلص", "نیک تمنائیں", "நன்றியுடன்", "அன்புடன்",
)  # fmt: skip
# A professional's credentials after their name and a comma (lower case, as the cue automaton reads them)
CREDENTIALS = (
    "md", "m.d.", "rn", "lpn", "np", "fnp", "aprn", "pa-c", "phd", "ph.d.", "pharmd", "dds", "dmd", "esq", "esq.",
    "cpa", "lcsw", "mph", "facs",
)  # fmt: skip

# What one credits another with ("Maria suggested", "as Priya mentioned"), and what a team's member did ("Camilo created
# a component", "Priya fixed the bug"): "before" cues, as ``_DEEDS``' (a firm's or a product's name is no given name)
_CREDITED = ("suggested", "mentioned", "pointed out", "recommended", "explained")
_MADE = ("created", "wrote", "built", "fixed", "posted", "shared", "reviewed", "approved", "merged", "reported")
_MADE += ("answered", "commented")
_DEEDS = (
    "said", "says", "told", "asked", "replied", "shouted", "whispered", "laughed", "smiled", "cried", "lives",
    "texted", "emailed", "was born", "is from", "grew up", "works at", "works as", "passed away", "married",
    "spent", "gave", "had given", "has given", "wants", "thinks", "feels", "loves", "hates", "began",
    "dob",  # a birth date's label right after the name ("Ysolde Grieve DOB 12/05/1991", a caller confirming)
    *_CREDITED,
    *_MADE,
)  # fmt: skip
# and after "as" and one name however written, a user's as a post's ``POSTER_CUES`` take it: "As llovet suggested", "as
# DFD pointed out" (``written.credited``)
CREDIT_CUES = frozenset(f" {verb}" for verb in _CREDITED)

_WISHES = (
    "thank you ", "thanks ", "thx ", "good luck ", "congrats ", "congratulations ", "happy birthday ",
    "happy new year ", "love you ", "miss you ", "well done ", "great job ", "great video ", "shout out to ",
    "shoutout to ", "rip ", "welcome back ",
    # a gift's or a card's message (an order's note): "Happy anniversary Tunde!", "Joyeux anniversaire Bastien !"
    "happy anniversary ", "happy mother's day ", "happy father's day ", "merry christmas ", "get well soon ",
    "love from ", "joyeux anniversaire ", "bon anniversaire ", "feliz cumpleaños ", "feliz aniversario ",
    "buon compleanno ", "alles gute ", "love, ", "lots of love, ", "with love, ",
    # a greeting by the time of day ("Good morning Marina!"; not "sorry ": in every other chat request, 15,000
    # instructions a request for its few names)
    "good morning ", "good afternoon ", "good evening ", "good night ",
)  # fmt: skip

# What only a person does or has (no firm lives, marries or shouts; only a person has a birth date): a name before
# these need not be a common one ("Verda lives on", "Mehrudin shouted at"), and a full name of two words is taken whole
# ("Cendrillon Coudert lives at", "Ysolde Grieve DOB 12/05/1991").
PERSONAL_DEEDS = frozenset(
    {" lives", " was born", " grew up", " passed away", " married", " had given", " has given", " shouted",
     " whispered", " laughed", " smiled", " cried", " feels", " loves", " hates", " dob"}
)  # fmt: skip

_SPOKE = ("says", "said", "shouted at", "yelled at", "smiled at", "waved at", "told", "thanked", "texted", "emailed")

# A quoted reply's header ends with one of these, the writer's name before it: "On <date>, Jane Doe <jane@…> wrote:",
# "Le <date>, Jean <…> a écrit :", "El <date>, Ana <…> escribió:" (``written.header_names``).
HEADER_CUES = (" wrote:", " a écrit", " escribió:")
# What a post builds on, after its writer's name and "'s": "Deryck's answer", "jeroen's comment" (``written.poster``).
POSTER_CUES = tuple(
    f"{q}s {what}" for q in "'’" for what in ("answer", "comment", "reply", "suggestion", "post", "edit")
)

# A clinic's and a school's labels of a patient, a student, a parent, a doctor in Arabic, their colon after them
_LABELS_AR = (
    "اسم المريض", "اسم المريضة", "المريض", "المريضة", "اسم الطالب", "اسم الطالبة", "الطالب", "الطالبة", "اسم الأب",
    "اسم الأم", "اسم ولي الأمر", "ولي الأمر", "الطبيب", "الطبيبة", "الطبيب المعالج",
)  # fmt: skip

_OFFICES = tuple(
    f"{office} "
    for office in (
        "president", "senator", "sen.", "mayor", "governor", "gov.", "congressman", "congresswoman", "rep.",
        "chairman", "chairwoman", "chancellor", "doctor", "professor", "prof", "officer", "detective", "sheriff",
        "sergeant", "sgt.", "lieutenant", "lt.", "colonel", "col.", "captain", "capt.",
    )
)  # fmt: skip

# trigger (lower case) -> how strong a hint it is: "strong" takes any capitalised name ("title" too, and initials alone
# after it), "weak" needs a known first name
# or two words, "list" is weak and takes the names after it joined by "," or "and", "kin" (a person by who they are to
# someone: "my kid Dzhambek") is a list whose one word may be a rare name (the finder's ``rare``), "answer" (to a
# question for a name, a cast's cue) takes one rare name too, "sign" takes the name on the next line, "before" the one
# name before it, "after" the name after it: two words, or one a common given name or surname (the finder's
# ``named``), "given" the name after it when it starts with one common given name (the finder's ``alone``), not
# hyphenated, "office" (a rank's or an office's title) the capitalised words after it when ``named`` takes the first,
# "who" one common given name alone (``alone``), "family" (one's own family: "my daughter Clemency", "ma fille
# Apolline") a kin's list whose one word may be any capitalised word no place nor stop word is (``family``).
NAME_TRIGGERS: dict[str, str] = {
    "my name is": "strong",
    "my name's": "strong",
    "name is": "strong",
    "call me": "strong",
    "signed": "strong",
    # an honorific or a title before a name: "title" is "strong", and takes a person named by initials alone too
    # ("Mr F.L.", "Ms A.B.": a judgment's or a report's way of naming someone)
    "mr.": "title",
    "mrs.": "title",
    "ms.": "title",
    "dr.": "title",
    "dra.": "title",
    "mr ": "title",
    "mister ": "title",  # as a call's transcript writes "Mr"
    "mrs ": "title",
    "ms ": "title",
    "miss ": "title",
    "dr ": "title",
    "judge ": "title",
    "ambassador ": "title",
    # an office or a rank before a surname ("President Biden", "Senator Mahady", "Mayor Tate", "Doctor Duvall"): a
    # name of the lexicon or a word that is no ordinary one (the finder's ``titled``: "Doctor Who" is none), not
    # inside a longer name ("Hospital Universitario de Gran Canaria Doctor Negrín": ``in_run``)
    **dict.fromkeys(_OFFICES, "office"),
    "dear ": "strong",
    "named": "strong",
    # honorifics, greetings and introductions of other languages
    "frau ": "strong",
    "meneer ": "strong",
    "mevrouw ": "strong",
    "de heer ": "strong",
    # a Dutch letter's salutation, "de" left out ("Geachte heer Jansen,", "Geachte heer van der Heyden,"): "Mr", as
    # "de heer " is
    "geachte heer ": "title",
    "geachte mevrouw ": "title",
    "herr ": "strong",
    "herrn ": "strong",
    "madame ": "strong",
    "monsieur ": "strong",
    "mme ": "strong",
    "mme. ": "strong",
    "mlle ": "strong",
    "señor ": "strong",
    "señora ": "strong",
    "sr. ": "strong",
    "sra. ": "strong",
    "srta. ": "strong",
    "signor ": "strong",
    "signora ": "strong",
    "sig. ": "strong",
    "sig.ra ": "strong",
    "dott. ": "strong",
    "prof. ": "title",
    "mx. ": "title",
    # Greek's honorifics and "dear", a name after them in its vocative or genitive ("Κύριε Αντωνίου,", "κυρία
    # Παπαδοπούλου", "Αγαπητέ Δημήτρη"); Vietnamese's words a person is spoken to or of by, as kin ("anh Tuấn",
    # "chị Lan ơi", "cô Hương", "ông Nguyễn Văn Bình"), before two words or a given name: they are pronouns too, and
    # the lexicon's Vietnamese names hold lower-case words ("chị đã được": she has been), so none in lower case;
    # not "em" (Portuguese's "in")
    **dict.fromkeys(("κύριε ", "κυρία ", "κύριος ", "κυρίου ", "αγαπητέ ", "αγαπητή "), "title"),
    **dict.fromkeys(("anh ", "chị ", "cô ", "chú ", "bác ", "ông ", "bà ", "chào em ", "chào bạn "), "after"),
    # the honorifics of Polish, Czech, Russian, Ukrainian, Romanian, Indonesian and Malay, Swahili, Portuguese and
    # Tagalog, before two words or a common given name or surname ("pan Nowak", "paní Svobodová", "господин Иванов",
    # "domnul Ionescu", "Bapak Budi", "Ndugu Juma", "Senhora Silva", "Gng. Reyes"); as "after" cues, not strong
    # ones: "Pan", "Ibu" start a firm's or a place's name too ("Pan Am", "Ibu Kota")
    **dict.fromkeys(
        ("pan ", "pani ", "panie ", "pana ", "pane ", "paní ", "господин ", "госпожа ", "господина "), "after"
    ),
    **dict.fromkeys(
        ("пан ", "пані ", "пане ", "пана ", "domnul ", "doamna ", "domnule ", "doamnă ", "bapak "), "after"
    ),
    **dict.fromkeys(("pak ", "ibu ", "encik ", "puan ", "tuan ", "ndugu ", "bwana ", "bi. ", "senhor "), "after"),
    **dict.fromkeys(("senhora ", "sr ", "sra ", "gng. ", "ginoong ", "ginang ", "binibining "), "after"),
    # French's abbreviated "monsieur", Turkish's "Bay" and "Bayan", Swahili's "Bw." (bwana): "M." and "Bay" are a
    # metre's and a coast's words too ("Bay Area"), so the name after them must be one the lexicon knows
    **dict.fromkeys(("m. ", "bay ", "bayan ", "bw. "), "after"),
    # Arabic's "I am", before a known given name only ("أنا نورة"; "أنا سعيد", I am happy: ``nameshapes``)
    "أنا ": "given",
    # and of scripts without capitals (Arabic, Hebrew, Persian, Devanagari): the words after them (see _UNCASED)
    **dict.fromkeys(("السيد ", "السيدة ", "מר ", "גב' ", "גברת ", "آقای ", "خانم ", "श्री ", "श्रीमती "), "title"),
    # Urdu's, Tamil's and Bengali's ("جناب احمد رضا", "திருமதி லக்ஷ்மி நாராயணன்", "জনাব রহিম উদ্দিন")
    **dict.fromkeys(("جناب ", "محترم ", "محترمہ ", "திரு ", "திருமதி ", "செல்வி ", "জনাব ", "শ্রী ", "শ্রীমতী "), "title"),
    # a maiden name after the word that announces it ("Helena Wexler (née Strand)", "Anna Schmidt, geborene Becker"):
    # a surname, as after an office (German's "geb." says "born" before a date as often)
    "née ": "office",
    "geborene ": "office",
    "je m'appelle": "strong",
    "je m’appelle": "strong",
    "me llamo": "strong",
    "mi chiamo": "strong",
    "ich heiße": "strong",
    "ich heisse": "strong",
    "mein name ist": "strong",
    "meu nome é": "strong",
    "mijn naam is": "strong",
    "nazywam się": "strong",
    "me chamo": "strong",
    "jag heter": "strong",
    "jeg hedder": "strong",
    "nimeni on": "strong",
    "jmenuji se": "strong",
    "benim adım": "strong",
    # the same in Ukrainian, Russian, Romanian, Polish, Czech, Hungarian, Turkish, Indonesian and Malay, Tagalog,
    # Swahili, romanised Hindi and Hebrew (a name in lower case after them too: ``nameshapes._LOWER``)
    **dict.fromkeys(("мене звати", "моє ім'я", "моє ім’я", "моё имя", "мое имя", "mă numesc", "ma numesc"), "strong"),
    **dict.fromkeys(("numele meu este", "numele meu e", "mam na imię", "jmenuju se", "a nevem", "adım "), "strong"),
    **dict.fromkeys(("nama saya", "saya bernama", "nama aku", "ako si ", "ang pangalan ko ay", "naitwa "), "strong"),
    **dict.fromkeys(("ninaitwa ", "jina langu ni", "mera naam", "mera nam ", "קוראים לי"), "strong"),
    # scripts without capitals: the name is the words after the cue (see _UNCASED)
    "मेरा नाम": "strong",
    "اسمي": "strong",
    "שמי": "strong",
    "меня зовут": "strong",
    # the same in Persian and Urdu, Bengali, Tamil, Telugu, Marathi, Nepali, Gujarati, Punjabi, Thai ("my name is"),
    # and an Arabic form's label ("الاسم: أحمد محمود", "the name:")
    "اسم من": "strong",
    "نام من": "strong",
    "میرا نام": "strong",
    "আমার নাম": "strong",
    "என் பெயர்": "strong",
    "నా పేరు": "strong",
    "माझे नाव": "strong",
    "मेरो नाम": "strong",
    "મારું નામ": "strong",
    "ਮੇਰਾ ਨਾਮ": "strong",
    "ผมชื่อ": "strong",
    "ฉันชื่อ": "strong",
    "ดิฉันชื่อ": "strong",
    "الاسم:": "strong",
    "الاسم الكامل:": "strong",
    # and a record's parties by their role with its colon: a customer, an applicant, a lease's landlord, tenant and
    # guarantor, a loan's borrower, an insurer's insured ("المستأجر: نورة القحطاني"; without it, "المؤجر ملزم …" is
    # the landlord's duty)
    **dict.fromkeys(
        (f"{role}:" for role in ("العميل", "مقدم الطلب", "المؤجر", "المستأجر", "الكفيل", "الضامن", "المقترض")),
        "strong",
    ),
    "المؤمن له:": "strong",
    # a clinic's and a school's people by their label in Arabic and Hindi: a patient, a student, a parent, a doctor
    # ("اسم المريض: عبدالله القحطاني", "اسم الأب: ماجد الحربي", "د. منى الشهري", "मरीज़ का नाम: गीता पटेल",
    # "पिता का नाम अशोक वर्मा है", "डॉ. अनिल मेहता"); "डॉक्टर से मिलना" (to see the doctor) has no name after it
    **dict.fromkeys((f"{label}:" for label in _LABELS_AR), "strong"),
    **dict.fromkeys(("د. ", "डॉ. ", "डॉ "), "strong"),
    **dict.fromkeys(
        (
            f"{who} {of} नाम{colon}"
            for who in ("मरीज़", "मरीज", "रोगी", "पिता", "माता", "पति", "पत्नी", "छात्र", "छात्रा", "अभिभावक")
            for of in ("का", "की")
            for colon in ("", ":")
        ),
        "strong",
    ),
    "sehr geehrte ": "weak",
    "sehr geehrter ": "weak",
    "liebe ": "weak",
    "lieber ": "weak",
    "hallo ": "weak",
    "bonjour ": "weak",
    "chère ": "weak",
    "cher ": "weak",
    "hola ": "weak",
    "estimado ": "weak",
    "estimada ": "weak",
    "ciao ": "weak",
    "caro ": "weak",
    "cara ": "weak",
    "je suis ": "weak",
    "soy ": "weak",
    "ich bin ": "weak",
    "sono ": "weak",
    # the same in Dutch, Portuguese and Indonesian: a chat's customer saying who they are ("ik ben Daan", "aqui é a
    # Ana", "saya Budi")
    **dict.fromkeys(("ik ben ", "aqui é ", "aqui é o ", "aqui é a ", "sou o ", "sou a ", "saya "), "weak"),
    # and in Portuguese without the article, Danish and Norwegian, Swedish, Polish, Czech ("eu sou Ana", "jeg er
    # Ingrid", "jag är Elsa", "jestem Kasia", "jsem Petra")
    **dict.fromkeys(("eu sou ", "jeg er ", "jag är ", "jestem ", "jsem "), "weak"),
    "здравствуйте, ": "weak",
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
    "patient:": "weak",
    "customer ": "weak",
    "customer:": "weak",
    # who signed, sent or referred a letter, a clinical report's doctor ("Remitido por: Eduardo Sánchez de Badia")
    "remitido por": "weak",
    "enviado por": "weak",
    "derivado por": "weak",
    "encaminhado por": "weak",
    "paciente ": "weak",  # Spanish's, Portuguese's and Italian's patient, as "patient " is
    "paciente:": "weak",
    "paziente:": "weak",
    "firmado por": "weak",
    "atendido por": "weak",
    "responsable clínico:": "weak",
    "médico:": "weak",
    # cues of one name or a list of them: "cc A B and C D", "Attendees: A B, C D"
    "cc ": "list",
    "cc:": "list",
    "attendees:": "list",
    "participants:": "list",
    "assigned to ": "list",
    "spoke with ": "list",
    "spoke to ": "list",
    "loop in ": "list",
    "belongs to ": "list",
    "calls me ": "strong",
    "called him ": "strong",
    "called her ": "strong",
    "named him ": "strong",
    "named her ": "strong",
    "was called ": "weak",
    "is called ": "weak",
    # a person named by who they are to someone: "my daughter Lily", "her boss Derek", "our neighbour Ana"
    **{f"{owner} {who} ": "kin" for owner in _OWNERS for who in _RELATIONS},
    # one's own family, over the line above's "kin": "my daughter Clemency", "my son Hunter" (a word's name too); and
    # one's friends and neighbours ("my neighbour Ptolemy")
    **{f"{owner} {who} ": "family" for owner in _OWNERS for who in (*FAMILY, *_PEOPLE_ONLY)},
    # what only people do, after one name: "Katrine said", "Leif's daughter" (the name is before the cue)
    **{f" {verb}": "before" for verb in _DEEDS},
    # and before one: a quote's speaker ("…," says Becker.), the one spoken to ("shouted at Todd")
    **{f"{verb} ": "after" for verb in _SPOKE},
    # a question for a name and its answer: "What's your last name? Okafor"
    **{f"{part}name? ": "answer" for part in ("your ", "last ", "first ", "full ", "sur", "family ", "maiden ")},
    # what only a person has, debated ("The true gender of Vehbija has been under debate"): one rare name
    "gender of ": "answer",
    # a film's or a play's cast: an actor's name, however rare ("starring Latourelle", "co-starring Ann Lee"), as who
    # to ask for is (``mentions``' "role")
    "starring ": "role",
    # (one's family after a possessive is ``relatives``' cue, "kin_of": "Leif's daughter", "roberto's daughter")
    **{
        f"{q}s {who}": "before"
        for q in "'’"
        for who in (*_RELATIONS, "birthday", "address", "phone", "email")
        if who not in FAMILY
    },
    # a person thanked, wished well or greeted by name: "Thank you Jaclyn for", "Good luck Pixie!!", "Happy New year
    # Amber", the name after them as an "after" cue takes it (two words, or one a common given name or surname)
    **dict.fromkeys(_WISHES, "after"),
    # with, from, by and met before a person in a chat message ("friends with Logan", "a text from Maria", "just met
    # Bevis", "me and Johnson"): one
    # common given name, not a place ("from Florence" stays), or two words starting with a given name
    **dict.fromkeys(("with ", "from ", "by ", "met ", "me and ", "myself and ", "like "), "given"),
    # who a mail asks to send something to ("Go ahead and forward to Brant if you are ready"): the same
    **dict.fromkeys(("forward to ", "forward it to ", "send it to ", "forward this to ", "send this to "), "given"),
    # and who one gets in touch with, or asks another to ("I talked to Priya", "Can you email Rahul", "Tell Mehmet the
    # parcel arrived", "ask Kwame"): the same (an assistant asked, "ask Siri", is no one: ``notnames``; not "called",
    # which names things too: "a tool called Jenkins", "it's called Neo")
    **dict.fromkeys(("talked to ", "talking to ", "ask ", "tell ", "email ", "ping "), "given"),  # "call ": below
    **dict.fromkeys(("reach ", "reach out to ", "message ", "dm "), "given"),  # "You can reach Olamide at"
    **dict.fromkeys(("reply to ", "replying to ", "respond to ", "write to ", "writing to "), "given"),
    "remind ": "given",
    # who is given or sent something of someone's ("had given Alma his address", "I sent Okafor my number"): however
    # rare the name, before a possessive (``personal._recipient``)
    **dict.fromkeys(
        ("given ", "gave ", "give ", "sent ", "send ", "showed ", "handed ", "offered ", "lent "), "recipient"
    ),
    **dict.fromkeys(("bought ", "promised ", "owe "), "recipient"),
    # a ticket's, a form's or a record's people by their role's label ("Assignee: John Smith", "Tenant: Maria Rossi"):
    # only a known given name first ("Owner: Platform Engineering" is a team's, "Assignee: Unassigned" nobody)
    **dict.fromkeys(
        (
            *(f"{role}:" for role in ("assignee", "assigned to", "reporter", "requester", "requestor", "owner")),
            *(f"{role}:" for role in ("author", "organizer", "organiser", "applicant", "tenant", "landlord")),
            *(f"{role}:" for role in ("borrower", "claimant", "policyholder", "beneficiary", "employee", "manager")),
            *(f"{role}:" for role in ("supervisor", "candidate", "student", "caller", "guest", "passenger")),
            *(f"{role}:" for role in ("sender", "recipient", "witness", "attendee")),
        ),
        "given",
    ),
    # kin by a title, with no owner ("Any news on Aunt Toni?", "Uncle Bob said"): two words, or one common name
    **dict.fromkeys(("aunt ", "auntie ", "uncle ", "grandma ", "grandpa "), "after"),
    # family with no owner, as a clinical note or an intake form writes them ("Wife Abena at bedside", "daughter
    # Keziah will drive her"): as after one ("my wife Abena"), a rare name too ("Mother Nature" is a word)
    **dict.fromkeys((f"{who} " for who in FAMILY), "kin"),
    # and in German, which capitalises every noun: "Tochter Mechthild hat morgen Geburtstag", "Nachbarin Ilse"
    **dict.fromkeys((f"{who} " for who in _FAMILY_DE), "kin"),
    # and in Swedish, whose nouns take their article at their end ("hos grannen Karlsson", "farmor Astrid")
    **dict.fromkeys((f"{who} " for who in _FAMILY_SV), "kin"),
    # and a record's note naming one by whose kin they are ("VIP, wife of Alasdair", "daughter of Ottoline Marsh")
    **dict.fromkeys((f"{who} of " for who in FAMILY), "kin"),
    # a neighbour the same way, as a courier's note names them ("Neighbour Bartosz at 114 accepts parcels")
    **dict.fromkeys(("neighbour ", "neighbor "), "kin"),
    # the same, after "my", in the languages a bot is told one's details in ("ma fille Apolline", "mijn zoon Daan")
    **dict.fromkeys((f"{kin} " for kin in FAMILY_ABROAD), "family"),
    # and Polish kin with no owner, Turkish kin with theirs in a suffix: as kin, a place before its case's suffix
    # ("annem İstanbul'da") not being told from a name before its own ("annem Gülsüm'ün")
    **dict.fromkeys((f"{kin} " for kin in _FAMILY_OWNED), "kin"),
    **dict.fromkeys((f"{kin} " for kin in _FAMILY_BARE), "kin"),
    # someone else's name said ("su hija se llama Mía", "sa fille s'appelle Chloé", "beti ka naam Aarohi"), as "is
    # called" says it in English
    **dict.fromkeys(("se llama ", "s'appelle ", "s’appelle ", "si chiama ", "se chama ", "chama-se ", "heet "), "weak"),
    **dict.fromkeys(("ka naam ", "ki naam ", "ka nam "), "weak"),
    # who to phone or text ("call Marguerite on 555-0177", "text Ingrid when you land"): one common given name
    **dict.fromkeys(("call ", "text ", "ring ", "phone "), "given"),
    # a name before a professional's credential: "R. Castellanos, MD", "J. Abernathy, RN" (``nameshapes.credentialed``)
    **dict.fromkeys((f", {c}" for c in CREDENTIALS), "credential"),
    # who is there or who it was, in speech ("There's Marianne.", "Hey it's Jackie and welcome back", "I think it was
    # Barbara that has some seeds"): one common given name, no longer run ("it's Sydney Opera House") nor a city
    # before its state or country ("it's Austin, Texas")
    **dict.fromkeys(("there's ", "there’s ", "it's ", "it’s ", "it was "), "who"),
    "called me ": "strong",
    # the writer of a quoted reply ("On Mon, Jan 5, 2015 at 3:50 PM, Dave <dave@…> wrote:") and the writer of an
    # answer or a comment another post builds on ("as in Deryck's answer", "per jeroen's comment"): ``written``
    **dict.fromkeys(HEADER_CUES, "header"),
    **dict.fromkeys(POSTER_CUES, "poster"),
    "regards": "sign",
    "thanks": "sign",
    "thank you": "sign",
    "cheers": "sign",
    "sincerely": "sign",
    "best": "sign",
    "warmly": "sign",
    "respectfully": "sign",
    "yours truly": "sign",
    "yours": "sign",  # "Yours,\nAoife", "Yours, Aoife" (not "Yours, The Team": ``mentions``)
    "faithfully": "sign",
    # a mail's closings that are no thanks ("Keep in touch,\nMike", "Take care,\nAnn")
    "keep in touch": "sign",
    "take care": "sign",
    "talk soon": "sign",
    "all the best": "sign",
    # the same closings in German, French, Spanish, Italian, Portuguese, Dutch and Polish ("Mit freundlichen Grüßen,
    # Reinhild Obermüller", "Cordialement,\nThibault")
    **dict.fromkeys(_CLOSINGS_ABROAD, "sign"),
}
