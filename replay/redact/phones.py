"""Phone numbers among the digit runs ``digits`` finds: a run's readings in the policy's regions
(``phonenumbers``, each parsed once), the cues before or after it that make it someone's phone, and
whether it is one of replay's own pseudonyms."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import phonenumbers
from ahocorasick_rs import AhoCorasick
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberType

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, is_phone_pseudonym, is_raw_phone_pseudonym

__all__ = [
    "CUE_REACH",
    "ENDPOINT_KEYS",
    "PHONE_CUES",
    "PhoneFinder",
    "extension_at",
    "literal_alternation",
    "script_regions",
    "valid_number",
]

# phonenumbers compiles each metadata pattern it tries through ``re.compile``, whose cache lookup is most of a
# validity check's cost (a UK number's ``is_valid_number``: 23 us, 12.5 with the patterns kept). Its own cache
# (phonenumbers 9.0.43 on) keeps them, a few hundred patterns at most: the metadata's. Older releases lack it.
if (_keep_patterns := getattr(phonenumbers, "enable_pattern_cache", None)) is not None:
    _keep_patterns()

CUE_REACH = 32  # how far before a digit run its phone or version cue is looked for
_NONDIGIT = re.compile(r"\D")
_YEARS = re.compile(r"(?:19|20)\d\d ?[-/] ?(?:19|20)\d\d")  # "2024-2025": a span of years, cue or not
_GROUPS = re.compile(r"[ .\-()]+")
PHONE_CUES = (
    "phone", "tel", "call", "mobile", "cell", "whatsapp", "sms", "text me", "fax", "contact", "number", "reach",
    "ring me", "dial", "handy", "desk", "office", "landline", "hotline", "helpline", "switchboard", "registered",
    "messages to", "message to", "answering at", "móvil", "movil", "portable", "telefon", "teléfono", "téléphone",
    "携帯", "電話", "手机", "电话", "전화", "휴대폰", "телефон", "celular", "telemóvel", "telemovel", "ring mig",
    "bel me", "bel mij", "هاتف", "جوال", "फ़ोन", "फोन", "मोबाइल", "mobil", "mobiel", "gsm", "komórk", "rufnummer",
    "tfno", "tlf", "telf",
    # Greek, Hebrew, Russian, Korean, Japanese, Chinese, Vietnamese, Thai words for a phone, a mobile, a contact, its
    # number
    "τηλέφων", "τηλεφων", "κινητό", "κινητο", "טלפון", "נייד", "тел.", "моб.", "мобильн", "номер", "연락처", "번호",
    "連絡先", "联系", "điện thoại", "sđt", "โทร", "เบอร์", "핸드폰", "휴대전화",
    # Bengali, Persian, Urdu, Arabic, Tamil, Marathi, Hindi, Telugu, Kannada, Malayalam, Gujarati words for a phone
    # or a mobile; Greek's "τηλ." (not "τηλεόραση"); Indonesian's and Malay's "no HP", "telp", "ponsel"; Turkish's
    "মোবাইল", "ফোন", "موبایل", "تلفن", "فون", "موبائل", "موبايل", "تلفون", "தொலைபேசி", "கைபேசி", "அலைபேசி",
    "மொபைல்", "मोबाईल", "दूरभाष", "ఫోన్", "ಫೋನ್", "ഫോൺ", "ફોન", "τηλ.", "τηλ:", "no hp", "no. hp", "nomor hp",
    "no telp", "telp", "telepon", "ponsel", "cep tel", "cep no",
    # calling and reaching in German, Italian, French, Spanish, Dutch ("rufen Sie mich unter", "contattare il
    # supporto al", "me joindre au", "llámame al"); a number word only right before the run (``_phone_cued``)
    "rufen", "ruf mich", "ruf mal", "ruf uns", "anruf", "erreichbar", "kontakt", "contatt", "chiam", "fisso",
    "cellulare", "joindre", "appel",
    "llam", "llám", "bereikbaar", "numero", "número", "nummer",  # "llám": the imperative's accent ("llámame al")
    # a phone in Swahili, Finnish ("puh.", "puhelin"), Brazil's chat ("meu whats é"); a number in Polish, Czech,
    # Indonesian, Swahili, Hungarian ("számom": my number), Hindi, Hebrew ("המספר": the number)
    "simu ", "simu:", "puh.", "puh:", "puhelin", "whats ", "numer", "číslo", "nomor", "nambari", "namba", "számom",
    "नंबर", "המספר",
    # Brazil's short "fone", Indonesia's and Malaysia's "HP" (handphone) without its "no"
    "fone", "hp ", "hp:", "hp.",
    # Hebrew's abbreviation of טלפון, with its geresh or a dot ("טל': 03-5551234")
    "טל'", "טל׳", "טל.",
    # Latin America's short "cel" with its "my" or its stop (a bare "cel:" is Polish's goal: "Cel: 25000000 zł"),
    # Brazil's calling ("pode me ligar no (11) 9…"; "ligar" alone is Spanish's joining), India's "mob", Nigeria's
    # and Kenya's "my line"
    "mi cel", "cel.", "me ligar", "me liga", "ligar para", "ligar no", "liga pra", "mob:", "mob.", "mob no",
    "my line",
)  # fmt: skip
# A number word says the run after it is a phone's only with nothing but a verb between ("al numero 800123456",
# "Nummer: 0151 98765432"), not "numero di conto corrente è 1234567".
_NUMBER_WORDS = frozenset(
    {"numero", "número", "nummer", "номер", "번호", "numer", "číslo", "nomor", "namba", "nambari", "számom", "नंबर"}
    | {"המספר"}
)
# the verb "is" of Italian, Spanish, German, English, French, Portuguese, Romanian, Polish, Czech, Swahili, Finnish,
# Tagalog, Indonesian, Swedish, Danish and Norwegian; "my" where Swahili, Tagalog and Indonesian put it, after the
# number's word ("namba yangu ni 0712…", "number ko ay", "nomor saya 0812…")
_RIGHT_BEFORE = re.compile(
    r"[ \t:.]*(?:(?:yangu|ko|saya|aku|ku)[ \t]+)?(?:(?:è|es|ist|is|est|é|e|to|je|ni|on|ay|adalah|är|er|:)[ \t:]*)?\Z"
)


# Normalized keys of a call's or a message's two ends (SMPP's destination_addr, a call record's calling_number, an
# SMS gateway's "to"): a number there is written as the network carries it, often with no "+" ("4915734567890")
ENDPOINT_KEYS = frozenset(
    {"to", "from", "recipient", "sender", "originator", "receiver", "destination", "source", "src", "dst"}
    | {"destinationaddr", "destaddr", "sourceaddr", "srcaddr", "dstaddr", "caller", "callee", "callerid"}
    | {"callednumber", "callingnumber", "calledparty", "callingparty", "anumber", "bnumber", "ani", "dnis"}
)


_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# The numbers only a business has: a toll-free, a premium-rate, a shared-cost line, a number for all its offices
_BUSINESS_TYPES = frozenset(
    {PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN}
)


def literal_alternation(words: Sequence[str]) -> str:
    """A pattern that matches where ``"|".join(map(re.escape, words))`` does, the same word at each position,
    as a tree of their shared starts: ``re`` tries the alternatives of a flat one each in turn at every
    position (25,000 instructions over a 32-character window of 50 words), of this one the few that go on
    from the characters read. At a position the flat one takes the first word in ``words`` that matches; so
    does the tree: branches that start with different characters exclude each other, and where a word ends
    inside a longer one's branch, the words after it in ``words`` there are dropped and it comes last."""

    def tree(items: list[tuple[str, int]]) -> str:
        end = min((i for w, i in items if not w), default=None)
        branches: dict[str, list[tuple[str, int]]] = {}
        for w, i in items:
            if w and (end is None or i < end):
                branches.setdefault(w[0], []).append((w[1:], i))
        alts = [re.escape(c) + tree(rest) for c, rest in branches.items()]
        if end is None and len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts + [""] * (end is not None)) + ")" if alts else ""

    return tree([(w, i) for i, w in enumerate(words)])


