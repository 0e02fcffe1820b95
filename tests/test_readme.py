"""The README says what the tool does: its TOML blocks are valid scenarios, profile files or policies, its YAML
parses, and every command in it parses with the real CLI and is either run by the suite or marked
``(external host)``. The ``replay faults`` example and the CI scenario run here on loopback."""

from __future__ import annotations

import ast
import http.server
import importlib.util
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import orjson
import pytest
from ruamel.yaml import YAML

from replay.cli import cli
from replay.config.faults import PARAMS, TYPES, parse_profiles
from replay.config.scenario import Arrival, load_scenario, parse_scenario
from replay.exchange.format import (
    DEFAULT_BODY_CAP,
    Body,
    Exchange,
    Request,
    Response,
    Stream,
    StreamEvent,
    Timings,
)
from replay.exchange.write import CaptureWriter
from replay.judge.classes import class_set_for
from replay.judge.gates import parse_gates
from replay.redact.detectors import BUILT_IN_KINDS, DETECTORS
from replay.redact.policy import load_policy
from replay.shape.families import FAMILIES
from replay.util.hostport import free_port
from tests.conftest import Upstream, replay_here, wait_until

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXTERNAL = "(external host)"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_COMMAND = re.compile(r"^(replay|mitmdump|curl|scripts/|\.venv/bin/python)\b")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_NAMES_ONLY = ("--azure-endpoint", "--endpoint")  # options whose URL is written into what they make, never reached
# Each subcommand the README shows, and the test file that runs it as a user would.
RUN_BY = {
    "capture": "tests/capture/test_cli.py",
    "inspect": "tests/test_inspect.py",
    "import": "tests/formats/test_har.py",
    "export": "tests/formats/test_har.py",
    "redact": "tests/redact/test_cli.py",
    "scan": "tests/redact/test_cli.py",
    "sample": "tests/shape/test_sample.py",
    "run": "tests/runner/test_run.py",
    "worker": "tests/runner/test_run.py",
    "rehearse": "tests/report/test_rehearse.py",
    "report": "tests/report/test_report.py",
    "faults": "tests/test_readme.py",
    "demo": "tests/demo/test_cli.py",
}


def blocks(*langs: str) -> list[str]:
    return [m.group(2) for m in _BLOCK.finditer(README) if m.group(1) in langs]


def command_lines(text: str) -> Iterator[tuple[str, str]]:
    """(command, trailing comment) of every command line in a shell block; ``\\`` continues a line."""
    for line in text.replace("\\\n", " ").splitlines():
        line = line.strip()
        if _COMMAND.match(line):
            command, _, comment = line.partition(" # ")
            yield command, comment


def readme_commands() -> list[tuple[str, str]]:
    return [c for text in blocks("", "sh", "shell") for c in command_lines(text)]


def _hosts(argv: list[str]) -> list[str]:
    """Hosts a command reaches: URLs, HOST:PORT after --master, and environment variables (unknown)."""
    out = []
    for i, arg in enumerate(argv):
        if i and argv[i - 1] in _NAMES_ONLY:
            continue
        if "$" in arg:
            out.append(arg)
        elif re.match(r"https?://", arg):
            out.append(urlsplit(arg).hostname or arg)
        elif i and argv[i - 1] == "--master":
            out.append(arg.rsplit(":", 1)[0])
    return [h for h in out if h not in _LOOPBACK]


def test_toml_blocks_are_valid_scenarios_profile_files_or_policies(tmp_path: Path) -> None:
    shown = blocks("toml")
    assert len(shown) >= 3
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "assist.json").write_text('{"type": "object"}')  # the file a block names
    for i, text in enumerate(shown):
        doc = tomllib.loads(text)
        if "profiles" in doc:
            parse_profiles(doc, "README.md")  # keys, types and values checked, as replay faults reads it
            continue
        if {"disable", "rules", "keys"} & set(doc):  # a redaction policy, as --policy reads it
            (tmp_path / f"policy{i}.toml").write_text(text)
            load_policy(tmp_path / f"policy{i}.toml")
            continue
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            scenario = parse_scenario(text, "README.md")
        finally:
            os.chdir(cwd)
        parse_gates(scenario.gates, "README.md", class_set_for(scenario.checks))  # as the judge reads them


