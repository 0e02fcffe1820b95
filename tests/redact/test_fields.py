"""Values of telling field names (``replay.redact.fields``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("contraseña", "Hunter2024!x", "password"),
        ("senha", "Lisboa9010#", "password"),
        ("пароль", "Qwerty374", "password"),
        ("db_pass", "correct-horse-battery9", "password"),
        ("fecha_nacimiento", "14.03.1987", "dob"),
        ("geburtsdatum", "1987-03-14", "dob"),
        ("strasse", "Bergrøa 631", "address"),
        ("endereço", "Rua Augusta 12", "address"),
        ("cpf", "016.625.283-37", "gov_id"),
        ("codice_fiscale", "RSSMRA85T10A562S", "gov_id"),
        ("dl_number", "D123-4567-8901", "gov_id"),
        ("numero_pasaporte", "XDA123456", "gov_id"),
        ("numero_seguridad_social", "281234567840", "gov_id"),
        ("numero_securite_sociale", "185057800608436", "gov_id"),
    ],
)
def test_value_of_a_field_named_in_another_language(r: Redactor, key: str, value: str, kind: str) -> None:
    for text in (f'{{"{key}": "{value}"}}', f"{key}={value}"):
        out, found = r.text(text)
        assert value not in out and found[kind] == 1, (text, out)


@pytest.mark.parametrize(
    "line",
    [
        "const token = await getAccessToken({ scope: 'read' });",
        "let password = new PasswordField(opts);",
        'secret := os.Getenv("APP_SECRET")',
        "const secret = process.env.JWT_SECRET;",
        "password: str = Field(..., min_length=8)",
        "if (password === confirm) { save(); }",
        "secret_key = settings.SECRET_KEY",
        "token = yield call(fetchToken)",
        # a GraphQL operation: a variable's declaration and the argument given it (graphql reads its value)
        "mutation Login($e: String!, $password: String!) { login(email: $e, password: $password) { token } }",
        "mutation($e: String!\n  $p: String!) {\n  login(\n    password: $p\n    email: $e\n  ) { token }\n}",
    ],
)
def test_code_after_a_secret_name_is_kept(r: Redactor, line: str) -> None:
    assert r.text(line)[0] == line


@pytest.mark.parametrize(
    "text",
    [
        *("password=hunter2x", "my password is john.Smith99", "api_key: sk.Live_93xQ"),
        *("my password: $ecret, thanks", '<?php $password = "hunter2XY";'),  # a $ that no GraphQL declares
    ],
)
def test_secret_that_is_no_code_is_replaced(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert out != text and sum(found.values()) == 1


@pytest.mark.parametrize(
    ("text", "values", "kind"),
    [
        ('{"mfa": {"backupCodes": ["12107921", "83312085"]}}', ["12107921", "83312085"], "otp"),
        ('{"recovery_codes": ["a1b2-c3d4", "e5f6-g7h8"]}', ["a1b2-c3d4", "e5f6-g7h8"], "otp"),
        ('{"passwords": ["Hunter22!", "Winter2024"]}', ["Hunter22!", "Winter2024"], "password"),
        ('{"t": "{\\"api_keys\\": [\\"abcDEF123456ghiJKL\\"]}"}', ["abcDEF123456ghiJKL"], "api_key"),
    ],
)
def test_list_of_secrets(r: Redactor, text: str, values: list[str], kind: str) -> None:
    out, found = r.text(text)
    assert not any(v in out for v in values) and found[kind] == len(values), out


@pytest.mark.parametrize(
    "text", ['{"password": ["a", {"b": 1}], "x": ["keep"]}', '{"tokens": ["hello", "world"]}', '{"secrets": []}']
)
def test_list_that_is_no_flat_list_of_secrets(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        *("Hi Ann, your code is 587274. Order 4471 ships today.", "Your code: 4821", "my code is 4821"),
        # its digits right after its name, with no "is" or ":"
        *("otp 482913", "my verification code 482913 doesn't work", "2FA code 482913", "login code 731542, expired"),
        # a service's name between ("Your code for Lumen is 482913", a text message sent through an SMS API)
        *("Hi Leontyne, your code for Lumen is 482913.", "Your verification code for Acme Bank: 482913"),
    ],
)
def test_your_code_is_a_one_time_code(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["otp"] == 1


@pytest.mark.parametrize(
    "text",
    [
        *("the error code is 5003 in your code base", "your zip code is 94107", "otp 3 times", "exit code 1234"),
        *("the code 482913 is in line 12", "we got status code 5003 after the verification step"),
        *("the error code for Windows is 0x80070005", "The code for Chapter 3 is on GitHub"),
    ],
)
def test_other_codes_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("<wsse:Password>Lisboa458</wsse:Password>", "Lisboa458", "password"),
        (
            '<wsse:Password Type="http://docs.oasis-open.org/wss#PasswordText">Lisboa458</wsse:Password>',
            "Lisboa458",
            "password",
        ),
        ('<Token xsi:type="string">\n  a8Fk2mQ9zX7pL3vN6hh\n</Token>', "a8Fk2mQ9zX7pL3vN6hh", "token"),
        ("<Customer><FirstName>Einer</FirstName><LastName>Eriksen</LastName></Customer>", "Eriksen", "name"),
        ("<Street>613 Kennedy Laneway</Street><City>Ross</City>", "Kennedy", "address"),
        ('<input type="hidden" name="csrf_token" value="a8Fk2mQ9zX7pL3vNaaaaa">', "a8Fk2mQ9zX7pL3vNaaaaa", "token"),
        ("<input type='password' name='pwd' value='Hunter22!'>", "Hunter22!", "password"),
        ('<meta name="csrf-token" content="a8Fk2mQ9zX7pL3vN6hh">', "a8Fk2mQ9zX7pL3vN6hh", "token"),
        # a person's field holding its text in one child element (NCPDP SCRIPT's <DateOfBirth><Date>)
        ("<DateOfBirth><Date>1964-10-02</Date></DateOfBirth><Gender>F</Gender>", "1964-10-02", "dob"),
        ("<HomeAddress>\n  <Line>Keizersgracht 614</Line>\n</HomeAddress>", "Keizersgracht 614", "address"),
    ],
)
def test_markup_field(r: Redactor, text: str, value: str, kind: str) -> None:
    out, found = r.text(text)
    assert value not in out and found[kind] >= 1, out


def test_a_secret_s_element_with_one_child_of_prose_keeps_it(r: Redactor) -> None:
    # NCPDP SCRIPT's directions: "Sig" names a prescription's, not a signature
    text = "<Sig><SigText>Take 1 tablet by mouth daily</SigText></Sig>"
    assert r.text(text)[0] == text
    product = "<Product><Name><Text>Home Plus</Text></Name></Product>"  # a bare <Name>: a thing's as often
    assert r.text(product)[0] == product


@pytest.mark.parametrize(
    "text",
    [
        '<label for="password">Password</label><input type="password" name="password" placeholder="Password">',
        "<name>Widget</name><token></token>",
        '<secret name="db">\n  <ref>vault:db</ref>\n</secret><password>  </password>',  # no text of its own
    ],
)
def test_markup_without_a_value(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "mi contraseña es Hunter2024!",
        "mein Passwort ist Sommer2024!",
        "mon mot de passe est Soleil2024!",
        "la mia password è Piano2024!",
        "minha senha é Tigre2024!",
        "hasło jest Tajne2024!",
    ],
)
def test_secret_said_in_another_language(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "2024!" not in out and found["password"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "das Passwort ist falsch",
        "la contraseña es incorrecta",
        '{"dni": 30}',
        "passport: X123",
        "change the name to Project Phoenix; set the password to the default; go to the password to reset page",
    ],
)
def test_remark_or_short_number_after_the_name_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ('{"itin": "912-70-1234"}', "912-70-1234", "gov_id"),
        ('{"nie": "X1234567L", "nric": "S1234567D"}', "X1234567L", "gov_id"),
        ('{"abn": "51 824 753 556"}', "824 753 556", "gov_id"),
        ("tfn=123456782&x=1", "123456782", "gov_id"),
        ('{"medicare": "2123 45670 1"}', "45670", "gov_id"),
        ('{"voterId": "ABC1234567"}', "ABC1234567", "gov_id"),
        ('{"pan_number": "ABCPE1234F"}', "ABCPE1234F", "gov_id"),
        ('{"vin": "1HGCM82633A004052"}', "1HGCM82633A004052", "gov_id"),
        ("panCard=ABCPE1234F&x=1", "ABCPE1234F", "gov_id"),
        ('{"routingNumber": "021000021", "amount": 12}', "021000021", "bank_account"),
        ('{"accountNumber": "000123456789"}', "000123456789", "bank_account"),
        ("account_number=12345678&sort_code=12-34-56", "12345678", "bank_account"),
        # an insurer's, a hospital's number for one person, not a database's id
        ('{"member_id": "XKJ482913007", "plan": "gold"}', "XKJ482913007", "gov_id"),
        ('{"memberId": "W123456789"}', "W123456789", "gov_id"),
        ('{"patient_id": "P-0042871"}', "0042871", "gov_id"),
        # more countries' numbers by their own names, with a number's word or alone as a key
        ('{"aadhaarNumber": "491827364507"}', "491827364507", "gov_id"),
        ('{"cpr": "120385-1127"}', "120385-1127", "gov_id"),
        ('{"rut": "16734982-K"}', "16734982-K", "gov_id"),
        ('{"teudatZehut": "312456783"}', "312456783", "gov_id"),
        ('{"hetu": "131052-308T"}', "131052-308T", "gov_id"),
    ],
)
def test_national_and_bank_numbers_under_their_field_names(r: Redactor, text: str, value: str, kind: str) -> None:
    out, found = r.text(text)
    assert value not in out and found[kind] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        '{"accountType": "savings", "accountNumber": 42}',
        '{"routing": "eu-west"}',
        '{"member_id": "5f8e2a1c-3b4d-4e6f-9a8b-7c6d5e4f3a2b", "member_count": 12345}',  # a row's UUID, a count
        '{"member_id": 48213, "patient_id": 902177}',  # JSON numbers: a forum's member, an API's row
    ],
)
def test_bank_fields_without_a_number_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "table",
    [
        "first_name,last_name,email,mobile,city\nBellino,La Sala,b.lasala@alice.it,312 555 0145,Imola\n"
        "Matteo,Vincenzo,mv@libero.it,330 097 6273,Modica\n",
        "Vorname;Nachname;Ort\r\nBellino;La Sala;Imola\r\nMatteo;Vincenzo;Modica\r\n",
        "| Name | City | Joined |\n|---|---|---|\n| Bellino La Sala | Imola | 2024 |\n"
        "| Matteo Vincenzo | Modica | 2023 |",
        json.dumps({"file": "customer_name\tcity\tplan\nBellino La Sala\tImola\tPro\nMatteo Vincenzo\tModica\tTeam"}),
    ],
)
def test_names_under_a_table_header_are_redacted(r: Redactor, table: str) -> None:
    # a CSV, TSV or markdown table (an upload, an export pasted in a prompt): its header names the column
    out, found = r.text(table)
    for value in ("Bellino", "La Sala", "Matteo", "Vincenzo"):
        assert value not in out, out
    assert "Imola" in out and "Modica" in out and found["name"] >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Name, address and phone are required.\nPlease fill in Lake Como, Stanley Cup and such.",
        "product_name,sku,price\nKindle Paperwhite,B0CFPJYX7P,149.99\n",
    ],
)
def test_prose_and_product_tables_are_kept(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert out == text and not found, found


@pytest.mark.parametrize(
    ("text", "secret"),
    [  # Nannigalaxy/PII-synthetic_dataset (MIT) writes passwords after the word with a space alone
        ("The leaked credentials included user lily@viztra.org with password Qr7!dke#39.", "Qr7!dke#39"),
        ("found UserID 'secure_credentials' with password 'B@nZes94!', attempting", "B@nZes94!"),
        ("exposed sylvia@edugate.edu and her login password Start@2025.", "Start@2025"),
        ("Kontodaten: Passwort Sommer2024! bitte ändern", "Sommer2024!"),
        # set to a value: "reset your password to …" (not "change the name to …": only a secret's name)
        ("Agent (Tom): Let me reset your password to Spring2026! now", "Spring2026"),
        ("I changed my password to hunter2 yesterday", "hunter2"),
    ],
)
def test_password_after_its_name_and_a_space(text: str, secret: str) -> None:
    out, counts = Redactor(key=b"test-key").text(text)
    assert secret not in out and counts["password"] == 1, out


@pytest.mark.parametrize(
    "text", ["the password reset link; the password manager; a password 123", "pass 100000 requests; token limit 4096"]
)
def test_words_after_a_password_s_name_are_kept(text: str) -> None:
    assert Redactor(key=b"test-key").text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Login for the IT system was exposed: edward.kim@bytecore.com / W!nter2024.", "W!nter2024"),
        ("leaked credentials: maria.alexei@jobport.net / SecureP@ss8901.", "SecureP@ss8901"),
        ("combo list line ana@x.io:Hunter2! then the next", "Hunter2!"),
    ],
)
def test_password_after_a_login_s_email(text: str, secret: str) -> None:
    out, counts = Redactor(key=b"test-key").text(text)
    assert secret not in out and counts["password"] == 1, out


def test_what_follows_an_email_and_is_no_password_is_kept() -> None:
    text = "contact ana@x.io / 2024-05-01 or see ana@x.io/docs, cc ana@x.io / bob@y.org: thanks"
    out, counts = Redactor(key=b"test-key").text(text)
    assert counts == {"email": 4} and "2024-05-01" in out and "/docs" in out, (out, counts)


def _json_body(r: Redactor, obj: dict) -> str:
    from replay.exchange.format import Body, Exchange, Request, Timings

    text = json.dumps(obj)
    req = Request(
        "POST", "https://api.example/v1/x", [("content-type", "application/json")], Body(text, "utf8", len(text))
    )
    ex = r.redact(Exchange("e1", req, Timings(0.0)))
    assert ex.request.body is not None
    return ex.request.body.text


@pytest.mark.parametrize(
    ("obj", "gone"),
    [
        ({"location": "-33.868820"}, ["868820"]),
        ({"deviceInfo": {"position": 151.209296}}, ["209296"]),
        ({"coords": "48.858370, 2.294481"}, ["858370", "294481"]),
        ({"gps": "52.5200661;13.404954"}, ["5200661", "404954"]),
    ],
)
def test_coordinates_under_a_name_that_holds_other_things_too(r: Redactor, obj: dict, gone: list[str]) -> None:
    out = _json_body(r, obj)
    assert not any(g in out for g in gone), out


@pytest.mark.parametrize(
    "obj",
    [
        {"position": 3},
        {"position": "12.5"},
        {"location": "Lyon"},
        {"location": "https://cdn.example/a.png"},
        {"playback": {"position": 1234.5}},
        {"location": "12.3456, 7.8901, 3.3333"},
    ],
)
def test_other_values_under_those_names_are_kept(r: Redactor, obj: dict) -> None:
    assert json.loads(_json_body(r, obj)) == obj


@pytest.mark.parametrize(
    ("obj", "street"),
    [
        ({"road": "Wexley Crescent"}, "Wexley"),
        ({"route": {"lane": "Ostrander Hollow"}}, "Ostrander"),
        ({"drive": "Avenida 9 de Julio"}, "Julio"),
    ],
)
def test_a_street_s_name_under_its_type_s_word(r: Redactor, obj: dict, street: str) -> None:
    assert street not in _json_body(r, obj)


@pytest.mark.parametrize("obj", [{"drive": "C:"}, {"lane": "fast"}, {"road": "closed"}, {"avenue": "b2b sales"}])
def test_other_values_under_a_street_type_s_word_are_kept(r: Redactor, obj: dict) -> None:
    assert json.loads(_json_body(r, obj)) == obj


def test_a_card_like_run_inside_an_id_under_its_name(r: Redactor) -> None:
    assert "4111111111111111" not in _json_body(r, {"passport_number": "PX4111111111111111"})


def test_an_app_passwords_four_groups_are_one_password(r: Redactor) -> None:
    out, found = r.text("SMTP: user ops@acme.io, app password qwzt plmk rvxa bnsd, port 587")
    assert "rvxa" not in out and "bnsd" not in out and found["password"] == 1, out
    assert r.text("the password is that with some more text")[1] == {}  # four ordinary words are prose


@pytest.mark.parametrize(
    "table",
    [
        "vehicle_id,plate,vin,driver,odometer\nV-12,AB12 CDE,SAJAA06E59GX12345,Kieran Doyle,84221\n"
        "V-13,CD34 EFG,WF0FXXGCDF1A23456,Priti Shah,51990",
        # a table that starts a JSON string, after other fields: its header is the string's first line
        json.dumps(
            {
                "model": "m",
                "content": "vehicle_id,plate,vin\nV-12,AB12 CDE,SAJAA06E59GX12345\nV-13,CD34 EFG,WF0FXXGCDF1A23456",
            }
        ),
    ],
)
def test_plates_and_vins_under_a_table_header_are_redacted(r: Redactor, table: str) -> None:
    out, found = r.text(table)
    for value in ("AB12 CDE", "CD34 EFG", "SAJAA06E59GX12345", "WF0FXXGCDF1A23456"):
        assert value not in out, out
    assert "V-13" in out and found["license_plate"] == 2 and found["gov_id"] == 2


@pytest.mark.parametrize(
    "table",
    [
        "Vorname;Nachname;Geburtsdatum;Ort\nHildegard;Pfannenschmidt;03.07.1958;Bielefeld\n"
        "Eckhart;Vollrath;21.11.1979;Jena",
        "| Name | Date of birth | Plan |\n|---|---|---|\n| Ana Lima | 3 Jul 1958 | gold |\n"
        "| Bo Chen | 21 Nov 1979 | pro |",
        # a RAG context's CSV export with CJK dates: a year, a month and a day by their signs
        "name,city,dob,plan\nSato Ren,Osaka,1958年7月3日,gold\nKim Jiwoo,Seoul,1979년 11월 21일,pro",
    ],
)
def test_birth_dates_under_a_table_header_are_redacted(r: Redactor, table: str) -> None:
    out, found = r.text(table)
    assert "1958" not in out and "1979" not in out and found["dob"] == 2, out
    assert "Bielefeld" in out or "gold" in out, out


def test_a_date_column_of_no_birth_keeps_its_dates(r: Redactor) -> None:
    table = "release,date,notes\nv1.2,2020-01-01,first\nv1.3,2021-03-02,second"
    assert r.text(table)[0] == table


def test_a_table_s_last_row_before_its_string_s_closing_quote(r: Redactor) -> None:
    # a call record's IMSIs: the last row ends at the JSON string's quote
    body = json.dumps({"content": "Find:\ncall_id,imsi\nc-001,310410123456789\nc-002,310410987654321"})
    out, found = r.text(body)
    assert "310410123456789" not in out and "310410987654321" not in out and found["device_id"] == 2


def test_a_national_number_in_an_object_of_its_type_and_id(r: Redactor) -> None:
    # Workday's worker: "National_ID": {"Type": "My Number", "ID": "…"}
    body = json.dumps({"Worker": {"National_ID": {"Type": "My Number", "ID": "1234 5678 9018"}}})
    out, found = r.text(body)
    assert "1234 5678 9018" not in out and "My Number" in out and found["gov_id"] == 1


def test_plate_in_prose_is_no_table_s_header(r: Redactor) -> None:
    text = "Use plate: 96 wells, then plate 3 of the figure"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "body",
    [
        {"security_question": "What was your first pet's name?", "security_answer": "Biscuit"},
        {"secret_answer": "Biscuit", "secret_question": "first pet"},
        {"memorable_word": "Biscuit", "remember_me": True},
        {"securityQuestionAnswer": "Biscuit"},
    ],
)
def test_a_security_question_s_answer_and_a_memorable_word(r: Redactor, body: dict) -> None:
    out, found = r.text(json.dumps(body))
    assert "Biscuit" not in out and found["password"] == 1, out
    assert "What was your first pet's name?" in out or "security_question" not in body


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ('{"login_id": "mkowalski88", "remember": true}', "mkowalski88"),
        ("loginId=mkowalski88&next=%2Fhome", "mkowalski88"),
        ("my details: login: a.nowak, can't get in", "a.nowak"),  # a dotted user name is no code's dotted name
        ("Username: priya_s\nIt says locked.", "priya_s"),
    ],
)
def test_a_login_s_id_is_a_user_name(r: Redactor, text: str, login: str) -> None:
    out, found = r.text(text)
    assert login not in out and found["username"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["user: req.user", "login: this.login", "login: auth.username", "login: failed, username: required"],
)
def test_code_and_a_login_s_outcome_are_no_user_names(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "code", "said"),
    [
        # a one-time code said in groups or in words, past a clause about how it came
        ("my verification code, the one you texted, is four seven two nine", "four seven two nine", "nine nine"),
        ("the code you sent me is 48 19 27 but it says invalid", "48 19 27", "99 99 99"),
        ("OTP was 739 204, still failing", "739 204", "999 999"),
        ("The code you emailed me was 5 5 8 1 2 0.", "5 5 8 1 2 0", "9 9 9 9 9 9"),
        ("the code you sent me is 482913", "482913", "999999"),
    ],
)
def test_a_one_time_code_said_in_groups_or_words(r: Redactor, text: str, code: str, said: str) -> None:
    out, found = r.text(text)
    assert code not in out and said in out and found == {"otp": 1}, out


@pytest.mark.parametrize(
    "text",
    [
        "the status code you sent me is 404 and the error code is 500",
        "the error code you got is 40001",  # no one-time code's name
        "the zip code you gave is 90210",
        "the code you sent me is broken, it does not compile",
        "the code is 2024 compliant, see ticket 1234 5678",
    ],
)
def test_a_code_that_is_no_one_time_code_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_list_of_a_secret_s_records_holds_it_in_each_one_s_value(r: Redactor) -> None:
    body = {"securityAnswers": [{"questionId": 3, "answer": "Biscuit"}, {"questionId": 5, "answer": "Okafor"}]}
    out, found = r.text(json.dumps(body))
    assert "Biscuit" not in out and "Okafor" not in out and '"questionId": 5' in out and found == {"password": 2}, out
    kept = {"tokens": [{"name": "a", "type": "b"}], "passwords": [{"policy": "strong"}]}
    assert r.text(json.dumps(kept)) == (json.dumps(kept), {})


def test_an_api_s_key_in_a_query_goes_a_data_key_stays(r: Redactor) -> None:
    secret = "c81e728d9d4c2f636f067f89cc14862c"
    out = r.text(f"POST /api/9/store/?sentry_key={secret}&sentry_version=7")[0]
    assert secret not in out and "sentry_version=7" in out
    kept = f'{{"dedup_key": "{secret}", "object_key": "uploads/2024/avatar.png"}}'
    assert r.text(kept)[0] == kept


def test_a_payer_s_account_id_goes_a_transaction_s_stays(r: Redactor) -> None:
    for text in ('{"payer": {"payer_id": "ZK3QW7M2PLXNA"}, "id": "8RT12345AB678901C"}', "payer_id=ZK3QW7M2PLXNA"):
        out = r.text(text)[0]
        assert "ZK3QW7M2PLXNA" not in out and "user-" in out
    assert "8RT12345AB678901C" in r.text('{"payer": {"payer_id": "ZK3QW7M2PLXNA"}, "id": "8RT12345AB678901C"}')[0]


def test_an_address_s_lines_as_a_list_each_go(r: Redactor) -> None:
    # a store's "street" of lines (Magento) and Open Banking's "AddressLine": a house's name has no number
    for body, line in (
        ('{"street": ["The Old Forge, Mill Lane", "Upper Slaughter"], "city": "Cheltenham"}', "The Old Forge"),
        ('{"AddressLine": ["Flat 2", "Hawthorn House"], "TownName": "Leeds"}', "Hawthorn House"),
    ):
        out = r.text(body)[0]
        assert line not in out and json.loads(out), out
    kept = '{"scopes": ["read", "write"], "tags": ["Mill Lane"]}'
    assert r.text(kept)[0] == kept


@pytest.mark.parametrize(
    ("body", "gone"),
    [
        # a Japanese HR record's name, its reading, My Number and birth date; a Chinese, a Korean record's
        ({"氏名": "佐藤 健太", "フリガナ": "サトウ ケンタ"}, ["佐藤", "サトウ"]),
        ({"個人番号": "271828182845"}, ["271828182845"]),
        ({"生年月日": "1979-11-03", "部署": "経理"}, ["1979-11-03"]),
        ({"姓名": "刘芳", "出生日期": "1992-07-08"}, ["刘芳", "1992-07-08"]),
        ({"성명": "박서연", "주민등록번호": "920708-2345678"}, ["박서연", "920708-2345678"]),
    ],
)
def test_a_person_s_fields_under_cjk_keys(r: Redactor, body: dict[str, str], gone: list[str]) -> None:
    out = r.text(json.dumps(body, ensure_ascii=False))[0]
    assert not any(value in out for value in gone), out


@pytest.mark.parametrize(
    ("body", "gone"),
    [
        # a pharmacy claim's cardholder and prescription, an order's parcel, a state's number for its student
        ({"cardholder_id": "WQP30018274", "bin": "004336"}, "WQP30018274"),
        ({"insuredId": "H44718823A", "relationship": "01"}, "H44718823A"),
        ({"rx_number": "6620193", "refills_left": 2}, "6620193"),
        ({"carrier": "UPS", "tracking": "1Z999AA10123456784"}, "1Z999AA10123456784"),
        ({"grade_level": 9, "state_province_id": "7730018264"}, "7730018264"),
        # Mexico's taxpayer's number, an EV charging card's RFID (OCPP), a chassis number in German
        ({"nombre": "x", "rfc": "MARL820415KT2"}, "MARL820415KT2"),
        ({"connectorId": 2, "idTag": "E2A17C09B4"}, "E2A17C09B4"),
        ({"Fahrgestellnummer": "WDB2030461A123456"}, "WDB2030461A123456"),
    ],
)
def test_a_claim_s_a_parcel_s_a_student_s_numbers(r: Redactor, body: dict[str, object], gone: str) -> None:
    out = r.text(json.dumps(body))[0]
    assert gone not in out and json.loads(out), out


def test_an_analytics_property_under_tracking_an_rfc_s_number_stay(r: Redactor) -> None:
    text = json.dumps({"tracking": "UA-12345-1", "analytics": {"tracking": True}, "province_id": 12, "rfc": "7231"})
    assert r.text(text) == (text, {})


def test_cjk_keys_of_no_person_s_field_stay(r: Redactor) -> None:
    text = json.dumps({"社員番号": "E-20931", "部署": "経理", "品名": "緑茶", "名称": "東京支社"}, ensure_ascii=False)
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"dropoff_notes": "Keypad code 8520#, then the lift to floor 3"}', "8520"),
        ("Please leave it inside: the garage code is 31415.", "31415"),
        ("Lockbox code: 0419 (the box is left of the door)", "0419"),
        ("Hi Ana, the key box code is 7302 and the flat is on floor 2.", "7302"),
        # in other languages, a digicode's keypad letter among its digits, a "#" before them
        ("NOTE:Code portail 4B719\nEND:VCARD", "4B719"),
        ("Sonnerie Dupont, digicode 2580A, 3e étage", "2580A"),
        ("Paket bitte hinter das Tor, Torcode 4711.", "4711"),
        ("the gate code is #4471 after 6pm", "4471"),
        # words of where between the code's name and its "is"; a safe's, a lock's combination; Spanish's "código"
        ("The door code at the side entrance is 7731, ring twice.", "7731"),
        ("FYI the keypad code for unit 12 was 0962#", "0962"),
        ("Spare key: the padlock combination is 31-07-22.", "31-07-22"),
        ("Ana, the safe is 12-40-33 if you need the passports.", "12-40-33"),
        ("Hola, el código de acceso del garaje es 5190#.", "5190"),
    ],
)
def test_a_way_in_s_code_goes(r: Redactor, text: str, code: str) -> None:
    assert code not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "error code 40001 at gate 12",
        "Door 4 opens at 0900",
        "gate B12, code share 4471",
        "Portail client: code 4B71",
        "the status code for the retry is 50312",
        "el código de error del servidor es 40001",
        'the flag is {"unsafe": 4471, "safe": true}',
        "this is not safe: 1234 users",
    ],
)
def test_other_numbers_near_a_door_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("obj", "gone"),
    [
        ({"document": {"type": "P", "number": "K7Q3M9041", "issuingCountry": "ITA"}}, "K7Q3M9041"),
        ({"identity": {"document_type": "NATIONAL_ID", "document_number": "CA44817RT"}}, "CA44817RT"),
        ({"surname": "ROSSETTI", "documentNumber": "YA9042218", "nationality": "ITA"}, "YA9042218"),
        ({"railcard": {"type": "Two Together", "number": "TT55102984471"}}, "TT55102984471"),
        ({"fsaId": "lbeaumont1988"}, "lbeaumont1988"),
        ({"councilTaxRef": "6610293847", "band": "D"}, "6610293847"),
        ({"council_tax_account": "CTA-3391027"}, "CTA-3391027"),
        ({"next_of_kin": "Ambrosine Telfair", "ward": "B4"}, "Ambrosine"),
        ({"opposing_counsel": "Ignatius Fairweather (Fairweather Solicitors)"}, "Ignatius"),
    ],
)
def test_an_identity_document_s_number_a_railcard_s_a_council_s_and_a_matter_s_people(
    r: Redactor, obj: dict[str, object], gone: str
) -> None:
    out, found = r.text(json.dumps(obj))
    assert gone not in out and found, out


@pytest.mark.parametrize(
    "obj",
    [
        {"document_type": "invoice", "document_number": "INV-2025-00931", "amount": "310.00"},
        {"document": {"type": "credit_note", "number": "CN-55021"}},
        {"documentNumber": "PO-778120", "supplier": "Acme Ltd"},
        {"opposing_counsel": "Fairweather Solicitors LLP"},
    ],
)
def test_a_document_s_number_that_is_no_one_s_stays(r: Redactor, obj: dict[str, object]) -> None:
    text = json.dumps(obj)
    assert r.text(text)[0] == text


def test_pypi_s_token_login_name_stays_and_its_token_goes(r: Redactor) -> None:
    out = r.text("[testpypi]\nusername = __token__\npassword = pypi-QmFzZTY0U3RyaW5nRm9yVGVzdGluZ09ubHk5OTk\n")[0]
    assert "username = __token__" in out and "QmFzZTY0" not in out, out


def test_a_generated_value_under_a_service_s_key_name_goes_a_pattern_stays(r: Redactor) -> None:
    body = '{"routing_key": "e93facc04764012d7bfb002500d5d1a6", "exchange_routing_key": "orders.created"}'
    out, _ = r.text(body)
    assert "e93facc04764012d7bfb002500d5d1a6" not in out and "orders.created" in out, out


def test_a_point_s_coordinates_under_a_qualified_key(r: Redactor) -> None:
    out, counts = r.text('{"location_lat": 40.748417, "location_lng": -73.985664, "flat": 3.12345}')
    assert "748417" not in out and "985664" not in out and "3.12345" in out and counts["geo"] == 2, out


def test_a_parcel_s_tracking_number_by_its_key(r: Redactor) -> None:
    body = '{"tracking_number": "1Z999AA10123456784", "parcel": "JD014600006281234567", "tracking_id": "UA-12345678-1"}'
    out, counts = r.text(body)
    assert "1Z999AA10123456784" not in out and "JD014600006281234567" not in out and counts["tracking_number"] == 2
    assert "UA-12345678-1" in out, out  # an analytics property's


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ('{"last_name": {"label": "Last name", "value": "Eichhorn-Demir"}}', "Eichhorn-Demir", "name"),
        ('{"birthday": {"type": "date", "value": "1981-02-03"}}', "1981-02-03", "dob"),
        ('{"home_address": {"label": "Address", "value": "12 Oak Street"}}', "12 Oak Street", "address"),
    ],
)
def test_a_field_s_value_in_an_object_beside_its_label(r: Redactor, text: str, value: str, kind: str) -> None:
    # an HR system's attributes (Personio's {"label", "value"}), a form builder's {"type", "value"}
    out, found = r.text(text)
    assert value not in out and found[kind] == 1, out


def test_a_labelled_object_of_a_thing_keeps_its_value(r: Redactor) -> None:
    text = '{"department": {"label": "Department", "value": "Customer Success"}, "name": {"label": "Plan", "value": 3}}'
    assert r.text(text)[0] == text


def test_a_point_as_a_list_of_its_two_degrees(r: Redactor) -> None:
    # a fleet's ping, Strava's "start_latlng": [lat, lon] lists under a coordinate's name
    text = '{"position": [51.507351, -0.127758], "start_latlng": [51.51832, -0.1410], "coords": [48.858370, 2.294481]}'
    out, found = r.text(text)
    for value in ("51.507351", "-0.127758", "51.51832", "48.858370", "2.294481"):
        assert value not in out, out
    assert found["geo"] == 6 and json.loads(out)


def test_a_geojson_geometry_and_coarse_or_long_lists_keep_their_numbers(r: Redactor) -> None:
    for text in (
        '{"geometry": {"type": "Point", "coordinates": [-0.127758, 51.507351]}}',  # a feature's: a store, a city
        '{"geo": {"coordinates": [97.328564, 77.129056]}}',
        '{"position": [3, 4], "location": [51.5, -0.12], "coords": [1.123456, 2.123456, 3.123456]}',
    ):
        assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        '{"given": ["Wolfgang", "Amadeus"], "family": "Mozart"}',  # a name's part beside its partner
        '{"passport": {"number": "XDA123456", "expiry": "2031-04-01"}}',  # a record's number
        '{"value": "sk9Qw2LmX7pRt4Vz8NcB1yHd6JfK3sTe"}',  # a lone value that looks generated
    ],
)
def test_a_key_no_rule_reads_is_skipped_only_where_none_could(r: Redactor, text: str) -> None:
    # ``FieldFinder`` remembers the keys of no class that no rule reads in any text ("max_tokens") and skips them at
    # once: a key a rule reads only in some texts must be read again each time
    first = r.text('{"max_tokens": 400, "role": "user", "given": "x", "value": 1, "passport": "none"}' + text)
    again = r.text('{"max_tokens": 400, "role": "user", "given": "x", "value": 1, "passport": "none"}' + text)
    assert first == again and sum(first[1].values()) >= 1, first


@pytest.mark.parametrize("key", ["password[]", "password[0]", "api_key[1]"])
def test_a_secret_s_name_with_a_list_s_brackets_in_json(r: Redactor, key: str) -> None:
    # a value long enough to be a segment of its own (replay.redact.segments) is read under the name too
    for value in ("Qv7-lorem-ipsum-44", "Qv7-" + "xK9" * 100):
        assert value not in _json_body(r, {key: value, "note": "y" * 300})


@pytest.mark.parametrize("key", ["driver's_license", "driver’s-licence", "Driver's License Number"])
def test_a_possessive_inside_a_field_s_name(r: Redactor, key: str) -> None:
    out = _json_body(r, {key: "K4471-20931"})
    assert "K4471-20931" not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "return Customer(id=user_id, name=customer_name, email=email)",
        "f(login=currentLogin, email=email)",
        "f(username=username, email=email)",
    ],
)
def test_a_variable_named_for_its_key_is_code_not_a_login(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(("text", "login"), [("f(name=jane_doe, email=email)", "jane_doe"), ("login=admin7", "admin7")])
def test_a_login_beside_code_is_still_one(r: Redactor, text: str, login: str) -> None:
    out, found = r.text(text)
    assert login not in out and found["username"] == 1, out


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("العنوان: شارع الملك فهد، حي العليا", "الملك فهد"),
        ("الاسم الكامل\nالعنوان: طريق الأمير سلطان، حي الروضة\nالمدينة: جدة", "الأمير سلطان"),
        ('{"العنوان": "شارع التحلية، حي السليمانية"}', "التحلية"),
    ],
)
def test_an_arabic_address_with_no_number_after_its_label(r: Redactor, text: str, street: str) -> None:
    out, found = r.text(text)
    assert street not in out and "حي" not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    "text", ["عنوان المقال: كيف تدخر المال", '{"عنوان": "تقرير المبيعات"}', "العنوان غير واضح", "العنوان: شارع"]
)
def test_an_arabic_title_or_a_remark_under_address_s_word_stays(r: Redactor, text: str) -> None:
    # "عنوان" is a title's word too (an article's, a message's): only a street's value is taken
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("body", "gone"),
    [
        # a utility's, a telecom's, an insurer's number for its customer, in the customer's language
        ({"tipo": "residenziale", "codice_cliente": "0012345678"}, "0012345678"),
        ({"kundennummer": "KD-00981234", "tarif": "Grundversorgung"}, "KD-00981234"),
        ({"numero_client": "C-4471920", "offre": "Base"}, "C-4471920"),
        ({"musteri_no": "2024-55120-88"}, "2024-55120-88"),
        # a grid connection's EAN code of 18 digits (GS1's check), Brazil's NIS and CNS, France's RPPS and ADELI
        ({"ean_code": "871687120050000009", "product": "stroom"}, "871687120050000009"),
        ({"nis": "120.56712.34-4"}, "120.56712.34-4"),
        ({"cns": "898 0011 6066 0001"}, "898 0011 6066 0001"),
        ({"rpps": "10003456786", "specialite": "MG"}, "10003456786"),
        ({"adeli": "751234567"}, "751234567"),
    ],
)
def test_a_customer_s_a_contract_s_a_connection_s_numbers(r: Redactor, body: dict[str, object], gone: str) -> None:
    out = r.text(json.dumps(body))[0]
    assert gone not in out and json.loads(out), out


def test_a_product_s_ean_an_order_s_number_and_a_municipality_s_nis_code_stay(r: Redactor) -> None:
    body = {
        "ean": "4006381333931",  # a product's EAN-13
        "ean_code": "871687120050000000",  # 18 digits whose check fails
        "nis": "21004",  # a Belgian municipality's NIS code
        "cns": "898001160660004",  # its check fails
        "rpps": "10003456789",
        "numero_ordine": "ORD2024-5512",
        "rechnungsnummer": "RE-2024-10023",
        "customer_id": "cus_N2k3J4l5",
        "contract_code": "BTC-USD-240329",
    }
    text = json.dumps(body)
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "Last login: 2024-03-01",
        '{"last_login": "2024-03-01T10:12:00Z"}',
        "login: 14:02:11",
        "Login: 01.03.2024",
        # as C's ctime (sshd's "Last login", date(1)), JavaScript's Date.toString and RFC 1123 write one
        "Last login: Mon Mar  4 10:22:01 2024 on ttys001",
        '{"lastLogin": "Tue Apr 16 2024 08:01:55 GMT+0200"}',
        "login: Wed, 06 Mar 2024 10:00:00 GMT",
    ],
)
def test_a_date_or_a_time_under_a_login_s_name_is_no_user_s(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["Username: jdoe42", '{"login": "jdoe42"}', "Login: maria.lopez", "login: Mon"])
def test_a_login_s_name_under_its_key_is_still_one(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["username"] == 1, text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("My IP address is 81.2.69.160 and it fails", " and it fails"),
        ("the server address is 10.1.2.3 today", " today"),
        ("The MAC address is 00:1A:2B:3C:4D:5E today", " today"),
        ("Our wallet address is 1BoatSLRHtKNngkdXEeobR76b53LETtpyT now", " now"),
    ],
)
def test_an_address_said_of_a_network_or_a_device_is_no_street(r: Redactor, text: str, kept: str) -> None:
    out, found = r.text(text)
    assert out.endswith(kept) and "address" not in found, (text, out, found)


def test_an_address_said_with_a_house_number_is_still_one(r: Redactor) -> None:
    out, found = r.text("My return address is 5 High Street, Leeds")
    assert "5 High Street" not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "headers: { Authorization: `Bearer ${apiKey}` }",
        "Authorization: 'Bearer ' + token",
        'headers={"Authorization": f"Bearer {token}"}',
        "Authorization: Bearer $TOKEN",
        "Authorization: Bearer <your-token>",
        "Authorization: Bearer\nHost: example.org",
    ],
)
def test_code_that_builds_an_authorization_header_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: `Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0`", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ('{"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}', "dXNlcjpwYXNzd29yZA=="),
    ],
)
def test_a_scheme_s_value_in_code_is_still_a_secret(r: Redactor, text: str, secret: str) -> None:
    out, _ = r.text(text)
    assert secret not in out and out.startswith(text[: text.index(secret)]) and out[-1] == text[-1], out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # an environment variable's credential needs only a credential's shape, not a generated token's length
        ("NODE_ENV=production\nQUILLO_CLIENT_ID=q8ff2m1zk4rx9w\nLOG_LEVEL=info", "q8ff2m1zk4rx9w"),
        ("ZENTRIX_ACCESS_ID=tmV3Rq9sLpWxKo", "tmV3Rq9sLpWxKo"),
        ("PROXY_AUTH_HEADER=dGVhbTpzM2NyZXQ=", "dGVhbTpzM2NyZXQ="),  # HTTP Basic's base64 of "team:s3cret"
        ("CURL_AUTH_USER=ops:Tr0ub4dor&3", "Tr0ub4dor&3"),  # a login's pair under its user's name: a secret
        ("here is my key: q8ff2m1zk4rx9w\nwhy does every call return 401?", "q8ff2m1zk4rx9w"),  # someone's own key
    ],
)
def test_a_credential_under_a_variable_s_or_someone_s_own_name(r: Redactor, text: str, secret: str) -> None:
    out, found = r.text(text)
    assert secret not in out and found["secret"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "QUILLO_CLIENT_ID=webapp",  # a word
        "QUILLO_CLIENT_ID=release2024",
        "PROXY_AUTH_HEADER=Authorization",
        '{"client_id": "q8ff2m1zk4rx9w", "redirect_uri": "https://app.example/cb"}',  # an OAuth request's public id
        "the key: q8ff2m1zk4rx9w",  # nobody's own key, too short to be a generated one
        "my key: Ctrl+Shift+P",
    ],
)
def test_what_is_no_credential_under_those_names_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_user_under_an_auth_s_name_is_a_login_s(r: Redactor) -> None:
    out, found = r.text("SMTP_AUTH_USER=mailer01\n")
    assert "mailer01" not in out and found["username"] == 1, out


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my postal code is K1A 0B1", "address"),
        ("the postal code is SW1A 2AA", "address"),
        ("the MAC address is 00:1A:2B:3C:4D:5E today", "mac"),
    ],
)
def test_a_field_named_by_two_words_in_prose_is_that_field(r: Redactor, text: str, kind: str) -> None:
    out, found = r.text(text)
    assert out != text and found[kind] == 1, (out, found)


def test_a_passcode_after_an_article_is_still_a_password(r: Redactor) -> None:
    out, found = r.text("the passcode is Soleil284")
    assert "Soleil284" not in out and found["password"] == 1, out


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("my username is mkowalski and I can't log in", "mkowalski"),
        ("My username is jsmith.", "jsmith"),
        ("your login is akowalska", "akowalska"),
    ],
)
def test_a_login_said_with_no_mark_of_a_secret(r: Redactor, text: str, login: str) -> None:
    out, counts = r.text(text)
    assert login not in out and counts == {"username": 1}, out


@pytest.mark.parametrize(
    "text",
    [
        "my username is correct but the password fails",
        "my username is not working; my login is slow",
        "the username is admin; username is required",  # a system's account, a form's rule
    ],
)
def test_a_remark_about_a_login_is_no_login(r: Redactor, text: str) -> None:
    assert "username" not in r.text(text)[1]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mein Benutzername ist jweber88", "jweber88"),
        ("Mein Passwort lautet Sommer2024!", "Sommer2024!"),
        ("mon nom d'utilisateur est cdubois75", "cdubois75"),
        ("mi usuario es lfernandez90", "lfernandez90"),
        ("il mio nome utente è groma90", "groma90"),
        ("mijn gebruikersnaam is ddevries1", "ddevries1"),
        ('{"käyttäjätunnus": "mvirtanen", "kullanıcı_adı": "ayilmaz"}', "mvirtanen"),
        ('{"käyttäjätunnus": "mvirtanen", "kullanıcı_adı": "ayilmaz"}', "ayilmaz"),
    ],
)
def test_a_login_and_a_password_named_in_other_languages(r: Redactor, text: str, value: str) -> None:
    out, _ = r.text(text)
    assert value not in out, out


@pytest.mark.parametrize(
    "text",
    [  # a remark in a language the lexicon does not know: a login said there needs a login's marks
        "der Benutzername ist falsch; el usuario es obligatorio; l'utilisateur est connecté; l'utente è registrato",
        "Das Ergebnis lautet 42; el usuario no existe",
    ],
)
def test_a_remark_about_a_login_in_other_languages(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_query_s_field_in_a_log_line_ends_at_its_blank(r: Redactor) -> None:
    out, found = r.text("GET /signup?first_name=Jane&last_name=Whitfield HTTP/1.1")
    assert "Whitfield" not in out and out.endswith(" HTTP/1.1") and found["name"] == 2, out


def test_a_name_written_with_a_query_s_plus_signs_in_a_link(r: Redactor) -> None:
    out, found = r.text("see https://x.com/a?name=Jane+Whitfield&ref=mail and name=Google+Cloud&x=2")
    assert "Whitfield" not in out and "Google+Cloud" in out and found["name"] == 1, out
    assert "?name=" in out and "+" in out.split("?name=")[1].split("&")[0]  # its spaces stay "+"
