"""Redaction: every exchange passes through a Redactor before it reaches disk.

The capture's writer processes (``replay.capture.writer``: mitmdump's addon only hands exchanges
over), ``replay import`` and ``replay redact`` call ``Redactor.redact(ex)``: it finds
secrets and personal data in the URL, every header and every text body (see ``engine``,
``detectors``), replaces each with a deterministic, format-preserving pseudonym keyed by an
HMAC secret (see ``pseudonym``) and adds per-kind counts to ``Exchange.redactions``; values
never go anywhere. A run's responses go through its engine too (``replay.runner.responses``).
The key comes from ``REPLAY_REDACT_KEY``, else is generated per Redactor and never written (a
capture makes one for all its writers, ``replay.capture.pool``, so a value has one pseudonym).

The path of an exchange:

    engine.py      the record-level driver: URL, headers and bodies, each through the redaction that fits
    headers.py     which headers are kept, which are a secret whole, how structured ones are read
    bodies.py      bodies by content type: forms, event streams and NDJSON, JSON, multipart, binary
    eventstreams.py AWS event streams (Bedrock's): each frame's payload redacted as a stream event, frames rewritten
    charsets.py    the charset of a text body that is not UTF-8: declared, told by its first bytes, or detected
    pairs.py       a form's or a query string's fields, each value read under its own (bracketed) name
    graphql.py     a GraphQL request's variables, each read under the name of the argument it feeds
    columns.py     a table written as JSON (column names apart from rows): each cell read under its column's name
    jsonwalk.py    one walk of a parsed JSON body for the rules reading its structure (columns, shapedvalues)
    shapedvalues.py values a JSON body's shape says are a person's: OpenRTB's extended ids, a query's pattern on a field
    sqlvalues.py   a SQL statement's values under their columns' names: an INSERT's rows, an ORM's logged binds
    segments.py    a JSON body's long string values, each redacted as a text of its own
    memo.py        a bounded LRU of results: the same text redacts the same way
    textview.py    decode escapes before detecting, re-encode after replacing
    textpass.py    one text through the detectors: hits found in its decoded view, replaced in the original
    hits.py        a hit (a span and its pseudonym); overlapping hits resolved
    pseudonym.py   deterministic, format-preserving pseudonyms keyed by HMAC, and how to recognise them
    fakeaddress.py the pseudonym of a street address
    policy.py      the built-in defaults, plus a TOML file (``--policy``)

The detectors (``detectors.py`` runs them from one Aho-Corasick pass of cues):

    tokens.py      credentials with a format of their own: JWTs, PEM keys, URL passwords, base64 runs
    vendors.py     vendor API keys by their public formats
    links.py       the tokens of one-time links (a password reset's, an invite's) that no name announces
    commands.py    passwords behind a command line's short options (``mysql -pPASS``, ``curl -u user:PASS``)
    accounts.py    a computer account's user name in a home directory, a shell prompt, an SSH key's comment
    otps.py        a one-time code said before its name ("482913 is your verification code")
    seeds.py       a crypto wallet's recovery phrase after its name ("my seed phrase is abandon ladder …")
    givenkeys.py   a credential handed over by "with" or "using" in a sentence about signing in ("set up X with …")
    answers.py     a security question's answer: said after the question ("first pet's name was …"), or the next turn
    keys.py        what a field name says about its value (JSON keys, form and query names, headers), the stems
                   a text's field names are found by (``KEY_CUES``)
    exactkeys.py   the field names that say exactly what their value is, looked up whole (``keys``)
    partykeys.py   a customer's, a member's, a contract's or a meter's number by its field's name in several
                   languages (``keys``), and whether a cue for one (``PARTY_CUES``) stands in a key
    fields.py      values of telling field names: ``password=...``, ``my password is ...``
    fieldkeys.py   the field name around a cue: where it starts and ends, a quoted key of words, its value's start
    namefields.py  a person's name under a name field: a bare "name" told by its object, a name part's list
    fieldspans.py  where a field's value starts and ends: a quoted string, a bare run, a bare name's or address's end
    fieldvalues.py what a field's value is and where it stands (a model's own output, a one-time code, markup)
    fieldnumbers.py a person's numbers and things by their field's name: a record's in its object (a policy's,
                   an identity document's), a device's, a plate, a coordinate
    jsonshapes.py  the JSON shapes a field's value sits in: name/value pairs, an object holding it, name parts
    keyedshapes.py values a field's name tells only with their shape's agreement: an ad beacon's contact digest
                   (``"em": "<sha256>"``), a deploy tool's wallet keys (``accounts: ['0x…']``)
    filenames.py   a person's name inside a file's name (``CV_Leopold_Vanderstraeten.pdf``)
    said.py        personal numbers and dates in prose, after the words that name them
    saidcues.py    the phrases that name them (``SAID_CUES``) and what each announces: a kind, the digits it needs
    digits.py      digit-shaped data: cards, SSNs, phones, IBANs, IP addresses (checks in checksums.py)
    macs.py        MAC addresses: by their shape, or in any form after a word or under a field naming one
    phones.py      a digit run read as a phone in the policy's regions, its cues before and after it
    readout.py     a phone number read out digit by digit in words ("four one five, five five five, …"), a street
                   with its number in words ("forty two acacia avenue")
    travel.py      a booking's passenger name (``MORENO/LUCIA MRS``), a passport's machine-readable zone, a PNR's
                   contact, frequent flyer and passport lines, a boarding pass's barcode (``M1DESMARAIS/LUC …``)
    hl7.py         a patient's fields of an HL7 v2 message by their places (``PID|1||123456^^^HOSP^MR||DOE^JOHN``)
    x12.py         a patient's, a subscriber's elements of an X12 health care claim (``NM1*IL*1*DOE*JOHN``)
    edifact.py     a party's, a passenger's segments of a UN/EDIFACT message (``NAD+FL+++DOE:JOHN``)
    vcards.py      a contact card's and a calendar's lines by their property (``N:Feraud;Lucienne``, ``BDAY:``, ``CN=``)
    saml.py        a SAML assertion's attribute values by their attribute's name (``…/claims/givenname``, an OID)
    gedcom.py      a family tree's individual records by their tags (``1 NAME Bridget /Ó Dubhghaill/``, a birth's DATE)
    ldap.py        a directory's names for a person: a DN's ``uid=`` and a person's ``cn=``, an LDIF's ``uid:``
    formanswers.py a form builder's answer by its question's ref (Typeform's ``"ref": "date_of_birth"``)
    licences.py    a driving licence's numbered fields as OCR reads them (``1 SMITH 2 JOHN 3 01/02/1980 4d …``)
    textract.py    a scanned form's values as AWS Textract and Document AI return them (under their keys' words)
    blocks.py      a party's name and street in the lines under a label (a SWIFT MT's ``:50K:``, ``SHIP TO:``)
    handles.py     a handle named by the app it is on (``add me on snap: lunacast92``, ``discord katyb#4821``)
    devices.py     an owner's name or login in a device's host name (``Janes-iPhone``, ``alice-laptop.local``)
    legal.py       a legal document's parties: a caption's above their role, a statement's title, a land register's
    fhir.py        FHIR identifiers' values, a person's reference's display, a coverage's subscriber id
    iso20022.py    a payment party's street and account (``<StrtNm>``, ``<Othr><Id>``, Open Banking's scheme)
    statements.py  a bank statement line's party in capitals (``FASTER PAYMENT FROM DANIEL OKORO``)
    tables.py      a CSV, TSV or markdown table in a text: a cell's column header, the cells under a header
    nationalids.py national ids that carry their own check, redacted with no word naming them
    cueids.py      ids of other languages only their word makes one's (Hungary's TAJ, Romania's CNP, a new HETU)
    wallets.py     crypto wallet addresses, by their own checksums
    personal.py    person names and street addresses in free text
    online.py      emails, social handles ("@jdoe") and profile pages ("u/jdoe", "github.com/jdoe") in free text
    mailids.py     a mail's own ids (Message-ID, References), which look like addresses and are kept
    publicids.py   public ids under a key naming a secret or a person: a supply chain's seller, a WeChat account
    spelledmail.py an address spelled in words ("jo dot doe at mail dot com"), read from each spelled "at"
    strings.py     where a text's strings start and end; a name found again inside one (``personal.again``)
    names.py       person names after a cue; people.py: with no cue, by the name lexicon
    namewords.py   what one capitalised word is to the lexicon: a given name, a surname, an ordinary word; a name
                   alone, greeted, after a title, a rare one (the judgements the name rules ask of one word)
    lowernames.py  person names in a text or a JSON string typed all in lower case ("call patricia desrosiers"), or
                   typed so in a short text with capitals ("I think john smith is here")
    honorifics.py  a name before the honorific after it ("Kovács úr", "Sharma ji"), in Czech's vocative after "pane"
    nameshapes.py  what a name after its cue looks like and where it ends: initials, "Surname, Given", lists
    mentions.py    rare names greeted, signing off, asked for, who phoned; role name fields ("dasher_name")
    groups.py      names said alone in a group of people: "our 3 founders: A, B and C", "A and B were engineers"
    speech.py      names said alone by speech or a question: "said Brixard to Logan", "Why is Ivan so impulsive?"
    referred.py    a name said alone as a subject a person's pronoun refers back to ("Rintanen began …, her first")
    relatives.py   a name said alone before whose kin or a "who" clause: "roberto's daughter", "Jason, who is"; a
                   court's judges ("SCALIA filed a dissenting opinion, in which THOMAS and ALITO joined")
    spoken.py      names of people spoken to or about ("Kenny, you", "Casey's"), a transcript's speakers
    capitals.py    the one scan of an ASCII text's capitals where names with no cue may stand, for three passes
    written.py     names as mail, forums and papers write them: a reply's writer, "X's answer", citations, bylines
    wordforms.py   a word's forms the lexicon lacks: a Polish name's cases, a patronymic, marks; nouns' endings, plurals
    notnames.py    capitalised words that are no one's name: stop words, words that start places, other languages'
                   months
    eponyms.py     the head words after a name that make it a thing's: a place's ("… Bridge"), a theorem's, a breed's
    orgwords.py    an organisation's words, one table: institutions' heads and the titles after them, bodies' tails,
                   trade words, legal forms
    placenames.py  the names of places from data files: one-word countries and states, big cities, countries' names
    placeruns.py   runs of names that name a place or a product: "Costa Brava", "Opel Corsa", "Salvador e Curitiba"
    firms.py       a firm's, an institution's or a brand's name: a legal form, a trade's word, the gazetteer, goods
    cjknames.py    person names in CJK scripts, after a cue or before an honorific
    vietnamese.py  Vietnamese text's provinces and cities, family names and letters, which the name lexicon misreads
    transcripts.py a name a speech-to-text result's words spell, one JSON object a word (Deepgram, AssemblyAI)
    places.py      street addresses in many countries' forms; streets.py: their vocabulary and cues
    postcodes.py   postcodes precise to a street (the UK's, Canada's, the Netherlands', Eircodes)
    coordinates.py a latitude and longitude said in prose after their words, or with a degree's hemisphere
    asianplaces.py Japanese, Chinese and Korean addresses by their place words; Vietnam's and Thailand's after theirs
    lexicon.py     the word lists (``data/``): given names and surnames, common words, street suffixes

Over stored files: ``scan.py`` (leak check and re-redaction of captures and HAR files), ``har.py``
(HAR files through the engine), ``withheld.py`` (the records the engine failed on: never written, counted and
named), ``evaluate.py`` (a redactor scored on a labelled corpus) and ``cli.py`` (``replay redact``, ``replay scan``).

    ReplayError
     └─ BadInput
         └─ PolicyError     a policy file is not valid (unknown key, bad regex, wrong type)
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from replay.exchange.format import Exchange
from replay.redact.detectors import DETECTORS
from replay.redact.engine import Engine
from replay.redact.policy import Policy, PolicyError, load_policy
from replay.util.redactkey import MIN_KEY_BYTES, env_key

__all__ = [
    "DETECTORS",
    "MIN_KEY_BYTES",
    "Policy",
    "PolicyError",
    "Redactor",
    "default_redactor",
    "env_key",
    "load_policy",
]

# orjson parses JSON nested up to 1024 deep and the body rules walk what it parses recursively (two frames a
# level at most); under Python's default limit of 1000 frames such a body (a hostile event stream's event) was
# an exception: the capture dropped the exchange, ``redact`` and ``scan`` ended in a traceback.
DEEP_ENOUGH = 4 * 1024


class Redactor:
    """Redacts exchanges in place; pseudonyms are keyed by an HMAC secret that is never written."""

    def __init__(self, key: bytes | None = None, policy: Policy | None = None):
        sys.setrecursionlimit(max(sys.getrecursionlimit(), DEEP_ENOUGH))
        self._engine = Engine(key or env_key() or os.urandom(32), policy or Policy())

    @property
    def engine(self) -> Engine:
        return self._engine

    def redact(self, ex: Exchange) -> Exchange:
        """Redact ``ex`` in place, add the per-kind counts to ``ex.redactions``, return it."""
        self.findings(ex, record=True)
        return ex

    def findings(self, ex: Exchange, record: bool = False) -> Counter[str]:
        """Redact ``ex`` in place and return what was replaced, per kind; ``record`` also adds
        the counts to ``ex.redactions``."""
        found = self._engine.exchange(ex)
        if record:
            for kind, n in found.items():
                ex.redactions[kind] = ex.redactions.get(kind, 0) + n
        return found

    def text(self, s: str) -> tuple[str, Counter[str]]:
        """Redact one free text; the redacted text and the counts per kind."""
        counts: Counter[str] = Counter()
        return self._engine.text(s, counts), counts


def default_redactor(policy: Path | str | None = None, tell_empty: bool = True) -> Redactor:
    """The redactor captures, imports and ``replay redact`` use: defaults, plus a policy file (``load_policy``)."""
    return Redactor(policy=load_policy(policy, tell_empty) if policy else None)
