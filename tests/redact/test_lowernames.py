"""Person names in a text typed all in lower case (``replay.redact.lowernames``), with the name finder's judgements
of one word, and the words in lower case that name no one."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.lowernames import SHORT_TEXT, lower_case, lower_texts, mixed_texts
from replay.redact.people import PersonFinder


@pytest.fixture(scope="module")
def people() -> PersonFinder:
    return PersonFinder()


def test_a_json_string_in_lower_case_among_strings_with_capitals(people: PersonFinder) -> None:
    text = '{"system": "You are Helpful.", "user": "hi, please call maria garcia today", "id": "ab cd"}'
    got = [text[a:b] for a, b in lower_texts(text, text.lower(), people.alone, people.surname)]
    assert got == ["maria garcia"]
    prose = "Please call maria garcia today"  # a capital, no JSON string: a sentence the capitalised rules read
    assert list(lower_texts(prose, prose.lower(), people.alone, people.surname)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("follow up with patricia desrosiers in a couple of months.", "patricia desrosiers"),
        ("pls send it to maria garcia asap", "maria garcia"),
        ("olga krylova's killers sentenced to life in prison", "olga krylova"),  # a rarer surname of the lexicon
        ("emidio p lombardo\ngarcia-smith\nunit 1009 box 0219", "emidio p lombardo"),  # an initial between
        ("bertram m. jørgensen\n\nsoldier", "bertram m. jørgensen"),
    ],
)
def test_name_in_a_text_typed_in_lower_case(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in lower_case(text, people.alone, people.surname)] == [name]


def test_ordinary_words_in_lower_case_are_no_name(people: PersonFinder) -> None:
    text = "i want to install docker and run maria db with python on linux, then call will smith at the amro branch"
    assert list(lower_case(text, people.alone, people.surname)) == []


@pytest.mark.parametrize(
    "text",
    [
        "đơn hàng của chị đã được giao hôm qua",  # "hàng của", "đã được": syllables that folded are names
        "khi nào thì đơn hàng của tôi được giao vậy",
    ],
)
def test_vietnamese_words_in_lower_case_are_no_name(people: PersonFinder, text: str) -> None:
    assert list(lower_case(text, people.alone, people.surname)) == []


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("halo kak, nama saya budi santoso, pesanan saya belum sampai", "santoso"),
        ("moi, olen mikko virtanen ja tilaukseni on myöhässä", "virtanen"),
        ("please ask john paul jones about the invoice", "jones"),
    ],
)
def test_a_name_in_lower_case_after_a_word_another_language_names_someone_goes_whole(
    r: Redactor, text: str, surname: str
) -> None:
    out = r.text(text)[0]
    assert surname not in out and out.split()[0] == text.split()[0], out


@pytest.mark.parametrize(
    ("message", "surname"),
    [
        ("привет, я сергей волков, хочу вернуть деньги за наушники.", "волков"),
        ("jó napot, kovács péter vagyok, a rendelésem még nem érkezett meg.", "kovács"),
        ("moi, olen mikko virtanen ja tilaukseni on myöhässä.", "virtanen"),
    ],
)
def test_a_name_in_a_json_string_typed_in_lower_case_beside_capitals_goes(
    r: Redactor, message: str, surname: str
) -> None:
    system = {"role": "system", "content": "You are a helpful customer support assistant."}
    body = json.dumps({"messages": [system, {"role": "user", "content": message}]}, ensure_ascii=False)
    out = r.text(body)[0]
    assert surname not in out and "You are a helpful" in out, out


def test_a_json_string_in_lower_case_with_no_name_stays(r: Redactor) -> None:
    body = '{"Note": "rose gold case for the new phone, please wrap it"}'
    assert r.text(body)[0] == body


@pytest.mark.parametrize(
    "text",
    [  # two function words of other languages, each a given name or a surname somewhere
        "nambari yangu ni 0712 345 678",  # Swahili: "my number is"
        "numele mea nu este corect",  # Romanian: "my name is not right"
        "main abhi tak ghar nahi pahuncha",  # romanised Hindi: "not home yet"
        "oda yangu haijafika bado",  # Swahili: "my order has not arrived"
    ],
)
def test_two_function_words_in_lower_case_are_no_name(people: PersonFinder, text: str) -> None:
    assert list(lower_case(text, people.alone, people.surname)) == []


def test_a_lower_case_name_with_one_function_word_still_goes(people: PersonFinder) -> None:
    text = "please call dan smith tomorrow ok"  # "dan" is Indonesian's "and"; "smith" no function word
    assert [text[a:b] for a, b in lower_case(text, people.alone, people.surname)] == ["dan smith"]


@pytest.mark.parametrize(
    "text", ["get tom a coffee", "call ben a cab", "bring jack a beer", "ask maria e rossi", "tell john i ross"]
)
def test_a_word_of_one_letter_is_no_initial(people: PersonFinder, text: str) -> None:
    assert list(lower_case(text, people.alone, people.surname)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Finally met maria garcia at the conference, so nice", "maria garcia"),
        ("RT @news: Big win for serena williams today", "serena williams"),
        ("I think john smith is here", "john smith"),
        ("We meet karen allen at noon!", "karen allen"),  # "allen": German's "all" too, a surname of five letters
    ],
)
def test_a_name_in_lower_case_inside_a_short_text_with_capitals(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in mixed_texts(text, people.alone, people.surname)] == [name]


@pytest.mark.parametrize(
    "text",
    [  # pairs ``lower_case`` takes in a text typed all in lower case
        "Ho trovato una lunga coda alla posta",  # a function word of another language first
        "Il mio medico dice di no",
        "La casa con giardino è bella",  # or a short one second
        "Mon visa est expiré",
        "We ate at a dhaba in rajiv nagar today",  # a word that ends a place's name
        "Send it to PSC 1234, box 5678 apo aa 09123",  # a surname of two letters
        "Ship to Calle maria garcia 12, Madrid",  # after a capitalised word: a street's name going on in lower case
    ],
)
def test_words_in_lower_case_inside_a_text_with_capitals_that_name_no_one(people: PersonFinder, text: str) -> None:
    assert list(mixed_texts(text, people.alone, people.surname)) == []


def test_a_long_text_with_capitals_is_not_read(people: PersonFinder) -> None:
    filler = " The weather was fine. We walked along the river and back. The shops were closed for the holiday."
    text = "We finally talked to karen allen about the move." + filler * 3
    assert len(text) > SHORT_TEXT  # a document: its pairs in lower case are ordinary words far more often
    assert list(mixed_texts(text, people.alone, people.surname)) == []


def test_a_name_in_lower_case_inside_a_text_with_capitals_goes_once(r: Redactor) -> None:
    text = "Had lunch with karen allen today. Great chat!"
    out = r.text(text)[0]
    assert "karen" not in out and "allen" not in out and out.startswith("Had lunch with "), out
    assert r.text(out)[0] == out  # redacting the output again changes nothing
