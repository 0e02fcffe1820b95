"""Vendor keys by their published formats (``replay.redact.vendors``), with no field name nor word around them to
tell: the formats gitleaks's rules give (tests/data/redact/gitleaks_dev.jsonl), and the stand-ins and look-alikes its
false positives list, which stay."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.tokens import placeholder

HEX = "0123456789abcdef"
ALNUM = "a1B2c3D4e5F6g7H8i9J0"

FOUND = [
    "p8e-" + ALNUM + ALNUM[:12],
    "LTAI" + ALNUM,
    "AKCp" + (ALNUM * 4)[:69],
    "cmVmd" + (ALNUM * 3)[:59],
    "4b1d" + (ALNUM * 2)[:38],
    "CLOJARS_" + (ALNUM * 3)[:60],
    "dop_v1_" + HEX * 4,
    "dp.pt." + (ALNUM * 3)[:43],
    "dt0c01." + ALNUM + "abcd." + (ALNUM * 4)[:64],
    "FLWSECK_TEST-" + HEX * 2 + "-X",
    "glc_" + ALNUM * 2,
    "glsa_" + ALNUM + ALNUM[:12] + "_0a1b2c3d",
    "eyJrIjoi" + (ALNUM * 4)[:72],
    "HRKU-AA" + (ALNUM * 3)[:58],
    "api_org_" + "AbCdEfGhIj" * 3 + "Klmn",
    "ico-" + ALNUM + ALNUM[:12],
    "pk." + (ALNUM * 3)[:60] + "." + (ALNUM * 2)[:22],
    "API-" + "Z0Y1X2W3V4U5T6S7R8Q9P0O1N2",
    "pscale_tkn_" + ALNUM * 2,
    "PMAK-" + HEX + HEX[:8] + "-" + (HEX * 3)[:34],
    "rubygems_" + (HEX * 3)[:48],
    "tk-us-" + (ALNUM * 3)[:48],
    "xkeysib-" + HEX * 4 + "-" + ALNUM[:16],
    "sntryu_" + HEX * 4,
    "sm_pat_" + ALNUM[:16],
    "sqp_" + ALNUM * 2,
    "hvs." + (ALNUM * 5)[:96],
    "AQVN" + (ALNUM * 2)[:36],
    "YC" + (ALNUM * 2)[:38],
    "live_" + ALNUM * 2,
    # chat and automation webhooks: the whole URL is the credential
    "https://discord.com/api/webhooks/1234567890123456789/" + (ALNUM * 4)[:68],
    "https://contoso.webhook.office.com/webhookb2/7d5f0c1e-4a2b@72f988bf/IncomingWebhook/" + HEX * 2 + "/9b1e4c2d",
    "https://hooks.zapier.com/hooks/catch/1234567/abc1d2e/",
    # a Slack slash command's and an interaction's response_url: it answers in the user's channel
    "https://hooks.slack.com/commands/T9ZX12AB3/4455667788/" + ALNUM[:24],
    "https://hooks.slack.com/actions/E0LQ77HK2/998877/" + (ALNUM * 2)[5:29],
    # an Ethereum node provider's key in its RPC URL's path
    "https://mainnet.infura.io/v3/" + HEX * 2,
    "https://eth-mainnet.g.alchemy.com/v2/" + (ALNUM * 2)[:32],
]
KEPT = [
    "ghp_" + "x" * 36,  # the stand-ins of docs and examples
    "AKCp" + "X" * 69,
    "sntryu_" + "a" * 64,
    "hf_requiredCharacteristicTypesForDisplayMetadata",  # an Objective-C selector, not 34 characters
    "video_box.ico-7a388b69018576d24b59331fd60aab0c.png",  # a fingerprinted asset's name
    "glc_createLightmapTexturesIndividualNames",  # a C function's name
    "https://docs.infura.io/v3/getting-started",  # a page of the provider's docs
    "sntryu_" + HEX * 4 + "a",  # one hex digit too many
    "https://hooks.slack.com/commands/new",  # no team, request and token
]


@pytest.mark.parametrize("key", FOUND, ids=[k[:8] for k in FOUND])
def test_found_with_nothing_around(r: Redactor, key: str) -> None:
    for text in (f"I set it up with {key} yesterday", f'{{"value": "{key}"}}'):
        assert key not in r.text(text)[0]


@pytest.mark.parametrize("value", KEPT, ids=[k[:8] for k in KEPT])
def test_kept(r: Redactor, value: str) -> None:
    text = f"the scanner flags this line: {value}"
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text", ['API_KEY="glc_111111111111111111111111111111111111111111="', '{"api_token": "xxxxxxxxxxxxxxxxxxxxxxxx"}']
)
def test_placeholder_under_a_secret_name_is_kept(r: Redactor, text: str) -> None:
    assert placeholder(text.rpartition(":")[2].strip(' "}=') or text)
    assert r.text(text)[0] == text


@pytest.mark.parametrize("prefix", ["ExponentPushToken[", "ExpoPushToken["])
def test_an_expo_push_token(r: Redactor, prefix: str) -> None:
    out = r.text(f'{{"to": "{prefix}xKq8Vz2LmT4nR7bW3cY6hJ]", "title": "New message"}}')[0]
    assert "xKq8Vz2LmT4nR7bW3cY6hJ" not in out and f'"{prefix}' in out and ']", "title": "New message"' in out, out
