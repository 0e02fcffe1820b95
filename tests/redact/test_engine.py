"""Whole exchanges: which part gets which rule, and every body comes out in its own format."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qsl

import pytest

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact import Policy, Redactor


def _ex(
    url: str = "https://api.internal/v1/x",
    headers=(),
    body: str | None = None,
    ctype: str = "application/json",
    resp=None,
) -> Exchange:  # type: ignore[no-untyped-def]
    hdrs = [("content-type", ctype), *headers]
    req = Request("POST", url, hdrs, Body(body, "utf8", len(body.encode())) if body is not None else None)
    return Exchange("e1", req, Timings(0.0), response=resp)


def test_headers(r: Redactor) -> None:
    basic = base64.b64encode(b"jo@mail.com:hunter2").decode()
    ex = _ex(
        headers=[
            ("Authorization", f"Basic {basic}"),
            ("Cookie", "sessionid=8f14e45fceea167a5a36dedd4bea2543; theme=dark; lang=en"),
            ("X-Forwarded-For", "81.2.69.160, 10.1.2.3:443"),
            ("X-Api-Key", "opaque-value-1"),
            ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ("User-Agent", "Mozilla/5.0 Chrome/120.0.6099.109"),
        ],
        resp=Response(200, [("Set-Cookie", "session=abcdef0123456789ABCDEF; Path=/; HttpOnly")]),
    )
    r.redact(ex)
    h = dict(ex.request.headers)
    user, _, pw = base64.b64decode(h["Authorization"].split()[1]).decode().partition(":")
    assert user.endswith("@example.invalid") and pw.startswith("redacted-")
    assert "8f14e45f" not in h["Cookie"] and "theme=dark; lang=en" in h["Cookie"]
    assert "81.2.69.160" not in h["X-Forwarded-For"] and "10.1.2.3" not in h["X-Forwarded-For"]
    assert h["X-Forwarded-For"].endswith(":443") and h["X-Api-Key"].startswith("redacted-")
    assert h["traceparent"].startswith("00-4bf92f35") and h["User-Agent"].endswith("120.0.6099.109")
    assert ex.response is not None
    assert ex.response.headers[0][1].endswith("; Path=/; HttpOnly") and "abcdef0123" not in ex.response.headers[0][1]
    assert ex.redactions == {"basic_auth": 1, "cookie": 2, "ip": 2, "header": 1}


def test_bearer_keeps_scheme_and_token_shape(r: Redactor) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl"
    ex = r.redact(_ex(headers=[("authorization", f"Bearer {jwt}")]))
    value = dict(ex.request.headers)["authorization"]
    assert value.startswith("Bearer eyJ") and value.count(".") == 2 and jwt not in value
    assert ex.redactions == {"jwt": 1}


def test_url_path_query_userinfo(r: Redactor) -> None:
    ex = r.redact(
        _ex(url="https://bob:pa55@h.internal/users/jo%40mail.com/orders?api_key=abc123xyz&limit=50&q=hello+world")
    )
    url = ex.request.url
    assert "bob" not in url and "pa55" not in url and "jo%40mail.com" not in url and "abc123xyz" not in url
    assert (
        url.startswith("https://user-")
        and "/orders?api_key=redacted-" in url
        and url.endswith("&limit=50&q=hello+world")
    )


def test_form_stays_a_form(r: Redactor) -> None:
    ex = r.redact(
        _ex(body="username=jo%40mail.com&password=p%40ss+w0rd&remember=on", ctype="application/x-www-form-urlencoded")
    )
    assert ex.request.body is not None
    pairs = dict(parse_qsl(ex.request.body.text, strict_parsing=True))
    assert pairs["username"].endswith("@example.invalid") and pairs["password"].startswith("redacted-")
    assert pairs["remember"] == "on" and ex.request.body.size == len(ex.request.body.text)


def test_json_stays_valid_and_nested_json_is_redacted(r: Redactor) -> None:
    args = json.dumps({"email": "jo@mail.com", "password": "hunter2x", "city": "Paris"})
    body = json.dumps(
        {"tool_calls": [{"function": {"name": "get_weather", "arguments": args}}], "card": 4111111111111111, "cvc": 123}
    )
    ex = r.redact(_ex(body=body))
    assert ex.request.body is not None
    doc = json.loads(ex.request.body.text)
    inner = json.loads(doc["tool_calls"][0]["function"]["arguments"])
    assert (
        inner["email"].endswith("@example.invalid")
        and inner["password"].startswith("redacted-")
        and inner["city"] == "Paris"
    )
    assert doc["tool_calls"][0]["function"]["name"] == "get_weather"
    assert isinstance(doc["card"], int) and doc["card"] != 4111111111111111 and doc["cvc"] == 999


def test_invalid_json_is_scanned_as_text_and_noted(r: Redactor) -> None:
    ex = r.redact(_ex(body='{"email": "jo@mail.com", "truncated'))
    assert ex.request.body is not None and "jo@mail.com" not in ex.request.body.text
    assert ex.meta["redact_notes"] == ["request body is not valid JSON: scanned as text"]


def test_sse_keeps_framing_and_joins_split_values(r: Redactor) -> None:
    toks = ["Write", " to", " jo", ".doe", "@", "mail", ".com", " or", " +1 415", "-555-", "2671", "."]
    sse = "".join(f"event: delta\ndata: {json.dumps({'delta': {'text': t}})}\n\n" for t in toks) + "data: [DONE]\n\n"
    resp = Response(200, [("content-type", "text/event-stream")], Body(sse, "utf8", len(sse)))
    ex = r.redact(_ex(resp=resp))
    assert ex.response is not None and ex.response.body is not None
    out = ex.response.body.text
    assert out.count("event: delta\ndata: ") == len(toks) and out.endswith("data: [DONE]\n\n")
    text = "".join(json.loads(line[6:])["delta"]["text"] for line in out.splitlines() if line.startswith("data: {"))
    assert "jo.doe" not in text and "@example.invalid" in text and "415" not in text
    assert ex.redactions == {"email": 1, "phone": 1}


def test_a_responses_stream_joins_each_kind_of_delta_apart(r: Redactor) -> None:
    """OpenAI Responses events keep every kind of delta at "delta": text pieces join with text pieces (an
    email split over two events is found), a function call's argument pieces with theirs, never across."""

    def ev(kind: str, delta: str) -> str:
        return f"event: {kind}\ndata: {json.dumps({'type': kind, 'output_index': 0, 'delta': delta})}\n\n"

    text, args = "response.output_text.delta", "response.function_call_arguments.delta"
    sse = ev(text, "Mail jo.doe@") + ev(args, '{"q": "mail') + ev(text, "mail.com please") + ev(args, '.com"}')
    resp = Response(200, [("content-type", "text/event-stream")], Body(sse, "utf8", len(sse)))
    ex = r.redact(_ex(resp=resp))
    assert ex.response is not None and ex.response.body is not None
    out = [json.loads(line[6:]) for line in ex.response.body.text.splitlines() if line.startswith("data: ")]
    said = "".join(e["delta"] for e in out if e["type"] == text)
    assert "jo.doe" not in said and said.endswith("@example.invalid please") and ex.redactions == {"email": 1}
    assert "".join(e["delta"] for e in out if e["type"] == args) == '{"q": "mail.com"}'


