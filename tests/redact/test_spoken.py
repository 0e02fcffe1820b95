"""Names spoken to or about, a transcript's lines (``replay.redact.spoken``)."""

from __future__ import annotations

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.spoken import labelled_lines, lower_utterances


def test_a_transcript_s_lower_case_utterances_under_its_labels() -> None:
    text = "Agent: thanks for calling, how can I help\nCaller: yeah hi it's marcus okonkwo\nNote: call ended"
    spans = lower_utterances(text, labelled_lines(text))
    assert [text[a:b] for a, b in spans] == ["yeah hi it's marcus okonkwo", "call ended"]
    assert labelled_lines("Caller: it's marcus okonkwo") == []  # one line: no transcript


def test_a_name_in_lower_case_under_a_capitalised_label(r: Redactor) -> None:
    text = "Agent: Northwind Energy, how can I help?\nCaller: yeah hi it's marcus okonkwo about a direct debit"
    out, counts = r.text(text)
    assert "marcus okonkwo" not in out and counts["name"] == 1 and "about a direct debit" in out
    kept = "Agent: is the router showing a red light\nCaller: it's flashing orange since seven this morning"
    assert r.text(kept)[0] == kept


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        (
            "JOHN SMITH: Thanks for the call.\nMARGARET OKAFOR: I was charged twice.\nJOHN SMITH: I see.",
            ["JOHN SMITH", "MARGARET OKAFOR"],
        ),
        ("Q. State your name.\nMR. DUNWOODY: Objection.\nTHE COURT: Overruled.", ["DUNWOODY"]),
        ("INT. KITCHEN - NIGHT\nELEANOR VASQUEZ: Where were you?\nTOMASZ: Out.", ["ELEANOR VASQUEZ", "TOMASZ"]),
    ],
)
def test_a_transcript_s_speakers_in_capitals(r: Redactor, text: str, gone: list[str]) -> None:
    out, _ = r.text(text)
    assert not any(name in out for name in gone), out
    assert "THE COURT:" in out or "THE COURT" not in text


