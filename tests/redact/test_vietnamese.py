"""Vietnamese text's places, words and letters (``replay.redact.vietnamese``), which the name lexicon reads as
people's: a province's or a city's name, a word only Vietnamese writes, capitalised words before no family name."""

from __future__ import annotations

import pytest

from replay.redact.vietnamese import vietnamese, vn_place, vn_unnamed


@pytest.mark.parametrize(
    ("value", "place"),
    [
        ("Hà Nội", True),
        ("Việt Nam", True),
        ("Thành phố Hồ Chí Minh", True),
        ("Khánh Hoà", True),  # the older spelling's tone mark
        ("Khánh Hòa", True),
        ("Huế", True),
        ("Nguyễn Văn Minh", False),
        ("Vinh", False),  # a city's name, a given name as often
        ("Hanoi Ha", False),
    ],
)
def test_a_province_or_a_big_city_is_a_place(value: str, place: bool) -> None:
    assert vn_place(value) is place


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


@pytest.mark.parametrize(
    ("value", "unnamed"),
    [
        ("Số CCCD", True),
        ("Tết Nguyên Đán", True),
        ("Điện Thoại Samsung Galaxy", True),
        ("Trần Thị Thu Hà", False),  # a family name first
        ("Đỗ Minh Khôi", False),
        ("Thu Hà", False),  # no letter only Vietnamese writes: the lexicon decides
        ("Marcus Lee", False),
        ("Đorđe Petrović", False),
    ],
)
def test_capitalised_words_in_vietnamese_before_no_family_name(value: str, unnamed: bool) -> None:
    assert vn_unnamed(value) is unnamed
