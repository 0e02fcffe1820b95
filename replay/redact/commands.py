"""Passwords on a command line, behind a short option no field name announces: ``mysql -pRootPa55``,
``sshpass -p 'hunter2'``, ``redis-cli -a pass``, ``curl -u admin:pass``, ``smbclient -U alice%pass``,
``docker login -p pass``, ``sqlcmd -P pass``, ``ldapsearch -w pass``, ``zip -P pass``. A long option that names
its value (``--password=…``, ``--password …``, ``-passin pass:…``) is a field's (``fields``).

The cue is a command's name and a space (``COMMANDS``) standing at a command's start; its line (up to a line break, a
JSON string's ``\\n``, ``;``, ``|`` or ``&&``) is read for that command's options. A value is a quoted string or a
word; a shell variable (``$PASS``), a placeholder (``<password>``, ``****``, ``xxxx…``) or an option is no secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, looks_redacted
from replay.redact.tokens import placeholder

__all__ = ["COMMANDS", "CommandFinder"]


@dataclass(frozen=True, slots=True)
class _Options:
    """A command's options holding a password: ``spaced`` take the next word (``-p pass``), ``attached`` only a value
    written onto them (``-ppass``: mysql's ``-p pass`` asks for it and takes ``pass`` for the database); ``split`` is
    the character before the password in a ``user:pass`` value (curl's ``-u``), empty when the value is all of it."""

    spaced: tuple[str, ...] = ()
    attached: tuple[str, ...] = ()
    split: str = ""


_MYSQL = _Options(attached=("-p",))
_MONGO = _Options(spaced=("-p",), attached=("-p",))
_LOGIN = _Options(spaced=("-p",))
_USER_PASS = _Options(spaced=("-u", "--user", "--proxy-user", "-U"), split=":")
COMMANDS: dict[str, _Options] = {
    **dict.fromkeys(("mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mariadb", "mycli"), _MYSQL),
    **dict.fromkeys(("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport"), _MONGO),
    **dict.fromkeys(("docker login", "podman login", "nerdctl login", "buildah login", "skopeo login"), _LOGIN),
    **dict.fromkeys(("az login", "oc login", "sshpass", "rdesktop"), _LOGIN),
    **dict.fromkeys(("zip", "unzip"), _Options(spaced=("-P",))),
    "redis-cli": _Options(spaced=("-a", "--pass")),
    **dict.fromkeys(("sqlcmd", "bcp", "osql", "isql"), _Options(spaced=("-P",))),
    **dict.fromkeys(
        ("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd", "ldapcompare"),
        _Options(spaced=("-w",)),
    ),
    **dict.fromkeys(("7z", "7za", "unrar", "rar"), _Options(attached=("-p",))),
    "curl": _USER_PASS,
    **dict.fromkeys(("http", "https", "httpie"), _Options(spaced=("-a", "--auth"), split=":")),
    "lftp": _Options(spaced=("-u",), split=","),
    **dict.fromkeys(("smbclient", "rpcclient", "smbmap", "smbget"), _Options(spaced=("-U", "--user"), split="%")),
}

# What may stand before a command's name: the text's start, a space, a shell's separator, a quote, a prompt's "$"
_BEFORE = frozenset(" \t\n\r;|&(`'\"$>")
# A command's line: up to a line break (a JSON string's escaped one too), ";", "|" or "&&"; 512 characters at most
_LINE_END = re.compile(r"\n|\r|\\n|\\r|;|\||&&")
_LINE_MAX = 512
# A word of the line, as a shell splits it: quoted parts (in JSON inside a string the double quote is escaped) and
# bare characters, run together ("-p'pass'")
_WORD = re.compile(r"""[ \t]*((?:\\"(?:[^"\\]|\\[^"])*\\"|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s'"\\]|\\[^"nrt])+)""")
_QUOTES = ('\\"', '"', "'")


def _value(word: str, start: int) -> tuple[int, int]:
    """The span of ``word``'s value (its quotes left out) in the text it starts at ``start`` in."""
    for q in _QUOTES:
        if len(word) >= 2 * len(q) and word.startswith(q) and word.endswith(q):
            return start + len(q), start + len(word) - len(q)
    return start, start + len(word)


def _secret(value: str) -> bool:
    """A password, not a shell variable, an option, a placeholder or a pseudonym."""
    if not value or value[0] in "$-<[{%" or looks_redacted(value) or placeholder(value):
        return False
    return value.strip("*•.x") != "" and value.lower() not in ("password", "pass", "passwd", "secret", "pwd")


class CommandFinder:
    """Password hits on a command line, at a cue of ``COMMANDS``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The passwords of the command whose name and a space are ``low[s:e]``."""
        if s and text[s - 1] not in _BEFORE and text[s - 2 : s] != "\\n":
            return
        options = COMMANDS[low[s : e - 1]]
        stop = min(len(text), e + _LINE_MAX)
        end = _LINE_END.search(text, e, stop)
        stop = end.start() if end is not None else stop
        if text[e : e + 1] != "-" and text.find(" -", e, stop) < 0 and text.find("\t-", e, stop) < 0:
            # Every option holding a password starts with "-", and a word starts the line or follows a space or a tab
            # (``_WORD``): prose after "HTTP " or "zip " (~150 us a chat request read word by word) is read no further.
            return
        pos, take = e, False
        while (m := _WORD.match(text, pos, stop)) is not None and m.end() > pos:
            pos = m.end()
            word, at = m.group(1), m.start(1)
            if take:
                self._hit(text, _value(word, at), options.split, hits)
                take = False
            elif word in options.spaced:
                take = True
            else:
                flag = next((f for f in options.attached if word.startswith(f) and len(word) > len(f)), None)
                if flag is not None and not word.startswith("--"):
                    self._hit(text, _value(word[len(flag) :], at + len(flag)), options.split, hits)

    def _hit(self, text: str, span: tuple[int, int], split: str, hits: list[Hit]) -> None:
        a, b = span
        if split:
            cut = text.find(split, a, b)
            if cut < 0:
                return  # "-u admin": the password is asked for
            a = cut + 1
        value = text[a:b]
        if _secret(value):
            hits.append(Hit(a, b, "password", self.ps.generic(value), 70))
