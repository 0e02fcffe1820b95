"""Nothing staging sends back leaks into the run directory: its credentials, compressed or not, and
the personal data it echoes (responses.jsonl goes through the capture's redactor, unless opted out)."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from replay.runner import open_run
from tests.runner.conftest import Target, replay_cli, write_inputs

pytestmark = pytest.mark.e2e

LOAD = "[sample]\nsize = 6\nseed = 3\n[load]\nrate = 20\n"
TOKEN = "s3cret-staging-credential"
EMAIL = b"maria.gonzalez@example-mail.com"


def _run(tmp_path: Path, target: Target, coding: str, extra: str = "") -> Path:
    rules = f"""allow_unsafe = ["POST /echo"]
{extra}
[target.headers]
set = {{ authorization = "Bearer ${{REPLAY_LEAK_TOKEN}}" }}
"""
    scenario, plan = write_inputs(
        tmp_path, target.url, [("POST", f"/echo?coding={coding}", b'{"q": "hi"}')], LOAD, rules
    )
    out = tmp_path / "run"
    env = {**os.environ, "REPLAY_LEAK_TOKEN": TOKEN}
    proc = replay_cli("run", str(scenario), "--plan", str(plan), "--out", str(out), env=env, timeout=90)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip", "deflate", ""])
def test_compressed_echoes_are_decoded_scrubbed_and_redacted(tmp_path: Path, target: Target, coding: str) -> None:
    out = _run(tmp_path, target, coding)
    for p in [p for p in out.rglob("*") if p.is_file()]:
        data = p.read_bytes()
        assert TOKEN.encode() not in data, p  # not even inside a compressed body
        assert EMAIL not in data and b"4111 1111 1111 1111" not in data, p
    responses = list(open_run(out).responses())
    assert len(responses) == 6
    for r in responses:
        body = orjson.loads(r["body"]["text"])  # decoded: text, not base64 of compressed bytes
        assert body["headers"]["authorization"] != f"Bearer {TOKEN}"
        assert body["customer"]["email"] != EMAIL.decode()
        assert r["redactions"]


def test_an_endpoint_can_keep_its_responses_raw(tmp_path: Path, target: Target) -> None:
    out = _run(tmp_path, target, "br", 'raw_responses = ["POST /echo"]')
    responses = list(open_run(out).responses())
    assert responses and all(orjson.loads(r["body"]["text"])["customer"]["email"] == EMAIL.decode() for r in responses)
    # credentials are scrubbed regardless
    assert not [p for p in out.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]
