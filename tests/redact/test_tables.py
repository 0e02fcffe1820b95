"""Tables in a text (``replay.redact.tables``): a row's cells, quoted ones too, and the cells under a header."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.tables import cells_under, header_cell, row_cells


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ('"Okafor, Chinedu",12345,SIS-998877', ["Okafor, Chinedu", "12345", "SIS-998877"]),
        # a quoted cell inside a JSON string: its quotes escaped once; a quote inside it doubled
        ('\\"de la Cruz, Ramón\\",x', ["de la Cruz, Ramón", "x"]),
        ('"Widget, 12"" large",9.99,', ['Widget, 12"" large', "9.99", ""]),
        ("| KP19 XRT | Deborah Ashworth |", ["", "KP19 XRT", "Deborah Ashworth", ""]),
    ],
)
def test_a_row_s_cells(line: str, cells: list[str]) -> None:
    sep = "|" if line.startswith("|") else ","
    spans = row_cells(line, sep)
    assert spans is not None and [line[a:b] for a, b in spans] == cells


def test_a_sentence_s_quote_is_no_cell() -> None:
    assert row_cells('she said "hi, there" and left, twice', ",") is None


def test_cells_under_a_header_go_past_quoted_cells() -> None:
    text = 'name,email\n"Whitcombe, Harriet",h@x.io\n"Lee, Ann",a@x.io\nend of table'
    assert [text[a:b] for a, b in cells_under(text, 0, ",")] == ["Whitcombe, Harriet", "Lee, Ann"]


def test_a_header_cell_of_words() -> None:
    text = "Student,ID,SIS User ID,Section\n"
    q = text.index("User")
    span = header_cell(text, q, q + 4)
    assert span is not None and text[span[0] : span[1]] == "SIS User ID"
    prose = "Please sort by the user id and then by name."
    assert header_cell(prose, prose.index("user"), prose.index("user") + 4) is None


def test_a_header_cell_starts_at_its_separator_and_a_sentence_s_stop_is_none() -> None:
    tsv = "Student\tSIS User ID\tSection\n"
    in_json = '{"file": "Date of Birth,Name\\n1987-04-12,Ana Lima"}'
    prose = '{"content": "It failed an hour ago. Given the logs below, which one?"}'
    cases = [(tsv, "User", "SIS User ID"), (in_json, "Birth", "Date of Birth"), (prose, "Given", None)]
    for text, word, cell in cases:
        q = text.index(word)
        span = header_cell(text, q, q + len(word))
        assert (span and text[span[0] : span[1]]) == cell, text


def test_a_gradebook_export_s_names_and_student_numbers(r: Redactor) -> None:
    # Canvas's gradebook export: "Surname, Given" quoted, the student's number under "SIS User ID"
    csv = (
        "Student,ID,SIS User ID,Section,Final Score\n    Points Possible,,,,\n"
        '"Okafor, Chinedu",12345,SIS-998877,BIOL 101 01,81.5\n"Lindqvist, Maja",12346,SIS-998901,BIOL 101 01,52.0\n'
    )
    for text in (csv, json.dumps({"messages": [{"role": "user", "content": "Who is failing?\n" + csv}]})):
        out, _ = r.text(text)
        for value in ("Okafor", "Lindqvist", "SIS-998877", "SIS-998901"):
            assert value not in out, out
        assert "BIOL 101 01" in out and "Points Possible" in out and "81.5" in out


def test_a_gradebook_s_surname_semicolon_given_cells(r: Redactor) -> None:
    # an LMS's export writes the sortable name "Surname; Given" so that the comma stays the separator
    csv = "Student,ID,Score\nMbeki-Harlow; Ottilie,5521,77\nVantongeren; Rasmus,5522,64\nResearch; Methods,0,0\n"
    out, _ = r.text(csv)
    for value in ("Mbeki-Harlow", "Ottilie", "Vantongeren", "Rasmus"):
        assert value not in out, out
    assert "Research; Methods" in out and "5521,77" in out


def test_a_markdown_table_s_plate_column(r: Redactor) -> None:
    text = "| Plate | Name |\n|---|---|\n| KP19 XRT | Deborah Ashworth |\n| WN68 LLA | Kofi Mensah |"
    out, found = r.text(text)
    assert "KP19 XRT" not in out and "WN68 LLA" not in out and found["license_plate"] == 2


def test_quoted_cells_that_are_no_one_s_stay(r: Redactor) -> None:
    text = 'sku,name,price\n"A-100","Widget, large",9.99\n"B-200","London, UK",4.50\n"C-300","Acme, Inc",1.00'
    assert r.text(text) == (text, {})


def test_a_header_repeated_ends_the_table_above_it() -> None:
    # a table pasted after another: the second's header is no row of the first's
    text = "name,email\nAna Lima,a@x.pt\nname,email\nJo Park,j@x.io"
    assert [text[a:b] for a, b in cells_under(text, 0, ",")] == ["Ana Lima"]


def test_a_line_too_long_for_a_header_has_no_cells_under_it() -> None:
    text = "name," + "x," * 1000 + "\nAna Lima," + "1," * 1000
    assert list(cells_under(text, 0, ",")) == []


def test_an_affiliation_s_street_is_no_header_of_words(r: Redactor) -> None:
    # a paper's affiliations, one a line: a street's words before a comma head no column
    text = "Fetscher Strasse 74, 01307 Dresden, Germany\nDept of Physics, 01069 Dresden, Germany"
    out, _ = r.text(text)
    assert "Dept of Physics" in out, out


def test_a_tsv_s_columns_under_headers_of_words_and_french_ones(r: Redactor) -> None:
    # a tab is a TSV's separator, never a cell's padding: "Date de naissance" is one cell of the header row
    tsv = "Nom\tPrénom\tDate de naissance\tVille\nBaptiste\tFatoumata\t12/03/1991\tLyon\n"
    tsv += "Renaud\tHonorine\t30/11/1987\tNantes"
    for text in (tsv, json.dumps({"messages": [{"role": "user", "content": "Trie par âge:\n" + tsv}]})):
        out, _ = r.text(text)
        for value in ("Baptiste", "Fatoumata", "12/03/1991", "Honorine", "30/11/1987"):
            assert value not in out, out
        assert "Lyon" in out and "Nantes" in out and "Date de naissance" in out
