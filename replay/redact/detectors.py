"""Detectors: find the secrets and personal data in one text, each as a ``Hit`` with its pseudonym.

One Aho-Corasick pass over the lower-cased text finds every cue (an ``@``, a vendor key prefix,
a secret-like field name, a name or address cue); each cue is checked by an anchored regex at
that place and validated where the format allows (Luhn, mod-97, ``phonenumbers``,
``ipaddress``). Digit runs are found by one regex pass, run only when the text holds enough
digits (see ``digits``). Nothing here runs a regex per detector over the whole text: that keeps a typical
1-2 KB request well under the 200 us a record that 5,000 records/s allow.

This module owns the cue table and the pass; the families live beside it: ``fields`` (values of telling field
names), ``tokens`` (vendor keys, JWTs, PEM keys, URL userinfo, base64), ``links`` (one-time links' tokens),
``commands`` (passwords behind a command line's short options), ``accounts`` (user names in home directories, shell
prompts, SSH keys), ``readout`` (phone numbers read out as words, names spelled out), ``travel`` (a booking's
passenger names, a passport's machine-readable zone), ``hl7``, ``x12`` (a patient's fields of an HL7 v2 message, of
an X12 claim), ``edifact`` (a party's, a passenger's segments of an EDIFACT message), ``blocks`` (a party's lines
under a label: a SWIFT MT's ``:50K:``, ``SHIP TO:``), ``handles`` (a handle after its app's name), ``devices`` (an
owner's name in a device's host name), ``fhir`` (FHIR identifiers, a person's reference's display), ``iso20022`` (a
payment party's street and account), ``statements`` (a statement line's party), ``legal`` (a caption's, a
statement's title's, a land register's parties), ``personal`` (emails,
names, addresses), ``digits`` (cards, IBANs, phones, SSNs, IPs), ``macs`` (MAC addresses).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any, Protocol

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

from replay.redact import names, spoken
from replay.redact.accounts import (
    ACCESS_LOG_CUES,
    HOME_CUES,
    LOGGED_CUES,
    LOGIN_CUES,
    OWNER_CUES,
    PARTICIPANT_CUES,
    SUDO_CUE,
    AccountFinder,
)
from replay.redact.answers import ANSWER_CUES, AnswerFinder
from replay.redact.blocks import BLOCK_CUES, BlockFinder
from replay.redact.commands import COMMANDS, CommandFinder
from replay.redact.coordinates import COORDINATE_CUES, CoordinateFinder
from replay.redact.cueids import CUE_ID_CUES, CueIdFinder
from replay.redact.devices import DEVICE_CUES, DeviceNameFinder
from replay.redact.digits import SHAPE_TABLE, DigitFinder, in_hex_address
from replay.redact.edifact import EDIFACT_CUES, EdifactFinder
from replay.redact.exactkeys import EXACT_CUES
from replay.redact.fhir import FHIR_CUES, FhirFinder
from replay.redact.fieldkeys import ID_TABLE
from replay.redact.fields import FieldFinder
from replay.redact.formanswers import ANSWER_REF_CUES, AnswerRefFinder
from replay.redact.gedcom import GEDCOM_CUES, GedcomFinder
from replay.redact.givenkeys import GIVEN_CUES, GivenKeyFinder
from replay.redact.groups import GROUP_CUES
from replay.redact.handles import APP_CUES, HandleFinder
from replay.redact.hits import Hit, resolve
from replay.redact.hl7 import SEGMENT_CUES, Hl7Finder
from replay.redact.honorifics import HONORIFIC_CUES, HonorificFinder
from replay.redact.iso20022 import ISO_CUES, IsoFinder
from replay.redact.keys import KEY_CUES, KeyRules
from replay.redact.ldap import LDAP_CUES, LdapFinder
from replay.redact.legal import LEGAL_CUES, LegalFinder
from replay.redact.links import LINK_WORDS, SHARE_HOSTS, LinkFinder
from replay.redact.macs import MAC_CUES
from replay.redact.mentions import MENTION_TRIGGERS
from replay.redact.online import PROFILE_CUES, OnlineFinder
from replay.redact.otps import OTP_CUES, OtpFinder
from replay.redact.partykeys import PARTY_CUES, party_key_at
from replay.redact.personal import IN_WORD_CUES, PersonalFinder
from replay.redact.pseudonym import Pseudonyms, looks_redacted
from replay.redact.publicids import PUBLIC_ID_CUES, PublicIdFinder
from replay.redact.readout import READOUT_CUES, SPELLED_CUES, SPOKEN_STREET_CUES, ReadoutFinder, SpokenStreets
from replay.redact.referred import PRONOUN_CUES
from replay.redact.relatives import BENCH_CUES, KIN_OF_CUES, WHO_CUES, WORK_CUES
from replay.redact.said import SaidFinder
from replay.redact.saidcues import SAID_CUES
from replay.redact.saml import SAML_CUES, SamlFinder
from replay.redact.seeds import SEED_CUES, SeedFinder
from replay.redact.speech import OPENING_CUES, SPEECH_CUES
from replay.redact.spelledmail import CUES as SPELLED_MAIL_CUES
from replay.redact.spelledmail import SpelledMail
from replay.redact.sqlvalues import SQL_CUES, SqlValues
from replay.redact.statements import STATEMENT_CUES, StatementFinder
from replay.redact.streets import CONTEXT, CONTEXT_TH, CONTEXT_VN, CORNER_CUES, LIVES_ON, address_cues
from replay.redact.textract import TEXTRACT_CUES, TextractFinder
from replay.redact.tokens import HASH_CUES, PGPASS_CUES, TokenFinder, b64_matches, b64_text, high_entropy, run_shape
from replay.redact.travel import BCBP_CUE, CARD_ZONE_CUE, GDS_CUES, MRZ_CUE, PASSENGER_CUES, TravelFinder
from replay.redact.vcards import CARD_CUES, CardFinder
from replay.redact.vendors import VENDORS
from replay.redact.vietnamese import VN_NAME_CUES, VN_SAID_CUES, VnNameFinder
from replay.redact.x12 import X12_CUES, X12Finder

__all__ = ["BUILT_IN_KINDS", "DETECTORS", "Finder", "Hit", "b64_text", "high_entropy"]

# Names a policy can turn off. The last two act on headers, in the engine.
DETECTORS = (
    "email",
    "phone",
    "card",
    "iban",
    "ssn",
    "ip",
    "mac",
    "jwt",
    "private_key",
    "vendor_keys",
    "secret_keys",
    "url_userinfo",
    "name",
    "address",
    "personal_ids",
    "base64",
    "cookies",
    "auth_headers",
)
# The names the built-in redaction counts under (beside the detectors' own): a policy's rule of one of these names
# would add its finds to the built-in's count, and the two could no longer be told apart (replay.redact.policy
# refuses it). tests/redact/test_policy checks every kind the built-ins count on the labelled corpus is here; the
# vendors' kinds come from their table, which holds more vendors than the corpus (a rule named 'vault_token' or
# 'discord_webhook' was taken, its finds joining the built-in's count).
_COUNTED = {
    *("address", "api_key", "authorization", "bank_account", "basic_auth", "binary_body", "cookie", "crypto_wallet"),
    *("cvc", "device_id", "dob", "expiry", "geo", "gov_id", "handle", "header", "license_plate", "mac", "otp"),
    *("password", "person", "profile", "secret", "session", "token", "tracking_number", "unread_text", "username"),
    *("aws_secret_key", "azure_key", "telegram_token", "twilio_key"),
}
BUILT_IN_KINDS = frozenset(DETECTORS) | {v.kind for v in VENDORS} | _COUNTED


_HEX = frozenset("0123456789abcdef")


# The byte no ASCII text holds that stands for a cue past ASCII in the DFA over ASCII texts (see ``_Automata``)
_PAST_ASCII = b"\x80"


class _Automata:
    """One cue set's automata: a DFA over an ASCII text's bytes, built at once (2-3x faster than the automaton over
    text: no byte-to-character offset mapping, no NFA walk), and for texts past ASCII, built at the first such text,
    an automaton over text and a DFA over UTF-8 bytes. On an ASCII text all report the same (pattern, start, end) in
    the same order: a pattern with a non-ASCII character matches none, and byte offsets are character offsets."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        # A cue past ASCII matches no ASCII text: it stands there as a byte no ASCII text holds, its number kept, and
        # the DFA has ASCII's byte classes alone. It builds in half the time: the pass's 5,350 cues 42 ms -> 21, the
        # address pass's 13,674 23 -> 17 (under load), each process's first ``Finder`` paying it.
        ascii_only = [p.encode() if p.isascii() else _PAST_ASCII for p in patterns]
        self.ascii = BytesAhoCorasick(ascii_only, implementation=Implementation.DFA)

    @cached_property
    def text(self) -> AhoCorasick:
        """The automaton over text: for texts past ASCII."""
        return AhoCorasick(list(self.patterns))

    @cached_property
    def utf8(self) -> BytesAhoCorasick:
        """The DFA over UTF-8 bytes: for texts past ASCII too long for the automaton over text."""
        return BytesAhoCorasick([p.encode() for p in self.patterns], implementation=Implementation.DFA)

    def matches(self, text: str, data: bytes, end: str = "") -> list[tuple[int, int, int]]:
        """Every (pattern, start, end) in ``text + end``, a text past ASCII, overlapping, in character
        offsets; ``data`` is the text's UTF-8 bytes."""
        if len(data) <= _TEXT_AUTOMATON_MAX:
            return self.text.find_matches_as_indexes(text + end, overlapping=True)  # type: ignore[no-any-return]
        data += end.encode()
        found: list[tuple[int, int, int]] = self.utf8.find_matches_as_indexes(data, overlapping=True)
        chars = _char_offsets(data, {at for _, s, e in found for at in (s, e)})
        return [(i, chars[s], chars[e]) for i, s, e in found]


