"""The charset of a text body the capture stored as bytes (it is not UTF-8): declared, told by its first bytes, or
detected when the detector is sure; None when it is no text replay can read (a binary body).

The rule is the one HTTP clients follow (``requests``: ``Response.json`` and ``apparent_encoding``):

- a charset the content type declares (``text/plain; charset=Shift_JIS``) is the body's;
- with none declared, a UTF-16 or UTF-32 body is told by its first bytes (a byte order mark, or RFC 4627's
  pattern of zero bytes around the first two ASCII characters: JSON, a form, most text begin with them), if
  what it reads as is text (the detector's mess ratio: binary bytes after such a start read as a jumble of
  scripts, which no rule could find a secret in);
- otherwise ``charset-normalizer`` reads it (what ``requests`` uses for a body that declares nothing), and its
  reading is taken only when it is the one reading at its best score among the charsets web servers write (the
  WHATWG Encoding Standard's): a short body that reads as Polish in windows-1250 and as something else in
  windows-1252 equally well, or as Japanese and as Korean, is no confident reading, and stays a binary body.

Only a body of a text content type (text/*, JSON, XML, a form, JavaScript, CSV, NDJSON, GraphQL) is read: an
image or a body with no content type stays binary. The detector is imported on first use: a capture of UTF-8
traffic never pays for it.
"""

from __future__ import annotations

import codecs
import re

from replay.exchange.format import Headers, content_type

__all__ = ["TEXT_TYPES", "body_charset", "decoded"]

_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([\w.:\-]+)", re.I)
TEXT_TYPES = ("text/", "json", "xml", "x-www-form-urlencoded", "javascript", "csv", "graphql", "x-ndjson")

# Byte order marks, the longer first (UTF-32LE's begins with UTF-16LE's); the codec keeps the mark as U+FEFF.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The Encoding Standard's legacy encodings as Python decodes them (each label's superset: Shift_JIS as windows-31j,
# EUC-KR as windows-949, GBK as gb18030): what a server or a browser writes. The detector also weighs DOS and
# Mac code pages no web server sends, whose readings would only tie with the right one.
_WEB = frozenset(
    {f"cp{n}" for n in (*range(1250, 1259), 866, 874, 932, 949)}
    | {f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {"koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "gb18030", "gbk", "gb2312", "big5", "big5hkscs"}
    | {"euc_jp", "iso2022_jp", "shift_jis", "euc_kr", "tis_620"}
)
_MESS = 0.1  # the detector's mess ratio above which no reading is taken (its own default threshold is 0.2)
_TIE = 0.005  # readings whose mess ratios are this close are equally good
_SAMPLE = 1 << 16  # bytes the detector weighs (it samples within them); the whole body must decode in its reading


def body_charset(headers: Headers, data: bytes) -> str | None:
    """The codec to read ``data`` in (a body of ``headers``' content type stored as bytes: not UTF-8), or None."""
    ctype = content_type(headers)
    if not any(t in ctype.lower() for t in TEXT_TYPES):
        return None
    if m := _CHARSET.search(ctype):
        try:
            name = codecs.lookup(m.group(1)).name
        except LookupError:
            return None
        # Declared UTF-8 and not UTF-8 (the capture stores UTF-8 as text): a body that is not what it says.
        return None if name in ("utf-8", "utf-8-sig", "ascii") else name
    if (utf := _utf(data)) is not None:
        text = decoded(data[:_SAMPLE], utf, truncated=True)
        return utf if text is not None and _text(text) else None
    return _detected(data)


def _text(text: str) -> bool:
    """``text`` reads as text: the detector's mess ratio of it (odd scripts side by side, symbols inside words)."""
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text, _MESS) <= _MESS


def _utf(data: bytes) -> str | None:
    """UTF-16 or UTF-32 by a byte order mark or by RFC 4627's zero bytes in the first four (what ``requests``'s
    ``guess_json_utf`` does)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if len(head) < 4:
        return None
    zeros = tuple(b == 0 for b in head)
    return {
        (True, True, True, False): "utf-32-be",
        (False, True, True, True): "utf-32-le",
        (True, False, True, False): "utf-16-be",
        (False, True, False, True): "utf-16-le",
    }.get(zeros)


def _detected(data: bytes) -> str | None:
    """``charset-normalizer``'s reading of ``data`` when it is the one best reading in a web charset."""
    from charset_normalizer import from_bytes  # ~10 ms to import: only for a body that needs it

    readings: dict[str, tuple[float, str]] = {}  # the text read -> (mess ratio, codec)
    for match in from_bytes(_whole_characters(data[:_SAMPLE])):
        if match.chaos > _MESS:
            continue
        for name in (match.encoding, *match.could_be_from_charset):  # the codecs that read the sample alike
            if name in _WEB and (text := decoded(data, name, truncated=True)) is not None:
                readings.setdefault(text, (match.chaos, name))
                break
    if not readings:
        return None
    best = min(mess for mess, _ in readings.values())
    tied = [name for mess, name in readings.values() if mess <= best + _TIE]
    return tied[0] if len(tied) == 1 else None


def _whole_characters(sample: bytes) -> bytes:
    """``sample`` up to its last space or line end when it ends in a byte past ASCII: a sample (or a body the cap cut)
    may end inside a character, which the detector takes for no text in any charset. A space or a newline is never
    part of a multi-byte character in the web's charsets (their trail bytes are 0x30 and up)."""
    if sample[-1:] < b"\x80":
        return sample
    end = max(sample.rfind(b" ", -4096), sample.rfind(b"\n", -4096))
    return sample[: end + 1] if end >= 0 else sample


def decoded(data: bytes, charset: str, truncated: bool) -> str | None:
    """``data`` read in ``charset``; None when it is no text in it. A body the cap cut (``truncated``) may end
    inside a character: those last bytes are left out."""
    try:
        return codecs.getincrementaldecoder(charset)().decode(data, final=not truncated)
    except UnicodeDecodeError:
        return None
