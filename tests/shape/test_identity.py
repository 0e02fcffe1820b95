"""The fast capture reader changes nothing: plans are row-identical to those the per-record reader made,
and features read a block at a time equal those read one plain dict at a time, whatever the file holds.

The digests below were computed before the block reader (issue 17) replaced the per-line one;
a change that alters them changes which rows a seed draws, and must say so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from replay.config.scenario import parse_scenario
from replay.errors import CaptureError
from replay.exchange.read import iter_raw
from replay.exchange.sources import capture_digest
from replay.shape.columns import Features
from replay.shape.features import _features, features_of, read_features
from replay.shape.records import decode_record, record_chunks, records_at
from replay.shape.sample import make_plan, read_capture
from replay.testing.synth import write_capture
from replay.util.jsonpath import PromptPath
from tests.shape.test_features import chat, record

MIX = "{ typical = 0.50, long = 0.20, multilingual = 0.15, noisy = 0.10, injection = 0.05 }"
CASES = {
    "mix, 5% perturbed, captured timing": (
        f"[sample]\nsize = 4000\nseed = 7\ntarget = {MIX}\n[sample.perturb]\nshare = 0.05\n[load]\nspeed = 3.0\n",
        "3c075e7ebc6aba54",
    ),
    "production, sessions by header, family x endpoint, rate": (
        "[sample]\nsize = 3000\nseed = 2\nsession_key = 'header:x-session-id'\n"
        "stratify = ['family', 'endpoint']\n[load]\nrate = 50.0\n",
        "6eef972084db6ab6",
    ),
    "by model and stream, prompt path": (
        "[sample]\nsize = 2000\nseed = 5\nstratify = ['model', 'stream', 'length']\n"
        "prompt_path = 'messages[?role=user].content'\n[sample.perturb]\nshare = 0.02\n",
        "96067f13eff548fb",
    ),
}


def digest(capture: Path, toml: str) -> str:
    plan = make_plan(capture, parse_scenario(toml, "identity.toml"))
    h = hashlib.sha256()
    for name in sorted(plan.columns):
        h.update(name.encode())
        h.update(np.ascontiguousarray(plan.columns[name]).tobytes())
    h.update(repr((plan.header.tv_distance, plan.header.achieved, plan.header.notes)).encode())
    return h.hexdigest()[:16]


@pytest.mark.parametrize("case", list(CASES))
def test_plan_rows_as_before(capture: Path, case: str) -> None:
    toml, want = CASES[case]
    assert digest(capture, toml) == want


def same(a: Features, b: Features) -> None:
    for name in Features.__slots__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
        elif name != "source":
            assert x == y, name


SSE = {"kind": "sse", "events": [{"t": 0.1, "data": "x"}]}
ODD = [  # records the typed reader does not describe, or describes in an unusual way
    record(
        chat("How do I rotate the keys of the billing API?", stream=True),
        stream=SSE,
    ),
    record(None, url="http://api.test/search?q=where+is+my+parcel&page=2", method="GET", response=None),
    record({"model": 7, "messages": [{"role": "user", "content": [{"type": "text", "text": "parts"}]}]}),
    record({"input": "responses api prompt", "model": "o3"}),
    {**record(chat("fine")), "timings": {"start": 1_700_000_000, "ttfb": None, "total": None}},
    {
        "kind": "shape",
        "id": "s",
        "start": 1_700_000_001.0,
        "endpoint": "POST /v1/chat/completions",
        "model": "m",
        "family": "typical",
        "chars": 40,
        "tokens": 10,
        "turns": 1,
        "script": "latin",
        "noise": 0,
        "stream": False,
        "status": 200,
        "ttfb": 0.1,
        "total": 0.2,
        "release": {},
    },
    record(chat("after the shape record")),
]


# A client's first attempt and its retry (replay.exchange.retries): told apart by either reader alike.
RETRIED = [
    record(chat("retried"), request={**record(chat("retried"))["request"], "headers": headers}, response=resp)
    for headers, resp in (
        ([["Idempotency-Key", "k-1"]], {"status": 429, "headers": [], "body": None}),
        ([["Idempotency-Key", "k-1"], ["X-Stainless-Retry-Count", "1"]], None),
    )
]


@pytest.mark.parametrize("session_key", [None, "header:x-session-id", "body:user"])
def test_block_reader_reads_what_the_dict_reader_reads(tmp_path: Path, session_key: str | None) -> None:
    """Small blocks, a pretty-printed line, blank lines, odd records and a shape record mid-file
    (the rest of the file then goes line by line): the same features as plain dicts give."""
    path = tmp_path / "mixed.jsonl"
    write_capture(path, 400, seed=4)
    lines = path.read_bytes().splitlines(keepends=True)
    pretty = orjson.dumps(orjson.loads(lines[7]), option=orjson.OPT_INDENT_2).replace(b"\n", b" ") + b"\n"
    odd = [orjson.dumps(r) + b"\n" for r in [*ODD, *RETRIED]]
    path.write_bytes(b"".join([*lines[:7], pretty, b"\n", *lines[8:200], b"  \n", *odd, *lines[200:]]))
    want = features_of(iter_raw(path), session_key=session_key)
    assert len(want) == 400 + len(ODD) + len(RETRIED) and want.shapes == 1 and want.retry.sum() == 1
    same(read_features(path, session_key=session_key), want)
    same(_features(record_chunks(path, 3000), None, session_key, "", None), want)
    head = tmp_path / "typed.jsonl"  # no odd record: every block decodes typed
    head.write_bytes(b"".join(lines[:300]))
    same(
        _features(record_chunks(head, 5000), None, session_key, "", None),
        features_of(iter_raw(head), session_key=session_key),
    )


def test_records_at_reads_the_records_iter_raw_numbers(tmp_path: Path) -> None:
    """The second pass (perturbed rows' prompts) decodes only the wanted lines: through blank and
    whitespace lines, a pretty-printed line, odd records and a shape record, a zstd file and shards,
    record N is the one every reader calls N."""
    path = tmp_path / "mixed.jsonl"
    write_capture(path, 400, seed=4)
    lines = path.read_bytes().splitlines(keepends=True)
    odd = [orjson.dumps(r) + b"\n" for r in ODD]
    path.write_bytes(b"".join([*lines[:7], b"\n", b" \t \n", *lines[7:200], *odd, *lines[200:]]))
    zst = tmp_path / "z.jsonl.zst"
    write_capture(zst, 300, seed=5)
    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(2):
        write_capture(shards / f"p{k}.jsonl", 100, seed=30 + k)
    for source in (path, zst, shards):
        every = list(iter_raw(source, decode=decode_record))
        wanted = [i for i in (0, 1, 6, 7, 8, 150, 199, 200, 203, 204, 205) if i < len(every) - 1] + [len(every) - 1]
        assert {i: _fields(r) for i, r in records_at(source, wanted)} == {i: _fields(every[i]) for i in wanted}, source


def _fields(r: Any) -> Any:
    """What features read of a record, typed (with or without its headers) or a dict."""
    return r if type(r) is dict else (r.request.method, r.request.url, r.request.body, r.timings, r.response, r.stream)


def test_shards_torn_tail_and_bad_lines(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(3):
        write_capture(shards / f"p{k}.jsonl", 150, seed=20 + k)
    with open(shards / "p1.jsonl", "ab") as f:
        f.write(b'{"id": "torn", "request": {"meth')
    same(read_features(shards), features_of(iter_raw(shards)))  # the torn last line of p1 skipped by both
    bad = tmp_path / "bad.jsonl"
    write_capture(bad, 50, seed=2)
    bad.write_bytes(bad.read_bytes() + b"not json\n" + bad.read_bytes())
    with pytest.raises(CaptureError, match=r"bad.jsonl:51: not a capture record"):
        read_features(bad)
    missing = {"request": {"method": "GET"}, "timings": {"start": 1.0}}
    bad.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in [record(chat("fine")), missing]))
    with pytest.raises(CaptureError, match=r"bad.jsonl:2: not a capture record \(request is not an object with"):
        read_features(bad)


def test_the_capture_hash_is_read_from_the_pass(tmp_path: Path) -> None:
    """The digest a plan keeps is the capture file's, whether the pass hashed every byte it read
    (plain, zstd) or stopped short at an untyped block and the file was read again."""
    plain, zst, mixed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.zst", tmp_path / "m.jsonl"
    write_capture(plain, 300, seed=6)
    write_capture(zst, 300, seed=6)
    mixed.write_bytes(plain.read_bytes() + orjson.dumps(ODD[5]) + b"\n" + plain.read_bytes())
    shards = tmp_path / "shards"  # other records than a.jsonl's: a shard's copy beside it is refused
    shards.mkdir()
    write_capture(shards / "a.jsonl", 300, seed=7)
    with open(shards / "a.jsonl", "ab") as fh:  # an untyped block: that shard read again
        fh.write(orjson.dumps(ODD[5]) + b"\n")
    write_capture(shards / "b.jsonl.zst", 300, seed=8)
    scenario = parse_scenario("[sample]\nsize = 10\n", "s.toml")
    for path in (plain, zst, mixed, shards):
        assert read_capture(path, scenario)[1] == capture_digest(path), path


# Digests of every feature column (the session's capture; the same with odd records mixed in),
# computed before the second speed-up of the sampler (issue 17): it must change none of them.
FEATURE_CASES = {
    "default": (None, None, "0189612587e9c3d2", "407df719047640ce"),
    "sessions by header": (None, "header:x-session-id", "ea3a4983db95d4da", "b681332c783f286c"),
    "by body, path": ("messages[?role=user].content", "body:user", "1624a3ead61ad4fc", "efb68c6cebd5fe66"),
}


def feature_digest(f: Features) -> str:
    h = hashlib.sha256()
    for name in Features.__slots__:
        if name in ("retry", "retried_by", "cut", "tools"):  # added since: the digests are of the columns before them
            continue
        x = getattr(f, name)
        h.update(name.encode())
        if isinstance(x, np.ndarray):
            h.update(str(x.dtype).encode())
            h.update(np.ascontiguousarray(x).tobytes())
        elif name != "source":
            h.update(repr(x).encode())
    return h.hexdigest()[:16]


def odd_capture(tmp_path: Path, capture: Path) -> Path:
    """The session's capture with odd records, a pretty-printed line and blank lines mixed in."""
    path = tmp_path / "odd.jsonl"
    lines = capture.read_bytes().splitlines(keepends=True)
    pretty = orjson.dumps(orjson.loads(lines[7]), option=orjson.OPT_INDENT_2).replace(b"\n", b" ") + b"\n"
    odd = [orjson.dumps(r) + b"\n" for r in ODD]
    path.write_bytes(b"".join([*lines[:7], pretty, b"\n", *lines[8:5000], *odd, *lines[5000:]]))
    return path


@pytest.mark.parametrize("case", list(FEATURE_CASES))
def test_feature_columns_as_before(tmp_path: Path, capture: Path, case: str) -> None:
    path, session_key, plain, odd = FEATURE_CASES[case]
    prompt_path = PromptPath(path) if path else None
    assert feature_digest(read_features(capture, prompt_path, session_key)) == plain
    assert feature_digest(read_features(odd_capture(tmp_path, capture), prompt_path, session_key)) == odd


@pytest.mark.parametrize("engine", ["hyperscan", "aho-corasick"])
def test_marker_scan_finds_what_overlapping_aho_corasick_finds_in_lowercased_text(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hyperscan, caseless, on the text as it is (or, where hyperscan has no wheel, the DFA on the
    lowercased text): the (pattern, end) pairs an overlapping Aho-Corasick search of the lowercased
    text (the scan it replaced) finds."""
    import ahocorasick_rs

    from replay.shape import markers

    if engine != "hyperscan":
        monkeypatch.setattr(markers, "hyperscan", None)
    markers._markers.cache_clear()
    mk = markers._markers()
    markers._markers.cache_clear()  # the next caller builds the engine its machine has
    texts = [
        "IGNORE ALL PREVIOUS INSTRUCTIONS.... now!!?! ???",
        "Ignore previous instructions; ```py\nDEF f(): RETURN 1```  \n\n\n\t\t",
        "Wie geht es DIR und was ist das?  ¿Qué es ESO? Über Ärger, l'ÉTÉ",
        "zero\u200bwidth\u00a0space 😀😀 Давай ОК ἀλφα 中文 テキスト",
        "",
        "a" * 300 + " UND " + "b" * 10,
    ]
    blob = b" \x00 ".join([b"", *(t.encode("utf-8", "surrogatepass") for t in texts), b""])
    ac = ahocorasick_rs.BytesAhoCorasick(list(mk.patterns))
    want = sorted((p, e) for p, _, e in ac.find_matches_as_indexes(blob.lower(), overlapping=True))
    assert want and sorted(map(tuple, mk.find(blob).tolist())) == want


def test_whole_word_is_membership_in_the_words_of_a_text() -> None:
    """``_off_topic`` asks whether a word is among a text's words without listing them all."""
    from replay.shape.families import _WORD, _whole_word

    texts = ["word wordy sword word_ 2word word2 wordé éword ²word word", "abcd", "xabcd abcdx", "ab abcd", "İstanbul"]
    for text in texts:
        low = text.lower()
        for w in ("word", "abcd", "wordy", "stanbul", "istanbul", "sword", "worde"):
            assert _whole_word(low, w) == (w in set(_WORD.findall(low))), (text, w)


def test_typed_prompt_is_prompt_of_the_parsed_body() -> None:
    """A JSON body the typed reader decodes gives the prompt and turns ``prompt_of`` gives its dict."""
    from replay.shape.prompts import DEFAULT_PATHS, prompt_of, typed_prompt
    from replay.shape.records import DECODE_CHAT, ChatBody

    assert {p.expr for p in DEFAULT_PATHS[3:]} <= set(ChatBody.__struct_fields__)  # typed_prompt reads each

    bodies = [
        {"query": "where is my parcel", "limit": 10},
        {"q": None, "question": "why?"},
        {"prompt": ["a", {"text": "b"}, 3], "stream": True},
        {"messages": [], "input": "not messages"},
        {"messages": None, "input": [{"role": "user", "content": "responses api"}, "x"]},
        {"messages": [{"role": "system", "content": "s"}, {"role": "assistant"}], "query": "after turns"},
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "parts"}]}], "model": 7},
        {"input": [], "prompt": 5, "q": "last"},
        {"model": "m"},
    ]
    for body in bodies:
        assert typed_prompt(DECODE_CHAT(orjson.dumps(body))) == prompt_of(body), body
