"""Both labelled corpora: recall per kind of secret and keep-rate per kind of harmless value.

``corpus.jsonl`` was written beside the engine; ``independent.jsonl`` shares no source with it nor
with the detector's word lists (tests/data/redact/PROVENANCE.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import orjson
import pytest

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.evaluate import CREDENTIAL_KINDS, PERSONAL_KINDS, SOFT_KINDS, Labelled, Score, load_corpus, score

DATA = Path(__file__).resolve().parent.parent / "data" / "redact"
CORPORA = ("corpus", "independent")
STRUCTURED = CREDENTIAL_KINDS | PERSONAL_KINDS


def _generator(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request: pytest.FixtureRequest) -> list[Labelled]:
    return load_corpus(DATA / f"{request.param}.jsonl")


@pytest.fixture(scope="module")
def scored(corpus: list[Labelled]) -> Score:
    return score(corpus, Redactor(key=b"corpus-key").redact)


def test_corpus_is_what_the_seeded_generator_writes() -> None:
    built = b"".join(orjson.dumps(rec) + b"\n" for rec in _generator("make_corpus").build())
    assert built == (DATA / "corpus.jsonl").read_bytes(), (
        "regenerate: .venv/bin/python tests/data/redact/make_corpus.py"
    )
    assert len(built) < 1 << 20 and built.count(b"\n") >= 300


def test_independent_corpus_is_what_its_generator_writes() -> None:
    pytest.importorskip("faker")
    pytest.importorskip("mimesis")
    gen = _generator("make_independent")
    if not gen.versions_match():
        pytest.skip(f"the corpus was made with {gen.VERSIONS}; other versions draw other names")
    built = b"".join(orjson.dumps(rec) + b"\n" for rec in gen.build())
    assert built == (DATA / "independent.jsonl").read_bytes(), "regenerate: tests/data/redact/make_independent.py"


def test_every_kind_is_covered(scored: Score) -> None:
    assert set(scored.recall) <= STRUCTURED | SOFT_KINDS
    assert set(scored.recall) >= SOFT_KINDS


def test_recall_structured_kinds(scored: Score) -> None:
    low = {k: scored.recall[k] for k in scored.recall if k in STRUCTURED and scored.recall_of(k) < 0.99}
    assert not low, low


@pytest.mark.parametrize("kind", sorted(SOFT_KINDS))
def test_recall_names_and_addresses(scored: Score, kind: str) -> None:
    assert scored.recall_of(kind) >= 0.9, scored.recall[kind]


def test_keep_rate(scored: Score) -> None:
    assert scored.keep_rate() >= 0.99
    worst = min(scored.keep, key=lambda k: scored.keep[k][0] / scored.keep[k][1])
    assert scored.keep[worst][0] / scored.keep[worst][1] >= 0.9, (worst, scored.keep[worst])


def test_redacted_corpus_is_clean_under_another_key(corpus: list[Labelled]) -> None:
    first, second = Redactor(key=b"one"), Redactor(key=b"two")
    for item in corpus:
        ex = first.redact(Exchange.from_dict(item.exchange))
        assert second.findings(ex) == {}, ex.id
