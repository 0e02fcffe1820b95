"""Personal numbers and dates said in prose, after the words that name them: ``passport no.
X1234567``, ``my ssn is 078051120``, ``DOB 1987-04-05``, ``born on 12 March 1990``,
``cvv 123``, ``sort code 12-34-56``.

``fields`` reads the value of a field name followed by ``:``, ``=`` or ``is``; people also write
these numbers with no separator, with ``#`` or ``no.``, or after words that are not one field name
(``driver's license``, ``social security number``). The cue is the phrase (``saidcues.SAID_CUES``, found by
the one Aho-Corasick pass of ``detectors``); a few filler words may follow it (``number``, ``no.``,
``#``, ``is``, ``on``); then the value must have the phrase's shape: a date for a date of birth, a
few digits for a CVV, enough digits for an id number. A phrase followed by anything else
(``passport photo``, ``born in London``) finds nothing.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from replay.redact.checksums import digit_pass_names, iban_ok
from replay.redact.hits import Hit, guard
from replay.redact.nationalids import shaped_id
from replay.redact.postcodes import postcode_pseudonym
from replay.redact.pseudonym import (
    JSON_NUMBER,
    Pseudonyms,
    is_card_pseudonym,
    is_dob_pseudonym,
    is_iban_pseudonym,
    is_ssn_pseudonym,
    looks_redacted,
    luhn_ok,
)
from replay.redact.readout import TEENS, TENS, UNITS, read_digits, say_digits
from replay.redact.saidcues import (
    AD_ID,
    BANK_RUN,
    CARD,
    CVC,
    DOB,
    DOCUMENT,
    EXPIRY,
    IBAN,
    NAMED_CARD,
    PASSPORT,
    PASSPORT_SHAPE,
    PIN,
    PLATE,
    PLATE_SHAPED,
    RECEIPT,
    RECEIPT_SHAPE,
    RECORD,
    SERIAL,
    SIN,
    SIN_SHAPE,
    SORT,
    SORT_SHAPE,
    TRACKING,
    UUID,
    VN,
    Said,
)

__all__ = ["MONTH", "SPOKEN_DOB", "SaidFinder", "device_number", "plate_shaped", "serial_like"]


# Words and marks between the phrase and its value (read up to ``FILLER_REACH`` characters: a text of a thousand
# "card card …" is not read from each to its end): "passport no. X", "ssn is X", "DOB: X", "born on X"; a JSON
# key's quotes, escaped inside a JSON string (a tool call's arguments: \\"prescriber_npi\\": \\"1902837465\\").
FILLER_REACH = 80
_FILLER = re.compile(
    r"(?:[ \t]*(?:(?:number|num|nos?|nr|id|card|code|is|was|are|on|of|date|the|es|est|ist|è|é|jest|numer|nummer"
    r"|numero|número|numéro|n[°º]|lautet|wynosi|dnia|details|like"
    # articles, "that", "with" in the cues' languages: "est le 12345678", "che è BNCMRC80…", "con numero P1234567"
    r"|le|la|il|el|der|het|che|que|dat|with|con|mit|avec|met|com"
    # "my" and "is" where Indonesian and Tagalog put them, after the noun ("Nomor KTP saya 3171…", "birthday ko ay …")
    r"|saya|adalah|ko|ay)(?![^\W_])\.?|[#:=(),|\-–'\"‘“]|\\+(?=[\"'])"
    # a CJK topic or copula particle and the fullwidth colon, written joined to the number ("マイナンバーは1234 …",
    # "身份证号是110105…", "주민등록번호는 …")
    r"|[：は是为為는은]))*[ \t]*",
    re.I,
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    # the months of the languages the cues speak (es, fr, de, it, pt, nl, pl), where they differ from English's
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    r"|januar|februar|märz|maerz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio"
    r"|settembre|ottobre|dicembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro"
    r"|dezembro|januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia"
    r"|września|wrzesnia|października|pazdziernika|listopada|grudnia"
    # Russian's and Ukrainian's, in the genitive a date puts them in ("5 марта 1990", "3 вересня 1989")
    r"|января|февраля|марта|апреля|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|грудня)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,? )?"  # "Tuesday, March 3, 1987"
)
_DATE = (
    rf"(?:\d{{4}}([-/.])\d{{1,2}}\1\d{{1,2}}|\d{{1,2}}([-/.])\d{{1,2}}\2\d{{2,4}}"
    rf"|{_WEEKDAY}(?:{_DAY}\.? (?:of |de )?{MONTH},? (?:de )?\d{{4}}|{MONTH} {_DAY},? \d{{4}})"
    # "03-Mar-1987" (a clinic's, an Oracle database's), "19870303" (a form's compact date)
    rf"|\d{{1,2}}([-/ ]){MONTH}\3\d{{2,4}}|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    # Japanese's and Chinese's, Korean's year, month and day by their signs ("1975年3月8日", "1982년 7월 14일");
    # Taiwan's, in the year of the Republic ("民國85年3月2日", 1996's)
    r"|(?:民[國国] ?)?\d{2,4}年\d{1,2}月\d{1,2}日|\d{4}년 ?\d{1,2}월 ?\d{1,2}일)(?![A-Za-z0-9])"
)
# A date said in words, as a call's transcript writes one ("fourth of may eighty two", "may the fourth nineteen
# eighty two", "twelve oh three nineteen ninety"): a day's ordinal and a month, a year perhaps; or day, month and
# a year in cardinals ("twelve oh three eighty")
_UNIT, _TEEN, _TENS = (f"(?:{'|'.join(words)})" for words in (UNITS, TEENS, TENS))
_ORDINAL_UNIT = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL_WORD = (
    rf"(?:(?:twenty|thirty)[- ]{_ORDINAL_UNIT}|{_ORDINAL_UNIT}|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_TWO = rf"(?:{_TENS}(?:[- ]{_UNIT})?|{_TEEN}|oh[- ]{_UNIT})"  # a year's last two digits: "eighty two", "oh five"
_FULL_YEAR = rf"(?:(?:nineteen|twenty)[ -](?:{_TWO}|hundred)|two thousand(?:[ -](?:and[ -])?(?:{_TWO}|{_UNIT}))?)"
_SPOKEN_DATE = (
    rf"(?:{_ORDINAL_WORD} (?:of )?{MONTH}|{MONTH} (?:the )?{_ORDINAL_WORD})(?:,? (?:{_FULL_YEAR}|{_TWO}))?"
    rf"|(?:{_UNIT}|{_TEEN}|twenty(?:[- ]{_UNIT})?|thirty(?:[- ]one)?) (?:oh[- ]{_UNIT}|ten|eleven|twelve|{_UNIT})"
    rf" (?:{_FULL_YEAR}|{_TWO})(?![^\W_])"
)
SPOKEN_DOB = "first of january nineteen hundred"  # what ``Pseudonyms.dob`` writes, said in words


class _Dates(NamedTuple):
    written: re.Pattern[str]  # ``_DATE``
    spoken: re.Pattern[str]  # ``_SPOKEN_DATE``


@cache
def _dates() -> _Dates:
    """The date patterns, compiled at the first date a phrase's value is tested for: ~20 ms of every redacting
    process's start (this module's largest two), saved by one whose texts have no value after a date's cue."""
    return _Dates(re.compile(_DATE, re.I), re.compile(_SPOKEN_DATE, re.I))


