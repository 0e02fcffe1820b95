"""Captures made through the real capture addon (mitmdump) and through ``replay import`` pass
``replay scan``: nothing secret or personal reaches the file."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import orjson
import pytest

from replay.capture.proxy import ADDON, CaptureOptions, start_capture
from replay.errors import ProxyStartError
from replay.exchange.read import read_exchanges
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.procs import Children
from tests.conftest import Upstream, replay_here

SECRETS = {
    "email": "alice.smith@corp-mail.com",
    "phone": "+44 20 7946 0958",
    "card": "4111 1111 1111 1111",
    "iban": "DE89 3704 0044 0532 0130 00",
    "password": "Hunter2!hunter2",
    "github": "ghp_" + "aZ9q" * 9,
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl",
    "session": "8f14e45fceea167a5a36dedd4bea2543",
    "name": "Maria Gonzalez",
}


def _traffic(base: str) -> None:
    s = SECRETS
    with httpx.Client(base_url=base, timeout=10) as c:
        prompt = f"Hi, my name is {s['name']}. Mail {s['email']} or call {s['phone']}; card {s['card']}."
        body = {"messages": [{"role": "user", "content": prompt}], "tool": json.dumps({"iban": s["iban"]})}
        c.post("/v1/chat", json=body, headers={"Authorization": f"Bearer {s['jwt']}"})
        c.post(
            "/login",
            data={"email": s["email"], "password": s["password"]},
            headers={"Cookie": f"sessionid={s['session']}"},
        )
        c.get(f"/search?q=x&access_token={s['github']}&email={s['email']}")
        c.get("/bin")
        with c.stream("GET", "/sse") as r:
            r.read()


def _assert_clean(path: Path) -> None:
    raw = path.read_bytes()
    for kind, value in SECRETS.items():
        for form in {value, value.replace("@", "%40"), base64.b64encode(value.encode()).decode()}:
            assert form.encode() not in raw, (kind, form)
    scan = replay_here("scan", str(path))
    assert scan.returncode == 0, scan.stdout + scan.stderr
    assert "clean" in scan.stdout


@pytest.mark.e2e
def test_capture_passes_scan(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "cap.jsonl.zst"
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=out))
        _traffic(proxy.url)
        summary = proxy.stop()
    assert summary.exchanges == 5
    exs = list(read_exchanges(out))
    kinds = {k for ex in exs for k in ex.redactions}
    assert {"email", "phone", "card", "iban", "password", "github_token", "jwt", "cookie", "name"} <= kinds
    assert {"binary_body"} <= kinds
    _assert_clean(out)


def _capture_with_policy(children: Children, upstream: Upstream, out: Path, policy: Path) -> Mitmdump:
    options = {"capture_out": out, "capture_redact_policy": policy}
    return start_mitmdump(children, "mitmdump (capture)", f"reverse:{upstream.url}", ("127.0.0.1", 0), [ADDON], options)


@pytest.mark.e2e
def test_capture_redact_policy_option(upstream: Upstream, tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('[[rules]]\nkind = "ticket"\nregex = "TCK-[0-9]{5}"\n')
    out = tmp_path / "cap.jsonl"
    with Children() as children:
        mitm = _capture_with_policy(children, upstream, out, policy)
        httpx.post(f"{mitm.url}/t", json={"note": "see TCK-12345"}, timeout=10)
        mitm.child.stop()
    (ex,) = read_exchanges(out)
    assert ex.redactions["ticket"] == 2 and b"TCK-12345" not in out.read_bytes()  # request and echoed response
    policy.write_text('nope = "x"\n')
    with Children() as children, pytest.raises(ProxyStartError, match="unknown key 'nope'"):
        _capture_with_policy(children, upstream, tmp_path / "x.jsonl", policy)


def test_import_passes_scan(tmp_path: Path) -> None:
    s = SECRETS
    entry = {
        "startedDateTime": "2026-11-20T10:00:00.123Z",
        "time": 10,
        "request": {
            "method": "POST",
            "url": f"https://api.internal/v1/chat?email={s['email'].replace('@', '%40')}",
            "httpVersion": "http/1.1",
            "headers": [
                {"name": "authorization", "value": f"Bearer {s['jwt']}"},
                {"name": "cookie", "value": f"sessionid={s['session']}"},
            ],
            "queryString": [{"name": "email", "value": s["email"]}],
            "cookies": [{"name": "sessionid", "value": s["session"]}],
            "headersSize": -1,
            "bodySize": 10,
            "postData": {
                "mimeType": "application/json",
                "text": json.dumps({"content": f"I am {s['name']}, card {s['card']}, key {s['github']}"}),
            },
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "http/1.1",
            "headers": [{"name": "content-type", "value": "application/json"}],
            "cookies": [],
            "content": {
                "size": 10,
                "mimeType": "application/json",
                "text": json.dumps({"phone": s["phone"], "iban": s["iban"]}),
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 10,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 5, "receive": 5},
    }
    har = tmp_path / "in.har"
    har.write_bytes(
        orjson.dumps({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [entry]}})
    )
    out = tmp_path / "imported.jsonl"
    proc = replay_here("import", str(har), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    _assert_clean(out)
