"""Check digits of the numbers the detectors read (``replay.redact.checksums``)."""

from __future__ import annotations

import pytest

from replay.redact.checksums import cns_ok, cups_ok, gsrn_ok, gtin_ok, nis_ok


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (gtin_ok, "4006381333931", "4006381333932"),
        (gsrn_ok, "871687120050000009", "871687120050000000"),
        (gsrn_ok, "541448820012345678", "4006381333931"),  # a product's EAN-13: no GSRN's length
        (cups_ok, "ES0291000000000001DN0F", "ES0291000000000001DX0F"),
        (cups_ok, "ES0021000000000001RK", "ES0021000000000001JN"),
        (nis_ok, "12056712344", "12056712345"),
        (nis_ok, "17012345673", "11111111111"),  # one digit over and over: no one's
        (cns_ok, "898001160660001", "898001160660004"),
        (cns_ok, "702003850090001", "302003850090001"),  # no card starts with 3
    ],
)
def test_a_number_passes_its_own_check_and_a_changed_one_fails(check, good: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert check(good) and not check(bad)