# The time a transcript's line carries beside its speaker's label, before it or after it ("Speaker 2 (00:15):",
# "[10:02] Tom:")
_AT = r"[\[(]?\d{1,2}(?::\d\d){1,2}(?:[.,]\d+)?[\])]?"
# A question's answer in a call's transcript: the question's mark, the next line's speaker label, the words an
# answer starts with ("date of birth?" / "caller: yeah it's twelve oh three eighty")
_ANSWER = re.compile(
    rf"\?[ \t]*\r?\n[ \t]*(?:{_AT}[ \t]*)?(?:[A-Za-z][\w .'-]{{0,24}}(?:[ \t]*{_AT})?:[ \t]*)?"
    r"(?:(?:yeah|yes|yep|sure|ok|okay|um+|uh+|erm|so|it's|it’s|its|it is|that's|that’s|it was|mine is|the)[ \t,.]+)*",
    re.I,
)
# What may stand between a phrase and its value past the filler words: a few words on the same clause ("creditcard
# waarvan het nummer is 4321 …", "date de naissance est le 5 mai 1985", "nato a Milano il 12 marzo 1985").
_CLAUSE = re.compile(r"[^\d.!?;\n]{1,40}?(?=\d)")
# A label written before the value ("DL: D1234567", "ATIN: 987654321A", "MRN_2231907"): the value follows it.
_LABEL = re.compile(r"[A-Z]{2,5}(?::[ \t]?|_|#)(?=[A-Za-z]*\d)")
# A clause between an account's or a document's name and its number, the number named again at its end or its verb
# ("compte bancaire chez Crédit Agricole avec le numéro 987654321", "identiteitskaartnummer van Jan de Vries is
# XY98765432", "rijbewijsnummer opgeven, dat is RJN123456789", "is gewijzigd naar ID24681357")
_BRIDGE = re.compile(
    r"[^\d.!?;\n]{0,64}?(?<![^\W_])(?:is|est|ist|è|é|es|was|era|war|to|naar|auf|number|numéro|nummer|numero|número"
    r"|nr|no)(?![^\W_])\.?[ \t]*[:#]?[ \t]*['\"‘“]?(?=[A-Z]{0,4}\d)",
    re.I,
)
# The words of another number in that clause, which the number then is ("account locked, the order number is …",
# "bankrekening, mijn telefoonnummer is …"): an order's, an invoice's, a phone's, an amount
_OTHER_NUMBER = re.compile(
    r"order|invoice|ticket|ref|tracking|booking|transaction|confirmation|case|phone|tel|mobile|fax|amount|balance"
    r"|total|code|version|commande|facture|montant|solde|bestel|factu|bedrag|saldo|rechnung|betrag|pedido|importe"
    r"|ordine|fattura|importo|valor|(?<![^\W_])id(?![^\W_])",
    re.I,
)
# A bank's name between an account's word and its number ("cuenta de ahorros Banco de Bogotá 123…", "conta Itaú
# 12345-6", "account Access Bank 0123456789"): one to three capitalised words, "de", "of" between; with it the number
# may be as short as a bank's own (a Brazilian account's five digits and its check)
_BANK_NAME = re.compile(r"(?:[A-Z][^\W\d_]*(?:[&'’.\-][^\W\d_]+)*\.?[ \t]+(?:(?:de|do|da|del|of|y|e)[ \t]+)?){1,3}")
_BANK_DIGITS = 6
# A currency after a bank's number: an amount ("prêt bancaire 150000 euros"), no account
_CURRENCY_AFTER = re.compile(r"[ \t]?(?:€|\$|£|eur|euros?|usd|dollars?|gbp|chf|pln|zł)(?![^\W_])", re.I)
# The words between an expiry's or an issue's word and its date ("vervaldatum van", "verloopt op", "scade il",
# "ausgestellt am", "expiry date: "); no "=", "_" or quote: a form's or a JSON document's field is its key's
_EXPIRY_GAP = re.compile(r"[ \t]*(?:(?:van|op|am|em|au|de|del|di|dal|on|the|le|il|el|is|date:?)[ \t]+)*")
# A card's or a document's expiry or issue date: a date, or a card's month and year ("05/24", "09/2025")
_MONTH_YEAR = re.compile(r"(?:0[1-9]|1[0-2])[/-](?:20)?\d\d(?![\w/-])")
# What the sentence before an expiry's word must name for its date to be the holder's: a document or a card
_DOCUMENT_WORDS = re.compile(
    r"passport|paspoort|passeport|passaport|pasaporte|reisepass|paszport|(?:driver|driving)[’']?s? licen[cs]e"
    r"|rijbewijs|permis de conduire|patente|führerschein|ausweis|identity card|id card|identiteit|identité"
    r"|identità|identidad|identidade|visa|visum"
)
# An account's or a card's last four digits, the rest withheld ("account number ending with 7854", "card ending in
# 4242"): still the holder's, as a bank's letter or a receipt shows them
_LAST_FOUR = re.compile(r"(?:ending|ends) (?:in|with) (\d{4})(?![\w-])")
_CARD_WORDS = re.compile(r"card|kaart|carte|carta|tarjeta|cartão|karte")
_CARD_SHAPE = re.compile(r"\d{4}([ \-]?)\d{4}\1\d{4}\1\d{1,7}")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")
# An id: up to eight parts joined by one space, dash, slash or dot ("AB 12 34 56 C", "12-3456789", "X1234567", a
# Belgian national number's "85.07.30-033.28"); a stop before a space ends the sentence, not the id.
_PARTS = re.compile(r"[A-Za-z0-9]+(?:[ \-/.][A-Za-z0-9]+){0,7}")
_PART = re.compile(r"[A-Za-z0-9]+")
_DASHED = re.compile(r"-[A-Za-z]*\d")