@lru_cache(maxsize=16)
def _automata(patterns: tuple[str, ...]) -> _Automata:
    """The cue patterns' automata, built once per pattern set."""
    return _Automata(patterns)


@lru_cache(maxsize=1)
def _place_table() -> tuple[list[tuple[str, int, int]], _Automata]:
    """The address pass's cues, each (form, lead, trail) in the automaton's order, and their automaton: the same in
    every Finder, built once a process (its ~13,700 cues took 47 ms of each Finder's 55)."""
    places = {c: (form, lead, trail) for c, form, lead, trail in address_cues()}
    return list(places.values()), _automata(tuple(places))


# The longest text past ASCII the automaton over text reads. Past it the DFA reads the UTF-8 bytes and
# the few offsets it reports are mapped to characters here: over a body of 50 MB the text automaton took
# 300 MB (a UTF-8 copy and an offset map), the bytes none. Below it the text automaton is the faster (a
# 2 KB text: 16 us, where mapping 90 offsets in Python took 50).
_TEXT_AUTOMATON_MAX = 1 << 20


def _char_offsets(data: bytes, offsets: set[int]) -> dict[int, int]:
    """Byte offsets of ``data`` (UTF-8, each at a character's start) -> character offsets, the characters
    between one and the next counted by decoding them: a slice at a time, not a map of every byte."""
    chars, prev, at = 0, 0, {}
    for b in sorted(offsets):
        chars += len(data[prev:b].decode("utf-8"))
        at[b], prev = chars, b
    return at