def test_multipart_parts(r: Redactor) -> None:
    b = "XyZ"
    body = (
        f'--{b}\r\nContent-Disposition: form-data; name="password"\r\n\r\nhunter2\r\n'
        f'--{b}\r\nContent-Disposition: form-data; name="bio"\r\n\r\nmail jo@mail.com\r\n--{b}--\r\n'
    )
    ex = r.redact(_ex(body=body, ctype=f"multipart/form-data; boundary={b}"))
    assert ex.request.body is not None
    text = ex.request.body.text
    assert "hunter2" not in text and "jo@mail.com" not in text and text.endswith(f"--{b}--\r\n")
    assert text.count(f"--{b}\r\n") == 2


@pytest.mark.parametrize("mode", ["drop", "hash"])
def test_binary_bodies_are_never_written(mode: str) -> None:
    r = Redactor(key=b"k", policy=Policy(binary=mode))
    raw = b"\x89PNG\x00\xff jo@mail.com"
    resp = Response(200, [("content-type", "image/png")], Body.from_bytes(raw))
    ex = r.redact(_ex(resp=resp))
    assert ex.response is not None and ex.response.body is not None
    assert ex.response.body.text == "" and ex.response.body.truncated and ex.response.body.size == len(raw)
    assert ex.redactions == {"binary_body": 1}
    note = ex.meta["binary_bodies"]["response"]
    assert note == "dropped" if mode == "drop" else note.startswith("hmac-sha256:")
    assert r.findings(ex) == {}  # and it stays that way


