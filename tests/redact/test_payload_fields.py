"""Personal values in REST payloads under key names of every style (``keys``, ``fields``, ``pairs``): the
shapes privy's payloads (tests/data/redact/PROVENANCE.md) showed the engine missing."""

from __future__ import annotations

import pytest

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.keys import KeyRules
from replay.redact.pseudonym import is_coordinate_pseudonym


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key-test-key")


def _request(url: str, body: str | None = None, ctype: str = "application/json") -> Exchange:
    req = {"method": "POST" if body else "GET", "url": url, "headers": [], "body": None}
    if body is not None:
        req["headers"] = [["content-type", ctype]]
        req["body"] = {"text": body, "encoding": "utf8", "size": len(body)}
    return Exchange.from_dict({"id": "x", "request": req, "timings": {"start": 0.0}})


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        ("familyNameFemale", "name"),
        ("first_name_male", "name"),
        ("given__name__nonbinary", "name"),
        ("billing_last_name_kana", "name"),
        ("buyerUsername", "username"),
        ("bban", "bank_account"),
        ("bankAccount", "bank_account"),
        ("routing_transit_number", "bank_account"),
        ("national-identity", "gov_id"),
        ("taxIdentificationNumber", "gov_id"),
        ("imei", "device_id"),
        ("device_mac", "device_id"),
        ("international_mobile_equipment_identity", "device_id"),
        ("licensePlate", "license_plate"),
        ("lic_plate", "license_plate"),
        ("latitude", "geo"),
        ("lng", "geo"),
        ("street_name", "address"),
    ],
)
def test_key_class(key: str, cls: str) -> None:
    assert KeyRules().classify(key) == cls


@pytest.mark.parametrize(
    "key", ["lastNameFormat", "firstNameRequired", "template", "hostname", "coordinates", "retry_count"]
)
def test_keys_about_a_field_or_of_a_thing(key: str) -> None:
    assert KeyRules().classify(key) not in ("name", "geo", "license_plate")


@pytest.mark.parametrize(
    ("body", "value", "kind"),
    [
        # a quoted key of words, the cue anywhere in it; a markup name="…" and its element's text
        ('{"given name female": "Crystal", "n": 1}', "Crystal", "name"),
        ('{"key store password": "*1pZbPEzcW"}', "*1pZbPEzcW", "password"),
        ('<root><key name="key store password">*1pZbPEzcW</key></root>', "*1pZbPEzcW", "password"),
        # a secret's object holding its value, after other members
        ('{"password": {"hash": {"algorithm": "MD5"}, "value": "%(MAqz0p4s"}}', "%(MAqz0p4s", "password"),
        ('{"imei": "40-773495-232865-9"}', "773495", "device_id"),
        ('{"device_mac": "c2 b0 b0 46 98 75"}', "c2 b0 b0", "mac"),
        ('{"lic_plate": "JAK 217"}', "JAK 217", "license_plate"),
        ("<root><lic_plate>536-RFFR</lic_plate></root>", "536-RFFR", "license_plate"),
        # a bare "name" beside a surname's field is a given name, one the lexicon lacks too (MEDDOCAN's headers)
        ('{"nombre": "Cesc", "apellidos": "", "edad": 46}', "Cesc", "name"),
        ('{"targa_veicolo": "AB123CD"}', "AB123CD", "license_plate"),
        # a payment's shopper's account at Adyen, a HubSpot form's visitor (its context's JSON in a form field)
        ('{"merchantAccount": "Shop", "shopperReference": "shopper-4471902"}', "4471902", "username"),
        ("hs_context=%7B%22hutk%22%3A%22d41f7a0be2c94f5fa1e07a3b9c55d8e2%22%7D", "d41f7a0be2c94f5f", "session"),
    ],
)
def test_payload_field(r: Redactor, body: str, value: str, kind: str) -> None:
    out, found = r.text(body)
    assert found[kind] == 1 and value not in out


def test_object_without_its_value_keeps_a_sibling_value(r: Redactor) -> None:
    body = '{"password": {"hash": {"algorithm": "MD5"}}, "value": "keepme123"}'
    assert r.text(body)[0] == body


def test_coordinates_keep_their_degrees_and_shape(r: Redactor) -> None:
    body = '{"lat": -26.8558525, "lng": "-114.161910", "geo": {"coordinates": [97.328564, 77.129056]}}'
    out, found = r.text(body)
    assert found["geo"] == 2
    assert "8558525" not in out and "161910" not in out and "[97.328564, 77.129056]" in out
    lat = out.split('"lat": ')[1].split(",")[0]
    assert lat.startswith("-26.") and len(lat) == len("-26.8558525") and is_coordinate_pseudonym(lat)
    assert r.text(out) == (out, {})  # redacting twice is redacting once
    assert r.text('{"lat": 48.8}')[1] == {}  # a tenth of a degree is a town, no one's place


@pytest.mark.parametrize(
    ("url", "body", "gone", "kind"),
    [
        # a bracketed form name; a password that starts like code ("!7") or holds a "("
        ("https://a.example/x", "profile%5Bpassword%5D=%217blOVAi4i&x=1", "7blOVAi4i", "password"),
        ("https://a.example/x", "p%5Bpassword%5D=a%286XlDm%5E%40g&x=1", "6XlDm", "password"),
        ("https://a.example/x", "recurring%5Brouting+number%5D=120507881", "120507881", "bank_account"),
        ("https://a.example/x", "credentials%5Bpassword%5D%5Bvalue%5D=v%2B1RyYy%21y%26", "1RyYy", "password"),
        ("https://a.example/x", "individual%5Bname%5D%5BfirstName%5D=Amanda&n=2", "Amanda", "name"),
        ("https://a.example/s?aba=079679459&device-mac=3e+02+ea+68+ef+78", None, "ea+68", "mac"),
        ("https://a.example/s?x=1&lat=12.34567", None, "34567", "geo"),
    ],
)
def test_form_and_query_fields_by_their_names(r: Redactor, url: str, body: str | None, gone: str, kind: str) -> None:
    ex = r.redact(_request(url, body, "application/x-www-form-urlencoded"))
    text = ex.request.body.text if ex.request.body else ex.request.url
    assert gone not in text and ex.redactions[kind] == 1
    assert "phone" not in ex.redactions  # a pseudonym put by its name is not read again


def test_query_without_telling_names_is_as_before(r: Redactor) -> None:
    url = "https://a.example/v1/password/reset?page=2&sort=name"
    assert r.redact(_request(url)).request.url == url


def test_a_city_of_several_words_under_a_place_field_in_spanish_is_kept(r: Redactor) -> None:
    body = '{"nombre": "Ana", "localidad_provincia": "Santiago de Compostela", "cp": "15205"}'
    assert "Santiago de Compostela" in r.text(body)[0]
