"""Detectors and pseudonyms on single texts: what is found, what is kept, what replaces it."""

from __future__ import annotations

import base64
import json
import re

import phonenumbers
import pytest

from replay.errors import BadInput
from replay.redact import Redactor
from replay.redact.pseudonym import luhn_ok

FOUND = [
    ("mail john.doe@gmail.com now", "john.doe@gmail.com", "email"),
    ("call +1 (415) 555-2671 today", "(415) 555-2671", "phone"),
    ("call 020 7946 0958 today", "7946 0958", "phone"),
    ("tel: 4155552671", "4155552671", "phone"),
    ("card 4111 1111 1111 1111 12/27", "4111 1111 1111 1111", "card"),
    ("amex 378282246310005.", "378282246310005", "card"),
    ("IBAN GB82 WEST 1234 5698 7654 32 ok", "GB82 WEST 1234 5698 7654 32", "iban"),
    ("iban DE89370400440532013000", "DE89370400440532013000", "iban"),
    ("ssn 123-45-6789", "123-45-6789", "ssn"),
    ("from 81.2.69.160 via", "81.2.69.160", "ip"),
    ("from 2a02:1234:5678:9abc:def0:1111:2222:3333 via", "2a02:1234:5678:9abc", "ip"),
    ("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "aws_access_key"),
    ("ghp_" + "a1B2" * 9, "a1B2" * 9, "github_token"),
    ("xoxb-12345678901-123456789012-abcdefghijklmnopqrstuvwx", "abcdefghijklmnop", "slack_token"),
    ("sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqLyjWDarjtT1zdp7dc", "stripe_key"),
    ("sk-ant-api03-" + "x7Q" * 30 + "AA", "x7Q" * 30, "anthropic_key"),
    ("AIza" + "SyA1" * 8 + "abc", "SyA1SyA1SyA1", "google_api_key"),
    ("SK" + "0123456789abcdef" * 2, "0123456789abcdef" * 2, "twilio_key"),
    ("hf_" + "AbCdEfGhIj" * 3 + "Klmn", "AbCdEfGhIj" * 3, "huggingface_token"),
    ("password=hunter2x", "hunter2x", "password"),
    ('{"client_secret": "abc def"}', "abc def", "secret"),
    ("my password is Tr0ub4dor&3", "Tr0ub4dor&3", "password"),
    ("https://admin:s3cr3t@db.internal/x", "s3cr3t", "url_userinfo"),
    ("REDIS_URL=redis://:Zq3v9Xw2Lp8Rt6Yh@redis.internal:6379/0", "Zq3v9Xw2Lp8Rt6Yh", "url_userinfo"),  # no user
    ("Hi, my name is Maria Gonzalez and", "Maria Gonzalez", "name"),
    ("Thanks,\nIngrid Lindqvist\nCTO", "Ingrid Lindqvist", "name"),
    ("ship to 221 Baker Street, Apt 4 today", "221 Baker", "address"),
    ("Adresse: Hauptstraße 12, Berlin", "Hauptstraße 12", "address"),
    # a street suffix ending the text, a JSON string, a clause or a question
    ("deliver it at 12 Oak Street", "12 Oak", "address"),
    ('{"note": "my home is 12 Oak Street"}', "12 Oak", "address"),
    ("I am at 12 Oak Street; ring twice", "12 Oak", "address"),
    ("is it 40 Elm Road? yes", "40 Elm", "address"),
    # a sign-off on the same line as the name, ending the text or the JSON string
    ("it broke again. Thanks, Jane", "Jane", "name"),
    # a sign-off's words before its comma, a rare name after "Thanks," (StackOverflow NER's posts)
    ("Any suggestions? Thanks in advance,\nChris M.", "Chris", "name"),
    ("Player3 ____playerScore3\nThank you for your help,\nHarry.", "Harry", "name"),
    ("how to concatenate a column value from multiple case queries? Thanks, Laziale", "Laziale", "name"),
    # a form's comment that starts with the one replied to (the Broad Twitter Corpus' comments posted as forms)
    ("comment=%40Anal_coleey+its+less+than+an+hour&thread=109", "Anal_coleey", "handle"),
    ('{"content": "Regards, Priya"}', "Priya", "name"),
    ("Cheers, Bob!\nPS: the logs", "Bob", "name"),
    # typed in lower case after a strong cue: a known given name, and a known surname after it
    ("hi my name is john smith and my order is late", "john smith", "name"),
    ('{"first_name": "jane", "last_name": "doe"}', "jane", "name"),
    # dates of birth and id numbers by their field's name, in JSON and in prose
    ('{"dob": "1987-04-12"}', "1987-04-12", "dob"),
    ("my date of birth is April 4, 1987.", "1987", "dob"),
    ('{"passport_number": "X1234567", "national_id": "AB123456C"}', "X1234567", "gov_id"),
    ('{"drivers_license": "D1234-56789", "license": "Apache-2.0"}', "D1234-56789", "gov_id"),
    # emails spelled out so that scrapers miss them
    ("contact me at jane.doe at gmail dot com please", "jane.doe at gmail", "email"),
    ("my email is jane[at]example[dot]org", "jane[at]example", "email"),
    ("reach me: bob (at) corp (dot) io", "bob (at) corp", "email"),
    ("email: jane @ gmail . com", "jane @ gmail", "email"),
    # read out in a call: a local part's dots said, and the words of other languages for "at" and "dot"
    ("Customer: Sure, l-o-r-e-t-t-a dot v-b at gmail dot com.", "l-o-r-e-t-t-a", "email"),
    ("mi correo es m punto lopez arroba gmail punto com.", "lopez", "email"),
    ("mon adresse mail c'est c point dupuis arobase orange point fr.", "dupuis", "email"),
    ("Meine E-Mail ist k punkt weber at gmx punkt de, danke", "weber", "email"),
    # "Surname, Given", lists after a cue, a hyphenated given name, a one-character CJK given name
    ("Patient: Müller, Hans\nWard 4", "Hans", "name"),
    # "Surname, Given" where the surname is no given name anywhere (a medical document's header)
    ("Patient: Whitfield, Jane\nDOB: 03/12/1984", "Whitfield", "name"),
    ("Name: GARCIA, Maria", "Maria", "name"),
    ("cc Keshia Wendholm and Torquato Zacco", "Torquato Zacco", "name"),
    ("Attendees: Amy te Feldhoff, Bob Stone, and me.", "te Feldhoff", "name"),
    ("The account belongs to Waida Tank, not to him.", "Waida Tank", "name"),
    ("I spoke with Jean-Luc Picard yesterday", "Picard", "name"),
    ("我叫云 张，订单有问题。", "云 张", "name"),
    # a LinkedIn page's handle in a CV's header or a signature
    ("Berlin | +49 151 23456789 | linkedin.com/in/janedoe42", "janedoe42", "profile"),
    ("see https://www.linkedin.com/in/jane-doe-5b1a2c3/ for more.", "jane-doe-5b1a2c3", "profile"),
    # a CV's code host and social pages: the one segment after the host
    ("lives in Johannesburg, github.com/thabomokoena.", "thabomokoena", "profile"),
    ("Twitter: https://x.com/jdoe_writes", "jdoe_writes", "profile"),
    ('{"profileurl": "https://steamcommunity.com/id/robinwalker/"}', "robinwalker", "profile"),  # a player's page
    # a social handle: a retweet's, a reply's, a mention's; a Reddit user's
    ("RT @mcgregor_ewan: Was going on the show", "mcgregor_ewan", "handle"),
    ("@SarahKlein thats no help", "SarahKlein", "handle"),
    ("great talk by @stephenjeske today", "stephenjeske", "handle"),
    ("Hey u/nicklovettnz, nice picture", "nicklovettnz", "profile"),
    # introductions in more languages, and in scripts without capitals (the words after the cue)
    ("Hej, jag heter Rodher Stenbeck och bor i Hede.", "Rodher Stenbeck", "name"),
    ("Merhaba, benim adım Seyhun Akyüz. Siparişim gelmedi.", "Seyhun Akyüz", "name"),
    ("नमस्ते, मेरा नाम राकेश कुमार है। मेरा ऑर्डर नहीं आया।", "राकेश कुमार", "name"),
    ("मेरा नाम महेन्द्रा डी’सोउज़ा है।", "सोउज़ा", "name"),
    ("مرحبا، اسمي آدم السعود وعنواني في الرياض", "آدم السعود", "name"),
    ('{"requester": {"name": "राकेश कुमार", "email": "r.kumar@rediffmail.com"}}', "राकेश कुमार", "name"),
    ("こんにちは。私の名前は荷川取かんなです。", "荷川取かんな", "name"),
    # a person beside goods: a function word or a possessive between them
    ("I gave Anna Weber a bag for the trip", "Anna Weber", "name"),
    ("Paul Smith's jacket was stolen from the cloakroom", "Paul Smith", "name"),
    # national ids by their own checks, with no word naming them
    ('{"type": "DNI", "value": "62269391L"}', "62269391L", "gov_id"),
    ("Segue o documento 549.909.514-09 para a nota", "549.909.514-09", "gov_id"),
]


@pytest.mark.parametrize(("text", "secret", "kind"), FOUND, ids=[f[2] + str(i) for i, f in enumerate(FOUND)])
def test_found_and_replaced(r: Redactor, text: str, secret: str, kind: str) -> None:
    out, counts = r.text(text)
    assert secret not in out
    assert counts[kind] >= 1, counts
    assert r.text(out)[0] == out  # a pseudonym is not found again


KEPT = [
    "id 550e8400-e29b-41d4-a716-446655440000 trace 4bf92f3577b34da6a3ce929d0e0e4736",
    "at 2024-05-01T10:30:00Z or 1714559400 or 1714559400123 on 05/01/2024",
    "version 1.2.3, v2.10.0, build 10.0.19045.2965, version 4.2.1.0 and Chrome/120.0.6099.109",
    "sha 3f786850e387550fdab836ed7e6dc881de23001b short 3f78685 sha256 " + "ab" * 32,
    'etag W/"5e15153d-120f" price $1,299.99 or €49.90, 19.99 USD, 1234.56',
    "model gpt-4o-mini, claude-3-5-sonnet-20241022, product Galaxy S24 Ultra",
    "ORD-2024-000123, order #84629173, ISBN 978-3-16-148410-0, SKU-CR16H751",
    '{"max_tokens": 512, "token_count": 3, "next_page_token": "abc", "name": "get_weather"}',
    "Please summarize the quarterly revenue report and explain the retry policy.",
    "server at http://10.0.0.5:8080/health and localhost 127.0.0.1",
    "Thanks, Team. Thanks, everyone. thanks, Google",
    "Contact: Support, Jane\nFrom: Tuesday, March",  # an ordinary word or a day before a given name is no surname
    "Thanks for the help with\nPython and pip; thanks again for the\nDocker image",
    "Oak Street is closed; the Street. The shipping address is wrong, the street is closed.",
    "my name is not important, call me back tomorrow, a file named report",
    '{"nationality": "French", "tax_rate": 0.2, "insurance": "basic", "dob": "1900-01-01"}',
    "https://github.com/psf/requests/issues/12, github.com/features, api.github.com/users/x, dropbox.com/abc",
    "look at example dot com for details; price is $12.99 at walmart dot com; we met at noon dot",
    "der Punkt at home punkt de; it was at this point in time; la entrega arroba; good point. Then at google dot",
    "belongs to Google, not Apple; assigned to Engineering and QA; cc: the team",
    'a[city]=Costa Brava&b=1 and {"city": "Biała Rawska"}, offices in Sydney NSW and Fitzroy VIC',
    # brands named after their founders, by the goods after them or the field they are in
    "Order 56937 - Ben Sherman Classic Polo; the Ted Baker running jacket is back; Kate Spade crossbody bag",
    "Order 65467 - Hugo Boss Classic Polo",
    '{"vendor": "Ted Baker", "Product Name": "Michael Kors wool scarf", "restaurant": "Casa Lucia"}',
    # at-words of code and chat that are no one's handle; firms' and sites' handles
    "@Override\npublic void run() {}\n  @property\n  def x(self): @app.route('/') @media screen {",
    "import {Component} from '@angular/core'; /** @param x the value @returns y */ ping @everyone and @here",
    "news from @CBSSports and @BBC, article via @quora; menu/x and gnu/linux",
    # a log line's fields as Logstash writes them
    '{"@timestamp": "2024-05-01T10:00:00Z", "@version": "1", "@metadata": {"beat": "filebeat"}, "message": "ok"}',
    # annotations in prose about code: a known one, and any capitalised "@Word" beside one (StackOverflow NER's posts)
    "enable a component (e.g., @Service, etc.), a @Configuration class, or @Bean method; is @staticmethod needed?",
    "The reason that @IfProfileValue has nothing to do with @Profile or @ActiveProfiles is history.",
    # software named as people are: Apache's projects
    "the easiest way is to add the Apache Cordova plugin or to start Apache Felix this way",
]


@pytest.mark.parametrize("text", KEPT)
def test_kept(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert out == text, counts


def test_decoded_before_detecting_and_reencoded(r: Redactor) -> None:
    out, _ = r.text('{"note": "write to jo\\u0040mail.com"}')
    assert "jo\\u0040mail.com" not in out and json.loads(out)["note"].endswith("@example.invalid")
    out, _ = r.text("email=jo%40mail.com&x=1")
    assert re.fullmatch(r"email=user-[0-9a-f]{10}%40example\.invalid&x=1", out)
    out, _ = r.text("<p>jo&#64;mail.com</p>")
    assert "mail.com" not in out
    inner = base64.b64encode(b'{"user": "jo@mail.com"}').decode()
    out, _ = r.text(f"state={inner}")
    assert b"jo@mail.com" not in base64.b64decode(out[6:]) and b"example.invalid" in base64.b64decode(out[6:])
    pem = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\nabcd\\n-----END RSA PRIVATE KEY-----"
    out, counts = r.text(json.dumps({"cfg": pem.replace("\\n", "\n")}))
    assert counts["private_key"] == 1 and "MIIEow" not in out and json.loads(out)["cfg"].count("\n") == 2


def test_pseudonyms_keep_their_format(r: Redactor) -> None:
    email = r.text("a jo@mail.com b")[0].split()[1]
    assert re.fullmatch(r"user-[0-9a-f]{10}@example\.invalid", email)
    card = r.text("c 4111-1111-1111-1111 d")[0].split()[1]
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", card) and luhn_ok(card.replace("-", ""))
    phone = r.text("call +44 20 7946 0958 now")[0][5:-4]
    assert re.fullmatch(r"\+44 \d\d \d{4} \d{4}", phone)
    assert phonenumbers.parse(phone).country_code == 44
    iban = r.text("x DE89370400440532013000 y")[0].split()[1]
    num = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    assert iban[:2] == "DE" and len(iban) == 22 and int(num) % 97 == 1
    jwt = r.text("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl")[0]
    head = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))
    assert jwt.count(".") == 2 and head["alg"] == "none"
    key = r.text("ghp_" + "aZ9q" * 9)[0]
    assert re.fullmatch(r"ghp_REDACTED[A-Za-z0-9]{28}", key)
    ssn = r.text("ssn 123-45-6789")[0][4:]
    assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", ssn)