_TR_PLATE_END = re.compile(r" \d{2,4}(?![^ ])")


def _id_end(value: str, tail: int = 1, spaced: bool = False) -> int:
    """Where an id ends in ``value``: parts with a digit, a capital prefix of one or two parts and a suffix of
    ``tail`` capitals (an NI number's ``AB 12 34 56 C``, a French plate's ``AB-123-CD``, ``spaced``: after a space too,
    a British plate's ``KX68 FBN``); a word ends it ("X1234567 expires")."""
    end = 0
    for i, m in enumerate(_PART.finditer(value)):
        part = m.group(0)
        if any(c.isdigit() for c in part):
            end = m.end()
        elif i <= 1 and not end and part.isupper() and (len(part) <= 3 or value[m.end() : m.end() + 1] == "-"):
            # a prefix of capitals: a NINO's "AB", a German plate's district and letters ("B-MA 1234"), a record
            # system's code joined by a dash ("MRN ALPHA-442021")
            continue
        elif (
            end
            and part.isupper()
            and len(part) <= 3
            and value[end : m.start()] == "-"
            and _DASHED.match(value, m.end())
        ):
            continue  # a state's or a line's code between dashes, digits on both sides ("policy HO3-TX-5520918")
        else:
            if (
                end
                and part.isupper()
                and m.start() == end + 1
                and (len(part) == 1 or (len(part) <= tail and (value[end] == "-" or spaced)))
            ):
                end = m.end()
                # a Turkish plate's third group, after its province's two digits and its letters ("34 ABC 1234")
                if spaced and (last := _TR_PLATE_END.match(value, end)) and value[: m.start() - 1].isdigit():
                    end = last.end()
            break
    return end


