"""``replay.util.seen``: keys seen before are told, in the set of the latest and in the sorted array alike."""

from __future__ import annotations

import pytest

from replay.util import seen
from replay.util.seen import Seen


def test_a_key_is_seen_again_before_and_after_its_digest_is_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seen, "RECENT", 64)
    keys = Seen()
    assert not any(keys.add(f"key {i}") for i in range(1000))  # 15 merges, the last 40 in the set
    assert len(keys) == 1000 and len(keys._sorted) == 960
    assert all(keys.add(f"key {i}") for i in (0, 500, 959, 960, 999))  # in the array, at its ends, in the set
    assert not keys.add("key 1000") and len(keys) == 1001
