"""The pseudonym of an address (``replay.redact.fakeaddress``): its street name and numbers replaced."""

from __future__ import annotations

from replay.redact.fakeaddress import fake_address


def test_an_address_with_more_digits_than_its_pseudonyms_pool_is_still_replaced() -> None:
    fake = fake_address("12 Oak Street " + "0" * 60, "Xanmere", "4821")  # found by fuzzing: a StopIteration
    assert fake.startswith("48 Xanmere Street ") and len(fake) == len("48 Xanmere Street ") + 60
