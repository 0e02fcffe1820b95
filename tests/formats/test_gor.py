"""GoReplay's files (``gor --output-file``) in and out.

No gor binary installs from a package registry here (Debian, PyPI and npm have none), and one public .gor file
found (tests/data/gor/NOTICE.md: requests only, no latency) carries a licence that lets it be kept, so the files
are written byte for byte as GoReplay's source writes
them (github.com/buger/goreplay, LGPLv3, read at 251e45a): ``protocol.go`` ``payloadHeader`` makes the meta line
``"%c %s %d %d\\n"`` (type, id, timestamp ns, latency ns) and ``output_file.go`` ``PluginWrite`` writes meta, the
raw message, then ``payloadSeparator``; ``input_raw.go`` stamps a message with its first packet's time and
its last's less that, and ``internal/tcp/tcp_message.go`` makes a request's and its response's id (24 hex digits)
of the connection's ports and address and the TCP ack, the same for requests pipelined on one connection. The
older files (GoReplay 0.x, its docs' example) have no latency. ``_gor_reads`` is ``input_file.go``'s reader, to
check that what replay exports is what ``gor --input-file`` reads."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
import zstandard

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats import gor as gor_module
from replay.formats import lines, read_foreign
from replay.formats.gor import is_gor, read_gor
from tests.conftest import assert_bad_input, replay_here
from tests.formats.conftest import import_capture, round_trip
from tests.runner.conftest import Target

SEPARATOR = "\n🐵🙈🙉\n".encode()
T0 = 1_764_979_200_000_000_000  # ns, 2025-12-06
# ids as --input-raw makes them: source port, destination port, client IPv4 and TCP ack, in hex
ID_A, ID_B, ID_C, ID_D = "7f00000100501f90c0a80001", "7f00000100501f91c0a80002", "1a2b3c4d5e6f708192a3b4c5", "0badc0de"


def gor(*payloads: tuple[int, str, int, int | None, bytes]) -> bytes:
    """A file as ``output_file.go`` writes one: each payload's meta line, its message, the separator."""
    out = b""
    for kind, gid, ns, latency, message in payloads:
        meta = f"{kind} {gid} {ns}" + ("" if latency is None else f" {latency}") + "\n"
        out += meta.encode() + message + SEPARATOR
    return out


def _gor_reads(data: bytes) -> list[tuple[list[bytes], bytes]]:
    """``input_file.go``'s ``parse``: lines until one that is the separator's, the payload the lines before it
    less its last newline, its meta the first line's fields (fewer than 3: skipped as malformed)."""
    payloads, buffer = [], b""
    for line in data.splitlines(keepends=True):
        if line == SEPARATOR[1:]:
            meta, _, message = buffer[:-1].partition(b"\n")
            if len(meta.split(b" ")) >= 3:
                payloads.append((meta.split(b" "), message))
            buffer = b""
            continue
        buffer += line
    return payloads


POST = (
    b"POST /api/signup?plan=pro HTTP/1.1\r\nHost: shop.example.com\r\nContent-Type: application/json\r\n"
    b"Content-Length: 46\r\n\r\n"
    b'{"email": "carol@example.org", "plan": "pro"}\n'
)
CREATED = zlib.compress(b'{"id": 42, "status": "created"}', wbits=31)  # gzip, as nginx sends it
RESPONSE = (
    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(CREATED), CREATED)
)
HEAD = b"HEAD /health HTTP/1.1\r\nHost: shop.example.com\r\n\r\n"
HEAD_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n"  # a HEAD's answer names the GET's length, sends none
OLD = b"GET /legacy HTTP/1.0\r\nHost: shop.example.com\r\n\r\n"
OLD_OK = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the connection closes"  # no length: to the close

