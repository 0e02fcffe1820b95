"""A SAML assertion's attribute values by their attribute's name (``replay.redact.saml``): a claim type's URI, an
object identifier, a friendly name; the attribute's own name and a group's value stay."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.policy import Policy

_ATTR = '<saml:Attribute Name="{name}"{extra}><saml:AttributeValue>{value}</saml:AttributeValue></saml:Attribute>'


def _statement(*attrs: tuple[str, str, str]) -> str:
    inner = "\n".join(_ATTR.format(name=n, extra=x, value=v) for n, x, v in attrs)
    return f'<saml:Assertion ID="_8e8d" Version="2.0">\n<saml:AttributeStatement>\n{inner}\n</saml:AttributeStatement>'


@pytest.mark.parametrize(
    ("name", "extra", "value"),
    [
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "", "Barnaby"),  # Microsoft's claim
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "", "Quartermaine"),
        ("urn:oid:2.5.4.42", "", "Barnaby"),  # givenName by its object identifier
        ("urn:oid:1.3.6.1.4.1.99999.7", ' FriendlyName="sn"', "Quartermaine"),
        ("uid", "", "bquartermaine"),
        ("displayName", "", "Barnaby Quartermaine"),
    ],
)
def test_a_person_s_attribute_value_is_replaced(r: Redactor, name: str, extra: str, value: str) -> None:
    text = _statement((name, extra, value), ("groups", "", "finance-readers"))
    out, _ = r.text(text)
    assert value not in out and name in out and "finance-readers" in out, out


def test_in_a_json_string_too(r: Redactor) -> None:
    text = json.dumps({"assertion": _statement(("urn:oid:2.5.4.4", "", "Quartermaine"))})
    assert "Quartermaine" not in r.text(text)[0]


def test_the_attribute_names_and_a_group_beside_a_person_s_names_stay(r: Redactor) -> None:
    # "groups" under a bare Name= beside a given name and a surname was read as a person's name, an OID as an IP
    text = _statement(
        ("givenName", "", "Barnaby"), ("urn:oid:2.5.4.20", "", "+44 117 496 0722"), ("groups", "", "finance-readers")
    )
    out, _ = r.text(text)
    assert 'Name="groups"' in out and 'Name="urn:oid:2.5.4.20"' in out and "finance-readers" in out, out


def test_an_attribute_the_policy_keeps_is_kept() -> None:
    # the finder built its own key rules, so the policy's [keys] keep (and redact) lists did not reach it
    text = _statement(("surname", "", "Quartermaine"), ("givenname", "", "Barnaby"))
    out, _ = Redactor(key=b"k", policy=Policy(keep_keys=("surname",))).text(text)
    assert "Quartermaine" in out and "Barnaby" not in out, out
