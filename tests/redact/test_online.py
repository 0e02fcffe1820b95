"""Emails, handles and profile pages in free text (``replay.redact.online``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from tests.redact.conftest import another_key


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


@pytest.mark.parametrize(
    "text", ["mail ivan@xn--d1acufc.xn--p1ai today", "IVAN@XN--80AK6AA92E.XN--P1AI", "a@b.xn--90ais"]
)
def test_an_address_whose_top_level_domain_is_spelled_as_dns_spells_it_goes(r: Redactor, text: str) -> None:
    """An internationalised top-level domain in its ASCII form (".xn--p1ai" is ".рф"): letters only were read."""
    out, counts = r.text(text)
    assert counts["email"] == 1 and "@example.invalid" in out, out
    assert r.text("see x@y.xn-- here") == ("see x@y.xn-- here", {})


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


@pytest.mark.parametrize(
    ("text", "upi"),
    [
        ("I paid via UPI to vikram.c92@ybl but the order shows unpaid.", "vikram.c92"),
        ("Refund to 9820144375@paytm please", "9820144375"),
        ("pay to ananya.iyer@okhdfcbank.", "ananya.iyer"),
    ],
)
def test_a_upi_payment_address_with_its_app_s_handle(r: Redactor, text: str, upi: str) -> None:
    # an account's address with no domain's dot: the handle is kept, the account's part is not
    out, found = r.text(text)
    assert upi not in out and found["bank_account"] == 1, out
    assert "@" + text.split("@")[1][:3] in out


@pytest.mark.parametrize("text", ["ssh deploy@sbi-prod-01", "npm i @upi/sdk", "ping build@jenkins", "team@ybl-labs"])
def test_an_at_before_no_upi_handle_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("@maria.gomez can you check", "maria.gomez"),  # a workplace chat's handle of a first and a last name
        ("cc @john.smith please", "john.smith"),
        ("ping @jose.garcia.", "jose.garcia"),
    ],
)
def test_a_handle_of_a_first_and_a_last_name(r: Redactor, text: str, handle: str) -> None:
    out, found = r.text(text)
    assert handle not in out and found["handle"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "@app.route('/x') handles it; use @pytest.mark.parametrize here",  # a decorator's path
        "see @types/node and @babel/core",  # a package's scope
        "@name.setter and @max.value in prose",  # no given name; a code's attribute after one
    ],
)
def test_a_dotted_decorator_or_a_scope_is_no_handle(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://twitter.com/jdoe_writes/status/1789", "jdoe_writes"),  # a post's link names its author
        ("message me: https://t.me/joe_smith", "joe_smith"),
        ("pay me at https://paypal.me/kwameasante or venmo.com/u/Priya-Shah-12", "kwameasante"),
        ("pay me at https://paypal.me/kwameasante or venmo.com/u/Priya-Shah-12", "Priya-Shah-12"),
        ("https://www.facebook.com/profile.php?id=100012345678901", "100012345678901"),
        ("chat on https://wa.me/447700900123?text=hi", "447700900123"),
    ],
)
def test_a_person_s_page_to_chat_with_pay_or_follow(r: Redactor, text: str, value: str) -> None:
    out, _ = r.text(text)
    assert value not in out, out
    assert another_key().text(out)[0] == out  # a pseudonym under any key


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/psf/requests/issues/1",  # a repository
        "https://t.me/BotFather, t.me/joinchat/AbCdEf, https://t.me/s/durov",  # a bot, an invite, a channel's preview
        "https://www.facebook.com/profile.php and https://wa.me/message/ABCDEF",
    ],
)
def test_a_site_s_own_page_or_a_repository_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Quorwyn Sollridge\nUniversity of Tehran\nnavabi @lvcos.com\nABSTRACT", "navabi"),  # a PDF's author block
        ("jdoe @mail.example.org", "jdoe"),
    ],
)
def test_a_line_s_one_address_with_a_blank_before_its_at(r: Redactor, text: str, gone: str) -> None:
    out, counts = r.text(text)
    assert gone not in out and counts["email"] == 1, out


@pytest.mark.parametrize("text", ["follow us @acme.com today", "Thanks to everyone @github.com", "Hello\n@scope.pkg"])
def test_a_handle_or_a_domain_after_a_word_in_a_sentence_is_no_address(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["email"] == 0, text
