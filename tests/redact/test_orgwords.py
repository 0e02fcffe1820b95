"""An organisation's words in one table (``replay.redact.orgwords``): each word's roles, the sets its readers ask."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.notnames import NEVER
from replay.redact.orgwords import (
    BODY_TAILS,
    CAPS_FORM,
    DEDICATIONS,
    KIN,
    LEGAL_FORM,
    OFFICE_TITLES,
    ORG_HEAD_FORMS,
    ORG_TAILS,
    ORG_WORDS,
    TRADE_HEADS,
    TRADE_WORDS,
    Org,
    compound_head,
    org_words,
)


def test_a_word_s_roles_are_joined_over_the_table() -> None:
    # "Hospital Infanta Cristina", "Universitätsklinikum", "Johns Hopkins Hospital": a head, a compound's end, a tail
    assert ORG_WORDS["hospital"] == Org.HEAD | Org.COMPOUND | Org.TAIL | Org.NAMELESS
    assert ORG_WORDS["transportes"] == Org.TRADE | Org.TRADE_HEAD  # "Juan Pérez Transportes", "Transportes García"
    assert ORG_WORDS["co"] == Org.KIN | Org.FORM | Org.NAMELESS  # "Smith & Co", "Acme Co"
    assert org_words(Org.TRADE | Org.KIN) == TRADE_WORDS | KIN


def test_a_head_is_found_as_written_and_no_one_s_name_holds_it() -> None:
    assert {"Hospital", "hospital", "HOSPITAL", "Universidad", "Banco"} <= ORG_HEAD_FORMS
    assert "HoSpital" not in ORG_HEAD_FORMS
    assert {"Azienda", "Univ", "Corte"} <= ORG_HEAD_FORMS and "corte" not in NEVER  # "Anna Corte" is a name
    assert {"hospital", "universidad", "gmbh", "inc", "bankası"} <= NEVER  # heads, legal forms, a Turkish tail


def test_a_tail_ends_a_body_s_name() -> None:
    assert {"bank", "court", "ministry", "foundation"} <= ORG_TAILS
    assert {"organization", "society", "agency"} <= BODY_TAILS
    assert {"logistics", "holdings", "inşaat"} <= TRADE_WORDS and {"grupo", "fratelli"} <= TRADE_HEADS


def test_a_dedication_follows_a_head_and_an_office_ends_the_institution_s_words() -> None:
    # "Hospital Infanta Cristina", "Colegio Reina Sofía"; "Hospital Director Maria Garcia"
    assert {"infanta", "reina", "virgen", "san"} <= DEDICATIONS and {"director", "rector", "jefe"} <= OFFICE_TITLES
    assert ORG_WORDS["director"] == Org.OFFICE  # a word names may hold: not nameless ("NEVER")
    assert not (DEDICATIONS | OFFICE_TITLES) & org_words(Org.NAMELESS)


@pytest.mark.parametrize("word", ["Universitätsklinikum", "Rechtsanwaltskanzlei", "Konventhospital"])
def test_a_compound_ending_in_a_head(word: str) -> None:
    assert compound_head(word)


@pytest.mark.parametrize("word", ["Klinikum", "Hospital", "Kanzleramtschef"])  # a head alone; a head inside a word
def test_no_compound_head(word: str) -> None:
    assert not compound_head(word)


@pytest.mark.parametrize(
    "text",
    ["Hans Weber GmbH", "Nowak Sp. z o.o.", "Rossi S.p.A.", "Acme, Inc.", "Ifuji Sangyo Co.Ltd.", "Huawei Co., Ltd."],
)
def test_a_legal_form_after_a_name(text: str) -> None:
    assert LEGAL_FORM.search(text) is not None


@pytest.mark.parametrize("text", ["Anna Schmidt as agreed", "Sebastian Agnew", "Ingrid Abbott"])
def test_no_legal_form_in_a_word_or_in_another_case(text: str) -> None:
    assert LEGAL_FORM.search(text) is None


def test_a_legal_form_in_capitals() -> None:
    assert CAPS_FORM.search("ACME WIDGETS GMBH") and CAPS_FORM.search("NORTHWIND LTD")
    assert CAPS_FORM.search("JOHN COOPER") is None


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [  # a hospital's adjective after its abbreviated head starts the hospital's name, a person's often
        ("Dra. Elena Gabilondo Larrañaga, H. Universitario de Alava (Osakidetza)", "Universitario de Alava", "Elena"),
        ("Paciente: María Ruiz Gómez. H. Universitario Severo Ochoa", "Universitario Severo Ochoa", "María Ruiz"),
        ("Dr. Henri Dupuis, CH Universitaire Henri Mondor", "Universitaire Henri Mondor", "Dupuis"),
        ("Dr. João Silva, Centro Hospitalar Universitário de São João", "Universitário de São João", "João Silva"),
    ],
)
def test_a_hospital_s_adjective_starts_its_name(r: Redactor, text: str, kept: str, gone: str) -> None:
    out = r.text(text)[0]
    assert kept in out and gone not in out, out