def test_yaml_blocks_parse_and_the_ci_rehearsal_fits_its_scenario() -> None:
    (text,) = blocks("yaml")
    workflow = YAML(typ="safe").load(text)
    steps = workflow["jobs"]["rehearse"]["steps"]
    (step,) = [s for s in steps if "replay rehearse" in str(s.get("run", ""))]
    argv = shlex.split(step["run"])
    cli.get_command(None, "rehearse").make_context("replay rehearse", argv[2:])  # type: ignore[union-attr]
    scenario = load_scenario(ROOT / argv[2])
    target = argv[argv.index("--target") + 1]
    assert urlsplit(target).hostname in scenario.target.allow_hosts  # --target would not be refused
    assert "${STAGING_TOKEN}" in scenario.target.headers.set["authorization"] and "STAGING_TOKEN" in step["env"]


def test_every_command_parses_and_runs_in_the_suite_or_needs_an_external_host() -> None:
    commands = readme_commands()
    assert len(commands) > 20
    addon_options = set(re.findall(r'add_option\(\s*"(\w+)"', (ROOT / "replay/capture/addon.py").read_text()))
    for command, comment in commands:
        argv = [a.strip("[]") for a in shlex.split(command)]
        if argv[0] == "replay":
            sub = cli.get_command(None, argv[1])
            assert sub is not None, f"README: {command}: no such command"
            sub.make_context(f"replay {argv[1]}", argv[2:])  # unknown options and missing ones fail here
            if _hosts(argv):
                assert EXTERNAL in comment, f"README: {command}: reaches {_hosts(argv)}; mark it {EXTERNAL}"
            else:
                assert f'"{argv[1]}"' in (ROOT / RUN_BY[argv[1]]).read_text(), f"no test runs {command}"
        elif argv[0] == "mitmdump":  # the addon as a plain script: its path and --set options exist
            assert (ROOT / argv[argv.index("-s") + 1]).is_file()
            sets = [argv[i + 1].split("=", 1)[0] for i, a in enumerate(argv) if a == "--set"]
            assert set(sets) <= addon_options, command
        elif argv[0] == "curl":
            assert command in FAULT_CURLS, f"README: {command}: not run by tests/test_readme.py"
        elif argv[0].startswith("scripts/"):
            assert os.access(ROOT / argv[0], os.X_OK), command
        else:
            assert importlib.util.find_spec(argv[argv.index("-m") + 1]) is not None, command


def _table(heading: str) -> list[list[str]]:
    """The cells of the README's first table from ``heading`` on (a heading may be the table's own head row),
    its head and rule left out."""
    after = README[README.index(heading) :]
    lines = after[after.index("|") :].split("\n\n", 1)[0].splitlines()
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in lines[2:]]


def _ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _unbracketed(cell: str) -> str:
    """``cell`` without its remarks in brackets (a parameter's default, its values)."""
    while (shorter := re.sub(r"\([^()]*\)", "", cell)) != cell:
        cell = shorter
    return cell


def test_the_addon_table_lists_every_option_with_its_default() -> None:
    """Every ``--set`` option of the capture addon, each with the default it loads with (``capture_hold`` was
    missing from the table)."""
    source = ast.parse((ROOT / "replay/capture/addon.py").read_text("utf-8"))
    known = {"DEFAULT_BODY_CAP": DEFAULT_BODY_CAP}
    defaults = {
        call.args[0].value: call.args[2]
        for call in ast.walk(source)
        if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "add_option"
        if isinstance(call.args[0], ast.Constant)
    }
    table = {_ticked(name)[0]: default for name, default, _ in _table("Every option of the addon")}
    assert set(table) == set(defaults), "README's addon table and the addon's options differ"
    for name, node in defaults.items():
        value = known[node.id] if isinstance(node, ast.Name) else ast.literal_eval(node)
        if value in ("", []):
            assert table[name].startswith("("), f"{name}: {table[name]} (no default)"
        else:
            assert _ticked(table[name]) == [str(value).lower()], f"{name}: the README says {table[name]}, it is {value}"


