"""Policy files: what they change, and one clear line with exit 2 when they are wrong."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Policy, PolicyError, Redactor, load_policy
from tests.conftest import assert_bad_input, replay_here


def _policy(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "policy.toml"
    p.write_text(text)
    return p


def test_policy_adds_rules_turns_off_and_keeps(tmp_path: Path) -> None:
    pol = load_policy(
        _policy(
            tmp_path,
            """
disable = ["ip"]
phone_regions = ["GB"]
binary = "hash"
[headers]
redact = ["X-Internal-User"]
keep = ["x-api-key"]
[keys]
redact = ["employee_number"]
keep = ["password"]
[[rules]]
kind = "employee_id"
regex = "EMP-[0-9]{6}"
""",
        )
    )
    r = Redactor(key=b"k", policy=pol)
    body = '{"employee_number": "A17", "password": "kept-on-purpose", "note": "EMP-123456 from 81.2.69.160"}'
    headers = [
        ("x-internal-user", "alice"),
        ("x-api-key", "sk-live-not-redacted-here"),
        ("content-type", "application/json"),
    ]
    ex = r.redact(Exchange("1", Request("POST", "http://h/", headers, Body(body, "utf8", len(body))), Timings(0)))
    doc = orjson.loads(ex.request.body.text)  # type: ignore[union-attr]
    assert doc["employee_number"].startswith("redacted-") and doc["password"] == "kept-on-purpose"
    assert "EMP-123456" not in doc["note"] and doc["note"].endswith("81.2.69.160")
    assert dict(ex.request.headers)["x-internal-user"] != "alice"
    assert dict(ex.request.headers)["x-api-key"] == "sk-live-not-redacted-here"
    assert ex.redactions == {"secret": 1, "employee_id": 1, "header": 1}


def test_every_detector_off_scans_nothing_and_changes_nothing_a_scan_would_not(tmp_path: Path) -> None:
    """With every detector off (and no rules) the finder is idle: no text is scanned, and the exchange comes
    out as a full scan with the same policy leaves it (the header rules still apply); a rule keeps it busy."""
    from replay.redact.detectors import DETECTORS

    off = f"disable = {orjson.dumps(list(DETECTORS)).decode()}\n[headers]\nredact = ['x-internal-user']\n"
    body = orjson.dumps(
        {
            "messages": [{"role": "user", "content": "I am Jane Doe, jane.doe@example.com, +44 20 7946 0958. " * 6}],
            "password": "hunter2-secret",
            "card": "4111 1111 1111 1111",
            "name": "Jane Doe",
            "note": "EMP-123456 at 81.2.69.160, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        }
    ).decode()
    headers = [("authorization", "Bearer sk-live-0000"), ("x-internal-user", "alice"), ("content-type", "json")]

    def redacted(policy: str, idle: bool | None = None) -> tuple[Exchange, bool]:
        r = Redactor(key=b"k" * 16, policy=load_policy(_policy(tmp_path, policy)))
        finder = r.engine.finder
        busy = not finder.idle
        if idle is not None:
            finder.idle = idle
        req = Request("POST", "http://h/?email=jane.doe@example.com", list(headers), Body(body, "utf8", len(body)))
        return r.redact(Exchange("1", req, Timings(0))), busy

    fast, busy = redacted(off)
    scanned, _ = redacted(off, idle=False)
    assert not busy and fast.to_json() == scanned.to_json()
    assert fast.request.body.text == body and fast.redactions == {"header": 1}  # type: ignore[union-attr]
    ruled, busy = redacted(off + '[[rules]]\nkind = "employee_id"\nregex = "EMP-[0-9]{6}"\n')
    assert busy and "EMP-123456" not in ruled.request.body.text and ruled.redactions["employee_id"] == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('disable = ["emails"]\n', "unknown detector 'emails'"),
        ('[[rules]]\nkind = "x"\nregex = "EMP-("\n', "does not compile"),
        # a repeat of a repeat backtracks for ever on 40 'a' and a '!': the capture's writer stalled on it
        ('[[rules]]\nkind = "x"\nregex = "(a+)+$"\n', "repeats a repeat (as (a+)+ does)"),
        ('[[rules]]\nkind = "x"\nregex = "(\\\\w+\\\\s?)*x"\n', "make the inner repeat possessive"),
        # slow but finite: 80 s on 3,000 word characters and a '!'
        ('[[rules]]\nkind = "x"\nregex = "\\\\w+\\\\w+$"\n', "grows faster than the text"),
        ('[headers]\nredact = "x-a"\n', "must be a list of strings"),
        ('[keys]\nsecret = ["a"]\n', "unknown key 'secret' in [keys]"),
        ('binary = "raw"\n', "binary must be 'drop', 'hash' or 'keep'"),
        ('phone_regions = ["XX"]\n', "not a region code"),
        ("disable = [\n", "not valid TOML"),
        ('[keys]\nredact = [""]\n', "keys.redact: '' names nothing"),
        ('[headers]\nkeep = ["-"]\n', "headers.keep: '-' names nothing"),
        # no header has a space or a colon in its name: the rule never applied (H131)
        ('[headers]\nredact = ["x internal:"]\n', "headers.redact: 'x internal:' is not a header name"),
        # a key is a cue of the redactor's automaton, built at start: one of 10,000 characters took 40 s
        (f'[keys]\nredact = ["{"k" * 10_000}"]\n', "keys.redact: 'kkkkkkkkkkkkkkkkkkkk'... is 10,000 characters"),
    ],
    ids=lambda v: v[:40],
)
def test_bad_policy_is_one_line_and_exit_2(tmp_path: Path, text: str, needle: str) -> None:
    policy = _policy(tmp_path, text)
    with pytest.raises(PolicyError, match=r"policy\.toml"):
        load_policy(policy)
    cap = tmp_path / "in.jsonl"
    cap.write_text("")
    for args in (["redact", str(cap), "--out", str(tmp_path / "o.jsonl")], ["scan", str(cap)]):
        assert_bad_input(replay_here(*args, "--policy", str(policy)), str(policy), needle)


def test_an_empty_policy_is_the_defaults_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A policy file with no key (blank, comments) adds nothing to the built-in redaction: it redacts as without
    --policy, and says so on stderr, once, where it ran without a word."""
    monkeypatch.setenv("REPLAY_REDACT_KEY", "ab" * 32)  # one key for both commands: their pseudonyms compare
    policy = _policy(tmp_path, "\n# keys to come\n")
    assert load_policy(policy, tell_empty=False) == Policy()
    cap = tmp_path / "in.jsonl"
    ex = Exchange(
        "a", Request("POST", "http://h/x", [], Body.from_bytes(b'{"email": "jo.doe@corp-mail.com"}')), Timings(1.0)
    )
    cap.write_bytes(ex.to_json() + b"\n")
    said = f"replay: warning: {policy}: holds no keys (empty, or only comments): the built-in redaction applies, as"
    for args in (["redact", str(cap), "--out", str(tmp_path / "o.jsonl")], ["scan", str(cap)]):
        got = replay_here(*args, "--policy", str(policy))
        assert got.returncode == (0 if args[0] == "redact" else 1), got
        assert [line for line in got.stderr.splitlines() if "holds no keys" in line] == [f"{said} without --policy"]
    assert replay_here("redact", str(cap), "--out", str(tmp_path / "d.jsonl")).returncode == 0
    assert (tmp_path / "o.jsonl").read_bytes() == (tmp_path / "d.jsonl").read_bytes()


