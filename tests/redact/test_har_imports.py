"""Real browser HAR files through ``replay import`` and ``replay redact``: what they write scans
clean, and the numbers that are nobody's (SVG path data, CSS, ids, sizes, versions) come out
unchanged.

The files are real exports kept as test data by two open-source projects (tests/data/har/NOTICE.md):
Chrome (one with a UTF-8 byte order mark), Firefox, Safari, Charles, Insomnia and mitmproxy's own HAR
export from mitmproxy (MIT),
Playwright's own HAR recorder from Playwright (Apache-2.0).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats.har import read_har
from tests.conftest import replay_here

DATA = Path(__file__).resolve().parent.parent / "data" / "har"
HARS = sorted(p.name.removesuffix(".har.gz") for p in DATA.glob("*.har.gz"))
# A number standing alone: not a piece of a word, a hex string or a pseudonym.
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def _har(name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.har"
    path.write_bytes(gzip.decompress((DATA / f"{name}.har.gz").read_bytes()))
    return path


def _numbers(ex: Exchange) -> Counter[str]:
    texts = [ex.request.url]
    for msg in (ex.request, ex.response):
        if msg is not None and msg.body is not None and msg.body.encoding == "utf8":
            texts.append(msg.body.text)
    return Counter(n for t in texts for n in _NUMBER.findall(t))


def test_every_browser_is_here() -> None:
    docs = [gzip.decompress((DATA / f"{name}.har.gz").read_bytes()) for name in HARS]
    creators = {orjson.loads(doc.removeprefix(b"\xef\xbb\xbf"))["log"]["creator"]["name"] for doc in docs}
    # Chrome's DevTools sign as WebInspector, Safari's as WebKit Web Inspector
    tools = {"WebInspector", "Firefox", "WebKit Web Inspector", "Charles Proxy", "Playwright", "Insomnia REST Client"}
    tools.add("mitmproxy")
    assert creators == tools
    assert sum(doc.startswith(b"\xef\xbb\xbf") for doc in docs) == 1  # as Fiddler and other Windows tools write


def _write_then_scan(command: str, har: Path, out: Path) -> None:
    """``replay import`` or ``replay redact`` writes ``out``; ``replay scan`` finds nothing in it (both in
    this process: what they write and what scan says is checked here, the CLI's processes elsewhere)."""
    proc = replay_here(command, str(har), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    scan = replay_here("scan", str(out))
    assert scan.returncode == 0, scan.stdout + scan.stderr


@pytest.mark.parametrize("name", HARS)
def test_import_scans_clean_and_keeps_numbers(name: str, tmp_path: Path) -> None:
    har = _har(name, tmp_path)
    out = tmp_path / f"{name}.jsonl"
    _write_then_scan("import", har, out)
    before = list(read_har(har))
    after = list(read_exchanges(out))
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        lost = _numbers(old) - _numbers(new)
        assert not lost, (name, old.request.url, sorted(lost)[:10])


@pytest.mark.parametrize("name", HARS)
def test_redacted_har_scans_clean(name: str, tmp_path: Path) -> None:
    _write_then_scan("redact", _har(name, tmp_path), tmp_path / f"{name}.redacted.har")


_PATH_DATA = re.compile(r"""\sd=["']([^"']{8,})["']""")


def test_svg_path_data_survives_byte_for_byte(tmp_path: Path) -> None:
    """SVG files and inline SVG path data in the browsers' files: the imported copy has them verbatim."""
    files = paths = 0
    for name in HARS:
        har = _har(name, tmp_path)
        out = tmp_path / f"{name}.jsonl"
        assert replay_here("import", str(har), "--out", str(out)).returncode == 0
        for old, new in zip(read_har(har), read_exchanges(out), strict=True):
            if old.response is None or old.response.body is None or old.response.body.encoding != "utf8":
                continue
            assert new.response is not None and new.response.body is not None
            text = old.response.body.text
            if "svg" in next((v for k, v in old.response.headers if k.lower() == "content-type"), ""):
                files += 1
                assert new.response.body.text == text
            for d in _PATH_DATA.findall(text):
                paths += 1
                assert d in new.response.body.text, (name, d[:60])
    assert files >= 1 and paths >= 5
