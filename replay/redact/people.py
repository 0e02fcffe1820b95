"""Person names in free text with no cue phrase: ``Thanks, Marcus Lee``, ``cc Priya Natarajan and
Olu Adeyemi``, a list of attendees, ``Jürgen Weiß-Müller``, ``Anaïs Le Goff``, ``Ruud de Wit``, and
names in CJK scripts next to the words that introduce or address a person.

A run of capitalised words (any Latin, Greek or Cyrillic script, with hyphens, apostrophes and
name particles) is a name when its words are names in the lexicon (given names and surnames of
105 countries, see ``lexicon``): a given name then a surname, or the other way round, and no word
of the run is a common English word. CJK names have no capitals and no spaces: they are taken
between a cue (``我叫``, ``私は``, ``저는``, ``联系人：``) and punctuation, or before an honorific
(``様``, ``さん``, ``先生``, ``님``).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from replay.redact.lexicon import COMMON, TOP, Lexicon, lexicon
from replay.redact.names import STOP_WORDS, cjk_name_ok

__all__ = ["PersonFinder"]

_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
_WORD = rf"[{_UPPER}](?:[^\W\d_]|['’](?=[^\W\d_]))*(?:-[^\W\d_]+(?:['’][^\W\d_]+)?)*"
_PARTICLES = "van|von|de|der|den|del|della|dela|da|di|du|la|le|te|bin|ibn|al|el|y|e|dos|das|ten|ter|zu|af|av|op|mac"
_SEP = r"(?:[ \t\u00a0]+|[ \t]*\.[ \t]*)"
# A run: capitalised words, with particles and initials between them. A tab parts cells (a TSV row,
# "Bellino La Sala\tImola"), not the words of one name.
_RUN = re.compile(
    rf"(?<![\w@#/\\$%+<_.\-])(?:{_WORD})(?:[ \u00a0]+(?:(?:{_PARTICLES})[ \u00a0]+)*"
    rf"(?:[{_UPPER}]\.[ \u00a0]*)?(?:{_WORD})){{1,6}}(?![\w@\-])"
)
_PAIR = re.compile(rf"(?<![^\W\d_])[{_UPPER}][^\W\d_]+[ \u00a0]+(?:(?:{_PARTICLES})[ \u00a0]+)*[{_UPPER}]")
_PAIR_ASCII = re.compile(rf"[A-Z][a-z]+ (?:(?:{_PARTICLES}) )*[A-Z]")  # the same, 4x faster on ASCII text
# The same in an ASCII text's shape (``digits.SHAPE_TABLE``: capitals "A", lower case "a"; a particle has 1-5
# letters): each match of ``_PAIR_ASCII`` starts one of these. Its search skips to each capital at memchr
# speed, where ``_PAIR_ASCII``'s tried its class at every character (47,000 instructions a 800-byte text, now 5,000).
_PAIR_SHAPE = re.compile(rb"Aa+ (?:a{1,5} )*A")
_TOKEN = re.compile(rf"[{_UPPER}]\.(?!\w)|{_WORD}|(?:{_PARTICLES})(?=[ \u00a0])")
_PART_SET = frozenset(_PARTICLES.split("|"))
# Capitalised words that start places, greetings and sentences more often than names.
_NOT_FIRST = frozenset(
    [
        "san",
        "santa",
        "santo",
        "são",
        "sao",
        "saint",
        "st",
        "port",
        "fort",
        "mount",
        "mt",
        "lake",
        "new",
        "north",
        "south",
        "east",
        "west",
        "los",
        "las",
        "el",
        "bad",
        "gross",
        "klein",
        "upper",
        "lower",
        "old",
        "great",
        "little",
        "hi",
        "hello",
        "hey",
        "dear",
        "hallo",
        "bonjour",
        "hola",
        "ciao",
        "salut",
        "liebe",
        "lieber",
        "thanks",
        "thank",
        "cheers",
        "regards",
        "best",
        "kind",
        "warm",
        "team",
        "mr",
        "mrs",
        "ms",
        "dr",
        "herr",
        "frau",
        "mme",
        "mlle",
        "sr",
        "sra",
        "von",
        "van",
        "de",
        "la",
        "le",
        "du",
        "des",
        "der",
        "den",
        "del",
        "monsieur",
        "madame",
        "señor",
        "señora",
        "signor",
        "signora",
    ]
)
# Words that are never part of a name: the cue module's stop words, and what a run of capitals in
# an API's text holds besides names (company forms, acronyms, street and product words, fonts).
_NEVER = STOP_WORDS | frozenset(
    [
        "ag",
        "air",
        "alpha",
        "api",
        "apt",
        "are",
        "ave",
        "avenue",
        "be",
        "been",
        "beta",
        "blvd",
        "boulevard",
        "bv",
        "cd",
        "ceo",
        "cfo",
        "ci",
        "cli",
        "cloud",
        "co",
        "condensed",
        "corp",
        "court",
        "ct",
        "cto",
        "display",
        "dr",
        "drive",
        "edition",
        "emoji",
        "gmbh",
        "hr",
        "http",
        "https",
        "id",
        "inc",
        "ip",
        "its",
        "json",
        "lane",
        "lite",
        "llc",
        "ln",
        "ltd",
        "max",
        "mini",
        "model",
        "mono",
        "os",
        "pl",
        "place",
        "plc",
        "plus",
        "pr",
        "pro",
        "qa",
        "rd",
        "road",
        "sa",
        "sans",
        "sdk",
        "series",
        "serif",
        "st",
        "street",
        "studio",
        "suite",
        "symbols",
        "them",
        "ui",
        "ultra",
        "url",
        "ux",
        "version",
        "vp",
        "was",
        "way",
        "were",
    ]
)
# Words after a name that make it the name of a place or an institution ("George Washington Bridge",
# "Charles de Gaulle airport", "Johns Hopkins Hospital"), capitalised or not.
_PLACE_HEADS = frozenset(
    {
        "airport", "bridge", "station", "terminal", "tunnel", "highway", "freeway", "expressway", "boulevard", "avenue",
        "street", "road", "square", "plaza", "park", "memorial", "monument", "center", "centre", "hall", "hospital",
        "clinic", "university", "college", "school", "academy", "institute", "library", "museum", "gallery", "stadium",
        "arena", "theatre", "theater", "tower", "building", "church", "cathedral", "chapel", "basilica", "temple",
        "mosque", "synagogue", "pier", "harbour", "harbor", "bay", "beach", "lake", "river", "falls", "island",
        "islands", "mountain", "valley", "canyon", "county", "foundation", "prize", "award", "trophy", "trust", "fund",
        "estate", "gardens", "garden", "zoo", "mall",
    }
)  # fmt: skip
_LOWER_WORD = re.compile(r"(?<![\w@#/\\$%+<_.\-])[^\W\d_][^\W\d_'’\-]*(?![\w@\-])")
_GAP = re.compile(r"[ \t]+")
# Where a name in lower case could be: a word long enough to be a given name, a gap, a word. The gap
# is sought first: led by three letters, the search tried them at every character (8x slower on JSON).
_LOWER_PAIR = re.compile(r"[ \t](?<=[^\W\d_]{3}[ \t])[ \t]*[^\W\d_]")
_INITIAL_GAP = re.compile(r"\.?[ \t]+")
_HEAD_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_]+)")
# Goods a brand named after its founder sells ("Ted Baker running jacket", "Kate Spade Classic Polo",
# "Johnnie Walker Black Label 70cl"): such a word within a few words after a name, with no function word
# between ("gave Anna Weber a bag" has "a", "Paul Smith's jacket" the possessive), makes the name a brand's.
_GOODS = frozenset(
    {
        "shirt", "shirts", "polo", "tee", "jacket", "coat", "parka", "hoodie", "sweater", "jumper", "cardigan",
        "dress", "skirt", "jeans", "chinos", "trousers", "pants", "shorts", "suit", "blazer", "scarf", "hat", "cap",
        "gloves", "bag", "handbag", "tote", "backpack", "wallet", "purse", "belt", "shoes", "sneakers", "trainers",
        "boots", "sandals", "loafers", "watch", "sunglasses", "perfume", "parfum", "cologne", "fragrance", "toilette",
        "lipstick", "mascara", "whisky", "whiskey", "bourbon", "scotch", "vodka", "gin", "rum", "tequila", "label",
        "collection", "store", "outlet", "boutique",
    }
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "to", "for", "from", "of", "with", "by", "at", "in", "on", "is", "was", "are"}
    | {"were", "has", "had", "have", "his", "her", "their", "my", "your", "our", "its", "this", "that", "s"}
)
_WORDS_AFTER = re.compile(r"(?:[ \t\u00a0]+[^\W\d_][\w'’\-]*){1,4}")
# Name-likeness (see Lexicon.name_likeness) a rare word needs beside a known name, and each of
# two rare words together.
_LIKE_ONE, _LIKE_BOTH = 0.0, 2.0
# A list of single capitalised words ending "…, B and C" (``PersonFinder.listed``): read back from each " and ".
_AND_NAME = re.compile(rf" and (?=[{_UPPER}])")
_LIST_ITEM = re.compile(rf"[{_UPPER}][^\W\d_]+(?![\w@\-])")
_NOT_BEFORE_LIST = frozenset("@#/\\$%+<_.-0123456789")
_AT = re.compile(r"\bat[ \t]+\Z")
# A list of people is said in a sentence; a firm's name stands alone on its line ("Marshall, Hernandez and Simpson").
_IN_SENTENCE = re.compile(r"[ \t]*(?:[.!?,;:)]|[a-z])")
_RUNS_KEPT = 4096  # runs of capitalised words whose names are remembered (see PersonFinder._run)
_PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "ьич")

# CJK: the script's characters, the cues before a name, the honorifics after one, and the
# surnames that anchor a Chinese or Korean name (the most common ones; Japanese surnames are in
# the lexicon).
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK_CH = re.compile(rf"[{_CJK}]")
_CJK_BEFORE = re.compile(
    r"(?:我叫|我是|我姓|联系人|聯絡人|姓名|名字|收件人|收货人|担当の|担当者|担当|私は|氏名|名前は|名前|お名前|宛先|"
    r"저는|제 이름은|이름|담당자)"
    rf"[:：\s]*([{_CJK}]{{2,8}}(?:[ \u3000][{_CJK}]{{1,6}})?|[{_CJK}][ \u3000][{_CJK}]{{1,6}})"
)
_HONORIFIC = re.compile(r"[ \u3000]?(?:様|さま|さん|くん|先生|女士|小姐|同学|老师|经理|님|씨|氏|殿)")
_CJK_TRAIL = re.compile(
    rf"(?:です|と申します|と言います|입니다|이고|라고|이에요|예요|が|は|の|に|を|で|と|も|가|은|는|을|를|의|에게|님|씨|様|さん|先生|女士|小姐)[{_CJK}]*$"
)
_HAN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부"
)


def _brand(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a brand's: a word of ``_GOODS`` is in it past its first word ("Classic
    Polo" of "Hugo Boss Classic Polo") or comes within a few words after it with no function word between;
    not a possessive ("Paul Smith's jacket" is his)."""
    if text[b - 2 : b] in ("'s", "’s"):
        return False
    if any(w.lower() in _GOODS for w in text[a:b].split()[1:]):
        return True
    m = _WORDS_AFTER.match(text, b)
    if m is None:
        return False
    for word in m.group(0).split():
        w = word.lower()
        if w in _GOODS:
            return True
        if w in _FUNCTION_WORDS:
            return False
    return False