@pytest.mark.parametrize(
    "text",
    [
        "WARNING: disk almost full\nNOTE: retry later\nERROR CODE: 504",
        "AGENT: Can I help?\nCUSTOMER SERVICE: Yes.\nINTERVIEWER: Welcome back.",
        "J Gen Intern Med 26(12)\nDOI: 10.1007/s11606\nPMID: 2144",
    ],
)
def test_labels_in_capitals_that_name_no_one_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [  # a possessive before what science or medicine names after someone: no one spoken of
        "Can Hashimoto's thyroiditis cause weight gain?",
        "Bell's palsy usually improves within weeks.",
        "The proof uses Euler's theorem twice.",
    ],
)
def test_a_possessive_before_an_eponym_s_noun_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name"),
    [("Casey's t-shirt is red.", "Casey"), ("Hunter's laptop broke again.", "Hunter")],
)
def test_a_possessive_before_an_ordinary_noun_is_still_a_name(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    ["What wine goes with Coq au Vin?", "Chi vincerà lo scudetto, l'Inter o il Milan?"],
)
def test_an_article_or_a_place_s_preposition_of_another_language_before_a_question_s_word(
    r: Redactor, text: str
) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(("text", "name"), [("Hast du mit Jonas gesprochen, oder mit Lena?", "Lena")])
def test_a_name_after_a_person_s_preposition_closing_a_question_is_still_found(
    r: Redactor, text: str, name: str
) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jaiden, you are so beautiful", "Jaiden"),
        ("Brayden, can you help?", "Brayden"),
        ("Vide, can I please speak to your boss?", "Vide"),  # presidio_synth's
    ],
)
def test_a_rare_name_that_you_follows_at_a_line_s_start_is_spoken_to(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Lol, you are funny",
        "Docker, can you stop?",
        "ChatGPT, you are wrong",
        "Python, you are slow",
        "Okay, you win",
        "Sorry, can I ask?",
        "Docker, can I run it?",
        "Question, could I ask?",
    ],
)
def test_an_interjection_or_a_product_before_you_is_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "body",
    [
        '{"messages": [{"role": "user", "content": "Jaiden, you are so beautiful"}]}',
        '{"body": "Oluwaseun, can you send the file?", "thread": "3"}',
        "comment=Thandiwe, you were right&thread=3",  # a form's value as its decoded text reads
    ],
)
def test_a_rare_name_that_you_follows_at_a_message_s_start_inside_a_body_is_spoken_to(r: Redactor, body: str) -> None:
    out, found = r.text(body)
    assert found["name"] == 1 and not any(n in out for n in ("Jaiden", "Oluwaseun", "Thandiwe")), out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sorry Kevin, I missed your call.", "Kevin"),
        ("Ok. Sorry Oluwaseun, I was away.", "Oluwaseun"),
        ("Sorry, Tomasz, the build broke again.", "Tomasz"),
        ('{"content": "Sorry Anneliese! I forgot."}', "Anneliese"),
    ],
)
def test_one_a_sentence_s_sorry_is_said_to(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Sorry Docker, you lost.",
        "I'm sorry Google, no.",
        "Sorry London, the flight is cancelled.",
        "Sorry, I missed that.",
        "Sorry Not Sorry is a song.",
        '{"content": "Docker, you are slow today."}',
        '{"content": "Seriously, you need to upgrade."}',
    ],
)
def test_a_product_a_city_or_no_name_after_sorry_or_before_you_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def _form(r: Redactor, body: str) -> str:
    """A forum comment posted as a form, redacted."""
    req = Request(
        "POST", "https://forum.internal/comments/new", [("content-type", "application/x-www-form-urlencoded")]
    )
    req.body = Body(body, "utf8", len(body.encode()))
    out = r.redact(Exchange("f1", req, Timings(0.0))).request.body
    assert out is not None
    return out.text


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("comment=Marcelo+is+the+star+of+real+madrid&thread=109", "Marcelo"),  # wnut17_dev's, its form as sent
        ("comment=Daniel+and+his+assistant+both+did+a+great+job.&thread=3", "Daniel"),
        ("comment=Did+Oluwaseun+reply%3F&thread=3", "Oluwaseun"),
    ],
)
def test_a_form_s_value_starts_a_sentence(r: Redactor, body: str, name: str) -> None:
    out = _form(r, body)
    assert name not in out and out.endswith("&thread=" + body.rsplit("=", 1)[1]), out


@pytest.mark.parametrize("body", ["comment=Docker+is+great.&thread=3", "comment=Is+Python+still+supported%3F&thread=3"])
def test_a_form_s_value_that_names_no_one_stays(r: Redactor, body: str) -> None:
    assert _form(r, body) == body


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sam nailed it.", "Sam"),
        ("Megan liked this photo", "Megan"),
        ("Melissa knew that the palace had a floor", "Melissa"),
    ],
)
def test_a_given_name_before_what_only_a_person_does(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    "text", ["Chrome went down again", "Julia won the benchmark", "Chelsea reached the final", "Nobody knew the answer"]
)
def test_a_product_or_a_team_named_like_a_person_before_its_deed_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_rare_label_beside_a_speaker_with_a_common_given_name(r: Redactor) -> None:
    """presidio_synth's dialogue: "Leverett" looks no name alone, "Danielle" says the labels are speakers'."""
    text = "Leverett: What a wife.\nDanielle: Remember me, Alexander?"
    out, found = r.text(text)
    assert not any(n in out for n in ("Leverett", "Danielle", "Alexander")) and found["name"] == 3, out


@pytest.mark.parametrize("text", ["Input: you are here\nOutput: I am done", "Summary: I agree\nTotal: you pay 12"])
def test_labels_with_no_common_given_name_stay(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