_SHAPES = {
    "json": ("application/json", '{"password": "Hunter2Hunter2", "employee_number": "E1234567"}', ""),
    # JSON with a \\u escape in a string: parsed and walked, not read as text
    "walked json": (
        "application/json",
        '{"password": "Hunter2Hunter2", "employee_number": "E1234567", "n": "\\\\u00df"}',
        "",
    ),
    "form": ("application/x-www-form-urlencoded", "password=Hunter2Hunter2&employee_number=E1234567", ""),
    "query": ("", "", "?password=Hunter2Hunter2&employee_number=E1234567"),
    "multipart": (
        "multipart/form-data; boundary=XyZ",
        "".join(
            f'--XyZ\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in (("password", "Hunter2Hunter2"), ("employee_number", "E1234567"))
        )
        + "--XyZ--\r\n",
        "",
    ),
    "text": ("text/plain", "password: Hunter2Hunter2, employee_number: E1234567", ""),
}


@pytest.mark.parametrize("shape", list(_SHAPES))
@pytest.mark.parametrize("disabled", [["secret_keys"], [], ["secret_keys", "name", "address", "personal_ids"]])
def test_a_listed_key_is_redacted_and_a_built_in_one_follows_secret_keys_in_every_body_shape(
    tmp_path: Path, shape: str, disabled: list[str]
) -> None:
    """With secret_keys off, a key the policy lists was redacted in a walked JSON body and a multipart part
    but kept in text, a form and a query, and the built-in 'password' went the other way. One rule now: a
    listed key always, a built-in secret name only while secret_keys is on."""
    pol = _policy(tmp_path, f"disable = {orjson.dumps(disabled).decode()}\n[keys]\nredact = ['employee_number']\n")
    ctype, body, query = _SHAPES[shape]
    headers = [("content-type", ctype)] if ctype else []
    req = Request("POST", "http://h/a" + query, headers, Body(body, "utf8", len(body)) if body else None)
    ex = Redactor(key=b"k" * 16, policy=load_policy(pol)).redact(Exchange("1", req, Timings(0)))
    out = ex.request.url + (ex.request.body.text if ex.request.body else "")
    assert "E1234567" not in out, out
    assert ("Hunter2Hunter2" in out) == ("secret_keys" in disabled), out


