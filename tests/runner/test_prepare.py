"""Plan rows -> requests for the target; shards; the checks made before any load."""

from __future__ import annotations

from pathlib import Path

import msgpack
import numpy as np
import orjson
import pytest

from replay.config.scenario import load_scenario
from replay.errors import BadInput
from replay.runner.prepare import check_belongs, from_message, prepare, resolve_env, shard, to_message
from replay.shape.plan import load_plan
from tests.runner.conftest import write_inputs

LOAD = "[sample]\nsize = 60\nseed = 7\n[sample.perturb]\nshare = 0.5\nops = ['case']\n[load]\nrate = 100\n"
CHAT = orjson.dumps({"model": "m", "messages": [{"role": "user", "content": "Where is my parcel, please?"}]})
REQUESTS: list = [("GET", "/v1/models?limit=5"), ("POST", "/v1/chat/completions", CHAT)]
RULES = """allow_unsafe = ["POST /v1/chat/*"]
[target.headers]
set = { authorization = "Bearer ${TOKEN}" }
replace = { "x-api-key" = "k-${TOKEN}", "x-absent" = "never" }
drop = ["cookie"]
"""


@pytest.fixture
def prepared(tmp_path: Path):  # type: ignore[no-untyped-def]
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9/base/", REQUESTS, LOAD, RULES)
    return prepare(load_scenario(scenario), load_plan(plan))


def test_requests_for_the_target(prepared) -> None:  # type: ignore[no-untyped-def]
    assert prepared.base_url == "http://127.0.0.1:9/base" and len(prepared) == 60
    by_path = {r.path: r for r in prepared.requests}
    get = by_path["/base/v1/models?limit=5"]
    assert get.endpoint == "GET /v1/models" and get.body is None
    assert get.headers == [("accept", "*/*"), ("x-api-key", "k-${TOKEN}"), ("authorization", "Bearer ${TOKEN}")]
    posts = [r for r in prepared.requests if r.method == "POST"]
    assert {orjson.loads(r.body)["messages"][0]["content"] for r in posts} > {"Where is my parcel, please?"}
    # identical rows share a request: far fewer requests than rows
    assert len(prepared.requests) < 40 and prepared.columns["req"].max() == len(prepared.requests) - 1
    assert prepared.model == "open" and prepared.steps[0].rate == 100


def test_env_is_resolved_in_memory_only(prepared) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadInput, match=r"\$\{TOKEN\} is not set"):
        resolve_env(prepared, {})
    resolve_env(prepared, {"TOKEN": "tok-123"})
    assert ("authorization", "Bearer tok-123") in prepared.requests[0].headers
    assert prepared.settings.secrets == ["tok-123"]


def test_an_env_value_holding_a_line_break_is_refused_unshown(prepared) -> None:  # type: ignore[no-untyped-def]
    """A value pasted with its line end went onto the wire as two header lines (H174); a worker on another host
    resolves its own environment, so the check is here as well as before the run (check_target)."""
    with pytest.raises(BadInput, match=r"^TOKEN holds a line break or NUL.* in the runner's environment$") as e:
        resolve_env(prepared, {"TOKEN": "tok-123\n"})
    assert "tok-123" not in str(e.value)


def test_shards_cover_every_row_once_and_survive_messages(prepared) -> None:  # type: ignore[no-untyped-def]
    shards = [shard(prepared, w, 3, "run") for w in range(3)]
    rows = np.concatenate([s.columns["row"] for s in shards])
    assert sorted(rows.tolist()) == list(range(60))
    for s in shards:
        back = from_message(msgpack.unpackb(msgpack.packb(to_message(s), use_bin_type=True), raw=False))
        assert back.requests == s.requests and back.policies == s.policies
        assert all(np.array_equal(back.columns[k], v) for k, v in s.columns.items())
        full = [prepared.requests[prepared.columns["req"][r]] for r in s.columns["row"]]
        assert [s.requests[k] for k in s.columns["req"]] == full


def test_disallowed_unsafe_rows_are_refused_or_skipped(tmp_path: Path) -> None:
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9", REQUESTS, LOAD)
    with pytest.raises(BadInput, match=r"rows use unsafe methods .* POST /v1/chat/completions"):
        prepare(load_scenario(scenario), load_plan(plan))
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9", REQUESTS, LOAD, "skip_disallowed = true", "b")
    p = prepare(load_scenario(scenario), load_plan(plan))
    skipped = p.columns["skip"]
    assert skipped.any() and all(p.requests[k].method == "POST" for k in p.columns["req"][skipped])
    assert not np.isin(np.flatnonzero(skipped), shard(p, 0, 1).columns["row"]).any()


