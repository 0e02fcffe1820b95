"""``replay redact`` and ``replay scan`` on capture and HAR files, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.exchange.read import read_exchanges
from tests.conftest import assert_bad_input, replay_here

CORPUS = Path(__file__).resolve().parent.parent / "data" / "redact" / "corpus.jsonl"


def _records(n: int) -> list[dict]:
    with open(CORPUS, "rb") as fh:
        return [orjson.loads(line) for _, line in zip(range(n), fh, strict=False)]


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return _records(40)


@pytest.fixture
def capture(tmp_path: Path, labelled: list[dict]) -> Path:
    path = tmp_path / "raw.jsonl"
    path.write_bytes(b"".join(orjson.dumps(item["exchange"]) + b"\n" for item in labelled))
    return path


@pytest.mark.parametrize("out_name", ["clean.jsonl", "clean.jsonl.zst"])
def test_scan_finds_then_redact_cleans(tmp_path: Path, capture: Path, labelled: list[dict], out_name: str) -> None:
    found = replay_here("scan", str(capture))
    assert found.returncode == 1, found.stderr
    assert "email" in found.stdout and "corpus-0004" in found.stdout
    values = [n for item in labelled for s in item["secrets"] for n in s["needles"]]
    assert not any(v in found.stdout + found.stderr for v in values)  # kinds, counts, ids: never values

    out = tmp_path / out_name
    done = replay_here("redact", str(capture), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"redacted {len(labelled)} records into {out}")
    exs = list(read_exchanges(out))
    assert [e.id for e in exs] == [item["exchange"]["id"] for item in labelled]
    assert sum(sum(e.redactions.values()) for e in exs) > len(labelled)
    clean = replay_here("scan", str(out))
    assert clean.returncode == 0 and "clean (40 records" in clean.stdout, clean.stdout

    again = replay_here("scan", str(capture), "--json")
    report = orjson.loads(again.stdout)
    assert again.returncode == 1 and report["records"] == len(labelled) and report["findings"]["email"]["count"] > 0


def test_har_in_har_out(tmp_path: Path) -> None:
    har = {
        "log": {
            "version": "1.2",
            "pages": [{"id": "p", "title": "Profile of jo@mail.com"}],
            "entries": [
                {
                    "request": {
                        "method": "POST",
                        "url": "https://h.internal/login?email=jo%40mail.com&limit=5",
                        "headers": [{"name": "Authorization", "value": "Bearer ghp_" + "aZ9q" * 9}],
                        "queryString": [{"name": "email", "value": "jo@mail.com"}, {"name": "limit", "value": "5"}],
                        "cookies": [{"name": "sessionid", "value": "8f14e45fceea167a5a36dedd4bea2543"}],
                        "postData": {
                            "mimeType": "application/x-www-form-urlencoded",
                            "text": "password=hunter2x",
                            "params": [{"name": "password", "value": "hunter2x"}],
                        },
                    },
                    "response": {
                        "status": 200,
                        "headers": [],
                        "cookies": [],
                        "content": {"mimeType": "image/png", "text": "iVBORw0KGgo=", "encoding": "base64"},
                    },
                }
            ],
        }
    }
    src = tmp_path / "in.har"
    src.write_bytes(orjson.dumps(har))
    assert replay_here("scan", str(src)).returncode == 1
    out = tmp_path / "out.har"
    done = replay_here("redact", str(src), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    for secret in ("jo@mail.com", "jo%40mail.com", "aZ9qaZ9q", "8f14e45f", "hunter2x", "iVBORw0KGgo="):
        assert secret not in text
    doc = orjson.loads(text)
    req = doc["log"]["entries"][0]["request"]
    assert req["queryString"][1] == {"name": "limit", "value": "5"} and req["queryString"][0]["value"].endswith(
        ".invalid"
    )
    assert req["postData"]["params"][0]["value"].startswith("redacted-")
    assert replay_here("scan", str(out)).returncode == 0
    assert_bad_input(replay_here("redact", str(src), "--out", str(tmp_path / "x.jsonl")), "HAR file gives a HAR file")


def test_every_string_of_a_har_entry_is_redacted_not_only_the_exchange_s(tmp_path: Path) -> None:
    """What tools add to an entry beside the request and response: Chrome's ``_initiator`` (the page's URL, its
    script stack's URLs), WebPageTest's ``_full_url`` (pagexray's ``en.wikipedia.org.spdy-wpt.har``), a
    ``comment``, a status text. The copy kept them as they came, the token its URL lost among them; and a form
    param Chrome writes percent-encoded (``jo%40mail.com``), encoded again, hid its address from every rule."""
    token, mail = "ghp_" + "aZ9q" * 9, "jo@mail.com"
    url = f"https://app.example.com/reset?token={token}&email=jo%40mail.com"
    entry = {
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "request": {
            "method": "POST",
            "url": url,
            "headers": [],
            "postData": {"text": "email=jo%40mail.com", "params": [{"name": "email", "value": "jo%40mail.com"}]},
        },
        "response": {"status": 200, "statusText": f"OK {mail}", "headers": [], "content": {"comment": mail}},
        "comment": f"signed in as {mail}",
        "serverIPAddress": "93.184.216.34",
        "_resourceType": "xhr",
        "_full_url": url,
        "_initiator": {"type": "script", "url": url, "stack": {"callFrames": [{"functionName": "go", "url": url}]}},
    }
    src = tmp_path / "chrome.har"
    src.write_bytes(orjson.dumps({"log": {"pages": [{"id": "page_1", "_URL": url}], "entries": [entry]}}))
    out = tmp_path / "copy.har"
    assert replay_here("redact", str(src), "--out", str(out)).returncode == 0
    text = out.read_text()
    assert token not in text and mail not in text and "jo%40mail.com" not in text, text
    copy = orjson.loads(text)["log"]["entries"][0]
    assert copy["request"]["postData"]["params"][0]["value"].endswith("%40example.invalid")
    assert (copy["_resourceType"], copy["serverIPAddress"]) == ("xhr", "93.184.216.34")
    assert copy["startedDateTime"] == entry["startedDateTime"] and copy["_initiator"]["type"] == "script"
    assert replay_here("scan", str(out)).returncode == 0
    # scan reads what redact redacts: a token only in an _initiator is found (it said "clean")
    script = {"startedDateTime": "2024-05-01T10:00:00Z", "request": {"method": "GET", "url": "https://a.example/x.js"}}
    src.write_bytes(orjson.dumps({"log": {"entries": [script | {"_initiator": {"type": "parser", "url": url}}]}}))
    assert replay_here("scan", str(src)).returncode == 1


def test_bad_input_exit_2(tmp_path: Path, capture: Path) -> None:
    assert_bad_input(replay_here("scan", str(tmp_path / "missing.jsonl")), "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n')
    assert_bad_input(replay_here("scan", str(bad)), "bad.jsonl:1")
    bad_har = tmp_path / "bad.har"
    bad_har.write_text('{"log": {}}')
    assert_bad_input(replay_here("scan", str(bad_har)), "not a HAR 1.2 file")
    out = tmp_path / "o.jsonl"
    out.write_text("")
    assert_bad_input(replay_here("redact", str(capture), "--out", str(out)), "already exists")
    assert_bad_input(replay_here("redact", str(capture), "--out", str(capture)), "already exists")


def test_skipped_lines_are_counted_not_silent(tmp_path: Path, capture: Path) -> None:
    """--skip-bad says what it left out: a copy of 0 records must not read as a clean capture."""
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(capture.read_bytes() + b'{"id": 1}\nnot json\n{"id": "torn"')
    out = replay_here("redact", str(broken), "--skip-bad", "--out", str(tmp_path / "copy.jsonl"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip().endswith("; skipped 2 corrupt lines and a torn last line"), out.stdout
    scan = orjson.loads(replay_here("scan", str(broken), "--skip-bad", "--json").stdout)
    assert scan["skipped"] == {"bad_lines": 2, "torn_tail": True}
    assert scan["records"] == 40
    # the copy and its original together are one capture's records twice: refused, as any copy beside its shard
    both = replay_here("scan", str(tmp_path / "copy.jsonl"), str(broken), "--skip-bad", "--json")
    assert both.returncode == 2 and "is also in" in both.stderr, both.stderr


def test_a_file_that_is_no_capture_is_named(tmp_path: Path) -> None:
    """A plan, compressed or binary data given as a capture: one line saying what it is, never "clean, 0 records"."""
    (tmp_path / "plan.jsonl").write_bytes(b"PK\x03\x04" + bytes(40))
    (tmp_path / "bin.jsonl").write_bytes(b"\x00\x01\x02")
    assert_bad_input(replay_here("scan", str(tmp_path / "plan.jsonl")), "a zip archive (a replay plan?)")
    assert_bad_input(replay_here("scan", str(tmp_path / "bin.jsonl")), "bin.jsonl:1: not a capture record")


def test_a_har_header_written_as_a_pair_is_redacted(tmp_path: Path) -> None:
    """[name, value] pairs (Slack's HAR) are headers too: scanned, and redacted in the copy."""
    har = tmp_path / "pairs.har"
    secret = "sk-live-abcdef0123456789abcdef"
    entry = {"startedDateTime": "2024-05-01T10:00:00Z", "request": {"method": "GET", "url": "http://x/"}}
    entry["request"]["headers"] = [["authorization", f"Bearer {secret}"]]
    har.write_bytes(orjson.dumps({"log": {"entries": [entry]}}))
    assert replay_here("scan", str(har)).returncode == 1
    assert replay_here("redact", str(har), "--out", str(tmp_path / "copy.har")).returncode == 0
    assert secret not in (tmp_path / "copy.har").read_text()
