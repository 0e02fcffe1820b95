"""Digit-shaped personal data (``replay.redact.digits``): phones written with the 00 international prefix."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key")


@pytest.mark.parametrize(
    "phone",
    ["0041 78 171 74 66", "0044 121 129 1818", "0081 90-1840-9519", "0031 6 12010973", "0055 11 2402-0960"],
)
def test_00_prefix_is_the_international_one(r: Redactor, phone: str) -> None:
    for text in (f"Tel: {phone}", f"{phone} (evenings)", f'{{"note": "reach me on {phone}"}}'):
        out, found = r.text(text)
        assert phone not in out and found["phone"] == 1, (text, out)
        again = Redactor(key=b"another-key").text(out)[1]
        assert again["phone"] == 0, out  # the pseudonym is known as one under any key


@pytest.mark.parametrize("text", ["id 0012 3456 7890", "ref 00 12 34 56 78", "build 0010 2024 0613"])
def test_00_run_that_is_no_valid_number_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
