"""CJK names after a record's label (``replay.redact.cjknames``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ユーザー: 山田花子\nメール: hanako@example.jp", "山田花子"),
        ("Customer 李娜 (phone 139-1234-5678) complained that the order was late.", "李娜"),
        ("Patient: 张伟, 45岁", "张伟"),
        ("客户：李娜，订单号A-2291", "李娜"),
    ],
)
def test_a_name_after_a_record_s_label(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("房屋租赁合同 出租方：陈强 承租方：刘静 押金：2400元 担保人：杨军", ("陈强", "刘静", "杨军")),
        ("賃貸借契約書　貸主：渡辺大輔　借主：中村陽菜　連帯保証人：小林翔太", ("渡辺大輔", "中村陽菜", "小林翔太")),
        ("임대차계약서 임대인: 최현우 임차인: 박지은 보증인: 정동현", ("최현우", "박지은", "정동현")),
    ],
)
def test_a_contract_s_parties_after_their_role(r: Redactor, text: str, names: tuple[str, ...]) -> None:
    out, counts = r.text(text)
    assert not any(n in out for n in names) and counts["name"] == len(names), out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Withdrawal pending. Account holder 中村陽菜.", "中村陽菜"),
        ("Tenant: 박지은, deposit paid", "박지은"),
        ("Beneficiary 刘静 (招商银行)", "刘静"),
    ],
)
def test_a_name_after_an_english_party_s_label(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize("text", ["担保人：无", "貸主：株式会社ミナト", "出租方：房屋中介公司", "押金：2400元"])
def test_a_role_s_value_that_is_no_one_s_name_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    ["用户体验很好", "user 用户体验", "Customer 服务中心 is closed", "客户：订单已发货", "Policyholder: 服务中心"],
)
def test_words_after_a_label_that_start_with_no_surname_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("こんにちは。佐藤美咲と申します。電話番号は", "佐藤美咲", "と申します"),  # a self-introduction's words after
        ("私は佐藤美咲と申します。", "佐藤美咲", "私は"),  # the cue's, "私は" kept
        ("저는 이서연이라고 합니다.", "이서연", "저는"),
        ("제 이름은 김민준이고 주민등록번호는 없습니다", "김민준", "주민등록번호는"),  # the cue's run's first word
    ],
)
def test_a_name_introduced_before_its_words_or_in_a_cue_s_first_word(
    r: Redactor, text: str, name: str, kept: str
) -> None:
    out, counts = r.text(text)
    assert name not in out and kept in out and counts["name"] == 1, out


@pytest.mark.parametrize("text", ["これは新しいサービスと言います", "この機能はベータ版と言います。"])
def test_a_thing_introduced_by_its_name_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("こんにちは、佐藤美咲です。注文番号A-20457の商品が届いていません。", "佐藤美咲"),
        ("안녕하세요, 김민준입니다. 주문번호 A-99479 상품이 아직 안 왔어요.", "김민준"),
        ("Happy birthday! Love, 李伟", "李伟"),
        ("Regards,\n김민준", "김민준"),
    ],
)
def test_a_name_after_a_greeting_or_before_a_sign_off(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "안녕하세요, 고객센터입니다.",
        "こんにちは、配送センターです。",
        "はじめまして、東京です",
        "We ship from 成都 with love",
    ],
)
def test_a_desk_greeting_or_a_place_after_a_greeting_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("学生：张子涵，学号保密", "张子涵"),
        ("家长：张伟，电话见附件", "张伟"),
        ("상담 일정: 어머니 최민정 오후 3시", "최민정"),
        ("휴대폰 분실 신고합니다. 명의자 박서준, 기종 갤럭시", "박서준"),
        ("解約をしたいです。契約者は佐藤 健太、住所は大阪です", "佐藤 健太"),
    ],
)
def test_a_name_after_a_family_s_or_a_line_s_role(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize("text", ["学生会主席选举", "父母都很好", "妻子说明天去北京", "학생 여러분 안녕하세요"])
def test_a_role_s_word_before_no_surname_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a message that opens with who writes it, no greeting before: from a surname the lexicon knows
        ("高橋蓮です。注文#466680Jが届きません。", "高橋蓮"),
        ('{"role": "user", "content": "田中美咲です。電話をください"}', "田中美咲"),
        ("お問い合わせ\n鈴木陽菜です、よろしくお願いします", "鈴木陽菜"),
    ],
)
def test_a_message_opening_with_its_writer_s_name(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text", ["大丈夫です。", "明日です", "配送センターです。", "田中です。", "東京駅です。出口は北口"]
)
def test_an_opening_of_no_known_surname_or_a_desk_s_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("山田さん、明日佐藤部長と会議です。", "佐藤", "明日"),  # an office's title after a surname; "tomorrow" stays
        ("田中課長に報告しました", "田中", "課長"),
        ("明日佐藤さんと会議です。", "佐藤", "明日"),  # a known surname over a character that may start one
    ],
)
def test_a_surname_before_an_office_s_title_or_after_a_word(r: Redactor, text: str, name: str, kept: str) -> None:
    out, found = r.text(text)
    assert name not in out and kept in out and found["name"] >= 1, out


def test_a_department_s_head_is_no_one_s_name(r: Redactor) -> None:
    assert r.text("営業部長に聞いてください。本部長の承認が必要です。")[1] == {}
