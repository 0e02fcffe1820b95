"""MAC addresses (``replay.redact.macs``): the forms that say what they are by their shape, the ones a cue or a
field's name must announce, the runs of hex that are no MAC, and the pseudonym's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from replay.redact import Redactor
from replay.redact.policy import load_policy
from replay.redact.pseudonym import is_mac_pseudonym
from tests.redact.conftest import another_key


def _same_shape(mac: str, out: str) -> None:
    """``out`` is a pseudonym of ``mac``: its separators where they were, its case, 02 (locally administered,
    unicast) first, known as a pseudonym under any key."""
    assert re.sub("[0-9A-Fa-f]", "h", out) == re.sub("[0-9A-Fa-f]", "h", mac), (mac, out)
    assert out.isupper() == mac.isupper(), (mac, out)  # digits alone: lower case, as most tools print
    hexes = re.sub("[^0-9a-f]", "", out.lower())
    assert int(hexes[:2], 16) & 0b11 == 0b10 and is_mac_pseudonym(hexes), out


@pytest.mark.parametrize(
    "mac",
    [
        "00:1A:2B:3C:4D:5E",
        "a4:5e:60:c2:11:9f",
        "3C-22-FB-12-9A-0E",
        "a4-5e-60-c1-22-7b",
        "001a.2b3c.4d5e",  # Cisco's
        "001A.2B3C.4D5E",
        "00:1a:2b:ff:fe:3c:4d:5e",  # an EUI-64 (Zigbee, Thread), which no IPv6 address writes so
    ],
)
def test_mac_by_its_shape_needs_no_cue(r: Redactor, mac: str) -> None:
    for text in (f"device {mac} joined", f'{{"note": "seen {mac}."}}', mac, f"Physical Address. . . : {mac}"):
        out, found = r.text(text)
        assert mac not in out and found == {"mac": 1}, (text, out)
        assert another_key().text(out)[1] == {}, out
        assert r.text(out) == (out, {})  # redacting twice is once
    out = r.text(f"device {mac} joined")[0]
    _same_shape(mac, out.split()[1])
    assert r.text(f"ap {mac}")[0] == f"ap {out.split()[1]}"  # the same device, the same pseudonym


@pytest.mark.parametrize(
    ("text", "mac"),
    [
        ("MAC 001A2B3C4D5E", "001A2B3C4D5E"),
        ("my mac address is 0a1b2c3d4e5f.", "0a1b2c3d4e5f"),
        ("BSSID: 001a2b3c4d5e", "001a2b3c4d5e"),
        ("hardware address 001A2B3C4D5E, eth0", "001A2B3C4D5E"),
        ("MAC-Adresse 001a2b3c4d5e", "001a2b3c4d5e"),
        ("wifi_mac=001a2b3c4d5e&x=1", "001a2b3c4d5e"),
        ("mac=abcdef012345", "abcdef012345"),  # a letter right after "=" (once taken for the word "is…")
        ("taxTotal[mac_address_nie]=f4 65 36 55 93 14&y=1", "f4 65 36 55 93 14"),  # a name's tail, a bracket
        ("<mac_address_nie>16 f5 0c b7 9c 8e</mac_address_nie>", "16 f5 0c b7 9c 8e"),
        ("mac: 00 1a 2b 3c 4d 5e, ok", "00 1a 2b 3c 4d 5e"),  # pairs joined by spaces
        ("MAC address: 0050.5600.1234", "0050.5600.1234"),  # digits alone
        ("mac 00-50-56-12-34-56", "00-50-56-12-34-56"),
        ("   Physical Address. . . . . . . . . : 00-50-56-C0-00-08", "00-50-56-C0-00-08"),  # ipconfig /all's
        ("   Physical Address. . . . . . . . . : 00-50-56-12-34-56", "00-50-56-12-34-56"),
        ('{"mac": "001A2B3C4D5E"}', "001A2B3C4D5E"),
        ('{"mac_address": "0a1b2c3d4e5f"}', "0a1b2c3d4e5f"),
        ('{"macAddress": "0011.2233.44aa"}', "0011.2233.44aa"),
        ('{"bssid": "00:1a:2b:3c:4d:5e"}', "00:1a:2b:3c:4d:5e"),
        ('{"wifi_bssid": "001a2b3c4d5e"}', "001a2b3c4d5e"),
    ],
)
def test_mac_in_any_form_after_a_word_or_a_field_that_names_one(r: Redactor, text: str, mac: str) -> None:
    out, found = r.text(text)
    assert mac not in out and found == {"mac": 1}, out
    _same_shape(mac, out.replace(text.split(mac)[0], "", 1).replace(text.split(mac)[1], ""))
    assert another_key().text(out)[1] == {}, out


@pytest.mark.parametrize(
    "text",
    [
        "at 12:34:56",  # a time
        "2024-06-01T12:34:56.789Z",
        "commit 3f2a9c1d4e5f",  # a git SHA's 12, no cue
        "sha256 3f2a9c1d4e5f60718293a4b5c6d7e8f9",
        "uuid d50983d4-e8b7-40d9-9245-4e4fd4acd243",
        "color: #1a2b3c; background: #AABBCC",
        "version 2024.0611.1200, build 10.0.19045.3693",
        "dead.beef.cafe",  # words: no digit
        "oid 1.3.6.1.4.1.9999.1a2b.3c4d.5e6f",
        "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",  # a key's fingerprint
        "a4:5e:60:c2:11:9f:00",
        "pages 10-20-30-40-50-60",
        "Ab-Cd-Ef-12-34-56",  # mixed case: no tool prints one so
        "machine 001a2b3c4d5e",
        "hmac 001a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90",
        "mac frame 00 1a 2b 3c 4d 5e 6f 70 81",  # a hex dump
        "mac 001a2b3c4d5e6f7",
        "bcast ff:ff:ff:ff:ff:ff",
        "00:00:00:00:00:00",
    ],
)
def test_times_hashes_ids_colours_versions_and_longer_runs_are_no_mac(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["mac"] == 0, r.text(text)


def test_ipv6_address_is_an_ip_not_a_mac(r: Redactor) -> None:
    out, found = r.text("client 2a02:1810:4d02:6f00:5c2e:49ff:fe3a:1b2c connected")
    assert found == {"ip": 1}, out


def test_policy_turns_mac_off_and_ip_leaves_it_on(tmp_path: Path) -> None:
    text = json.dumps({"note": "device 00:1A:2B:3C:4D:5E at 2a02:1810:4d02:6f00::1b2c", "bssid": "001a2b3c4d5e"})
    for disabled, want in ((["mac"], {"ip": 1}), (["ip"], {"mac": 2})):
        path = tmp_path / "p.toml"
        path.write_text(f"disable = {json.dumps(disabled)}\n")
        assert Redactor(key=b"k" * 16, policy=load_policy(path)).text(text)[1] == want, disabled


def test_a_long_host_name_of_many_cues_is_read_once(r: Redactor) -> None:
    # each "mac" of a host name read the name to its end for the rest of a MAC's name: minutes on main
    out = r.text("s-mac-mini" * 100000 + " MAC 001A2B3C4D5E")[0]
    assert "001A2B3C4D5E" not in out and out.startswith("s-mac-minis-mac-mini"), out[-200:]
