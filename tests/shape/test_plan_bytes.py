"""Plans stay the same bytes after the sampler's speed-ups (issue 17), on a capture with odd records.

The digests below were taken with the sampler before the third speed-up (commit 9698d4a). They
cover every byte of a plan file but the capture's digest and the format version, which plan
version 2 changed on purpose (a sha256 became an xxh3_128), and the paths and replay's version
in its header; a change that alters them changes
which rows a seed draws, or what a row sends, and must say so.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import orjson
import pytest

from replay.config.scenario import parse_scenario
from replay.shape.plan import write_plan
from replay.shape.sample import make_plan
from replay.testing.synth import write_capture
from tests.shape.test_features import chat, record
from tests.shape.test_identity import ODD

MIX = "{ typical = 0.50, long = 0.20, multilingual = 0.15, noisy = 0.10, injection = 0.05 }"
SCENARIOS = {
    "mix, 10% perturbed, captured timing": (
        f"[sample]\nsize = 900\nseed = 3\ntarget = {MIX}\nsynthesize = true\n[sample.perturb]\nshare = 0.1\n"
        "[load]\nspeed = 2.0\n"
    ),
    "production, sessions by header, family x endpoint, rate": (
        "[sample]\nsize = 700\nseed = 8\nsession_key = 'header:x-session-id'\n"
        "stratify = ['family', 'endpoint']\n[sample.perturb]\nshare = 0.05\n[load]\nrate = 40.0\n"
    ),
    "by model, stream and length, prompt path, sessions by body": (
        "[sample]\nsize = 500\nseed = 5\nstratify = ['model', 'stream', 'length']\nsession_key = 'body:user'\n"
        "prompt_path = 'messages[?role=user].content'\n[sample.perturb]\nshare = 0.02\n"
    ),
}
WANT = {
    "mix, 10% perturbed, captured timing": "bce4ab22c88828ab",
    "production, sessions by header, family x endpoint, rate": "4b39537a8e211c4f",
    "by model, stream and length, prompt path, sessions by body": "9d978df6a2486bf8",
}

SHAPE = next(r for r in ODD if r.get("kind") == "shape")
SSE_BODY = 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n'
MULTIPART = (
    '--b0undary\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nDescribe this image, please.\r\n'
    '--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
    "Content-Type: image/png\r\n\r\n\x89PNG\r\n--b0undary--\r\n"
)


def text_body(text: str) -> dict:
    """A chat request whose body text is given as it is (JSON escapes a dict could not hold)."""
    rec = record(None)
    rec["request"]["body"] = {"text": text, "encoding": "utf8", "size": len(text), "truncated": False}
    return rec


def odd_records() -> list[dict]:
    """Records a capture can hold that the synthetic traffic does not."""
    sse = {"kind": "sse", "events": [{"t": 0.05, "event": None, "size": 40}, {"t": 0.2, "data": "x"}], "chunks": 2}
    streamed = record(chat("Stream me a haiku about queues", stream=True), stream=sse)
    streamed["response"] = {
        "status": 200,
        "headers": [["content-type", "text/event-stream"]],
        "body": {"text": SSE_BODY, "encoding": "utf8", "size": len(SSE_BODY), "truncated": False},
    }
    binary = record(None)
    raw = bytes(range(256)) * 3
    binary["request"]["body"] = {"text": base64.b64encode(raw).decode(), "encoding": "base64", "size": len(raw)}
    multipart = record(None, url="http://api.test/v1/images/edits")
    multipart["request"]["headers"] = [["content-type", "multipart/form-data; boundary=b0undary"]]
    multipart["request"]["body"] = {"text": MULTIPART, "encoding": "utf8", "size": len(MULTIPART), "truncated": False}
    # (no "headers" at all would stop a sampling by header: a known gap, not what this pins)
    bare = {"id": 7, "request": {"method": "GET", "url": "/health", "headers": []}, "timings": {"start": 1_700_010_000}}
    huge = record(chat("Summarise this log, please:\n\n" + "line of a very long log 0123456789\n" * 40_000))
    huge["response"]["body"] = {"text": "y" * 1_500_000, "encoding": "utf8", "size": 1_500_000, "truncated": True}
    return [
        streamed,
        binary,
        multipart,
        bare,
        huge,
        text_body('{"model":"gpt-4o","messages":[{"role":"user","content":"lone \\udc80 surrogate"}],"user":"u1"}'),
        text_body(
            '{"messages":[{"role":"user","content":"\\ud83d\\ude00 pair, \\u00e9t\\u00e9 \\u4e2d"}],"user":"u2"}'
        ),
        record({"model": "claude-x", "messages": [{"role": "user", "content": [{"type": "text", "text": "parts"}]}]}),
        record({"input": [{"role": "user", "content": "responses api"}], "model": "o3"}),
        record({"query": "where is my parcel", "limit": 3}, url="http://api.test/search"),
        record(None, url="http://api.test/search?q=refund+status&page=2", method="GET", response=None),
        SHAPE,  # a shape record: the rest of the file is read record by record, as dicts
        record(chat("no timings beyond the start"), timings={"start": 1_700_010_001.5, "ttfb": None, "total": None}),
        record(chat("failed upstream"), response={"status": 502, "headers": [], "body": None}, error="reset"),
        record("{not json at all", url="http://api.test/v1/chat/completions"),
        record([1, 2, 3]),
    ]


def odd_capture(path: Path) -> Path:
    """A synthetic capture with the odd records spread through it (blank lines too)."""
    write_capture(path, 3000, seed=21)
    lines = path.read_bytes().splitlines(keepends=True)
    odd = [orjson.dumps(r, option=orjson.OPT_NON_STR_KEYS) + b"\n" for r in odd_records()]
    out: list[bytes] = []
    for k, line in enumerate(lines):
        out.append(line)
        if k % 150 == 149:
            out.append(odd[(k // 150) % len(odd)])
        if k == 1500:
            out.append(b"\n")
    path.write_bytes(b"".join(out))
    return path


def plan_digest(capture: Path, toml: str, out: Path) -> str:
    """sha256 of a plan file's bytes; its header without the capture's path and digest, the format
    version and replay's version."""
    write_plan(out, make_plan(capture, parse_scenario(toml, "bytes.toml")))
    h = hashlib.sha256()
    with zipfile.ZipFile(out) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "header.json":
                header = orjson.loads(data)
                header["capture"] = header["capture"]["records"]
                del header["version"], header["replay"]  # (the version of replay that sampled it)
                data = orjson.dumps(header, option=orjson.OPT_SORT_KEYS)
            h.update(info.filename.encode() + b"\0" + data)
    return h.hexdigest()[:16]


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return odd_capture(tmp_path_factory.mktemp("odd") / "odd.jsonl")


@pytest.mark.parametrize("case", list(SCENARIOS))
def test_plan_bytes_as_before(odd: Path, tmp_path: Path, case: str) -> None:
    assert plan_digest(odd, SCENARIOS[case], tmp_path / "p.plan") == WANT[case]
