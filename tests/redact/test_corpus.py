"""The labelled corpus: recall per kind of secret and keep-rate per kind of harmless value."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.evaluate import CREDENTIAL_KINDS, PERSONAL_KINDS, SOFT_KINDS, Labelled, Score, load_corpus, score

DATA = Path(__file__).resolve().parent.parent / "data" / "redact"


@pytest.fixture(scope="module")
def corpus() -> list[Labelled]:
    return load_corpus(DATA / "corpus.jsonl")


@pytest.fixture(scope="module")
def scored(corpus: list[Labelled]) -> Score:
    return score(corpus, Redactor(key=b"corpus-key").redact)


def test_corpus_is_what_the_seeded_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    built = b"".join(orjson.dumps(rec) + b"\n" for rec in gen.build())
    assert built == (DATA / "corpus.jsonl").read_bytes(), (
        "regenerate: .venv/bin/python tests/data/redact/make_corpus.py"
    )
    assert len(built) < 1 << 20 and built.count(b"\n") >= 300


def test_every_kind_is_covered(scored: Score) -> None:
    assert set(scored.recall) == CREDENTIAL_KINDS | PERSONAL_KINDS | SOFT_KINDS


@pytest.mark.parametrize("kind", sorted(CREDENTIAL_KINDS | PERSONAL_KINDS))
def test_recall_credentials_and_structured_personal_data(scored: Score, kind: str) -> None:
    assert scored.recall_of(kind) >= 0.99, scored.recall[kind]


@pytest.mark.parametrize("kind", sorted(SOFT_KINDS))
def test_recall_names_and_addresses(scored: Score, kind: str) -> None:
    assert scored.recall_of(kind) >= 0.8, scored.recall[kind]


def test_keep_rate(scored: Score) -> None:
    assert scored.keep_rate() >= 0.98
    worst = min(scored.keep, key=lambda k: scored.keep[k][0] / scored.keep[k][1])
    assert scored.keep[worst][0] / scored.keep[worst][1] >= 0.9, (worst, scored.keep[worst])


def test_redacted_corpus_is_clean_under_another_key(corpus: list[Labelled]) -> None:
    first, second = Redactor(key=b"one"), Redactor(key=b"two")
    for item in corpus:
        ex = first.redact(Exchange.from_dict(item.exchange))
        assert second.findings(ex) == {}, ex.id
