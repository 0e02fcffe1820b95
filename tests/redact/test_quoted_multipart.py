"""A password in a multipart form, quoted back in a JSON response: redacted by capture (and so in its
HAR export), and found by ``replay scan`` in a capture an earlier version wrote with it raw."""

from __future__ import annotations

from pathlib import Path

import httpx
import orjson
import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.util.procs import Children
from tests.conftest import Upstream, replay_here

PASSWORD = "Tr0ub4dor&3-horse-battery"
FORM = (
    '--XyZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nbob\r\n'
    f'--XyZ\r\nContent-Disposition: form-data; name="password"\r\n\r\n{PASSWORD}\r\n--XyZ--\r\n'
)
FORM_TYPE = "multipart/form-data; boundary=XyZ"
OLD_CAPTURE = Path(__file__).resolve().parents[1] / "data" / "redact" / "multipart_echo_9c1649f.jsonl"


def test_scan_finds_the_password_an_earlier_capture_kept() -> None:
    """A capture written by the previous version (commit 9c1649f, see tests/data/redact/PROVENANCE.md): the
    request's part redacted, the JSON echo of it raw. That version's scan called it clean."""
    raw = OLD_CAPTURE.read_bytes()
    assert PASSWORD.encode() in raw and b'name=\\"password\\"' in raw  # as that version left it
    proc = replay_here("scan", str(OLD_CAPTURE), "--json")
    assert proc.returncode == 1, proc.stderr
    report = orjson.loads(proc.stdout)
    (record,) = [orjson.loads(line)["id"] for line in raw.splitlines()]
    assert report["findings"]["password"] == {"count": 1, "records": [record]}
    # and the form's login, which a part is now read by its name for, as a urlencoded form's field is
    assert report["findings"].keys() == {"password", "username"}


@pytest.mark.e2e
def test_capture_and_its_har_keep_no_quoted_password(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "cap.jsonl"
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=out))
        r = httpx.post(f"{proxy.url}/login", content=FORM.encode(), headers={"content-type": FORM_TYPE})
        assert r.status_code == 200 and PASSWORD in r.text  # the service echoes the form
        proxy.stop()
    assert PASSWORD.encode() not in out.read_bytes()
    har = tmp_path / "cap.har"
    assert replay_here("export", str(out), "--har", str(har)).returncode == 0
    assert PASSWORD.encode() not in har.read_bytes()
    scan = replay_here("scan", str(out))
    assert scan.returncode == 0, scan.stdout
