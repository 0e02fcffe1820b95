"""Where a field's value ends (``replay.redact.fieldspans``): a bare address at its sentence's end or the next field
on its line, not its postcode and town; an ampersand that starts no parameter; a key cue at the text's end; a quoted
value in JSON inside a JSON string at its own closing quote."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "street", "kept"),
    [
        # a bare address after "Address:" or "address is" ends with its sentence
        ("Address: Rua Augusta 12, Lisboa. Your order PO81696583 ships on 1757813993000.", "Augusta", "PO81696583"),
        ("My new address is 4 Elm Road, Leeds. Order ORD-2024-023917 is late", "Elm", "ORD-2024-023917"),
        ("Shipping address: 9 Kings Way, Perth! Ticket 4471923", "Kings", "4471923"),
    ],
)
def test_bare_address_stops_at_the_sentence_end(r: Redactor, text: str, street: str, kept: str) -> None:
    out, found = r.text(text)
    assert found["address"] == 1 and street not in out
    assert kept in out


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Address: 12 Main St. Apt 4, Toronto", "12 Main St. Apt 4"),  # an abbreviation's stop; the town is kept
        ("address: Jalan Yos Sudarso No. 76, Bengkulu", "Jalan Yos Sudarso No. 76"),
        ("Address: 12 Main Street, Toronto. Your order ships today.", "12 Main Street"),
        ("Lieferadresse: Kleinmachnower Weg 952, Damme", "Kleinmachnower Weg 952"),
        ("Address: 12 Oak Street, Toronto ON M5V 2T6", "12 Oak Street, Toronto ON M5V 2T6"),
    ],
)
def test_bare_address_span(r: Redactor, text: str, span: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert [text[h.start : h.end] for h in hits] == [span]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("my password is Tr0ub4dor&3", ""),
        ("password: Tr0ub4dor&3 thanks", " thanks"),
        ("password=abc123XY&remember=1&next=/x", "&remember=1&next=/x"),
        ("token=abcDEF1234567890ghijkl&amp;page=2", "&amp;page=2"),
    ],
)
def test_ampersand_in_a_bare_value(r: Redactor, text: str, kept: str) -> None:
    out, found = r.text(text)
    assert out.endswith(kept) and "&3" not in out and "abc123XY" not in out and sum(found.values()) == 1, out


def test_postcode_and_town_after_a_street_are_kept(r: Redactor) -> None:
    # a tool's result or a CRM record: the street is the person's, the town after its postcode is not
    for text, street, town in (
        ("Address: Salzachstraße 276, 80174 Vetschau\nTier: Gold", "Salzachstraße 276", "80174 Vetschau"),
        ("Adres: Czeremchowa 27, 44-670 Daleszyce", "Czeremchowa 27", "44-670 Daleszyce"),
    ):
        out, found = r.text(text)
        assert street not in out and town in out and found["address"] == 1, out
    # a Dutch postcode names a street's side: it goes with the street (``postcodes``), the town stays
    out, found = r.text("address: Scheltemastate 276, 1244 QU Bovenkerk")
    assert "Scheltemastate" not in out and "1244 QU" not in out and "QU Bovenkerk" in out and found["address"] == 2


def test_a_bare_address_ends_at_the_next_field_on_its_line(r: Redactor) -> None:
    # a CV's contact line: the phone's and the email's labels, and what follows them, are no part of the address
    for text, kept in (
        ("Anschrift: Lindenstraße 22, 24103 Kiel, Telefon: 0171 9876543, Gehalt 65.000 €.", "Telefon: 0"),
        ("adresse : 8 rue Victor Hugo, 59000 Lille, tél. 07 81 23 45 67, prétentions 55 k€.", "tél. 0"),
        ("Address: 12 Oak Street, Leeds LS6 2AB, jane.doe@example.com, salary £40,000", "salary £40,000"),
    ):
        out, found = r.text(text)
        assert kept in out and found["address"] == 1, out
        assert text[-8:] in out  # the text after them is kept


@pytest.mark.parametrize("text", ['"type":"apikey","val":', '{"type": "api_key", "value": '])
def test_a_key_cue_at_the_texts_end_finds_no_value(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})  # found by fuzzing hostile bodies: an IndexError


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("userPassword: {SSHA}Wq8Zr2Lp6Tx9Vb3Kc7Md1Fg5Js0YaXp", "Wq8Zr2Lp6Tx9Vb3Kc7Md1Fg5Js0YaXp"),  # an LDIF's
        ("spring.security.user.password={bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3", "dXJ3SW6G7P50lGmMkkmwe"),
        ("password = {SHA512-CRYPT}$6$rounds$Qm7Rv2Xp9Lt4", "Qm7Rv2Xp9Lt4"),  # Dovecot's passwd-file
        ("password: {noop}hunter2", "hunter2"),
    ],
)
def test_a_password_after_its_hash_scheme(r: Redactor, text: str, secret: str) -> None:
    out, found = r.text(text)
    assert secret not in out and found["password"] == 1, out


@pytest.mark.parametrize("text", ["password: {password}", "name: {firstName} {lastName}", 'password: {"hash": 1}'])
def test_a_template_or_an_object_is_no_hash_scheme(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("Supply address: 9 Rosebery Terrace, Edinburgh EH4 3AB. They billed £412.36 on an estimated reading.",
         " They billed £412.36 on an estimated reading."),
        ("adres: Prinsengracht 412, 1016 JA. Bedankt voor het melden.", " Bedankt voor het melden."),
    ],
)  # fmt: skip
def test_an_address_ends_at_the_sentence_after_its_postcode(r: Redactor, text: str, tail: str) -> None:
    out, found = r.text(text)
    assert out.endswith(tail) and "Rosebery" not in out and "Prinsengracht" not in out and found["address"] >= 1, out


@pytest.mark.parametrize("secret", ['pa"ss\\word9!', "end\\", 'q"', 'tab\there"x'])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_a_value_in_json_inside_json_ends_at_its_own_quote(r: Redactor, secret: str, depth: int) -> None:
    """A password in a tool call's arguments (JSON in a JSON string, ``depth`` levels down) with a quote or a
    backslash of its own: escaped once more than the quotes around it, it is the value's, whole, not where it ends."""
    text = json.dumps({"password": secret, "note": "kept"})
    for _ in range(depth):
        text = json.dumps({"arguments": text})
    out, found = r.text(text)
    inner = json.loads(out)
    for _ in range(depth):
        inner = json.loads(inner["arguments"])
    assert inner["password"].startswith("redacted-") and inner["note"] == "kept" and found == {"password": 1}, out