# Where a value of a shape-only cue's can start: a capital or a digit in the few characters after its cue (past a
# filler: "my car is KX68 FBN", "veicolo è AB123CD")
_CAPITAL_OR_DIGIT = re.compile(r"[A-Z\d]")


def _value_start(text: str, low: str, s: int, e: int, said: Said) -> int | None:
    """Where the value after the phrase at ``text[s:e]`` starts, past its filler words; None where the phrase is
    part of another word or a thing's id, or nothing can follow it."""
    if said.min_digits > said.max_digits and _CAPITAL_OR_DIGIT.search(text, e, e + 12) is None:
        return None  # a cue whose shape alone makes a value ("car ", "rfc"), which starts with neither: "the car park"
    if (s and low[s - 1].isalnum() and not _attached(low, s) and low[s - 1] < _CJK) or (
        e < len(low) and low[e].isalnum() and low[e - 1].isalnum() and low[e - 1] < _CJK
    ):
        return None  # "adobe", "sinus", "accountant": part of another word (CJK writes no spaces between words)
    if low.startswith("id ", s) and not _owner_before(low, s):
        return None  # "order id number 12345": a thing's id, not a person's
    if text[e : e + 1] == "." and low.endswith(("no", "nr"), s, e):
        e += 1  # "claim no. CLM-…", "policy nr. 9384…": the abbreviation's stop
    f = _FILLER.match(text, e, e + FILLER_REACH)
    v = f.end() if f else e
    if text[v : v + 1] == "?" and (answer := _ANSWER.match(text, v, v + FILLER_REACH)) is not None:
        v = answer.end()  # a call's question, its answer on the next line ("date of birth?\ncaller: yeah it's …")
    elif v >= len(text) or (v == e and text[v - 1 : v].isalnum()):
        return None  # "dob1987": no space, no mark
    if (
        (said is DOB or said is NAMED_CARD or said is VN)
        and not text[v : v + 1].isdigit()
        # "born on March 3, 1987"
        and not (said is DOB and (_dates().written.match(text, v) or _dates().spoken.match(text, v)))
        and (g := _CLAUSE.match(text, v))
    ):
        v = g.end()  # the value's shape (a date, a card's 13-19 digits, a CCCD's 12: "CCCD của tôi là …") says
        # what the words between did not
    return v