def test_the_fault_table_names_every_type_and_its_parameters() -> None:
    """Each fault type's row names the parameters it takes, and only those (the loader refuses any other)."""
    rows = {
        _ticked(kind)[0]: set(_ticked(_unbracketed(params))) for kind, _, params in _table("| `type` | what the client")
    }
    assert list(rows) == list(TYPES)
    for kind, params in rows.items():
        named = {p.split(" = ")[0] for p in params}
        assert named == set(PARAMS[kind]), f"{kind}: the README names {sorted(named)}, it takes {PARAMS[kind]}"


def test_the_fault_rules_written_in_prose_load() -> None:
    """A rule quoted inline (the outage's window) is one the profile reader takes."""
    rules = re.findall(r"`(\{ type = [^`]+\})`", README)
    assert rules
    for rule in rules:
        parse_profiles(tomllib.loads(f"[[profiles]]\nname = 'p'\nrules = [{rule}]"), "README.md")


def test_the_arrival_table_is_the_arrivals_the_loader_takes() -> None:
    assert [_ticked(row[0])[0] for row in _table("`arrival` sets how a rate's requests are spaced")] == list(
        Arrival.__args__  # type: ignore[attr-defined]
    )


def test_the_kinds_the_redaction_tables_name_are_counted_under_those_names() -> None:
    """A kind in the table of what is found (first column, and the vendor keys' list) is a name the redaction
    counts under, and a ``policy name`` is a detector ``disable`` takes."""
    rows = _table("What is found, by the count each record's `redactions` gets:")
    kinds = {k for row in rows for k in _ticked(row[0]) if re.fullmatch(r"[a-z_]+", k)}
    (vendors,) = [row[1] for row in rows if row[0] == "vendor keys"]
    kinds |= {k for k in _ticked(vendors) if re.fullmatch(r"[a-z]+_[a-z_]+", k)}
    assert len(kinds) > 40 and kinds <= BUILT_IN_KINDS, sorted(kinds - BUILT_IN_KINDS)
    policy_names = set(re.findall(r"policy name `(\w+)`", README))
    assert policy_names and policy_names <= set(DETECTORS)
    # the counts a capture's summary and a record show (a Bearer token's was 'header:authorization', which none is)
    quoted = {k for line in re.findall(r"redactions: ([\w:, ]+)", README) for k in re.findall(r"([\w:]+) \d+", line)}
    quoted |= {k for d in re.findall(r'"redactions": \{([^}]*)\}', README) for k in re.findall(r'"([^"]+)":', d)}
    assert len(quoted) >= 2 and quoted <= BUILT_IN_KINDS, sorted(quoted - BUILT_IN_KINDS)


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    return {k for v in value for k in _keys(v)} if isinstance(value, list) else set()


def test_the_capture_format_names_a_records_keys_and_stream_kinds() -> None:
    """The record the README shows holds keys a capture line has, and its list of ``stream.kind`` is the
    format's (``eventstream``, Bedrock's, was missing)."""
    (block,) = [b for b in blocks("") if b.startswith('{"id"')]
    body = Body.from_bytes(b'{"messages": []}')
    req = Request("POST", "http://x/v1/chat?x=1", [("content-type", "application/json")], body)
    stream = Stream("sse", [StreamEvent(0.0017, "tick", 19)], 0.0017, 5)
    record = Exchange("e", req, Timings(1.0, 0.1, 1.0), Response(200, [], body), stream=stream, meta={"source": "x"})
    shown = re.sub(r'("redactions"|"meta"): \{[^}]*\}', "", block)  # their keys are counts' and notes' names
    assert set(re.findall(r'"(\w+)": ', shown)) <= _keys(orjson.loads(record.to_json()))
    fmt = README.split("## The capture format")[1].split("\n## ")[0]
    kinds = re.findall(r"`(\w+)` \(", fmt.split("`stream.kind` is")[1])
    assert kinds == list(typing.get_args(typing.get_type_hints(Stream)["kind"]))


