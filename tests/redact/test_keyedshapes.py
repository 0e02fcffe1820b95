"""Values a field's name tells with their shape's agreement: an ad beacon's contact digests (a SHA-256 of an email is
the email to anyone holding a list of them) and its browser ids, a deploy tool's wallet keys, a VIN under "fin"."""

from __future__ import annotations

import hashlib
import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor

EM = hashlib.sha256(b"ludovica.ferraris@libero.it").hexdigest()
PH = hashlib.sha256(b"393471234567").hexdigest()


def _post(r: Redactor, url: str, text: str = "") -> tuple[str, str]:
    """The redacted URL and body of a JSON POST."""
    body = Body(text, "utf8", len(text.encode())) if text else None
    ex = r.redact(Exchange("e1", Request("POST", url, [("content-type", "application/json")], body), Timings(0.0)))
    return ex.request.url, ex.request.body.text if ex.request.body is not None else ""


def test_a_contact_s_digest_under_its_field_goes_as_a_digest(r: Redactor) -> None:
    events = {"data": [{"user": {"email": EM, "phone": PH.upper()}, "event": "Purchase"}]}
    capi = {"user_data": {"em": [EM], "ph": [PH]}, "custom_data": {"value": 79}}
    ads = {"userIdentifiers": [{"hashedEmail": EM}, {"sha256_email_address": EM}, {"hashed_phone_number": PH}]}
    for obj in (events, capi, ads):
        _, out = _post(r, "https://graph.example/events", json.dumps(obj))
        assert EM not in out and PH not in out and PH.upper() not in out, out
        assert json.loads(out).keys() == obj.keys()
    url, _ = _post(r, f"https://www.example.com/tr/?id=1029384756473829&ud[em]={EM}&ud%5Bph%5D={PH}&ev=Purchase")
    assert EM not in url and PH not in url and "id=1029384756473829" in url and url.endswith("&ev=Purchase"), url


def test_a_digest_elsewhere_and_a_contact_field_s_other_values_stay(r: Redactor) -> None:
    text = json.dumps({"sha256": EM, "commit": EM[:40], "email_count": 3, "phone": "unknown", "item": EM[:32]})
    assert _post(r, "https://ci.example/builds", text)[1] == text


def test_a_beacon_s_browser_and_click_ids_go(r: Redactor) -> None:
    ids = {"fbp": "fb.1.1717200000000.1098273645", "fbc": "fb.1.1717200000000.IwAR2Xq9Lm4Pz7Rt1Wc8Yb"}
    url, _ = _post(r, "https://www.example.com/tr/?" + "&".join(f"{k}={v}" for k, v in ids.items()))
    body = {"ttp": "2ZqX9Lm4Pz7Rt1Wc8Yb6Hd3Jf0", "li_fat_id": "3a9c1e7f-5b2d-4f8a-9c0e-b3d7f1a5c8e2"}
    _, out = _post(r, "https://collector.example/e", json.dumps({"anonymousId": "5d6a1b2c-8e9f-4a3b", **body}))
    for v in (*ids.values(), *body.values(), "5d6a1b2c-8e9f-4a3b"):
        assert v not in url and v not in out, (url, out)


def test_a_name_s_short_parts_in_a_beacon_s_user_data(r: Redactor) -> None:
    url, _ = _post(r, "https://www.example.com/tr/?ev=Lead&ud[fn]=ludovica&ud[ln]=ferraris&ud[zp]=20121")
    assert "ludovica" not in url and "ferraris" not in url and "ev=Lead" in url, url
    kept = "https://api.example/rpc?fn=getUser&format=json"
    assert _post(r, kept)[0] == kept


def test_a_deploy_tool_s_account_keys_go_and_addresses_and_hashes_stay(r: Redactor) -> None:
    pk = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    tx = "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b"
    config = f"networks: {{ sepolia: {{ url: 'https://rpc.sepolia.org', accounts: ['{pk}'] }} }}"
    _, out = _post(r, "https://llm.example/v1/chat", json.dumps({"messages": [{"content": config}], "tx": tx}))
    assert pk[2:] not in out and "accounts: ['0x" in out and tx in out, out
    truffle = f"new HDWalletProvider({{ privateKeys: ['{pk}'], providerOrUrl: 'https://goerli.example/v3' }})"
    _, out = _post(r, "https://llm.example/v1/chat", json.dumps({"messages": [{"content": truffle}]}))
    assert pk[2:] not in out and "https://goerli.example/v3" in out, out
    _, kept = _post(r, "https://bank.example/v1", json.dumps({"accounts": ["acc_8812"], "hash": tx}))
    assert "acc_8812" in kept and tx in kept


@pytest.mark.parametrize("number", ["WVWZZZ1K9AW123456", "VF1RFB00356123456", "G1234567X"])
def test_a_vin_or_a_foreign_id_under_fin_goes(r: Redactor, number: str) -> None:
    # a German car's Fahrzeug-Identifikationsnummer, Singapore's foreign identification number
    for obj in ({"fahrzeug": {"fin": number, "hsn": "0603"}}, {"Fahrzeug": {"FIN": number}}):
        _, out = _post(r, "https://werkstatt.example/api/auftrag", json.dumps(obj))
        assert number not in out and "redacted" in out, out
    url, _ = _post(r, f"https://teile.example/suche?fin={number}&teil=Bremsscheibe")
    assert number not in url and url.endswith("&teil=Bremsscheibe"), url


def test_a_range_s_end_or_an_end_date_under_fin_stays(r: Redactor) -> None:
    # Spanish's "fin": the end of a range, a period
    text = json.dumps({"rango": {"inicio": 0, "fin": 250}, "fin": "2024-12-31", "periodo": {"fin": "20241231"}})
    url, out = _post(r, "https://api.example/es/facturas?inicio=0&fin=250", text)
    assert out == text and url.endswith("?inicio=0&fin=250"), (url, out)
