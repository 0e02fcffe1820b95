"""Conversation datasets (``replay.formats.conversations``): chat JSONL, Anthropic-style lines and ShareGPT import as
one model call per conversation, answered by its last assistant turn, sampled into families and replayed.

Real files in tests/data/conversations (NOTICE.md there says where each came from): lines of the OpenAI cookbook's
chat fine-tuning examples (toy_chat_fine_tuning.jsonl; drone_training.jsonl, with tools and tool calls) and items of
FastChat's ShareGPT sample (dummy_conversation.json, one JSON array)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats import Chats, Format, Given, conversations, read_foreign, sniff
from replay.shape.columns import FAMILIES
from replay.shape.features import read_features
from replay.shape.plan import load_plan
from tests.conftest import assert_bad_input, replay_here
from tests.formats.conftest import asked as _asked
from tests.formats.conftest import said as _said
from tests.llmworld import ModelAPI

DATA = Path(__file__).parents[1] / "data" / "conversations"
TOY = DATA / "cookbook-toy_chat_fine_tuning.jsonl"
DRONE = DATA / "cookbook-drone_training.jsonl"
SHAREGPT = DATA / "fastchat-dummy_conversation.json"
# Line 4 of the cookbook's toy_chat_fine_tuning.jsonl: a system prompt and an answer, no user turn (the cookbook's
# format check counts it as "missing user message")
NO_USER = (
    '{"messages": [{"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."}'
    ', {"role": "assistant", "content": "You\'re great!"}]}'
)


def _calls(path: Path, api: str = "openai", model: str = "gpt-4o-mini", **kw: Any) -> list[Exchange]:
    return list(read_foreign([path], Given(chats=Chats(api, model, **kw))))


def _file(tmp_path: Path, *records: object, name: str = "chats.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_each_conversation_is_one_chat_call_answered_by_its_last_assistant_turn() -> None:
    assert sniff(TOY) is Format.CONVERSATIONS
    bike, tennis, book = _calls(TOY)
    assert bike.request.url == "https://api.openai.com/v1/chat/completions" and bike.request.method == "POST"
    assert _asked(bike) == {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."},
            {"role": "user", "content": "I fell off my bike today."},
        ],
    }
    answer = _said(bike)["choices"][0]
    assert answer["message"] == {"role": "assistant", "content": "It's great that you're getting exercise outdoors!"}
    assert answer["finish_reason"] == "stop" and _said(bike)["usage"] == {}  # a dataset counts no tokens
    # the whole conversation before its last answer, in one call: 1 system + 7 turns asked
    assert len(_asked(tennis)["messages"]) == 8 and _asked(tennis)["messages"][-1]["content"].startswith("I don't")
    assert _said(tennis)["choices"][0]["message"]["content"] == "It's easy to learn!"
    # no timing in a dataset: 1 ms apart from the epoch, in the file's order, nothing to a first byte or an end
    assert [(ex.timings.start, ex.timings.ttfb, ex.timings.total) for ex in (bike, tennis, book)] == [
        (0.0, None, None),
        (0.001, None, None),
        (0.002, None, None),
    ]
    assert [ex.id for ex in (bike, tennis, book)] == ["chat-1", "chat-2", "chat-3"]
    assert bike.meta["source"] == "conversations" and bike.meta["record"] == f"{TOY.name}:1"


def test_each_turn_makes_a_call_of_every_assistant_turn_each_asking_the_conversation_so_far() -> None:
    calls = _calls(TOY, each_turn=True)
    assert [ex.id for ex in calls] == ["chat-1", "chat-2-1", "chat-2-2", "chat-2-3", "chat-2-4", "chat-3"]
    asked = [len(_asked(ex)["messages"]) for ex in calls[1:5]]
    assert asked == [2, 4, 6, 8]
    assert [_said(ex)["choices"][0]["message"]["content"] for ex in calls[1:5]] == [
        "It's ok, it happens to everyone.",
        "It will pay off next time.",
        "Golf is fun too!",
        "It's easy to learn!",
    ]


def test_tools_and_tool_calls_go_in_the_api_s_own_shape() -> None:
    takeoff, _, land = _calls(DRONE)
    asked = _asked(takeoff)
    assert len(asked["tools"]) == 16 and asked["parallel_tool_calls"] is False
    assert asked["tools"][0]["function"]["name"] == "takeoff_drone" and asked["tools"][0]["type"] == "function"
    choice = _said(takeoff)["choices"][0]
    assert choice["finish_reason"] == "tool_calls" and choice["message"]["content"] is None
    assert choice["message"]["tool_calls"] == [
        {"id": "call_id", "type": "function", "function": {"name": "takeoff_drone", "arguments": '{"altitude": 100}'}}
    ]
    # the same to Anthropic's messages API: tools with input_schema, the answer a tool_use block
    assert (
        _said(land)["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
        == '"{\\"location\\": \\"current\\"}"'
    )
    takeoff, _, land = _calls(DRONE, "anthropic", "claude-sonnet-4-5")
    asked = _asked(takeoff)
    assert takeoff.request.url == "https://api.anthropic.com/v1/messages"
    assert asked["system"].startswith("You are an intelligent AI that controls a drone")
    assert asked["tools"][0]["input_schema"]["required"] == ["altitude"] and "parallel_tool_calls" not in asked
    said = _said(takeoff)
    assert said["stop_reason"] == "tool_use"
    assert said["content"] == [
        {"type": "tool_use", "id": "call_id", "name": "takeoff_drone", "input": {"altitude": 100}}
    ]


def test_anthropic_style_lines_with_tool_blocks_read_as_the_same_turns(tmp_path: Path) -> None:
    weather = {"name": "get_weather", "description": "Weather of a city", "input_schema": {"type": "object"}}
    use = {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Lyon"}}
    line = {
        "system": [{"type": "text", "text": "You answer travellers."}],
        "tools": [weather],
        "messages": [
            {"role": "user", "content": "Umbrella in Lyon today?"},
            {"role": "assistant", "content": [{"type": "text", "text": "Let me look."}, use]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "rain, 12 C"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Yes, take one."}]},
        ],
        "max_tokens": 300,
    }
    (call,) = _calls(_file(tmp_path, line), "anthropic", "claude-haiku-4-5")
    asked = _asked(call)
    assert asked["system"] == "You answer travellers." and asked["max_tokens"] == 300
    assert asked["messages"][1]["content"] == [{"type": "text", "text": "Let me look."}, use]
    assert asked["messages"][2] == {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "rain, 12 C"}],
    }
    assert _said(call)["content"] == [{"type": "text", "text": "Yes, take one."}]
    # to OpenAI: the tool_use an assistant's tool_calls, the tool_result a tool turn
    (call,) = _calls(_file(tmp_path, line), "openai", "gpt-4.1")
    turns = _asked(call)["messages"]
    assert [m["role"] for m in turns] == ["system", "user", "assistant", "tool"]
    assert turns[2]["tool_calls"][0]["function"] == {"name": "get_weather", "arguments": '{"city":"Lyon"}'}
    assert turns[3] == {"role": "tool", "tool_call_id": "toolu_1", "content": "rain, 12 C"}


def test_sharegpt_array_imports_with_its_roles_and_a_conversation_ending_with_a_user_is_unanswered(
    tmp_path: Path,
) -> None:
    assert sniff(SHAREGPT) is Format.CONVERSATIONS
    calls = _calls(SHAREGPT, "anthropic", "claude-sonnet-4-5")
    assert len(calls) == 6 and calls[0].meta["record"] == f"{SHAREGPT.name}: item 0" and calls[0].id == "chat-0"
    assert _asked(calls[2])["messages"][0] == {"role": "user", "content": "What is up?"}
    assert _said(calls[2])["content"][0]["text"].startswith("Goodbye! If you have")
    open_ended = {"conversations": [{"from": "system", "value": "Be brief."}, {"from": "human", "value": "Hi there"}]}
    path = tmp_path / "open.json"
    path.write_bytes(orjson.dumps([open_ended]))
    proc = replay_here(
        "import", str(path), "--api", "openai", "--model", "m", "--out", str(out := tmp_path / "open.capture.jsonl")
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 of 1 calls end with a user's turn: imported as requests with no answer" in proc.stderr
    (ex,) = read_exchanges(out)
    assert ex.response is None and ex.meta["answered"] is False and len(_asked(ex)["messages"]) == 2


@pytest.mark.parametrize("option", [orjson.OPT_INDENT_2, 0], ids=["pretty-printed", "one-line"])
def test_an_array_whose_first_conversation_outgrows_the_sniffer_s_head_is_parsed_once(
    tmp_path: Path, option: int
) -> None:
    """A JSON array whose first item is longer than the head its format is told by (64 KB) is parsed whole to
    tell it, and imported from that parse: replaced after, it still reads as it was."""
    long = {"messages": [{"role": "user", "content": "x" * 70_000}, {"role": "assistant", "content": "ok"}]}
    short = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ho"}]}
    path = tmp_path / "chats.json"
    path.write_bytes(orjson.dumps([long, short], option=option))
    calls = read_foreign([path], Given(chats=Chats("openai", "gpt-4o-mini")))
    path.write_bytes(b"[]")
    assert [ex.meta["record"] for ex in calls] == ["chats.json: item 0", "chats.json: item 1"]


def test_endpoint_is_the_base_url_the_client_was_given() -> None:
    def url(api: str, endpoint: str) -> str:
        return _calls(TOY, api, "m", endpoint=endpoint)[0].request.url

    assert url("openai", "http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1/chat/completions"  # vLLM's
    assert url("openai", "https://openrouter.ai/api/v1/") == "https://openrouter.ai/api/v1/chat/completions"
    assert url("openai", "https://gw.example.com") == "https://gw.example.com/v1/chat/completions"
    assert url("openai", "https://prod.openai.azure.com") == "https://prod.openai.azure.com/openai/v1/chat/completions"
    assert url("anthropic", "https://gw.example.com") == "https://gw.example.com/v1/messages"


def test_prompts_are_redacted_on_the_way_in(tmp_path: Path) -> None:
    line = {"messages": [{"role": "user", "content": "Refund jane.doe@example.com, card 4242 4242 4242 4242"}]}
    out = tmp_path / "r.jsonl"
    proc = replay_here("import", str(_file(tmp_path, line)), "--api", "openai", "--model", "m", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert b"jane.doe@example.com" not in raw and b"4242 4242 4242 4242" not in raw


@pytest.mark.parametrize(
    ("record", "needles"),
    [
        ({"messages": []}, ["chats.jsonl:1:", "messages is empty"]),
        ({"prompt": "hi", "completion": "ho"}, ["not a format replay imports"]),  # the legacy completion format
        ({"messages": [{"role": "model", "content": "hi"}]}, ["chats.jsonl:1:", "messages[0].role 'model'"]),
        ({"messages": [{"role": "user", "content": 42}]}, ["chats.jsonl:1:", "messages[0].content is a int"]),
        ({"messages": [{"content": "hi"}]}, ["chats.jsonl:1:", "messages[0].role is missing"]),
        ({"conversations": [{"from": "observation", "value": "x"}]}, ["conversations[0].from 'observation'"]),
        (orjson.loads(NO_USER), ["chats.jsonl:1:", "no user turn before the assistant's"]),
        ({"messages": [{"role": "user", "content": "hi"}], "tools": "get_weather"}, ["tools is a str"]),
        ({"messages": None}, ["chats.jsonl:1:", "messages is null, not a list of turns"]),
        ({"messages": [{"role": 1, "content": "hi"}]}, ["chats.jsonl:1:", "messages[0].role is 1, not a role's"]),
    ],
)
def test_bad_conversations_are_named_by_file_line_and_field(tmp_path: Path, record: dict, needles: list[str]) -> None:
    with pytest.raises(ImportFormatError) as e:
        _calls(_file(tmp_path, record))
    assert all(n in str(e.value) for n in needles), str(e.value)


def test_a_line_nested_past_json_s_depth_or_utf16_without_a_bom_is_one_line(tmp_path: Path) -> None:
    """10,000 nested lists (orjson reads 1,024 deep) was "not a format replay imports"; so was UTF-16 with no BOM."""
    nested = tmp_path / "nested.jsonl"
    nested.write_text('{"messages": [{"role": "user", "content": ' + "[" * 10_000 + "]" * 10_000 + "}]}\n")
    with pytest.raises(ImportFormatError, match=r"nested.jsonl:1: not a JSON line replay reads \(depth limit"):
        sniff(nested)
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes(orjson.dumps({"messages": []}).decode().encode("utf-16-be"))
    with pytest.raises(ImportFormatError, match="UTF-16 text, not UTF-8"):
        sniff(utf16)


def test_each_turn_s_calls_of_one_conversation_are_bounded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each call asks the conversation so far, so a conversation's calls grow with its turns squared: 10,000 turns
    were 5,000 calls asking 25M turns (minutes, a capture of GBs); past _ASKED, one line says so."""
    monkeypatch.setattr(conversations, "_ASKED", 20)
    turns = [{"role": ("user", "assistant")[i % 2], "content": f"t{i}"} for i in range(10)]
    path = _file(tmp_path, {"messages": turns})
    assert len(_calls(path)) == 1
    with pytest.raises(ImportFormatError, match="--each-turn makes 5 calls of this conversation, asking 25 turns"):
        _calls(path, each_turn=True)


