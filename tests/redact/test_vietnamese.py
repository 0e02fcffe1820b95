"""Vietnamese text's letters (``replay.redact.vietnamese``), which the name lexicon reads as people's words: a
letter only Vietnamese writes."""

from __future__ import annotations

import pytest

from replay.redact.vietnamese import vietnamese


@pytest.mark.parametrize(
    ("word", "only"),
    [
        ("đơn hàng đã được giao", True),
        ("của", True),
        ("nguyễn", True),
        ("hàng", False),  # "à" is French's, Portuguese's too
        ("đorđe petrović", False),  # "đ" is Croatian's, Serbian's too
        ("café", False),
    ],
)
def test_a_text_with_a_letter_only_vietnamese_writes(word: str, only: bool) -> None:
    assert vietnamese(word) is only