# Every cue in a window, in one pass over it (not a substring test per cue); the one at a word's start
# (not iPhone, hotel) is ``_word_cue``'s.
_PHONE_AC = AhoCorasick(list(PHONE_CUES))


def _word_cue(low: str, pos: int, end: int) -> tuple[int, int, str] | None:
    """The first cue in ``low[pos:end]`` at a word's start (its start, end and text), as ``(?<![a-z])``
    before the cues' alternation would find it: at the first start, the first of ``PHONE_CUES`` there. From every
    cue the automaton finds in the window (a regex search tried the cues at every position: 17,000
    instructions over a window with none, 6,000 here)."""
    best = None
    for i, s, e in _PHONE_AC.find_matches_as_indexes(low[pos:end], overlapping=True):
        s += pos
        if (s and "a" <= low[s - 1] <= "z") or (best is not None and (s, i) >= best[:2]):
            continue
        best = (s, i, pos + e)
    return None if best is None else (best[0], best[2], PHONE_CUES[best[1]])


# "number" after the name of a thing numbered is no phone's cue: "tracking number 390786061990".
_THINGS = (
    r"tracking|order|invoice|account|reference|ref|ticket|case|serial|model|part|item|product|confirmation"
    r"|policy|customer|member|booking|registration|transaction|shipment|parcel|package|batch|lot|document"
    r"|claim|card|routing|version|build|page|seat|room|flight"
)
_THING_NUMBER = re.compile(
    rf"(?:{_THINGS}"
    # a firm's or a charity's number in its register, a VAT number: public, and no phone's
    r"|company|charity|vat|registered)[ \t]*\Z"
    # a JSON key's: "case_number", "order-number" (not "document_number": a passport's or an id card's), or its
    # object's ("case": {"number": …)
    r"|(?:order|case|ticket|invoice|tracking|booking|transaction|shipment|parcel|item|product|part|batch|lot|page"
    r"|seat|room|flight|version|build)(?:[_\-]+|\\*\"[ \t]*:[ \t]*\{[ \t]*\\*\")\Z"
)
# Between a phone's cue and a digit run, the name of the thing the run numbers: "Call reference: 00012345" ("call" a
# noun), "contact ticket #12345678".
_THING_NAMED = re.compile(rf"(?<![^\W\d_])(?:{_THINGS})[ \t]*[:#]?[ \t]*\Z")
# Before a bare run of digits with no cue, the name of a thing numbered, in English and in the languages of the scripts
# whose mobile numbers a bare run is read as (``PhoneFinder._bare_mobile``): Vietnamese's code, order, invoice, account,
# tax number ("mã đơn hàng 0312345678", "MST 0312345678"), Thai's order and number, Korean's order and waybill
_THING_BEFORE = re.compile(
    r"(?:order|invoice|account|ref|ticket|case|tracking|booking|customer|member|factuur|rechnung|facture|factura"
    r"|fattura|bestel|pedido|commande|ordine|mã|đơn|tài khoản|stk|mst|thuế"
    r"|คำสั่งซื้อ|เลขที่|พัสดุ|주문|송장|注文|伝票|#)[^\n.!?]{0,14}\Z"
)
# Between a cue and a digit run, what says the run is another's: a sentence or a line of words in
# between ("on the phone.\nOrder 02924711"), or the next field ("phone=+27…&ts=1707988977", "phone":
# "+27…", "ts": …); a list of objects under the cue is still its ("phoneNumbers": [{"value": "…).
# Between two digit runs, the end of a field or a value: a quote, a bracket, a tag's, a form's or a CSV's delimiter
# ("phone": "816 74 10 64"}}}, {"id": "6247732103")
_FIELD_EDGE = re.compile(r'["{}\[\]<>=&|;\t\n]')
_CUE_BREAK = re.compile(r"[.!?]\s+[^\W\d_]|\n\s*[^\W\d_]|&|,\s*\\*\"")
# A cue right after the number: "082 490 1693-Office", "416 60 039 office", "555 0199 (mobile)"; Tagalog's "my
# number" after it ("0945 678 9012 po number ko").
_PHONE_AFTER = re.compile(
    r"[ \t]*[-(]?[ \t]*(?:office|fax|mobile|cell|home|work|landline|direct|tel|phone|(?:po[ \t]+)?number[ \t]+ko)\b"
)
# An extension after a number: "+1-604-696-5272x565", "(898)666-3621 ext. 35".
_EXTENSION = re.compile(r"[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6}(?![\w])", re.I)


