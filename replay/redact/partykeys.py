"""A number one person is known by to a utility, a telecom, an insurer or a club, by its field's name: a customer's,
a subscriber's, a member's, their contract's, policy's or meter's, in several languages (``PARTY_NUMBER``, which
``keys`` classes as a ``gov_id``), the words a text's such field names are found by (``PARTY_CUES``), and whether
one of them stands in a field name a rule reads (``party_key_at``)."""

from __future__ import annotations

import re

__all__ = ["PARTY_CUES", "PARTY_NUMBER", "party_key_at"]

# A customer's, a subscriber's, a member's, a contract's, a policy's, a meter's number in other languages
# (``PARTY_NUMBER``); the number's word before the record's ("numero_cliente") is found by the record's. Cues of
# their own (``party_key_at``): in prose and values these words are everywhere, and a key no cache holds (a value's
# "customer-000003") cost the key pass ~20 us a time.
PARTY_CUES = (
    "customer", "client", "kunde", "klant", "klient", "müşteri", "musteri", "abone", "abonn", "abonado", "abbonat",
    "assinante", "subscriber", "member", "membre", "mitglied", "lidn", "lid_n", "socio", "associado", "adherent",
    "adhérent", "uye_n", "uyen", "üye", "contract", "contrat", "vertrag", "umowy", "sozlesme", "sözleşme", "polizz",
    "poliza", "póliza", "apolice", "apólice", "polis", "versicherten", "verzekerde", "assicurat", "asegurad",
    "segurad", "utenza", "fornitura", "suministro", "zaehler", "zähler", "compteur", "contator", "contador",
    "licznik", "sayac", "sayaç",
)  # fmt: skip

# The number a utility, a telecom, an insurer or a club knows one person by: a customer's, a subscriber's, a
# member's, and their contract's, policy's or meter's, by the record's word in several languages with a number's
# word before or after it ("kundennummer", "numero_cliente", "codice_contratto", "nr_klienta", "musteri_no",
# "member_no"). A "customer_id" is a database's row, as any "..._id" is; an order's, an invoice's number is no
# person's; a contract's own code after it is a market's ("contract_code": "BTC-USD-240329").
_NUMBER_WORDS = (
    r"number|num|no|nr|nummer|numer|numero|n[uú]mero|num[eé]ro|numaras[iı]|ref|reference|r[eé]f[eé]rence"
    r"|referencia|riferimento|referenz"
)
_CODE_WORDS = r"code|codice|c[oó]digo|cod|kod|kodu"
_NUMBER_WORD = f"(?:{_NUMBER_WORDS})"
_CODE_WORD = f"(?:{_CODE_WORDS})"
_PARTY = (
    r"(?:customer|client[ea]?|kunden?|klant|klienta?|m[uü][sş]teri|abone|abonn[eé]|abonnent|abonado|abbonato"
    r"|assinante|subscriber|member|membre|mitglieds?|lid|socio|associado|adh[eé]rent|[uü]ye)"
)
_RECORD = (
    r"(?:contract|contrat|contrato|contratto|vertrags?|umowy|s[oö]zle[sş]me|polizza|p[oó]liza|ap[oó]lice|polis"
    r"|versicherten|verzekerde|assicurato|asegurado|segurado|utenza|fornitura|suministro|z[aä]e?hler|compteur"
    r"|contatore|contador|licznika|saya[cç]|meter)"
)
PARTY_NUMBER = re.compile(
    rf"(?:{_NUMBER_WORD}|{_CODE_WORD})(?:d[eiou]l?|da|dell[oa]?)?(?:{_PARTY}|{_RECORD})"
    rf"|{_PARTY}s?(?:{_NUMBER_WORD}|{_CODE_WORD})|{_RECORD}s?{_NUMBER_WORD}"
)

# A number's or a code's word near a party's (``party_key_at``): any spelling ``PARTY_NUMBER`` reads holds one. One
# alternation of words, not two groups: ``re`` then skips to the places holding a word's first letter (each word
# starts with a literal one) and tries the words there alone (0.6 us a search of 48 characters; the groups, 1.8).
_PARTY_NEAR = re.compile(f"{_NUMBER_WORDS}|{_CODE_WORDS}")
_KEY_END = re.compile(r"[\w.\-]*(?:\\?[\"'])?\s*[:=]")  # a key's rest to its colon or equals sign


def party_key_at(low: str, s: int, e: int) -> bool:
    """Whether a party's word (one of ``PARTY_CUES``) at ``low[s:e]`` can be in a field name a rule reads: a number's
    or a code's word within 20 characters ("customer_number", "numer klienta", "codice cliente"), or a key's colon
    or equals sign after it ({"customer": ...}, "Customer: ...", a role's key). A value's "customer-000003" is
    neither: the key pass, ~20 us for a key no cache holds, is not run for it."""
    return _PARTY_NEAR.search(low, max(0, s - 20), e + 20) is not None or _KEY_END.match(low, e) is not None
