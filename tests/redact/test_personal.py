"""Personal data by its field or its shape (``replay.redact.personal``): an address's field."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize("place", ["SFO Terminal 2", "Heathrow Airport", "Union Station Platform 9", "Gate B12"])
def test_a_public_stop_under_an_address_s_key_is_kept(r: Redactor, place: str) -> None:
    text = json.dumps({"destination": {"address": place, "latitude": 37.6161}})
    assert place in r.text(text)[0]


def test_an_address_beside_a_public_stop_s_word_is_still_one(r: Redactor) -> None:
    text = json.dumps({"address": "12 Gate Lane"})
    out, found = r.text(text)
    assert "12 Gate Lane" not in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["Hello Kitty backpack for a 6 year old: which size?", "Hello Kitty wallet, pink"])
def test_a_brand_after_a_greeting_s_word_is_no_one_greeted(r: Redactor, text: str) -> None:
    # goods right after it make the name a brand's, as after a title ("Dr. Martens boots")
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"), [("Hi Sarah, the bag is ready.", "Sarah"), ("Hello Kitty, welcome!", "Kitty")]
)
def test_a_person_greeted_before_goods_is_still_one(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "email: nguyễn.minh@gmail.com thanks",
        "mail me at josé.garcía@correo.es please",
        "Почта: иван.петров@mail.ru",
        "write to muller@bücher.de.",
        "γράψτε στο νίκος@example.gr",
    ],
)
def test_an_internationalised_address_goes_whole(r: Redactor, text: str) -> None:
    """RFC 6531's addresses, letters beyond ASCII in the local part or the domain: the whole address goes (its
    ASCII tail alone went, "josé.garcí" stayed; a Cyrillic one stayed whole)."""
    out, counts = r.text(text)
    at = text.index("@")
    local = text[text.rfind(" ", 0, at) + 1 : at]
    assert counts["email"] == 1 and local not in out and "@example.invalid" in out, out


def test_an_address_typed_with_a_full_width_at_sign_goes(r: Redactor) -> None:
    # a Japanese form's IME types ＠ (U+FF20); the rest of the address is ASCII
    out, counts = r.text("連絡先：yamada.taro＠example.co.jp まで")
    assert counts["email"] == 1 and "yamada" not in out and out.endswith("@example.invalid まで"), out