class _Cued(Protocol):
    """A domain's finder: called at each of its cues (``text[s:e]``, ``low`` the text lower-cased)."""

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None: ...


# One family of cues: the detector that turns it on (None: always on; its handler may still check detectors), the
# family's name (``Finder.find`` calls its handler at each of its cues) and its cues, each with the argument its
# handler takes (None for most).
_Family = tuple[str | None, str, list[tuple[str, object]]]
# A family's handler: called at each of its cues, ``text[s:e]``, as (text, low, s, e, the cue's argument, hits)
_At = Callable[[str, str, int, int, Any, list[Hit]], None]


def _bare(*cues: str) -> list[tuple[str, object]]:
    """Cues whose handler takes no argument."""
    return [(cue, None) for cue in cues]


def _families(on: dict[str, bool], keys: KeyRules, domains: list[tuple[tuple[str, ...], _Cued]]) -> list[_Family]:
    """Every family's cues, in the order the automaton numbers them. That order is the order of a cue's families
    (a cue can feed several) and of the hits of cues that end at one place, so it may decide a tie between two
    hits: a new family goes at the end unless it must read before another."""
    said = (*SAID_CUES.items(), *VN_SAID_CUES.items())
    return [
        # an @; one escaped in JSON inside a JSON string (local\\u0040host); the full-width ＠ an IME types
        ("email", "email", _bare("@", "\\u0040", "\uff20")),
        ("email", "spelled_email", _bare(*SPELLED_MAIL_CUES)),
        ("url_userinfo", "userinfo", _bare("://")),
        # a one-time link's word, a path segment or in one ("verify-email", "email-verification"); a share host
        ("secret_keys", "link", _bare(*(sep + word for word in LINK_WORDS for sep in "/-_"), *SHARE_HOSTS)),
        ("secret_keys", "command", _bare(*(command + " " for command in COMMANDS))),
        ("secret_keys", "otp", _bare(*OTP_CUES)),
        ("name", "home", _bare(*HOME_CUES)),
        ("name", "login", _bare(*LOGIN_CUES, SUDO_CUE)),
        ("name", "logged", _bare(*LOGGED_CUES)),
        ("name", "owner", _bare(*OWNER_CUES)),
        ("name", "participant", _bare(*PARTICIPANT_CUES)),
        ("name", "access_log", _bare(*ACCESS_LOG_CUES)),
        ("name", "passenger", _bare(*PASSENGER_CUES)),
        ("name", "mrz", _bare(MRZ_CUE)),
        ("name", "card_zone", _bare(CARD_ZONE_CUE)),
        ("name", "bcbp", _bare(BCBP_CUE)),
        ("name", "gds", _bare(*GDS_CUES)),
        *((None, "domain", [(cue, finder) for cue in cues]) for cues, finder in domains),
        ("phone", "readout", _bare(*READOUT_CUES)),
        ("mac", "mac", _bare(*MAC_CUES)),
        ("jwt", "jwt", _bare("eyj")),
        ("private_key", "pem", _bare("-----begin")),
        ("vendor_keys", "vendor", [(start, (start, vendor)) for vendor in VENDORS for start in vendor.starts]),
        ("secret_keys", "password_hash", _bare(*HASH_CUES)),
        ("secret_keys", "pgpass", _bare(*PGPASS_CUES)),
        (None, "key", _bare(*KEY_CUES, *EXACT_CUES, *keys.extra_names)),
        (None, "party", _bare(*PARTY_CUES)),  # a key cue where a number's word or a colon is near (party_key_at)
        # each with its strength; a group's count or noun (``groups``), speech's and a question's words (``speech``)
        ("name", "name", [*names.NAME_TRIGGERS.items(), *MENTION_TRIGGERS.items(), *GROUP_CUES.items()]),
        ("name", "name", [*SPEECH_CUES.items(), *PRONOUN_CUES.items()]),  # and a pronoun's referent (``referred``)
        ("name", "name", list(OPENING_CUES.items())),  # a question opening with its auxiliary (``speech``)
        # whose kin, a clause's "who", a court's judges (``relatives``)
        ("name", "name", [*KIN_OF_CUES.items(), *WHO_CUES.items(), *BENCH_CUES.items(), *WORK_CUES.items()]),
        ("name", "profile", _bare(*PROFILE_CUES)),
        ("name", "addressed", _bare(*spoken.ADDRESS_CUES)),
        ("name", "spelled", _bare(*SPELLED_CUES)),
        ("address", "address", [*((trig, "context") for trig in CONTEXT), *((trig, "corner") for trig in CORNER_CUES)]),
        ("address", "address", [(trig, "on") for trig in LIVES_ON]),
        ("address", "address", [*((trig, "vn") for trig in CONTEXT_VN), *((trig, "th") for trig in CONTEXT_TH)]),
        (None, "said", [(phrase, cue) for phrase, cue in said if on[cue.detector]]),  # each on its own detector
    ]


