"""A person's numbers and name in FHIR resources where their keys name nothing (``replay.redact.fhir``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor

PATIENT = {
    "resourceType": "Patient",
    "identifier": [
        {"type": {"coding": [{"code": "MR"}]}, "system": "urn:oid:1.2.36.146.595.217.0.1", "value": "00412345"},
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"},
    ],
    "name": [{"family": "Hargreaves", "given": ["Eleanor"]}],
}
ENCOUNTER = {
    "resourceType": "Encounter",
    "identifier": [{"system": "http://example.org/encounters", "value": "ENC-20251001-77"}],
    "subject": {"reference": "Patient/44", "display": "Okonkwo, Chidi"},
    "serviceProvider": {"reference": "Organization/1", "display": "Springfield General Hospital"},
    "reasonCode": [{"coding": [{"code": "E11.9", "display": "Type 2 diabetes mellitus"}]}],
}


@pytest.mark.parametrize("quoted", [False, True])
def test_a_patient_s_identifiers_and_a_reference_s_display(r: Redactor, quoted: bool) -> None:
    for resource, secret in ((PATIENT, ("00412345", "9434765919")), (ENCOUNTER, ("Okonkwo", "Chidi"))):
        text = json.dumps(resource)
        text = json.dumps({"role": "tool", "content": text}) if quoted else text
        out = r.text(text)[0]
        assert not any(v in out for v in secret), out
        assert r.text(out)[0] == out


def test_a_record_s_identifier_and_an_organisation_s_display_stay(r: Redactor) -> None:
    out = r.text(json.dumps(ENCOUNTER))[0]
    assert all(v in out for v in ("ENC-20251001-77", "Springfield General Hospital", "E11.9", "Type 2 diabetes"))


def test_a_coverage_s_subscriber_and_an_identifier_typed_as_a_member_s(r: Redactor) -> None:
    coverage = {"resourceType": "Coverage", "subscriberId": "XGH883920174", "class": [{"value": "GRP-20931"}]}
    claim = {"resourceType": "Claim", "identifier": [{"type": {"coding": [{"code": "MB"}]}, "value": "W284719365"}]}
    out = r.text(json.dumps([coverage, claim]))[0]
    assert "XGH883920174" not in out and "W284719365" not in out and "GRP-20931" in out, out