def _not_its_kind(said: Said, value: str, digits: str, cue: str) -> bool:
    """A value of the right count of digits that is still not the kind its phrase names (``cue``: the phrase and
    the words after it, lower case)."""
    if (said is PLATE_SHAPED and not plate_shaped(value)) or (
        (said is SERIAL or said is AD_ID) and not serial_like(value)
    ):
        return True
    if said is RECORD and _dates().written.fullmatch(value):
        return True
    if _short_passport(said, value, digits):
        return True  # "passport 2 photos"
    if (
        ((said is CVC or said is PIN) and not value.isdigit())
        or (said is RECEIPT and not RECEIPT_SHAPE.fullmatch(value))
        or (said is SORT and not SORT_SHAPE.fullmatch(value))
        or (said is SIN and not SIN_SHAPE.fullmatch(value))
        or (said is BANK_RUN and not value.isdigit())
    ):
        return True
    return said is PIN and len(value) == 6 and "code" in cue  # an Indian postcode: "PIN code 560001"


class SaidFinder:
    """Ids, bank numbers, CVVs and dates of birth after the phrases of ``SAID_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, said: Said, hits: list[Hit]) -> None:
        """The value after the phrase at ``text[s:e]``, if it has the phrase's shape."""
        if not self.on[said.detector]:
            return
        if said is EXPIRY:
            self._expiry(text, low, s, e, hits)
            return
        v = _value_start(text, low, s, e, said)
        if v is None:
            return
        if said is DOB:
            self._date(text, v, hits)
            return
        if said is TRACKING and not any(c.isdigit() for c in text[v : v + 4]):
            return  # "the tracking page has": a carrier's number starts with a digit or two letters and digits
        if said.shape is not None and (m := said.shape.match(text, v)) is not None:
            value = m.group(0)
            new = postcode_pseudonym(value) if said.postcode else self.ps.generic(value)
            hits.append(guard(v, m.end()) if new == value else Hit(v, m.end(), said.kind, new, 70))
            return
        if said.min_digits > said.max_digits:
            return  # its shape alone makes a value: no count of digits passes, nothing else to read
        if said.kind in ("bank_account", "card") and (last := _LAST_FOUR.match(low, v)) is not None:
            hits.append(guard(*last.span(1)) if last.group(1) == "9999" else Hit(*last.span(1), said.kind, "9999", 70))
            return
        if text[v : v + 1].isalpha() and (read := read_digits(text, v)) is not None:
            self._read_out(text, v, read, said, hits)  # "the security code is seven three one"
            return
        self._number(text, low, s, v, said, hits)

    def _number(self, text: str, low: str, s: int, v: int, said: Said, hits: list[Hit]) -> None:
        """The id, card or account number at ``text[v:]`` after the phrase at ``s``, if it is the phrase's kind."""
        if (label := _LABEL.match(text, v)) is not None:
            v = label.end()
        least = said.min_digits
        if said.kind == "bank_account" and (bank := _bank_named(text, v)) is not None:
            v, least = bank, min(least, _BANK_DIGITS)  # "cuenta Bancolombia 123-456789-01", "conta Itaú 12345-6"
        m = _PARTS.match(text, v)
        plate = said is PLATE or said is PLATE_SHAPED
        ve = v + (_id_end(m.group(0), 3, True) if plate else _id_end(m.group(0))) if m is not None else v
        bridged = False
        if ve == v and (start := _bridge(text, v, said)) is not None:
            v, bridged = start, True
            m = _PARTS.match(text, v)
            ve = v + _id_end(m.group(0)) if m is not None else v
        if ve == v:
            return
        if text[ve - 1] in "eE" and (n := JSON_NUMBER.match(text, v)) is not None and n.end() > ve:
            ve = n.end()  # a number's exponent ("1.0000000000000002e+16", a JSON number's 17 digits): its pseudonym
            # keeps it a number (``Pseudonyms.generic``), where a word ending before "+16" broke the document
        value = text[v:ve]
        digits = "".join(c for c in value if c.isdigit())
        if not (least <= len(digits) <= said.max_digits) or (ve < len(text) and text[ve].isalnum() and text[ve] < _CJK):
            return  # "X1234567abc" (a CJK particle may follow: "…5617です")
        if ((bridged or least < said.min_digits or said is BANK_RUN) and _dates().written.fullmatch(value)) or (
            said.kind == "bank_account" and _CURRENCY_AFTER.match(text, ve)
        ):
            return  # "identiteitskaart, die verloopt op 12-05-2030", "prêt bancaire 150000 euros"
        if _not_its_kind(said, value, digits, low[s:v]) or digit_pass_names(value, self.on):
            return  # the digit pass names a card's number after "TFN", an IBAN after "passport" (not a number
            # inside letters, "SBIN567890123456", which it does not read)
        if said is CARD or said is NAMED_CARD:
            self._card(value, digits, v, ve, hits, said is NAMED_CARD)
            return
        if said is IBAN:
            if _IBAN_SHAPE.fullmatch(value) and not iban_ok(compact := value.replace(" ", "")):
                hits.append(guard(v, ve) if is_iban_pseudonym(compact) else Hit(v, ve, "iban", self.ps.iban(value), 70))
            return
        if looks_redacted(value) or digits.strip("9") == "":
            hits.append(guard(v, ve))
        elif said.kind == "ssn":
            hits.append(guard(v, ve) if is_ssn_pseudonym(digits) else Hit(v, ve, "ssn", self.ps.ssn(value), 70))
        else:
            hits.append(Hit(v, ve, said.kind, shaped_id(self.ps, value), 70))

    def _read_out(self, text: str, v: int, read: tuple[int, str, str], said: Said, hits: list[Hit]) -> None:
        """A number read out in digit words after its phrase (a call's transcript): of the phrase's length, its
        digits replaced by nines, read out the same way (a card's and a phone's are ``readout``'s)."""
        end, digits, lang = read
        if not (said.min_digits <= len(digits) <= said.max_digits) or said.kind in ("card", "iban", "dob"):
            return
        if _short_passport(said, digits, digits):
            return  # "passport number is one two three"
        if digits.strip("9") == "":
            hits.append(guard(v, end))
        else:
            hits.append(Hit(v, end, said.kind, say_digits("9" * len(digits), lang), 70))

    def _card(self, value: str, digits: str, v: int, ve: int, hits: list[Hit], named: bool) -> None:
        if value.strip("0123456789 -") or not (luhn_ok(digits) or (named and _CARD_SHAPE.fullmatch(value))):
            return  # "card 1234 5678 9012": a number that is no card's (a gift card's, an order's)
        hits.append(guard(v, ve) if is_card_pseudonym(digits) else Hit(v, ve, "card", self.ps.card(value), 70))

    def _expiry(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The date after an expiry's or an issue's word at ``text[s:e]``, when its sentence names a card or a
        document before it. Prose only: a form's or a JSON document's field ("expiration_date=04/27", "expiry date":
        "05/25") is read by its key's rules, which keep it."""
        if (s and low[s - 1].isalnum()) or (low[e : e + 1].isalnum() and low[e - 1].isalnum()):
            return  # "unexpired", "expiresAt"
        v = _EXPIRY_GAP.match(low, e).end()  # type: ignore[union-attr]  # it matches the empty string
        m = _dates().written.match(text, v) or _MONTH_YEAR.match(text, v)
        if m is None:
            return
        lo = max(0, s - 200)
        lo = max(lo, low.rfind(". ", lo, s), low.rfind("\n", lo, s), low.rfind("? ", lo, s), low.rfind("! ", lo, s))
        if not _DOCUMENT_WORDS.search(low, lo, s) and not (self.on["card"] and _CARD_WORDS.search(low, lo, s)):
            return
        value = m.group(0)  # counted apart: a card's number and its expiry are one card, and a date (a document's
        # "2031-04-01") is not looked for again in the exchange's other strings as an id's number is
        hits.append(guard(v, m.end()) if is_dob_pseudonym(value) else Hit(v, m.end(), "expiry", self.ps.dob(value), 70))

    def _date(self, text: str, v: int, hits: list[Hit]) -> None:
        m = _dates().written.match(text, v)
        if m is None:
            if (m := _dates().spoken.match(text, v)) is not None:  # in words: its pseudonym in words
                value = m.group(0)
                said = value.lower() == SPOKEN_DOB
                hits.append(guard(v, m.end()) if said else Hit(v, m.end(), "dob", _like(value, SPOKEN_DOB), 70))
            return
        value = m.group(0)
        hits.append(guard(v, m.end()) if is_dob_pseudonym(value) else Hit(v, m.end(), "dob", self.ps.dob(value), 70))


def _short_passport(said: Said, value: str, digits: str) -> bool:
    """A passport's or another document's word before a value of fewer than five digits that is no document
    number's run (``PASSPORT``, ``DOCUMENT``)."""
    return (said is PASSPORT or said is DOCUMENT) and len(digits) < 5 and not PASSPORT_SHAPE.fullmatch(value)


# The cues no clause is read past: a word that names other things too ("member", "policy", "sort"), a number that is
# one by its length alone (a Vietnamese card's), a USCIS receipt's by its shape alone
_UNBRIDGED = (RECORD, RECEIPT, SORT, VN)


def _bridge(text: str, v: int, said: Said) -> int | None:
    """Where a document's or an account's number starts past a clause at ``v`` that names it again or says it is
    (``_BRIDGE``); None where the clause is about another number or there is none."""
    if said.kind not in ("gov_id", "bank_account") or said.shape is not None or any(said is cue for cue in _UNBRIDGED):
        return None
    b = _BRIDGE.match(text, v)
    if b is None or _OTHER_NUMBER.search(text, v, b.end()):
        return None
    return b.end()


def _bank_named(text: str, v: int) -> int | None:
    """Where an account's number starts past the bank's name at ``v`` ("Banco de Bogotá", "Itaú é"), or None: a
    name of capitalised words, no other number's ("Order", "Ticket"), and a digit after it and its filler words."""
    if not text[v : v + 1].isupper() or (name := _BANK_NAME.match(text, v)) is None:
        return None
    f = _FILLER.match(text, name.end(), name.end() + FILLER_REACH)
    start = f.end() if f else name.end()
    if not text[start : start + 1].isdigit() or _OTHER_NUMBER.search(text, v, name.end()):
        return None
    return start


def _like(value: str, new: str) -> str:
    """``new`` in the case ``value`` is written in (a transcript's lower case, its capitals)."""
    return new.upper() if value.isupper() else new.capitalize() if value[:1].isupper() else new


def plate_shaped(value: str) -> bool:
    """A car's plate as written: capitals and digits, both, 4 to 8 of them, in up to three groups ("KX68 FBN",
    "7ABC123", "DKR-4821", "NY HZT-7781", "12-XKL-3")."""
    chars = [c for c in value if c.isalnum()]
    return (
        4 <= len(chars) <= 10
        and any(c.isalpha() for c in chars)
        and all(c.isdigit() or ("A" <= c <= "Z") for c in chars)
        and value.count(" ") + value.count("-") <= 3
    )


def serial_like(value: str) -> bool:
    """A device's serial number: one run of 8 to 24 capitals and digits, letters among them or 12 digits at least
    ("C02ZK1ABMD6M", "2231RE4A0017825"); not a baud rate, a date's digits (a zone's serial "2024060101"), a word."""
    compact = value.replace("-", "")
    digits = sum(c.isdigit() for c in compact)
    return (
        8 <= len(compact) <= 24
        and compact.isalnum()
        and compact.isascii()
        and not any(c.islower() for c in compact)
        and digits >= 2
        and (digits >= 12 or len(compact) - digits >= 2)
    )


_UUID = re.compile(UUID)


def device_number(value: str) -> bool:
    """A device's number under a field naming one: a serial's shape, or an advertising id's (IDFA, GAID: a UUID)."""
    return serial_like(value) or _UUID.fullmatch(value) is not None


_CJK = "\u3040"  # kana, the ideographs and Hangul are written from here on

# The one-letter words Hebrew and Arabic write joined to the next ("and", "the", "in", "to", "that"): "ותעודת הזהות"
# is "and the identity card"
_PREFIXES = frozenset("והבלמשכوبلفك")


def _attached(low: str, s: int) -> bool:
    """The letter before a cue at ``s`` is a Hebrew or Arabic prefix of one letter, a word's start before it."""
    return low[s - 1] in _PREFIXES and (s == 1 or not low[s - 2].isalnum())


_OWNERS = frozenset(
    {"my", "your", "his", "her", "their", "our", "the", "a", "an", "personal", "national", "government"}
    | {"student", "employee", "patient", "member", "voter", "tax", "photo", "state", "citizen"}
    # a preposition or a verb: no thing's name stands before the phrase ("stored under ID number 24681357K")
    | {"under", "with", "using", "by", "of", "for", "and", "to", "at", "on", "in", "from", "via", "is", "was", "as"}
    # a verb asking for it ("please verify ID no. 31376846", "enter your ID number")
    | {"verify", "confirm", "enter", "provide", "check", "update", "add", "include"}
)


def _owner_before(low: str, s: int) -> bool:
    """The word before "id number" says it is a person's ("my", "employee"), is no thing's name ("under"), or there
    is none."""
    words = low[max(0, s - 24) : s].split()
    return not words or not words[-1].isalpha() or words[-1] in _OWNERS
