"""The field name around a key cue (``replay.redact.fieldkeys``)."""

from __future__ import annotations

import json

from replay.redact import Redactor


def test_quoted_key_of_words_is_read_whole(r: Redactor) -> None:
    # "Full Name", "Date of Birth": a spreadsheet's headers as JSON keys; "Product Name" names no person
    body = json.dumps(
        {"Full Name": "Anna Weber", "Date of Birth": "1980-01-02", "Product Name": "Michael Kors wool scarf"}
    )
    out, found = r.text(body)
    assert "Anna Weber" not in out and "1980-01-02" not in out and "Michael Kors wool scarf" in out, out
    assert found["name"] == 1 and found["dob"] == 1


def test_bracketed_parts_after_a_field_s_name_are_not_its_value(r: Redactor) -> None:
    text = "deliveryAddress[city]=Tarnowo&deliveryAddress[country]=Oman"
    assert r.text(text)[0] == text


def test_a_long_run_of_field_names_past_ascii_is_read_once(r: Redactor) -> None:
    # each cue of a run of name characters read the run to both its ends: minutes on main
    out = r.text("contraseña" * 26000 + " contraseña: Zq8wK2pL9xVb")[0]
    assert "Zq8wK2pL9xVb" not in out and out.startswith("contraseñacontraseña"), out[-200:]


def test_an_arabic_field_name_ends_at_its_space(r: Redactor) -> None:
    # the key is read in Arabic's letters ("العنوان"), not in an empty run of none of Latin's or CJK's
    out, found = r.text("مرحبا\nالعنوان: شارع الملك فهد، حي العليا\nشكرا")
    assert "الملك فهد" not in out and out.startswith("مرحبا\nالعنوان: ") and out.endswith("\nشكرا"), out
    assert found["address"] == 1


def test_a_quoted_key_of_words_with_marks_is_read_whole(r: Redactor) -> None:
    # Czech's "rodné číslo" (birth number): the words after the cue are the key's, marks and all
    out, found = r.text(json.dumps({"Rodné číslo": "8562124824", "popis": "žádost"}, ensure_ascii=False))
    assert "8562124824" not in out and found["gov_id"] == 1, out


def test_a_quoted_key_of_words_with_marks_names_only_what_its_words_say(r: Redactor) -> None:
    text = json.dumps({"Nombre del producto": "Zapatillas Running", "Fecha de envío": "2026-12-01"}, ensure_ascii=False)
    assert r.text(text) == (text, {})


def test_a_form_s_label_of_words_at_its_line_s_start_is_read_whole(r: Redactor) -> None:
    # the label says a given name's or a customer's number where its last word alone ("name", "klienta") does not:
    # names the lexicon lacks (Uganda's), which "Name:" alone leaves
    text = "Full name: Byaruhanga\nPatient name : Tumusiime\nNumer klienta: 8812345\nDate: 2024-03-01"
    out, found = r.text(text)
    for gone in ("Byaruhanga", "Tumusiime", "8812345"):
        assert gone not in out, out
    assert "2024-03-01" in out and found["name"] == 2 and found["gov_id"] == 1, out


def test_a_label_of_words_naming_a_thing_and_words_inside_a_line_stay(r: Redactor) -> None:
    # a name the lexicon lacks (Uganda's), which only a form's label read whole takes ("Kiprono" is Kenya's, known)
    for text in (
        "Product name: Widget\nCompany name: Byaruhanga Holdings",
        "Display name: Production\nHost name: web01",
        "We asked the full name: Byaruhanga was all he said",  # inside a sentence, not a form's label
        "Order number: 100045678\nInvoice number: INV-2024-0042",
    ):
        assert r.text(text) == (text, {}), text
