"""Capitalised words that are no one's name (``replay.redact.notnames``): a role's word before a name."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("Zaměstnanec Jan Novák žádá o půjčku", "Zaměstnanec", "Novák"),
        ("Pracownik Jan Kowalski prosi o zaliczkę", "Pracownik", "Kowalski"),
        ("Mieter Jonas Becker zahlt die Kaution", "Mieter", "Becker"),
        ("Fiador João Silva assina o contrato", "Fiador", "Silva"),
        ("Nasabah Budi Santoso mengajukan pinjaman", "Nasabah", "Santoso"),
    ],
)
def test_a_party_s_role_before_a_name_is_not_the_name_s(r: Redactor, text: str, role: str, name: str) -> None:
    out, found = r.text(text)
    assert out.startswith(role + " ") and name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text", ["Nájemce platí nájem včas.", "Mieter und Vermieter unterschreiben", "Locataire et bailleur signent"]
)
def test_a_party_s_role_alone_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "My salary goes into my account; I also have one with Ziraat Bankası.",
        "Havale Türkiye İş Bankası üzerinden yapıldı.",
        "Maaşım Vakıf Bankası'na yatıyor.",  # in its case, the suffix after an apostrophe
        "I have an account with Banco Bilbao and one with Banca Sella.",
        "Konto bei der Sparkasse Hannover",
    ],
)
def test_a_bank_s_name_names_nobody(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "bank", "name"),
    [
        ("Conto presso Banca Sella, intestato a Mario Rossi", "Banca Sella", "Mario Rossi"),
        ("Hesabım Ziraat Bankası'nda, adım Emre Yıldırım", "Ziraat Bankası'nda", "Emre Yıldırım"),
    ],
)
def test_a_person_beside_a_bank_s_name_is_still_one(r: Redactor, text: str, bank: str, name: str) -> None:
    out, found = r.text(text)
    assert bank in out and name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [  # an interface's verb and the label it names: no name, though "Mark" and "Grant" are given names
        "Click Mark Complete when you are done.",
        "Tap Mark All Read to clear the list.",
        "Klicken Sie auf Mark Complete",
    ],
)
def test_an_interface_s_verb_and_its_label_name_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(("text", "name"), [("Click Jane Doe to open her profile.", "Jane Doe")])
def test_a_person_after_an_interface_s_verb_is_still_named(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts == {"name": 1}, out


@pytest.mark.parametrize(
    "text", ["Hola Equipo Soporte, tengo un problema.", "Olá Equipa de Suporte,", "Ciao Squadra Assistenza, grazie"]
)
def test_a_team_greeted_in_another_language_is_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a team, a desk or a customer greeted or signing in Dutch, Polish, Swedish, Turkish, Indonesian
        ("Beste Klant, uw pakket is onderweg.", ""),
        ("Cześć Obsługa Klienta, aplikacja się zawiesza.", ""),
        ("Z poważaniem, Zespół Wsparcia", ""),
        ("Hej Kundtjänst, appen kraschar hela tiden.", ""),
        ("Saygılarımla, Destek Ekibi", ""),
        ("Sayın Müşterimiz, siparişiniz kargoya verildi.", ""),
        ("Hormat kami, Tim Dukungan", ""),
        # a person there is still one
        ("Z poważaniem, Anna Nowak", "Anna Nowak"),
        ("Hej Elsa, appen kraschar.", "Elsa"),
        ("Saygılarımla, Mehmet Demir", "Mehmet Demir"),
    ],
)
def test_a_team_or_a_customer_of_five_more_languages_is_no_one(r: Redactor, text: str, name: str) -> None:
    out = r.text(text)[0]
    assert out == text if not name else name not in out


@pytest.mark.parametrize(
    "text",
    [
        "Können Sie mir helfen?",
        "Haben Sie das Paket? Würden Sie mir helfen? Könnten Sie das prüfen?",
        "Wenn Sie Fragen zu Ihren Finanzen haben, rufen Sie mich an.",
        "Lo compré el lunes pasado en la tienda de Gran Vía.",
    ],
)
def test_german_courtesy_and_a_great_place_name_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "kept", "name"),
    [
        ("Ich bin Lena Hoffmann.", "Ich bin ", "Lena Hoffmann"),
        ("Jsem Petra Nováková.", "Jsem ", "Petra Nováková"),
        ("Sehr geehrte Frau Müller, können Sie mir helfen?", "können Sie mir helfen?", "Müller"),
    ],
)
def test_the_pronoun_before_a_name_is_not_the_name_s(r: Redactor, text: str, kept: str, name: str) -> None:
    out, found = r.text(text)
    assert kept in out and name not in out and found["name"] == 1, out


def test_hidden_starts_no_name(r: Redactor) -> None:
    assert r.text("Hidden Markov Models are old")[0] == "Hidden Markov Models are old"


@pytest.mark.parametrize(
    "text",
    ["Who has more titles, FC Barcelona or FC Porto?", "VfB Stuttgart gewinnt in Freiburg."],
)
def test_a_club_s_initials_beside_a_city_name_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    ["Cláusula Quinta – Rescisão.", "Cláusula Décima. Confidencialidad.", "Artículo Segundo: Objeto", "Anexo Segundo"],
)
def test_a_contract_s_part_before_its_ordinal_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_name_after_a_contract_s_part_is_still_found(r: Redactor) -> None:
    assert "Anna Weber" not in r.text("Anhang Anna Weber, Vollmacht")[0]


@pytest.mark.parametrize(
    ("text", "kept", "name"),
    [  # a contact's label after a city ends no name: the city stays, the person before stays found
        ("Dr. Lucía Valencia. Olaguibel 29, 201004 Vitoria Tfno: 945007767", "Vitoria Tfno", "Lucía Valencia"),
        ("Remitido por: Marta Soria. Av. Cordoba, s/n, 28041 Madrid Teléfono 913", "Madrid Teléfono", "Marta Soria"),
    ],
)
def test_a_contact_s_label_after_a_city_is_no_surname(r: Redactor, text: str, kept: str, name: str) -> None:
    out, _ = r.text(text)
    assert kept in out and name not in out, out
