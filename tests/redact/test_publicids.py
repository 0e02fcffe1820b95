"""Ids that are public by design under a key that names a secret or a person (``replay.redact.publicids``): an OpenRTB
supply chain node's seller id, a WeChat official account's id."""

from __future__ import annotations

import json

from replay.redact import Redactor


def test_a_supply_chain_node_s_seller_id_is_kept(r: Redactor) -> None:
    # the seller's account with the advertising system, which publishes it in its sellers.json; the node's keys in
    # any order, in a bid request's source and in a JSON string (a logged request)
    nodes = [{"asi": "exchange1.com", "sid": "pub-8812", "hp": 1}, {"sid": "a8f3k2m9x7q1w5e4", "asi": "ssp.example"}]
    body = {"id": "a-2", "source": {"schain": {"ver": "1.0", "complete": 1, "nodes": nodes}}}
    for text in (json.dumps(body), json.dumps({"logged": json.dumps(body)})):
        assert r.text(text)[0] == text


def test_a_session_s_sid_elsewhere_is_replaced(r: Redactor) -> None:
    # no advertising system's domain beside it: a session's id, as a cookie's or a form's
    for text in ('{"sid": "a8f3k2m9x7q1w5e4r6t", "asi": 3}', '{"sid": "a8f3k2m9x7q1w5e4r6t", "user": "x"}'):
        assert "a8f3k2m9x7q1w5e4r6t" not in r.text(text)[0]


def test_a_wechat_official_account_s_id_is_kept_its_user_s_openid_goes(r: Redactor) -> None:
    text = (
        "<xml><ToUserName><![CDATA[gh_7f3e9b10c2d4]]></ToUserName><FromUserName><![CDATA[oUpF8uMuAJO_M2pxb1Q9zNjWeS6o]]>"
        "</FromUserName><MsgType><![CDATA[text]]></MsgType></xml>"
    )
    out = r.text(text)[0]
    assert "<![CDATA[gh_7f3e9b10c2d4]]>" in out and "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" not in out, out
    # not inside a longer word, nor with more after it: no account's id
    for value in ("xgh_7f3e9b10c2d4", "gh_7f3e9b10c2d4x"):
        assert value not in r.text(f'{{"username": "{value}"}}')[0]