def _phone_cued(low: str, a: int) -> bool:
    """A phone's cue within ``CUE_REACH`` before ``a``, that is about the digit run at ``a``."""
    lo = max(0, a - CUE_REACH)
    m = _word_cue(low, lo, a)
    cued = False
    while m is not None:
        start, end, cue = m
        if cue == "number" and _THING_NUMBER.search(low, max(lo, start - 16), start):
            cued = False  # a thing's number nearer the run than a phone's cue: "I called about case number 00012345"
        elif _THING_NAMED.search(low, end, a) is not None:
            cued = False  # the thing numbered named between the cue and the run: "Call reference 00012345"
        elif (
            not (cue in _NUMBER_WORDS and _RIGHT_BEFORE.match(low, end, a) is None)
            # "주문번호" (an order's number): Korean joins what is numbered to 번호; a phone's compounds
            # (전화번호, 휴대폰번호) are cued by their own first word
            and not (cue == "번호" and start > 0 and "\uac00" <= low[start - 1] <= "\ud7a3")
            and _CUE_BREAK.search(low, end, a) is None
        ):
            cued = True
        m = _word_cue(low, end, a)
    return cued


def extension_at(text: str, b: int) -> bool:
    """An extension right after a number ending at ``b`` ("x769", " ext. 35"): the number stands alone."""
    return _EXTENSION.match(text, b) is not None


