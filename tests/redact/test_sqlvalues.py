"""A SQL statement's values under their columns' names (``replay.redact.sqlvalues``): an INSERT's rows and an ORM's
binds are read as their columns' fields; a statement's other literals, and a list of lists in a body, stay."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        (
            "LOG:  statement: INSERT INTO patients (given_name, family_name, ward) VALUES ('Tamsin', 'Oyelowo', 'B4')",
            ["Tamsin", "Oyelowo"],
            ["'B4'", "INSERT INTO patients (given_name, family_name, ward)"],
        ),
        (  # several rows, a function call and a NULL among the literals
            "insert into `members` (`surname`, `joined`, `firstname`) values ('Haverford', now(), 'Eulalie'), "
            "('Quist', NULL, 'Bertil');",
            ["Haverford", "Eulalie", "Quist", "Bertil"],
            ["now()", "NULL"],
        ),
        (  # an ORM's binds after its statement (Rails' ActiveRecord log line)
            'Member Create (0.9ms)  INSERT INTO "members" ("firstname", "surname", "plan") VALUES ($1, $2, $3)  '
            '[["firstname", "Eulalie"], ["surname", "Haverford"], ["plan", "Premium"]]',
            ["Eulalie", "Haverford"],
            ['["plan", "Premium"]'],
        ),
        (  # a dump's rows each on its own line, the first after VALUES'
            "INSERT INTO `staff` (`forename`, `surname`, `desk`) VALUES\n('Ottoline','Marchbanks','3F'),\n"
            "('Wilbur','Castellane','2A');",
            ["Ottoline", "Marchbanks", "Wilbur", "Castellane"],
            ["'3F'", "'2A'"],
        ),
        (  # a quote of the dump that stops mid-row
            "INSERT INTO staff (forename, surname, desk) VALUES ('Ottoline', 'Marchbanks', '3",
            ["Ottoline", "Marchbanks"],
            ["'3"],
        ),
    ],
)
def test_values_are_read_under_their_columns(r: Redactor, text: str, gone: list[str], kept: list[str]) -> None:
    out, found = r.text(text)
    assert found.get("name") == len(gone), out
    assert not any(g in out for g in gone) and all(k in out for k in kept), out


def test_a_dump_pasted_in_a_prompt_is_read_through_its_escaped_line_breaks(r: Redactor) -> None:
    dump = "INSERT INTO guests (forename, surname) VALUES\n('Ottoline', 'Marchbanks'),\n('Wilbur', 'Castellane');"
    out, found = r.text(json.dumps({"messages": [{"role": "user", "content": f"why does this fail?\n{dump}"}]}))
    assert found.get("name") == 4 and "Ottoline" not in out and "Castellane" not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO products (name, sku, price) VALUES ('Hazel Cardigan', 'HZ-1', 64.00)",  # a thing sold's name
        "INSERT INTO events (kind, detail) VALUES ('signup', 'Trial started')",
        '{"matrix": [["firstname", "Eulalie"]]}',  # a list of lists in a body: no statement before it
        "INSERT INTO t VALUES ('Eulalie', 'Haverford')",  # no column names: nothing says what they are
    ],
)
def test_other_values_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_pg_dump_copy_s_rows_by_their_columns(r: Redactor) -> None:
    dump = (
        "COPY public.patients (id, full_name, dob, notes) FROM stdin;\n"
        "1\tSeraphina Tolliver-Ng\t1975-02-09\tpenicillin allergy\n2\tAmbrose Kuznetsov\t1961-12-30\t\\N\n\\.\n"
        "SELECT pg_catalog.setval('public.patients_id_seq', 2, true);"
    )
    for text in (dump, json.dumps({"content": dump})):  # a dump, and one pasted into a chat's JSON
        out, found = r.text(text)
        for value in ("Tolliver", "Kuznetsov", "1975-02-09", "1961-12-30"):
            assert value not in out, out
        assert "penicillin allergy" in out and "\\N" in out and "setval('public.patients_id_seq', 2" in out, out
        assert found["dob"] == 2