def test_a_plan_the_readme_samples_runs_with_its_own_scenario() -> None:
    """``replay run S --plan P`` where the README sampled P: S is the scenario P was sampled with (replay run
    refuses a plan of another [load]; the README ran sample-example.toml's plan with smoke.toml)."""
    sampled, runs = {}, []
    for command, _ in readme_commands():
        argv = shlex.split(command)
        if argv[:2] == ["replay", "sample"] and "--scenario" in argv:
            sampled[argv[argv.index("--out") + 1]] = argv[argv.index("--scenario") + 1]
        elif argv[:2] == ["replay", "run"]:
            runs.append((argv[2], argv[argv.index("--plan") + 1]))
    checked = [(scenario, plan) for scenario, plan in runs if plan in sampled]
    assert checked and all(sampled[plan] == scenario for scenario, plan in checked), checked


# Defaults the README states in prose: (command, option, the README's words, the default they say).
PROSE_DEFAULTS = [
    ("capture", "body_cap", r"`--body-cap` bounds what a\s+body keeps \(default 1 MiB", 1 << 20),
    ("worker", "master_wait", r"`--master-wait` seconds \((\d+) by default\)", 60),
    ("run", "expect_workers_max_wait", r"(\d+) s at most unless --expect-workers-max-wait", 60),
    ("demo", "probe", r"probes of `--probe` \((\d+) s\)", "3s"),
    # the passthrough example gives no --listen: the address it prints is the default
    (
        "capture",
        "listen",
        r"--on-write-error passthrough\n```\n```text\nlistening on http://([\d.:]+) ",
        "127.0.0.1:8080",
    ),
]


@pytest.mark.parametrize(
    ("command", "option", "words", "default"), PROSE_DEFAULTS, ids=[o for _, o, _, _ in PROSE_DEFAULTS]
)
def test_a_default_the_readme_states_is_the_options(command: str, option: str, words: str, default: object) -> None:
    match = re.search(words, README)
    assert match, f"README no longer says {words!r}: update PROSE_DEFAULTS with it"
    (param,) = [p for p in cli.get_command(None, command).params if p.name == option]  # type: ignore[union-attr]
    assert param.default == default, f"replay {command} --{option}: {param.default}, the README says {default}"
    if match.groups():
        assert str(default).startswith(match.group(1)), f"README says {match.group(0)!r}"


def test_every_environment_variable_the_docs_name_is_read() -> None:
    """``REPLAY_*`` (and the matrix's ``MATRIX_*``) variables the README and ARCHITECTURE.md name are read by the
    code, under the name given."""
    docs = README + (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    named = set(re.findall(r"\b((?:REPLAY|MATRIX)_[A-Z_]*[A-Z])\b", docs))
    sources = [*ROOT.glob("replay/**/*.py"), *ROOT.glob("benchmarks/*.py"), *ROOT.glob("tests/**/*.py")]
    code = "".join(p.read_text("utf-8") for p in sources if p.name != "test_readme.py")
    unread = sorted(v for v in named if f'"{v}"' not in code and f"'{v}'" not in code)
    assert len(named) >= 3 and not unread, f"the docs name variables nothing reads: {unread}"


def test_the_prompt_families_listed_are_the_samplers() -> None:
    """The families a scenario's ``[sample] target`` and a gate's ``{family=...}`` may name."""
    listed = README.split("and a prompt family (")[1].split("; the rules are")[0]
    items = " ".join(listed.split()).split(", ")
    assert [item.removeprefix("and ").split()[0] for item in items] == list(FAMILIES)


# Options the docs name that belong to other tools: mitmdump's own, and --help.
_OTHER_OPTIONS = {"--mode", "--help"}
# GoReplay's own (settings.go), in the import and export of its files
_GOR_OPTIONS = {
    "--input-raw",
    "--input-raw-track-response",
    "--output-file",
    "--output-file-append",
    "--input-file",
    "--output-http",
    "--output-http-track-response",
    "--copy-buffer-size",
}


def test_every_command_and_option_the_docs_name_exists() -> None:
    """A command or an option named in prose, not only in a command line: the docs once sent readers to
    a ``replay search`` that never existed (the search is ``replay rehearse --search``)."""
    docs = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "replay").rglob("*.py"))]
    commands = set(cli.list_commands(None))  # type: ignore[arg-type]
    for doc in docs:
        for name in re.findall(r"`+replay ([a-z]+)\b", doc.read_text("utf-8")):
            assert name in commands, f"{doc.relative_to(ROOT)}: `replay {name}`: no such command"
    params = [p for c in commands for p in cli.get_command(None, c).params]  # type: ignore[union-attr]
    options = {o for p in params for o in (*p.opts, *p.secondary_opts)}
    benchmarks = "".join(p.read_text("utf-8") for p in ROOT.glob("benchmarks/*.py"))
    bench = set(re.findall(r'add_argument\("(--[a-z-]+)"', benchmarks))
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]+)", README))
    unknown = named - options - bench - _OTHER_OPTIONS - _GOR_OPTIONS
    assert not unknown, f"README names options no command (nor scripts/bench, mitmdump or gor) has: {sorted(unknown)}"


