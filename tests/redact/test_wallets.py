"""Crypto wallet addresses (``replay.redact.wallets``): found by their checksums, anywhere in a text."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from tests.redact.conftest import another_key

ADDRESSES = [
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",  # base58check, P2PKH
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",  # base58check, P2SH
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",  # bech32
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",  # bech32m (taproot)
    "0x742d35Cc6634C0532925a3b844Bc454e4438f44e",  # ethereum
    # a random 20-byte hash under each coin's version byte, with its checksum
    "LRSBA1DaPzncU35m9GxUigLK4cCAn3S6Lx",  # Litecoin
    "DBMKS3rPckSqkEaChixjzRS9jXZC37jk2U",  # Dogecoin
    "TGBRtrHUU4fWNQTEZQctxoxgmBaCvFFvta",  # Tron
    "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh",  # the XRP Ledger's own alphabet (its documentation's example)
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_wallet_address_is_found_in_prose_json_form_and_path(r: Redactor, address: str) -> None:
    for text in (
        f"Please send the refund to {address}, thanks.",
        f'{{"payout_address": "{address}", "amount": 0.25}}',
        f"wallet={address}&amount=0.25",
        f"GET /api/v2/address/{address}/txs",
    ):
        out, found = r.text(text)
        assert address not in out and found["crypto_wallet"] == 1, (text, out)
        assert another_key().text(out)[1]["crypto_wallet"] == 0, out


@pytest.mark.parametrize(
    "text",
    [
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyU",  # one character off: the checksum fails
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp",
        "tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",  # a 32-byte hash
        "commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
        "request id 1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTu",
        "TGBRtrHUU4fWNQTEZQctxoxgmBaCvFFvtb; rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLj",  # one character off
        "uuid 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    ],
)
def test_run_that_fails_every_check_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
