"""A form's or a query's fields read under their names: an array's index and a numbered copy of a telling
name still say what the value is, in the body and in the URL."""

from __future__ import annotations

from urllib.parse import quote_plus, unquote_plus

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor

SECRET = "hunter0x"


def _form(r: Redactor, text: str) -> tuple[str, str]:
    """The redacted body and query of a POST carrying ``text`` as both."""
    body = Body(text, "utf8", len(text.encode()))
    req = Request(
        "POST", f"https://app.example/login?{text}", [("content-type", "application/x-www-form-urlencoded")], body
    )
    ex = r.redact(Exchange("e1", req, Timings(0.0)))
    assert ex.request.body is not None
    return ex.request.body.text, ex.request.url.partition("?")[2]


@pytest.mark.parametrize(
    "name", ["password[]", "password[0]", "user[password][0]", "passwords[1]", "password0", "password_0", "api_key_2"]
)
def test_an_index_or_a_number_on_a_telling_name_is_still_read(r: Redactor, name: str) -> None:
    for text in _form(r, f"{name}={SECRET}&remember=on"):
        assert SECRET not in text and text.startswith(f"{name}=redacted-") and text.endswith("&remember=on"), text


def test_a_name_s_parts_by_the_pair_they_come_in(r: Redactor) -> None:
    # a FHIR search's "family=…&given=…": neither names a person alone
    body, query = _form(r, "family=Vandersloot&given=Clothilde&birthdate=ge1960")
    assert "Vandersloot" not in query and "Clothilde" not in query and "Vandersloot" not in body, query
    _, kept = _form(r, "family=Roboto&weight=700&first=10")
    assert kept == "family=Roboto&weight=700&first=10"


@pytest.mark.parametrize(
    ("text", "given", "family"),
    [
        # a given name's short field beside any surname's field, and a surname's short one beside a given name's
        ("given=Clothilde&surname=Vandersloot&year=1902", "Clothilde", "Vandersloot"),
        ("first=Clothilde&lastname=Vandersloot&city=Leeds", "Clothilde", "Vandersloot"),
        ("forename=Clothilde&last=Vandersloot", "Clothilde", "Vandersloot"),
        ("fn=Clothilde&last_name=Vandersloot", "Clothilde", "Vandersloot"),
    ],
)
def test_a_name_split_over_two_fields_of_different_words(r: Redactor, text: str, given: str, family: str) -> None:
    for out in _form(r, text):
        assert given not in out and family not in out, out


@pytest.mark.parametrize("text", ["first=20&last=40&sort=name", "given=true&surname=", "first=1&lastname=2"])
def test_paging_and_flags_under_name_part_words_are_kept(r: Redactor, text: str) -> None:
    assert _form(r, text) == (text, text)


def test_numbered_names_that_tell_nothing_are_kept(r: Redactor) -> None:
    assert _form(r, "page2=3&id0=x&[0]=2&x[]=1") == ("page2=3&id0=x&[0]=2&x[]=1",) * 2


def test_a_value_part_is_read_under_the_name_before_its_brackets(r: Redactor) -> None:
    # an object's "value" under the secret's own name (an Okta-style newPassword[value]), not under another part
    for text in _form(r, f"newPassword[value]={SECRET}&newPassword[hash][salt]=x"):
        assert SECRET not in text and text.startswith("newPassword[value]=redacted-"), text


@pytest.mark.parametrize(
    "text",
    [
        "key=-----BEGIN PRIVATE KEY-----%22%0D%0A-0",  # a key's header whose replacement runs past its value's quotes
        "password=-----BEGIN PRIVATE KEY-----%22%7D%2C%7B%22a&token=x",  # … and into the next field's object
    ],
)
def test_a_value_whose_redaction_breaks_the_fields_probe_is_a_secret_whole(r: Redactor, text: str) -> None:
    # Found by H99's fuzzing of hostile bodies: an exception, so the exchange was dropped (capture) or a traceback
    body, query = _form(r, text)
    assert "BEGIN PRIVATE KEY" not in body and "BEGIN PRIVATE KEY" not in query
    assert body == query and body.split("=")[1].startswith("redacted-")


def test_a_url_in_a_query_value_has_its_own_query_read_by_names(r: Redactor) -> None:
    # an analytics pixel's page ("dl", "url") is a whole URL encoded once more: its fields are the page's own
    page = "https%3A%2F%2Fshop.example%2Fthanks%3Forder%3D8812%26email%3Dludovica.f%2540libero.it"
    page += "%26first_name%3DLudovica"
    for text in _form(r, f"ev=Purchase&dl={page}&cd%5Bvalue%5D=79.00"):
        assert "ludovica.f" not in text and "Ludovica" not in text, text
        assert text.startswith("ev=Purchase&dl=https%3A%2F%2Fshop.example%2Fthanks%3Forder%3D8812%26email%3D"), text
        assert text.endswith("&cd%5Bvalue%5D=79.00"), text
    kept = "next=https%3A%2F%2Fdocs.example%2Fsearch%3Fq%3Dretry%26page%3D2&lang=en"
    assert _form(r, kept) == (kept, kept)  # a nested URL with nothing in it is written as it came


def test_a_json_object_in_a_field_is_read_by_its_own_keys(r: Redactor) -> None:
    # Jumio's callback: "idAddress" held JSON, which the address's pseudonym rewrote whole (its keys, an escape's
    # digits: "K\u00f6ln" became "K\u62f9ln")
    raw = '{"line1": "Lindenstr. 9", "city": "K\\u00f6ln", "postalCode": "50674"}'
    body, query = _form(r, "idType=PASSPORT&idAddress=" + quote_plus(raw))
    for text in (unquote_plus(body), unquote_plus(query)):
        assert "Lindenstr" not in text and '"city": "K\\u00f6ln"' in text and '{"line1": "' in text, text
