from __future__ import annotations

import email.parser
import email.policy
import gzip
import re
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import httpx
import orjson
import pytest
from mitmproxy import io

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats.har import read_har
from replay.mitm.launch import start_mitmdump
from replay.util.procs import Children
from tests.conftest import Upstream, assert_bad_input, replay_here
from tests.formats.conftest import import_capture, round_trip
from tests.runner.conftest import Target

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
    proc = replay_here("import", str(har), "--out", str(out))
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
    assert replay_here("import", str(har), "--out", str(cap)).returncode == 0
    out = tmp_path / "out.har"
    proc = replay_here("export", str(cap), "--har", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = orjson.loads(out.read_bytes())
    assert doc["log"]["version"] == "1.2" and len(doc["log"]["entries"]) == 2
    flows = io.read_flows_from_paths([out])
    assert flows[0].request.method == "POST" and flows[0].response.content == b'{"ok":true}'
    back = tmp_path / "back.jsonl"
    assert replay_here("import", str(out), "--out", str(back)).returncode == 0
    first = next(iter(read_exchanges(back)))
    orig = next(iter(read_exchanges(cap)))
    assert (first.request.url, first.request.body, first.response.body) == (
        orig.request.url,
        orig.request.body,
        orig.response.body,
    )


def test_a_gzipped_har_imports_as_it_is_and_a_cut_one_is_said(tmp_path: Path) -> None:
    """A real Chrome export kept gzipped (tests/data/har/NOTICE.md), as .har.gz files are shared: the same
    exchanges as the file unpacked; one cut short is named, not read as what it held so far."""
    kept = Path(__file__).parents[1] / "data" / "har" / "chrome.har.gz"
    plain = tmp_path / "chrome.har"
    plain.write_bytes(gzip.decompress(kept.read_bytes()))
    ids = lambda p: [(ex.request.url, ex.timings.start) for ex in read_exchanges(p)]  # noqa: E731
    assert ids(import_capture(tmp_path, kept, name="gz.jsonl")) == ids(import_capture(tmp_path, plain))
    cut = tmp_path / "cut.har.gz"
    cut.write_bytes(kept.read_bytes()[:4000])
    assert_bad_input(
        replay_here("import", str(cut), "--out", str(tmp_path / "o.jsonl")), "cut.har.gz: starts like gzip but"
    )


def test_a_playwright_har_with_attached_bodies_reads_them_from_beside_it(tmp_path: Path) -> None:
    """Playwright's ``recordHar`` with ``content: 'attach'`` names each body's file (``content._file``) instead
    of holding it (tests/data/har/attached, Playwright's own test asset): read from beside the HAR, or, when
    the file is not there, imported without the body and counted."""
    har = Path(__file__).parents[1] / "data" / "har" / "attached" / "har-sha1.har"
    (ex,) = read_exchanges(import_capture(tmp_path, har))
    assert ex.response.body.text == "Hello, world" and ex.request.url == "http://no.playwright/"
    alone = tmp_path / "alone.har"
    alone.write_bytes(har.read_bytes())
    done = replay_here("import", str(alone), "--out", str(tmp_path / "alone.jsonl"))
    assert done.returncode == 0 and "1 response bodies are in files the HAR names" in done.stderr
    (ex,) = read_exchanges(tmp_path / "alone.jsonl")
    assert ex.response.body is None


def test_a_request_line_webpagetest_lists_as_a_header_is_left_out(tmp_path: Path) -> None:
    """WebPageTest 2.17 lists the request line among the headers when its path holds a colon, split there (pagexray's
    test/files/en.wikipedia.org.spdy-wpt.har: 3 of its 102 entries): the import refused the whole file, 'request
    header 'GET /wiki/Special' is not a header name'. The line is left out, said; the request holds it."""
    line = {"name": "GET /wiki/Special", "value": "CentralAutoLogin/checkLoggedIn?type=script HTTP/1.1"}
    url = "https://en.wikipedia.org/wiki/Special:CentralAutoLogin/checkLoggedIn?type=script"
    request = {"method": "GET", "url": url, "headers": [line, {"name": "Accept", "value": "*/*"}]}
    har = tmp_path / "wpt.har"
    har.write_bytes(
        orjson.dumps({"log": {"entries": [{"startedDateTime": "2015-06-01T10:00:00Z", "request": request}]}})
    )
    out = tmp_path / "wpt.jsonl"
    done = replay_here("import", str(har), "--out", str(out))
    assert done.returncode == 0 and "left out 1 request header(s) that are the request line" in done.stderr, done.stderr
    (ex,) = read_exchanges(out)
    assert ex.request.headers == [("Accept", "*/*")] and ex.request.url == url


def test_not_har(tmp_path: Path) -> None:
    bad = tmp_path / "bad.har"
    bad.write_text('{"hello": "world"}')
    assert_bad_input(
        replay_here("import", str(bad), "--out", str(tmp_path / "o.jsonl")), "bad.har", "not a format replay imports"
    )
    bad.write_text('{"log": {"version": "1.2"}}')
    assert_bad_input(
        replay_here("import", str(bad), "--out", str(tmp_path / "o.jsonl")), "bad.har", "not a HAR 1.2 file"
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_a_cut_har_file_is_said_to_be_cut(tmp_path: Path) -> None:
    """A HAR copied only in part says so and how to fix it, not "not a HAR 1.2 file" (which sends the user to
    export it again from a browser that may no longer hold the page)."""
    cut = tmp_path / "cut.har"
    whole = orjson.dumps(CHROME_HAR)
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    assert_bad_input(
        replay_here("import", str(cut), "--out", str(tmp_path / "o.jsonl")),
        "cut.har: the HAR file ends before its JSON closes",
        "it is cut short; copy it whole again",
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_entry_leaves_no_output(tmp_path: Path) -> None:
    doc = orjson.loads(orjson.dumps(CHROME_HAR))
    del doc["log"]["entries"][1]["request"]
    bad = tmp_path / "bad.har"
    bad.write_bytes(orjson.dumps(doc))
    out = tmp_path / "o.jsonl"
    assert_bad_input(replay_here("import", str(bad), "--out", str(out)), "log.entries[1]")
    assert list(tmp_path.iterdir()) == [bad]


# Every field the reader takes that was read with `x or default`: [] and {} (and 0, false) were read as left out,
# a response body or status of [] imported as none ("no response"), a postData of [] as no request body.
EMPTIES = [
    ("time",),
    ("_id",),
    ("timings",),
    ("timings", "wait"),
    ("request", "httpVersion"),
    ("request", "postData"),
    ("request", "postData", "text"),
    ("request", "postData", "params"),
    ("response",),
    ("response", "status"),
    ("response", "statusText"),
    ("response", "httpVersion"),
    ("response", "_error"),
    ("response", "content"),
    ("response", "content", "text"),
    ("response", "content", "encoding"),
]


@pytest.mark.parametrize("field", EMPTIES, ids=[".".join(f) for f in EMPTIES])
def test_a_field_of_the_wrong_type_is_named_never_read_as_left_out(tmp_path: Path, field: tuple[str, ...]) -> None:
    for wrong, kind in (([], "a list"), ({}, "an object"), (False, "False")):
        if (wrong, field[-1]) in [({}, "timings"), ({}, "postData"), ({}, "response"), ({}, "content"), ([], "params")]:
            continue  # the field given with nothing in it
        doc = orjson.loads(orjson.dumps(CHROME_HAR))
        at = doc["log"]["entries"][0]
        for key in field[:-1]:
            at = at[key]
        at[field[-1]] = wrong
        (tmp_path / "w.har").write_bytes(orjson.dumps(doc))
        where = "".join(f"['{k}']" if k.startswith("_") else f".{k}" for k in field)
        with pytest.raises(ImportFormatError, match=rf"log\.entries\[0\]{re.escape(where)}: {kind} is not of type"):
            list(read_har(tmp_path / "w.har"))


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    har = tmp_path / "a.har"
    har.write_bytes(orjson.dumps(CHROME_HAR))
    out = tmp_path / "c.jsonl"
    out.write_text("")
    assert_bad_input(replay_here("import", str(har), "--out", str(out)), "already exists")
    assert replay_here("import", str(har), "--out", str(out), "--append").returncode == 0
    assert len(list(read_exchanges(out))) == 2


def test_import_missing_and_garbage(tmp_path: Path) -> None:
    assert_bad_input(
        replay_here("import", str(tmp_path / "nope.har"), "--out", str(tmp_path / "o.jsonl")), "no such file"
    )
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01garbage")
    junk_out = str(tmp_path / "o.jsonl")
    assert_bad_input(replay_here("import", str(junk), "--out", junk_out), "not a format replay imports")


def _mitmproxy_reads(path: Path) -> list[tuple[str, str, int]]:
    """(method, url, status) of every flow mitmproxy's own reader gets from a HAR (a .zhar inflated first)."""
    data = path.read_bytes()
    if path.suffix == ".zhar":
        data = zlib.decompress(data)
    return [(f.request.method, f.request.url, f.response.status_code) for f in io.FlowReader(BytesIO(data)).stream()]


def _ours(capture: Path) -> list[tuple[str, str, int]]:
    exchanges = read_exchanges(capture)
    return [(ex.request.method, ex.request.url, ex.response.status if ex.response else 0) for ex in exchanges]


def test_har_with_a_bom_and_slack_style_headers_imports_as_mitmproxy_reads_it(tmp_path: Path) -> None:
    """Fiddler writes a UTF-8 BOM; Slack writes headers as [name, value] pairs: mitmproxy reads both."""
    doc = orjson.loads(orjson.dumps(CHROME_HAR))
    doc["log"]["entries"] = doc["log"]["entries"][:1]
    entry = doc["log"]["entries"][0]
    entry["request"]["headers"] = [[h["name"], h["value"]] for h in entry["request"]["headers"]]
    har = tmp_path / "fiddler.har"
    har.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    capture = import_capture(tmp_path, har)
    assert _ours(capture) == _mitmproxy_reads(har) == [("POST", "https://api.example.com/v1/chat/completions", 200)]
    (ex,) = read_exchanges(capture)
    assert ("content-type", "application/json") in ex.request.headers and b"SECRET123" not in capture.read_bytes()


@pytest.mark.e2e
def test_mitmproxy_zhar_from_a_real_mitmdump_imports_and_replays_every_row_once(
    upstream: Upstream,
    tmp_path: Path,
    start_target,  # type: ignore[no-untyped-def]
) -> None:
    """mitmdump's own HAR export (``hardump``), zlib-compressed because the name ends in .zhar."""
    zhar = tmp_path / "dump.zhar"
    with Children() as children:
        mode, listen = f"reverse:{upstream.url}", ("127.0.0.1", 0)
        mitm = start_mitmdump(children, "mitmdump", mode, listen, options={"hardump": zhar})
        httpx.post(f"{mitm.url}/v1/chat", json={"messages": [{"role": "user", "content": "hi, I'm eve@example.org"}]})
        httpx.get(f"{mitm.url}/status?x=1")
        httpx.get(f"{mitm.url}/bin")
        mitm.child.stop()  # mitmdump writes the HAR when it stops
    assert zhar.read_bytes()[:1] == b"\x78" and zlib.decompress(zhar.read_bytes()).lstrip().startswith(b"{")
    capture = import_capture(tmp_path, zhar)
    assert _ours(capture) == _mitmproxy_reads(zhar) and len(_ours(capture)) == 3
    assert b"eve@example.org" not in capture.read_bytes()
    post = next(iter(read_exchanges(capture)))
    assert orjson.loads(post.response.body.text)["path"] == "/v1/chat"
    target: Target = start_target()
    assert round_trip(tmp_path, capture, target) == 3


@pytest.mark.e2e
def test_a_bom_har_samples_and_replays_every_row_once(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    har = tmp_path / "bom.har"
    har.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(CHROME_HAR))
    target: Target = start_target()
    assert round_trip(tmp_path, import_capture(tmp_path, har), target) == 2


def test_a_zhar_that_does_not_inflate(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zhar"
    bad.write_bytes(zlib.compress(orjson.dumps(CHROME_HAR))[:40])
    out = str(tmp_path / "o.jsonl")
    assert_bad_input(replay_here("import", str(bad), "--out", out), "bad.zhar", "does not inflate")


HARALYZER = Path(__file__).parents[1] / "data" / "har" / "haralyzer"  # real HAR files, tests/data/har/NOTICE.md


def test_a_firefox_25_har_with_local_times_imports(tmp_path: Path) -> None:
    cap = import_capture(tmp_path, HARALYZER / "firefox25.har.gz")
    starts = [ex.timings.start for ex in read_exchanges(cap)]
    assert len(starts) == 4 and starts[0] == datetime(2015, 2, 23, 3, 28, 12, 136000, UTC).timestamp()


def test_one_har_entry_alone_is_said_to_be_one(tmp_path: Path) -> None:
    """haralyzer's single_entry.har: an entry without the log around it was 'already a replay capture' to
    import and a corrupt capture line ('remove the line') to every reader."""
    entry = tmp_path / "entry.har"
    entry.write_bytes(gzip.decompress((HARALYZER / "single-entry.har.gz").read_bytes()))
    for args in (("import", str(entry), "--out", str(tmp_path / "o.jsonl")), ("inspect", str(entry))):
        assert_bad_input(replay_here(*args), "entry.har: one HAR entry, not a HAR file")


HARVIEWER = Path(__file__).parents[1] / "data" / "har" / "harviewer"  # likewise


def test_what_the_browser_answered_itself_is_skipped_and_counted(tmp_path: Path) -> None:
    """A data: URL entry (HAR Viewer's data-url.har: status 1, no method) beside Fiddler 4's export of IE 11: the
    Fiddler entries import, the data: one is counted as no request; it failed the whole import on its status."""
    data_url, fiddler = HARVIEWER / "data-url.har.gz", HARVIEWER / "ie11-fiddler.har.gz"
    out = tmp_path / "c.jsonl"
    done = replay_here("import", str(data_url), str(fiddler), "--out", str(out))
    assert done.returncode == 0 and done.stdout.startswith("imported 11 exchanges"), done.stderr
    assert done.stderr.splitlines() == [
        f"replay: warning: {data_url}: skipped 1 entries the browser answered itself (1 data:): no request went over"
        " the network; replay replays HTTP"
    ]
    assert {ex.request.url.split(":")[0] for ex in read_exchanges(out)} == {"http"}
    assert replay_here("scan", str(out)).returncode == 0


def test_a_har_of_browser_answered_entries_only_is_one_error(tmp_path: Path) -> None:
    """data-url.har alone: a warning that its entry was skipped, then the 'no exchange' error, two lines for
    one problem; now the error says why there was none, and nothing is written."""
    out = tmp_path / "c.jsonl"
    done = replay_here("import", str(HARVIEWER / "data-url.har.gz"), "--out", str(out))
    assert_bad_input(done, "data-url.har.gz: no exchange to import", "the browser answered itself (1 data:)")
    assert not out.exists()


def test_a_firebug_harp_imports(tmp_path: Path) -> None:
    """Firebug 1.8's NetExport (Firefox 5) wrote HAR inside a JavaScript call, ``callback_testLoad2({...});``,
    for HAR Viewer to load: it was 'not a format replay imports'."""
    cap = import_capture(tmp_path, HARVIEWER / "firebug.harp.gz")
    assert len(list(read_exchanges(cap))) == 5


def test_export_writes_a_har_as_it_reads_the_capture(tmp_path: Path) -> None:
    """write_har built the whole document in memory (1.1 GB to export 200,000 small exchanges); it writes each entry
    as it comes, the bytes those of the document orjson indents whole, none and one entry too."""
    from replay.exchange.har import exchange_to_entry, har_document
    from replay.formats.har import write_har
    from replay.testing.synth import write_capture

    write_capture(tmp_path / "cap.jsonl", 30, seed=1)
    exchanges = list(read_exchanges(tmp_path / "cap.jsonl"))
    written: list[int] = []

    def reading() -> Iterator[Exchange]:
        for ex in exchanges:
            written.append(sum(p.stat().st_size for p in tmp_path.glob(".part-*")))
            yield ex

    assert write_har(reading(), tmp_path / "x.har") == 30
    assert written[-1] > 0  # the entries before the last were on their way to disk (past a buffer of them)
    for k in (0, 1, 30):
        write_har(exchanges[:k], tmp_path / "y.har")
        whole = har_document([exchange_to_entry(ex) for ex in exchanges[:k]])
        assert (tmp_path / "y.har").read_bytes() == orjson.dumps(whole, option=orjson.OPT_INDENT_2)


def test_times_without_a_utc_offset_are_read_as_utc_on_every_machine_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chrome's export (tests/data/har/NOTICE.md) with its startedDateTime written as some tools write them, with
    no UTC offset: each was read as the importing machine's local time, so the same file imported to starts 9 h
    apart in Tokyo and London."""
    chrome = orjson.loads(gzip.decompress((Path(__file__).parents[1] / "data" / "har" / "chrome.har.gz").read_bytes()))
    for entry in chrome["log"]["entries"]:
        entry["startedDateTime"] = entry["startedDateTime"].removesuffix("Z")
    har = tmp_path / "zoneless.har"
    har.write_bytes(orjson.dumps(chrome))
    starts = []
    for zone in ("Asia/Tokyo", "Europe/London"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        starts.append([ex.timings.start for ex in read_har(har)])
    monkeypatch.undo()
    time.tzset()
    assert starts[0] == starts[1] and starts[0][0] == datetime(2023, 3, 30, 0, 0, 54, 250000, UTC).timestamp()
    assert "3 entries' startedDateTime name no UTC offset (the first: log.entries[0].startedDateTime); read as UTC" in (
        capsys.readouterr().err
    )


def test_a_multipart_form_given_as_params_is_sent_as_multipart(tmp_path: Path) -> None:
    """Insomnia's HAR export writes a form body as ``postData.params`` alone (no ``text``; a file part by its
    ``fileName``, its bytes not in the HAR), its Content-Type ``multipart/form-data`` with no boundary. It was
    urlencoded under that Content-Type: no server read a field of it. Now multipart, under a boundary the header
    then names; a urlencoded form's params stay urlencoded."""
    form = [{"name": "note", "value": "hello"}, {"name": "upload", "fileName": "report.csv", "contentType": "text/csv"}]
    entries = []
    for mime in ("multipart/form-data", "application/x-www-form-urlencoded"):
        entry = orjson.loads(orjson.dumps(CHROME_HAR["log"]["entries"][0]))
        entry["request"]["headers"] = [{"name": "Content-Type", "value": mime}]
        entry["request"]["postData"] = {"mimeType": mime, "params": form}
        entries.append(entry)
    har = tmp_path / "insomnia.har"
    har.write_bytes(orjson.dumps({"log": CHROME_HAR["log"] | {"entries": entries}}))
    multipart, urlencoded = read_har(har)
    (kind,) = [v for k, v in multipart.request.headers if k.lower() == "content-type"]
    head = f"Content-Type: {kind}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + multipart.request.body.to_bytes())
    parts = [
        (p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content())
        for p in message.iter_parts()
    ]
    assert parts == [("note", None, "hello"), ("upload", "report.csv", "")]
    assert urlencoded.request.body.to_bytes() == b"note=hello&upload="


def test_what_the_browser_cache_answered_is_skipped_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chrome's export (tests/data/har/NOTICE.md) with two entries marked as Chrome marks what its memory or disk
    cache answered (``_fromCache``; a 200 with a body and no transfer). They were imported, and replayed as requests
    the browser never sent, once per page view."""
    chrome = orjson.loads(gzip.decompress((Path(__file__).parents[1] / "data" / "har" / "chrome.har.gz").read_bytes()))
    entries = chrome["log"]["entries"]
    entries[1]["_fromCache"], entries[2]["_fromCache"] = "disk", "memory"
    har = tmp_path / "cached.har"
    har.write_bytes(orjson.dumps(chrome))
    assert [ex.request.url for ex in read_har(har)] == [entries[0]["request"]["url"]]
    assert (
        "skipped 2 entries the browser answered itself (1 from its disk cache, 1 from its memory cache): no request"
        " went over the network" in capsys.readouterr().err
    )
