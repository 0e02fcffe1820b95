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


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Disk 91% on db-2 (reported by jmcallister-mbp.local)", "jmcallister"),
        ('{"hostname": "alice-laptop.local"}', "alice"),
        ("Raised from DESKTOP-RWHITAKER by the agent", "RWHITAKER"),
        ("peers: DESKTOP-JSMITH, build-07", "JSMITH"),
        ('{"computer_name": "Gideon\'s MacBook Pro"}', "Gideon"),
        ('{"mobile_devices": [{"name": "Margaux\'s Pixel 8"}]}', "Margaux"),  # a thermostat's geofence phone
        ("Ana's Kindle Paperwhite needs charging", "Ana"),  # Amazon's default name for a device
    ],
)
def test_a_login_glued_to_a_device_s_word_and_windows_and_apple_s_names(r: Redactor, text: str, owner: str) -> None:
    out, counts = r.text(text)
    assert owner not in out and counts["name"] == 1, out


def test_a_device_s_word_after_an_ordinary_word_or_a_default_name(r: Redactor) -> None:
    text = (
        "work-laptop, gaming-pc, test-laptop, server-pc, DESKTOP-7K2J9QF, the company's iPhone, build-07, Earth's Echo"
    )
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("homeassistant:\n  base_url: https://lindqvist-home.duckdns.org:8123", "lindqvist-home"),
        ('{"host": "nas.smithfamily.synology.me", "port": 5001}', "smithfamily"),
        ("ssh pi@okafor-cams.ddns.net -p 2222", "okafor-cams"),
    ],
)
def test_a_home_s_host_name_at_a_dynamic_dns_provider(r: Redactor, text: str, home: str) -> None:
    out, counts = r.text(text)
    assert home not in out and counts["username"] == 1, out


def test_a_dynamic_dns_provider_s_own_site_stays(r: Redactor) -> None:
    text = "Sign up at https://www.duckdns.org and see duckdns.org/install.jsp"
    assert r.text(text) == (text, {})
