from __future__ import annotations

from pathlib import Path

import pytest

from replay.demo.config import AssistantConfig, ModelConfig, fingerprint, load_config, release_path
from replay.demo.world import start_model
from replay.errors import BadInput
from replay.util.procs import Children


def test_bundled_releases_load_and_differ() -> None:
    prod = load_config(AssistantConfig, release_path("production"))
    cand = load_config(AssistantConfig, release_path("candidate"))
    assert (prod.release, cand.release) == ("production", "candidate")
    assert fingerprint(prod) != fingerprint(cand)
    assert cand.model_timeout < prod.model_timeout and cand.jitter == 0.0
    assert cand.context_keep == "head" and prod.context_keep == "tail"


def test_the_fallback_model_is_on_the_other_provider_s_api_unless_set() -> None:
    def fallback(**knobs: str) -> str:
        return load_config(AssistantConfig, release_path("production"), overrides=knobs).fallback_api

    assert (fallback(), fallback(api="openai"), fallback(api="anthropic")) == ("anthropic", "anthropic", "openai")
    assert fallback(api="anthropic", secondary_api="anthropic") == "anthropic"  # the failing API, on purpose


def test_precedence_file_then_env_then_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.toml"
    path.write_text("ttft = 0.5\ncapacity = 4\nper_token = 0.01\n")
    monkeypatch.setenv("REPLAY_MODEL_CAPACITY", "8")
    monkeypatch.setenv("REPLAY_MODEL_PER_TOKEN", "0.02")
    cfg = load_config(ModelConfig, path, "REPLAY_MODEL_", ["per_token=0.03", 'models=["m1"]'])
    assert (cfg.ttft, cfg.capacity, cfg.per_token, cfg.models) == (0.5, 8, 0.03, ("m1",))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("ttft = 'fast'\n", "ttft must be float"),
        ("overflow = 'drop'\n", "overflow = 'drop' is not one of queue, reject"),
        ("capacity = 0\n", "capacity must be greater than 0"),
        ("ttft = [\n", "not valid TOML"),
    ],
)
def test_bad_model_config_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(BadInput) as e:
        load_config(ModelConfig, path, "REPLAY_MODEL_")
    assert needle in str(e.value) and "bad.toml" in str(e.value)


def test_bad_assistant_knobs() -> None:
    with pytest.raises(BadInput, match="not a regular expression"):
        load_config(AssistantConfig, None, "", {"refusal_patterns": ["(unclosed"]})
    with pytest.raises(BadInput, match=r"must contain \{context\}"):
        load_config(AssistantConfig, None, "", ["system_template=no slot"])
    with pytest.raises(BadInput, match="release config 'staging'"):
        release_path("staging")


def test_an_unknown_knob_is_said_with_the_closest_or_a_few_and_where_the_rest_are() -> None:
    """'replay demo --set foo=bar' listed all 33 knobs in its one line: a few now, and where to read them all; a
    near miss names the knob meant."""
    with pytest.raises(BadInput) as e:
        load_config(AssistantConfig, None, "", {"foo": 1})
    assert str(e.value) == (
        "--set: unknown key 'foo'; known keys: release, api, model, max_tokens, model_timeout, retries, backoff, "
        "backoff_max and 25 more (every one: AssistantConfig in replay/demo/config.py)"
    )
    with pytest.raises(BadInput, match=r"unknown key 'max_token'; did you mean 'max_tokens'\?$"):
        load_config(AssistantConfig, None, "", ["max_token=3"])


def test_service_with_bad_knob_exits_with_one_line() -> None:
    with Children() as children, pytest.raises(BadInput) as e:
        start_model(children, {"capacity": -1})
    assert "exited (code 2)" in str(e.value) and "capacity must be greater than 0" in str(e.value)
    assert "Traceback" not in str(e.value)
