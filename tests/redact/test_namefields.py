"""A person's name under a name field (``replay.redact.namefields``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    "text",
    [
        '{"vollständigerName": "Galiono Farida", "x": 1}',
        '{"vorname": "Galiono", "nachname": "Farida"}',
        '{"name": "Galiono Farida", "telefono": "+34 612 345 678"}',
        '{"name": "Galiono Farida", "correo": "g@x.es"}',
        '{"voyageur": {"prenom": "Galiono", "nom": "Farida"}}',  # French's surname beside its given name
    ],
)
def test_name_field_named_in_another_language(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "Farida" not in out and found["name"] >= 1, out


def test_a_name_field_s_list_and_a_middle_name_beside_its_first(r: Redactor) -> None:
    # IATA NDC's "GivenName" holds each given name in a list; a middle name stands beside the first and the last
    for text, gone in (
        ('{"Individual": {"GivenName": ["Torvald", "Ignaz"], "Surname": "Brandauer"}}', ("Torvald", "Ignaz")),
        ('{"name": {"first": "Ottilie", "middle": "Rosamund", "last": "Pfannenstiel"}}', ("Rosamund",)),
    ):
        out = r.text(text)[0]
        assert not any(g in out for g in gone) and json.loads(out), out
    kept = '{"rank": {"first": 1, "middle": 5, "last": 9}, "tags": ["Summer Sale"]}'
    assert r.text(kept)[0] == kept


@pytest.mark.parametrize(
    "text",
    [
        '{"fullName": "Verstraeten, Anouk"}',
        '{"sortable_name": "Verstraeten, Anouk", "short_name": "Anouk"}',  # Canvas's roster
        '{"legalName": {"formattedName": "Verstraeten, Anouk"}}',  # ADP's worker
    ],
)
def test_a_name_field_s_surname_comma_given(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "Verstraeten" not in out and found["name"] >= 1, out


def test_a_name_field_s_words_around_a_comma_that_are_no_person_s_stay(r: Redactor) -> None:
    for text in ('{"fullName": "Acme, Inc."}', '{"displayName": "Support, Acme"}'):
        assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    ['{"nombre": "Camiseta azul", "precio": 12}', '{"nome": "Plano Pro", "valor": 9}', '{"nom": "Chaise", "prix": 3}'],
)
def test_generic_name_field_of_a_thing(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "Weber GmbH", "email": "info@weber.example"}',
        '{"customer_name": "Nowak Sp. z o.o."}',
        "Dear Hans Weber GmbH team,",
        "Regards,\nMaria Rossi S.p.A.",
    ],
)
def test_a_firm_s_name_under_a_name_field_or_cue_is_kept(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert found["name"] == 0, out


@pytest.mark.parametrize(
    ("text", "gone"),
    [  # a bare name beside a person's other fields, rarer than the common names, in lower case, with an initial
        ("name:    hyuuma t. maida\naddress:     12 Oak Street", ["hyuuma", "maida"]),
        ("Name: Vsevolod\nPhone: 555 123 4567", ["Vsevolod"]),
    ],
)
def test_a_rare_name_in_a_person_s_form(r: Redactor, text: str, gone: list[str]) -> None:
    out, found = r.text(text)
    assert found["name"] == 1 and not any(g in out for g in gone), out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("name: Kubernetes\nemail: ops@example.com", "Kubernetes"),
        ('{"name": "docker", "email": "ops@example.com"}', "docker"),
        ("name: the default\nphone: 555 123 4567", "the default"),
    ],
)
def test_a_thing_s_name_beside_a_person_s_fields_stays(r: Redactor, text: str, kept: str) -> None:
    assert kept in r.text(text)[0]


def test_a_one_word_name_under_a_role_s_name_key(r: Redactor) -> None:
    out, found = r.text(json.dumps({"teacher_name": "Kim", "project_name": "Apollo"}))
    assert '"Kim"' not in out and '"Apollo"' in out and found["name"] == 1


def test_a_job_s_and_a_stage_s_name_are_no_one_s(r: Redactor) -> None:
    # Greenhouse's webhook: the candidate's name goes; the job's, the stage's, the department's stay
    body = {
        "application": {
            "candidate": {"first_name": "Ines", "last_name": "Castellano", "name": "Ines Castellano"},
            "jobs": [{"id": 87, "name": "Staff Engineer"}, {"id": 88, "name": "Senior Product Designer"}],
            "current_stage": {"id": 3, "name": "Phone Screen"},
            "departments": [{"id": 2, "name": "Design Systems"}],
        }
    }
    out, _ = r.text(json.dumps(body))
    assert "Castellano" not in out
    for kept in ("Staff Engineer", "Senior Product Designer", "Phone Screen", "Design Systems"):
        assert kept in out, out
    out, found = r.text(json.dumps({"interviewers": [{"id": 5, "name": "Marcus Whitfield"}]}))
    assert "Whitfield" not in out and found["name"] == 1


@pytest.mark.parametrize("key", ["requester_name", "dasherName", "courier_name", "technicianName", "guest_name"])
def test_a_rare_name_under_a_role_s_name_key(r: Redactor, key: str) -> None:
    # a delivery's, a ticket's, a booking's person: a rare one-word name too
    out, found = r.text(json.dumps({key: "Leontyne", "id": 7}))
    assert "Leontyne" not in out and found["name"] == 1, out


@pytest.mark.parametrize("key", ["creditorName", "debtorName", "payee_name", "payerName"])
def test_a_payment_s_party_under_its_role(r: Redactor, key: str) -> None:
    # PSD2's payment initiation names its parties so: a person, however rare, in any script
    for value in ("Leontyne Ashgrove", "نورة القحطاني"):
        out, found = r.text(json.dumps({key: value, "amount": "850.00"}, ensure_ascii=False))
        assert value not in out and found["name"] == 1, out


@pytest.mark.parametrize("value", ["Netflix", "Spotify"])
def test_a_merchant_under_a_payment_party_s_key_is_kept(r: Redactor, value: str) -> None:
    text = json.dumps({"creditorName": value, "amount": "9.99"})
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("value", ["CodeRabbit", "Guest", "Unassigned", "Nobody"])
def test_a_bot_or_a_word_under_a_role_s_name_key_is_kept(r: Redactor, value: str) -> None:
    # the role's field takes a name, not every value as a first name's field does
    text = json.dumps({"reviewer_name": value, "id": 7})
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ('{"name": "Marisol T.", "order": 12}', "Marisol"),
        ('{"customer_name": "K. Adebayo-Quist", "total": 12.5}', "Adebayo"),
        ("Name: Marisol T.\nIssue: refund", "Marisol"),
    ],
)
def test_a_name_with_an_initial_under_a_name_key(r: Redactor, text: str, gone: str) -> None:
    out, found = r.text(text)
    assert gone not in out and found["name"] == 1, out


@pytest.mark.parametrize("value", ["Model S.", "Plan B.", "Series X."])
def test_a_product_with_a_letter_under_a_name_key_is_kept(r: Redactor, value: str) -> None:
    text = json.dumps({"name": value, "order": 12})
    assert r.text(text) == (text, {})


def test_a_person_s_login_under_a_bare_name_beside_their_email(r: Redactor) -> None:
    pusher = '{"name": "mbrightwater", "email": "m.b@northgate.dev"}'
    body = f'{{"pusher": {pusher}, "team": {{"name": "platform", "email": "ops@northgate.dev"}}}}'
    out, counts = r.text(body)
    assert "mbrightwater" not in out and counts["username"] == 1, out
    assert '"name": "platform"' in out  # a team's name is an ordinary word


def test_a_bare_name_is_read_by_its_own_object_s_fields_not_a_nested_one_s(r: Redactor) -> None:
    activity = '{"id": 11523398041, "name": "Morning Run", "distance": 10023.4, "athlete": {"lastname": "Featherby"}}'
    out = r.text(activity)[0]
    assert '"Morning Run"' in out and "Featherby" not in out, out  # the athlete's surname is no activity's
    user = '{"user": {"id": "W012A3CDE", "name": "spengler", "real_name": "Egon Spengler"}}'
    out = r.text(user)[0]
    assert "spengler" not in out and "Spengler" not in out, out  # a Slack user's login beside their real name


@pytest.mark.parametrize("value", ["박지은", "中村陽菜", "خالد الشمري"])
def test_a_bare_name_in_a_script_without_capitals_beside_a_tel_field(r: Redactor, value: str) -> None:
    # no capitals to go by: the phone's field beside it says the name is a person's
    out, found = r.text(json.dumps({"name": value, "tel": "010-9382-4716"}, ensure_ascii=False))
    assert value not in out and found["name"] == 1, out
    text = json.dumps({"name": value, "sku": "KT-17"}, ensure_ascii=False)  # a product's, in its own script
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a tool's arguments and results: a person by their role, in a script without capitals
        ('{"passenger": "鈴木陽菜", "booking_ref": "BK7731"}', "鈴木陽菜"),
        ('{"arguments": "{\\"recipient\\": \\"يوسف الحربي\\", \\"amount\\": 250}"}', "يوسف الحربي"),
        ('{"json": {"verified": true, "holder": "田中美咲"}}', "田中美咲"),
        ('{"patient": "שרה כהן", "ward": 4}', "שרה כהן"),
    ],
)
def test_a_role_s_field_holding_a_name_without_capitals(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        '{"passenger": "adult", "guest": "サポート", "customer": "cus_9fK2", "contact": "営業部"}',
        '{"recipient": "الدعم الفني", "holder": "客服中心", "attendee": "optional"}',
        '{"passenger": {"type": "ADT", "count": 2}}',
    ],
)
def test_a_role_s_field_holding_a_type_a_desk_or_an_id_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
