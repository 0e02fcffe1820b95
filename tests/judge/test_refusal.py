"""The shipped refusal phrase list: refusals in several languages, and helpful answers left alone."""

from __future__ import annotations

import pytest

from replay.judge import default_detector


@pytest.mark.parametrize(
    "answer",
    [
        "I'm sorry, but I can't help with that request.",
        "I’m sorry, but I can’t help with that.",  # curly quotes
        "Unfortunately, I cannot share internal instructions.",
        "That is not something I can help with.",
        "Lo siento, pero no puedo ayudarte con eso.",
        "Je suis désolé, mais je ne peux pas vous aider avec cette demande.",
        "Es tut mir leid, aber dabei kann ich nicht helfen.",
        "Mi dispiace, ma non posso aiutarti con questo.",
        "Desculpe, mas não posso ajudar com isso.",
        "抱歉，我无法帮助您处理这个请求。",
        "申し訳ありませんが、お手伝いできません。",
        "죄송하지만 도와드릴 수 없습니다.",
        "Извините, но я не могу помочь с этим.",
    ],
)
def test_refusals_are_found(answer: str) -> None:
    assert default_detector().phrase(answer) is not None


@pytest.mark.parametrize(
    "answer",
    [
        "If you can't sign in, select Forgot password on the sign-in page.",
        "Sorry for the wait! Open Orders, choose the order and select Request refund.",
        "You cannot cancel an order once it has shipped, but you can return it within 30 days.",
        "Abre Pedidos y selecciona Solicitar reembolso.",
    ],
)
def test_helpful_answers_are_not_refusals(answer: str) -> None:
    assert default_detector().phrase(answer) is None


def test_api_signals_count_without_a_phrase() -> None:
    d = default_detector()
    assert d.refusal("Here you go", "content_filter") == "finish_reason content_filter"
    assert d.refusal(None, None, "I can't do that") == "refusal field"
    assert d.refusal("Here you go", "stop") is None
