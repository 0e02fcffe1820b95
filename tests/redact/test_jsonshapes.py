"""The JSON shapes a field's value sits in (``replay.redact.jsonshapes``), through the field rules: a name/value
pair's value under its name, an object's default, name parts by their pair; and an environment variable named for a
key (``keys``)."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.jsonshapes import listed_values, thing_named

KEY = "Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5JsAbCd"
HEX32 = "3f9a7c2e5b8d1f4a6c0e9b7d2a5f8c1e"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # Kubernetes' env, a container's: the variable's name is the "name", its value the "value"
        ({"env": [{"name": "STRIPE_API_KEY", "value": KEY}, {"name": "LOG_LEVEL", "value": "debug"}]}, "api_key"),
        ({"Tags": [{"Key": "db_password", "Value": KEY}]}, "password"),  # AWS's tags
        ({"headers": [{"name": "Authorization", "value": f"Bearer {KEY}"}]}, "token"),  # a HAR's, a webhook's
        ({"params": [{"name": "client_secret", "value": KEY}]}, "secret"),
        ({"settings": [{"key": "smtp_password", "val": KEY}]}, "password"),
        ({"variable": {"api_token": {"type": "string", "default": KEY}}}, "token"),  # a Terraform variable's default
        ({"note": json.dumps({"name": "SENTRY_AUTH_TOKEN", "value": KEY})}, "token"),  # the same, JSON in a string
        # the pair named by its type, and siblings between the name and the value
        ({"type": "api_key", "value": KEY}, "api_key"),
        ({"credentials": [{"kind": "token", "data": KEY}]}, "token"),
        ({"Parameter": {"Name": "/prod/db/password", "Type": "SecureString", "Value": KEY, "Version": 3}}, "password"),
        ({"Name": "arn:aws:ssm:eu-west-1:1234:parameter/app/stripe_api_key", "Value": KEY}, "api_key"),
        ({"secret": {"id": "abc", "data": KEY}}, "secret"),  # a vault's secret object holding it as its data
        ({"type": "bearer", "token_value": KEY}, "token"),
        # a "value" no name says anything of: its shape
        ({"name": "adafruit integration", "value": KEY, "enabled": True}, "secret"),
        ({"value": KEY}, "secret"),
        # a Kubernetes Secret's data, whatever its members' names; and in a tool's result, a JSON string's
        ({"apiVersion": "v1", "data": {"API": KEY}, "kind": "Secret", "metadata": {"name": "db"}}, "secret"),
        ({"content": json.dumps({"kind": "Secret", "stringData": {"STRIPE": KEY}})}, "secret"),
        ({"note": json.dumps({"password": {"hash": {}, "value": KEY}})}, "password"),
        # a lone "data" or "result": a call's whole answer, a generated token (a login's, a new key's)
        ({"success": True, "data": KEY}, "secret"),
        ({"content": json.dumps({"status": "ok", "result": KEY})}, "secret"),
        # a hex "value" whose siblings say a credential's life: an API key's record
        ({"name": "CI deploy", "value": HEX32, "created_at": "2025-01-02", "expires_at": "2026-01-02"}, "secret"),
        ({"label": "prod webhook", "value": HEX32, "last_used_at": "2025-11-30"}, "secret"),
    ],
)
def test_the_value_of_a_name_value_pair_is_read_under_its_name(r: Redactor, body: dict, kind: str) -> None:
    out, found = r.text(json.dumps(body))
    assert KEY not in out and HEX32 not in out and found[kind] == 1, out
    assert "debug" in out or "LOG_LEVEL" not in json.dumps(body)


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        # a label naming a credential: the "value" or "text" needs only a credential's shape, a hex or a UUID too
        ({"name": "quillo integration", "text": "q8ff2m1zk4rx9w", "enabled": True}, "q8ff2m1zk4rx9w"),
        ({"name": "zentrix integration", "value": HEX32, "enabled": True}, HEX32),
        ({"enabled": True, "value": "7f3e9a1c-4b2d-4e8f-a6c5-0d9b8e7f6a5c", "name": "Brava API key"}, "7f3e9a1c"),
        ({"name": "proxy credentials", "text": "ops:Tr0ub4dor&3"}, "Tr0ub4dor&3"),
        ({"name": "webhook auth", "value": "dGVhbTpzM2NyZXQ="}, "dGVhbTpzM2NyZXQ="),
        ({"name": "curl integration", "value": '":Zq8mVt4wPr1x"'}, "Zq8mVt4wPr1x"),  # its own quotes in it
        ({"note": json.dumps({"name": "quillo token", "text": "tmV3Rq9sLpWxKo"})}, "tmV3Rq9sLpWxKo"),  # JSON in JSON
    ],
)
def test_the_value_of_an_object_labelled_a_credential(r: Redactor, body: dict, secret: str) -> None:
    out, found = r.text(json.dumps(body))
    assert secret not in out and found["secret"] == 1, out


@pytest.mark.parametrize(
    "body",
    [
        {"name": "slack integration", "value": "enabled", "channel": "#alerts"},  # a setting's word
        {"name": "quillo integration", "text": "Posts a message on every deploy"},  # a description
        {"name": "Dark mode", "text": "q8ff2m1zk4rx9w"},  # a label of other words
        {"text": "q8ff2m1zk4rx9w"},  # a note's text: no label at all
        {"name": "API key", "meta": {"id": 3}, "value": "q8ff2m1zk4rx9w"},  # not a flat object: not read as one
        {"name": "api integration", "value": "gpt-4o-mini-2024-07-18"},  # a model's name
    ],
)
def test_what_a_credential_s_label_does_not_hold_is_kept(r: Redactor, body: dict) -> None:
    text = json.dumps(body)
    assert r.text(text)[0] == text


def test_an_identity_document_s_object_holds_its_number(r: Redactor) -> None:
    body = {"passport": {"number": "EA4721983", "expiry": "2029-11-30", "nationality": "POL"}, "ktn": "98712345"}
    out, found = r.text(json.dumps(body))
    assert "EA4721983" not in out and "98712345" not in out and found["gov_id"] == 2, out
    assert "2029-11-30" in out and "POL" in out


@pytest.mark.parametrize(
    "text",
    [
        f"export OPENAI_KEY={KEY}\nexport REGION=eu",  # an environment variable named for a key
        f"MAPS_KEY={KEY}",
        f"SENDGRID_KEY_2: {KEY}",
    ],
)
def test_an_environment_variable_named_for_a_key(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert KEY not in out and found["secret"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "LOG_LEVEL", "value": "debug"}',
        '{"name": "RECAPTCHA_SITE_KEY", "value": "6LcZq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5JsAbCd"}',
        '{"sort_key": "Zq3v9Xw2Lp8Rt6Yh1Nm4"}',
        "CACHE_KEY=Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7",
        "SORT_KEY=created_at",
        '{"name": "product_key", "value": "ABC-123"}',
        # a "value" whose shape is an id's, a model's, a word's
        '{"value": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"}',
        '{"value": "5f8e2a1c-3b4d-4e6f-9a8b-7c6d5e4f3a2b"}',
        '{"value": "gpt-4o-mini-2024-07-18"}',
        '{"type": "string", "value": "checkout-service"}',
        '{"name": "REGION", "value": "eu-west-1", "Type": "String"}',
        '{"items": [{"kind": "ConfigMap", "data": {"LOG_LEVEL": "debug"}}, {"kind": "Secret", "type": "Opaque"}]}',
        # a hash's "value" (an algorithm's, an ETag's, a build's siblings), and what a lone "data" or "result" returns:
        # a hash, a typed id, a file's base64, a path
        f'{{"algorithm": "sha256", "value": "{HEX32}"}}',
        f'{{"name": "build", "value": "{HEX32}", "created_at": "2025-01-02"}}',
        f'{{"result": "{HEX32}"}}',
        '{"data": "file-AbC123dEf456GhI789jKl0"}',
        '{"result": "msg_01XFDUDYJgAACzvnptvVoYEL"}',
        '{"data": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"}',
        '{"data": "/var/lib/app/cache/2025-11-30/part-00017.parquet"}',
        '{"result": "gpt-4o-mini-2024-07-18"}',
    ],
)
def test_pairs_and_keys_that_are_no_secret_are_kept(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # FHIR's HumanName: a patient's name as family and given (a list)
        ({"resourceType": "Patient", "name": [{"family": "Whitfield", "given": ["Jane", "Marie"]}]}, "resourceType"),
        ({"customer": {"first": "Jane", "last": "Whitfield", "tier": "gold"}}, "gold"),
        ({"note": json.dumps({"family": "Whitfield", "given": ["Jane"]})}, "note"),  # JSON in a string
        # the travel rule's IVMS 101: an originator's surname and given names by their rank
        (
            {
                "nameIdentifier": [
                    {"primaryIdentifier": "Whitfield", "secondaryIdentifier": "Jane", "nameIdentifierType": "LEGL"}
                ]
            },
            "LEGL",
        ),
        # a given name beside its surname in Turkish, Croatian, Romanian (whose "nume" is the surname)
        ({"alici": {"ad": "Jane", "soyad": "Whitfield", "il": "Ankara"}}, "Ankara"),
        ({"klijent": {"ime": "Jane", "prezime": "Whitfield", "grad": "Zagreb"}}, "Zagreb"),
        ({"client": {"nume": "Whitfield", "prenume": "Jane", "oras": "Cluj"}}, "Cluj"),
    ],
)
def test_name_parts_by_the_pair_they_come_in(r: Redactor, body: dict, kept: str) -> None:
    out, found = r.text(json.dumps(body))
    assert "Whitfield" not in out and "Jane" not in out and found["name"] >= 2, out
    assert kept in out


@pytest.mark.parametrize(
    "body",
    [
        {"font": {"family": "Inter", "weight": 400}},  # a font's family: no "given" beside it
        {"family": "typical", "given": "x"},  # not capitalised names
        {"page": {"first": "abc", "last": "xyz"}},
        {"first": 1, "last": 10},
        {"ad": "Summer Sale", "placement": "top"},  # an advert's "ad": no "soyad" beside it
        {"ad": {"id": "ad_123", "title": "Black Friday"}, "time": "12:00"},
        {"messages": [{"role": "user", "content": "The first and last names were Jane and Whitfield"}]},
    ],
)
def test_name_part_words_alone_are_kept(r: Redactor, body: dict) -> None:
    text = json.dumps(body)
    out, _ = r.text(text)
    assert out == text


def test_name_parts_are_paired_whatever_the_case_of_their_keys() -> None:
    out, found = Redactor(key=b"test-key").text(
        '[{"First": "Jane", "Last": "Whitfield"}, {"Given": "Tom", "Family": "Okafor"}]'
    )
    assert "Whitfield" not in out and "Okafor" not in out and found["name"] == 4, out


def test_the_values_of_a_list_s_objects_at_their_own_level() -> None:
    text = '[{"answer": "a1", "more": {"answer": "deep"}}, {"id": 2, "answer": "a2"}], "answer": "after"'
    assert [text[at : at + 4] for at in listed_values(text, 0, ("answer",))] == ['"a1"', '"a2"']


@pytest.mark.parametrize(
    "body",
    [
        # a thing sold's keys beside its "name": a catalogue's product, an order's line item, a Stripe object's type
        [{"id": 7, "name": "Hazel Cardigan", "sku": "HZ-CARD-M", "regular_price": "64.00"}],
        {"line_items": [{"name": "Ivy Planter", "variant_id": 4471, "quantity": 2}], "currency": "EUR"},
        {"data": [{"id": "prod_Q8x", "object": "product", "name": "Morgan Premium"}]},
        # the software of an error's context
        {"contexts": {"os": {"name": "Kali GNU/Linux", "version": "2024.2"}, "runtime": {"name": "Ruby Enterprise"}}},
    ],
)
def test_the_name_of_a_thing_sold_or_of_software_is_kept(r: Redactor, body: object) -> None:
    text = json.dumps(body)
    assert r.text(text)[0] == text


def test_a_person_beside_a_price_or_a_product_is_still_one(r: Redactor) -> None:
    # a passenger's fare is no product's key; a customer beside the order's line items is in an object of their own
    for body, name in (
        ({"passengers": [{"name": "Harold Whitcombe", "price": 120}]}, "Harold Whitcombe"),
        ({"customer": {"name": "Harold Whitcombe"}, "line_items": [{"name": "Ivy Planter", "sku": "IV-1"}]}, "Harold"),
    ):
        out = r.text(json.dumps(body))[0]
        assert name not in out and ("Ivy Planter" in out or "line_items" not in body)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"op": "replace", "path": "name.familyName", "value": "Vantongeren"}', "Vantongeren"),  # SCIM's PatchOp
        ('[{"op": "add", "path": "/name/familyName", "value": "Vantongeren"}]', "Vantongeren"),  # JSON Patch
        ('{"op": "add", "path": "/password", "value": "Hunter2Hunter2!"}', "Hunter2Hunter2!"),
        ('{"fieldName": "codice_fiscale", "defaultValue": "PLLLDV85M41H501Z"}', "PLLLDV85M41H501Z"),  # Adobe Sign's
    ],
)
def test_a_patch_operations_value_by_its_path(r: Redactor, text: str, secret: str) -> None:
    assert secret not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        '{"op": "replace", "path": "/spec/replicas", "value": 3}',
        '{"op":"replace","path":"/metadata/name","value":"web"}',
    ],
)
def test_a_patch_operation_on_no_personal_field_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "body",
    [
        {"devices": [{"name": "Echo Dot", "type": "speaker"}, {"name": "Grace Lamp", "type": "light"}]},
        {"structure": {"name": "Tiny Home", "timezone": "Europe/London"}},
        {"cameras": [{"name": "Jack Porch"}]},
    ],
)
def test_the_name_of_a_smart_home_s_part_is_a_thing_s(r: Redactor, body: dict) -> None:
    text = json.dumps(body)
    assert r.text(text)[0] == text


def test_a_person_s_date_in_mongodb_extended_json(r: Redactor) -> None:
    body = '{"_id": {"$oid": "5f8d0d55b54764421b7156c9"}, "birthDate": {"$date": "1979-11-02T00:00:00Z"}, '
    body += '"createdAt": {"$date": "2024-01-02T00:00:00Z"}}'
    out = r.text(body)[0]
    assert "1979-11-02" not in out and "2024-01-02T00:00:00Z" in out and "5f8d0d55b54764421b7156c9" in out, out


def test_a_bare_name_in_a_person_s_object_may_be_a_rare_one(r: Redactor) -> None:
    body = json.dumps(
        {
            "type": "message",
            "from": {"id": "29:1XJKJMvc5GBtc2Jw", "name": "Fenella Whitcombe"},  # Bot Framework's sender
            "recipient": {"id": "28:c9e8c047", "name": "AcmeBot"},
            "entities": [{"type": "mention", "mentioned": {"id": "29:1b7A2", "name": "Ottoline Brandauer"}}],
            "owner": {"name": "Platform Team"},
            "pipeline": {"name": "Nightly Whitcombe Build"},
        }
    )
    out = r.text(body)[0]
    assert not any(v in out for v in ("Fenella", "Ottoline", "Brandauer")), out
    assert all(v in out for v in ("AcmeBot", "Platform Team", "Nightly Whitcombe Build")), out


def _json_body(r: Redactor, body: object) -> str:
    """The redacted text of a JSON request body (read as JSON, not as a text)."""
    text = json.dumps(body)
    req = Request(
        "PUT", "https://fhir.example/Patient/77", [("content-type", "application/json")], Body(text, "utf8", len(text))
    )
    got = r.redact(Exchange("e1", req, Timings(0.0))).request.body
    assert got is not None
    return got.text


@pytest.mark.parametrize(
    ("ext", "value", "secret"),
    [
        ("http://hl7.org/fhir/StructureDefinition/patient-birthTime", "1979-11-23T08:15:00Z", "1979-11-23"),
        ("http://acme.example/fhir/StructureDefinition/date-of-birth", "1979-11-23", "1979-11-23"),
        ("https://fhir.acme.example/ext/mothers-maiden-name", "Whitcombe", "Whitcombe"),
    ],
)
def test_a_fhir_extension_s_value_is_read_under_its_url_s_last_part(
    r: Redactor, ext: str, value: str, secret: str
) -> None:
    sync = {"url": "http://example.org/fhir/last-sync", "valueDateTime": "2024-06-02T10:00:00Z"}
    kind = "valueDateTime" if "T" in value else "valueDate" if value[:1].isdigit() else "valueString"
    out = _json_body(r, {"resourceType": "Patient", "id": "77", "extension": [{"url": ext, kind: value}, sync]})
    assert secret not in out and "2024-06-02T10:00:00Z" in out, out


def test_a_link_s_url_before_its_data_says_nothing_of_the_data(r: Redactor) -> None:
    body = {"url": "https://api.example/v1/token", "data": "hello-world-1"}
    assert _json_body(r, body) == json.dumps(body)


def test_a_document_parser_s_entity_by_its_type(r: Redactor) -> None:
    # Google Document AI's entities: the type names the field, the mention is its value
    entities = [
        {"type": "given_names", "mentionText": "Anastasius", "confidence": 0.98},
        {"type": "family_name", "mentionText": "Quennell", "confidence": 0.97},
        {"type": "issue_state", "mentionText": "NY", "confidence": 0.9},
    ]
    out = _json_body(r, {"document": {"entities": entities}})
    assert "Anastasius" not in out and "Quennell" not in out and '"mentionText": "NY"' in out, out


@pytest.mark.parametrize(
    "body",
    [
        {"identification": {"idType": "PASSPORT", "idValue": "C01X00T47", "issuingCountry": "DE"}},
        {"identifierType": "PASSPORT", "identifierValue": "C01X00T47"},
        {"worker": {"id_type": "passport", "id_value": "C01X00T47"}},
        {"ID_TYPE": "PASSPORT", "ID_VALUE": "C01X00T47"},
    ],
)
def test_a_pair_s_keys_named_for_what_they_pair(r: Redactor, body: dict) -> None:
    # the type's value names the field, the value key with the same prefix holds it
    out, found = r.text(json.dumps(body))
    assert "C01X00T47" not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    "body",
    [
        {"idType": "ORDER", "idValue": "C01X00T47"},  # the type names no one's number
        {"paymentType": "passport", "orderValue": "C01X00T47"},  # two fields of their own, no pair
    ],
)
def test_prefixed_keys_of_no_pair_or_of_nothing_personal_are_kept(r: Redactor, body: dict) -> None:
    text = json.dumps(body)
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("the project name is", True),
        ("my dog's name is", True),
        ("our teams' name is", True),
        ("my legal name is", False),
        ("the customer's name is", False),
        ('{"id": 5, "name": ', False),
    ],
)
def test_the_word_before_a_field_s_name_says_a_thing_owns_it(text: str, thing: bool) -> None:
    assert thing_named(text, text.rindex("name")) is thing


@pytest.mark.parametrize(
    "text",
    [
        "The project name is Apollo Lunar and the repo is private",
        "The bucket name is Prod Assets today",
        "My dog's name is Rex and he is 3",
        "The team name is Red Falcons this year",
    ],
)
def test_a_thing_s_name_said_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_person_s_name_said_is_still_found(r: Redactor) -> None:
    out, found = r.text("My legal name is John Smith and my mother's name is Mary Jones")
    assert "John Smith" not in out and "Mary Jones" not in out and found["name"] == 2, out
