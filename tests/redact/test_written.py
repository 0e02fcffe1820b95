"""Names as people write them in mail, forums and papers (``replay.redact.written``): a signature after a dash, a
quoted reply's header and the line signed above it, whose answer or comment a post builds on, a citation's authors.
The texts are the StackOverflow NER corpus' dev half's (stackoverflow_dev.jsonl) or written like them."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("On Mon, Dec 14, 2015 at 3:50 PM, Dave Smith <dave@example.com> wrote:\n> Actually", ["Dave Smith"]),
        (
            "Certain that the port works? Dave\nOn 10/24/2015 06:55 PM, Keziolio wrote:\nHi, on Arch",
            ["Keziolio", "Dave"],
        ),
        # a thread copied from a web page: the header after a sentence, no line break
        (
            "with more threads. On Fri, Nov 11, 2016 at 10:20 AM, Pejvak1 notifications@github.com wrote:\nThanks",
            ["Pejvak1"],
        ),
        ("Le 3 mars 2021 à 10:02, Jean Dupont <jean@exemple.fr> a écrit :\nBonjour", ["Jean Dupont"]),
    ],
)
def test_a_quoted_replys_writer(r: Redactor, text: str, names: list[str]) -> None:
    out, counts = r.text(text)
    assert all(name not in out for name in names) and counts["name"] >= len(names), out


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the server wrote: nothing to the log",  # no date before the words: no header
        "The compiler wrote: warning, unused variable",
    ],
)
def test_no_header_no_writer(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("An alternative to Kametrixom's answer is to make both enums conform", "Kametrixom"),
        ("As per jeroen's comment, I replaced the hardcoded value", "jeroen"),
        ("A little improvement of T McKeown's answer:", "T McKeown"),
        ("Similar to MAW's answer, except I would use a Windows Service", "MAW"),
        ("base on brso05's answer, the input's value", "brso05"),
    ],
)
def test_whose_answer_or_comment(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["The user's answer is wrong", "Google's answer was vague", "See the OP's comment above", "the author's edit"],
)
def test_no_ones_answer(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("it is a different subsystem than that of the console. -Oisin", "Oisin"),
        ("it is forgotten in most cases that this happens! -Kore\nEDIT:\nAlso clear the buffer", "Kore"),
    ],
)
def test_a_signature_after_a_dash(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


def test_no_signature_in_flags(r: Redactor) -> None:
    text = "We compile it with -O2 and link with -Wl,--as-needed -Lib. -Werror\nthen run it"
    assert r.text(text)[0] == text


def test_a_citations_authors(r: Redactor) -> None:
    text = "algorithm published in RECOMB-2014:\nMirarab S, Nguyen N, Guo S, Wang L-S, Kim J, Warnow T. PASTA: ultra"
    out, counts = r.text(text)
    assert counts["name"] == 6 and all(a not in out for a in ("Mirarab", "Nguyen", "Guo S", "Wang", "Kim J", "Warnow"))
    assert out.endswith(". PASTA: ultra")


@pytest.mark.parametrize("text", ["See Section A, Part B. for details", "Use Type A, Type B or Type C."])
def test_no_citation(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text
