from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import orjson
import pytest
from rich.console import Console

from replay.config.scenario import parse_scenario
from replay.errors import BadInput
from replay.exchange.sources import capture_digest, digest_matches, sha256_of
from replay.shape.plan import (
    COLUMNS,
    Plan,
    is_plan,
    iter_requests,
    load_plan,
    render_summary,
    shard,
    summarize,
    write_plan,
)
from replay.shape.sample import make_plan
from replay.testing.synth import write_capture

STEPS = "[[load.steps]]\nrate = 100\nduration = 10\n[[load.steps]]\nrate = 200\nduration = 5\n"


@pytest.fixture(scope="module")
def plan(capture: Path) -> Plan:
    toml = f"[sample]\nseed = 2\nsession_key = 'header:x-session-id'\nsynthesize = true\n{STEPS}"
    return make_plan(capture, parse_scenario(toml + "[sample.perturb]\nshare = 0.1\n", "p.toml"))


def test_round_trip_and_npz_layout(tmp_path: Path, plan: Plan) -> None:
    path = tmp_path / "a.plan"
    size = write_plan(path, plan)
    assert size == path.stat().st_size and is_plan(path)
    back = load_plan(path)
    assert back.header == plan.header
    for name, dtype in COLUMNS.items():
        assert back[name].dtype == dtype and np.array_equal(back[name], plan[name], equal_nan=True), name
    with np.load(path) as npz:  # plain numpy reads it too
        assert np.array_equal(npz["record"], plan["record"])
        assert orjson.loads(npz["header.json"])["rows"] == len(plan)
    with zipfile.ZipFile(path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
    write_plan(tmp_path / "b.plan", back)
    assert (tmp_path / "b.plan").read_bytes() == path.read_bytes()


def test_not_a_plan(tmp_path: Path, capture: Path) -> None:
    assert not is_plan(capture)
    with pytest.raises(BadInput, match="not a replay plan"):
        load_plan(capture)
    with pytest.raises(BadInput, match="no such plan file"):
        load_plan(tmp_path / "none.plan")
    other = tmp_path / "other.npz"
    np.savez(other, x=np.arange(3))
    assert not is_plan(other)


def test_shards_cover_every_row_once_and_keep_sessions(plan: Plan) -> None:
    parts = [shard(plan, w, 3) for w in range(3)]
    rows = np.concatenate([p["record"] for p in parts])
    assert sorted(rows.tolist()) == sorted(plan["record"].tolist())
    assert sum(len(p) for p in parts) == len(plan)
    owner = {}
    for w, p in enumerate(parts):
        for s in np.unique(p["session"][p["session"] >= 0]).tolist():
            assert owner.setdefault(s, w) == w
        for t in (0, 1):  # each worker gets a share of every step
            assert (p["step"] == t).sum() > 0.2 * (plan["step"] == t).sum()
        assert np.all(np.diff(p["offset"]) >= 0)
    with pytest.raises(ValueError):
        shard(plan, 3, 3)


def test_summary_and_render(plan: Plan) -> None:
    s = summarize(plan)
    assert s.rows == len(plan) == 2000 and s.mode == "steps"
    assert [(st["rows"], st["planned_rate"]) for st in s.steps] == [(1000, 100.0), (1000, 200.0)]
    assert sum(c for _, c, _ in s.families) == 2000 and s.tv_distance is not None
    assert dict(s.origins).keys() <= {"sampled", "replacement", "synthesized", "perturbed"}
    console = Console(record=True, width=140)
    render_summary(s, console)
    text = console.export_text()
    for needle in ("2,000 rows", "Steps", "planned rate", "Target vs achieved", "Families", "typical"):
        assert needle in text


def test_requests_from_a_plan(plan: Plan, capture: Path) -> None:
    reqs = list(iter_requests(plan))
    assert len(reqs) == len(plan)
    assert [r.offset for r in reqs[:3]] == plan["offset"][:3].tolist()
    for r in reqs:
        assert r.method in ("GET", "POST") and r.url.startswith("http://api.example.test/")
        if r.body is not None:
            orjson.loads(r.body)  # still valid JSON after perturbation
    assert any(r.perturbation != "none" for r in reqs)


def test_a_body_key_it_does_not_know_is_read_as_every_reader_reads_it(tmp_path: Path) -> None:
    """A body holding a key of another name (a byte changed: "truncatef"), which every capture reader leaves out:
    the rows' requests built the body with ``Body(**body)``, and rehearse ended in a TypeError's traceback after
    the sampling (H113's battery)."""
    capture = tmp_path / "cap.jsonl"
    write_capture(capture, 20, seed=1)
    lines = capture.read_bytes().splitlines(keepends=True)
    posts = [i for i, line in enumerate(lines) if b'"body":{' in line.split(b'"response"')[0]]
    lines[posts[0]] = lines[posts[0]].replace(b'"encoding":', b'"truncatef":false,"encoding":', 1)
    capture.write_bytes(b"".join(lines))
    plan = make_plan(capture, parse_scenario("[sample]\nseed = 1\nsize = 20\n", "p.toml"))
    bodies = {r.record: r.body for r in iter_requests(plan)}
    assert bodies[posts[0]] and orjson.loads(bodies[posts[0]])


def test_requests_need_the_same_capture(tmp_path: Path, plan: Plan) -> None:
    other = tmp_path / "other.jsonl"
    write_capture(other, 10, seed=1)
    with pytest.raises(BadInput, match="has 10 records, the plan was drawn from 6000"):
        next(iter(iter_requests(plan, other)))


def test_columns_are_stored_uncompressed(tmp_path: Path, plan: Plan) -> None:
    n = 200_000
    cols = {name: np.zeros(n, dtype=dtype) for name, dtype in COLUMNS.items()}
    p = Plan(replace(plan.header, rows=n), cols)
    write_plan(tmp_path / "big.plan", p)
    buf = io.BytesIO((tmp_path / "big.plan").read_bytes())
    with zipfile.ZipFile(buf) as zf:
        assert zf.getinfo("record.npy").file_size == n * 8 + 128


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda h: h | {"version": 3}, r"plan version 3 is newer than the versions this replay reads \(1..2\)"),
        (lambda h: h | {"version": 0}, r"plan version 0 is not one of the versions this replay reads \(1..2\)"),
        (lambda h: h | {"version": -1}, r"plan version -1 is not one of the versions"),
        (lambda h: h | {"version": True}, r"plan version True is not one of the versions"),
        (lambda h: {k: v for k, v in h.items() if k != "version"}, r"plan version None is not one of the versions"),
        (lambda h: h | {"capture": h["capture"] | {"digest": "md5:ab"}}, "capture.digest: unknown algorithm 'md5'"),
        (lambda h: {k: v for k, v in h.items() if k != "vocab"}, "header.vocab: missing"),
        (lambda h: h | {"rows": "many"}, "header.rows: expected int"),
        (lambda h: h | {"load": h["load"] | {"model": "half-open"}},
         r"load.model: 'half-open' is not one of open, closed"),
        (lambda h: h | {"load": h["load"] | {"mode": "ramp"}}, r"load.mode: 'ramp' is not one of captured, rate"),
        (lambda h: h | {"load": h["load"] | {"steps": [h["load"]["steps"][0] | {"duration": -30.0}]}},
         r"load.steps\[0\].duration: -30.0 s; a step's time is 0 or more seconds"),
    ],
)  # fmt: skip
def test_a_header_it_cannot_read_is_refused_in_one_line(tmp_path: Path, plan: Plan, change, needle: str) -> None:
    good, bad = tmp_path / "good.plan", tmp_path / "bad.plan"
    write_plan(good, plan)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "header.json":
                data = orjson.dumps(change(orjson.loads(data)))
            dst.writestr(info.filename, data)
    with pytest.raises(BadInput, match=needle) as e:
        load_plan(bad)
    assert str(e.value).startswith(str(bad)) and "\n" not in str(e.value)


def test_a_version_1_plan_still_loads_and_its_sha256_is_checked(tmp_path: Path, plan: Plan, capture: Path) -> None:
    """Plans of version 1 kept the capture's bare sha256 (version 2: "xxh3_128:HEX"): read as "sha256:HEX",
    and the runner's check of the capture (``digest_matches``) hashes it with sha256."""
    good, old = tmp_path / "good.plan", tmp_path / "old.plan"
    write_plan(good, plan)
    assert plan.header.capture.digest == capture_digest(capture) and capture_digest(capture).startswith("xxh3_128:")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(old, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "header.json":
                h = orjson.loads(data)
                h["capture"] = {"path": h["capture"]["path"], "sha256": sha256_of(capture), "records": 6000}
                data = orjson.dumps(h | {"version": 1})
            dst.writestr(info.filename, data)
    digest = load_plan(old).header.capture.digest
    assert digest == f"sha256:{sha256_of(capture)}" and digest_matches(capture, digest)
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes(capture.read_bytes() + b"\n")
    assert not digest_matches(changed, digest) and not digest_matches(changed, plan.header.capture.digest)
