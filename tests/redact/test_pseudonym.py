"""Pseudonyms (``replay.redact.pseudonym``): keyed, of the original's shape."""

from __future__ import annotations

from replay.redact.pseudonym import Pseudonyms


def test_a_name_of_more_words_than_the_keyed_hash_has_bytes_for_still_gets_one() -> None:
    ps = Pseudonyms(b"test-key")
    name = " ".join(["Ann"] * 20)  # found by fuzzing hostile bodies: an IndexError past the hash's 32 bytes
    fake = ps.name(name)
    assert len(fake.split()) == 20 and fake == ps.name(name)
