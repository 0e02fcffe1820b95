"""Person names in CJK scripts, which have no capitals and no spaces: taken between a cue (``我叫``, ``私は``,
``저는``, ``联系人：``) and punctuation, after a record's label (``ユーザー:``, ``Customer``) or before an
honorific (``様``, ``さん``, ``先生``, ``님``) from a known surname; ``cjk_name_ok`` also judges a name field's
value."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

__all__ = ["cjk_name_ok", "cjk_names", "cjk_person"]

# CJK: the script's characters, the cues before a name, the honorifics after one, and the
# surnames that anchor a Chinese or Korean name (the most common ones; Japanese surnames are in
# the lexicon).
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK_CH = re.compile(rf"[{_CJK}]")
_CJK_BEFORE = (
    r"(?:我叫|我是|我姓|联系人|聯絡人|姓名|名字|收件人|收货人|担当の|担当者|担当|私は|氏名|名前は|名前|お名前|宛先|"
    r"저는|제 이름은|이름|담당자)"
    rf"[:：\s]*([{_CJK}]{{2,8}}(?:[ \u3000][{_CJK}]{{1,6}})?|[{_CJK}][ \u3000][{_CJK}]{{1,6}})"
)
# A record's label before a name, in CJK (with its colon: "ユーザー: 山田花子", "客户：李娜"; "用户体验" is a word),
# a contract's or a loan's party by their role (a lease's "出租方：", "借主：", "임차인:", a guarantor's, an insured's)
# or in English before CJK characters ("Customer 李娜 (phone …)", "Patient: 张伟", a sign-off's "Love, 李伟"): the name
# must start with a known surname, as a name before an honorific must.
_LABEL_BEFORE = (
    r"(?:(?:ユーザー名?|ユーザ|顧客|患者|会員|客户|用户|顾客|患者|会员|申请人|고객|환자|회원|신청인"
    r"|出租[方人]|承租[方人]|房东|租客|担保人|保证人|借款人|投保人|被保险人|受益人|貸主|借主|連帯保証人|保証人|契約者"
    r"|被保険者|申込者|임대인|임차인|연대보증인|보증인|계약자|피보험자|차주)[ \t]*[:：]"
    # a family's, a school's and a phone line's people by who they are, the colon optional ("家长：张伟",
    # "어머니 최민정", "명의자 박서준", "契約者は佐藤 健太", "母の田中 由美子")
    r"|(?:母亲|父亲|妈妈|爸爸|妻子|丈夫|儿子|女儿|家长|学生|어머니|아버지|엄마|아빠|아내|남편|아들|학생|학부모|보호자"
    r"|명의자|母|父|妻|夫|息子|娘|生徒|保護者|名義人|契約者)[のは]?[ \t]*[:：]?"
    r"|(?<![A-Za-z])(?i:customer|client|patient|user|name|contact|member|buyer|seller|recipient|applicant|guest"
    r"|holder|tenant|landlord|guarantor|borrower|payee|payer|beneficiary|insured|policyholder|witness)"
    r"[ \t]*[:：]?"
    # a message's sign-off, its comma required ("Love, 李伟", "Regards,\n김민준": "from 成都" is a place)
    r"|(?<![A-Za-z])(?i:love|regards|cheers|thanks|best|xoxo|hugs|sincerely)[ \t]*,[ \t]*\r?\n?)"
    # the name, its given name after a space too ("契約者は佐藤 健太、"; not the next label: "出租方：陈强 承租方：")
    rf"[ \t]*([{_CJK}]{{2,4}}(?:[ \u3000][{_CJK}]{{1,3}}(?![{_CJK}:：]))?)(?![{_CJK}])"
)
# (and a Japanese office's titles after a surname, as colleagues address one another: "佐藤部長", "田中課長")
_HONORIFIC = (
    r"[ \u3000]?(?:様|さま|さん|くん|先生|女士|小姐|同学|老师|经理|님|씨|氏|殿|部長|課長|社長|係長|主任|先輩|教授)"
)
_CJK_TRAIL = (
    r"(?:です|と申します|と言います|입니다|이고|라고|이에요|예요|が|は|の|に|を|で|と|も|가|은|는|을|를|의|에게|님|씨|様|さん|"
    rf"先生|女士|小姐)[{_CJK}]*$"
)
# A self-introduction's words after the name ("佐藤美咲と申します", "김민준이라고 합니다"): the name is the run
# before them.
_INTRO_AFTER = r"と申します|と申す|と言います|といいます|(?:이)?라고 합니다|(?:이)?라고 해요"
# A greeting, then who is speaking ("こんにちは、佐藤美咲です", "안녕하세요, 김민준입니다"): the run before "です" is a
# name only after the greeting and from a known surname ("こんにちは、カスタマーサポートです" is a desk's).
_GREETING_INTRO = (
    r"(?:こんにちは|こんばんは|おはようございます|はじめまして|初めまして|안녕하세요|안녕하십니까|처음 뵙겠습니다)"
    rf"[、,，。！!\s]*([{_CJK}]{{2,6}}?)[ \u3000]?(?:です|でございます|입니다|이에요|예요)"
)
# The same with no greeting: a message that opens with who is writing ("高橋蓮です。注文が届きません", "김민준입니다"):
# the run from a text's, a line's or a JSON string's start, from a surname of two characters the lexicon knows
# (a desk's, a day's words start with none: "明日です", "大丈夫です")
_OPENING_INTRO = rf'(?:\A|(?<=["\n]))[ \t]*([{_CJK}]{{3,6}}?)(?:です|でございます|입니다)(?=[。、！!.,\s]|\Z)'
# A desk's words: "고객센터입니다" (the customer centre; 고 is a surname), "상담원입니다", "配送センターです"
_DESK = ("고객", "센터", "상담", "팀", "회사", "センター", "窓口", "事務", "中心", "客服")
_HAN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부"
)
_CJK_STOP = frozenset(
    [
        "お客様",
        "お客さま",
        "皆様",
        "皆さん",
        "各位",
        "客户",
        "用户",
        "顾客",
        "老师",
        "先生",
        "고객",
        "회원",
        "여러분",
        "담당자",
        "担当者",
    ]
)


@cache
def _patterns() -> list[re.Pattern[str]]:
    """``cjk_names``' patterns, in the order of their names above, compiled at its first text (one with CJK
    characters): ~25 ms of every redacting process's start, saved by one whose texts hold none."""
    names = (_CJK_BEFORE, _LABEL_BEFORE, _HONORIFIC, _CJK_TRAIL, _INTRO_AFTER, _GREETING_INTRO, _OPENING_INTRO)
    return [re.compile(p) for p in names]


