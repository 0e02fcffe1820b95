"""A patient's fields of an HL7 v2 message, by their places in their segments (``replay.redact.hl7``)."""

from __future__ import annotations

import json

from replay.redact import Redactor

ADT = (
    "MSH|^~\\&|EPIC|HOSP|LAB|HOSP|202511030930||ADT^A01|MSG00001|P|2.5\r"
    "PID|1||123456^^^HOSP^MR||DOE^JOHN^A||19800101|M|||1 MAIN ST^^BOSTON^MA^02118||(617)555-1234|||S||"
    "987654321^^^HOSP^AN|123-45-6789\r"
    "NK1|1|DOE^JANE|SPO|1 MAIN ST^^BOSTON^MA^02118|(617)555-9876\r"
    "PV1|1|I|2000^2012^01||||004777^LEBAUER^SIDNEY^J.|||SUR||||ADM|A0|"
)
PERSONAL = ("123456^", "DOE", "JOHN", "19800101", "MAIN", "02118", "555-1234", "987654321", "123-45-6789")


def test_a_patient_s_next_of_kin_s_and_doctor_s_fields(r: Redactor) -> None:
    out, counts = r.text(ADT)
    assert not any(v in out for v in (*PERSONAL, "JANE", "555-9876", "004777", "LEBAUER", "SIDNEY")), out
    # the separators, the message's codes, the city and state stay: the message still parses
    assert [line.count("|") for line in out.split("\r")] == [line.count("|") for line in ADT.split("\r")]
    assert all(v in out for v in ("ADT^A01", "^^^HOSP^MR", "^^BOSTON^MA^", "|M|", "|SUR|"))
    assert counts["name"] >= 3 and counts["dob"] == 1 and counts["ssn"] == 1
    assert r.text(out)[0] == out  # written as one, found again as pseudonyms


def test_segments_in_a_chat_prompt_s_json_string(r: Redactor) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": "Parse this:\n" + ADT.replace("\r", "\n")}]})
    out = r.text(body)[0]
    assert not any(v in out for v in PERSONAL) and json.loads(out)


def test_a_bar_after_a_segment_s_name_in_prose_is_no_segment(r: Redactor) -> None:
    text = "rapid|PID|1 and PID|x; the PID| column; OBR|1"
    assert r.text(text)[0] == text
