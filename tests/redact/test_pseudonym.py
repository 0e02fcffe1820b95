"""Pseudonyms (``replay.redact.pseudonym``): keyed, of the original's shape."""

from __future__ import annotations

import json

import phonenumbers

from replay.redact.pseudonym import Pseudonyms, is_phone_pseudonym, looks_redacted


def test_a_name_of_more_words_than_the_keyed_hash_has_bytes_for_still_gets_one() -> None:
    ps = Pseudonyms(b"test-key")
    name = " ".join(["Ann"] * 20)  # found by fuzzing hostile bodies: an IndexError past the hash's 32 bytes
    fake = ps.name(name)
    assert len(fake.split()) == 20 and fake == ps.name(name)


def test_a_secret_written_as_a_json_number_stays_a_number() -> None:
    """Found by hypothesis: {"MPAN": 100000.0} came out as {"MPAN":redacted-…}, a bare word that broke the document.
    A number with a sign, a fraction or an exponent keeps its shape as nines, which reads as already redacted."""
    ps = Pseudonyms(b"k")
    assert [ps.generic(v) for v in ("100000.0", "-1.5e3", "1234")] == ["999999.9", "-9.9e9", "9999"]
    assert all(looks_redacted(ps.generic(v)) for v in ("100000.0", "-1.5e3", "1234"))
    assert ps.generic("1.2.3").startswith("redacted-")  # a version, no number: no shape to keep


def test_a_user_name_s_pseudonym_reads_as_redacted_and_a_login_that_starts_like_one_does_not() -> None:
    """replay's "user-" and 8 hex digits (a user name's) and 10 (an email's local part) under any key; a login that
    starts "user-" is someone's (tests/redact/test_headers.py: "user-admin" in a basic auth header)."""
    ps = Pseudonyms(b"k")
    assert looks_redacted(ps.username("jwhitfield")) and looks_redacted(ps.email("j@x.com").partition("@")[0])
    assert not any(looks_redacted(v) for v in ("user-admin", "user-jsmith", "user-12", "user-0123456789abcdef"))


def test_a_number_with_no_nanp_area_code_is_no_nanp_pseudonym() -> None:
    """A New Zealand mobile, "021 555 0197", read in the US has the 555-01 range and, by chance, its check digits:
    it was kept as already redacted. A NANP area code starts 2-9, as each of ours does."""
    assert not is_phone_pseudonym(1, "0215550197")
    ps = Pseudonyms(b"k")
    fake = ps.phone("+1 415 555 0100", phonenumbers.parse("+1 415 555 0100"))
    assert is_phone_pseudonym(1, fake.replace(" ", "")[2:])


def test_a_secret_has_one_generic_pseudonym_however_many_times_json_escaped_it() -> None:
    """A password read decoded (a walked body), in a body's raw text and in a tool call's arguments (JSON inside a
    JSON string, escaped once more) is one value: one pseudonym."""
    ps = Pseudonyms(b"k")
    for secret in ['pa"ss\\word9!', "Clé-Secrète-ñ42", "пароль/Секрет", "tab\there", "end\\"]:
        forms = {secret}
        for ascii_only in (False, True):
            text = secret
            for _ in range(3):
                text = json.dumps(text, ensure_ascii=ascii_only)[1:-1]
                forms.add(text)
        assert len({ps.generic(f) for f in forms}) == 1, forms
    assert ps.generic("a\\ud800b").startswith("redacted-")  # a lone surrogate's escape: no character to hash


def test_a_vendor_key_s_pseudonym_keeps_its_prefix_length_and_each_character_s_class() -> None:
    # the values main's per-character pick gave (the ASCII keys' class masks must give the same): a key of hex
    # digits stays hex in its own case, another takes a digit, a lower-case letter or a capital where it had one
    ps = Pseudonyms(b"test-key")
    assert ps.token("sk-proj-abcDEF123_-xyz0987654321", 8) == "sk-proj-REDACTED6_-ako0109961879"
    assert ps.token("0123456789abcdef0123", 0) == "deadbeef34cac6b4d6f8"
    assert ps.token("9f86d081884C7D659A2FEAA0C55AD015", 0) == "DEADBEEF0297388d8D47B48f404FD918"
    assert ps.token("ghp_Äbc-Dé123xyz", 4) == "ghp_REDACTED5pir"  # past ASCII: picked a character at a time