def test_a_repeat_of_a_repeat_is_refused_and_its_safe_forms_load(tmp_path: Path) -> None:
    """The refused shape stalls re for ever; the forms the refusal names, and a repeat whose rounds start at a
    literal, load and redact at once."""
    text = '[[rules]]\nkind = "order"\nregex = "ORD-\\\\d+(-\\\\d+)*"\n[[rules]]\nkind = "run"\nregex = "x(?>a+)+!"\n'
    r = Redactor(key=b"k" * 16, policy=load_policy(_policy(tmp_path, text)))
    out, found = r.text("order ORD-12-34-56 then x" + "a" * 40 + "!")
    assert "ORD-12" not in out and found["order"] == 1 and found["run"] == 1


@pytest.mark.parametrize(
    "regex",
    [
        # slow but finite, each held the capture's writer for seconds to minutes on one long body
        r"\w+\w+$",  # cubic: 80 s on 3,000 word characters before a '!'
        r"(a|a)*x",  # exponential: 0.1 s on 20 'a', minutes on 30
        r".*.*=.*",  # cubic on a line without '='
        r"\w+@\w+",  # quadratic: 4 s on 50 KB of base64, half an hour on 1 MB
        r"key=\w+\w+$",  # the slow part after a literal
        r"[\u0400-\u04ff]+[\u0400-\u04ff]+$",  # a class none of the probe's usual characters is in
    ],
)
def test_a_rule_whose_search_time_grows_faster_than_the_text_is_refused(tmp_path: Path, regex: str) -> None:
    """Timed at load on runs of its own characters: one line naming the rule, what it took and the fix.
    Cost 0.1 s each."""
    policy = _policy(tmp_path, f"[[rules]]\nkind = 'x'\nregex = '{regex}'\n")
    with pytest.raises(PolicyError, match=r"rules\[0\].regex .* grows faster than the text.*bound its repeats"):
        load_policy(policy)


def test_rules_whose_time_grows_with_the_text_load(tmp_path: Path) -> None:
    """Rules that start at a literal or a boundary, or bound their repeats, load (a few ms each)."""
    rules = (
        r"EMP-[0-9]{6}",
        r"\b[\w.+-]{1,64}@[\w-]{1,64}\.\w{2,10}\b",
        r"(?i)secret[:=]\s*\S{8,64}",
        r"(?:foo|bar)+baz",
    )
    text = "".join(f"[[rules]]\nkind = 'r{i}'\nregex = '{rx}'\n" for i, rx in enumerate(rules))
    assert len(load_policy(_policy(tmp_path, text)).rules) == len(rules)


def test_a_rule_named_as_a_built_in_is_refused(tmp_path: Path) -> None:
    """A rule named 'email' added its finds to the built-in email count: the two could not be told apart.
    Every kind the built-ins count on the labelled corpus is refused as a rule's name. Cost 0.3 s."""
    from replay.redact.detectors import BUILT_IN_KINDS
    from tests.redact.test_wallets import ADDRESSES

    with pytest.raises(PolicyError, match=r"rules\[0\].kind 'email' is a built-in redaction's name.*'custom_email'"):
        load_policy(_policy(tmp_path, "[[rules]]\nkind = 'email'\nregex = 'x@y'\n"))
    counted: set[str] = set()
    r = Redactor(key=b"k" * 16)
    with open(Path(__file__).parents[1] / "data" / "redact" / "corpus.jsonl", "rb") as corpus:
        for line in corpus:
            counted |= set(r.findings(Exchange.from_dict(orjson.loads(line)["exchange"])))
    # ... and the kinds the corpus lacks: a wallet address (it counted as crypto_wallet, which a rule could take)
    counted |= set(r.text(f"send it to {ADDRESSES[0]}")[1])
    assert len(counted) > 20 and counted <= BUILT_IN_KINDS, counted - BUILT_IN_KINDS


@pytest.mark.parametrize("kind", ["discord_webhook", "vault_token"])
def test_a_rule_named_as_a_vendor_key_is_refused(tmp_path: Path, kind: str) -> None:
    """Every vendor key's kind is a built-in's name, not only those the labelled corpus holds: 'vault_token'
    (one of gitleaks's formats) was taken as a rule's name, its finds joining the vendor's count."""
    from replay.redact.detectors import BUILT_IN_KINDS
    from replay.redact.vendors import VENDORS

    assert {v.kind for v in VENDORS} <= BUILT_IN_KINDS
    with pytest.raises(PolicyError, match=rf"rules\[0\].kind '{kind}' is a built-in redaction's name"):
        load_policy(_policy(tmp_path, f"[[rules]]\nkind = '{kind}'\nregex = 'x[0-9]{{4}}'\n"))
