"""Street addresses in free text (``replay.redact.places``): the address on the line after its cue."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key")


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Deliver to:\nMale 1b\nŠibenik", "Male 1b"),
        ("Shipping address:\r\nCircunvalación Tamaulipas 846\r\nSan Santiago", "Circunvalación Tamaulipas 846"),
        ("Lieferadresse:\n  Bergrøa 631\nOslo", "Bergrøa 631"),
    ],
)
def test_address_on_the_next_line(r: Redactor, text: str, street: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert [text[h.start : h.end] for h in hits] == [street]


@pytest.mark.parametrize("text", ["Shipping address:\nThe order ships in 2 days", "Deliver to:\n\nAcme 2 weeks later"])
def test_no_address_on_the_next_line(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
