"""Tokens a link carries that no name announces (a password reset's, an invite's, a magic sign-in's), in a
request's URL, a redirect's Location, a Referer and a link pasted into a prompt; ids in a path stay as written."""

from __future__ import annotations

from typing import Any

import pytest

from replay.exchange.format import Exchange, Request, Response, Timings
from replay.redact import Redactor
from replay.redact.links import LinkFinder

TOKEN = "Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js"
HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
UUID = "5f8e2a1c-3b4d-4e6f-9a8b-7c6d5e4f3a2b"


@pytest.mark.parametrize(
    "link",
    [
        f"https://app.example.com/reset-password/{TOKEN}",
        f"https://app.example.com/password/reset/{HEX}?lang=en",  # a one-time link's hex token
        f"https://app.example.com/verify-email/{TOKEN}",
        f"https://app.example.com/invite/{TOKEN}/accept",
        f"https://app.example.com/auth/magic?t={TOKEN}&utm_source=mail",
        f"https://news.example.com/unsubscribe?u={TOKEN}&list=weekly",
        f"https://discord.com/api/webhooks/1234567890123456789/{TOKEN}",
        f"https://app.example.com/email-verification/{TOKEN}.",  # a link ending a sentence
        f"https:\\/\\/app.example.com\\/activate\\/{TOKEN}",  # in a JSON string's escapes
        f"https://www.dropbox.com/s/{TOKEN}/report.pdf?dl=0",  # a share's one-letter segment
        f"https://app.box.com/s/{TOKEN}",
        f"https://app.example.com/join/{TOKEN}",
        f"https://app.example.com/i/{TOKEN}",  # an invite's, a link shortener's one-letter segment
        f"https://go.example.com/l/{TOKEN}?ref=mail",
        f"https://docs.google.com/document/d/{TOKEN}/edit?usp=sharing",  # a shared document's id is its capability
        f"https://drive.google.com/file/d/{TOKEN}/view",
        f"https://www.loom.com/share/{HEX}",  # a share link's hex id
        f"https://pay.example.com/receipts/payment/{TOKEN}",  # a receipt's link shows who paid what
        f"https://squareup.example/receipt/preview/{TOKEN}",
    ],
)
def test_a_links_token_is_replaced_in_prose_the_rest_kept(r: Redactor, link: str) -> None:
    text = f"I clicked {link} and it says expired"
    token = HEX if HEX in link else TOKEN
    out, found = r.text(text)
    at = text.index(token)
    assert found == {"token": 1} and token not in out, out
    # the rest as written, the token's shape kept (a route that matched it still does)
    assert out[:at] == text[:at] and out[at + len(token) :] == text[at + len(token) :], out


@pytest.mark.parametrize(
    "link",
    [
        f"https://app.example.com/invitations/{UUID}",  # an id, even after a link's word
        "https://api.example.com/v1/orders/12345/download",
        "https://shop.example.com/account/receipts/88213/pdf",  # a receipt's number
        f"https://cdn.example.com/download/{HEX}/app.tar.gz",  # a download by its digest
        "https://app.example.com/share/feature-checkout-v2",  # a slug
        "https://app.example.com/s/search",  # a one-letter segment before a word, a number, a hash
        "https://example.com/s/about-us",
        "https://app.example.com/s/12345",
        f"https://app.example.com/s/{HEX}",
        "https://cdn.shopify.com/s/files/1/0123/4567/products/shirt.jpg",
        f"https://api.example.com/v1/files/{TOKEN}",
        "https://api.github.com/repos/o/r/hooks/123456789",
        "https://app.example.com/reset-password/Zq3v9Xw2",  # too short to be generated
        "https://twitter.com/i/web/status/1730000000000000000",
        "https://example.com/l/en-us/docs/getting-started",
        "https://grafana.example.com/d/rYdddlPWk/node-exporter?orgId=1",  # a dashboard's short id
        f"https://app.example.com/d/{TOKEN}",  # "/d/<id>" with nothing that opens a shared document: an app's route
    ],
)
def test_ids_and_slugs_in_a_path_are_kept_byte_for_byte(r: Redactor, link: str) -> None:
    assert r.text(f"see {link} now") == (f"see {link} now", {})


def test_request_url_location_and_referer(r: Redactor) -> None:
    req = Request(
        "GET",
        f"https://app.example.com/reset-password/{TOKEN}?lang=en",
        [("Referer", f"https://mail.example.com/invite/{TOKEN}")],
    )
    resp = Response(302, [("Location", f"https://app.example.com/auth/magic?t={TOKEN}")])
    ex = r.redact(Exchange("e1", req, Timings(0.0), resp))
    blob = ex.to_json().decode()
    assert TOKEN not in blob and ex.redactions == {"token": 3}
    assert ex.request.url.startswith("https://app.example.com/reset-password/") and ex.request.url.endswith("?lang=en")
    assert len(ex.request.url) == len(req.url)  # the token's shape is kept: a route that matched it still does


