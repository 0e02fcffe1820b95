"""An example's excerpt is redacted before it is cut: a secret across the cut is replaced whole, never shown in part
(cut first, "jane.doe@exa" was no longer an address the redactor knows, and was shown)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from replay.redact import Redactor, default_redactor
from replay.report.examples import EXCERPT_CHARS, WINDOW, _excerpt

EMAIL = "jane.doe@example.com"


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return default_redactor()


@pytest.mark.parametrize("tail", [False, True])
@pytest.mark.parametrize("filler", [200, WINDOW * 3], ids=["window", "beyond-window"])
def test_a_secret_across_the_cut_is_redacted_whole(redactor: Redactor, tail: bool, filler: int) -> None:
    pad = "ok " * (filler // 3)
    if tail:  # the excerpt's last 280 characters begin 7 characters before the address ends
        text = f"{pad} write to {EMAIL} " + "w " * ((EXCERPT_CHARS - 8) // 2)
    else:  # its first 280 end 7 characters into the address
        text = "w " * ((EXCERPT_CHARS - 16) // 2) + f"write to {EMAIL} {pad}"
    assert (
        0
        < (text.index(EMAIL) + len(EMAIL) - (len(text) - EXCERPT_CHARS) if tail else EXCERPT_CHARS - text.index(EMAIL))
        < len(EMAIL)
    )
    got = _excerpt(text, redactor, tail=tail)
    assert got is not None and "jane" not in got and "ple.com" not in got, got
    assert len(got) == EXCERPT_CHARS + 1 and (got.startswith("…") if tail else got.endswith("…"))


def test_an_excerpt_that_redaction_shrank_is_redacted_whole(redactor: Redactor) -> None:
    # A private key and a token (2,200 characters) redact to ~150: the address after them, cut by the window's edge
    # and not found there, would come into view; the whole text is redacted instead.
    key = base64.b64encode(bytes(range(256)) * 4).decode()
    head = f"-----BEGIN RSA PRIVATE KEY----- {key} -----END RSA PRIVATE KEY----- Authorization: Bearer "
    token = hashlib.sha256(b"t").hexdigest() * 40
    head += token[: EXCERPT_CHARS + WINDOW - 7 - len(head) - len(" write to ")] + " write to "
    text = f"{head}{EMAIL} and the rest"
    got = _excerpt(text, redactor)
    assert got is not None and key[:24] not in got and token[:24] not in got and "jane" not in got, got


def test_a_short_text_is_redacted_as_it_is(redactor: Redactor) -> None:
    assert _excerpt(f"mail  {EMAIL}\n now", redactor) == redactor.text(f"mail {EMAIL} now")[0]
    assert _excerpt(None, redactor) is None
