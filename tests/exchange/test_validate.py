"""A capture record of a later schema version is refused by every reader, naming the file, line and fix:
read as this version, the fields it added would be dropped and the ones it changed misread."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Exchange, Request, Response, Timings
from replay.exchange.validate import header_problem, record_problem, request_problem
from tests.conftest import assert_bad_input, replay_here

SCENARIO = '[sample]\nseed = 1\n[load]\nrate = 5\nduration = 1\n[target]\nbase_url = "http://127.0.0.1:9"\n'


@pytest.mark.parametrize("command", ["inspect", "sample", "export", "scan"])
@pytest.mark.parametrize(
    ("v", "said"),
    [
        (2, "written by a newer replay (schema version 2; this one reads 1)"),
        ('"1"', "schema version '1' is not a number"),
        ("true", "schema version True is not a number replay writes"),  # read as version 1 before
        (0, "schema version 0 is not a number replay writes"),
    ],
)
def test_a_record_of_another_version_is_refused(tmp_path: Path, command: str, v: object, said: str) -> None:
    line = Exchange("e0", Request("GET", "https://prod.example.com/ok", []), Timings(1000.0)).to_json()
    capture = tmp_path / "c.jsonl"
    capture.write_bytes(line + b"\n" + line.replace(b'"v":1', f'"v":{v}'.encode()) + b"\n")
    (tmp_path / "s.toml").write_text(SCENARIO)
    extra = {
        "sample": ["--scenario", str(tmp_path / "s.toml"), "--out", str(tmp_path / "p.plan")],
        "export": ["--har", str(tmp_path / "c.har")],
    }.get(command, [])
    assert_bad_input(replay_here(command, str(capture), *extra), f"{capture}:2: ", said)
    assert not (tmp_path / "p.plan").exists() and not (tmp_path / "c.har").exists()


@pytest.mark.parametrize(
    ("command", "out"), [("inspect", ""), ("scan", ""), ("export", "--har=copy.har"), ("redact", "--out=copy.jsonl")]
)
def test_skip_bad_never_skips_a_newer_record(tmp_path: Path, command: str, out: str) -> None:
    """``--skip-bad`` skips corrupt lines; a newer replay's record is none: it was dropped and counted as
    "1 corrupt line", and 'redact --skip-bad' (the fix every corrupt line's error suggests) wrote a copy without it."""
    line = Exchange("e0", Request("GET", "https://prod.example.com/ok", []), Timings(1000.0)).to_json()
    capture = tmp_path / "c.jsonl"
    capture.write_bytes(line + b"\n" + line.replace(b'"v":1', b'"v":2') + b"\n")
    proc = replay_here(command, "--skip-bad", str(capture), *([out] if out else []), cwd=tmp_path)
    assert_bad_input(proc, f"{capture}:2: written by a newer replay", "--skip-bad skips corrupt lines, not a newer")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


@pytest.mark.parametrize(
    ("method", "url", "sendable"),
    [
        ("POST", "http://127.0.0.1:8000/v1/chat/completions?user=a", True),
        ("GET", "HTTPS://api.example.com", True),
        ("GET", "wss://h/socket#f", True),
        ("GET", "/v1/models", True),
        ("GET", "//cdn.example.com/x", True),
        ("GET", "https://ex.com/é", True),
        ("GET", "http://[::1]:8000/", True),
        ("", "/v1/models", False),
        ("G T", "/v1/models", False),
        ("GET", "v1/models", False),
        ("GET", "", False),
        ("GET", "ftp://h/x", False),
        ("GET", "http:///x", False),
        ("GET", "https://", False),
        ("GET", "http://exa mple.com/x", False),
        ("GET", "/a b", False),
        ("GET", "/a\tb", False),
        ("GET", "http://h/\x7f", False),
        ("GET", "http://[::1/", False),
    ],
)
def test_request_problem_accepts_what_a_request_line_can_carry(method: str, url: str, sendable: bool) -> None:
    """The quick match and the checks that name the problem agree: None exactly for a sendable request."""
    problem = request_problem(method, url)
    assert (problem is None) == sendable, problem


def test_every_reader_reads_what_record_problem_passes(tmp_path: Path) -> None:
    """record_problem lets a record leave out headers, a body's size, an event's name, and hold keys no field
    has (as at the top level): inspect and sample read such records, scan, export and redact refused them in
    Python's words ('Timings.__init__() got an unexpected keyword argument 'dns'', "('headers')")."""
    base = '{"id": "%d", "request": {"method": "GET", "url": "http://x/"%s}, "timings": {"start": %d%s}%s}'
    lines = [
        base % (0, "", 1, "", ""),  # no headers
        base % (1, ', "headers": []', 2, ', "dns": 0.1', ""),  # a timing this replay does not know
        base % (2, ', "headers": [], "body": {"text": "hi", "encoding": "utf8", "x": 1}', 3, "", ""),
        base % (3, ', "headers": []', 4, "", ', "response": {"status": 200}'),
        base % (4, ', "headers": []', 5, "", ', "stream": {"kind": "sse", "events": [{"t": 0.1, "x": 2}]}'),
    ]
    capture = tmp_path / "c.jsonl"
    capture.write_text("\n".join(lines) + "\n")
    (tmp_path / "s.toml").write_text(SCENARIO)
    for argv in (
        ["inspect", "c.jsonl"],
        ["scan", "c.jsonl"],
        ["export", "c.jsonl", "--har", "c.har"],
        ["redact", "c.jsonl", "--out", "r.jsonl"],
        ["sample", "c.jsonl", "-s", "s.toml", "--out", "p.plan"],
    ):
        proc = replay_here(*argv, cwd=tmp_path)
        assert proc.returncode == 0 and not proc.stderr, (argv, proc.stderr)
    assert b'"size":2' in (tmp_path / "r.jsonl").read_bytes()  # a size left out: what the body holds


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        ([("x-a", "1"), (":authority", "h")], None),
        ([("x-a", "a\r\nx-b: 1")], "request header 'x-a' holds a line break or NUL in its value"),
        ([("x-a", "a\x00")], "request header 'x-a' holds a line break or NUL"),
        ([("x a", "1")], "request header 'x a' is not a header name"),
        ([(":", "1")], "request header ':' is not a header name"),
    ],
)
def test_header_problem(headers: list[tuple[str, str]], said: str | None) -> None:
    """What a request line's headers cannot carry, named by header, never showing the value."""
    problem = header_problem(headers)
    assert problem == said if said is None else problem is not None and problem.startswith(said), problem


