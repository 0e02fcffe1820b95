"""Vietnamese text's places, words and letters, which the name lexicon would read as people's: Vietnamese is written
in syllables, and nearly each of them, its marks folded, is some name of the lexicon ("Hà Nội": "Ha" and "Noi"; "hàng
của": "Hang" and "Cua"; "Tết Nguyên Đán").

``vn_place``: a province's, a big city's or the country's name ("Hà Nội", "Việt Nam", "Da Nang"),
which is no one's. ``vietnamese``: a text with a letter only Vietnamese writes (ơ, ư, a vowel with a mark below or
two marks stacked), where no words in lower case are a name: its names are written capitalised ("chị Lan", "Nguyễn
Văn Minh"). ``vn_unnamed``: capitalised words written in Vietnamese that start with no family name of Vietnam ("Số
CCCD", "Theo Bộ Y tế", "Điện Thoại"): a full name starts with one ("Trần Thị Thu Hà"), and a given name alone is a
name where a cue stands before it ("anh Minh"). ``VnNameFinder``: a name after the words that give it ("em tên là
nguyễn văn minh"), a family name of Vietnam first, in a chat's lower case too. ``VN_SAID_CUES``: a bank account's
number after its Vietnamese name, read as ``said`` reads its others.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from replay.redact.hits import Hit
from replay.redact.lexicon import COMMON, TOP, lexicon
from replay.redact.pseudonym import Pseudonyms, looks_redacted
from replay.redact.saidcues import Said

__all__ = ["VN_NAME_CUES", "VN_SAID_CUES", "VnNameFinder", "vietnamese", "vn_place", "vn_short_name", "vn_unnamed"]

# The country, its 63 provinces and cities of the first rank, and its other big cities and places of note, as written
# with their marks; single words only where they are no given name ("Huế"; not "Vinh", a name as often).
_PLACES = (
    "việt nam", "hà nội", "hồ chí minh", "thành phố hồ chí minh", "sài gòn",
    "đà nẵng", "hải phòng", "cần thơ", "huế", "nha trang", "đà lạt", "vũng tàu", "biên hòa", "quy nhơn",
    "hạ long", "buôn ma thuột", "phan thiết", "hội an", "phú quốc", "sa pa", "thủ đức", "long xuyên", "mỹ tho",
    "rạch giá", "cà mau", "thái nguyên", "nam định", "bắc ninh", "bình dương", "đồng nai", "khánh hòa",
    "lâm đồng", "quảng ninh", "quảng nam", "quảng ngãi", "quảng bình", "quảng trị", "thừa thiên huế", "nghệ an",
    "hà tĩnh", "thanh hóa", "ninh bình", "hà nam", "hưng yên", "hải dương", "thái bình", "vĩnh phúc", "phú thọ",
    "bắc giang", "lạng sơn", "cao bằng", "hà giang", "tuyên quang", "yên bái", "lào cai", "lai châu",
    "điện biên", "sơn la", "hòa bình", "bắc kạn", "kon tum", "gia lai", "đắk lắk", "đắk nông", "bình định",
    "phú yên", "ninh thuận", "bình thuận", "bình phước", "tây ninh", "bà rịa", "bà rịa vũng tàu",
    "bà rịa - vũng tàu", "long an", "tiền giang", "bến tre", "trà vinh", "vĩnh long", "đồng tháp", "an giang",
    "kiên giang", "hậu giang", "sóc trăng", "bạc liêu", "miền bắc", "miền trung", "miền nam",
)  # fmt: skip
# The tone marks of "hoà" where the older spelling sets them too ("Khánh Hoà", "Thanh Hoá")
_KNOWN = frozenset({p.replace("òa", "oà").replace("óa", "oá") for p in _PLACES} | set(_PLACES))
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


def vn_place(value: str) -> bool:
    """``value`` is the name of Vietnam, one of its provinces or big cities, or a region of it ("Miền Bắc"), with its
    marks or, as English and a keyboard without them write it, without ("Da Nang", "Ho Chi Minh": ``_unmarked``)."""
    if len(value) > 26:
        return False
    words = " ".join(value.split())
    return (
        words.casefold() in _unmarked() if words.isascii() else unicodedata.normalize("NFC", words).casefold() in _KNOWN
    )


def fold_marks(word: str) -> str:
    """``word`` without its marks, as a keyboard without them writes it ("Đà Nẵng" -> "Da Nang")."""
    bare = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in bare if not unicodedata.combining(c))


@cache
def _unmarked() -> frozenset[str]:
    """The places of ``_PLACES`` of two syllables or more without their marks, but those that read as a person's
    name once the marks are gone: a family name or a common given name, then a top given name ("Thai Binh", "Ha Nam",
    "Thanh Hoa", as a person is called by them); a single syllable is a given name too ("Hue")."""
    given = lexicon().given
    surnames = {fold_marks(w) for w in _SURNAMES}
    out = set()
    for place in map(fold_marks, _PLACES):
        words = place.split()
        person = (
            len(words) == 2
            and given.get(words[1]) == TOP
            and (words[0] in surnames or 0 < given.get(words[0], 0) <= COMMON)
        )
        if len(words) > 1 and not person:
            out.add(place)
    return frozenset(out)


def vietnamese(text: str) -> bool:
    """``text`` holds a letter only Vietnamese writes (``_ONLY``)."""
    return not text.isascii() and not _ONLY.isdisjoint(text)


def vn_unnamed(value: str) -> bool:
    """``value``, capitalised words, is written in Vietnamese (``vietnamese``) and starts with no family name of
    Vietnam (``_SURNAMES``)."""
    return vietnamese(value) and value.split()[0].casefold() not in _SURNAMES


def vn_short_name(text: str, word: str) -> bool:
    """``word``, capitalised, of two letters, is a given name in the Vietnamese ``text``, where a kin word says a
    person stands ("Bác Ba", "Chị Hà", "Anh Tư": birth-order names and short names the rule of three letters
    refuses elsewhere): the lexicon holds it as a given name, or it is a birth order's, and it is no kin word."""
    w = unicodedata.normalize("NFC", word).casefold()
    return (
        len(w) == 2
        and word[:1].isupper()
        and vietnamese(text)
        and (w in _BIRTH_ORDER or lexicon().given.get(w, 0) > 0)
        and w not in _NOT_NAME
        and w not in _KIN
    )


