"""A security question's answer (``replay.redact.answers``): said after the question's words, or the next turn."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor


def _chat(*turns: str) -> Exchange:
    """A chat request whose turns alternate, the last the user's."""
    roles = ["user", "assistant"] if len(turns) % 2 else ["assistant", "user"]
    msgs = [{"role": roles[i % 2], "content": t} for i, t in enumerate(turns)]
    body = json.dumps({"model": "gpt-4o", "messages": msgs})
    req = Request("POST", "https://api.openai.com/v1/chat/completions", [("content-type", "application/json")])
    req.body = Body(body, "utf8", len(body))
    return Exchange("e1", req, Timings(0.0))


@pytest.mark.parametrize(
    ("text", "answer", "kind"),
    [
        ("The answer to my security question is Biscuit, can you unlock it?", "Biscuit", "password"),
        ("my first pet's name was Biscuit and he was a dog", "Biscuit", "password"),
        ("memorable word: sunflower", "sunflower", "password"),
        ("her maiden name is nyberg", "nyberg", "name"),
        # a transcript: the question, then the caller's line
        ("Agent: What is your mother's maiden name?\nCaller: Kowalczyk", "Kowalczyk", "name"),
        ("What is your memorable word?\nsunflower", "sunflower", "password"),
    ],
)
def test_an_answer_said_after_its_question(r: Redactor, text: str, answer: str, kind: str) -> None:
    out, found = r.text(text)
    assert answer not in out and found[kind] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        "the security question is wrong",
        "The security question was changed yesterday",
        "Please answer your security question: what was your first pet's name?",
        "What is your mother's maiden name?\nI don't remember",
        "What is your mother's maiden name?\nSorry, why do you need that?",
        "my first pet was a dog",
    ],
)
def test_no_answer_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("turns", "answer"),
    [
        (("I need to change my address.", "First, what is your mother's maiden name?", "Kowalczyk"), "Kowalczyk"),
        (("What was the name of your first pet?", "Biscuit"), "Biscuit"),
    ],
)
def test_the_next_turn_after_the_question_is_its_answer(r: Redactor, turns: tuple[str, ...], answer: str) -> None:
    ex = r.redact(_chat(*turns))
    assert ex.request.body is not None
    assert answer not in ex.request.body.text and turns[-2] in ex.request.body.text


@pytest.mark.parametrize(
    "turns",
    [
        ("What is your mother's maiden name?", "Sorry, why do you need that?"),
        ("What is your mother's maiden name?", "I don't remember"),
        ("Which city do you want the weather for?", "Paris"),  # no security question
    ],
)
def test_a_next_turn_that_is_no_answer_is_kept(r: Redactor, turns: tuple[str, ...]) -> None:
    ex = _chat(*turns)
    assert ex.request.body is not None
    before = ex.request.body.text
    assert r.redact(ex).request.body.text == before  # type: ignore[union-attr]


def test_the_next_turn_in_content_blocks_and_not_the_assistant_s_own(r: Redactor) -> None:
    def turn(role: str, text: str) -> dict:
        return {"role": role, "content": [{"type": "text", "text": text}]}

    asked = {"messages": [turn("assistant", "What is your memorable word?"), turn("user", "sunflower")]}
    out, found = r.text(json.dumps(asked))
    assert "sunflower" not in out and found == {"password": 1}, out
    own = json.dumps({"messages": [turn("assistant", "What is your memorable word?"), turn("assistant", "Hello")]})
    assert r.text(own) == (own, {})