def test_same_value_same_pseudonym_and_key_decides() -> None:
    a, b = Redactor(key=b"one"), Redactor(key=b"one")
    assert a.text("x JO@mail.com")[0] == b.text("x jo@mail.com")[0]
    assert a.text("x jo@mail.com")[0] != Redactor(key=b"two").text("x jo@mail.com")[0]
    # one phone number written two ways keeps one pseudonym number
    one, two = a.text("+1 415-555-2671")[0], a.text("(415) 555-2671")[0]
    assert re.sub(r"\D", "", one)[1:] == re.sub(r"\D", "", two)


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLAY_REDACT_KEY", "a shared secret of 16 bytes or more")
    assert Redactor().text("x jo@mail.com")[0] == Redactor().text("x jo@mail.com")[0]
    monkeypatch.delenv("REPLAY_REDACT_KEY")
    assert Redactor().text("x jo@mail.com")[0] != Redactor().text("x jo@mail.com")[0]


def test_a_key_that_is_not_utf8_is_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """REPLAY_REDACT_KEY's bytes as set (a str of them would not encode: a traceback, before)."""
    monkeypatch.setenv("REPLAY_REDACT_KEY", "\udcff\udcfe" * 8)  # the bytes ff fe, as os.environ holds them
    assert Redactor().text("x jo@mail.com")[0] == Redactor(key=b"\xff\xfe" * 8).text("x jo@mail.com")[0]


