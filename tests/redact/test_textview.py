"""The decoded view of a large body: its size is a small multiple of the text's, not of its escapes'."""

from __future__ import annotations

import tracemalloc

import pytest

from replay.redact import Redactor
from replay.redact.textview import decode_view, encode_like


def test_a_view_of_many_escapes_is_a_small_multiple_of_the_text() -> None:
    """A JSON body a Python client wrote (``ensure_ascii``: every accent a ``\\u00e9``) of 120,000 escapes:
    the view held ~200 bytes an escape in lists of small strings and int objects (a 50 MB body, 470 MB);
    joined as it goes and kept in arrays, it is the decoded text and 24 bytes an escape."""
    text = "caf\\u00e9 na\\u00efve " * 60_000
    tracemalloc.start()
    try:
        view = decode_view(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert view is not None and view.text.startswith("café naïve ") and len(view.starts) == 120_000
    assert peak < 3 * len(text) + 40 * 120_000, peak
    at = view.text.index("naïve")
    assert view.to_orig(at + 2) == text.index("\\u00ef") and view.to_orig(at + 3) == text.index("\\u00ef") + 6


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("رقم جوالي ٠٥٠٤٨٢٧٣١٩ وعنواني الرياض", "٠٥٠٤٨٢٧٣١٩"),  # Arabic-Indic digits
        ("मेरा मोबाइल ९८२३४ ७१६०५ है", "९८२३४ ७१६०५"),  # Devanagari
        ("เบอร์โทร ๐๘๑-๙๔๒-๗๗๑๖ ครับ", "๐๘๑-๙๔๒-๗๗๑๖"),  # Thai
        ("連絡先：０８０－４４１７－２２９３", "０８０－４４１７－２２９３"),  # fullwidth forms
    ],
)
def test_a_number_in_its_writers_own_digits_is_read_and_replaced_in_them(r: Redactor, text: str, number: str) -> None:
    """Natives write phone numbers in their script's digits (or a Japanese form's fullwidth ones): the detectors read
    [0-9], so the view reads them as ASCII, one character for one, and the pseudonym is written back in the span's own
    digits and width."""
    view = decode_view(text)
    assert view is not None and len(view.text) == len(text)
    at = text.index(number)
    assert view.text[at : at + len(number)].replace(" ", "").replace("-", "").isascii()
    out, found = r.text(text)
    assert number not in out and found, out
    new = out[at : at + len(number)]
    assert new != number and not new.isascii() and len(new) == len(number), out
    assert out.replace(new, number) == text


def test_text_in_no_other_digits_has_no_view_and_a_generic_pseudonym_stays_ascii() -> None:
    assert decode_view("ผมชื่อสมชาย อยู่กรุงเทพฯ") is None
    assert encode_like("٠٥٠٤٨٢٧٣١٩", "0512345678") == "٠٥١٢٣٤٥٦٧٨"
    assert encode_like("０１２３４５６７", "redacted-0123456789ab") == "redacted-0123456789ab"


def test_a_quote_escaped_as_u0022_reads_as_an_escaped_quote_and_maps_to_its_escape() -> None:
    """.NET's System.Text.Json writes a quote in a string as ``\\u0022``: the view reads the ``\\"`` another client
    writes (a rule that reads a quoted value reads the same), and both of its characters map to the escape."""
    text = r"token \u0022s3cr\u00e9t\u0022 and \u005c\u005cshare"
    view = decode_view(text)
    assert view is not None and view.text == r"token \"s3crét\" and \\\\share"
    quote = view.text.index('"')
    assert view.to_orig(quote - 1) == view.to_orig(quote) == text.index(r"\u0022")
    assert text[view.to_orig(quote + 1) : view.to_orig(quote + 6)] == r"s3cr\u00e9"