def _names(node: ast.AST) -> set[str]:
    """The names a statement defines (a function, a class, assignment targets, imports)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for tgt in targets for n in ast.walk(tgt) if isinstance(n, ast.Name)}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def _defined(path: Path) -> dict[str, ast.AST]:
    """A module's top-level names, each with its statement; a package's lazy exports (its ``__getattr__``)
    by its ``__all__``."""
    names = {name: node for node in ast.parse(path.read_text("utf-8")).body for name in _names(node)}
    if isinstance(listed := names.get("__all__"), ast.Assign) and isinstance(listed.value, ast.List):
        for e in listed.value.elts:
            if isinstance(e, ast.Constant):
                names.setdefault(e.value, listed)
    return names


def _resolves(dotted: str) -> bool:
    """Whether ``replay.x.y.Name[.attr]`` names a module and a name in it (an attribute of a class: one
    in its body), read from the source: importing every module named would import locust here."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):  # the longest prefix that is a module
        base = ROOT.joinpath(*parts[:i])
        module = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if not module.is_file():
            continue
        rest = parts[i:]
        node = _defined(module).get(rest[0]) if rest else module
        if len(rest) < 2 or not isinstance(node, ast.ClassDef):
            return node is not None
        return any(rest[1] in _names(n) for n in node.body)
    return False


def test_every_dotted_name_the_docs_give_exists() -> None:
    """``replay.pkg.module.Name`` in the docs, a docstring or a help text names something that is there (an
    addon option's help pointed at a ``replay.shape.Shape`` that had moved to ``replay.shape.columns``).
    Names in quotes are keys (flow metadata, junit class names), not references."""
    docs = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "replay").rglob("*.py"))]
    missing = [
        f"{doc.relative_to(ROOT)}: {name}"
        for doc in docs
        for name in sorted(
            set(re.findall(r"(?<![\"'\w.])(replay(?:\.[A-Za-z_]\w*)+)(?![\"'\w])", doc.read_text("utf-8")))
        )
        if not _resolves(name.removesuffix(".py"))
    ]
    assert not missing, "names that are not there:\n" + "\n".join(missing)


# ``replay faults`` as the README shows it, on loopback: its profile file, its output, every curl line.
FAULTS_SECTION = README.split("## Faults: slow and break a dependency")[1].split("\n## ")[0]
FAULT_CURLS = [c for text in blocks("") for c, _ in command_lines(text) if c.startswith("curl ")]


