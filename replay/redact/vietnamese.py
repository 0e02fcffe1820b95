"""Vietnamese text's words and letters, which the name lexicon would read as people's: Vietnamese is written in
syllables, and nearly each of them, its marks folded, is some name of the lexicon ("hàng của": "Hang" and "Cua";
"Tết Nguyên Đán").

``vietnamese``: a text with a letter only Vietnamese writes (ơ, ư, a vowel with a mark below or two marks stacked),
where no words in lower case are a name: its names are written capitalised ("chị Lan", "Nguyễn Văn Minh").
``vn_unnamed``: capitalised words written in Vietnamese that start with no family name of Vietnam ("Số CCCD", "Theo
Bộ Y tế", "Điện Thoại"): a full name starts with one ("Trần Thị Thu Hà"), and a given name alone is a name where a
cue stands before it ("anh Minh").
"""

from __future__ import annotations

__all__ = ["vietnamese", "vn_unnamed"]

# Vietnam's common family names: a few dozen that most of its people bear (Nguyễn alone some 40%)
_SURNAMES = frozenset(
    {
        "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
        "dương", "lý", "đào", "đoàn", "vương", "trịnh", "trương", "lâm", "phùng", "mai", "tô", "hà", "cao", "quách",
        "lương", "đinh", "tạ", "châu", "kiều", "thái", "hứa", "lưu", "la", "chu", "giang", "khúc", "mạc", "từ",
        "lã", "triệu", "thân", "nghiêm", "tăng", "hầu", "diệp", "lục", "âu", "tống", "tôn", "quan", "văn", "kim",
    }
)  # fmt: skip
# Vietnamese-only letters: Latin Extended-B's horned o and u, and Extended Additional's vowels with a mark below or two
# marks (U+1EA0-U+1EF9: "ạ", "ầ", "ữ"), which no other language writes; not "đ", which Croatian and Serbian write too
# ("Đorđe Petrović").
_ONLY = frozenset("ơưƠƯ") | frozenset(map(chr, range(0x1EA0, 0x1EFA)))


def vietnamese(text: str) -> bool:
    """``text`` holds a letter only Vietnamese writes (``_ONLY``)."""
    return not text.isascii() and not _ONLY.isdisjoint(text)


def vn_unnamed(value: str) -> bool:
    """``value``, capitalised words, is written in Vietnamese (``vietnamese``) and starts with no family name of
    Vietnam (``_SURNAMES``)."""
    return vietnamese(value) and value.split()[0].casefold() not in _SURNAMES