@pytest.mark.parametrize(
    ("link", "gone"),
    [
        ("https://ehr.example.com/patients/Chinedu-Okonkwo/chart", "Okonkwo"),  # a person's name as a slug
        ("https://social.example.com/u/jane-whitfield", "whitfield"),
        ("https://crm.example.com/contacts/marguerite-delacroix/edit", "delacroix"),
        ("https://calendly.com/priya-raman/30min", "raman"),
        ("https://zoom.us/my/jane.whitfield", "whitfield"),
    ],
)
def test_a_persons_name_in_a_path_after_a_collection_of_people(r: Redactor, link: str, gone: str) -> None:
    out, found = r.text(f"open {link} please")
    assert gone not in out and found == {"name": 1}, out
    assert out.startswith("open https://") and out.endswith(" please")


@pytest.mark.parametrize(
    "link",
    [
        "https://app.example.com/users/new-account",  # no given name first
        "https://app.example.com/u/grace-church",  # an ordinary word last
        "https://app.example.com/profile/settings",
        f"https://app.example.com/users/{TOKEN}",
    ],
)
def test_other_segments_after_a_collection_of_people_are_kept(r: Redactor, link: str) -> None:
    assert r.text(f"open {link}") == (f"open {link}", {})


@pytest.mark.parametrize(
    ("link", "gone"),
    [
        # Figma's share link: its token in "?t=", no name announcing it; the file's key after its kind
        ("https://www.figma.com/design/k7Qz1mP9xR2tW4yB6nD8fH/Pay?node-id=12-34&t=Xk9pQ2rLm7ZvT4bN-0", "Xk9pQ2rLm7"),
        ("https://www.dropbox.com/scl/fi/4h2k9x1m3q/report.pdf?rlkey=q8w7e6r5t4y3u2i1o0p9a8s7d&dl=0", "q8w7e6r5t4"),
        # a Teams meeting's join link, percent-encoded: the thread's token between its ":" and its "@"
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTk2YzUtYjA1My00ZDc1LWI4ZjMtMmU0MjgwYjc3ZWE1"
            "%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d",
            "NjQ5ZTk2YzUtYjA1",
        ),
    ],
)
def test_a_share_link_s_token_in_its_query_or_its_thread(r: Redactor, link: str, gone: str) -> None:
    out, found = r.text(f"join {link} now")
    assert gone not in out and found.get("token", 0) >= 1, out
    assert "node-id=12-34" in out or "figma" not in link


def test_figma_s_other_links_are_kept(r: Redactor) -> None:
    text = "https://www.figma.com/community/plugin/739395588962138807/Content-Reel and help.figma.com/hc/en-us"
    assert r.text(text) == (text, {})


def test_a_query_with_no_names_after_each_of_many_cues_is_read_in_one_pass(r: Redactor) -> None:
    # each "/s/" read the pairs of the rest of its window, trying a name at each character of a run with no "=":
    # over five minutes on main (the suite's timeout is 120 s)
    link = "https://www.dropbox.com/s/k3j4h5g6f7d8s9a0zq1w?dl=0&rlkey=q8w7e6r5t4y3u2i1o0p9a8s7d"
    out = r.text("/s/?" * 16000 + " " + link)[0]
    assert "q8w7e6r5t4y3u2i1o0p9a8s7d" not in out and out.startswith("/s/?/s/?"), out[-200:]


def test_a_path_of_many_link_cues_reads_each_segment_a_few_times(monkeypatch: pytest.MonkeyPatch) -> None:
    # each "/s/" walked the segments of the 1,024 characters after it: some 340 a cue (1 MB: three minutes); a cue
    # inside a walk goes on from its last segment. Counted, not timed: the base was linear, with that factor.
    calls = 0
    read = LinkFinder._hit

    def counted(self: LinkFinder, *args: Any) -> None:
        nonlocal calls
        calls += 1
        read(self, *args)

    monkeypatch.setattr(LinkFinder, "_hit", counted)
    out = Redactor(key=b"k" * 16).text("/s/" * 5000 + "https://www.dropbox.com/s/k3j4h5g6f7d8s9a0zq1w/a.pdf")[0]
    assert "k3j4h5g6f7d8s9a0zq1w" not in out and calls < 4 * 5000, calls


@pytest.mark.parametrize(
    ("link", "token"),
    [
        (f"https://api.push.apple.com/3/device/{HEX}", HEX),  # APNs' 64-hex device token
        (f"https://api.example.com/v1/devices/{TOKEN}/topics", TOKEN),  # a backend's registration of a phone
    ],
)
def test_a_push_service_s_device_token_in_its_path(r: Redactor, link: str, token: str) -> None:
    out = r.text(link)[0]
    assert token not in out and out.startswith(link[: link.index(token)]), out


@pytest.mark.parametrize(
    "link",
    [
        f"https://api.example.com/v1/devices/{UUID}/settings",  # a device's id
        "https://api.example.com/v1/devices/1234/settings",
        "https://iot.example.com/api/devices/thermostat-living-room/state",
        f"https://api.example.com/device-settings/{HEX[:16]}",
    ],
)
def test_a_device_s_id_in_a_path_is_kept(r: Redactor, link: str) -> None:
    assert r.text(link) == (link, {})
