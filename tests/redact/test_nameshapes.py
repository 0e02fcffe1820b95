"""What a name after its cue looks like and where it ends (``replay.redact.nameshapes``): a surname with a capital
inside it or its particles before it (after a title), "Surname, Given" after a label, a given name and a rare
surname before a deed, a surname in lower case after a title, a name's span past spaces."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.nameshapes import in_place, looks_like_person, uncased_person


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("Please call Mr. McDonald tomorrow.", "Donald"),
        ("Mrs. O'Brien left a message.", "Brien"),
        ("Ask Dr. DeSantis about it.", "Santis"),
        ("Please update the address for Mrs. Okonkwo-Adeyemi today.", "Adeyemi"),
        ("Sehr geehrte Frau Dr. Schwarzenegger-Klein, danke.", "Klein"),
        ("Dear Mr. al-Rashid,", "Rashid"),
        ("Ms. van der Berg-Jansen will call back.", "Berg"),
        ("Mr. de la Cruz asked for a refund.", "Cruz"),
    ],
)
def test_a_surname_after_a_title_is_redacted_whole(r: Redactor, text: str, surname: str) -> None:
    out, found = r.text(text)
    assert surname not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Assignee: Karen Deveraux\nStatus: open", "Deveraux"),
        ("Requester: Tom", "Tom"),
        ("Witness: Grace", "Grace"),
        # surname first, a comma, a known given name closing the line: a surname the lexicon does not know
        ("Assigned to: VanderMeer, Katrin", "VanderMeer"),
        ("Reporter: Deveraux, Karen\nStatus: open", "Deveraux"),
        ("Patient: VanderMeer, Katrin (VIP)", "VanderMeer"),
        # the same in capitals, a middle initial after it (a payslip's header)
        ("EMPLOYEE: CROSSLEY, ANNABEL J        NI NO: PX 44 18 27 C", "CROSSLEY"),
    ],
)
def test_a_records_role_label_names_a_person(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        *("Owner: Platform Engineering", "Assignee: Unassigned", "Sender: Marketing Team"),
        *("Owner: Platform, Engineering", "Assignee: Frontend, Team", "Assigned to: QA, Will"),
        *("Assignee: UNASSIGNED, NONE", "Recipient: HMRC, PAYE", "Owner: PLATFORM, TEAM"),
        "We flew from Paris, Texas (USA)",
    ],
)
def test_a_role_label_before_what_is_no_given_name_finds_nobody(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "Karen Deveraux said the invoice was wrong.",  # a surname the word list holds as a rare word, before a deed
        "Karen Deveraux told me on Monday.",
        "Please forward this to Karen Deveraux before Friday.",
    ],
)
def test_a_given_name_and_a_rare_surname_before_a_deed_or_after_a_cue(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "Karen" not in out and "Deveraux" not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text", ["Grace Church said no.", "Victoria Station said the trains stop.", "the Julia Language said nothing"]
)
def test_a_given_name_before_a_word_or_a_place_and_a_deed_finds_nobody(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("text", ["Student: Ethan Kowalski   Year 9", "Assignee: John Smith   Status: open"])
def test_a_name_s_span_ends_at_a_word_s_end_past_spaces_between_its_words(r: Redactor, text: str) -> None:
    # the span was as long as the words joined by one space: "Ethan Kowalski   Ye" of "Year" replaced
    hits = [h for h in r.engine.finder.find(text) if h.kind == "name"]
    assert hits and all(not text[h.end : h.end + 1].isalnum() for h in hits), [text[h.start : h.end] for h in hits]


@pytest.mark.parametrize("text", ["agent: thanks mister delgado", "thanks mr delgado for calling"])
def test_a_surname_alone_in_lower_case_after_a_title(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "delgado" not in out and counts["name"] == 1, out


def test_a_word_after_a_title_in_lower_case_that_is_no_common_surname_is_kept(r: Redactor) -> None:
    text = "open it in ms word; dr pepper"
    assert r.text(text) == (text, {})


def test_a_surname_after_a_title_is_no_longer_word_s_start(r: Redactor) -> None:
    text = "mister delgadoS-IPAD, mr delgadoé"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("value", "strict", "person"),
    [
        ("Marisol T.", False, True),  # a known given name and an initial
        ("K. Adebayo", False, True),  # initials and a surname of the lexicon
        ("R. Quillfeather", True, True),  # under a person's own field, any surname
        ("Plan B.", False, False),
        ("Model S.", False, False),
        ("Vitamin C.", False, False),
        # a given name of the gazetteer's rarest tier and one initial with its stop; a thing's word and its letter
        ("Cassius T.", False, True),
        ("Thaddeus R.", False, True),
        ("Class A.", False, False),
        ("Grade B.", False, False),
        ("Galaxy S.", False, False),
        ("Cassius T. R.", False, False),  # two initials after a rare given name: no shape it decides
    ],
)
def test_a_name_with_an_initial_looks_like_a_person_s(value: str, strict: bool, person: bool) -> None:
    assert looks_like_person(value, known_only=True, strict=strict) is person


def test_one_word_signing_on_a_closing_s_line_is_a_name_the_lexicon_holds(r: Redactor) -> None:
    # "Regards, Okafor": a surname; a bank signing as itself is a word that only looks like a name
    out, found = r.text("Thanks for the update.\nRegards, Okafor")
    assert "Okafor" not in out and found["name"] == 1, out
    kept = "Uw lening is goedgekeurd. Met vriendelijke groet, Triodosbank."
    assert r.text(kept)[0] == kept


def test_a_given_name_before_capitals_is_a_product_s(r: Redactor) -> None:
    ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
    assert r.text(f'{{"useragent": "{ua}"}}')[0] == f'{{"useragent": "{ua}"}}'
    assert "Ingrid" not in r.text("I went with Ingrid to the shop.")[0]


@pytest.mark.parametrize(
    ("body", "gone"),
    [
        ({"cardholder": "MR PERCIVAL ACHEAMPONG"}, "ACHEAMPONG"),  # a receipt's card name, embossed in capitals
        ({"customer_name": "MRS JANE OKAFOR"}, "OKAFOR"),
        ({"billing_name": "DR WILHELMINA ACHTERBERG"}, "ACHTERBERG"),
    ],
)
def test_a_name_in_capitals_after_its_honorific(r: Redactor, body: dict, gone: str) -> None:
    out, counts = r.text(json.dumps(body))
    assert gone not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("مرحبا، اسمي محمد عبد الرحمن الزهراني، رقم جوالي", "الزهراني", "رقم جوالي"),  # four words up to Arabic's comma
        ("الاسم: أحمد محمود عبد العزيز\nالمحافظة: القاهرة", "العزيز", "القاهرة"),  # a form's label
        ("اسم من سارا محمدی نژاد است، کد ملی", "نژاد", "است"),  # Persian, up to its verb
        ("আমার নাম তানভীর আহমেদ চৌধুরী, আমার মোবাইল", "চৌধুরী", "আমার মোবাইল"),  # Bengali
        ("என் பெயர் கார்த்திகேயன் சுப்ரமணியம். என் தொலைபேசி", "சுப்ரமணியம்", "என் தொலைபேசி"),  # Tamil
        ("ผมชื่อ สมชาย ใจดีมาก เลขบัตรประชาชน 1-1037-02345-67-9", "ใจดีมาก", "เลขบัตรประชาชน"),  # Thai: two words
        ("मेरा नाम राजेश कुमार शर्मा है।", "शर्मा", "है"),
        ("שמי יעל בן-דוד, תעודת זהות", "דוד", "תעודת"),  # a hyphenated Hebrew surname
        ("اسمي آدم وعنواني في الرياض", "آدم", "وعنواني"),  # "and my address": the clause goes on
    ],
)
def test_a_name_in_a_script_without_capitals_runs_to_its_clause_s_end(
    r: Redactor, text: str, name: str, kept: str
) -> None:
    out, found = r.text(text)
    assert name not in out and kept in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the closing quote was taken with the name: "'Good morning, Mr. Drayick into French"
        ("Translate 'Good morning, Mr. Whitcombe' into French.", "' into French."),
        ("‘Hi, Mrs. Patel’ she said", "’ she said"),
        ("Mr. Jones' car is red.", "' car is red."),  # a possessive's mark is the sentence's too
    ],
)
def test_an_apostrophe_after_a_name_stays_in_the_text(r: Redactor, text: str, kept: str) -> None:
    out, found = r.text(text)
    assert out.endswith(kept) and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thank you, Mr. President. Madam Speaker, I rise.", None),
        ("Mr. Vice President, members of the committee", None),
        ("Dear Mr. President Whitcombe,", "Whitcombe"),  # the office before a name: the name still goes
        ("Mr. Chance asked for a refund.", "Chance"),
    ],
)
def test_an_office_a_title_addresses_is_no_name(r: Redactor, text: str, name: str | None) -> None:
    out, found = r.text(text)
    assert (out == text) if name is None else (name not in out and found["name"] == 1), out


@pytest.mark.parametrize("value", ["Tiny Home", "Living Room", "Little Kitchen"])
def test_ordinary_words_all_are_a_thing_s_name_where_no_field_says_a_person(r: Redactor, value: str) -> None:
    assert not looks_like_person(value, True)
    assert looks_like_person(value, False, strict=True)  # a first_name field's takes any
    text = json.dumps({"name": value})
    assert r.text(text)[0] == text
    assert looks_like_person("Tiny Okafor", True)  # a surname, which the list of ordinary words never holds


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear Αντωνίου, your payment arrived.", "ίου"),  # Greek's accented letters
        ("Dear Άννα, your payment arrived.", "Άννα"),
        ("My name is Nguyễn Văn Tuấn and I ordered twice.", "ấn"),  # Vietnamese's letters past Latin Extended-A
        ("Dear Hương, your class moved.", "ương"),
    ],
)
def test_a_name_in_greek_or_vietnamese_letters_goes_whole(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("Cảm ơn anh Minh đã hỗ trợ", "Minh", "đã hỗ trợ"),  # "đ" is no capital: the name ends before "đã"
        ("Chị Lan ơi, đơn hàng của chị đã được giao rồi nhé.", "Lan", "chị đã được giao"),
        ("Hôm qua chú Hùng đưa tôi về", "Hùng", "đưa tôi về"),
    ],
)
def test_a_name_after_its_cue_ends_at_a_word_in_lower_case_of_latin_extended_a(
    r: Redactor, text: str, name: str, kept: str
) -> None:
    out, _ = r.text(text)
    assert name not in out and kept in out, out


@pytest.mark.parametrize("text", ["Chào buổi sáng, chào mọi người, chào Hà Nội!", "Xin chào Đà Nẵng, hẹn gặp lại!"])
def test_a_city_of_vietnam_after_a_greeting_is_no_name(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("здравствуйте, меня зовут иван петров, заказ не пришёл", "петров", "заказ не пришёл"),
        ("merhaba, benim adım ahmet yılmaz, siparişim gelmedi", "yılmaz", "siparişim gelmedi"),
        ("oi, meu nome é joão da silva e meu pedido não chegou", "silva", "e meu pedido"),
        ("nazywam się tomasz wiśniewski i nie dostałem paczki", "wiśniewski", "i nie dostałem paczki"),
    ],
)
def test_a_name_in_lower_case_with_marks_or_in_cyrillic_after_its_cue(
    r: Redactor, text: str, gone: str, kept: str
) -> None:
    out = r.text(text)[0]
    assert gone not in out and kept in out, out


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("مع خالص التحية،\nمحمود حسن\n15 شارع التحرير", "محمود حسن", "مع خالص التحية"),
        ("בברכה,\nמיכל פרץ\nמנהלת מכירות", "מיכל פרץ", "מנהלת מכירות"),
        ("با احترام\nمریم احمدی", "احمدی", "با احترام"),
        ("S pozdravem\nLucie Procházková\nVinohradská 12", "Procházková", "S pozdravem"),
        ("ধন্যবাদান্তে,\nসুমাইয়া আক্তার\nঢাকা, বাংলাদেশ", "আক্তার", "ঢাকা"),
        ("والسلام\nعلی رضا\nلاہور", "علی رضا", "لاہور"),
        ("நன்றியுடன்,\nலக்ஷ்மி நாராயணன்", "நாராயணன்", "நன்றியுடன்"),
    ],
)
def test_a_name_signed_under_a_closing_of_another_language(r: Redactor, text: str, name: str, kept: str) -> None:
    out = r.text(text)[0]
    assert name not in out and kept in out, out


def test_a_name_without_capitals_that_says_it_is_one_itself() -> None:
    """From a known CJK surname, or two to four words from a common given name; a desk's, one word, a phrase: none."""
    assert all(map(uncased_person, ["佐藤健太", "李娜", "يوسف الحربي", "فاطمة الزهراء علي"]))
    desks = ["カスタマーサポート", "客服中心", "الدعم الفني", "يوسف", "سارة في البيت الآن معنا"]
    assert not any(map(uncased_person, desks))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Remitido por: Jesús Ignacio Tornero Ruiz Correo electrónico: x", "Correo electrónico:"),
        ("Responsable clínico: Dra. Ana Pérez Correo electrónico: x", "Correo electrónico:"),
    ],
)
def test_a_label_after_a_cued_name_ends_it(r: Redactor, text: str, kept: str) -> None:
    out, counts = r.text(text)
    assert kept in out and counts["name"] == 1, out