TRACKED = gor(
    (1, ID_A, T0, 1_000_000, POST),
    (2, ID_A, T0 + 30_000_000, 2_000_000, RESPONSE),  # its first byte 30 ms on, its last 2 ms later
    (3, ID_A, T0 + 900_000_000, 45_000_000, b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"),
    (1, ID_B, T0 + 100_000_000, 0, HEAD),
    (2, ID_B, T0 + 104_000_000, 0, HEAD_OK),
    (1, ID_C, T0 + 200_000_000, 0, OLD),
    (2, ID_C, T0 + 210_000_000, 5_000_000, OLD_OK),
    (1, ID_D, T0 + 300_000_000, 0, b"GET /no-answer HTTP/1.1\r\nHost: shop.example.com\r\n\r\n"),
)


def _import(tmp: Path, name: str, data: bytes, *args: str) -> tuple[list[Exchange], str]:
    src, out = tmp / name, tmp / f"{name}.jsonl"
    src.write_bytes(data)
    proc = replay_here("import", str(src), "--out", str(out), *args)
    assert proc.returncode == 0, proc.stderr
    assert b"carol@example.org" not in out.read_bytes()
    return list(read_exchanges(out)), proc.stderr


def test_a_file_of_requests_and_their_responses_imports(tmp_path: Path) -> None:
    """Each request answered by the original response of its id (a replayed one skipped, a request without one
    imported without one: each counted), timed from the meta lines, its body decoded and redacted."""
    (post, head, old, lone), said = _import(tmp_path, "requests.gor", TRACKED)
    assert post.id.startswith("gor-") and post.meta["source"] == "gor"
    assert not any(gid in ex.id for ex in (post, head, old, lone) for gid in (ID_A, ID_B))  # the client's IP in hex
    assert (post.request.method, post.request.url) == ("POST", "http://shop.example.com/api/signup?plan=pro")
    assert ("Content-Type", "application/json") in post.request.headers
    assert b"@example.org" not in post.request.body.to_bytes() and post.redactions
    assert post.timings.start == round(T0 / 1e9, 6) and (post.timings.ttfb, post.timings.total) == (0.03, 0.032)
    r = post.response
    assert (r.status, r.reason, r.body.to_bytes()) == (201, "Created", b'{"id": 42, "status": "created"}')
    assert not any(k.lower() == "content-encoding" for k, _ in r.headers)  # stored decoded, as HAR's are
    assert head.response.status == 200 and head.response.body is None
    assert (old.request.http_version, old.response.http_version) == ("HTTP/1.0", "HTTP/1.0")
    assert old.response.body.to_bytes() == b"until the connection closes"
    assert lone.response is None and lone.meta["answered"] is False
    assert "1 request(s) have no original response" in said and "skipped 1 replayed response(s)" in said


@pytest.mark.e2e
def test_an_imported_file_samples_and_replays_every_row_once(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    chat = b'{"model": "m", "messages": [{"role": "user", "content": "hi"}]}'
    data = gor(
        (1, ID_A, T0, 0, b"GET /v1/models HTTP/1.1\r\nHost: api.example.com\r\n\r\n"),
        (
            1,
            ID_B,
            T0 + 10,
            0,
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: "
            b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(chat), chat),
        ),
        (1, ID_C, T0 + 20, 0, HEAD),
    )
    (tmp_path / "r.gor").write_bytes(data)
    target: Target = start_target()
    assert round_trip(tmp_path, import_capture(tmp_path, tmp_path / "r.gor"), target) == 3


def test_a_gzipped_file_imports_as_the_plain_one(tmp_path: Path) -> None:
    """``--output-file requests.gor.gz``: gor gzips a name ending .gz; read through gzip, by its content."""
    plain, _ = _import(tmp_path, "requests.gor", TRACKED)
    gzipped, _ = _import(tmp_path, "requests_0.gor.gz", gzip.compress(TRACKED))

    def seen(ex: Exchange) -> tuple[object, ...]:  # not the body redacted: pseudonyms are keyed per import
        return ex.id, ex.request.url, ex.request.headers, ex.timings, ex.response, ex.meta

    assert [seen(e) for e in gzipped] == [seen(e) for e in plain]


def test_pipelined_requests_share_an_id_and_are_answered_in_order(tmp_path: Path) -> None:
    """Requests pipelined on one connection share their ack, so their id: the k-th response of an id answers
    its k-th request; two requests one payload holds are two exchanges."""
    two = b"GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
    answers = b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nb"
    data = gor(
        (1, ID_A, T0, 0, b"GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"),
        (1, ID_A, T0 + 1000, 0, b"GET /2 HTTP/1.1\r\nHost: h\r\n\r\n"),
        (2, ID_A, T0 + 5000, 0, b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1"),
        (2, ID_A, T0 + 6000, 0, b"HTTP/1.1 202 Accepted\r\nContent-Length: 1\r\n\r\n2"),
        (1, ID_B, T0 + 7000, 0, two),
        (2, ID_B, T0 + 9000, 0, answers),
    )
    got, _ = _import(tmp_path, "piped.gor", data)
    a, b = got[0].id, got[2].id
    assert [(e.id, e.request.url[-2:], e.response.status, e.response.body.to_bytes()) for e in got] == [
        (a, "/1", 200, b"1"),
        (f"{a}.2", "/2", 202, b"2"),
        (b, "/a", 200, b"a"),
        (f"{b}.1.2", "/b", 404, b"b"),
    ]


def test_the_chunks_of_a_recording_answer_across_their_cut(tmp_path: Path) -> None:
    """gor writes chunks (``--output-file %Y%m%d.gor``: ``_0``, ``_1`` ...) cut by count or size, between a
    request and its response as often as not: given together, the next chunk's response answers it."""
    (tmp_path / "r_0.gor").write_bytes(
        gor((1, ID_A, T0, 0, HEAD), (2, ID_A, T0 + 9, 0, HEAD_OK), (1, ID_B, T0 + 50, 0, HEAD))
    )
    (tmp_path / "r_1.gor.gz").write_bytes(
        gzip.compress(gor((2, ID_B, T0 + 90, 0, HEAD_OK), (1, ID_C, T0 + 99, 0, OLD)))
    )
    out = tmp_path / "c.jsonl"
    proc = replay_here("import", str(tmp_path / "r_0.gor"), str(tmp_path / "r_1.gor.gz"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    got = list(read_exchanges(out))
    assert [ex.response and ex.response.status for ex in got] == [200, 200, None]  # the second's answer: in _1
    assert "1 request(s) have no original response" in proc.stderr and "skipped" not in proc.stderr


def test_an_old_file_without_latencies_and_with_bare_newlines_imports(tmp_path: Path) -> None:
    """GoReplay 0.x wrote no latency (its docs' example), and files edited by hand (as its docs invite) may have
    lost their CRs; ``--gor-scheme https`` for traffic read behind a TLS terminator."""
    data = gor((1, "d7123dasd913jfd21312dasdhas31", 127345969, None, b"GET /x HTTP/1.1\nHost: www.w3.org\n\n"))
    (ex,), _ = _import(tmp_path, "old.gor", data, "--gor-scheme", "https")
    assert ex.request.url == "https://www.w3.org/x" and ex.timings.start == 0.127346


def test_a_body_gor_cut_and_a_file_cut_mid_payload_are_imported_as_far_as_they_go(tmp_path: Path) -> None:
    """gor's --copy-buffer-size cuts a message past it, and a gor stopped mid-write ends inside a payload: the
    body is kept as far as it goes, marked truncated at its declared size; the payloads before the cut are
    imported (refusing the file lost them all); each said."""
    cut = b"POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n" + b"x" * 600
    data = gor((1, ID_A, T0, 0, cut)) + b"1 " + ID_B.encode() + b" 17649792000 0\nGET /half"
    (ex,), said = _import(tmp_path, "cut.gor", data)
    assert ex.request.body.truncated and ex.request.body.size == 1000 and len(ex.request.body.to_bytes()) == 600
    assert "ends inside its last payload" in said and "1 bodies end before their length" in said


def test_bad_input_is_one_line_naming_the_payload_and_its_byte(tmp_path: Path) -> None:
    good = gor((1, ID_A, T0, 0, HEAD))
    for name, data, needles in (
        (
            "meta.gor",
            good + b"1 abc notatime\nGET / HTTP/1.1\r\n\r\n" + SEPARATOR,
            [f"payload 2 (byte {len(good)})", "meta line"],
        ),
        (
            "http.gor",
            good + gor((1, ID_B, T0, 0, b"HELLO THERE\r\n\r\n")),
            [f"payload 2 (byte {len(good)})", "HTTP/1.x request"],
        ),
    ):
        (tmp_path / name).write_bytes(data)
        assert_bad_input(replay_here("import", str(tmp_path / name), "--out", str(tmp_path / "o.jsonl")), *needles)
    har = tmp_path / "a.har"
    har.write_text('{"log": {"entries": []}}')
    proc = replay_here("import", str(har), "--gor-scheme", "https", "--out", str(tmp_path / "o.jsonl"))
    assert_bad_input(proc, "--gor-scheme", "drop --gor-scheme")
    assert not (tmp_path / "o.jsonl").exists()


def test_a_gor_file_whose_first_meta_line_is_wrong_is_named_with_that_line(tmp_path: Path) -> None:
    """A first meta line of a type gor never writes, a timestamp cut, a field too many: the file was "not a format
    replay imports"; its separator lines tell it is GoReplay's, and the reader names the line (H269)."""
    rest = gor((2, ID_A, T0 + 5, 9, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
    for meta in (b"4 abc 5", b"1 abc 15x", b"1 abc", b"1 abc 5 6 7", b"\xef\xbb\xbf1 abc 15x", b"1 abc -5x"):
        (tmp_path / "a.gor").write_bytes(meta + b"\n" + HEAD + SEPARATOR + rest)
        proc = replay_here("import", str(tmp_path / "a.gor"), "--out", str(tmp_path / "o.jsonl"))
        assert_bad_input(proc, "a.gor: payload 1 (byte 0): meta line '", "is not GoReplay's")
    # the monkeys' line inside a JSON document or a flow file (a body that held a .gor file) is no GoReplay file
    for head in (b'{"a": "x"}\n', b'[\n  "x"\n', b"  {\n", b"120:4:name,"):
        assert not is_gor(head + HEAD + SEPARATOR + rest)


def test_a_real_gor_file_imports_every_request(tmp_path: Path) -> None:
    """A file GoReplay wrote (tests/data/gor/NOTICE.md: 2019, 40-hex ids, no latency, requests only): its 101
    requests (99 GETs, 2 POSTs, counted in the file by their request lines) are all imported, each without a
    response, said in one warning; its cookies are redacted on the way."""
    real = Path(__file__).parents[1] / "data" / "gor" / "datadog-ecommerce-workshop.gor.gz"
    exchanges, said = _import(tmp_path, "dd.gor.gz", real.read_bytes())
    assert len(exchanges) == 101 and said.count("replay: warning:") == 1
    assert "101 request(s) have no original response in the file(s)" in said
    assert sorted(ex.request.method for ex in exchanges).count("POST") == 2
    assert all(ex.request.url.startswith("http://localhost:3000/") and ex.response is None for ex in exchanges)
    assert sum(ex.redactions.get("cookie", 0) for ex in exchanges) > 100
    assert not any("Oic3VndVOCtti1TXxZX9h4kGAdjea6O4UrtlFXkEJSWdLRSwg9rKMeX4jzsy62A5" in str(ex) for ex in exchanges)


def test_a_file_of_no_whole_payload_is_one_line(tmp_path: Path) -> None:
    """A file gor stopped inside its first payload, or one whose lines end in a CR alone (saved on a classic Mac: no
    separator line is found), holds no payload to import: its warning ('ends inside its last payload ...;
    imported the payloads before it') then 'no exchange to import' were two lines for one exit 2 (H264's battery).
    Beside a whole chunk it is the cut last chunk of a recording: the warning, and the chunk before imported."""
    whole = gor((1, ID_A, T0, 0, HEAD))
    for name, data in (("cr.gor", whole.replace(b"\r\n", b"\r").replace(b"\n", b"\r")), ("cut.gor", whole[:40])):
        (tmp_path / name).write_bytes(data)
        proc = replay_here("import", str(tmp_path / name), "--out", str(tmp_path / "o.jsonl"))
        assert_bad_input(proc, f"{name}: holds no whole payload: no separator line")
    (tmp_path / "r_0.gor").write_bytes(whole)
    proc = replay_here(
        "import", str(tmp_path / "r_0.gor"), str(tmp_path / "cut.gor"), "--out", str(tmp_path / "o.jsonl")
    )
    assert proc.returncode == 0 and "cut.gor: ends inside its last payload" in proc.stderr, proc.stderr


def test_an_exchange_refused_in_a_later_chunk_names_that_chunk_its_payload_and_byte(tmp_path: Path) -> None:
    """The chunks of a recording are read as one, by the first file's reader: what the import refused in an
    exchange of the second chunk (a Host holding a space, no plan could send it) named the first file."""
    first, second = tmp_path / "r_0.gor", tmp_path / "r_1.gor"
    first.write_bytes(gor((1, ID_A, T0, 0, HEAD), (2, ID_A, T0 + 9, 0, HEAD_OK)))
    good = gor((1, ID_B, T0 + 50, 0, HEAD))
    second.write_bytes(good + gor((1, ID_C, T0 + 99, 0, b"GET / HTTP/1.1\r\nHost: bad host\r\n\r\n")))
    with pytest.raises(ImportFormatError, match=rf"^{second}: payload 2 \(byte {len(good)}\): gor-\w+: .*space"):
        list(read_foreign([first, second]))


def test_the_ids_of_answered_requests_are_let_go_as_they_are_answered(tmp_path: Path) -> None:
    """Each id answered left an empty queue behind in the reader, ~0.7 KB an exchange for the whole file (a
    500,000-exchange file read in 475 MB, 78 MB now): what it holds stays bounded by what waits."""
    path = tmp_path / "many.gor"
    path.write_bytes(b"".join(gor((1, f"{i:024x}", T0 + i, 0, HEAD), (2, f"{i:024x}", T0 + i + 1, 0, HEAD_OK))
                              for i in range(300)))  # fmt: skip
    read = read_gor([path])
    for _ in range(299):
        next(read)
    assert not read.gi_frame.f_locals["waiting"]  # every id before the last answered, none left behind
    assert len(list(read)) == 1


def test_export_round_trips_and_gor_reads_it(tmp_path: Path) -> None:
    """``replay export --gor`` writes what ``gor --input-file`` reads (its reader, ported above): import of the
    export gives back each method, URL, field, body and timing; gzipped when named .gz, as gor does."""
    first, _ = _import(tmp_path, "requests.gor", TRACKED)
    capture = tmp_path / "requests.gor.jsonl"
    for name in ("out.gor", "out.gor.gz"):
        proc = replay_here("export", str(capture), "--gor", str(tmp_path / name))
        assert proc.returncode == 0 and proc.stdout.startswith("exported 4 exchanges"), proc.stderr
    raw = (tmp_path / "out.gor").read_bytes()
    assert gzip.decompress((tmp_path / "out.gor.gz").read_bytes()) == raw
    read = _gor_reads(raw)
    assert [m[0] for m, _ in read[:2]] == [b"1", b"2"] and read[0][0][1] == read[1][0][1] == first[0].id.encode()
    assert read[0][1].startswith(b"POST /api/signup?plan=pro HTTP/1.1\r\nHost: shop.example.com\r\n")
    again, _ = _import(tmp_path, "again.gor", raw)
    for a, b in zip(first, again, strict=True):
        assert (a.id, a.request.method, a.request.url, a.request.body) == (
            b.id,
            b.request.method,
            b.request.url,
            b.request.body,
        )
        assert [h for h in a.request.headers if h[0] != "Content-Length"] == [
            h for h in b.request.headers if h[0] != "Content-Length"
        ]
        assert (a.timings, a.response) == (b.timings, b.response)


def test_export_asks_for_one_output_and_a_plan_only_as_gor(tmp_path: Path) -> None:
    src = tmp_path / "requests.gor"
    src.write_bytes(TRACKED)
    capture = tmp_path / "c.jsonl"
    assert replay_here("import", str(src), "--out", str(capture)).returncode == 0
    assert_bad_input(replay_here("export", str(capture)), "--har FILE", "--gor FILE")
    scenario = tmp_path / "s.toml"
    scenario.write_text('[sample]\nsize = 4\nseed = 1\n[load]\nrate = 2\n[target]\nbase_url = "http://127.0.0.1:9"\n')
    plan = tmp_path / "p.plan"
    proc = replay_here("sample", str(capture), "--scenario", str(scenario), "--out", str(plan))
    assert proc.returncode == 0, proc.stderr
    assert_bad_input(replay_here("export", str(plan), "--har", str(tmp_path / "p.har")), "--gor FILE")
    proc = replay_here("export", str(plan), "--gor", str(tmp_path / "p.gor"))
    assert proc.returncode == 0 and proc.stdout.startswith("exported "), proc.stderr
    read = _gor_reads((tmp_path / "p.gor").read_bytes())
    assert {m[0] for m, _ in read} == {b"1"} and read[0][0][1] == b"row-0"
    times = [int(m[2]) for m, _ in read]
    assert times == sorted(times) and times[-1] > times[0]  # the plan's offsets, which gor replays as gaps


def _read(path: Path) -> list[tuple[object, ...]]:
    return [(ex.id, ex.request.url, ex.response and ex.response.status, ex.timings) for _, ex in read_gor([path])]


def test_a_file_is_read_as_a_stream_its_separators_across_reads(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A multi-GB ``--output-file-append`` file is read a block at a time: a separator (or a payload) across two
    blocks, a file edited on Windows (its separators' lines end CRLF), a gzip and a zstd read in blocks all give
    what one read of the whole file does (zstd: every other import format takes it)."""
    plain, crlf, gz, zst = (tmp_path / n for n in ("a.gor", "crlf.gor", "a.gor.gz", "a.gor.zst"))
    plain.write_bytes(TRACKED)
    crlf.write_bytes(TRACKED.replace(SEPARATOR, b"\r" + SEPARATOR[:-1] + b"\r\n"))
    gz.write_bytes(gzip.compress(TRACKED[:300]) + gzip.compress(TRACKED[300:]))  # two members, as cat makes
    zst.write_bytes(zstandard.ZstdCompressor().compress(TRACKED))
    whole = _read(plain)
    assert len(whole) == 4
    monkeypatch.setattr(lines, "_READ", 7)
    monkeypatch.setattr(lines, "_ZSTD_FEED", 5)
    assert _read(plain) == _read(crlf) == _read(gz) == _read(zst) == whole


def test_held_requests_and_payloads_are_bounded_and_counted(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A request is held for its response until _HELD later ones came (then imported without one, its late
    response counted as having none); a payload past _PAYLOAD_LIMIT is kept as far as it, the rest skipped."""
    monkeypatch.setattr(gor_module, "_HELD", 2)
    monkeypatch.setattr(gor_module, "_PAYLOAD_LIMIT", 200)
    monkeypatch.setattr(lines, "_READ", 16)
    big = b"POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 900\r\n\r\n" + b"x" * 900
    src = tmp_path / "held.gor"
    src.write_bytes(
        gor(
            (1, ID_A, T0, 0, HEAD),
            (1, ID_B, T0 + 1, 0, big),
            (2, ID_B, T0 + 2, 0, HEAD_OK),
            (1, ID_C, T0 + 3, 0, OLD),
            (1, ID_D, T0 + 4, 0, HEAD),
            (2, ID_A, T0 + 5, 0, HEAD_OK),  # too late: three requests came after A's
            (2, ID_D, T0 + 6, 0, HEAD_OK),
        )
    )
    got = [ex for _, ex in read_gor([src])]
    assert [(ex.request.url[-4:], ex.response and ex.response.status) for ex in got] == [
        ("alth", None),
        ("/big", 200),
        ("gacy", None),
        ("alth", 200),
    ]
    assert got[1].request.body.truncated and got[1].request.body.size == 900
    said = capsys.readouterr().err
    assert "1 request(s) had no response before 2 later requests" in said
    assert "1 payload(s) over 0 MiB" in said and "1 response(s) whose request is not in the file(s)" in said


@pytest.mark.parametrize("packing", ["gz", "zst"])
def test_a_compressed_stream_cut_short_imports_what_came_before_the_cut(tmp_path: Path, capsys, packing: str) -> None:  # type: ignore[no-untyped-def]
    raw = gor(*((1, f"{i:024x}", T0 + i, 0, HEAD) for i in range(400)))
    # zstd's frames of 4 KB each: a cut one holds none of its content (a streaming writer's blocks are 128 KiB)
    frames = (zstandard.ZstdCompressor().compress(raw[i : i + 4096]) for i in range(0, len(raw), 4096))
    whole = gzip.compress(raw) if packing == "gz" else b"".join(frames)
    src = tmp_path / f"cut.gor.{packing}"
    src.write_bytes(whole[: len(whole) // 2])
    got = [ex for _, ex in read_gor([src])]
    assert 0 < len(got) < 400
    said = capsys.readouterr().err
    assert said.count("cut.gor." + packing + ": ends inside its last payload") == 1


def test_a_meta_line_past_the_head_and_http2_are_one_line_each(tmp_path: Path) -> None:
    assert is_gor(b"1 " + b"x" * 70_000)  # the sniffer's head ends inside it: the reader names the payload
    for name, data, needle in (
        ("meta.gor", b"1 " + b"x" * 300 + b" 5 0\n" + HEAD + SEPARATOR, "meta line '1 xxx"),
        ("h2.gor", gor((1, ID_A, T0, 0, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04")), "HTTP/2"),
        ("space.gor", gor((1, ID_A, T0, 0, b"GET / HTTP/1.1\r\nX Bad: 1\r\n\r\n")), r"header line: b'X Bad: 1'\)"),
    ):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportFormatError, match=needle):
            list(read_gor([tmp_path / name]))
