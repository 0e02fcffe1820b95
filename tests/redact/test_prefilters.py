"""The engine's shortcuts against the reference they stand in for: a pre-filter may only rule out
texts in which the detector it guards cannot match, and a faster scan must give the same matches.

Each test checks a shortcut on a varied generated set (ASCII and not, escapes, odd Unicode case
folds) and, where the claim is about characters, on every code point."""

from __future__ import annotations

import random
import re

import pytest

from replay.redact.bodies import _EMBEDDED_PART, _embedded_part

_ALL_CHARS = "".join(map(chr, range(0x110000)))


def _texts(seed: int, n: int) -> list[str]:
    """Varied texts: words, digits, separators, escapes and non-ASCII letters, cased at random."""
    rng = random.Random(seed)
    atoms = [
        "form-data", "FORM-DATA", "Form-Data", "content-disposition:", "Content-Disposition: ", "\\n", "\\u0040",
        "ſ", "K", "İ", "ı", "é", "Straße", "東京", " ", "  ", "-", "_", "+", "/", "=", "==", ":", ".", ",", "@",
        "0", "12", "345", "6789", "+44 20 7946 0958", "Jane", "Doe", "the", "and", "eyJ", "sk-", "abc", "XYZ",
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "0123456789abcdef0123", "a" * 19, "b" * 21, "\r\n", "\t", '"', "'",
    ]  # fmt: skip
    out = []
    for _ in range(n):
        s = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 40)))
        out.append(s.swapcase() if rng.random() < 0.2 else s)
    return out


def test_form_data_folds_only_to_ascii() -> None:
    """Under ``re.I``, each character of "form-data" matches only itself and its ASCII capital: the
    claim that lets ``_embedded_part`` look for "form-data" in the lower-cased text."""
    for ch in set("form-data"):
        assert set(re.findall(re.escape(ch), _ALL_CHARS, re.I)) == {ch, ch.upper()}


@pytest.mark.parametrize("seed", range(3))
def test_embedded_part_prefilter(seed: int) -> None:
    texts = _texts(seed, 3000)
    assert any(_EMBEDDED_PART.search(t) for t in texts)
    for t in texts:
        assert _embedded_part(t) == bool(_EMBEDDED_PART.search(t)), t