def test_a_surname_before_a_colon_is_still_the_name_s(r: Redactor) -> None:
    out, counts = r.text("Dr. Ana Ruiz: la paciente llega mañana")
    assert "Ruiz" not in out and counts["name"] == 1, out


@pytest.mark.parametrize(("text", "kept"), [("Herr Weber Nr. 5 wartet", "Nr. 5"), ("Frau Anna Schmidt Nr. 7", "Nr. 7")])
def test_a_number_s_word_after_a_titled_name_is_not_the_name_s(r: Redactor, text: str, kept: str) -> None:
    out, counts = r.text(text)
    assert kept in out and counts == {"name": 1}, out


@pytest.mark.parametrize(
    "text",
    [  # a role greeted after "Dear" or an honorific: an ordinary word, or a role's the lexicon lacks (notnames)
        "Dear Valued Customer, your order confirmation is attached.",
        "Dear Partner, thank you for your patience.",
        "Dear Store Manager, please find the invoice below.",
        "Dear Subscriber, your plan renews on Monday.",
        "Dear Prospective Student, welcome!",
        "Dear Account Holder, we noticed a new sign-in.",
        "Buenos días Señor Cliente, gracias",
    ],
)
def test_a_role_greeted_is_no_one_s_name(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a common given name that is an ordinary word too, a rare name, a prayer's addressee: names still
        ("Dear Will, see you soon", "Will"),
        ("Dear Hope, thanks", "Hope"),
        ("Dear Leocadia, thanks", "Leocadia"),
        ("Herr Max Mustermann, ein Anwalt", "Max Mustermann"),
        ("Dear God, help me", "God"),
    ],
)
def test_a_person_greeted_by_an_ordinary_word_is_still_named(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "end", "want"),
    [
        ("Austin, Texas is hot", 6, True),
        ("Urbana, IL 61801, USA", 6, True),  # a state's code and a ZIP code: a city line
        ("Kenny, you know", 5, False),
        ("Jessica, CA is far", 7, False),  # a state's code alone says no city
    ],
)
def test_a_state_or_its_code_and_zip_after_a_comma_make_a_city(text: str, end: int, want: bool) -> None:
    assert in_place(text, end) is want


def test_a_city_line_of_an_affiliation_names_no_one_addressed(r: Redactor) -> None:
    text = "Department of Chemistry's lab,\nUrbana, IL 61801, USA. Kenny is here."
    out, counts = r.text(text)
    assert "Urbana, IL 61801" in out and "Kenny" not in out and counts["name"] == 1, out
