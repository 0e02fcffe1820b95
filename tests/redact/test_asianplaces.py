"""Asia's addresses (``replay.redact.asianplaces``): read alone, as ``places`` reads them."""

from __future__ import annotations

import pytest

from replay.redact.asianplaces import cjk_addresses, spaced_address


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("住所は東京都千代田区丸の内1-2-3です", "東京都千代田区丸の内1-2-3"),
        ("京都府京都市左京区田中里ノ前町12", "京都府京都市左京区田中里ノ前町12"),
        ("서울 종로구 세종대로 110에서", "세종대로 110"),
        ("해운대구 우동 1408 주민", "우동 1408"),
    ],
)
def test_a_cjk_address_by_its_place_words_and_numbers(text: str, address: str) -> None:
    assert address in [text[a:b] for a, b in cjk_addresses(text)]


@pytest.mark.parametrize("text", ["大阪府大阪市で2019年に", "경로 2", "강남구 역삼동 3명", "서울역으로 2번"])
def test_a_date_a_count_or_a_route_is_no_cjk_address(text: str) -> None:
    assert list(cjk_addresses(text)) == []


def test_a_vietnamese_and_a_thai_address_after_their_words() -> None:
    vn = "Địa chỉ: Số 12 ngõ 34 phố Huế, phường Hàng Bài, Hà Nội giúp tôi"
    a, b = spaced_address(vn, vn.index(":"), False) or (0, 0)
    assert vn[a:b] == "Số 12 ngõ 34 phố Huế, phường Hàng Bài, Hà Nội"
    th = "ที่อยู่ 99 ถนนสุขุมวิท แขวงคลองเตย กรุงเทพฯ 10110 ครับ"
    a, b = spaced_address(th, len("ที่อยู่"), True) or (0, 0)
    assert th[a:b] == "99 ถนนสุขุมวิท แขวงคลองเตย กรุงเทพฯ 10110"
    assert spaced_address("Địa chỉ IP 10.0.0.1", len("Địa chỉ"), False) is None
