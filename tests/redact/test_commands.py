"""Passwords behind a command line's short options, and the options and values that are none."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("mysql -u root -p'Zx9!longpass' -h 10.0.0.5", "Zx9!longpass"),
        ("mysqldump -uroot -pRootPa55 db > d.sql", "RootPa55"),
        ("curl -u admin:Adm1nP@ss https://jenkins.example.com/api/json", "Adm1nP@ss"),
        ("curl --user 'admin:Adm1nP@ss' https://x", "Adm1nP@ss"),
        ("sshpass -p 'hunter2hunter2' ssh deploy@10.1.2.3", "hunter2hunter2"),
        ("redis-cli -h cache -a R3d!sPassw0rd", "R3d!sPassw0rd"),
        ("docker login -u deploy -p Dk3rPass99 registry.example.io", "Dk3rPass99"),
        ("mongosh -u admin -p Mong0Pass --authenticationDatabase admin", "Mong0Pass"),
        ("sqlcmd -S db -U sa -P 'SqlPa55word!'", "SqlPa55word!"),
        ("ldapsearch -x -D cn=admin -w LdapPa55 -b dc=example", "LdapPa55"),
        ("smbclient //fs/share -U alice%SmbPa55word", "SmbPa55word"),
        ("http -a admin:HttpiePa55 GET https://x", "HttpiePa55"),
        ("$ zip -P Z1pPa55 -r out.zip dir", "Z1pPa55"),
        ("7z x backup.7z -pS3venZip", "S3venZip"),
    ],
)
def test_a_password_behind_a_short_option_is_redacted(r: Redactor, line: str, secret: str) -> None:
    out, found = r.text(f"Why does this fail?\n{line}\nIt says access denied.")
    assert secret not in out and found["password"] == 1, out
    body = json.dumps({"messages": [{"role": "user", "content": f"run: {line}; then tell me"}]})
    out, found = r.text(body)  # in JSON: the double quotes escaped, the line ended by ";"
    assert secret not in out and found["password"] == 1, out


@pytest.mark.parametrize(
    "line",
    [
        "mysql -u root -p shop",  # -p alone asks for the password: "shop" is the database
        "mysql -u root -p$MYSQL_PASSWORD shop",
        'sshpass -p "$SSHPASS" ssh host',
        "curl -u admin https://x",  # the password is asked for
        "docker login -p <password> registry.example.io",
        "redis-cli -a ******** ping",
        "docker run -p 8080:80 nginx",
        "ssh -p 2222 deploy@host",
        "the mysql -p flag asks for a password",
        "zip -r out.zip dir",
    ],
)
def test_what_is_no_password_is_kept(r: Redactor, line: str) -> None:
    out, found = r.text(line)
    assert out == line and not found.get("password"), out


def test_every_option_holding_a_password_starts_with_a_dash() -> None:
    """The finder reads no further a line where no word starts with "-" (prose after "HTTP ", "zip "): read word by
    word for 512 characters, it cost ~150 us a typical chat request ("What does HTTP status 429 mean ...")."""
    from replay.redact.commands import COMMANDS

    for options in COMMANDS.values():
        assert all(o.startswith("-") for o in (*options.spaced, *options.attached)), options
