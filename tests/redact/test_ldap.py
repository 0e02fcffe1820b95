"""A directory's names for a person (``replay.redact.ldap``): a DN's uid= and a person's cn=, an LDIF entry's uid:
line; a host's, a group's common name and a uid= outside a DN stay."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor

LDIF = "dn: uid=pcarrasquillo,ou=People,dc=harbourview,dc=org\nobjectClass: inetOrgPerson\nuid: pcarrasquillo\n"


@pytest.mark.parametrize("text", [LDIF, json.dumps({"content": LDIF}), LDIF.replace("\n", "\r\n")])
def test_an_ldif_entry_s_login_in_its_dn_and_its_uid_line(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "pcarrasquillo" not in out and counts["username"] == 2 and "ou=People,dc=harbourview,dc=org" in out, out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("member: CN=Smith\\, Jane,OU=Staff,DC=corp,DC=example", "Smith"),  # Active Directory's "Surname, Given"
        ("Bind failed for CN=Jane Okafor,OU=Users,DC=corp,DC=example", "Okafor"),
        ('{"manager": "uid=tfeatherstone,ou=people,dc=example,dc=org"}', "tfeatherstone"),
        # in a JSON string, its comma escaped twice; a rare given name in AD's "Surname, Given" order
        ('{"target": "CN=Fairbairn\\\\, Ottoline,OU=Finance,DC=corp"}', "Fairbairn"),
    ],
)
def test_a_person_in_a_distinguished_name(r: Redactor, text: str, gone: str) -> None:
    out, _ = r.text(text)
    assert gone not in out and text.rpartition("=")[0][-12:] in out, out  # the DN's other parts stay


@pytest.mark.parametrize(
    "text",
    [
        "memberOf: CN=Domain Admins,CN=Users,DC=corp,DC=example",
        "subject=CN=web01.corp.example,O=Acme Ltd,C=GB",
        "CN=Marketing Team,OU=Groups,DC=corp",
        "select acn=1, uid=5 from t",  # no DN: a query's column
    ],
)
def test_a_group_s_a_host_s_name_and_a_uid_outside_a_dn_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        '{"managedBy": "CN=Ermengarde Ravenscroft,OU=Staff,DC=corp,DC=example"}',
        "manager: CN=Ermengarde Ravenscroft,OU=Staff,DC=corp,DC=example\n",
    ],
)
def test_a_rare_name_s_dn_under_an_attribute_only_a_person_holds(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "Ermengarde" not in out and found["name"] == 1, out
    group = "member: CN=Domain Admins,OU=Groups,DC=corp,DC=example\n"
    assert r.text(group)[0] == group  # a group's member may be a group