def test_json_that_raw_text_redaction_would_break_is_walked_instead() -> None:
    # A policy regex spanning two JSON strings would break the document: the engine redoes the
    # body by parse-walk-dump, where each string is redacted alone.
    r = Redactor(key=b"k", policy=Policy(rules=(("odd", re.compile(r'1", "b')),)))
    ex = r.redact(_ex(body='{"a": "x1", "b": "y", "password": "hunter2x", "n": [1, 2]}'))
    assert ex.request.body is not None
    doc = json.loads(ex.request.body.text)
    assert doc["a"] == "x1" and doc["n"] == [1, 2] and doc["password"].startswith("redacted-")
    assert ex.redactions == {"password": 1}


def test_a_mails_id_headers_are_kept(r: Redactor) -> None:
    ids = [("Message-ID", "<CAF=3Dx8k2@mail.gmail.com>"), ("X-SES-Message-ID", "<0100018f@email.amazonses.com>")]
    ex = _ex(headers=[*ids, ("In-Reply-To", "<q1@mx.example.org>"), ("From", "ann@example.org")])
    found = r.findings(ex)
    h = dict(ex.request.headers)
    assert (
        h["Message-ID"] == ids[0][1]
        and h["X-SES-Message-ID"] == ids[1][1]
        and h["In-Reply-To"] == "<q1@mx.example.org>"
    )
    assert "ann@" not in h["From"] and found["email"] == 1


_TOKENS = ["Write", " to", " jane", ".doe", "@", "gmail", ".com", " today", "."]
_SIGNATURE = (
    "ErUBCkYIBxgCIkB3w7PqY8qjqL2Ow6oB8Gv5ZqgXq0p9oJm3c5kQ0pYfLq7VdR6h9w1zZ7a3HkXbE9zqsEgwUrR+qOZ7kWz1cPqCEgzLr3"
)


def _logprobs(tokens: list[str]) -> dict:
    entry = lambda t: {"token": t, "logprob": -0.1, "bytes": list(t.encode())}  # noqa: E731
    return {"content": [entry(t) | {"top_logprobs": [entry(t)]} for t in tokens], "refusal": None}


@pytest.mark.parametrize("stream", [False, True])
def test_logprob_tokens_are_the_answer_redacted_as_its_text(r: Redactor, stream: bool) -> None:
    """A logprob's token is a piece of the answer, not a credential named "token": kept, but the answer
    they spell together is redacted in them, their bytes and their alternatives (an email over 5 tokens)."""
    if stream:
        chunk = lambda t: {"choices": [{"index": 0, "delta": {"content": t}, "logprobs": _logprobs([t])}]}  # noqa: E731
        text, ctype = (
            "".join(f"data: {json.dumps(chunk(t))}\n\n" for t in _TOKENS) + "data: [DONE]\n\n",
            "text/event-stream",
        )
    else:
        answer = {"message": {"role": "assistant", "content": "".join(_TOKENS)}, "logprobs": _logprobs(_TOKENS)}
        text, ctype = json.dumps({"choices": [{"index": 0, **answer}]}), "application/json"
    out = r.redact(_ex(body=text, ctype=ctype)).request.body.text
    assert "jane" not in out and "gmail" not in out and "106, 97, 110, 101" not in out.replace("[", ", ")
    events = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("data: {")] or [json.loads(out)]
    entries = [e for ev in events for e in ev["choices"][0]["logprobs"]["content"]]
    tokens = [e["token"] for e in entries]
    assert tokens[:2] == ["Write", " to"] and tokens[-2:] == [" today", "."]  # not pseudonyms of "token" values
    assert re.fullmatch(r" user-[0-9a-f]+@example\.invalid", tokens[2]) and tokens[3:7] == [""] * 4
    assert all(bytes(e["bytes"]).decode() == e["token"] for e in entries)
    assert [bool(e["top_logprobs"]) for e in entries] == [True, True] + [False] * 5 + [True, True]


