"""A speech-to-text result's words, one JSON object each (``replay.redact.transcripts``)."""

from __future__ import annotations

import json

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.transcripts import word_spans


def _words(key: str, words: list[str]) -> list[dict[str, object]]:
    return [{key: w, "start": i / 2, "end": i / 2 + 0.4, "confidence": 0.9} for i, w in enumerate(words)]


def test_a_name_spelled_by_a_run_of_word_values_takes_the_pseudonym_s_words() -> None:
    body = json.dumps({"words": _words("word", [" this", " is", " Amara", " Nwosu?", " nwosu"])})
    spans = word_spans(body, [("amara nwosu", "Xela Brixwood")])
    assert [(body[a:b], new) for a, b, new in spans] == [(" Amara", " Xela"), (" Nwosu?", " Brixwood?")]
    assert word_spans(json.dumps({"text": "Amara Nwosu"}), [("Amara Nwosu", "Xela Brixwood")]) == []


def test_deepgram_and_assemblyai_words_of_a_name_the_transcript_holds(r: Redactor) -> None:
    words = ["hello", "this", "is", "dr", "amara", "nwosu", "calling"]
    deepgram = {
        "results": {
            "channels": [
                {
                    "alternatives": [
                        {
                            "transcript": " ".join(words),
                            "words": [
                                {"word": w, "punctuated_word": w.capitalize() if i > 3 else w, "start": i}
                                for i, w in enumerate(words)
                            ],
                        }
                    ]
                }
            ]
        }
    }
    assembly = {
        "text": "Hi, this is Leticia Barros from Acme Dental.",
        "words": _words("text", ["Hi,", "this", "is", "Leticia", "Barros", "from", "Acme", "Dental."]),
    }
    for payload, kept in ((deepgram, "calling"), (assembly, "Dental.")):
        text = json.dumps(payload)
        ex = Exchange("e", Request("POST", "https://stt.example/v1", [], Body(text, "utf8", len(text))), Timings(0.0))
        r.redact(ex)
        assert ex.request.body is not None
        out = ex.request.body.text
        for name in ("amara", "Amara", "nwosu", "Nwosu", "Leticia", "Barros"):
            assert f'"{name}"' not in out, out
        assert f'"{kept}"' in out and '"this"' in out
