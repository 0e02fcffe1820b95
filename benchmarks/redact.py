"""scripts/bench redact: recall, strict recall and keep-rate per kind on both labelled corpora (the
one written beside the engine and the independent one, see tests/data/redact/PROVENANCE.md), and
records/s per core.

Throughput is CPU time on one core, on typical 1-2 KB JSON LLM requests (a tenth of them carry an
email or a phone number in the prompt), and on each labelled corpus (dense with secrets).
The baseline is Presidio's pattern recognizers (presidio-analyzer), chained with detect-secrets'
line scan and filters when that is installed too, run over the same texts in the same run. It is
not a dependency: when absent it is reported as not installed.
"""

from __future__ import annotations

import argparse
import copy
import logging
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.evaluate import (
    CREDENTIAL_KINDS,
    PERSONAL_KINDS,
    SOFT_KINDS,
    Labelled,
    Score,
    load_corpus,
    score,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "redact"
CORPORA = (DATA / "corpus.jsonl", DATA / "independent.jsonl")
STRUCTURED_TARGET, SOFT_TARGET, KEEP_TARGET, SPEED_TARGET = 0.99, 0.9, 0.99, 5000
_SENTENCES = (
    "Summarize the attached quarterly report in five bullet points for the leadership team.",
    "Our checkout service times out when the payment provider is slow; suggest a retry policy.",
    "Rewrite this paragraph so that it is friendlier but keeps every technical detail intact.",
    "Explain the difference between p95 and p99 latency to a new engineer on the team.",
    "The release 4.12.0 went out on 2024-05-01 and error rates doubled within an hour.",
    "Translate the following product description into German and French, keep the tone.",
    "List the risks of migrating the orders database during the holiday season in a table.",
    "Given the logs below, which upstream dependency is most likely failing and why?",
    "Draft a short reply to the customer about order ORD-2024-000451 arriving two days late.",
    "Compare the Galaxy S24 Ultra and the iPhone 15 Pro for battery life and camera quality.",
    "Write unit tests for a function that parses ISO timestamps such as 2024-05-01T10:30:00Z.",
    "What does HTTP status 429 mean and how should a client back off when it sees one?",
)


def _typical(n: int, seed: int) -> list[dict]:
    """``n`` typical chat-completion requests of 1-2 KB; about one in ten has an email or a phone."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        prompt = " ".join(rnd.choice(_SENTENCES) for _ in range(rnd.randint(10, 20)))
        if rnd.random() < 0.1:
            prompt += rnd.choice((" Reach me at sam.lee@example.org.", " Call me on +1 415-555-0132."))
        body = orjson.dumps(
            {
                "model": "gpt-4o-mini",
                "messages": [
                    {"role": "system", "content": "You are a helpful assistant for the support team."},
                    {"role": "user", "content": prompt},
                ],
                "temperature": 0.2,
                "max_tokens": 800,
                "user": f"tenant-{rnd.randint(1, 40)}",
            }
        ).decode()
        out.append(
            {
                "id": f"bench-{i}",
                "request": {
                    "method": "POST",
                    "url": "https://llm.internal/v1/chat/completions",
                    "headers": [
                        ["content-type", "application/json"],
                        ["authorization", "Bearer sk-proj-" + "".join(rnd.choices("abcdefghijkLMNOP0123456789", k=48))],
                        ["user-agent", "OpenAI/Python 1.40.0"],
                        ["x-request-id", f"{rnd.getrandbits(128):032x}"],
                        ["content-length", str(len(body))],
                    ],
                    "body": {"text": body, "encoding": "utf8", "size": len(body)},
                },
                "timings": {"start": 1714559400.0 + i},
                "response": {
                    "status": 200,
                    "headers": [["content-type", "application/json"]],
                    "body": {"text": '{"choices":[{"message":{"content":"Done."}}]}', "encoding": "utf8", "size": 44},
                },
            }
        )
    return out


def _rate(records: list[dict], make: Callable[[], Callable[[Exchange], object]], repeat: int = 3) -> float:
    """Records per CPU second of this process (time.process_time): other work on the machine
    slows the wall clock, not this figure. Each repetition redacts with a redactor of its own
    (``make()``), so that its memo has not met the records before: a text repeated within the
    records is remembered, as in a capture, but none from an earlier pass."""
    times = []
    for _ in range(repeat):
        exs = [Exchange.from_dict(copy.deepcopy(r)) for r in records]
        redact = make()
        t = time.process_time()
        for ex in exs:
            redact(ex)
        times.append(time.process_time() - t)
    return len(records) / max(statistics.median(times), 1e-9)  # the median repetition, never the best


def _presidio() -> Callable[[Exchange], Exchange] | None:
    """Presidio's pattern recognizers (plus detect-secrets if present) as a redactor, or None."""
    try:
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            UsSsnRecognizer,
        )
    except ImportError:
        return None
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)  # it tries to fetch the suffix list: no network
    recognizers = [
        CreditCardRecognizer(),
        EmailRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        PhoneRecognizer(),
        UsSsnRecognizer(),
    ]
    secrets: Callable[[str], list[tuple[int, int]]] | None = None
    try:
        # The line scanner with detect-secrets' own filters (its public scan_line skips them).
        from detect_secrets.core.scan import _process_line_based_plugins
        from detect_secrets.settings import default_settings

        def secrets(text: str) -> list[tuple[int, int]]:
            spans, pos = [], 0
            with default_settings():
                for line in text.splitlines(keepends=True):
                    for found in _process_line_based_plugins([(1, line.rstrip("\r\n"))], "adhoc.txt"):
                        value = found.secret_value or ""
                        at = line.find(value) if value else -1
                        if at >= 0:
                            spans.append((pos + at, pos + at + len(value)))
                    pos += len(line)
            return spans

    except ImportError:
        pass

    def clean(text: str) -> str:
        spans = [(r.start, r.end) for rec in recognizers for r in rec.analyze(text, rec.supported_entities, None)]
        spans += secrets(text) if secrets else []
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in reversed(merged):
            text = text[:a] + "<REDACTED>" + text[b:]
        return text

    def redact(ex: Exchange) -> Exchange:
        ex.request.url = clean(ex.request.url)
        msgs = [ex.request] + ([ex.response] if ex.response is not None else [])
        for msg in msgs:
            msg.headers = [(k, clean(v)) for k, v in msg.headers]
            if msg.body is not None and msg.body.encoding == "utf8":
                msg.body.text = clean(msg.body.text)
        return ex

    return redact


