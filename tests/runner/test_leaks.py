"""Nothing staging sends back leaks into the run directory: its credentials, compressed or not, and
the personal data it echoes (responses.jsonl goes through the capture's redactor, unless opted out)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.runner import open_run
from tests.conftest import replay_here
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e

CODINGS = ["br", "zstd", "gzip", "deflate", ""]
SIZE = 15
TOKEN = "s3cret-staging-credential"
EMAIL = b"maria.gonzalez@example-mail.com"


def _run(tmp_path: Path, target: Target, codings: list[str], extra: str = "", size: int = 6) -> Path:
    """One run replaying ``POST /echo?coding=C`` for each of ``codings``; each request's body names its coding."""
    rules = f"""allow_unsafe = ["POST /echo"]
{extra}
[target.headers]
set = {{ authorization = "Bearer ${{REPLAY_LEAK_TOKEN}}" }}
"""
    requests = [("POST", f"/echo?coding={c}", orjson.dumps({"q": c})) for c in codings]
    load = f"[sample]\nsize = {size}\nseed = 3\n[load]\nrate = 20\n"
    scenario, plan = write_inputs(tmp_path, target.url, requests, load, rules)
    out = tmp_path / "run"
    with pytest.MonkeyPatch.context() as env:  # the runner, started from this process, inherits it
        env.setenv("REPLAY_LEAK_TOKEN", TOKEN)
        proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_compressed_echoes_are_decoded_scrubbed_and_redacted(tmp_path: Path, target: Target) -> None:
    # Every coding in one run (one target, one runner): each response is told apart by the body it echoes.
    out = _run(tmp_path, target, CODINGS, size=SIZE)
    for p in [p for p in out.rglob("*") if p.is_file()]:
        data = p.read_bytes()
        assert TOKEN.encode() not in data, p  # not even inside a compressed body
        assert EMAIL not in data and b"4111 1111 1111 1111" not in data, p
    responses = list(open_run(out).responses())
    assert len(responses) == SIZE
    seen = set()
    for r in responses:
        body = orjson.loads(r["body"]["text"])  # decoded: text, not base64 of compressed bytes
        assert body["headers"]["authorization"] != f"Bearer {TOKEN}"
        assert body["customer"]["email"] != EMAIL.decode()
        assert r["redactions"]
        seen.add(orjson.loads(body["body"])["q"])
    assert seen == set(CODINGS)  # every coding answered at least once


def test_an_endpoint_can_keep_its_responses_raw(tmp_path: Path, target: Target) -> None:
    out = _run(tmp_path, target, ["br"], 'raw_responses = ["POST /echo"]')
    responses = list(open_run(out).responses())
    assert responses and all(orjson.loads(r["body"]["text"])["customer"]["email"] == EMAIL.decode() for r in responses)
    # credentials are scrubbed regardless
    assert not [p for p in out.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]