@pytest.mark.e2e
def test_the_faults_example_runs(tmp_path: Path, upstream: Upstream) -> None:
    profile = next(t for t in blocks("toml") if "[[profiles]]" in t and t in FAULTS_SECTION)
    (tmp_path / "faults.toml").write_text(profile)
    (command,) = [c for t in blocks("") for c, _ in command_lines(t) if c.startswith("replay faults")]
    port, control = free_port(), free_port()
    argv = shlex.split(command.replace("https://api.openai.com", upstream.url).replace("8081", str(port)))
    proc = subprocess.Popen(
        [sys.executable, "-m", *argv, "--control", f"127.0.0.1:{control}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),
    )
    try:
        assert proc.stdout is not None
        first, second, third = proc.stdout.readline(), proc.stdout.readline(), proc.stdout.readline()
        assert first == f"listening on http://127.0.0.1:{port} -> {upstream.url}; control http://127.0.0.1:{control}\n"
        assert second == "profiles: none, slow, broken; active: slow\n"
        assert third.startswith("control token: ") and third.endswith(" (send it as x-replay-control-token)\n")
        token = third.split()[2]
        outputs = []
        for curl in FAULT_CURLS:
            line = curl.replace("8081", str(port)).replace("41233", str(control)).replace("$TOKEN", token)
            done = subprocess.run(shlex.split(line, comments=True), capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, (curl, done.stderr)
            outputs.append(done.stdout)
        forced, active, switched, counters = outputs
        assert forced.startswith("HTTP/1.1 429") and "x-replay-fault: ratelimit" in forced.lower()
        assert orjson.loads(active) == {"active": "slow", "profiles": ["none", "slow", "broken"]}
        assert orjson.loads(switched)["active"] == "broken"
        assert orjson.loads(counters)["segments"][-1]["label"] == "step 2"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    summary = r"^requests \d+, forwarded \d+, errors \d+; faults injected: error 1; upstream latency p99 "
    assert re.search(summary, stdout, re.M), stdout
    assert "\nby rule: ratelimit 1 (error 429 advising retry-after 2 s, probability 0.3)\n" in stdout, stdout


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Staging's stand-in: answers every POST with JSON and keeps each request's authorization header."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[str | None]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.seen.append(self.headers.get("authorization"))
        body = orjson.dumps({"answer": "ok", "fallback": False})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.e2e
def test_the_ci_scenario_rehearses_with_the_staging_credential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """scenarios/staging.toml against a loopback stand-in for staging (its host put in allow_hosts, its
    steps shortened with --set): every request carries the token from the environment; without the
    variable the rehearsal stops before any load, naming it."""
    capture = tmp_path / "prod-sample.jsonl"
    with CaptureWriter(capture) as w:
        for i in range(6):
            body = Body.from_bytes(b'{"messages": [{"role": "user", "content": "hello"}], "user_id": "u"}')
            req = Request("POST", "https://prod.example.com/api/assist", [("authorization", "Bearer [REDACTED]")], body)
            answer = Response(200, [], Body.from_bytes(b'{"answer": "ok"}'))
            w.write(Exchange(f"e{i}", req, Timings(1000.0 + i), answer))
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    sets = ['target.allow_hosts=["127.0.0.1"]', "load.steps.0.duration=1s", "load.steps.1.duration=1s"]
    args = ["rehearse", str(ROOT / "scenarios/staging.toml"), "--capture", str(capture), "--target", url]
    args += [a for s in sets for a in ("--set", s)] + ["--out", str(tmp_path / "ci"), "-q"]
    try:  # in this process (what it says and sends is checked); the runner inherits the environment
        monkeypatch.delenv("STAGING_TOKEN", raising=False)
        missing = replay_here(*args)
        assert missing.returncode == 2 and "STAGING_TOKEN" in missing.stderr and not _Recorder.seen
        monkeypatch.setenv("STAGING_TOKEN", "tok-123")
        done = replay_here(*args)
        assert done.returncode in (0, 1), done.stderr
        wait_until(lambda: _Recorder.seen, 5, "requests at the stand-in")
    finally:
        server.shutdown()
        server.server_close()
    assert set(_Recorder.seen) == {"Bearer tok-123"}
    assert (tmp_path / "ci" / "junit.xml").exists()