def _group(sc: Score, kinds: frozenset[str]) -> float:
    got = sum(sc.recall[k][0] for k in kinds if k in sc.recall)
    total = sum(sc.recall[k][1] for k in kinds if k in sc.recall)
    return got / total if total else 1.0


def _target(kind: str) -> float:
    return SOFT_TARGET if kind in SOFT_KINDS else STRUCTURED_TARGET


def _corpus_table(name: str, sc: Score, base: Score | None) -> bool:
    """Print one corpus's figures; True when its targets are met."""
    secrets, kept = sum(t for _, t in sc.recall.values()), sum(t for _, t in sc.keep.values())
    print(f"\n== {name}: {secrets} secrets, {kept} kept values")
    head = f"{'recall':<28} {'target':>6} {'replay':>7} {'strict':>7}"
    print(head + (f" {'presidio+ds':>12}" if base else ""))
    ok = True
    for kind in sorted(sc.recall):
        got, total = sc.recall[kind]
        ok &= got / total >= _target(kind)
        line = f"  {kind:<26} >={_target(kind):.2f} {got / total:7.3f} {sc.strict_of(kind):7.3f} ({got}/{total})"
        if base:
            bg, bt = base.recall.get(kind, [0, total])
            line += f" {bg / bt:7.3f}"
        print(line)
    for kinds, label in (
        (CREDENTIAL_KINDS, "credentials"),
        (PERSONAL_KINDS, "structured PII"),
        (SOFT_KINDS, "names+addr"),
    ):
        print(
            f"  all {label:<22} {'':>6} {_group(sc, kinds):7.3f}"
            + (f" {'':>7} {_group(base, kinds):12.3f}" if base else "")
        )
    kept = sc.keep_rate()
    ok &= kept >= KEEP_TARGET
    print(f"{'keep-rate':<28} >={KEEP_TARGET:.2f} {kept:7.3f}" + (f" {'':>7} {base.keep_rate():12.3f}" if base else ""))
    for kind in sorted(sc.keep):
        k, t = sc.keep[kind]
        if k < t:
            print(f"  keep {kind:<21} {'':>6} {k / t:7.3f} ({k}/{t})")
    return ok


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench redact")
    ap.add_argument("--corpus", type=Path, action="append", help="labelled corpus (default: both in tests/data/redact)")
    ap.add_argument("--records", type=int, default=3000, help="typical requests timed (default 3000)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    # No pinning: the figure is CPU time of this one-threaded process, which is per core already,
    # and every bench pinned to the same core would only queue behind the others.
    ours = Redactor(key=b"bench-key")
    base = _presidio()

    def fresh() -> Callable[[Exchange], object]:
        return Redactor(key=b"bench-key").redact

    ok = True
    for path in args.corpus or CORPORA:
        corpus: list[Labelled] = load_corpus(path)
        sc = score(corpus, ours.redact)
        ok &= _corpus_table(f"{path.name} ({len(corpus)} requests)", sc, score(corpus, base) if base else None)
        records = [c.exchange for c in corpus]
        line = f"records/s per core, this corpus: {_rate(records, fresh):,.0f}"
        print(line + (f"   presidio+ds: {_rate(records[:100], lambda: base, 1):,.0f}" if base else ""))
    typical = _typical(args.records, args.seed)
    rate = _rate(typical, fresh)
    ok &= rate >= SPEED_TARGET
    size = sum(len(r["request"]["body"]["text"]) for r in typical) / len(typical)
    print(f"\nrecords/s per core (CPU time), typical {size / 1024:.1f} KB JSON requests, default profile")
    line = f"  >= {SPEED_TARGET:,}: {rate:,.0f} ({1e6 / rate:.0f} us a record)"
    print(line + (f"   presidio+ds: {_rate(typical[:200], lambda: base, 1):,.0f}" if base else ""))
    if base is None:
        print("baseline: presidio-analyzer not installed (pip install presidio-analyzer detect-secrets to compare)")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1