class Finder:
    """Finds hits in a text; ``disabled`` names detectors from DETECTORS to skip."""

    def __init__(
        self,
        ps: Pseudonyms,
        keys: KeyRules,
        disabled: frozenset[str] = frozenset(),
        regions: tuple[str, ...] = ("US", "GB", "DE", "FR", "IN", "AU"),
        rules: tuple[tuple[str, re.Pattern[str]], ...] = (),
    ):
        self.ps = ps
        self.keys = keys
        self.on = {d: d not in disabled for d in DETECTORS}
        self.regions = regions
        self.rules = rules
        self.personal = PersonalFinder(ps, self.on)
        cues: dict[str, list[tuple[str, object]]] = {}  # a cue (lower-cased) -> its families, each with its argument
        for detector, family, cued in _families(self.on, keys, self._domains(ps, keys)):
            if detector is None or self.on[detector]:
                for cue, arg in cued:
                    cues.setdefault(cue.lower(), []).append((family, arg))
        self._cue_list = list(cues.values())
        # A word that starts with a hex digit may be a group of the IPv6 or MAC address around it ("dea" in
        # "2001:db8:7a23:dea:6199:…"): there it names no field and no number. Asked once a cue, for the key and said
        # rules; a word that starts otherwise never is one (``in_hex_address``).
        self._hex_led = [c[0] in _HEX and any(f in ("key", "said") for f, _ in fams) for c, fams in cues.items()]
        self._ac = _automata(tuple(cues))
        self._ac_ascii = self._ac.ascii
        self._place_cues, self._place_ac = _place_table() if self.on["address"] else ([], None)
        self._place_ascii = self._place_ac.ascii if self._place_ac is not None else None
        self.digits = DigitFinder(ps, keys, self.on, regions)
        self.online = OnlineFinder(ps, self.on)
        self.fields = FieldFinder(ps, keys, self.on, self.personal)
        self.tokens = TokenFinder(ps, self.on)
        self.links = LinkFinder(ps, keys, self.on)
        self.commands = CommandFinder(ps)
        self.otps = OtpFinder(ps)
        self.accounts = AccountFinder(ps)
        self.readout = ReadoutFinder(ps)
        self.travel = TravelFinder(ps)
        self.said = SaidFinder(ps, self.on)
        self.spelled_mail = SpelledMail(ps)
        self._at = self._handlers()
        self._free_text = self.on["name"] or self.on["address"]
        self._runs_read = self.on["vendor_keys"] or self.on["base64"] or self.on["personal_ids"]
        # Every detector off and no rules or keys of the policy's: no pass can find anything (a key cue's field
        # rule reads a value only for a detector that is on, or a key the policy lists), so a text is not
        # scanned at all.
        self.idle = not any(self.on.values()) and not rules and not keys.extra_names

    def _domains(self, ps: Pseudonyms, keys: KeyRules) -> list[tuple[tuple[str, ...], _Cued]]:
        """The finders of one domain's records, each with its cues, called at each alike (the family "domain"): HL7
        and X12 messages' segments, lines under a label, FHIR keys, ISO 20022 names, a statement's payment words, a
        handle's app (a person's name on a network, as the "@" finder's), ..."""
        domains: list[tuple[tuple[str, ...], _Cued]] = [
            (SEGMENT_CUES, Hl7Finder(ps, self.on)),
            (BLOCK_CUES, BlockFinder(ps, self.on)),
            (FHIR_CUES, FhirFinder(ps, self.on)),
            (ISO_CUES, IsoFinder(ps, self.on)),
            (STATEMENT_CUES, StatementFinder(ps, self.on)),
            (X12_CUES, X12Finder(ps, self.on)),
            (EDIFACT_CUES, EdifactFinder(ps, self.on)),  # a party's, a passenger's segments of an EDIFACT message
            (CARD_CUES, CardFinder(ps, self.on)),  # a vCard's, an iCalendar's lines by their property
            (SAML_CUES, SamlFinder(ps, self.on, keys)),  # a SAML assertion's attributes by their names
            (GEDCOM_CUES, GedcomFinder(ps, self.on)),  # a family tree's individual records by their tags
            (LDAP_CUES, LdapFinder(ps, self.on)),  # a directory's DN parts and LDIF uid lines
            (ANSWER_REF_CUES, AnswerRefFinder(ps, self.on, keys)),  # a form's answer by its question's ref
            (TEXTRACT_CUES, TextractFinder(ps, self.on, keys)),  # a scanned form's values by their keys' words
            (LEGAL_CUES, LegalFinder(ps, self.on)),
            (ANSWER_CUES, AnswerFinder(ps, self.on)),  # a security question's answer, said or the next turn
            (SQL_CUES, SqlValues(self.find)),  # a query log's values under their columns' names
            (PUBLIC_ID_CUES, PublicIdFinder()),  # a supply chain node's seller id: public, kept
            (CUE_ID_CUES, CueIdFinder(ps, self.on)),  # ids of other languages only their word makes one's
            # a name before its honorific ("Kovács úr", "Sharma ji")
            (HONORIFIC_CUES, HonorificFinder(ps, self.on, lambda: self.personal.persons)),
        ]
        if self.on["address"]:
            domains.append((SPOKEN_STREET_CUES, SpokenStreets(ps)))  # "forty two acacia avenue", in a transcript
            domains.append((COORDINATE_CUES, CoordinateFinder(ps)))  # "GPS: 51.5074, -0.1278", "40.7128° N"
        if self.on["secret_keys"]:
            domains.append((SEED_CUES, SeedFinder(ps)))  # a wallet's recovery phrase after its name
            domains.append((GIVEN_CUES, GivenKeyFinder(ps)))  # "I set up cohere with <key>": a key no name announces
        if self.on["name"]:
            domains.append((APP_CUES, HandleFinder(ps)))
            domains.append((DEVICE_CUES, DeviceNameFinder(ps)))
            domains.append((VN_NAME_CUES, VnNameFinder(ps)))  # "em tên là nguyễn văn minh": in any case
        return domains

    def _handlers(self) -> dict[str, _At]:
        """Each family's handler by the family's name in the cue table, all called alike: ``(text, low, s, e, arg,
        hits)`` at the cue ``text[s:e]`` with the cue's argument (``find`` reads "addressed" and "key" itself)."""
        personal, online, tokens, accounts, travel = self.personal, self.online, self.tokens, self.accounts, self.travel
        readout = self.readout
        return {
            "email": self._email,
            "name": personal.name,
            "said": self.said.at,
            "domain": lambda t, low, s, e, finder, hits: finder.at(t, low, s, e, hits),
            "vendor": lambda t, low, s, e, start, hits: tokens.vendor(t, s, start, hits),
            "address": lambda t, low, s, e, form, hits: personal.address(t, s, e, form, hits),
            "jwt": lambda t, low, s, e, arg, hits: tokens.jwt(t, s, hits),
            "pem": lambda t, low, s, e, arg, hits: tokens.pem(t, s, hits),
            "password_hash": lambda t, low, s, e, arg, hits: tokens.password_hash(t, s, hits),
            "pgpass": lambda t, low, s, e, arg, hits: tokens.pgpass(t, s, hits),
            "userinfo": lambda t, low, s, e, arg, hits: tokens.userinfo(t, s, hits),
            "link": lambda t, low, s, e, arg, hits: self.links.at(t, low, s, e, hits),
            "command": lambda t, low, s, e, arg, hits: self.commands.at(t, low, s, e, hits),
            "otp": lambda t, low, s, e, arg, hits: self.otps.at(t, s, e, hits),
            "home": lambda t, low, s, e, arg, hits: accounts.home(t, s, e, hits),
            "login": lambda t, low, s, e, arg, hits: accounts.login(t, s, e, hits),
            "logged": lambda t, low, s, e, arg, hits: accounts.logged(t, s, hits),
            "owner": lambda t, low, s, e, arg, hits: accounts.owner(t, s, e, hits),
            "participant": lambda t, low, s, e, arg, hits: accounts.participant(t, e, hits),
            "access_log": lambda t, low, s, e, arg, hits: accounts.access_log(t, s, e, hits),
            "spelled_email": lambda t, low, s, e, arg, hits: self.spelled_mail.at(t, low, s, hits),
            "profile": lambda t, low, s, e, arg, hits: online.profile(t, e, hits),
            "mac": lambda t, low, s, e, arg, hits: self.digits.macs.cued(t, low, s, e, hits),
            "readout": lambda t, low, s, e, arg, hits: readout.at(t, s, e, hits),
            "spelled": lambda t, low, s, e, arg, hits: readout.spelled(t, e, hits),
            "passenger": lambda t, low, s, e, arg, hits: travel.passenger(t, s, hits),
            "mrz": lambda t, low, s, e, arg, hits: travel.mrz(t, s, hits),
            "card_zone": lambda t, low, s, e, arg, hits: travel.card_zone(t, s, hits),
            "bcbp": lambda t, low, s, e, arg, hits: travel.bcbp(t, s, hits),
            "gds": lambda t, low, s, e, arg, hits: travel.gds(t, s, e, hits),
        }

    def _email(self, text: str, low: str, s: int, e: int, arg: object, hits: list[Hit]) -> None:
        """At an "@" (``text[s:e]``): an email address and a password written after it, or else the user name of a
        remote login (ssh jdoe@db1.example.com), a shell prompt, an SSH key's comment."""
        login = self.on["name"] and self.accounts.remote(text, s)
        before = len(hits)
        if not login:
            self.online.email(text, s, e, hits)
        if len(hits) > before and hits[-1].kind == "email":
            self.fields.after_login(text, hits[-1].end, hits)
        elif len(hits) == before and self.on["name"]:
            self.accounts.at_sign(text, s, hits, login)

    def cued(self, text: str) -> bool:
        """A cue of the pass is in ``text``: a JSON key holding one has its value read by a rule."""
        low = text.lower()
        if low.isascii():  # the DFA the pass reads such texts with: the automaton over text is built for texts past it
            return bool(self._ac_ascii.find_matches_as_indexes(low.encode()))
        return bool(self._ac.text.find_matches_as_indexes(low))

    # -- the pass ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, non-overlapping and in order."""
        n = len(text)
        if n < 3 or self.idle:
            return []
        low = text.lower()
        if len(low) != n:  # a few characters change length when lower-cased
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        hits: list[Hit] = []
        seen: set[int] = set()
        personal, tokens, at = self.personal, self.tokens, self._at
        raw = text.encode()
        ascii_ = len(raw) == n  # then low's bytes are raw.lower(), offset for offset
        shape = raw.translate(SHAPE_TABLE)  # a "0" for each ASCII digit, read by the place and digit passes
        # The passes test these bytes with ``find``, not ``in``: bytes' ``in`` takes its needle for an int first and
        # makes and clears a TypeError (1,800 instructions a test, some twenty tests a text)
        if ascii_:
            # low's bytes: an ASCII str encodes by a copy, where bytes.lower() maps each byte
            cues = self._ac_ascii.find_matches_as_indexes(low.encode(), overlapping=True)
        else:
            cues = self._ac.matches(low, low.encode())
        ids = None  # ``fieldkeys.ID_TABLE``'s map of an ASCII text, made at its first key cue
        addressed = False  # one of spoken.ADDRESS_CUES is in the text
        for idx, s, e in cues:
            grouped = self._hex_led[idx] and in_hex_address(low, s)
            for family, arg in self._cue_list[idx]:
                if grouped and family in ("key", "said"):
                    continue
                if family == "addressed":
                    addressed = True
                elif family == "key" or family == "party":  # its own handler: the pass's id map (made once)
                    if family == "party" and not party_key_at(low, s, e):
                        continue
                    if ids is None and ascii_:
                        ids = raw.translate(ID_TABLE)
                    self.fields.at(text, low, s, hits, seen, ids)
                elif family == "name" and s and arg not in IN_WORD_CUES and low[s - 1].isalpha():
                    continue  # a name cue inside a word ("team. ", "during "), as ``PersonalFinder.name`` reads it
                else:
                    at[family](text, low, s, e, arg, hits)
        if self._place_ac is not None and self._place_ascii is not None and n >= 8 and shape.find(b"0") >= 0:
            # A street suffix's cue holds the character after it: "\n" stands for the text's end.
            if ascii_:
                places = self._place_ascii.find_matches_as_indexes(raw + b"\n", overlapping=True)
            else:
                places = self._place_ac.matches(text, raw, "\n")
            for idx, s, e in places:  # a street cue needs a number
                form, lead, trail = self._place_cues[idx]
                personal.address(text, s + lead, e - trail, form, hits)
        if self._free_text and n >= 5:
            personal.people(text, hits, low, shape if ascii_ else None, addressed)
            if self.on["name"] and hits:
                personal.again(text, hits)
        self.digits.find(text, low, raw, hits, shape)
        if self._runs_read and (runs := run_shape(raw)) is not None:
            matches = list(b64_matches(text, raw, runs)) if ascii_ else None  # found once for both passes
            if self.on["vendor_keys"]:
                tokens.tail(text, raw, hits, matches)
            if self.on["base64"] or self.on["personal_ids"]:
                tokens.base64_runs(text, raw, hits, runs, matches)
        for kind, rx in self.rules:
            for m in rx.finditer(text):
                if m.end() > m.start() and not looks_redacted(m.group(0)):
                    hits.append(Hit(m.start(), m.end(), kind, self.ps.generic(m.group(0)), 65))
        return resolve(hits) if len(hits) > 1 else hits