@cache
def _places() -> frozenset[str]:
    """Countries and US states of one word, many of them given names too (Jordan, Georgia, Chad):
    "Jordan said" is a country's statement as often as a person's."""
    countries = {names["aa"].casefold() for names in _locale_data().values() if " " not in names.get("aa", " ")}
    return frozenset(countries) | _STATES


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' country names by language, from its module file alone: imported as
    ``phonenumbers.geodata.locale`` it first runs its package's ``__init__``, which loads 40 MB of per-prefix
    geodata that is never read here (0.4 CPU-s in every process that redacts a text; this file, 0.02)."""
    import phonenumbers

    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOCALE_DATA


_STATES = frozenset(
    {
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
        "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
        "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
        "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
        "washington", "wisconsin", "wyoming", "carolina", "dakota",
    }
)  # fmt: skip


def _strip_marks(word: str) -> str:
    """``word`` without its combining marks (ă -> a, ț -> t, é -> e)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _hyphened_start(text: str, p: int) -> int:
    """Where the hyphenated word holding ``text[p]`` starts (``Jean-Luc``, ``Anne-Marie-Louise``)."""
    q = p
    while q > 1 and text[q - 1] == "-" and text[q - 2].isalpha():
        q -= 1
        while q > 0 and text[q - 1].isalpha():
            q -= 1
    return q if text[q : q + 1].isupper() else p


