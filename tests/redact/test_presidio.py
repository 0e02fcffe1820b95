"""A public labelled set the engine was not written against: presidio-research's synth_dataset_v2
(MIT, tests/data/redact/PROVENANCE.md), each sentence a chat request's user message.

Its names are mostly a single given name or surname in prose with no cue ("Kevin had given Alma
his address"), which a lexicon without a language model cannot tell from a word; its addresses are
split into parts (a postcode, "Suite 282") labelled alone. The floors below are what the engine
reaches, so that a change that loses ground shows here; they are not goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.redact import Redactor
from replay.redact.evaluate import Score, load_corpus, score

DATA = Path(__file__).resolve().parent.parent / "data" / "redact"
FLOORS = {"name": 0.61, "address": 0.54, "card": 0.99, "phone": 0.99}


@pytest.fixture(scope="module")
def scored() -> Score:
    return score(load_corpus(DATA / "presidio_synth.jsonl"), Redactor(key=b"presidio-key").redact)


def test_recall_floors(scored: Score) -> None:
    low = {k: scored.recall[k] for k in scored.recall if scored.recall_of(k) < FLOORS.get(k, 1.0)}
    assert not low, low


def test_keep_rate(scored: Score) -> None:
    assert scored.keep_rate() >= 0.97
