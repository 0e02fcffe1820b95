from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
from mitmproxy import io

from replay.exchange.format import read_exchanges
from tests.conftest import assert_bad_input, run_replay

# The shape Chrome's devtools exports (trimmed), with a secret and an email to redact.
CHROME_HAR = {
    "log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [],
        "entries": [
            {
                "startedDateTime": "2026-11-20T10:00:00.123Z",
                "time": 250.5,
                "request": {
                    "method": "POST",
                    "url": "https://api.example.com/v1/chat/completions",
                    "httpVersion": "http/2.0",
                    "headers": [
                        {"name": "authorization", "value": "Bearer sk-proj-abcdefSECRET123"},
                        {"name": "content-type", "value": "application/json"},
                    ],
                    "queryString": [],
                    "cookies": [],
                    "headersSize": -1,
                    "bodySize": 60,
                    "postData": {
                        "mimeType": "application/json",
                        "text": '{"messages":[{"role":"user","content":"I am bob@mail.example.org"}]}',
                    },
                },
                "response": {
                    "status": 200,
                    "statusText": "",
                    "httpVersion": "http/2.0",
                    "headers": [
                        {"name": "content-type", "value": "application/json"},
                        {"name": "content-encoding", "value": "gzip"},
                    ],
                    "cookies": [],
                    "content": {
                        "size": 11,
                        "mimeType": "application/json",
                        "text": "eyJvayI6dHJ1ZX0=",
                        "encoding": "base64",
                    },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": 30,
                },
                "cache": {},
                "timings": {
                    "blocked": 1.2,
                    "dns": -1,
                    "ssl": -1,
                    "connect": -1,
                    "send": 0.3,
                    "wait": 200.0,
                    "receive": 49.0,
                },
            },
            {
                "startedDateTime": "2026-11-20T10:00:01Z",
                "time": 10,
                "request": {
                    "method": "GET",
                    "url": "https://api.example.com/gone",
                    "httpVersion": "",
                    "headers": [],
                    "queryString": [],
                    "cookies": [],
                    "headersSize": -1,
                    "bodySize": 0,
                },
                "response": {
                    "status": 0,
                    "statusText": "",
                    "httpVersion": "",
                    "headers": [],
                    "cookies": [],
                    "content": {"size": 0, "mimeType": ""},
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                    "_error": "net::ERR_CONNECTION_REFUSED",
                },
                "cache": {},
                "timings": {"send": 0, "wait": 0, "receive": 0},
            },
        ],
    }
}


def test_import_chrome_har(tmp_path: Path) -> None:
    har = tmp_path / "chrome.har"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    out = tmp_path / "c.jsonl"
    proc = run_replay("import", str(har), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert b"SECRET123" not in raw and b"bob@mail.example.org" not in raw
    ok, gone = read_exchanges(out)
    assert ok.request.method == "POST" and ok.response.status == 200
    assert ok.response.body.text == '{"ok":true}'
    assert ("content-encoding", "gzip") not in ok.response.headers  # the body is stored decoded
    assert (
        ok.timings.start == datetime(2026, 11, 20, 10, 0, 0, 123000, UTC).timestamp()
        and ok.timings.ttfb == 0.2015
        and ok.timings.total == 0.2505
    )
    assert gone.response is None and gone.error == "net::ERR_CONNECTION_REFUSED"


def test_export_is_read_by_mitmproxy_and_round_trips(tmp_path: Path) -> None:
    har = tmp_path / "chrome.har"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    cap = tmp_path / "c.jsonl.zst"
    assert run_replay("import", str(har), "--out", str(cap)).returncode == 0
    out = tmp_path / "out.har"
    proc = run_replay("export", str(cap), "--har", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = orjson.loads(out.read_bytes())
    assert doc["log"]["version"] == "1.2" and len(doc["log"]["entries"]) == 2
    flows = io.read_flows_from_paths([out])
    assert flows[0].request.method == "POST" and flows[0].response.content == b'{"ok":true}'
    back = tmp_path / "back.jsonl"
    assert run_replay("import", str(out), "--out", str(back)).returncode == 0
    first = next(iter(read_exchanges(back)))
    orig = next(iter(read_exchanges(cap)))
    assert (first.request.url, first.request.body, first.response.body) == (
        orig.request.url,
        orig.request.body,
        orig.response.body,
    )


def test_not_har(tmp_path: Path) -> None:
    bad = tmp_path / "bad.har"
    bad.write_text('{"hello": "world"}')
    assert_bad_input(
        run_replay("import", str(bad), "--out", str(tmp_path / "o.jsonl")), "bad.har", "not a HAR 1.2 file"
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_entry_leaves_no_output(tmp_path: Path) -> None:
    doc = orjson.loads(orjson.dumps(CHROME_HAR))
    del doc["log"]["entries"][1]["request"]
    bad = tmp_path / "bad.har"
    bad.write_bytes(orjson.dumps(doc))
    out = tmp_path / "o.jsonl"
    assert_bad_input(run_replay("import", str(bad), "--out", str(out)), "log.entries[1]")
    assert list(tmp_path.iterdir()) == [bad]


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    har = tmp_path / "a.har"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    out = tmp_path / "c.jsonl"
    out.write_text("")
    assert_bad_input(run_replay("import", str(har), "--out", str(out)), "already exists")
    assert run_replay("import", str(har), "--out", str(out), "--append").returncode == 0
    assert len(list(read_exchanges(out))) == 2


def test_import_missing_and_garbage(tmp_path: Path) -> None:
    assert_bad_input(
        run_replay("import", str(tmp_path / "nope.har"), "--out", str(tmp_path / "o.jsonl")), "no such file"
    )
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01garbage")
    assert_bad_input(run_replay("import", str(junk), "--out", str(tmp_path / "o.jsonl")), "neither HAR")