def test_a_bad_later_line_is_one_line_exit_2_and_nothing_is_written(tmp_path: Path) -> None:
    good = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
    path = _file(tmp_path, good, {"messages": [{"role": "function", "content": "{}"}]})
    proc = replay_here("import", str(path), "--api", "anthropic", "--model", "m", "--out", str(tmp_path / "o.jsonl"))
    assert_bad_input(proc, "chats.jsonl:2:", "messages[0].role 'function' is no role of the anthropic API")
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ([], ["names no API or model", "--api openai|anthropic --model NAME"]),
        (["--api", "openai"], ["names no model", "--model NAME"]),
        (["--model", "m"], ["--model names the model its calls ask; say where they go too: --api openai|anthropic"]),
        (["--each-turn"], ["--endpoint and --each-turn say where calls go with --api openai|anthropic; give it"]),
        (["--api", "openai", "--model", "m", "--endpoint", "ftp://x"], ["--endpoint 'ftp://x': not a base URL"]),
    ],
)
def test_what_the_import_must_be_told_is_said_in_one_line(tmp_path: Path, args: list[str], needles: list[str]) -> None:
    proc = replay_here("import", str(TOY), *args, "--out", str(tmp_path / "o.jsonl"))
    assert_bad_input(proc, *needles)


def test_api_given_for_another_format_is_one_line(tmp_path: Path) -> None:
    har = tmp_path / "s.har"
    har.write_text('{"log": {"version": "1.2", "entries": []}}', encoding="utf-8")
    proc = replay_here("import", str(har), "--api", "openai", "--model", "m", "--out", str(tmp_path / "o.jsonl"))
    assert_bad_input(proc, "--api names where a conversation dataset's prompts go", "drop --api")


