"""Public labelled sets the engine was not written against (tests/data/redact/PROVENANCE.md):
presidio-research's synth_dataset_v2 and Nannigalaxy/PII-synthetic_dataset (both MIT) and pl-pii-bench's
documents (CC BY 4.0) and anonipy-evaluation's German, French, Italian and Dutch sentences (BSD-2-Clause),
each sentence or line a chat request's user message, and privy's API payloads
(pixie-io/pixie, Apache-2.0): real OpenAPI specs' request bodies and query strings as JSON, form, XML and
GET calls, each value labelled by the fake-data provider privy chose from the field's name.

Presidio's names are mostly one given name or surname in prose with no cue ("Kevin had given Alma
his address"), which a lexicon without a language model cannot tell from a word, and its addresses
are split into parts (a postcode, "Suite 282") labelled alone. The nano set's account and id
numbers are often in no real format ("PUNJABNRA7890123456"). privy files some values under its own
aliases as key names ("driver's-license", a bank account under "bic", a street under "road") and
coordinates under "location" and "position". pl-pii-bench (CC BY 4.0): Polish documents' lines, their ids
under Polish words, held out until the rules for ids named in other languages were written against it;
anonipy-evaluation's set (a language model's sentences in four languages, labels in each) and MEDDOCAN's (CC BY
4.0: Spanish clinical case reports whose patient headers, "NHC:", "NASS:", "Domicilio:", are sent as a records
API's JSON and form payloads, their report lines as chat messages) were held out until the rules that followed
MEDDOCAN's addition were written reading their misses (PROVENANCE.md). WNUT17's comments (CC BY 4.0: tweets,
Reddit, YouTube and Stack Overflow, informal as prompts are) are split by a hash of each document: rules are written
reading only wnut17_dev's misses, and wnut17_heldout is scored, not read; the Broad Twitter Corpus' tweets of ordinary
users (CC BY 4.0) are split the same way into btc_dev and btc_heldout, and the Text Anonymization Benchmark's ECHR
judgments (MIT: applicants, lawyers and agents named "Mr C. Clerides", courts, dates and application numbers to keep)
into tab_dev and tab_heldout by a hash of each judgment, and the GUM corpus' conversations, vlogs, interviews and
speeches (annotations CC BY 4.0, texts CC BY or public domain: names spoken, "President Biden", "it's Jackie", "Kim
wasn't", with places and organisations to keep) into gum_dev and gum_heldout by a hash of each document, and the
StackOverflow NER corpus' Stack Overflow posts and GitHub issue comments (MIT, posts CC BY-SA: a coding assistant's
prompts, names in signatures, quoted replies and "X's answer" among class names, libraries and annotations to keep) into
stackoverflow_dev and stackoverflow_heldout by a hash of each thread, and gitleaks's per-rule true and false
positives (MIT: every vendor key its rules know, sent in a header, a JSON value under a neutral key, a prompt's prose, a
query string and a pasted .env; placeholders and look-alikes to keep) into gitleaks_dev and gitleaks_heldout by a hash
of each rule's vendor, and GROBID's hand-labelled first pages of papers (annotated data CC BY: bylines with notes and
degrees, e-mail addresses broken over lines, affiliations and keywords to keep) into grobid_dev and grobid_heldout by
a hash of each document, and Universal NER's English Web Treebank (CC BY-SA 4.0: Yahoo! Answers, Enron e-mails,
reviews, newsgroups and weblogs: names in greetings, sign-offs and mail headers, places and firms to keep) into
uner_ewt_dev and uner_ewt_heldout by a hash of each document, and presidio's recognizers' own test cases (MIT: phones,
IBANs, IPs and the ids of a score of countries, alone or in short sentences) into presidio_tests_dev and
presidio_tests_heldout by a hash of each message's first value. The floors below are what the engine reaches, so that
a change that loses ground shows here; they are not goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.redact import Redactor
from replay.redact.evaluate import Score, load_corpus, score

DATA = Path(__file__).resolve().parent.parent / "data" / "redact"
FLOORS = {
    # addresses: a letter's block (its unit and postcode lines), a unit after its street, a building's number first
    "presidio_synth": {"name": 0.88, "address": 0.92, "card": 0.99, "phone": 0.99},
    "nano_synth": {"name": 0.97, "password": 0.99, "gov_id": 0.99, "bank_account": 0.99, "iban": 0.99, "card": 0.99}
    | {"email": 0.97},
    "privy_payloads": {"name": 0.99, "address": 0.96, "street_name": 0.99, "bank_account": 0.99, "card": 0.96}
    | {"driver_license": 0.99, "passport": 0.99, "password": 0.99, "geo": 0.99, "mac": 0.99},
    # held out until the language work, then its tuning set (PROVENANCE.md): Polish ids under Polish words
    "pl_bench": {"name": 0.99, "national_id": 0.99, "address": 0.99, "iban": 0.99, "passport": 0.99, "card": 0.99}
    | {"email": 0.99, "phone": 0.99, "tax_id": 0.99, "id_card": 0.99, "driver_license": 0.99, "license_plate": 0.99}
    | {"vin": 0.99},
    # German, French, Italian and Dutch sentences of anonipy-evaluation: held out through the language work, read
    # since MEDDOCAN's rules; floors where the engine stands (main's before either: PROVENANCE.md)
    "eu_anonipy": {"name": 0.975, "address": 0.91, "dob": 0.99, "phone": 0.98, "email": 0.99, "bank_account": 0.99}
    | {"passport": 0.99, "national_id": 0.99, "iban": 0.99, "card": 0.99, "tax_id": 0.99, "license_plate": 0.91}
    | {"id_card": 0.99, "ip": 0.8, "driver_license": 0.99},
    # MEDDOCAN's Spanish clinical reports, their headers as JSON and form payloads (PROVENANCE.md: main's figures)
    "es_meddocan": {"name": 0.99, "address": 0.95, "dob": 0.99, "email": 0.99, "phone": 0.9, "national_id": 0.99}
    | {"patient_id": 0.99, "professional_id": 0.99},
    # WNUT17's comments: names with no cue, often lower case or a handle ("casey", "@Drebae_"); main's figures were
    # 0.146 and 0.155 (PROVENANCE.md), social handles since, then names in address, possessives, subjects and a name
    # found again, then subjects in speech and "like" (H75)
    "wnut17_dev": {"name": 0.393},
    "wnut17_heldout": {"name": 0.404},
    # the Broad Twitter Corpus' tweets (CC BY 4.0): held out by halves as WNUT17's (main's figures: PROVENANCE.md)
    # a form's comment starting with the handle replied to ("comment=@jdoe …"): 0.911 and 0.895 before (H78)
    # the dev half labels a restaurant chain a person ("I checked in at Genghis Grill (… Katy Fwy)"), a firm of the
    # gazetteer (firms.known_firm): 0.457 before (H108)
    "btc_dev": {"name": 0.45, "handle": 0.968},
    "btc_heldout": {"name": 0.358, "handle": 0.962},
    # TAB's ECHR judgments (MIT): held out by halves (main's figures: PROVENANCE.md); the dev half's two addresses
    # are land plots' numbers ("plot no. 142, sheet/plan 33/29")
    "tab_dev": {"name": 0.975, "dob": 0.99, "address": 0.0},
    "tab_heldout": {"name": 0.956, "dob": 0.99},
    # GUM's conversations, vlogs, interviews and speeches (CC BY): held out by halves, names of anyone, public figures
    # too (main's figures before: 0.536 dev, 0.400 held out; PROVENANCE.md)
    "gum_dev": {"name": 0.716},
    "gum_heldout": {"name": 0.489},
    # the StackOverflow NER corpus' posts (MIT; posts CC BY-SA): held out by halves, names in signatures, quoted
    # replies, "X's answer" and citations among classes, libraries and annotations (main's figures before: 0.573 dev,
    # 0.465 held out; PROVENANCE.md)
    "stackoverflow_dev": {"name": 0.74, "handle": 0.99},
    "stackoverflow_heldout": {"name": 0.515, "handle": 0.99},
    # gitleaks's rules' examples (MIT): held out by halves of vendors; a key with no prefix of its own and no name
    # beside it (a JSON "value", "I set it up with …") is missed, as gitleaks misses it without its identifier
    # (main's figures before: dotenv 0.846, json 0.121, prose 0.758, query 0.980; PROVENANCE.md)
    "gitleaks_dev": {"key_dotenv": 0.89, "key_json": 0.55, "key_prose": 0.87, "key_query": 0.98},
    # scored once, at the end: its vendors' formats are in no rule (main's figures were the same but dotenv's 0.901)
    "gitleaks_heldout": {"key_dotenv": 0.89, "key_header": 0.99, "key_json": 0.25, "key_prose": 0.76}
    | {"key_query": 0.96},
    # GROBID's papers' first pages (annotations CC BY): held out by halves, authors in bylines with notes and degrees,
    # e-mail addresses broken over lines (main's figures before: 0.841 and 0.654 names, 0.897 and 0.955 emails;
    # PROVENANCE.md)
    "grobid_dev": {"name": 0.953, "email": 0.974, "phone": 0.99},
    "grobid_heldout": {"name": 0.859, "email": 0.98, "phone": 0.99},
    # UNER's English Web Treebank (CC BY-SA 4.0): held out by halves, names in mail greetings, sign-offs and headers,
    # reviews and answers (main's figures before: 0.602 dev, 0.574 held out; PROVENANCE.md)
    "uner_ewt_dev": {"name": 0.715},
    "uner_ewt_heldout": {"name": 0.659},
    # presidio's recognizers' own test cases (MIT): ids of a score of countries, most alone with no word naming them;
    # documentation and private addresses, bare runs of digits with no check are kept on purpose. Main's figures
    # before (PROVENANCE.md): dev driver_license 0.0, email 0.0, health_id 0.1, ip 0.434, license_plate 0.103,
    # national_id 0.398, passport 0.152, professional_id 0.167; held out driver_license 0.0, national_id 0.349;
    # phone 0.607 and 0.343 before a number listed after a phone and a +CC number with a group of one digit (H279)
    "presidio_tests_dev": {"bank_account": 0.0, "card": 0.833, "crypto": 0.99, "driver_license": 0.3, "email": 0.99}
    | {"health_id": 0.3, "iban": 0.99, "id_card": 0.0, "ip": 0.452, "license_plate": 0.206, "mac": 0.99}
    | {"national_id": 0.548, "passport": 0.272, "phone": 0.66, "professional_id": 0.277, "tax_id": 0.277},
    "presidio_tests_heldout": {"card": 0.99, "crypto": 0.99, "driver_license": 0.28, "email": 0.99, "health_id": 0.076}
    | {"iban": 0.978, "id_card": 0.0, "ip": 0.291, "license_plate": 0.034, "mac": 0.99, "national_id": 0.507}
    | {"passport": 0.291, "phone": 0.371, "professional_id": 0.0, "tax_id": 0.434},
}
# The share of values to keep that stay; some of privy's random strings ("Sadh Sadh", "Rv JgwBuNOn Rv") pass
# for names to the name lexicon.
# pl-pii-bench's one-person firm "Jacek Kowalczyk NESTOR" is a name to the lexicon; anonipy's organisations hold
# surnames its sentences also give as people's ("Anwaltskanzlei Müller & Kollegen").
KEEP_FLOORS = {"presidio_synth": 0.984, "nano_synth": 0.99, "privy_payloads": 0.97, "pl_bench": 0.98}
KEEP_FLOORS["eu_anonipy"] = 0.938
# WNUT17's held-out half: three firms' handles that hold a name's words ("@FordPerformance") are read as people's
# (0.986 before handles were redacted), and a fourth, a form's comment starting with it (0.964 before "=@": H78).
# WNUT17's dev half: "Ace had No Chance" (a firm) is taken for a sentence's subject (0.986 before).
KEEP_FLOORS |= {
    "es_meddocan": 0.962,
    "wnut17_dev": 0.977,
    "wnut17_heldout": 0.956,
    "btc_dev": 0.96,
    "btc_heldout": 0.968,
    # a newspaper named with a name's words ("the Özgür Karadeniz"), a street after "named" ("named Kennedy Avenue")
    "tab_dev": 0.997,
    "tab_heldout": 0.995,
    # a place or a firm named with a person's words ("Harry Potter World", "Anastasia Beverly Hills"), a borough
    # that is a given name ("a kid from Brooklyn")
    "gum_dev": 0.976,
    "gum_heldout": 0.996,
    # "Automapper" after a name ("Jimmy Bogards Automapper is"), "Azure Load Balancer Idle Timeout", "like Ruby"
    "stackoverflow_dev": 0.994,
    "stackoverflow_heldout": 0.996,
    # gitleaks's false positives: stand-ins ("ghp_xxxx…"), look-alikes ("hf_requiredCharacteristicTypes…")
    "gitleaks_dev": 1.0,
    "gitleaks_heldout": 0.82,  # look-alikes of the held-out vendors' keys (0.671 on main)
    # affiliations holding a person's or a place's name ("Roy J. Carver Biotechnology Center", "Av. de la Universidad
    # 30"), an eponym in a title ("Gilles de la Tourette's Syndrome"); 0.830 and 0.931 before (PROVENANCE.md)
    "grobid_dev": 0.933,
    "grobid_heldout": 0.944,
    # places and firms named with a person's words ("Law Offices of Armando Villega", "Olive Garden"), people the set
    # tags as places ("his wife Jan")
    "uner_ewt_dev": 0.947,
    "uner_ewt_heldout": 0.961,
    # two of the held-out half's postcodes (main's figure, 0.949, the same)
    "presidio_tests_dev": 1.0,
    "presidio_tests_heldout": 0.948,
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request: pytest.FixtureRequest) -> tuple[str, Score]:
    return request.param, score(load_corpus(DATA / f"{request.param}.jsonl"), Redactor(key=b"public-key").redact)


def test_recall_floors(scored: tuple[str, Score]) -> None:
    name, got = scored
    low = {k: got.recall[k] for k in got.recall if got.recall_of(k) < FLOORS[name].get(k, 1.0)}
    assert not low, low


def test_keep_rate(scored: tuple[str, Score]) -> None:
    assert scored[1].keep_rate() >= KEEP_FLOORS[scored[0]]