def test_plan_belongs_to_a_scenario_with_its_schedule(tmp_path: Path) -> None:
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9", REQUESTS[:1], "[load]\nrate = 5\n")
    check_belongs(load_plan(plan), load_scenario(scenario))
    edited = tmp_path / "edited.toml"  # another [target] only: still the same schedule
    edited.write_text(scenario.read_text().replace("127.0.0.1:9", "127.0.0.1:10"))
    check_belongs(load_plan(plan), load_scenario(edited))
    edited.write_text(scenario.read_text().replace("rate = 5", "rate = 6"))
    with pytest.raises(BadInput, match="does not belong"):
        check_belongs(load_plan(plan), load_scenario(edited))


def test_a_plan_of_one_rate_belongs_only_to_its_duration(tmp_path: Path) -> None:
    """'--set load.duration=10s' on a plan sampled for 60 s ran the 60 s, nothing said; steps were compared
    with their durations, a single rate was not."""
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9", REQUESTS[:1], "[load]\nrate = 5\nduration = 2\n")
    check_belongs(load_plan(plan), load_scenario(scenario))
    with pytest.raises(BadInput, match=r"different \[load\] \(5 requests/s for 2\.00 s vs 5 requests/s for 3\.00 s\)"):
        check_belongs(load_plan(plan), load_scenario(scenario, ["load.duration=3"]))


@pytest.mark.parametrize(
    "path",
    ["/v1/chat/../../admin/users/4/delete", "/v1/chat/%2e%2e/%2E%2E/admin/users/4/delete", "/v1/chat/./x/.%2e/y"],
)
def test_allow_unsafe_matches_the_path_the_target_resolves(tmp_path: Path, path: str) -> None:
    """``allow_unsafe = ["POST /v1/chat/*"]`` lets no write through to a path that resolves elsewhere."""
    requests = [("POST", "/v1/chat/completions", CHAT), ("POST", path, CHAT)]
    extra = 'allow_unsafe = ["POST /v1/chat/*"]'
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9", requests, LOAD, extra)
    with pytest.raises(BadInput, match=r"resolve elsewhere .*resolves to /"):
        prepare(load_scenario(scenario), load_plan(plan))
    scenario, plan = write_inputs(
        tmp_path, "http://127.0.0.1:9", requests, LOAD, extra + "\nskip_disallowed = true", "b"
    )
    p = prepare(load_scenario(scenario), load_plan(plan))
    sh = shard(p, 0, 1)
    sent = {sh.requests[k].path for k in sh.columns["req"]}
    assert sent == {"/v1/chat/completions"}  # the dotted write is skipped, the chat is not


def test_normalise_path() -> None:
    from replay.util.endpoints import normalise_path

    assert normalise_path("/v1/chat/../../admin/users/4/delete") == "/admin/users/4/delete"
    assert normalise_path("/v1/chat/%2e%2E/x") == "/v1/x"
    assert (
        normalise_path("/../../x") == "/x" and normalise_path("/a/b/..") == "/a/" and normalise_path("/a/./b") == "/a/b"
    )
    assert normalise_path("/v1/chat/completions") == "/v1/chat/completions" and normalise_path("") == "/"


def test_each_row_gets_its_own_request(tmp_path: Path) -> None:
    """Requests are built from the first row of each (record, perturbation, seed): every row's request
    is still the one its own row makes, in the order the rows first need them."""
    from replay.shape.plan import iter_requests

    scenario, plan_path = write_inputs(tmp_path, "http://127.0.0.1:9/base/", REQUESTS, LOAD, RULES)
    plan = load_plan(plan_path)
    prepared = prepare(load_scenario(scenario), plan)
    req = prepared.columns["req"].tolist()
    for pr in iter_requests(plan):
        got = prepared.requests[req[pr.row]]
        assert (got.method, got.path, got.body) == (
            pr.method,
            "/base" + pr.url.removeprefix("https://prod.example.com"),
            pr.body,
        )
    assert req[0] == 0 and all(r <= max(req[:i], default=-1) + 1 for i, r in enumerate(req))