def test_sampled_into_families_by_their_prompts(tmp_path: Path) -> None:
    capture = tmp_path / "toy.jsonl"
    proc = replay_here("import", str(TOY), str(SHAREGPT), "--api", "openai", "--model", "m", "--out", str(capture))
    assert proc.returncode == 0, proc.stderr
    f = read_features(capture)
    assert f.prompts == len(f) == 9
    families = [FAMILIES[c] for c in f.family]
    # the bike (6 words) is typical; the tennis match asks its 7th turn; "I lost my book today." is 5 words;
    # ShareGPT's items asked after 1, 3 or 5 turns: "Who are you?" short, the later ones multi-turn
    assert families[:3] == ["typical", "multi-turn", "short"]
    assert [int(t) for t in f.turns] == [1, 7, 1, 3, 1, 5, 3, 1, 5]
    assert families[3:] == ["multi-turn", "short", "multi-turn", "multi-turn", "short", "multi-turn"]


def test_imported_sampled_and_replayed_against_a_model_api_on_loopback(tmp_path: Path) -> None:
    """import -> sample -> run: every row of the plan reaches the model API with its dataset's prompt."""
    api = ModelAPI()
    thread = threading.Thread(target=api.serve_forever, daemon=True)
    thread.start()
    try:
        capture = tmp_path / "drone.jsonl"
        proc = replay_here("import", str(DRONE), "--api", "openai", "--model", "gpt-4o-mini", "--out", str(capture))
        assert proc.returncode == 0, proc.stderr
        scenario = tmp_path / "s.toml"
        scenario.write_text(
            f'[sample]\nsize = 3\nseed = 5\n[load]\nrate = 25\narrival = "uniform"\n[target]\nbase_url = "{api.url}"\n'
            'allow_hosts = ["127.0.0.1"]\nallow_unsafe = ["POST /v1/*"]\n',
            encoding="utf-8",
        )
        plan = tmp_path / "p.plan"
        proc = replay_here("sample", str(capture), "--scenario", str(scenario), "--out", str(plan))
        assert proc.returncode == 0, proc.stderr
        assert len(load_plan(plan)) == 3
        proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(tmp_path / "run"))
        assert proc.returncode == 0, proc.stderr
    finally:
        api.shutdown()
        api.server_close()
        thread.join(10)
    assert sorted(path for path, _ in api.seen) == ["/v1/chat/completions"] * 3
    asked = sorted(body["messages"][1]["content"] for _, body in api.seen)
    assert asked == sorted(
        [
            "Can you lift the drone to 100 feet off the ground",
            "Can you safely bring the drone down to the ground here?",
            "Let's get the drone in the air, can you make it take off",
        ]
    )
    assert all(len(body["tools"]) == 16 for _, body in api.seen)