@pytest.mark.parametrize("key", ["abc", "15 bytes of key"])
def test_a_short_key_is_refused(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    """A key of a few bytes is found by trying them all, and every pseudonym with it: refused, saying how
    to make one; an empty or blank one too (it was read as no key: one made per redactor)."""
    monkeypatch.setenv("REPLAY_REDACT_KEY", key)
    with pytest.raises(BadInput, match=rf"REPLAY_REDACT_KEY: {len(key)} bytes.*secrets.token_hex\(32\)"):
        Redactor()
    for blank in ("", " " * 40, "\t\n"):
        monkeypatch.setenv("REPLAY_REDACT_KEY", blank)
        with pytest.raises(BadInput, match=r"REPLAY_REDACT_KEY is set but empty or blank.*token_hex\(32\)"):
            Redactor()


@pytest.mark.parametrize(
    ("text", "address"),
    [  # a paper's first page as a PDF's text gives it (grobid_dev.jsonl): a line broken in an address
        ("E-mail:\nuser@example.net and\np.hewins@\nbham.ac.uk\nCrown Copyright", "p.hewins@\nbham.ac.uk"),
        (
            "University of Manchester,\nUK\npaul.thompson@manchester.\nac.uk\nAbstract",
            "paul.thompson@manchester.\nac.uk",
        ),
        ("Chapel Hill, NC 27599-3175 USA\n{stone, jeffay}@cs.unc.edu\nJuly 1994", "{stone, jeffay}@cs.unc.edu"),
    ],
)
def test_a_papers_addresses_broken_or_shared(r: Redactor, text: str, address: str) -> None:
    out, found = r.text(text)
    assert address not in out and found["email"] >= 1, out
    assert out.endswith(text[text.index(address) + len(address) :]), out


_KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
    "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    ("text", "gone"),
    [  # each took minutes (longer than the suite's timeout) while a finder read from each of its cues to the
        # text's end, or each name's places from each of them: a text is read in one pass
        pytest.param("Mr. Okonkwo said hello. " * 2700, "Okonkwo", id="a name again"),
        pytest.param(
            json.dumps({"content": json.dumps([{"name": "Jane Whitfield", "id": i} for i in range(6000)])}),
            "Whitfield",
            id="quoted names in a JSON string",
        ),
        pytest.param("ping @Whitfield about it. " * 16000, "@Whitfield", id="handles"),
        pytest.param("PER*IC*JANE*TE*6175551234~" * 9000, "JANE", id="X12 contacts"),
        pytest.param("FASTER PAYMENT FROM " * 45000 + "FASTER PAYMENT FROM DANIEL OKORO\n", "OKORO", id="statements"),
        pytest.param("{" + '"name": "Jo", "id": 7, ' * 45000 + '"email": "jo@example.com"}', "jo@", id="a name field"),
        pytest.param("card " * 70000 + "card number 4111 1111 1111 1111", "4111 1111", id="said"),
        pytest.param("-----BEGIN PRIVATE KEY-----" * 27000 + _KEY, "MIIEvQIBADANBgkqhkiG9w0", id="keys with no end"),
        pytest.param("Surname, Given" * 40000 + "\nname,email\nAna Lima,ana@x.pt", "ana@x.pt", id="a long table row"),
        pytest.param("id\tn\n" + "123456789\t" * 190_000 + "\nmail ana@x.pt", "ana@x.pt", id="a long row of cells"),
        pytest.param(
            "oh seven seven double " * 6400 + "call me on oh seven seven double oh nine one two three four five",
            "nine one two three four five",
            id="digits read out",
        ),
    ],
)
def test_a_long_text_repeating_one_shape_is_redacted_in_one_pass(r: Redactor, text: str, gone: str) -> None:
    out = r.text(text)[0]
    assert gone not in out, out[-300:]
