"""The one duration parser and formatter, the endpoint-pattern check every config section uses, and the one
TOML reader under every config file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from replay.config.faults import load_profiles
from replay.config.loader import Invalid, apply_overrides, check_endpoint, format_duration, loads_toml, parse_duration
from replay.config.scenario import load_scenario
from replay.errors import BadInput
from replay.redact.policy import load_policy


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "-"),
        (0.25, "250 ms"),
        (4.2, "4.20 s"),
        (125.0, "125.00 s"),  # every latency a client waits for stays in seconds
        (900.0, "15.0 min"),
        (5400.0, "1.5 h"),
        (142 * 86400.0 + 5000, "142 d"),
    ],
)
def test_format_duration(seconds: float | None, shown: str) -> None:
    assert format_duration(seconds) == shown


@pytest.mark.parametrize("seconds", [0.25, 4.2, 900.0, 5400.0])
def test_a_formatted_duration_reads_back(seconds: float) -> None:
    text = format_duration(seconds).replace(" min", "m")
    assert parse_duration(text) == pytest.approx(seconds)


def test_parse_duration_takes_every_unit_and_refuses_the_rest() -> None:
    assert parse_duration("1h30m") == 5400.0 and parse_duration("250ms") == 0.25 and parse_duration(" 2.5 ") == 2.5
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration("4x")


def test_check_endpoint() -> None:
    check_endpoint("allow_unsafe[0]", "POST /v1/*")
    check_endpoint("endpoints.* /health", "* /health")
    with pytest.raises(Invalid) as e:
        check_endpoint("endpoints./x", "/x")
    assert e.value.key == "endpoints./x" and e.value.reason.startswith("'/x' is not 'METHOD /path'")


def test_a_file_a_windows_editor_saved_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    """Notepad marks UTF-8 with a BOM; every config file (scenario, fault profiles, redaction policy) reads as
    the UTF-8 it is: tomllib refused each at line 1, column 1."""
    bom = b"\xef\xbb\xbf"
    (tmp_path / "s.toml").write_bytes(bom + b'name = "smoke"\n[load]\nrate = 2\n')
    (tmp_path / "p.toml").write_bytes(bom + b'[[profiles]]\nname = "calm"\nrules = [{ type = "reset" }]\n')
    (tmp_path / "r.toml").write_bytes(bom + b'[headers]\nkeep = ["x-request-id"]\n')
    assert load_scenario(tmp_path / "s.toml").name == "smoke"
    assert [p.name for p in load_profiles(tmp_path / "p.toml").profiles] == ["calm"]
    for name in ("p.json", "p.profile"):  # JSON by its name, or by its "{" (a profile handed down as /dev/fd/N)
        (tmp_path / name).write_bytes(bom + b'{"profiles": [{"name": "calm", "rules": [{"type": "reset"}]}]}')
        assert [p.name for p in load_profiles(tmp_path / name).profiles] == ["calm"]
    assert "x-request-id" in load_policy(tmp_path / "r.toml").keep_headers


@pytest.mark.parametrize(
    ("name", "text"),
    [("p.toml", ""), ("p.toml", "seed = 3\n"), ("p.toml", "profiles = []\n"), ("p.json", '{"profiles": []}')],
    ids=["empty", "seed-alone", "toml-empty-list", "json-empty-list"],
)
def test_a_profile_file_of_no_profiles_is_refused(tmp_path: Path, name: str, text: str) -> None:
    """A file that defines no profile started the proxy with 'none' alone, without a word: an explicit empty list
    (`profiles = []`, `{"profiles": []}`) passed where an empty file was refused."""
    (tmp_path / name).write_text(text)
    with pytest.raises(BadInput, match=rf"{name}: defines no \[\[profiles\]\]; add one, or leave --profile out"):
        load_profiles(tmp_path / name)


def test_a_set_key_is_read_as_toml_reads_a_dotted_key() -> None:
    """A gate's name holds dots, braces and "=": '--set gates."p99{step=0}"="< 5s"' was split at its first "=",
    and a quoted key kept its quotes ('unknown metric "p99"'), so no such gate could be set alone."""
    doc: dict[str, Any] = {"gates": {}, "load": {"rate": 1}}
    sets = ['gates."p99{step=0}"="< 5s"', 'gates."p99.9"="< 9s"', 'gates.p50{step=1}="< 1s"', "load.rate=2=3"]
    apply_overrides(doc, sets, "s.toml")
    assert doc["gates"] == {"p99{step=0}": "< 5s", "p99.9": "< 9s", "p50{step=1}": "< 1s"}
    assert doc["load"] == {"rate": "2=3"}  # the value keeps every "=" after the key's


def test_a_table_declared_twice_is_named_as_written() -> None:
    """tomllib names a key as a Python tuple ("Cannot declare ('client',) twice"): named as the file writes it."""
    with pytest.raises(tomllib.TOMLDecodeError, match=r"^Cannot declare \[checks\.endpoints\] twice \(at line 3"):
        loads_toml("[checks.endpoints]\nx = 1\n[checks.endpoints]\n")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (str(2**64), "integer 18446744073709551616 is past a 64-bit integer"),
        (str(-(2**63) - 1), "integer -9223372036854775809 is past a 64-bit integer"),
        ("1" + "0" * 400, "integer 1000000000000000000000000000000000000... is past"),  # load.rate: OverflowError
    ],
    ids=["2**64", "-2**63-1", "10**400"],
)
def test_an_integer_past_64_bits_is_refused_by_its_key(tmp_path: Path, value: str, said: str) -> None:
    """TOML's integers are 64-bit, tomllib's any size: 2**64 connections reached orjson (a traceback)."""
    (tmp_path / "s.toml").write_text(f"[client]\nconnections = {value}\n")
    with pytest.raises(BadInput, match=rf"s\.toml: client\.connections: {said}"):
        load_scenario(tmp_path / "s.toml")


def test_a_number_of_thousands_of_digits_is_bad_toml() -> None:
    """int()'s limit on digits came through tomllib as a ValueError's traceback."""
    with pytest.raises(tomllib.TOMLDecodeError, match="a number of over 4,300 digits"):
        loads_toml("rate = 1" + "0" * 5000)


_TARGET = '[target]\nbase_url = "http://127.0.0.1:9"\nallow_hosts = ["127.0.0.1"]\n'
_FAULTS = '[[faults]]\nname = "{proxy}"\nupstream = "http://127.0.0.1:9"\nlisten = "127.0.0.1:0"\n'
_PROFILE = '[[faults.profiles]]\nname = "{profile}"\n[[faults.profiles.rules]]\ntype = "latency"\ndelay = "1s"\n'


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        # a header value to send, or to match: RFC 9110 allows tab alone among the control characters
        ('[target.headers]\nset = { x-a = "a\\u0001b" }\n', "target.headers.set.x-a: holds the control character"),
        ('[target.headers]\nreplace = { x-a = "a\\u007f" }\n', "target.headers.replace.x-a: holds the control char"),
        ('[checks]\nfallback = [{ header = "x-f", equals = "t\\u000b" }]\n', "checks.fallback[0].equals: holds the"),
        (
            '[checks]\nsignals = [{ header = "x-s", equals = "m\\u001f", class = "miss" }]\n',
            "checks.signals[0].equals: holds the control character '\\x1f'",
        ),
        (
            _FAULTS.format(proxy="m") + _PROFILE.format(profile="p") + 'headers = { x-tenant = "a\\u000cb" }\n',
            "faults[0].profiles[0].rules[0].headers.x-tenant: holds the control character '\\x0c'",
        ),
        # a name, printed on the terminal (ESC starts an escape sequence) and in report.html
        ('name = "rel\\u001b[31mease"\n', "name: 'rel\\x1b[31mease' holds the control character '\\x1b', which a name"),
        (_FAULTS.format(proxy="m\\u0007") + _PROFILE.format(profile="p"), "faults[0].name: 'm\\x07' holds the"),
        (_FAULTS.format(proxy="m") + _PROFILE.format(profile="p\\t"), "faults[0].profiles[0].name: 'p\\t' holds the"),
        (
            _FAULTS.format(proxy="m") + _PROFILE.format(profile="p") + 'name = "r\\u009b"\n',
            "faults[0].profiles[0].rules[0].name: 'r\\x9b' holds the control character",
        ),
        # a description: its lines and tabs are its own, a CR or ESC not (H220)
        ('description = "a\\rb"\n', "description: 'a\\rb' holds the control character '\\r', which a description"),
        ('description = "x\\u001b[2J"\n', "description: 'x\\x1b[2J' holds the control character '\\x1b'"),
    ],
    ids=[
        "set",
        "replace",
        "fallback",
        "signal",
        "fault-match",
        "scenario",
        "proxy",
        "profile",
        "rule",
        "desc-cr",
        "desc-esc",
    ],
)
def test_a_control_character_in_a_header_value_or_a_name_is_refused_by_its_key(
    tmp_path: Path, toml: str, said: str
) -> None:
    """H203's battery: each was taken in silence; a header value reached the wire, a name the terminal."""
    (tmp_path / "s.toml").write_text(toml + _TARGET, encoding="utf-8")
    with pytest.raises(BadInput) as e:
        load_scenario(tmp_path / "s.toml")
    assert str(e.value).startswith(f"{tmp_path / 's.toml'}: {said}"), str(e.value)
    assert str(e.value).endswith("; remove it") and "\n" not in str(e.value)


def test_a_description_keeps_its_lines_and_tabs(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text('description = """one\r\n\ttwo"""\n' + _TARGET, encoding="utf-8")
    assert load_scenario(tmp_path / "s.toml").description == "one\n\ttwo"  # tomllib reads CRLF as LF


def test_a_long_name_is_cut_where_it_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text(f'name = "{"x" * 5000}\\u0007"\n' + _TARGET, encoding="utf-8")
    with pytest.raises(BadInput, match=r"name: 'x{60}'\.\.\. holds the control character '\\x07'") as e:
        load_scenario(tmp_path / "s.toml")
    assert len(str(e.value)) < 300


def test_a_tab_is_a_header_value_s_to_hold(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text('[target.headers]\nset = { x-a = "a\\tb" }\n' + _TARGET, encoding="utf-8")
    assert load_scenario(tmp_path / "s.toml").target.headers.set == {"x-a": "a\tb"}
