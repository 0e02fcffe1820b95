"""A flow file written by a real ``mitmdump -w`` imports into the capture format."""

from __future__ import annotations

import zlib
from pathlib import Path

import httpx
import pytest
from mitmproxy import http, io
from mitmproxy.test import tflow

from replay.exchange.encoded import SIZE_UNKNOWN
from replay.exchange.format import DEFAULT_BODY_CAP, Exchange
from replay.exchange.read import read_exchanges
from replay.formats import Format, read_foreign, sniff
from replay.judge.reply import parse_reply
from replay.mitm.launch import start_mitmdump
from replay.redact import default_redactor
from replay.util.procs import Children
from tests.conftest import Upstream, assert_bad_input, replay_here


@pytest.mark.e2e
def test_import_mitmdump_flows(upstream: Upstream, tmp_path: Path) -> None:
    flows = tmp_path / "dump.mitm"
    with Children() as children:
        mitm = start_mitmdump(
            children, "mitmdump", f"reverse:{upstream.url}", ("127.0.0.1", 0), options={"save_stream_file": flows}
        )
        httpx.post(f"{mitm.url}/api/x", json={"email": "carol@example.org"}, headers={"X-Api-Key": "k-123456"})
        httpx.get(f"{mitm.url}/bin")
        mitm.child.stop()
    out = tmp_path / "c.jsonl"
    proc = replay_here("import", str(flows), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert b"carol@example.org" not in raw and b"k-123456" not in raw
    post, get = read_exchanges(out)
    assert post.request.method == "POST" and post.response.status == 200 and post.meta["source"] == "mitm"
    assert get.response.body.encoding == "base64"


def test_truncated_flow_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mitm"
    bad.write_bytes(b"123:not a tnetstring")
    assert_bad_input(replay_here("import", str(bad), "--out", str(tmp_path / "o.jsonl")), "bad.mitm")


def test_bytes_that_only_start_with_a_digit_are_no_flow_file(tmp_path: Path) -> None:
    """A tnetstring is its length, a colon and, that length on, the dictionary's mark: random bytes that start with a
    digit were told "not a readable mitmproxy flow file; write one with `mitmdump -w`" (H219's battery)."""
    flows = tmp_path / "ok.mitm"
    with open(flows, "wb") as fh:
        io.FlowWriter(fh).add(tflow.tflow(resp=True))
    assert sniff(flows) is Format.FLOWS
    noise = tmp_path / "noise.mitm"
    noise.write_bytes(b"7" + bytes(range(256)) * 4)
    assert_bad_input(replay_here("import", str(noise), "--out", str(tmp_path / "o.jsonl")), "noise.mitm: binary data")
    noise.write_bytes(b"12:abcdefghijklmn")  # a length whose end holds no dictionary's mark
    assert_bad_input(replay_here("import", str(noise), "--out", str(tmp_path / "o.jsonl")), "noise.mitm: ")


@pytest.mark.parametrize("packing", ["plain", "gz", "zst"])
def test_a_flow_file_cut_inside_its_last_flow_imports_the_flows_before_it(tmp_path: Path, packing: str) -> None:
    """``mitmdump -w`` stopped mid-write (killed, a full disk) leaves its last flow cut short: the file was
    refused whole, its whole flows lost with it. They are imported, and the cut said; a flow gone bad in
    the middle, with whole flows after it, is still refused. A .mitm.zst is read as every import file is (it was
    told a flow file by its decompressed head, then read raw: "not a readable mitmproxy flow file"). 0.3 s."""
    import gzip

    import zstandard

    whole = tmp_path / "whole.mitm"
    with open(whole, "wb") as fh:
        writer = io.FlowWriter(fh)
        for i in range(6):
            flow = tflow.tflow(resp=True)
            flow.request.path = f"/v1/x{i}"
            writer.add(flow)
    data = whole.read_bytes()
    cut = tmp_path / f"cut.mitm.{packing}"
    zstd = zstandard.ZstdCompressor(write_checksum=True).compress  # in frames: a streaming writer's blocks
    packed = {"gz": gzip.compress(data), "zst": b"".join(zstd(data[i : i + 512]) for i in range(0, len(data), 512))}
    cut.write_bytes(packed[packing][:-40] if packing in packed else data[: len(data) * 3 // 4])
    done = replay_here("import", str(cut), "--out", str(tmp_path / "c.jsonl"))
    assert done.returncode == 0, done.stderr
    n = len(list(read_exchanges(tmp_path / "c.jsonl")))
    assert 0 < n < 6 and done.stdout.startswith(f"imported {n} exchanges")
    assert (
        done.stderr == f"replay: warning: {cut}: its last flow is cut short (mitmdump stopped mid-write?); "
        f"imported the {n} before it\n"
    )
    middle = tmp_path / "middle.mitm"
    middle.write_bytes(data[:100] + bytes(b ^ 0x55 for b in data[100:160]) + data[160:])
    assert_bad_input(replay_here("import", str(middle), "--out", str(tmp_path / "m.jsonl")), "not a readable")
    assert not (tmp_path / "m.jsonl").exists()


def test_what_is_not_imported_is_counted(tmp_path: Path) -> None:
    """A real flow file of three WebSocket connections (tests/data/mitm/NOTICE.md, imported gzipped as it is
    kept), and mitmproxy's HAR export of them: their upgrades are imported and their messages counted as left
    out; TCP and DNS flows, written by mitmproxy's own writer, are counted as skipped. Nothing is dropped
    without a word."""
    data = Path(__file__).parents[1] / "data"
    ws, har = data / "mitm" / "websocket.mitm.gz", data / "har" / "websocket.har.gz"
    mixed = tmp_path / "mixed.mitm"
    with open(mixed, "wb") as fh:
        writer = io.FlowWriter(fh)
        for flow in (tflow.tflow(resp=True), tflow.ttcpflow(), tflow.tdnsflow(), tflow.ttcpflow()):
            writer.add(flow)
    done = replay_here("import", str(ws), str(mixed), str(har), "--out", str(tmp_path / "c.jsonl"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 7 exchanges")
    warnings = done.stderr.splitlines()
    assert warnings == [
        f"replay: warning: {ws}: imported 3 WebSocket upgrade(s) without their 5 messages; replay replays HTTP",
        f"replay: warning: {mixed}: skipped 3 flow(s) that are not HTTP (1 DNS, 2 TCP); replay imports HTTP",
        f"replay: warning: {har}: imported 3 WebSocket upgrade(s) without their 5 messages; replay replays HTTP",
    ]


def _imported(tmp_path: Path, flow: http.HTTPFlow) -> Exchange:
    """The exchange ``replay import`` makes of a flow file holding ``flow``."""
    path = tmp_path / "one.mitm"
    with open(path, "wb") as fh:
        io.FlowWriter(fh).add(flow)
    out = tmp_path / "c.jsonl"
    done = replay_here("import", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    [ex] = list(read_exchanges(out))
    return ex


def test_a_header_that_is_not_utf8_is_read_as_latin1(tmp_path: Path) -> None:
    """A flow whose request header holds a legacy client's Latin-1 bytes (``X-Name: Ren\\xe9e``: mitmproxy
    carries them as lone surrogates, which no JSON holds) imports as "Renée"; it failed with a traceback."""
    flow = tflow.tflow(resp=True)
    flow.request.headers[b"x-name"] = b"Ren\xe9e"
    ex = _imported(tmp_path, flow)
    assert dict(ex.request.headers)["x-name"] == "Renée"


def test_responses_streamed_through_are_imported_without_a_body_and_said(tmp_path: Path) -> None:
    """A real flow file of two event streams mitmproxy passed on without keeping them (tests/data/mitm): the
    exchanges are imported, marked, and the missing bodies counted, not read as empty answers unsaid."""
    streams = Path(__file__).parents[1] / "data" / "mitm" / "event_stream.mitm.gz"
    out = tmp_path / "c.jsonl"
    done = replay_here("import", str(streams), "--out", str(out))
    assert done.returncode == 0 and done.stdout.startswith("imported 2 exchanges"), done.stderr
    assert done.stderr.splitlines() == [
        f"replay: warning: {streams}: 2 response(s) imported without their body, which mitmproxy streamed through"
        " without keeping it (stream_large_bodies, or an event stream); capture with `replay capture` to keep streams"
    ]
    assert [ex.meta["response_body"] for ex in read_exchanges(out)] == ["not in the flow file"] * 2


OLD = Path(__file__).parents[1] / "data" / "mitm"


def test_flow_files_of_older_mitmproxy_versions_import(tmp_path: Path) -> None:
    """Real files of three flow formats mitmproxy 11 still reads (tests/data/mitm/NOTICE.md): mitmproxy 0.11's
    (format 0.11), format 10's, and format 7's with WebSockets. mitmproxy reads each pre-7 WebSocket as its
    handshake again under the same id, with its messages, or makes one up (GET http://unknown/ at 0 s) when
    the handshake is gone: those are its messages only, not exchanges (6 were imported for 3 upgrades, one at
    1970, so the capture spanned 18,662 days and every plan of it was refused as lasting millennia)."""
    files = [OLD / f"dumpfile-{v}.mitm.gz" for v in ("011", "10", "7-websocket")]
    out = tmp_path / "c.jsonl"
    done = replay_here("import", *map(str, files), "--out", str(out))
    assert done.returncode == 0 and done.stdout.startswith("imported 5 exchanges"), done.stderr
    assert done.stderr.splitlines() == [
        f"replay: warning: {files[2]}: imported 3 WebSocket upgrade(s) without their 6 messages; replay replays HTTP"
    ]
    exchanges = list(read_exchanges(out))
    assert len({ex.id for ex in exchanges}) == 5 and min(ex.timings.start for ex in exchanges) > 1.4e9
    assert [ex.response.status if ex.response else None for ex in exchanges] == [200, None, 101, 101, 101]


def test_flow_files_of_mitmproxy_0_18_and_0_19_and_a_body_that_is_not_its_gzip(tmp_path: Path) -> None:
    """More real flow files (tests/data/mitm/NOTICE.md), through import, inspect, sample and export, as the
    bad-input battery ran them: mitmproxy 0.18's and 0.19's formats, and a body that says gzip and is not
    (kept as it came, marked undecodable, then dropped as binary by the redactor, never an error)."""
    names = ("dumpfile-018.mitm.gz", "dumpfile-019.mitm.gz", "corrupted_gzip_body.mitm.gz")
    files = [str(OLD / name) for name in names]
    out = tmp_path / "c.jsonl"
    assert replay_here("import", *files, "--out", str(out)).returncode == 0
    a, b, c = read_exchanges(out)
    assert (a.request.url, a.response and a.response.status) == ("https://www.example.com/", 200)
    assert b.request.url.startswith("https://webrv.rtb-seller.com/") and b.response is None
    assert c.meta["response_undecodable"] == "gzip" and c.meta["binary_bodies"] == {"response": "dropped"}
    for args in (["inspect", str(out)], ["sample", str(out), "--rate", "2", "-o", str(tmp_path / "p.plan")]):
        assert replay_here(*args).returncode == 0, args
    assert replay_here("export", str(out), "--har", str(tmp_path / "c.har")).returncode == 0


def test_a_compression_bomb_in_a_flow_file_is_decoded_only_as_far_as_the_cap(tmp_path: Path) -> None:
    """A response of 64 MiB of zeros as 64 KiB of gzip (main decoded it whole, as mitmproxy's ``get_content``: a
    1 MiB gzip of 1 GiB took 2.2 GB of memory): decoded to the cap and a piece past it, as a capture does."""
    flow = tflow.tflow(resp=True)
    assert flow.response is not None
    flow.response.headers["content-encoding"] = "gzip"
    flow.response.raw_content = zlib.compress(b"\0" * (64 << 20), 9, wbits=31)
    ex = _imported(tmp_path, flow)
    body = ex.response.body if ex.response else None
    assert body is not None and body.truncated and body.to_bytes() == b"\0" * DEFAULT_BODY_CAP
    assert DEFAULT_BODY_CAP < body.size < 64 << 20 and ex.meta["response_size"] == SIZE_UNKNOWN


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (b"is_replay", b"is_replaz", "a flow lacks 'is_replay'"),
        (b"6:backup", b"6:backuq", "a flow holds a field of a kind mitmproxy"),
    ],
)
@pytest.mark.parametrize("which", ["first", "last"])
def test_a_flow_whose_state_is_damaged_is_refused(
    tmp_path: Path, old: bytes, new: bytes, says: str, which: str
) -> None:
    """A byte changed in a key's name in a flow read whole (H113's battery): mitmproxy's ``from_state`` let a
    KeyError or an AssertionError out, a traceback; the last flow so damaged was also warned of as cut short
    (mitmdump stopped mid-write), the flows before it imported. Refused, naming what is wrong, as any flow
    gone bad with flows after it is."""
    whole = tmp_path / "whole.mitm"
    with open(whole, "wb") as fh:
        writer = io.FlowWriter(fh)
        for _ in range(3):
            writer.add(tflow.tflow(resp=True))
    data = whole.read_bytes()
    at = data.find(old) if which == "first" else data.rfind(old)
    damaged = tmp_path / "damaged.mitm"
    damaged.write_bytes(data[:at] + new + data[at + len(old) :])
    proc = replay_here("import", str(damaged), "--out", str(tmp_path / "d.jsonl"))
    assert_bad_input(proc, f"{damaged}: not a readable mitmproxy flow file ({says}")
    assert not (tmp_path / "d.jsonl").exists()


@pytest.mark.parametrize("name", ["mitm/azure-openai.mitm.gz", "har/azure/azure-openai.har.gz"])
def test_an_azure_openai_call_imports_redacted_and_reads_as_a_chat_completion(name: str) -> None:
    """The real ``openai.AzureOpenAI`` client through ``mitmdump -w`` (and its ``hardump``) of one run (tests/data/
    mitm/NOTICE.md): the deployment's path and api-version are kept, the api-key header and the prompt's address
    are redacted, and the answer, with Azure's filter results beside it, reads as a chat completion."""
    path = Path(__file__).parents[1] / "data" / name
    (ex,) = read_foreign([path])
    default_redactor(None).redact(ex)
    assert ex.request.url.endswith("/openai/deployments/prod-gpt4o-mini/chat/completions?api-version=2024-10-21")
    key = next(v for k, v in ex.request.headers if k.lower() == "api-key")
    assert key.startswith("redacted-") and ex.redactions["header"] == 1
    assert "jane.doe@contoso.com" not in ex.request.body.text
    reply = parse_reply(ex.response.status, ex.response.headers, {"text": ex.response.body.text})
    assert (reply.answer, reply.finish_reason, reply.input_tokens, reply.output_tokens) == (
        "Open Settings, then Reset password.",
        "stop",
        21,
        8,
    )
