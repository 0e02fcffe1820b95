"""A handle named by the app it is on (``replay.redact.handles``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("26 | Brooklyn | add me on snap: lunacast92 | text me", "lunacast92"),
        ("hmu on snapchat: ty_ler_b or whatsapp", "ty_ler_b"),
        ("add me on snap: jessyxo_22 and insta @jess.fitlife", "jess.fitlife"),
        ("kik me: jessyboo", "jessyboo"),
        ("add me on discord katyb#4821", "katyb#4821"),
        ("My Venmo is @Priya-Shah-12 and CashApp $priyashah", "Priya-Shah-12"),
        ("My Venmo is @Priya-Shah-12 and CashApp $priyashah", "priyashah"),
        ("my insta is @the.real.brooke and my # is", "the.real.brooke"),
        ("My snapchat is coolguy_3000, insta is the_coolguy.", "the_coolguy"),
        ('{"nick": "Raven", "discord": "raven#0420"}', "raven#0420"),
        ('{\\"discord\\": \\"raven#0420\\"}', "raven#0420"),
        ("eBay message from buyer jdoe_1987: Hi, can you combine shipping?", "jdoe_1987"),
    ],
)
def test_a_handle_after_its_app_s_name(r: Redactor, text: str, handle: str) -> None:
    out, counts = r.text(text)
    assert handle not in out and counts["handle"] >= 1, out
    assert r.text(out)[0] == out


@pytest.mark.parametrize(
    "text",
    [
        "my insta is great, the discord server is down, Venmo Priya later",
        "take a snapshot, install it; big IG is down; on snap chat",
        "the telegram bot sends a message; cash app payments; Discord Nitro",
        "email me at kik: jane.doe@example.com",  # the email finder's, not a handle
        "buyer protection is on; seller 2 items; buyer: Tomasz; the seller is happy",
        '{"icons": "btn-instagram\\nbtn-linkedin"}',  # an escaped line break is no JSON key's quote
    ],
)
def test_words_after_an_app_s_name_are_no_handle(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "handle" not in counts, (out, counts)


@pytest.mark.parametrize(
    "text",
    [  # an app's name in code and config: an identifier's part, a number, a link (gitleaks' rule examples' shapes)
        "discord=000000000000000000",
        'discordToken = "00000AAAAAbbbbb99999aaaaalllllzz"',
        'discord_client_id = "x_1"',
        '{"telegram_api_token": "12345678:Ahello_world"}',
        "discord: https://discord.gg/abc12 and telegram: t.me/joe_smith",
        "pip install discord.py; my_discord_bot runs",
    ],
)
def test_an_app_s_name_in_code_or_a_link_finds_no_handle(r: Redactor, text: str) -> None:
    assert "handle" not in r.text(text)[1]


def test_a_profile_s_key_joined_to_the_app_s_name(r: Redactor) -> None:
    for text in ('{"discord_username": "raven_99"}', 'snapchatHandle: "raven_99"'):
        assert "raven_99" not in r.text(text)[0], text


@pytest.mark.parametrize(
    ("text", "handle"), [("snap: seraphmcl. See you", "seraphmcl"), ("insta is lunacast", "lunacast")]
)
def test_a_handle_with_no_mark_after_a_cue_that_holds_its_colon_or_is(r: Redactor, text: str, handle: str) -> None:
    out, counts = r.text(text)
    assert handle not in out and counts["handle"] == 1, out


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("my github is torvalds-fan99, can you look at my fork?", "torvalds-fan99"),
        ("my gamertag is xXSniperXx", "xXSniperXx"),  # capitals inside a word: a player's handle
        ("add me on steam: xXSniperXx", "xXSniperXx"),
        ("my psn is kate_plays", "kate_plays"),
        ("my discord is DarkKnight", "DarkKnight"),
        ("GitLab: jdoe-dev", "jdoe-dev"),
    ],
)
def test_a_handle_said_on_a_site_prose_names_too(r: Redactor, text: str, handle: str) -> None:
    out, counts = r.text(text)
    assert handle not in out and counts["handle"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "the ol' reddit skin-a-roo!",  # a site named beside words with marks: no handle unless said as one
        "steam cleaner-x works; github actions-runner v2; my xbox is broken",
        "the steam is hot; cook on steam for 5 minutes; my github is private; Reddit is DOWN",
    ],
)
def test_a_site_s_name_in_prose_finds_no_handle(r: Redactor, text: str) -> None:
    assert "handle" not in r.text(text)[1]
