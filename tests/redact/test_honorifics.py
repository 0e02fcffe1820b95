"""A name before its honorific, and in Czech's vocative after "pane" (``replay.redact.honorifics``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tisztelt Ügyfelünk! Kovács úr kedden hívta ügyfélszolgálatunkat.", "Kovács"),
        ("Sharma ji ne somvar ko call kiya tha.", "Sharma"),
        ("Khan sahab ne kaha ki order aa gaya.", "Khan"),
        ("Ahmet Bey dün aradı, iade istiyor.", "Ahmet"),
        ("kinou Tanaka san ni denwa shita", "Tanaka"),
        ("Vážený pane Nováku, Vaše reklamace byla přijata.", "Nováku"),
        ("Dobrý den, pane Svobodo, děkujeme.", "Svobodo"),
    ],
)
def test_a_name_before_its_honorific_or_after_pane_goes(r: Redactor, text: str, name: str) -> None:
    out = r.text(text)[0]
    assert name not in out and out.split()[-1] == text.split()[-1], out


@pytest.mark.parametrize(
    "text",
    [
        "Flights to San Diego and Visit San Francisco.",
        "a Tanaka sandwich, the Ji river",
        "Vážený pane doktore, děkujeme.",
        "Tisztelt úr, köszönjük.",
    ],
)
def test_an_honorific_s_word_elsewhere_or_with_no_name_takes_nothing(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