def _national_shape(s: str, num: phonenumbers.PhoneNumber) -> bool:
    """``s`` is grouped the way its country writes its numbers (``020 7946 0958``, ``(415) 555-0132``)."""
    groups = [g for g in _NONDIGIT.split(s) if g]
    formatted = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    return groups == [g for g in _NONDIGIT.split(formatted) if g]


def valid_number(num: phonenumbers.PhoneNumber) -> bool:
    """``phonenumbers.is_valid_number(num)``, with a number's types matched once. Where regions share a country
    code (+44: GB, GG, IM, JE; +1: US, CA and 23 more), the library finds the number's region as the first whose
    leading digits it has or whose types it matches, then matches that region's types again: a UK landline took
    120,000 instructions, 66,000 here. tests/redact/test_prefilters compares the two on every shared code."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(num.country_code)
    if regions is None or len(regions) == 1:
        return phonenumbers.is_valid_number(num)
    nsn = phonenumbers.national_significant_number(num)
    for region in regions:
        meta = PhoneMetadata.metadata_for_region(region, None)
        if meta is None:
            continue
        if meta.leading_digits is not None:
            if re.match(meta.leading_digits, nsn):
                return phonenumbers.is_valid_number_for_region(num, region)
        elif phonenumbers.is_valid_number_for_region(num, region):
            return True  # the region the library would find, and the number valid there
    return False


# The countries a script is written in, whose national numbers a text in it holds: a Bengali chat's ``০১৭১৮ ৪২৯৩৬৫``
# is Bangladesh's mobile whatever the policy's regions, a Greek form's ``6974 221 908`` a Greek one. Tried after
# the policy's, so a number they read is read as before; an ASCII text has none (nothing changes there). Han alone
# is Chinese; with kana it is Japanese (the kana's entry says so).
_SCRIPT_REGIONS = tuple(
    (re.compile(f"[{chars}]"), regions)
    for chars, regions in (
        ("\u3040-\u30ff", ("JP",)),
        ("\uac00-\ud7af\u1100-\u11ff\u3130-\u318f", ("KR",)),
        ("\u4e00-\u9fff", ("CN", "TW", "HK")),
        ("\u0e00-\u0e7f", ("TH",)),
        ("\u0e80-\u0eff", ("LA",)),
        ("\u1780-\u17ff", ("KH",)),
        ("\u1000-\u109f", ("MM",)),
        ("\u0900-\u097f", ("IN", "NP")),
        ("\u0980-\u09ff", ("BD", "IN")),
        ("\u0a00-\u0b7f\u0c00-\u0d7f", ("IN",)),  # Gurmukhi, Gujarati, Oriya; Telugu, Kannada, Malayalam
        ("\u0b80-\u0bff", ("IN", "LK")),  # Tamil
        ("\u0d80-\u0dff", ("LK",)),
        ("\u0370-\u03ff", ("GR", "CY")),
        ("\u0400-\u04ff", ("RU", "UA", "BY", "KZ", "BG", "RS")),
        ("\u0530-\u058f", ("AM",)),
        ("\u10a0-\u10ff", ("GE",)),
        ("\u0590-\u05ff", ("IL",)),
        ("\u1200-\u137f", ("ET",)),
        # Persian's and Urdu's letters first (their countries' numbers are read before the Arab states')
        ("\u067e\u0686\u0698\u06af\u06cc", ("IR", "AF")),
        ("\u0679\u0688\u0691\u06ba\u06d2", ("PK",)),
        (
            "\u0600-\u06ff",
            ("EG", "SA", "AE", "IQ", "JO", "MA", "DZ", "TN", "KW", "QA", "BH", "OM", "LB", "SY", "YE", "LY", "SD"),
        ),
        ("\u1ea0-\u1eff\u01a0\u01a1\u01af\u01b0\u0111", ("VN",)),  # Vietnamese's letters
        ("\u011f\u0131\u015f", ("TR", "AZ")),  # Turkish's ğ ı ş
        # the letters of one language or two among the Latin script's: Polish's ą ę ł ń ś ź ż, Czech's ě ř ů,
        # Slovak's ľ ĺ ŕ, Romanian's ș ț ă, Hungarian's ő ű, Portuguese's ã õ, the Nordic languages' å (Vietnamese's
        # ă ã õ are read before, its own letters' entry above)
        ("\u0105\u0119\u0142\u0144\u015b\u017a\u017c", ("PL",)),
        ("\u011b\u0159\u016f", ("CZ",)),
        ("\u013e\u013a\u0155", ("SK",)),
        ("\u0219\u021b\u0103", ("RO", "MD")),
        ("\u0151\u0171", ("HU",)),
        ("\u00e3\u00f5", ("BR", "PT")),
        ("\u00e5", ("SE", "NO", "DK", "FI")),
    )
)  # fmt: skip


# A number written as Japan, Korea or Taiwan write theirs, a trunk 0 and three groups, the last two of three or four
# digits and four ("090-4418-2763", "03-5412-7788", "010 4821 7735"): in a text of no script that points at one
# ("Tell the hotel to call 090-4418-2763"), the script's countries are tried for it, each reading in its own shape.
# A date ("05-06-2024") has a group of two in the middle, an order number ("2024-0615-0001") no trunk 0.
_TRUNK_GROUPED = re.compile(r"0\d{1,4}[- ]\d{3,4}[- ]\d{4}")
# North America's written number: its area code in brackets, a blank, three digits, a dash, four
_PARENTHESISED = re.compile(r"\(\d{3}\) ?\d{3}-\d{4}")
# European countries whose numbers start with a trunk 0 and whose mobiles' first group says so ("06", "04xx", "07x"):
# the Netherlands, Belgium, Sweden, Switzerland, Austria, Ireland, Finland
_TRUNK_MOBILE_REGIONS = ("NL", "BE", "SE", "CH", "AT", "IE", "FI")


@cache
def _trunk_mobile_firsts() -> dict[str, tuple[int, str]]:
    """Each region of ``_TRUNK_MOBILE_REGIONS`` -> its example mobile's first group, as its national format writes it:
    that group's length and its first two digits ("06" of "06 12345678", 4 and "04" of "0450 00 12 34")."""
    firsts = {}
    for region in _TRUNK_MOBILE_REGIONS:
        num = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        first = _NONDIGIT.split(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL), 1)[0]
        firsts[region] = (len(first), first[:2])
    return firsts


