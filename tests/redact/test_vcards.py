"""A vCard's and an iCalendar's lines by their property (``replay.redact.vcards``): names, a birth date, a street
and its postcode, a calendar user's ``CN``; a room's name, a city, an organisation and the event's own fields stay."""

from __future__ import annotations

import json

from replay.redact import Redactor

CARD = """BEGIN:VCARD
VERSION:3.0
N:Feraud;Lucienne;M.;;
FN:Lucienne M. Feraud
TITLE:Directrice
BDAY:1979-11-23
ADR;TYPE=HOME:;;14 Rue Sainte-Catherine;Marseille;;13001;France
END:VCARD"""

EVENT = """BEGIN:VEVENT
DTSTART;TZID=Europe/Amsterdam:20240618T083000
ORGANIZER;CN="Wendeline Graaskamp":mailto:wendeline@graaskamp-tandarts.nl
ATTENDEE;CN=Joris Hoekstra;RSVP=TRUE:mailto:joris.hoekstra1988@kpnmail.nl
ATTENDEE;CN=Konferenzraum 2;CUTYPE=ROOM:mailto:c_1883a9f2b@resource.calendar.google.com
SUMMARY:Controle
END:VEVENT"""


def test_a_card_s_names_birth_date_street_and_postcode(r: Redactor) -> None:
    out, found = r.text(CARD)
    for value in ("Feraud", "Lucienne", "1979-11-23", "Sainte-Catherine", "13001"):
        assert value not in out, out
    assert "TITLE:Directrice" in out and ";Marseille;" in out and ";France" in out, out
    assert "BDAY:1900-01-01" in out and found["dob"] == 1, out


def test_a_calendar_user_s_name_quoted_or_not_but_not_a_room_s(r: Redactor) -> None:
    for text in (EVENT, json.dumps({"ics": EVENT})):  # a CalDAV body, and an ICS pasted into a JSON string
        out, _ = r.text(text)
        assert "Wendeline" not in out and "Graaskamp" not in out and "Hoekstra" not in out, out
        assert "CN=Konferenzraum 2" in out and "20240618T083000" in out and "SUMMARY:Controle" in out, out


def test_content_lines_outside_a_card_are_left_to_the_other_rules(r: Redactor) -> None:
    text = "N:Alpha;Beta\nBDAY:2020-01-01 is the release's birthday"
    assert r.text(text)[0] == text
