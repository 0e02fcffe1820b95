"""The requests of a run as data in the run directory: read back equal, nothing in them runs."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import orjson
import pytest

from replay.config.scenario import load_scenario
from replay.errors import BadInput
from replay.runner.prepare import prepare
from replay.runner.prepared import FORMAT, VERSION, load_prepared, save_prepared
from replay.runner.rundir import PREPARED
from replay.shape.plan import load_plan
from tests.runner.conftest import write_inputs
from tests.runner.test_prepare import LOAD, REQUESTS, RULES


def test_round_trip_keeps_everything_but_secrets(tmp_path: Path) -> None:
    requests = [*REQUESTS, ("POST", "/v1/chat/x", b"\xff\x00")]
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9/base/", requests, LOAD, RULES)
    prepared = prepare(load_scenario(scenario), load_plan(plan))
    prepared.settings.secrets = ["tok-123"]  # resolved in the runner process only: never written
    save_prepared(prepared, tmp_path)
    back = load_prepared(tmp_path)
    assert back.requests == prepared.requests and {r.body for r in back.requests} >= {b"\xff\x00", None}
    assert back.columns.keys() == prepared.columns.keys()
    for name, col in prepared.columns.items():
        assert back.columns[name].dtype == col.dtype and np.array_equal(back.columns[name], col)
    assert (back.vocab, back.policies, back.steps, back.model) == (
        prepared.vocab,
        prepared.policies,
        prepared.steps,
        prepared.model,
    )
    assert back.settings.secrets == [] and back.settings.keep_body == prepared.settings.keep_body
    raw = (tmp_path / PREPARED).read_bytes()
    assert b"tok-123" not in raw and b"${TOKEN}" in raw
    with zipfile.ZipFile(tmp_path / PREPARED) as zf:  # JSON and .npy members only
        assert {n.rsplit(".", 1)[1] for n in zf.namelist()} == {"json", "jsonl", "npy"}
        assert orjson.loads(zf.read("header.json"))["format"] == "replay-prepared"


def test_object_arrays_are_refused_both_ways(tmp_path: Path) -> None:
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9/", REQUESTS, LOAD, RULES)
    prepared = prepare(load_scenario(scenario), load_plan(plan))
    prepared.columns["family"] = prepared.columns["family"].astype(object)
    with pytest.raises(ValueError, match="object array"):
        save_prepared(prepared, tmp_path)
    # A file made elsewhere with an object array in it: numpy refuses to read it, in one line.
    prepared.columns["family"] = prepared.columns["family"].astype(np.uint8)
    save_prepared(prepared, tmp_path)
    with zipfile.ZipFile(tmp_path / PREPARED) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.array([{"a": 1}], dtype=object))
    members["family.npy"] = buf.getvalue()
    with zipfile.ZipFile(tmp_path / PREPARED, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(BadInput, match=r"prepared\.zip: unreadable .*the run directory is damaged"):
        load_prepared(tmp_path)


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (b"garbage", "unreadable (File is not a zip file)"),
        ("header.json", "unreadable (There is no item named 'header.json' in the archive)"),
        ("base_url", "unreadable ('base_url' is missing)"),
    ],
)
def test_damage_is_said_in_the_users_words(tmp_path: Path, damage: bytes | str, said: str) -> None:
    """A damaged prepared.zip is named by what is wrong with it, not by a Python exception's name
    ('unreadable (KeyError: ...)', '(BadZipFile: ...)')."""
    if isinstance(damage, bytes):
        (tmp_path / PREPARED).write_bytes(damage)
    else:
        with zipfile.ZipFile(tmp_path / PREPARED, "w") as zf:
            header = {"format": FORMAT, "version": VERSION, "columns": []}
            if damage != "header.json":
                zf.writestr("header.json", orjson.dumps(header))
            zf.writestr("requests.jsonl", b"")
    with pytest.raises(BadInput) as e:
        load_prepared(tmp_path)
    assert f"prepared.zip: {said}; the run directory is damaged" in str(e.value), str(e.value)
    assert not re.search(r"\b[A-Z][A-Za-z]*(Error|Exception|File)\b", str(e.value)), str(e.value)


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"no prepared\.zip"):
        load_prepared(tmp_path)