_ABROAD_REGIONS = tuple(dict.fromkeys(r for _, regions in _SCRIPT_REGIONS for r in regions))


def script_regions(text: str) -> tuple[str, ...]:
    """The regions whose numbers ``text``'s scripts point at (``_SCRIPT_REGIONS``), in its order, each once."""
    if text.isascii():
        return ()
    found: dict[str, None] = {}
    for pattern, regions in _SCRIPT_REGIONS:
        if pattern.search(text) is not None:
            found.update(dict.fromkeys(regions))
    return tuple(found)


_UNREAD = object()
_READINGS_KEPT = 4096  # phone readings (and their validity) kept


def _keep(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= _READINGS_KEPT:
        del memo[next(iter(memo))]  # the oldest
    memo[key] = value


class PhoneFinder:
    """Phones among digit runs, read in the policy's regions in turn, then in those the text's scripts point at."""

    def __init__(self, ps: Pseudonyms, regions: tuple[str, ...]):
        self.ps = ps
        self.regions = regions
        self._text = ""
        self._now: tuple[str, ...] | None = regions  # the regions of ``_text``; None until they are needed
        self._last: tuple[int, str] | None = None  # where the last phone taken in ``_text`` ends, its region
        self._parsed: dict[tuple[str, str | None], phonenumbers.PhoneNumber | None] = {}
        self._validity: dict[tuple[str, str | None], bool] = {}

    def at(self, text: str, low: str, s: str, a: int, b: int, hits: list[Hit], inner: bool = False) -> bool:
        """The digit run ``s`` at ``text[a:b]`` as a phone, if it is one; True when it was taken (``text`` the one
        ``read_in`` was last given)."""
        # "0041 78 171 74 66": 00 is the international prefix most of the world dials, read as "+41 …"
        # when that is a valid number (not merely a possible one: zeros lead many ids)
        intl = s[:2] == "00" and s[2:3] not in ("", "0")
        probe = "+" + s[2:] if intl else s
        plus = probe.startswith("+")
        body = probe.lstrip("+")
        has_sep = any(c in body for c in " .-()")  # five finds, not a step per character
        cued = s.startswith("+") or _phone_cued(low, a) or _PHONE_AFTER.match(low, b) is not None
        listed = None if cued or inner else self._listed(low, s, a)
        if (not has_sep or inner) and not (cued or listed):
            if inner or (mobile := self._bare_mobile(s)) is None or _THING_BEFORE.search(low, max(0, a - 24), a):
                return False  # "9400 1641 0345 2848 7920 79": a tracking number's groups, one of them a Halle landline
            pseudo = self.is_pseudonym(s, s)
            hits.append(guard(a, b) if pseudo else Hit(a, b, "phone", self.ps.phone(s, mobile), 50))
            return True
        elif s.count(".") == 1 and not any(c in body for c in " -()"):
            return False  # a decimal number
        elif _YEARS.fullmatch(s):
            return False
        groups = [g for g in _GROUPS.split(body) if g]
        lone = any(len(g) == 1 for g in groups[2 if plus else 1 :]) and "(0)" not in body
        if lone and not plus:
            return False  # "0 870 792", "5 12 2024 1 3": no one writes a national number with a group of one
        num = self.parse(probe, valid_only=True)  # "+30 21 0 1234567": Athens' 210 split; its country code says it
        if num is None and listed:
            num = self._valid_in(s, listed)
        if num is None and cued and not intl and not lone:  # "call 07700 900123": a fictional range is still a number
            num = self._possible(s)
        if num is not None and not (cued or listed or intl or _national_shape(s, num)):
            # "06 12 34 56 78" is valid in Germany first, and written so in France: any region's valid reading
            # written in its own country's shape
            num = next(
                (n for key, n in self._keyed_readings(probe) if self._valid(key, n) and _national_shape(s, n)), None
            )
        if num is None and not plus and _TRUNK_GROUPED.fullmatch(s):
            num = self._abroad(s)
        if num is None and _PARENTHESISED.fullmatch(s) and not (a and (text[a - 1].isalnum() or text[a - 1] == "_")):
            num = self._possible(s)  # "(555) 214-8890": no area code's, but only a phone is written so (not "f(100)")
        if num is None and s[:1] == "0" and has_sep and not _THING_BEFORE.search(low, max(0, a - 24), a):
            num = self._trunk_mobile(s)
        if num is None:
            return False  # "717-5571913", "0 870 792": digits that parse somewhere, but no one writes a phone so
        # (the reading found, too: a Dutch mobile read by its trunk and lead, "06-10625387", in no region tried)
        pseudo = self.is_pseudonym(probe, _NONDIGIT.sub("", probe)) or is_phone_pseudonym(
            num.country_code, phonenumbers.national_significant_number(num)
        )
        hits.append(guard(a, b) if pseudo else Hit(a, b, "phone", self.ps.phone(s, num), 50))
        self._last = (b, phonenumbers.region_code_for_number(num) or "")
        return True

    def _listed(self, low: str, s: str, a: int) -> str | None:
        """The region of a phone that ends within ``CUE_REACH`` before ``a`` in the same sentence and field, when
        nothing named between says the run is a thing's: a list of one's numbers ("Birinci: +905321234567, Ikinci:
        05359876543", "(415) 555-0132, and my international one is …"). It cues only a valid reading, in the policy's
        regions or that phone's (``s`` the run at ``a``)."""
        if self._last is None or not 0 <= a - self._last[0] <= CUE_REACH:
            return None
        end, region = self._last
        if (
            " " not in low[end:a]  # a record's next column, no list's next item: "+14155550132,20240101"
            or _FIELD_EDGE.search(low, end, a) is not None
            or (len(s) == 10 and s[0] == "1" and s.isdigit())  # a Unix time: "+14155550132, 1717200000"
            or _CUE_BREAK.search(low, end, a) is not None
            or _THING_NAMED.search(low, end, a) is not None
        ):
            return None
        return region

    def _valid_in(self, s: str, region: str) -> phonenumbers.PhoneNumber | None:
        """The reading of ``s`` in ``region``, if it is a valid number there."""
        key = (s, region)
        num = self._reading(key)
        return num if num is not None and self._valid(key, num) else None

    def read_in(self, text: str) -> None:
        """Read the runs that follow as ``text``'s: in the policy's regions, then its scripts' (worked out when a
        run is first read, once a text)."""
        if text is not self._text:
            self._text = text
            self._now = None
            self._last = None

    def _regions(self) -> tuple[str, ...]:
        if self._now is None:
            extra = script_regions(self._text)
            self._now = self.regions + tuple(r for r in extra if r not in self.regions)
        return self._now

    def is_pseudonym(self, s: str, digits: str) -> bool:
        """A pseudonym under any reading of the number (it may parse in another region), or an id's nines (what
        ``nationalids.shaped_id`` and the digit passes write for a routing, a tax or an id number)."""
        if is_raw_phone_pseudonym(digits) or (len(digits) > 5 and digits.strip("9") == ""):
            return True
        return any(
            is_phone_pseudonym(num.country_code, phonenumbers.national_significant_number(num))
            for num in self._readings(s)
        )

    def _readings(self, s: str) -> Iterator[phonenumbers.PhoneNumber]:
        """``s`` read as a number of each region in turn (of its own country when it has a +)."""
        for _, num in self._keyed_readings(s):
            yield num

    def _keyed_readings(self, s: str) -> Iterator[tuple[tuple[str, str | None], phonenumbers.PhoneNumber]]:
        """(``s``, region) and the reading of ``s`` there, each parsed once: a number is read again to
        check for a pseudonym, and recurs in every turn of a conversation. The readings are kept as
        parsed (nothing here changes a ``PhoneNumber``), a bounded number of them."""
        for region in (None,) if s.startswith("+") else self._regions():
            key = (s, region)
            num = self._reading(key)
            if num is not None:
                yield key, num

    def _reading(self, key: tuple[str, str | None]) -> phonenumbers.PhoneNumber | None:
        """The number ``key`` (a text, a region) parses to there, or None; parsed once."""
        num = self._parsed.get(key, _UNREAD)
        if num is _UNREAD:
            try:
                num = phonenumbers.parse(*key)
            except phonenumbers.NumberParseException:
                num = None
            _keep(self._parsed, key, num)
        return num  # type: ignore[return-value]

    def _valid(self, key: tuple[str, str | None], num: phonenumbers.PhoneNumber) -> bool:
        """``phonenumbers.is_valid_number`` of the reading ``key``, worked out once."""
        got = self._validity.get(key)
        if got is None:
            got = valid_number(num)
            _keep(self._validity, key, got)
        return got

    def _abroad(self, s: str) -> phonenumbers.PhoneNumber | None:
        """The first valid reading of ``s`` (``_TRUNK_GROUPED``) in a country a script points at, written in that
        country's shape, where the text's own regions read none."""
        for region in _ABROAD_REGIONS:
            if region in self._regions():
                continue  # read already
            key = (s, region)
            num = self._reading(key)
            if num is not None and self._valid(key, num) and _national_shape(s, num):
                return num
        return None

    def _trunk_mobile(self, s: str) -> phonenumbers.PhoneNumber | None:
        """A mobile number of a European country that dials a trunk 0 (``_TRUNK_MOBILE_REGIONS``), not the policy's,
        grouped as its people group one: its first group the national format's, the trunk and the mobile prefix
        ("06-12345678", "06 1234 5678" in the Netherlands, "0470 12 34 56" in Belgium). Bare runs are left to a cue:
        an order's ten digits are a mobile's in some country."""
        first = s[: len(s) - len(s.lstrip("0123456789"))]
        for region, (size, lead) in _trunk_mobile_firsts().items():
            if len(first) != size or not first.startswith(lead) or region in self._regions():
                continue  # not its mobiles' first group: parsed only where it may be one (a parse costs 100 us)
            key = (s, region)
            num = self._reading(key)
            if num is None or not self._valid(key, num) or phonenumbers.number_type(num) not in _MOBILE_TYPES:
                continue
            national = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
            if _NONDIGIT.split(national, 1)[0] == first:
                return num
        return None

    def _bare_mobile(self, s: str) -> phonenumbers.PhoneNumber | None:
        """A run of digits alone, no cue near, read as a mobile number of a country the text's script points at
        (``_SCRIPT_REGIONS``, not the policy's), written as its people write one: its trunk 0, no groups ("em gọi
        0387654321 nhé" in Vietnamese, "0812345678" in Thai). The labelled sets hold no such run in a text of a
        script: none lost there; read without the trunk 0, their Unix times were Korean mobiles ("1717200071") and
        their kept Taiwanese values ("900064158") too."""
        if s[:1] != "0" or not s.isdigit():
            return None
        for region in self._regions()[len(self.regions) :]:
            key = (s, region)
            num = self._reading(key)
            if num is not None and self._valid(key, num) and phonenumbers.number_type(num) in _MOBILE_TYPES:
                return num
        return None

    def _possible(self, s: str) -> phonenumbers.PhoneNumber | None:
        """The first reading of ``s`` that has a possible length for its country."""
        return next((n for n in self._readings(s) if phonenumbers.is_possible_number(n)), None)

    def endpoint(self, digits: str) -> phonenumbers.PhoneNumber | None:
        """A bare digit run under a call's or a message's end (``ENDPOINT_KEYS``) as a phone: valid read as
        international ("4915734567890", +49) or in a policy's region. Ten digits at least, as a number with its
        country code or its trunk prefix has: "from": "20240401" is a date range's, no Egyptian landline; and ten
        that start with 1 are a Unix time's ("from": 1717200000), no number in a region that has no trunk 0."""
        if len(digits) < 10 or (len(digits) == 10 and digits[0] == "1"):
            return None
        num = (len(digits) > 10 and self.parse("+" + digits, valid_only=True)) or self.parse(digits, valid_only=True)
        if num is None or phonenumbers.number_type(num) in _BUSINESS_TYPES:
            return None  # a call record's toll-free or premium-rate number ("b_number": 08001234567) is a firm's
        return num

    def parse(self, s: str, valid_only: bool) -> phonenumbers.PhoneNumber | None:
        """The first valid reading of ``s``; else (``valid_only`` False) the first reading."""
        first = None
        for key, num in self._keyed_readings(s):
            if self._valid(key, num):
                return num
            first = first or num
        return None if valid_only else first