def test_trailers_are_kept_and_checked() -> None:
    """Trailers (gRPC's grpc-status after its body) read back as written; ones that are not pairs of strings are
    named as headers are."""
    resp = Response(200, [("content-type", "application/grpc")], trailers=[("grpc-status", "14")])
    d = orjson.loads(Exchange("e0", Request("POST", "https://x/y", []), Timings(1000.0), resp).to_json())
    assert record_problem(d) is None and Exchange.from_dict(d).response.trailers == [("grpc-status", "14")]
    d["response"]["trailers"] = [["grpc-status"]]
    assert record_problem(d) == "response.trailers is not a list of [name, value] strings"
    d["request"]["trailers"] = {"x": "1"}
    assert record_problem(d) == "request.trailers is not a list of [name, value] strings"
    d["request"]["trailers"] = []
    d["request"]["http_version"] = ["HTTP/2.0"]
    assert record_problem(d) == "request.http_version is not a string"


def test_a_shape_record_s_tools_is_true_false_or_absent() -> None:
    """``tools`` came after the other shape fields: absent from older records, a flag where written ("false", a
    string, read as offering tools)."""
    shape = {"kind": "shape", "v": 1, "id": "r", "start": 1.0, "endpoint": "POST /v1/chat/completions", "model": "m"}
    shape |= {"family": "typical", "script": "latin", "chars": 9, "tokens": 3, "turns": 1, "noise": 0, "status": 200}
    shape |= {"stream": False, "ttfb": None, "total": None, "release": {}, "tools": False}
    assert record_problem(shape) is None and record_problem(shape | {"tools": True}) is None
    assert record_problem({k: v for k, v in shape.items() if k != "tools"}) is None
    assert record_problem(shape | {"tools": "false"}) == "shape record's tools is not true or false"
