"""Emails, handles and profile pages in free text (``replay.redact.online``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


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


def test_an_address_typed_all_in_full_width_goes_and_its_pseudonym_is_full_width(r: Redactor) -> None:
    text = "連絡先：ａｂｃ＠ｄｅｆ．ｃｏｍ まで"
    out, counts = r.text(text)
    assert counts["email"] == 1 and "ａｂｃ" not in out and "ｄｅｆ" not in out, out
    assert out.startswith("連絡先：ｕｓｅｒ") and out.endswith("．ｉｎｖａｌｉｄ まで"), out
    assert r.text(out)[0] == out  # its pseudonym reads back as one
