"""A form builder's answer by its question's ref (``replay.redact.formanswers``): Typeform's webhook answers under a
ref that names a person's field; a ref that names nothing, or a typed answer of another kind, stays."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


def _answer(kind: str, value: str, ref: str) -> dict:
    return {"type": kind, kind: value, "field": {"id": "f1", "type": "short_text", "ref": ref}}


@pytest.mark.parametrize(
    ("kind", "value", "ref"),
    [
        ("date", "1982-09-03", "date_of_birth"),
        ("text", "Ottoline Farquhar", "full_name"),  # no name table knows either word: the ref says it
        ("text", "1982-09-03", "dob"),
    ],
)
def test_an_answer_under_a_ref_naming_a_person_s_field(r: Redactor, kind: str, value: str, ref: str) -> None:
    hook = {"event_type": "form_response", "form_response": {"answers": [_answer(kind, value, ref)]}}
    for text in (json.dumps(hook), json.dumps({"payload": json.dumps(hook)})):
        out, _ = r.text(text)
        assert value not in out and ref in out, out


def test_an_answer_under_a_ref_that_names_nothing_stays(r: Redactor) -> None:
    answers = [
        _answer("text", "Blue", "favourite_colour"),
        _answer("date", "2026-07-01", "e2b3f9d1-0000-4a5b-8c7d-6e5f4a3b2c1d"),  # Typeform's own ref: a UUID
        {
            "type": "choice",
            "choice": {"label": "Other"},
            "field": {"id": "q", "type": "multiple_choice", "ref": "first_name"},
        },
    ]
    text = json.dumps({"form_response": {"answers": answers}})
    assert r.text(text)[0] == text
