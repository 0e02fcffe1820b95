"""A computer account's user name in a home directory, a shell prompt or an SSH key's comment; a system's account,
a variable and a URL's route are kept."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from tests.redact.conftest import another_key


@pytest.mark.parametrize(
    ("text", "user"),
    [
        ('  File "/home/jwhitfield/projects/app/main.py", line 3, in <module>', "jwhitfield"),
        ("cd /Users/jane.whitfield/Documents && ls", "jane.whitfield"),
        ("Error at C:\\Users\\Jane Whitfield\\AppData\\Local\\Temp\\x.log", "Jane Whitfield"),
        ("PS C:\\Users\\okafor> npm install", "okafor"),  # (a raw "\\t" would read as a tab)
        ("open file:///home/tokafor/notes.txt", "tokafor"),
        ("jwhitfield@prod-web-01:~$ sudo systemctl restart nginx", "jwhitfield"),
        ("output:\n[tokafor@db1 ~]$ df -h", "tokafor"),
        ("ssh -i ~/.ssh/key.pem jwhitfield@10.0.0.5", "jwhitfield"),
        ("rsync -avz ./site/ tokafor@web-01:/var/www", "tokafor"),
        ("ssh -p 2222 jane.doe@bastion.example.com", "jane.doe"),  # a login's user, though the host has a domain
        (
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl jwhitfield@laptop",
            "jwhitfield",
        ),
        ("Mar  3 08:12:44 web2 sshd[4411]: Accepted password for dnwosu from 10.9.8.7 port 50122 ssh2", "dnwosu"),
        ("sshd[77]: Failed password for invalid user rkhanna from 10.9.8.7 port 4022 ssh2", "rkhanna"),
        ("sshd[12]: pam_unix(sshd:session): session opened for user lfaria(uid=1001) by (uid=0)", "lfaria"),
        ("Mar  3 08:13:01 web2 sudo[4460]:   dnwosu : TTY=pts/1 ; USER=root ; COMMAND=/bin/ls", "dnwosu"),
        ('10.4.4.9 - e.lindgren [03/Mar/2025:08:14:02 +0100] "GET /reports HTTP/1.1" 200 512', "e.lindgren"),
    ],
)
def test_a_user_name_is_redacted(r: Redactor, text: str, user: str) -> None:
    out, found = r.text(text)
    assert user not in out and found["username"] == 1, out
    out, found = r.text(json.dumps({"messages": [{"role": "user", "content": f"why?\n{text}"}]}))
    assert user not in out and found["username"] == 1, out  # in JSON: escaped backslashes and line breaks


@pytest.mark.parametrize(
    "text",
    [
        "/home/runner/work/app/app/main.py",
        "/home/ubuntu/.ssh/authorized_keys",
        "C:\\Users\\Public\\Desktop",
        "cd /home/$USER/app",
        "/Users/<username>/Library",
        "GET https://api.example.com/v1/users/search?q=x",
        "root@web-01:~# uptime",
        "git clone git@github.com:acme/app.git",
        "sshpass -p $PASS ssh deploy@10.1.2.3",
        "ssh git@github.com",  # no e-mail address either
        "ssh ubuntu@ec2-3-8-1-2.eu-west-2.compute.amazonaws.com",
        "sshd[77]: Failed password for root from port scanners",
        "The team accepted password for everyone. Reject invalid user names; its session opened for users here.",
        "sudo[4460]:    root : TTY=pts/1 ; USER=root",
        '192.0.2.10 - - [03/Mar/2025:08:14:02 +0100] "GET /reports HTTP/1.1" 200 512',
        "notes for /2025/mar/ and [03/Mar/2025:08:14:02 +0100] in the log",
    ],
)
def test_what_is_nobodys_account_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {}), text


def test_an_address_after_words_that_follow_ssh_is_an_email(r: Redactor) -> None:
    out, found = r.text("I ran ssh then emailed bob.lee@corp.com")
    assert "bob.lee" not in out and "corp.com" not in out and found == {"email": 1}, out


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("   // TODO(mbaptiste): remove before launch", "mbaptiste"),  # an initial and a surname
        ("# FIXME(jane.doe): flaky on CI", "jane.doe"),
        ("/* HACK(alice) until the SDK ships */", "alice"),
    ],
)
def test_a_code_comment_s_owner(r: Redactor, text: str, login: str) -> None:
    out, found = r.text(text)
    assert login not in out and found["username"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "# TODO(JIRA-1234): fix",
        "// TODO(b/12345) x",
        "# TODO(later): x",
        "# FIXME(perf) slow",
        "# TODO(perf-team) x",
        "# TODO(qa) x",
        "# TODO(docs) x",
        "# TODO(ops): x",
        "mytodo(alice)",
    ],
)
def test_a_code_comment_s_ticket_team_or_word_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_matrix_user_s_id(r: Redactor) -> None:
    body = (
        '{"type": "m.room.member", "sender": "@ottoline.brandauer:matrix.org", "state_key": "@lazarus:example.org",'
        ' "content": {"body": "ping @alice.w:matrix.org please"}, "room_id": "!cURbafjkfsMDVwdRDQ:matrix.org",'
        ' "alias": "#general:matrix.org", "deps": "@types/node:^20", "image": "alpine@sha256:9f86d0"}'
    )
    out = r.text(body)[0]
    assert not any(v in out for v in ("ottoline", "brandauer", "lazarus", "alice.w")), out
    assert ":matrix.org" in out and ":example.org" in out, out
    for kept in ("!cURbafjkfsMDVwdRDQ:matrix.org", "#general:matrix.org", "@types/node:^20", "alpine@sha256:9f86d0"):
        assert kept in out, (kept, out)


def test_a_user_message_s_participant_name_goes_and_an_assistant_s_stays(r: Redactor) -> None:
    body = (
        '{"messages": [{"role": "user", "name": "lucinda_farrow", "content": "hi"},'
        ' {"role":"user","name":"Kwabena_Asante","content":"x"}, {"role": "assistant", "name": "helper_bot"}]}'
    )
    out = r.text(body)[0]
    assert "lucinda_farrow" not in out and "Kwabena_Asante" not in out and '"name": "helper_bot"' in out, out


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("Login failed for user 'jdoe'. Reason: Password did not match", "jdoe"),  # SQL Server's
        ('FATAL:  password authentication failed for user "app_rw"', "app_rw"),  # PostgreSQL's
        ('{"msg": "password authentication failed for user \\"app_rw\\""}', "app_rw"),  # quoted inside JSON
        ('{"msg": "Invalid login for user mkowalski"}', "mkowalski"),
        ("User 'kwame.asante' logged in from 10.0.0.1", "kwame.asante"),
        ("2024-03-01 INFO user mkowalski has successfully authenticated", "mkowalski"),
        ("username=kate_m logged in", "kate_m"),
    ],
)
def test_an_application_log_s_account(r: Redactor, text: str, login: str) -> None:
    out, found = r.text(text)
    assert login not in out and found["username"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "any invalid user input; the user logged in twice; User has logged in; the end user signed in",
        "user input authenticated; User 'admin' logged in; Invalid user oracle from 10.0.0.1",
        '{"error": "any invalid user input"}',
    ],
)
def test_a_log_line_with_no_one_s_account(r: Redactor, text: str) -> None:
    assert "username" not in r.text(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "/home/jwhitfield/app/main.py",
        "jwhitfield@prod-web-01:~$ ls",
        "Failed password for jdoe from 10.0.0.5 port 22",
        "Login failed for user 'jdoe'.",
        "C:\\Users\\jdoe\\AppData",
    ],
)
def test_an_account_s_pseudonym_is_read_as_one_under_any_key(r: Redactor, text: str) -> None:
    # replay scan passes on what replay wrote: "/home/user-2bf38b40/" was taken again under another key
    out, found = r.text(text)
    assert found["username"] == 1
    assert another_key().text(out) == (out, {}), out
