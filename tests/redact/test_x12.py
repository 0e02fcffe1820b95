"""A patient's, a subscriber's and a contact's elements of an X12 health care claim (``replay.redact.x12``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor

CLAIM = (
    "ST*837*0001*005010X222A1~NM1*41*2*ACME BILLING SERVICE*****46*TGJ23~"
    "PER*IC*JERRY SMITH*TE*3055552222*EM*jsmith@acme.com~NM1*85*2*SPRINGFIELD CLINIC*****XX*1234567893~"
    "N3*100 CLINIC WAY~N4*SPRINGFIELD*IL*62701~NM1*IL*1*DOE*JOHN*A***MI*W123456789~N3*1 MAIN ST~"
    "N4*BOSTON*MA*02118~DMG*D8*19800101*M~REF*SY*123456789~CLM*PATCTRL01*150***11:B:1*Y*A*Y*Y~HI*ABK:E119~"
)


def test_a_claim_s_subscriber_and_contact(r: Redactor) -> None:
    for text in (CLAIM, json.dumps({"messages": [{"role": "user", "content": "Check this 837:\n" + CLAIM}]})):
        out, counts = r.text(text)
        secret = ("SMITH", "3055552222", "DOE", "JOHN", "W123456789", "1 MAIN ST", "19800101", "123456789~")
        assert not any(v in out for v in secret), out
        kept = ("ACME BILLING SERVICE", "SPRINGFIELD CLINIC", "100 CLINIC WAY", "BOSTON*MA*02118", "*Y*A*Y*Y~")
        assert all(v in out for v in kept) and counts["dob"] == 1, out
        assert r.text(out)[0] == out


def test_star_words_in_prose_are_no_segment(r: Redactor) -> None:
    text = "See ref*1 and per*hour rates; NM1*is a segment id; DMG*D8 alone."
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["DMG*D8", "NM1*IL*1~\nDMG*D8", "REF*SY"])
def test_a_segment_cut_before_its_value_is_left_as_it_is(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})  # found by fuzzing hostile bodies: an IndexError
