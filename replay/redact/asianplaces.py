"""Asia's addresses in free text: Japanese, Chinese and Korean ones by their place words and numbers
(``東京都千代田区丸の内1-2-3``, a Korean road's name and a building's number, a lot's), Vietnam's and Thailand's after
the words that announce them. ``places`` reads them among its forms; their grammar is here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["cjk_addresses", "spaced_address"]

# A CJK address, the largest region first; it starts past the words of the sentence before it ("她的地址是", her
# address is; "住所は"), which no place's name holds.
_CJK_ADDRESS = re.compile(
    r"(?:(?![的是在住址我你他她们请把到从给はをがでへ])[\u4e00-\u9fff\u3040-\u30ff]){1,20}?"
    r"(?:都|道|府|県|市|区|郡|町|村|省|县|路|街|巷|弄|洞|동|구|로|길)"
    r"[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af0-9\- ]{0,24}?"
    r"\d{1,5}(?:(?:丁目|番地|番|号|号室|-)\d{0,5}){1,4}(?:号|号室)?"
)

# A Japanese address from its prefecture down, its lot's number last with no 番地 or dash after it ("京都府京都市左京区
# 田中里ノ前町12"): the prefecture and a city's, a ward's or a town's word say it is one. Kanji and katakana only after
# the prefecture (a particle in hiragana ends the run: "大阪府大阪市で2019年" is a sentence), and no count after it.
_JA_FULL = re.compile(
    r"(?:東京都|北海道|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)[\u4e00-\u9fff\u30a0-\u30ff]{1,8}?(?:市|区|郡|町|村)"
    r"[\u4e00-\u9fff\u30a0-\u30ff]{0,16}?\d{1,5}(?![\d０-９年月日人円歳回件時分万度台個本枚名階%％.,:/])"
)

# A Korean road-name address: a road's name ending in 로, 대로 or 길 (a side street's number before its 길:
# "이태원로27길"), then the building's number ("세종대로 110", "가로수길 45"). Three syllables at least, or a
# district's word (구, 시, 군, 동, 읍, 면) before it: "경로 2" (route 2), "통로 3" (aisle 3) are words; a particle's
# "으로" ("서울역으로 2번") none.
_KO_ROAD = re.compile(
    r"(?<![\uac00-\ud7af\d])([\uac00-\ud7af]{1,12}?(?<!으)(?:대로|로|길)(?:[ ]?\d{1,3}(?:번)?길)?)[ \t]?"
    r"(\d{1,5}(?:-\d{1,4})?)(?!\d|[.,:/]\d)"
)
_KO_DISTRICT = re.compile(r"[\uac00-\ud7af](?:구|시|군|동|읍|면)[ \t]+\Z")
# A Korean lot-number address (지번 주소), which deeds, leases and older records still write: a district's word (구,
# 군, 시), then its neighbourhood's (동, 읍, 면, 리, 가: "역삼1동") and the lot's number ("해운대구 우동 1408", "산 12-3
# 번지"); the neighbourhood and the number are taken. A count after it is none ("강남구 역삼동 3명": three people).
_KO_LOT = re.compile(
    r"(?<![\uac00-\ud7af])[\uac00-\ud7af]{1,6}(?:구|군|시)[ \t]+([\uac00-\ud7af]{1,6}\d?(?:동|읍|면|리|가)[ \t]+"
    r"(?:산[ ]?)?\d{1,5}(?:-\d{1,4})?(?:번지)?)(?!\d|[.,:/]\d|[ ]?[명개분원년월일층%])"
)


def cjk_addresses(text: str) -> Iterator[tuple[int, int]]:
    """Japanese, Chinese and Korean addresses: a place word, then block and house numbers; a Korean road's name
    and a building's number (``_KO_ROAD``), a neighbourhood's and a lot's (``_KO_LOT``); a Japanese one from its
    prefecture with a bare number last (``_JA_FULL``)."""
    for m in _CJK_ADDRESS.finditer(text):
        yield m.span()
    for m in _KO_LOT.finditer(text):
        yield m.span(1)
    for m in _JA_FULL.finditer(text):
        yield m.span()
    for m in _KO_ROAD.finditer(text):
        if len(m.group(1)) >= 3 or _KO_DISTRICT.search(text, max(0, m.start() - 12), m.start()):
            yield m.span()


# Vietnam's and Thailand's addresses after their words: the words between (a mark, a JSON key's quotes, "của tôi
# là", my … is), then words to the first that is no address's: in Vietnamese a capitalised place's, a number, a
# unit's word ("Số 12 ngõ 34 phố Huế, phường Hàng Bài, quận Hoàn Kiếm, Hà Nội" up to "giúp tôi"); in Thai any word
# of its script but a polite particle ("… กรุงเทพฯ 10110 ครับ"). A number and an address's own word in it, or a
# Thai postcode: "Địa chỉ IP 10.0.0.1", "ที่อยู่อีเมล" have neither.
_SPACED_LEAD = re.compile(r"(?:[ \t:：=\"'\\]|của tôi|của bạn|của em|của anh|của chị|mới|là|คือ|ของผม|ของฉัน|ใหม่)*")
_SPACED_TOKEN = re.compile(r"(,?[ \t]*)([^\s,\"'\\<>]+)")
_VN_WORDS = frozenset(
    {
        "số", "ngõ", "ngách", "hẻm", "kiệt", "đường", "phố", "phường", "quận", "xã", "huyện", "tỉnh", "thành", "thị",
        "trấn", "tp", "tp.", "p.", "q.", "khu", "khóm", "ấp", "thôn", "tổ", "lô", "tầng", "phòng", "tòa", "nhà",
        "chung", "cư",
    }
)  # fmt: skip
_VN_PLACES = _VN_WORDS - {"số", "tầng", "phòng", "tòa", "nhà", "khu", "lô", "chung", "cư", "thành", "thị", "trấn"}
_TH_PLACES = ("ถนน", "ถ.", "ซอย", "ซ.", "หมู่", "ม.", "แขวง", "เขต", "ตำบล", "ต.", "อำเภอ", "อ.", "จังหวัด", "จ.", "กรุงเทพ")
_TH_PARTICLES = frozenset({"ครับ", "ค่ะ", "คะ", "นะ", "ด้วย", "หน่อย", "จ้า", "นะคะ", "นะครับ"})
_SPACED_REACH = 24  # words: a whole address with its ward, district, city and postcode


def _thai(word: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" for c in word)


def spaced_address(text: str, e: int, thai: bool) -> tuple[int, int] | None:
    """The Vietnamese (``thai``: Thai) address after its word ending at ``e``, or None."""
    p = _SPACED_LEAD.match(text, e).end()  # type: ignore[union-attr]  # it matches the empty string
    a = b = p
    place = digit = False
    for _ in range(_SPACED_REACH):
        m = _SPACED_TOKEN.match(text, p)
        if m is None or (b > a and "\n" in m.group(1)):
            break
        word = m.group(2)
        low = word.lower()
        if thai:
            ok = word[0].isdigit() or (_thai(word) and low not in _TH_PARTICLES)
            place = place or low.startswith(_TH_PLACES) or (len(word) == 5 and word.isdigit())
        else:
            ok = word[0].isdigit() or word[0].isupper() or low in _VN_WORDS
            place = place or low in _VN_PLACES
        if not ok:
            break
        digit = digit or any(c.isdigit() for c in word)
        b = p = m.end()
        if not thai and word.endswith(".") and low not in _VN_WORDS:
            break  # a sentence's stop
    return (a, b) if digit and place else None