@pytest.mark.parametrize(
    "body",
    [
        {"content": [{"type": "thinking", "thinking": 'I "think" {so}', "signature": _SIGNATURE}]},  # the API's
        {"content": [{"signature": _SIGNATURE, "thinking": "I think", "type": "thinking"}]},  # the SDK's model_dump
        {"type": "content_block_delta", "delta": {"type": "signature_delta", "signature": _SIGNATURE}},
        {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f"}, "thoughtSignature": _SIGNATURE}]}}]},
    ],
)
def test_a_models_thinking_signature_is_kept(r: Redactor, body: dict) -> None:
    """Claude's and Gemini's signatures of their reasoning come back on the next turn, where the API checks
    them: redacted, every replayed agent turn would be refused. A signature elsewhere still is a secret."""
    assert _SIGNATURE in r.redact(_ex(body=json.dumps(body))).request.body.text
    webhook = r.redact(_ex(body=json.dumps({"event": "paid", "signature": _SIGNATURE}))).request.body.text
    assert _SIGNATURE not in webhook


def _tenant_chat(tenant: str, arg: str) -> str:
    return json.dumps(
        {
            "system": f"Tenant: {tenant}, flat 4B.",
            "messages": [
                {"role": "user", "content": "Summarise his lease"},
                {"role": "assistant", "content": [{"type": "tool_use", "name": "lookup", "input": {"q": arg}}]},
            ],
        }
    )


def test_a_name_found_in_one_string_is_found_again_in_the_exchanges_others(r: Redactor) -> None:
    for _ in range(2):  # the second time the system prompt's result (and its name) comes from the memo
        answer = Body('{"content": "Okonkwo Holdings Ltd holds the lease of Chinedu Okonkwo."}', "utf8", 60)
        url = "https://api.internal/v1/x?tenant=Okonkwo"
        ex = _ex(url=url, body=_tenant_chat("Chinedu Okonkwo", "Okonkwo"), resp=Response(200, [], answer))
        counts = r.findings(ex)
        assert ex.request.body is not None and ex.response is not None and ex.response.body is not None
        assert "Okonkwo" not in ex.request.url and "Okonkwo" not in ex.request.body.text
        (q,) = re.findall(r'"q": "([^"]+)"', ex.request.body.text)
        assert ex.request.url.endswith(f"tenant={q}")  # one pseudonym for the surname alone, wherever it stands
        (tenant,) = re.findall(r"Tenant: ([^,]+),", ex.request.body.text)
        # a firm's name is no person's; the whole name again in another text, with its own pseudonym
        assert ex.response.body.text == f'{{"content": "Okonkwo Holdings Ltd holds the lease of {tenant}."}}'
        assert counts["name"] == 4


def test_what_stands_again_in_the_string_a_name_was_found_in_is_left_to_that_string(r: Redactor) -> None:
    # The text pass decides a string whole (here it reads no name past the quote); a string holding the name's
    # pseudonym comes out as that pass left it, the same in a body as alone.
    text = 'Signed, Chinedu Okonkwo. Re: "Okonkwo" file'
    ex = _ex(body=json.dumps({"messages": [{"role": "user", "content": text}]}))
    r.redact(ex)
    assert ex.request.body is not None
    assert json.loads(ex.request.body.text)["messages"][0]["content"] == Redactor(b"test-key").text(text)[0]


def test_a_word_that_names_no_one_is_not_taken_for_a_name_found_elsewhere(r: Redactor) -> None:
    ex = _ex(body=_tenant_chat("Grace Young", "a young tenant on Young Street"))
    r.redact(ex)
    assert ex.request.body is not None
    assert "Grace Young" not in ex.request.body.text and '"a young tenant on Young Street"' in ex.request.body.text


def test_a_surname_a_hundred_thousand_times_in_another_string_is_found_in_one_pass(r: Redactor) -> None:
    # each place was checked against every place taken before it: minutes, past the suite's timeout
    ex = _ex(body=_tenant_chat("Chinedu Okonkwo", "Okonkwo paid. " * 100_000))
    r.redact(ex)
    assert ex.request.body is not None and "Okonkwo" not in ex.request.body.text


@pytest.mark.parametrize(
    ("ctype", "charset"),
    [("text/plain; charset=ISO-8859-1", "latin-1"), ("application/json; charset=windows-1252", "cp1252")],
)
def test_a_text_body_in_its_declared_charset_is_redacted_in_it_not_dropped(
    r: Redactor, ctype: str, charset: str
) -> None:
    # A legacy API's Latin-1 text is no UTF-8: stored as its bytes, it was dropped as a binary body (H99's battery)
    text = '{"note": "Mme Hélène Dupré, tél. +33 6 12 34 56 78, hélène.dupre@exemple.fr, à rappeler"}'
    raw = text.encode(charset)
    ex = _ex(body=None, ctype=ctype)
    ex.request.body = Body.from_bytes(raw)
    assert ex.request.body is not None and ex.request.body.encoding == "base64"
    counts = r.findings(ex)
    got = ex.request.body.to_bytes().decode(charset)
    assert "Dupré" not in got and "12 34 56 78" not in got and "hélène.dupre" not in got
    assert got.startswith('{"note": "Mme ') and got.endswith(', à rappeler"}') and "binary_body" not in counts
    assert ex.request.body.size == len(ex.request.body.to_bytes())


def test_a_binary_body_under_a_charset_it_does_not_read_is_still_a_binary_body(r: Redactor) -> None:
    ex = _ex(body=None, ctype="text/plain; charset=utf-16")
    ex.request.body = Body.from_bytes(b"\xff\xfe\x00\xd8")  # a lone surrogate: no UTF-16 text
    assert r.findings(ex)["unread_text"] == 1 and ex.meta["binary_bodies"] == {"request": "dropped"}


@pytest.mark.parametrize(
    ("prompt", "given", "reply", "rest"),
    [
        # a bot told "me llamo Araceli Etxeberria" answers "Gracias, Araceli": the given name alone, in another string
        (
            "Hola, me llamo Araceli Etxeberria.",
            "Araceli",
            "Gracias, Araceli. La tienda de Florencia abre a las 9, y Jordan también.",
            ". La tienda de Florencia abre a las 9, y Jordan también.",
        ),
        # a report card's comment names "Azilis Le Bihan-Kervella", a given name no lexicon knows; the answer "Azilis"
        (
            "Réécris: « Azilis Le Bihan-Kervella bavarde. »",
            "Azilis",
            "« Azilis participe beaucoup en classe, Bretagne comprise.",
            " participe beaucoup en classe, Bretagne comprise.",
        ),
    ],
)
def test_a_given_name_found_again_alone_in_another_string(
    r: Redactor, prompt: str, given: str, reply: str, rest: str
) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": prompt}]})
    answer = Body(json.dumps({"reply": reply}), "utf8", len(reply) + 12)
    ex = r.redact(_ex(body=body, resp=Response(200, [], answer)))
    assert ex.response is not None and ex.response.body is not None
    out = json.loads(ex.response.body.text)["reply"]
    assert given not in out and out.endswith(rest), out


@pytest.mark.parametrize("escaped", [False, True])
@pytest.mark.parametrize(
    ("prompt", "given", "reply"),
    [
        ("नमस्ते, मेरा नाम राजेश कुमार शर्मा है।", "राजेश", "धन्यवाद राजेश जी, दिल्ली में।"),
        ("الاسم: أحمد محمود عبد العزيز\nالمحافظة: القاهرة", "أحمد", "شكراً أحمد، القاهرة"),
        ("שלום, שמי יעל בן-דוד, גרה בחיפה", "יעל", "בוודאי יעל, בחיפה"),
        ("Hi, my name is José Martínez and I need help.", "José", "The account of José is closed."),
    ],
)
def test_a_given_name_in_a_script_without_capitals_found_again_alone(
    r: Redactor, prompt: str, given: str, reply: str, escaped: bool
) -> None:
    """The name a strong cue took in Hindi, Arabic or Hebrew (no lexicon knows them), its given name alone in the
    answer: bodies written as UTF-8 and as a client's ``ensure_ascii`` JSON (``json.dumps``'s default,
    "\\u0930\\u093e…", "Jos\\u00e9"), which the search for names found again reads decoded."""
    body = json.dumps({"messages": [{"role": "user", "content": prompt}]}, ensure_ascii=escaped)
    text = json.dumps({"reply": reply}, ensure_ascii=escaped)
    ex = r.redact(_ex(body=body, resp=Response(200, [], Body(text, "utf8", len(text.encode())))))
    assert ex.response is not None and ex.response.body is not None
    out = json.loads(ex.response.body.text)["reply"]
    assert given not in out and out.endswith(reply[reply.index(given) + len(given) :]), out


def test_a_surname_no_lexicon_knows_found_again_alone_in_another_string(r: Redactor) -> None:
    # WhatsApp's webhook: the profile's full name, then the message's "citofono Tarantini" (the doorbell's name)
    body = json.dumps(
        {
            "contacts": [{"profile": {"name": "Ludovica Tarantini"}}],
            "messages": [{"text": {"body": "Una margherita per le 20:30, citofono Tarantini"}}],
        }
    )
    ex = r.redact(_ex(body=body))
    assert ex.request.body is not None and "Tarantini" not in ex.request.body.text, ex.request.body.text


def _streamed(r: Redactor, prompt: str, toks: list[str]) -> tuple[str, str, list[str]]:
    """``prompt`` asked and ``toks`` streamed back as a chat completion's events, redacted: the request's body, the
    answer's text joined, the response's lines."""
    sse = "".join(f"data: {json.dumps({'choices': [{'delta': {'content': t}}]})}\n\n" for t in toks)
    resp = Response(200, [("content-type", "text/event-stream")], Body(sse, "utf8", len(sse)))
    ex = r.redact(_ex(body=json.dumps({"messages": [{"role": "user", "content": prompt}]}), resp=resp))
    assert ex.request.body is not None and ex.response is not None and ex.response.body is not None
    lines = ex.response.body.text.splitlines()
    events = [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
    return ex.request.body.text, "".join(e["choices"][0]["delta"]["content"] for e in events), lines


def test_a_name_of_one_word_a_kin_s_cue_found_is_found_again_in_the_answer(r: Redactor) -> None:
    # "mi hija Ximena" in the prompt, "Tu hija Ximena" in the streamed answer (no owner's word there: no cue); a city
    # taken for a name in the answer is not looked for in the question
    prompt = "Resume: mi hija Ximena llega el martes desde Valencia."
    toks = ["Tu", " hija", " Xim", "ena", " llega", " el", " martes."]
    asked, text, _ = _streamed(r, prompt, toks)
    assert "Ximena" not in text and "Ximena" not in asked and "Valencia" in asked, text


def test_a_name_of_one_word_a_closing_signed_is_found_again_in_the_answer(r: Redactor) -> None:
    # "Thanks, Zoltan" signs the prompt; the streamed answer greets him back with no cue of its own (h136's probe)
    prompt = "Hi, can you summarise the thread? Thanks, Zoltan"
    toks = ["Sure", ",", " Zol", "tan", "."]
    asked, text, _ = _streamed(r, prompt, toks)
    assert "Zoltan" not in text and "Zoltan" not in asked and text.startswith("Sure, "), text


def test_a_name_and_a_number_of_the_prompt_found_again_split_over_a_stream_s_events(r: Redactor) -> None:
    # an answer streamed token by token quotes the prompt's name and policy number, each split over events
    prompt = "Draft a letter for Ferdinand Quarshie-Baptiste of 9 Elm Row, policy ref AVV-HX-4410982."
    toks = ["Fer", "dinand", " Quar", "shie-Baptiste", "\n9 Elm Row\n\nRe: AVV-", "HX-44", "10982", " - kind regards"]
    _, text, lines = _streamed(r, prompt, toks)
    assert not any(v in text for v in ("Ferdinand", "Quarshie", "4410982")) and text.endswith(" - kind regards"), text
    assert len([line for line in lines if line.startswith("data: ")]) == len(toks)


def test_a_one_word_secret_found_once_goes_where_it_stands_again(r: Redactor) -> None:
    # a token under its name, in a link's path and in the URL's query; a number under "wa_id" and as a "from", in
    # the request and the response: one pseudonym each, everywhere
    token, number = "9c41d07be2a35f18a6e0b7d2c4f19e83", "447700900461"
    body = json.dumps(
        {
            "token": token,
            "recover_url": f"https://shop.example/c/{token}/recover",
            "contacts": [{"wa_id": number}],
            "messages": [{"from": number, "id": "wamid.HBgMNDQ3NzAwOTAwNDYx"}],
        }
    )
    resp = Response(200, [("content-type", "application/json")], Body(f'{{"echo": "{number}"}}', "utf8", 24))
    ex = r.redact(_ex(url=f"https://api.internal/v1/x?sig={token}", body=body, resp=resp))
    assert ex.request.body is not None and ex.response is not None and ex.response.body is not None
    texts = (ex.request.url, ex.request.body.text, ex.response.body.text)
    assert not any(v in t for v in (token, number) for t in texts), texts
    out = json.loads(ex.request.body.text)
    assert out["token"] in out["recover_url"] and out["messages"][0]["from"] == out["contacts"][0]["wa_id"]


def test_a_secret_with_slashes_found_again_where_php_escaped_them(r: Redactor) -> None:
    """A password sent by one client (raw JSON) echoed by a PHP service, whose ``json_encode`` writes each slash
    ``\\/``: the search for values found again reads the echo decoded, as it reads a ``\\u`` escape."""
    secret = "pa/ss+W0rd/2024xyz"
    echo = json.dumps({"echo": f"stored {secret} ok"}).replace("/", "\\/")
    resp = Response(200, [("content-type", "application/json")], Body(echo, "utf8", len(echo)))
    ex = r.redact(_ex(body=json.dumps({"password": secret}), resp=resp))
    assert ex.request.body is not None and ex.response is not None and ex.response.body is not None
    given = json.loads(ex.request.body.text)["password"]
    assert json.loads(ex.response.body.text)["echo"] == f"stored {given} ok" and given != secret


def test_a_user_name_is_not_looked_for_again(r: Redactor) -> None:
    # a page names its firm's account as its host does: "mitmproxy" under "username" is not the host's word
    body = json.dumps({"username": "acmewidgets", "site": "https://acmewidgets.example/about"})
    ex = r.redact(_ex(body=body))
    assert ex.request.body is not None and "https://acmewidgets.example/about" in ex.request.body.text


def test_a_secret_found_again_only_whole(r: Redactor) -> None:
    # inside a longer word it is another value ("<token>2", "x<token>"); a short one is not looked for at all
    token = "9c41d07be2a35f18a6e0b7d2c4f19e83"
    body = json.dumps({"token": token, "other": f"x{token}", "more": f"{token}2", "pin": "1234", "note": "code 1234"})
    ex = r.redact(_ex(body=body))
    assert ex.request.body is not None
    out = json.loads(ex.request.body.text)
    assert out["other"] == f"x{token}" and out["more"] == f"{token}2" and out["note"] == "code 1234"