def _pair_at(text: str, shape: bytes | None, pos: int) -> int:
    """Where the first two capitalised words side by side start in ``text`` from ``pos``, or -1. In the shape,
    the first candidate where ``_PAIR_ASCII`` matches is its leftmost match: none starts before a candidate."""
    if shape is None:
        p = (_PAIR_ASCII if text.isascii() else _PAIR).search(text, pos)
        return -1 if p is None else p.start()
    while (c := _PAIR_SHAPE.search(shape, pos)) is not None:
        if _PAIR_ASCII.match(text, c.start()):
            return c.start()
        pos = c.start() + 1
    return -1


class PersonFinder:
    """Finds person-name spans in a text: ``find(text)`` yields (start, end)."""

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()
        self._runs: dict[str, tuple[tuple[int, int], ...]] = {}  # run -> its names' spans in it

    def _kind(self, word: str) -> tuple[int, int, bool]:
        """(given tier, surname tier, common word) of one capitalised word; 0 is not a name."""
        w = word.casefold().replace("’", "'").removesuffix("'s")  # a possessive: Turcotte's
        if w in _NEVER:
            return 0, 0, True
        lex = self.lex
        if "-" in w:  # Weiß-Müller, Jean-Pierre: the parts decide
            parts = [p for p in w.split("-") if p]
            g = max((lex.given.get(p, 0) for p in parts), key=lambda t: -t if t else -9, default=0)
            s = max((lex.surname.get(p, 0) for p in parts), key=lambda t: -t if t else -9, default=0)
            return g, s, False
        g, s = lex.given.get(w, 0), lex.surname.get(w, 0)
        if not (g or s) and not w.isascii():  # "Mădălin" as "Madalin": names are listed with or without marks
            bare = _strip_marks(w)
            g, s = lex.given.get(bare, 0), lex.surname.get(bare, 0)
        common = w in lex.words or (w in lex.rare_words and TOP not in (g, s))
        if not (g or s) and w.endswith(_PATRONYMIC):
            s = COMMON
        return g, s, common

    def alone(self, word: str) -> bool:
        """One capitalised word that is a person's name by itself where a cue says a person stands: a
        common given name, not an ordinary word, a place, nor a word that starts places or greetings."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in _NOT_FIRST or w in _places():
            return False
        g, _, common = self._kind(word)
        return not common and 0 < g <= COMMON

    def lower_case(self, text: str) -> Iterator[tuple[int, int]]:
        """Names in a text typed all in lower case ("follow up with patricia desrosiers"): a common given
        name, a middle initial perhaps, then a common surname, neither an ordinary word nor a place."""
        if _LOWER_PAIR.search(text) is None:
            return  # no two words side by side: a JSON body's structure ('"role": "user"'), a URL
        words = [(m.start(), m.end(), m.group(0)) for m in _LOWER_WORD.finditer(text)]
        i = 0
        while i + 1 < len(words):
            a, e, first = words[i]
            j = i + 1
            if len(words[j][2]) == 1 and j + 1 < len(words) and _INITIAL_GAP.fullmatch(text, e, words[j + 1][0]):
                j += 1  # "benjamin a seiler", "hyuuma t. maida"
            if (
                self.alone(first.capitalize())
                and _GAP.fullmatch(text, e, words[i + 1][0])
                and self._surname(words[j][2])
            ):
                yield a, words[j][1]
                i = j + 1
            else:
                i += 1

    def named(self, word: str) -> bool:
        """One capitalised word that is a common given name or surname somewhere, not an ordinary word nor a
        place: a person's name where the words around say a person stands (a list of them, "says X")."""
        w = word.casefold()
        if len(w) < 3 or not word[:1].isupper() or word.isupper() or w in _NOT_FIRST or w in _places():
            return False
        g, s, common = self._kind(word)
        return not common and (0 < g <= COMMON or 0 < s <= COMMON)

    def listed(self, text: str) -> Iterator[tuple[int, int]]:
        """Given names in a list of them ("Gladys and Logan", "Gaetane, Derek, Anna and Andrew"): each item a
        given name somewhere, two of them common ones (``alone``), so "Red, Green and Blue" is none; a list after
        "at" or alone on its line is a firm's ("a year at Jones, Mitchell and Williams")."""
        for m in _AND_NAME.finditer(text):  # most " and "s join words in lower case: nothing to do there
            p = m.start()
            if p and (text[p - 1].isalpha() or text[p - 1] == ","):
                yield from self._list_before(text, p)

    def _list_before(self, text: str, p: int) -> list[tuple[int, int]]:
        """The items of the list whose " and " is at ``p``, if they make one of given names."""
        last = _LIST_ITEM.match(text, p + 5)
        if last is None or not _IN_SENTENCE.match(text, last.end()):
            return []
        items = [last.span()]
        q = p - 1 if text[p - 1] == "," else p  # "A, B, and C"
        while True:
            i = q
            while i > 0 and text[i - 1].isalpha():
                i -= 1
            if i == q or not text[i].isupper() or len(items) > 12:
                return []
            items.append((i, q))
            if text[i - 2 : i] != ", ":
                break
            q = i - 2
        if i and (text[i - 1] in _NOT_BEFORE_LIST or _AT.search(text, max(0, i - 4), i)):
            return []
        words = [text[a:b] for a, b in items]
        if all(g and not common for g, _, common in map(self._kind, words)) and sum(map(self.alone, words)) >= 2:
            return items[::-1]
        return []

    def _surname(self, word: str) -> bool:
        if len(word) < 2 or word in STOP_WORDS or word in _NOT_FIRST or word in _places():
            return False
        _, s, common = self._kind(word)
        return not common and 0 < s <= COMMON

    def find(self, text: str, shape: bytes | None = None) -> Iterator[tuple[int, int]]:
        """Name spans in ``text`` (``shape``: an ASCII text's, see ``_PAIR_SHAPE``): a fast search for
        two capitalised words side by side, then the full pattern of a run anchored there."""
        pos = 0
        while (p := _pair_at(text, shape, pos)) >= 0:
            start = p
            if text[start - 1 : start] == "-":  # "Jean-Luc Picard": the pair began at "Luc"
                start = _hyphened_start(text, start)
            m = _RUN.match(text, start)
            if m is None:
                pos = p + 1
                continue
            pos = m.end()
            for a, b in self._run(text, m.start(), m.end()):
                if b == m.end() and (head := _HEAD_AFTER.match(text, b)) and head.group(1).lower() in _PLACE_HEADS:
                    continue  # "Charles de Gaulle airport"
                if _brand(text, a, b):
                    continue  # "Kate Spade crossbody bag", "Ben Sherman Classic Polo"
                yield a, b

    def _run(self, text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
        """The names in the run ``text[a:b]``: they depend on the run's words alone (its bounds were
        found in context), so a run met again ("Northwind Outfitters" in every request of one
        application, a customer's name in every turn) takes them from a bounded memo."""
        run = text[a:b]
        spans = self._runs.get(run)
        if spans is None:
            spans = self._runs[run] = tuple(self._names_in(run))
            if len(self._runs) > _RUNS_KEPT:
                del self._runs[next(iter(self._runs))]  # the oldest
        for s, e in spans:
            yield a + s, a + e

    def _names_in(self, run: str) -> Iterator[tuple[int, int]]:
        toks = [(t.start(), t.end(), t.group(0)) for t in _TOKEN.finditer(run)]
        i = 0
        while i < len(toks):
            got = self._window(toks, i)
            if got is None:
                i += 1
                continue
            j = got
            if j + 1 < len(toks) and toks[j + 1][2].casefold() in _PLACE_HEADS:
                i = j + 2  # "George Washington Bridge": a place named after a person
                continue
            end = toks[j][1]
            yield toks[i][0], end - 2 if run[end - 2 : end] in ("'s", "’s") else end
            i = j + 1

    def _window(self, toks: list[tuple[int, int, str]], i: int) -> int | None:
        """The last token of a name starting at token ``i``, or None."""
        first = toks[i][2]
        if first.casefold() in _PART_SET or first.endswith(".") or first.casefold() in _NOT_FIRST:
            return None
        g0, s0, common0 = self._kind(first)
        if common0 or (not (g0 or s0) and not self._unknown_ok(first)):
            return None
        best = None
        names = 1
        for j in range(i + 1, min(len(toks), i + 7)):
            w = toks[j][2]
            if w.casefold() in _PART_SET or w.endswith(".") or (len(w) == 1 and w.isupper() and j + 1 < len(toks)):
                continue  # a particle, or an initial with its dot or without ("Ravil G Yefimov")
            if len(w) <= 3 and w.isupper():
                break  # "Sydney NSW", "Austin TX": a state's code after a city, not a surname
            g, s, common = self._kind(w)
            if common:
                break
            names += 1
            if names > 4:
                break
            if self._pair(g0, s0, first, g, s, w):
                best = j
            elif not (g or s) and not self._unknown_ok(w):
                break
        return best

    @staticmethod
    def _unknown_ok(word: str) -> bool:
        """A capitalised word not in the lexicon that can still be a rare name: letters, not shouting."""
        core = word.replace("-", "").replace("'", "").replace("’", "")
        return (len(core) >= 3 and not core.isupper() and core[1:].islower()) or "-" in word

    def _pair(self, g0: int, s0: int, first: str, g: int, s: int, last: str) -> bool:
        """Two words that make a name: a known given name or surname on each side, or one known
        and one rare word that still looks like a name, or two rare words that look like names."""
        if (g0 or s0) and (g or s):
            return bool(g0 and (s or g)) or bool(s0 and g) or bool(s0 and s and min(s0, s) <= COMMON)
        like = self.lex.name_likeness
        if g0 and not (g or s):  # Marcus Wieloch-Bolnbach
            return len(last) >= 3 and (g0 <= COMMON or like(last.casefold()) >= _LIKE_ONE)
        if s and not (g0 or s0):  # Xiomara Gonzalez
            return len(first) >= 3 and (s <= TOP or like(first.casefold()) >= _LIKE_ONE)
        a, b = like(first.casefold()), like(last.casefold())
        return min(a, b) >= _LIKE_BOTH and a + b >= 2 * _LIKE_BOTH + 4

    def cjk(self, text: str) -> Iterator[tuple[int, int]]:
        """CJK names after a cue or before an honorific."""
        for m in _CJK_BEFORE.finditer(text):
            a, b = m.span(1)
            trail = _CJK_TRAIL.search(text, a + 2, b)
            if trail is not None:
                b = trail.start()
            if cjk_name_ok(text[a:b]):
                yield a, b
        for m in _HONORIFIC.finditer(text):
            got = self._before_honorific(text, m.start())
            if got is not None:
                yield got

    def _before_honorific(self, text: str, end: int) -> tuple[int, int] | None:
        """The name that ends at ``end``: from a known surname, 2-4 characters (a space allowed)."""
        lo = end
        while lo > 0 and end - lo < 6 and (_CJK_CH.match(text[lo - 1]) or text[lo - 1] in " \u3000"):
            lo -= 1
        window = text[lo:end]
        if not window.strip():
            return None
        best = None
        for i in range(len(window) - 2, -1, -1):
            core = window[i:].replace(" ", "").replace("\u3000", "")
            if len(core) > 4 or window[i] in " \u3000":
                continue
            if window[i] in _HAN_SURNAMES or window[i : i + 2] in self.lex.surname or " " in window[i:]:
                best = i
        if best is None or not cjk_name_ok(window[best:]):
            return None
        return lo + best, end