def cjk_name_ok(value: str) -> bool:
    """2-6 CJK characters (one space allowed), not a word that addresses everyone."""
    core = value.replace(" ", "").replace("\u3000", "")
    return 2 <= len(core) <= 6 and core not in _CJK_STOP and all(_CJK_CH.match(c) for c in core)


def cjk_person(value: str, surnames: Mapping[str, int]) -> bool:
    """``value`` is a CJK name with nothing around it to say so (a mail's display name): from a known surname, no
    desk's word ("カスタマーサポート", "고객센터" are none)."""
    return (
        (value[:1] in _HAN_SURNAMES or value[:2] in surnames)
        and cjk_name_ok(value)
        and not any(w in value for w in _DESK)
    )


def cjk_names(text: str, surnames: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    """CJK names after a cue or before an honorific."""
    cues, labels, honorifics, trailing, intros, greetings, openings = _patterns()
    cued: set[int] = set()  # where the names after a cue end
    for m in cues.finditer(text):
        a, b = m.span(1)
        for end in (b, text.find(" ", a, b)):  # the run, else its first word ("김민준이고 주민등록번호는 …")
            if end < 0:
                continue
            trail = trailing.search(text, a + 2, end)
            if cjk_name_ok(text[a : trail.start() if trail is not None else end]):
                cued.add(trail.start() if trail is not None else end)
                yield a, trail.start() if trail is not None else end
                break
    for m in intros.finditer(text):
        a = b = m.start()
        while a > 0 and b - a < 6 and _CJK_CH.match(text[a - 1]):
            a -= 1
        # the whole run from a stop or the text's start: "私は佐藤美咲と申します" is the cue's ("私は")
        if b not in cued and b - a >= 2 and (a == 0 or not _CJK_CH.match(text[a - 1])) and cjk_name_ok(text[a:b]):
            yield a, b
    for m in greetings.finditer(text):
        a, b = m.span(1)
        name = text[a:b]
        if (
            (name[0] in _HAN_SURNAMES or name[:2] in surnames)
            and cjk_name_ok(name)
            and not any(w in name for w in _DESK)
        ):
            yield a, b
    for m in openings.finditer(text):
        a, b = m.span(1)
        if text[a : a + 2] in surnames and cjk_name_ok(text[a:b]) and not any(w in text[a:b] for w in _DESK):
            yield a, b
    for m in labels.finditer(text):
        a, b = m.span(1)
        if (text[a] in _HAN_SURNAMES or text[a : a + 2] in surnames) and cjk_name_ok(text[a:b]):
            yield a, b
    for m in honorifics.finditer(text):
        got = _before_honorific(text, m.start(), surnames)
        if got is not None:
            yield got


def _before_honorific(text: str, end: int, surnames: Mapping[str, int]) -> tuple[int, int] | None:
    """The name that ends at ``end``: from a known surname, 2-4 characters (a space allowed)."""
    lo = end
    while lo > 0 and end - lo < 6 and (_CJK_CH.match(text[lo - 1]) or text[lo - 1] in " \u3000"):
        lo -= 1
    window = text[lo:end]
    if not window.strip():
        return None
    best = known = None
    for i in range(len(window) - 2, -1, -1):
        core = window[i:].replace(" ", "").replace("\u3000", "")
        if len(core) > 4 or window[i] in " \u3000":
            continue
        if window[i : i + 2] in surnames:
            known = i
        if window[i] in _HAN_SURNAMES or known == i or " " in window[i:]:
            best = i
    # a surname the lexicon knows over a character that may start one: "明日佐藤さん" is tomorrow and Sato ("明" is a
    # Chinese surname too)
    best = known if known is not None and best is not None and best < known and " " not in window[best:] else best
    if best is None or not cjk_name_ok(window[best:]):
        return None
    return lo + best, end
