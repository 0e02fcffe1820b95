"""Vietnamese text's places, words and letters (``replay.redact.vietnamese``), which the name lexicon reads as
people's: a province's or a city's name, a word only Vietnamese writes, capitalised words before no family name; and a
name after the words that give it, in a chat's lower case too; a bank account's number after its Vietnamese name."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
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
        ("Da Nang", True),  # without their marks, as English and a keyboard without them write them
        ("Ho Chi Minh", True),
        ("nha  trang", True),
        ("Vung Tau", True),
        ("Hue", False),  # a given name
        ("Thanh Hoa", False),  # a person's name without the marks: a common given name, then a top one
        ("Ha Nam", False),  # a family name, then a top given name
        ("Nguyen Van Minh", False),
    ],
)
def test_a_province_or_a_big_city_is_a_place(value: str, place: bool) -> None:
    assert vn_place(value) is place


@pytest.mark.parametrize(
    "text",
    [
        "We flew from Da Nang to Hoi An last week.",
        "Hotel in Ho Chi Minh City, near the river",
        "Wir fahren nach Vung Tau und dann Can Tho",
        "Book a tour in Phu Quoc",
    ],
)
def test_a_place_without_its_marks_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["Thanh Hoa called me yesterday", "Contact: Tran Thi Lan, Da Nang"])
def test_a_person_s_name_without_marks_still_goes(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["name"] == 1, text


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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a chat's lower case: a family name of Vietnam and the syllables after it, to a comma or a word no name holds
        ("em tên là nguyễn văn minh, sđt 0912345678", "nguyễn văn minh"),
        ("tôi tên là trần văn nam và tôi cần giúp", "trần văn nam"),
        ("tên tôi là lê thị lan.", "lê thị lan"),
        ("họ và tên: bùi thanh tùng", "bùi thanh tùng"),
        ("Em tên là Nguyễn Văn Minh", "Nguyễn Văn Minh"),
        # a given name of another language before a Vietnamese family name, both capitalised
        ("Tên tôi là John Dương", "John Dương"),
        ("Xin chào, tên tôi là Christopher Nguyễn, tôi cần hỗ trợ", "Christopher Nguyễn"),
    ],
)
def test_a_name_after_the_words_that_give_it_in_any_case(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out
    assert all(w in out for w in ("tên", "sđt", "và tôi cần giúp") if w in text), out


@pytest.mark.parametrize(
    "text",
    [
        "sản phẩm có tên là iphone 15",
        "tên là gì vậy",
        "cửa hàng tên là phúc long",
        "Tên tôi là John",
        "tên là John dương",
    ],
)
def test_a_thing_s_name_after_the_same_words_is_kept(r: Redactor, text: str) -> None:
    # no family name of Vietnam first: a product's, a shop's, a question
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "chuyển khoản vào số tài khoản 19036251987014 Techcombank",
        "STK: 0071001234567 Vietcombank",
        "tài khoản số 0071001234567",
    ],
)
def test_a_bank_account_s_number_after_its_vietnamese_name(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "19036251987014" not in out and "0071001234567" not in out and found["bank_account"] == 1, out


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a name of two letters after a kin word: a birth order's ("Ba", third), a short given name
        ("Bác Ba nhờ tôi hỏi về chính sách bảo hành.", "Ba"),
        ("Chị Hà ơi, đơn hàng của em đâu rồi?", "Hà"),
    ],
)
def test_a_two_letter_name_after_a_kin_word_goes(r: Redactor, text: str, name: str) -> None:
    out = r.text(text)[0]
    assert f" {name} " not in out and out.split()[0] == text.split()[0], out


@pytest.mark.parametrize("text", ["Ông Bà tôi sống ở Huế.", "Bác Sĩ nói là không sao."])
def test_a_kin_word_or_a_word_after_a_kin_word_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
