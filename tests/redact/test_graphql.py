"""A GraphQL request's variables read under the arguments they feed: a variable named apart from its argument
(``login(password: $p)``) is that argument's value; the body's formatting and other variables stay."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor

SECRET = "hunter2Secret!"
LOGIN = "mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"


def _post(r: Redactor, text: str) -> tuple[str, dict[str, int]]:
    """The redacted body and the counts of a GraphQL POST of ``text``."""
    body = Body(text, "utf8", len(text.encode()))
    req = Request("POST", "https://api.example.com/graphql", [("content-type", "application/json")], body)
    ex = r.redact(Exchange("e1", req, Timings(0.0)))
    assert ex.request.body is not None
    return ex.request.body.text, ex.redactions


def test_a_variable_is_read_under_its_arguments_name(r: Redactor) -> None:
    out, found = _post(
        r, json.dumps({"query": LOGIN, "variables": {"e": "jane.w@corp.example", "p": SECRET}}, indent=2)
    )
    doc = json.loads(out)
    assert SECRET not in out and doc["variables"]["p"].startswith("redacted-") and found["password"] == 1
    assert doc["query"] == LOGIN  # the operation as written: "$p" is no password
    assert out.startswith('{\n  "query": ')  # formatting kept


def test_an_input_objects_fields_and_a_batch(r: Redactor) -> None:
    token, uuid = "Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js", "5f8e2a1c-3b4d-4e6f-9a8b-7c6d5e4f3a2b"
    signup = "mutation($a: String!, $b: String!) { signUp(input: {firstName: $a, lastName: $b}) { id } }"
    batch = [
        {"query": signup, "variables": {"a": "Jane", "b": "Whitfield"}},
        {"query": "mutation($t: String!) { verify(token: $t) }", "variables": {"t": token}},
        {
            "query": "query($id: ID!, $q: String) { user(id: $id, search: $q) { name } }",
            "variables": {"id": uuid, "q": "x"},
        },
    ]
    out, found = _post(r, json.dumps(batch))
    assert "Whitfield" not in out and token not in out and found["name"] == 2 and found["token"] == 1
    assert json.loads(out)[2] == batch[2]  # an id and a search: names that tell nothing of a secret


def test_a_variable_written_with_other_escapes_is_still_read(r: Redactor) -> None:
    doc = {"query": "mutation($x: String!) { setPassword(newPassword: $x) }", "variables": {"x": "café" + SECRET}}
    out, _ = _post(r, json.dumps(doc, ensure_ascii=True))  # "caf\\u00e9…": orjson writes it as "café…"
    assert SECRET not in out and json.loads(out)["variables"]["x"].startswith("redacted-")


def _sent(r: Redactor, url: str, form: str | None = None) -> tuple[Exchange, dict[str, int]]:
    body = None if form is None else Body(form, "utf8", len(form.encode()))
    headers = [] if form is None else [("content-type", "application/x-www-form-urlencoded")]
    ex = r.redact(Exchange("e1", Request("GET" if form is None else "POST", url, headers, body), Timings(0.0)))
    return ex, ex.redactions


def test_a_get_and_a_forms_variables_are_read_under_their_arguments_names(r: Redactor) -> None:
    fields = urlencode({"query": LOGIN, "variables": json.dumps({"e": "jane.w@corp.example", "p": SECRET})})
    ex, found = _sent(r, "https://api.example.com/graphql?" + fields)
    query = parse_qs(urlsplit(ex.request.url).query)
    assert SECRET not in unquote_plus(ex.request.url) and found["password"] == 1
    assert json.loads(query["variables"][0])["p"].startswith("redacted-") and query["query"] == [LOGIN]
    ex, found = _sent(r, "https://api.example.com/graphql", fields)
    assert ex.request.body is not None and SECRET not in unquote_plus(ex.request.body.text)
    assert found["password"] == 1


def test_a_get_whose_variables_tell_nothing_is_left_as_sent(r: Redactor) -> None:
    url = "https://api.example.com/graphql?" + urlencode(
        {
            "query": "query($id: ID!, $n: Int) { order(id: $id, first: $n) { total } }",
            "variables": '{"id":"A-17","n":3}',
        }
    )
    assert _sent(r, url)[0].request.url == url
