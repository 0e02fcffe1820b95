"""Personal data by its field or its shape (``replay.redact.personal``): an address's field."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize("place", ["SFO Terminal 2", "Heathrow Airport", "Union Station Platform 9", "Gate B12"])
def test_a_public_stop_under_an_address_s_key_is_kept(r: Redactor, place: str) -> None:
    text = json.dumps({"destination": {"address": place, "latitude": 37.6161}})
    assert place in r.text(text)[0]


def test_an_address_beside_a_public_stop_s_word_is_still_one(r: Redactor) -> None:
    text = json.dumps({"address": "12 Gate Lane"})
    out, found = r.text(text)
    assert "12 Gate Lane" not in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["Hello Kitty backpack for a 6 year old: which size?", "Hello Kitty wallet, pink"])
def test_a_brand_after_a_greeting_s_word_is_no_one_greeted(r: Redactor, text: str) -> None:
    # goods right after it make the name a brand's, as after a title ("Dr. Martens boots")
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"), [("Hi Sarah, the bag is ready.", "Sarah"), ("Hello Kitty, welcome!", "Kitty")]
)
def test_a_person_greeted_before_goods_is_still_one(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize("text", ["the pipe is 5 m. Long enough", "a run of 10 M. Long ago we", "vu par m. Lopez"])
def test_a_metre_s_m_or_a_lower_case_m_is_no_monsieur(r: Redactor, text: str) -> None:
    # "M." is monsieur capitalised, after no number
    assert r.text(text) == (text, {})


def test_a_title_s_name_quoted_after_an_institution_s_is_its(r: Redactor) -> None:
    # a hospital named after a doctor, in MEDDOCAN's signatures' way (SPACCC_MEDDOCAN, CC BY 4.0)
    text = 'Hospital Militar Escuela "Dr. Alejandro Dávila Bolaños" Servicio de Cirugía'
    assert r.text(text) == (text, {})
    out, found = r.text('Dijo "Dr. Alejandro Dávila es bueno"')  # a quote after a sentence's words: a person
    assert "Dávila" not in out and found["name"] == 1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Remitido por: Jesús Ignacio Tornero Ruiz Hospital Universitario La Paz", "Tornero Ruiz"),
        ("Paciente: María López Hospital Clínico San Carlos", "María López"),
        ("Enviado por: Ana Beatriz Costa Hospital de Santa Maria", "Beatriz Costa"),
        ("Paziente: Giulia Bianchi Ospedale San Raffaele", "Giulia Bianchi"),
    ],
)
def test_a_cue_written_as_a_label_finds_the_name_before_an_institution(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)  # the name finder leaves a name before an institution's head to its cue
    assert name not in out and counts["name"] == 1 and text.split()[-1] in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Remitido por: Servicio de Cardiología Hospital La Fe",  # a service's name, no one's
        "Enviado por: correo electrónico",
        "Paciente: Varón de 45 años",
    ],
)
def test_a_label_cue_before_no_name_finds_nobody(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["name"] == 0, text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the StackOverflow NER corpus' dev half (stackoverflow_dev.jsonl): a second author after one found
        ("The code was developed by Siavash Mirarab and Tandy Warnow, with help from the lab.", ["Tandy", "Warnow"]),
        ("I met Maria Lopez and Velka in Rome", ["Maria", "Velka"]),
    ],
)
def test_a_person_joined_by_and_to_a_name_found(r: Redactor, text: str, names: list[str]) -> None:
    out, _ = r.text(text)
    assert not any(name in out for name in names), out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Dear Maria and Team, the invoice is attached", "Team"),
        ("I met Maria Lopez and Apple engineers", "Apple"),
        ("From Paris and Maria Lopez went home", "Paris"),
        ("Ask Priya and Docker will be set up", "Docker"),
    ],
)
def test_no_one_joined_where_a_word_place_or_brand_stands(r: Redactor, text: str, kept: str) -> None:
    out, _ = r.text(text)
    assert kept in out, out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jassuna had given Alma his address: 2827 Pellmere 79", "Alma"),  # presidio_synth's template
        ("I sent Okafor my number yesterday", "Okafor"),
        ("We owe Kwame our thanks", "Kwame"),
        ("Please send Maria Lopez your invoice", "Maria Lopez"),
    ],
)
def test_who_is_given_something_of_someones(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "I gave Docker my credentials",  # a brand's
        "sent Paris my love",  # a place's
        "gave The Team their bonus",
        "give Python your trust",
        "gave it his best",
        "gave Marketing their budget",
    ],
)
def test_no_one_given_where_a_brand_place_or_word_stands(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text, out


@pytest.mark.parametrize(
    ("text", "kept", "name"),
    [  # a place's noun in lower case after the one word a cue took names the place; the cue's person stays one
        ("Army arrested a militant from Doda district. Ana Ruiz said so.", "Doda district", "Ana Ruiz"),
        ("He came from Kent county, says Maria Lopez.", "Kent county", "Maria Lopez"),
        ("Volunteers from Tigray region met Kwame Mensah.", "Tigray region", "Kwame Mensah"),
    ],
)
def test_a_place_s_noun_after_a_cue_s_word_names_the_place(r: Redactor, text: str, kept: str, name: str) -> None:
    out, _ = r.text(text)
    assert kept in out and name not in out, out


def test_a_person_a_cue_names_before_a_place_s_noun_further_on_is_one(r: Redactor) -> None:
    out, counts = r.text("Greetings from Anna, district manager")
    assert "Anna" not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        *("Colegio Nuestra Señora de la Paz, Madrid", "Hospital Nossa Senhora da Conceição"),
        "Nostra Signora di Lourdes",
        "la señora de la limpieza viene hoy",  # the cleaning lady: particles, then a word in lower case
    ],
)
def test_our_lady_is_no_one_addressed(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "surname"),
    [("Hola señora de la Fuente, ¿cómo está?", "Fuente"), ("Buenos días señor de Miguel", "Miguel")],
)
def test_a_title_s_particles_reach_the_surname_after_them(r: Redactor, text: str, surname: str) -> None:
    out, counts = r.text(text)
    assert surname not in out and " de " not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name", "street"),
    [
        ("Remitido por: Dr. JG Velásquez López Carrera 39 No 47-33 Medellín", "Velásquez López", "47-33"),
        ("Remitido por: José A. Hermida Pérez Calle 8 No. 12-30", "Hermida Pérez", "12-30"),
    ],
)
def test_a_name_read_up_to_a_street_ends_before_it(r: Redactor, text: str, name: str, street: str) -> None:
    out, counts = r.text(text)
    assert name not in out and street not in out and counts["name"] == 1 and counts["address"] == 1, out
