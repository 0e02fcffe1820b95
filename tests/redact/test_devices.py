"""An owner's name in a device's host name (``replay.redact.devices``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hostname          IP Address\nJanes-iPhone      192.168.1.23", "Jane"),
        ("mDNS: Johns-MacBook-Pro.local responded", "John"),
        ('{"hostname": "priyas-galaxy-s23"}', "priya"),
    ],
)
def test_a_given_name_glued_to_a_device_s_word(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out
    assert "s-" in out  # the rest of the host name stays


def test_a_device_s_word_after_no_given_name(r: Redactor) -> None:
    text = "apps-phone, Users-iPad, kids-ipad, my-mothers-iphone, LivingRoom-TV, Galaxy-s-phones"
    assert r.text(text) == (text, {})
