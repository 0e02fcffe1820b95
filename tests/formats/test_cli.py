"""``replay import``'s output: written beside --out under a name of its own (the pid's), moved into place only
where no other command wrote --out meanwhile."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from replay.errors import BadInput
from replay.exchange.read import read_exchanges
from replay.formats.cli import _model, _once
from replay.util.seen import Seen
from tests.conftest import assert_bad_input, replay_here
from tests.formats.test_har import CHROME_HAR

DEAD_PID = 4_194_304  # past Linux's largest pid: no process has it


def test_a_temporary_file_a_killed_import_left_is_removed_and_not_in_the_way(tmp_path: Path) -> None:
    har = tmp_path / "a.har"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    out = tmp_path / "c.jsonl"
    left = tmp_path / f".part-{DEAD_PID}-0123abcd-c.jsonl"
    left.write_text('{"torn":')  # what an import killed half way left
    proc = replay_here("import", str(har), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert f"removed {left.name}" in proc.stderr and not left.exists()
    assert len(list(read_exchanges(out))) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.har", "c.jsonl"]


def test_a_file_imported_twice_is_refused(tmp_path: Path) -> None:
    """A HAR imported again with --append, or given beside its copy, was imported twice, exit 0, and every
    reader counted each exchange twice; refused, the capture left as it was and nothing written."""
    har, copy, out = tmp_path / "a.har", tmp_path / "copy.har", tmp_path / "c.jsonl"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    copy.write_bytes(har.read_bytes())
    assert replay_here("import", str(har), "--out", str(out)).returncode == 0
    before = out.read_bytes()
    twice = "would hold exchange 'har-0' (started "
    assert_bad_input(replay_here("import", str(har), "--out", str(out), "--append"), f"--out {out}: {twice}")
    assert out.read_bytes() == before
    assert_bad_input(replay_here("import", str(har), str(copy), "--out", str(tmp_path / "d.jsonl")), twice)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.har", "c.jsonl", "copy.har"]


def test_the_keys_compared_are_hashes_and_a_start_written_as_an_integer_is_the_float_it_equals() -> None:
    """The keys are kept as 8-byte hashes (``Seen``), not as tuples of ~200 B an exchange; a start another
    writer put down as ``1700000000`` is still the exchange imported at ``1700000000.0``, as it was."""
    held, out = Seen(), Path("c.jsonl")
    _once(("har-0", 1_700_000_000, "GET"), held, out)
    _once(("har-0", 1_700_000_000.5, "GET"), held, out)
    _once(("har-1", 1_700_000_000.0, "GET"), held, out)
    with pytest.raises(BadInput, match="would hold exchange 'har-0' "):
        _once(("har-0", 1_700_000_000.0, "GET"), held, out)
    assert len(held) == 3


def test_model_names_a_bedrock_batch_s_model_and_bedrock_model_still_does(tmp_path: Path) -> None:
    """One --model for every file that names no model: a Bedrock batch job's too (it was --bedrock-model, which a
    user's scripts pass still: a hidden name of --model; two models are refused)."""
    records = tmp_path / "job.jsonl.out"
    records.write_bytes(orjson.dumps({"recordId": "CALL1", "modelInput": {"inputText": "Hi"}}) + b"\n")
    for option, out in (("--model", tmp_path / "a.jsonl"), ("--bedrock-model", tmp_path / "b.jsonl")):
        proc = replay_here("import", str(records), option, "amazon.titan-text-express-v1", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        (ex,) = read_exchanges(out)
        assert ex.request.url.endswith("/model/amazon.titan-text-express-v1/invoke")
    assert "--bedrock-model" not in replay_here("import", "--help").stdout
    with pytest.raises(BadInput, match="--model 'a' and --bedrock-model 'b': one model; give it as --model"):
        _model("a", "b")
    assert _model(None, "b") == _model("b", "b") == "b"


def test_the_binary_bodies_redaction_did_not_write_are_counted(tmp_path: Path) -> None:
    """An import said "imported N exchanges" and nothing of the image bodies the default policy drops; a capture
    counts them, and so does an import now."""
    png = {"size": 8, "mimeType": "image/png", "text": "iVBORw0KGgo=", "encoding": "base64"}
    entry = {
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "time": 12.0,
        "request": {"method": "GET", "url": "http://127.0.0.1/logo.png", "httpVersion": "HTTP/1.1",
                    "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Content-Type", "value": "image/png"}], "cookies": [], "content": png,
                     "redirectURL": "", "headersSize": -1, "bodySize": 8},
        "cache": {},
        "timings": {"send": 1, "wait": 10, "receive": 1},
    }  # fmt: skip
    har, out = tmp_path / "a.har", tmp_path / "c.jsonl"
    har.write_bytes(orjson.dumps({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"},
                                          "entries": [entry]}}))  # fmt: skip
    proc = replay_here("import", str(har), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 binary bodies not written (binary_body" in proc.stderr
    (ex,) = read_exchanges(out)
    assert ex.response is not None and ex.response.body is not None and ex.response.body.truncated


def _har(first: int, n: int) -> bytes:
    """CHROME_HAR's first entry, ``n`` times from number ``first``: each its own URL and start."""
    entry = CHROME_HAR["log"]["entries"][0]
    entries = [
        {**entry, "startedDateTime": f"2024-05-01T10:{i // 60:02d}:{i % 60:02d}.000Z",
         "request": {**entry["request"], "url": f"https://api.example.com/item/{i}"}}
        for i in range(first, first + n)
    ]  # fmt: skip
    return orjson.dumps({"log": {**CHROME_HAR["log"], "entries": entries}})


def test_an_append_cut_short_leaves_the_capture_as_it_was(tmp_path: Path) -> None:
    """H204's battery: import --append wrote into the capture in place, so a kill or a full disk mid-write left part
    of the import in it: its next reader counted those exchanges as whole (a torn last line skipped), and the import
    run again was refused as imported before. Cut short here by ``ulimit -f`` half way through the import, in a
    child process (no bytecode written under the limit: a .pyc cut short breaks every later import of it)."""
    a, b, out = tmp_path / "a.har", tmp_path / "b.har", tmp_path / "c.jsonl"
    a.write_bytes(_har(0, 30))
    b.write_bytes(_har(30, 10))
    assert replay_here("import", str(a), "--out", str(out)).returncode == 0
    assert replay_here("import", str(b), "--out", str(tmp_path / "alone.jsonl")).returncode == 0
    before = out.read_bytes()
    limit = len(before) + (tmp_path / "alone.jsonl").stat().st_size // 2  # room for the import alone, not for both

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = [sys.executable, "-m", "replay", "import", str(b), "--out", str(out), "--append"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, preexec_fn=set_limit, env=env)
    assert_bad_input(proc, f"{out}: File too large", "ulimit -f")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.har", "alone.jsonl", "b.har", "c.jsonl"]
    assert replay_here("import", str(b), "--out", str(out), "--append").returncode == 0
    assert len(list(read_exchanges(out))) == 40


@pytest.mark.parametrize("url", ["http://[::1", "https://NAME.openai.azure.com/open\nai", "http://h:port"])
@pytest.mark.parametrize("option", ["--azure-endpoint", "--endpoint"])
def test_an_endpoint_that_does_not_parse_is_one_line(tmp_path: Path, option: str, url: str) -> None:
    """An unclosed IPv6 bracket was a ValueError's traceback; a line break urlsplit drops unsaid was taken."""
    (tmp_path / "chats.jsonl").write_text('{"messages": [{"role": "user", "content": "hi"}]}\n')
    api = ["--api", "openai", "--model", "m"] if option == "--endpoint" else []
    proc = replay_here("import", str(tmp_path / "chats.jsonl"), *api, option, url, "--out", str(tmp_path / "c.jsonl"))
    assert_bad_input(proc, option)
    assert not (tmp_path / "c.jsonl").exists()
