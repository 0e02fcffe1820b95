"""Records the engine fails on, in ``replay redact``, ``scan`` and ``import`` (``replay.redact.withheld``): each
withheld (never written), counted and named in one line at the end, exit 3, the rest of the file done.

The engine fails on a record whose body holds ``HOSTILE``: made to, as it failed on a fuzzer's record until that
cause was fixed at its root (fz2 seed 41: "SHIP TO:\n\r 我叫", a label's line read from its stray "\r ", then an
empty name looked for again: ``IndexError`` in ``personal.elsewhere``). A fuzzer's next record can stand here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.capture import frames
from replay.capture.writer import Redacting
from replay.exchange.format import Body, Exchange
from replay.exchange.read import read_exchanges
from replay.redact import default_redactor
from replay.redact.bodies import BodyRules
from replay.redact.withheld import Withheld
from tests.conftest import replay_here

HOSTILE = "a body the engine fails on"
FAILS = "RuntimeError at test_withheld.py:"


@pytest.fixture(autouse=True)
def failing_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    body = BodyRules.body

    def failing(self: BodyRules, b: Body | None, *args: Any, **kwargs: Any) -> Body | None:
        if b is not None and HOSTILE in b.text:
            raise RuntimeError("a detector failed")
        return body(self, b, *args, **kwargs)

    monkeypatch.setattr(BodyRules, "body", failing)


def _record(rid: str, start: float, body: str) -> dict:
    return {
        "id": rid,
        "request": {
            "method": "POST",
            "url": "http://h.internal/v1/notes",
            "headers": [["content-type", "text/plain"]],
            "body": {"text": body, "encoding": "utf8", "size": len(body.encode())},
        },
        "timings": {"start": start},
    }


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "raw.jsonl"
    rows = [
        _record("a", 1.0, "mail jane.doe@example.com"),
        _record("b", 2.0, HOSTILE),
        _record("c", 3.0, "+44 20 7946 0958"),
    ]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def test_redact_withholds_the_record_it_fails_on_and_writes_the_rest(tmp_path: Path, capture: Path) -> None:
    """main: a traceback, exit 1, no output at all (every record lost with the one)."""
    out = tmp_path / "clean.jsonl"
    done = replay_here("redact", str(capture), "--out", str(out))
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert "redacted 2 records into" in done.stdout
    assert f"1 of 3 records withheld: redaction failed on them ({FAILS}" in done.stderr
    assert f"record 2 (id 'b'), never written; the other 2 are in {out}" in done.stderr
    assert [ex.id for ex in read_exchanges(out)] == ["a", "c"]
    assert b"jane.doe" not in out.read_bytes() and b"7946 0958" not in out.read_bytes()


def test_scan_names_the_record_it_could_not_scan(capture: Path) -> None:
    got = replay_here("scan", str(capture))
    assert got.returncode == 3 and "Traceback" not in got.stderr, got.stderr
    assert "found secrets or personal data in 2 of 2 records" in got.stdout
    assert "record 2 (id 'b'), not scanned; the other 2 were" in got.stderr
    doc = orjson.loads(replay_here("scan", str(capture), "--json").stdout)
    assert doc["records"] == 2 and doc["withheld"] == ["record 2 (id 'b')"]


def test_a_file_of_only_such_records_writes_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "raw.jsonl", tmp_path / "clean.jsonl"
    src.write_bytes(orjson.dumps(_record("b", 2.0, HOSTILE)) + b"\n")
    done = replay_here("redact", str(src), "--out", str(out))
    assert done.returncode == 3 and "1 of 1 records withheld" in done.stderr and not out.exists()


def _har(tmp_path: Path) -> Path:
    def entry(text: str) -> dict:
        return {
            "startedDateTime": "2026-12-05T04:00:00.000Z",
            "time": 1,
            "request": {
                "method": "POST",
                "url": "https://h.internal/v1/notes",
                "httpVersion": "HTTP/1.1",
                "headers": [],
                "queryString": [],
                "cookies": [],
                "postData": {"mimeType": "text/plain", "text": text},
                "headersSize": -1,
                "bodySize": -1,
            },
            "response": {"status": 204, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [], "cookies": []},
        }

    har = tmp_path / "in.har"
    entries = [entry("mail jane.doe@example.com"), entry(HOSTILE), entry("call +44 20 7946 0958")]
    har.write_bytes(orjson.dumps({"log": {"version": "1.2", "entries": entries}}))
    return har


def test_a_har_entry_it_fails_on_is_taken_out_of_the_copy(tmp_path: Path) -> None:
    out = tmp_path / "out.har"
    done = replay_here("redact", str(_har(tmp_path)), "--out", str(out))
    assert done.returncode == 3 and "log.entries[1], never written; the other 2 are in" in done.stderr, done.stderr
    entries = orjson.loads(out.read_bytes())["log"]["entries"]
    texts = [e["request"]["postData"]["text"] for e in entries]
    assert len(texts) == 2 and "jane.doe" not in texts[0] and "7946 0958" not in texts[1] and HOSTILE not in texts


def test_import_withholds_the_exchange_it_fails_on(tmp_path: Path) -> None:
    out = tmp_path / "cap.jsonl"
    done = replay_here("import", str(_har(tmp_path)), "--out", str(out))
    assert done.returncode == 3 and "imported 2 exchanges" in done.stdout, done.stderr
    assert "1 of 3 records withheld" in done.stderr and "exchange 2 (id " in done.stderr
    assert len(list(read_exchanges(out))) == 2 and b"jane.doe" not in out.read_bytes()


def test_out_of_memory_is_no_one_records_fault() -> None:
    def oom() -> None:
        raise MemoryError

    with pytest.raises(MemoryError):
        Withheld().attempt(oom, "record 1")


class _OutOfMemory:
    def redact(self, ex: Exchange) -> Exchange:
        raise MemoryError


def test_a_capture_writer_drops_what_it_fails_on_by_the_same_guard(capsys: pytest.CaptureFixture[str]) -> None:
    """The capture writer's guard is ``attempt``: the exchange is not recorded, its failure named as the commands
    name it (main printed a traceback, with the exception's message, which may quote the text being redacted)."""
    red = Redacting(default_redactor(None), shape_only=False)
    what, counts, line, past = red.result(Exchange.from_dict(_record("b", 2.0, HOSTILE)))
    assert (what, counts, past) == (frames.DROPPED, {}, frames.NOT_CAPPED) and line.decode().startswith(FAILS)
    err = capsys.readouterr().err
    assert (
        err.startswith(f"replay capture writer: an exchange could not be redacted ({FAILS}") and "Traceback" not in err
    )
    assert "a detector failed" not in err and HOSTILE not in err
    what, _, line, _ = red.result(Exchange.from_dict(_record("c", 3.0, "+44 20 7946 0958")))
    assert what == frames.LINE and b"7946 0958" not in line
    # Out of memory goes on up in a command; a capture writer counts it and records what comes next.
    what, _, line, _ = Redacting(_OutOfMemory(), shape_only=False).result(Exchange.from_dict(_record("d", 4.0, "x")))  # type: ignore[arg-type]
    assert what == frames.DROPPED and line.decode().startswith("MemoryError at ")
