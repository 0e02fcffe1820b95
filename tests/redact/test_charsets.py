"""Which charset a text body the capture stored as bytes is read in (``replay.redact.charsets``): declared, told by
its first bytes, detected only when the detector has one best reading, else none (a binary body)."""

from __future__ import annotations

import gzip
import random

import pytest

from replay.redact.charsets import body_charset, decoded

_JSON = '{"name": "José Müller", "email": "jose.muller@corp-mail.com"}'


@pytest.mark.parametrize(
    ("ctype", "text", "codec"),
    [
        ("text/plain; charset=Shift_JIS", "山田太郎", "shift_jis"),  # declared: taken as it is
        ("application/json", _JSON, "utf-16"),  # a byte order mark (read with it: written back with it)
        ("application/json", _JSON, "utf-16-le"),  # RFC 4627: zero bytes around '{' and '"'
        ("application/json", _JSON, "utf-16-be"),
        ("application/json", _JSON, "utf-32-le"),
        ("text/plain", "Dear Renée Dubois, “your” order – mail renee.dubois@corp-mail.com", "cp1252"),
        ("application/x-www-form-urlencoded", "name=José Müller&city=Zürich", "latin-1"),
        ("application/json", '{"note": "“Hi” from José Müller – call +44 20 7946 0958"}', "cp1252"),
        ("text/plain", "山田太郎様 メール taro.yamada@corp-mail.com お届け先 東京都千代田区丸の内1-2-3", "cp932"),
        ("text/plain", "我叫王伟，邮箱 wang.wei@corp-mail.com，电话 +86 138 1234 5678", "gb18030"),
        ("text/plain", "저는 김민수입니다. 이메일 minsu.kim@corp-mail.com 전화 +82 2-312-3456", "euc_kr"),
        ("text/csv", "Меня зовут Иван Петров, почта ivan@corp-mail.com", "cp1251"),
    ],
)
def test_a_text_body_that_is_not_utf8_is_read_in_its_charset(ctype: str, text: str, codec: str) -> None:
    raw = text.encode(codec)
    got = body_charset([("Content-Type", ctype)], raw)
    assert got is not None and decoded(raw, got, truncated=False) in (text, "\ufeff" + text)


@pytest.mark.parametrize(
    ("ctype", "raw"),
    [
        ("image/png", "José Müller".encode("utf-16-le")),  # not a text content type
        ("", "José Müller".encode("cp1252")),  # no content type at all
        ("application/json", gzip.compress(b'{"a": "hello world"}' * 20, mtime=0)),  # bytes no charset reads as text
        ("application/json", b'{\x00"\x00' + random.Random(1).randbytes(400)),  # begins as UTF-16, then a jumble
        ("text/plain", "Dzień dobry, nazywam się Łukasz Wróblewski".encode("cp1250")),  # reads as well in cp1252
        ("text/plain", "山田太郎".encode("cp932")),  # as well as Korean
        ("application/json", '{"name": "Зоя"}'.encode("cp1251")),  # as well as a dozen others
        ("text/plain; charset=utf-8", "José".encode("cp1252")),  # declared UTF-8, and not
    ],
)
def test_a_body_with_no_confident_reading_has_no_charset(ctype: str, raw: bytes) -> None:
    assert body_charset([("content-type", ctype)], raw) is None


def test_a_body_the_cap_cut_inside_a_character_reads_without_it() -> None:
    raw = "山田太郎".encode("cp932")[:-1]
    assert decoded(raw, "cp932", truncated=True) == "山田太" and decoded(raw, "cp932", truncated=False) is None