# The birth-order names of two letters ("Tư": fourth, "Út": the youngest) and the kin words spoken with a name
_BIRTH_ORDER = frozenset({"ba", "tư", "út"})
_KIN = frozenset({"bà", "cô", "ông", "chú", "bác", "dì", "cậu", "mợ", "thím", "con", "cháu", "má", "mẹ", "bố"})


# A bank account's number after its name in Vietnamese, as said reads a number after its words ("số tài khoản
# 19036251987014", a chat's "stk: 0071001234567"): a transfer's details pasted to a bot
VN_SAID_CUES = dict.fromkeys(
    ("số tài khoản", "số tk", "stk", "tài khoản số", "tk ngân hàng"), Said("bank_account", "personal_ids", 6, 34)
)

# Where a Vietnamese writer gives a name, in any case ("em tên là nguyễn văn minh", "tên tôi là Lê Thị Lan", "họ và
# tên: trần văn nam"): a chat's lower case hides the capitals the name passes read
VN_NAME_CUES = ("tên là ", "tên tôi là ", "tên em là ", "tên mình là ", "tên của tôi là ", "họ tên:", "họ và tên:")
_SYLLABLE = re.compile(r"[ \t]*([^\W\d_]{1,7})(?![\w@-]|\.\w)")  # not an email's, a handle's start
# What a name's syllables run into in a chat's sentence: its function words, the words around a phone's, an email's,
# an age's, an address's (each a syllable no given name is)
_NOT_NAME = frozenset(
    {
        "và", "là", "ở", "của", "cần", "muốn", "đang", "có", "không", "sinh", "năm", "nhà", "số", "sđt", "đt", "tuổi",
        "hiện", "làm", "học", "đến", "từ", "ạ", "nhé", "nha", "ơi", "thì", "mà", "nhưng", "vì", "nên", "cho", "với",
        "bị", "được", "đã", "sẽ", "rất", "em", "anh", "chị", "tôi", "mình", "bạn", "email", "mail", "gmail", "địa",
        "chỉ", "điện", "thoại", "quê", "sống", "tại", "đây", "nay", "hả", "ha", "luôn", "vậy", "này", "kia",
    }
)  # fmt: skip


_LATIN_GIVEN = re.compile(r"[ \t]*([A-Z][a-z]{1,14})(?![\w@-]|\.\w)")  # "John", "Christopher"


def _foreign_given(text: str, e: int) -> list[re.Match[str]]:
    """A given name from another language before a Vietnamese family name, each capitalised ("tên tôi là John
    Dương", as a Vietnamese abroad or a Western name in Vietnam writes it): the two words, or none."""
    given = _LATIN_GIVEN.match(text, e)
    if given is None:
        return []
    family = _SYLLABLE.match(text, given.end())
    if family is None or not family.group(1).istitle():
        return []
    return [given, family] if unicodedata.normalize("NFC", family.group(1)).casefold() in _SURNAMES else []


class VnNameFinder:
    """A Vietnamese name after the words that give it (``VN_NAME_CUES``): a family name of Vietnam (``_SURNAMES``)
    and one to three syllables after it, in any case, to a punctuation mark or a word no name holds."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The name after the cue at ``text[s:e]``."""
        if s and text[s - 1].isalnum():
            return  # a longer word's end
        words: list[re.Match[str]] = []
        at = e
        while len(words) < 4 and (m := _SYLLABLE.match(text, at)) is not None:
            word = unicodedata.normalize("NFC", m.group(1)).casefold()
            if (words and word in _NOT_NAME) or (not words and word not in _SURNAMES):
                break
            words.append(m)
            at = m.end()
        if not words:
            words = _foreign_given(text, e)
        if len(words) < 2:
            return  # a family name alone, or none: "tên là gì" (what is the name)
        a, b = words[0].start(1), words[-1].end(1)
        value = text[a:b]
        if looks_redacted(value):
            return
        new = self.ps.name(value.title())
        hits.append(Hit(a, b, "name", new.lower() if value.islower() else new, 60))
