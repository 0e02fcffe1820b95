"""A computer account's user name, as an error or a terminal pasted into a prompt shows it: a home directory's
(``/home/jwhitfield/app/main.py``, ``/Users/jane.whitfield/Documents``, ``C:\\Users\\Jane Whitfield\\AppData``), a
shell prompt's (``jwhitfield@prod-web-01:~$``, ``[jdoe@db1 ~]#``), a remote login's (``ssh jwhitfield@10.0.0.5``)
an SSH public key's comment (``ssh-ed25519 AAAA… jwhitfield@laptop``) and a code comment's owner (``TODO(jwhitfield):``,
as style guides ask it written), a Matrix user's id (``@jwhitfield:matrix.org``), a chat message's participant
(OpenAI's ``{"role": "user", "name": "jane_whitfield", "content": …}``: a group chat's or a multi-user agent's
speaker). People name their accounts after themselves; a user name is replaced by a pseudonym (``user-<hex>``), the
same as a login field's. A system's or an example's account (``root``, ``ubuntu``, ``runner``, ``$USER``,
``<username>``) is nobody's and stays.
"""

from __future__ import annotations

import re

from replay.redact.firms import brand_word
from replay.redact.hits import Hit
from replay.redact.lexicon import lexicon
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = [
    "ACCESS_LOG_CUES",
    "HOME_CUES",
    "LOGGED_CUES",
    "LOGIN_CUES",
    "OWNER_CUES",
    "PARTICIPANT_CUES",
    "SUDO_CUE",
    "AccountFinder",
    "personal_login",
]

HOME_CUES = ("/home/", "/users/", "\\users\\")  # lower-cased, as the cue pass reads; JSON's "\\" holds "\"
# An auth log's phrases (sshd, PAM, su) the account's name follows, and sudo's " : TTY=" it comes before:
# "Accepted publickey for jdoe from …", "session opened for user jdoe(uid=1000)", "sudo[812]: jdoe : TTY=pts/0"
LOGIN_CUES = (
    *("accepted publickey for ", "accepted password for ", "accepted keyboard-interactive/pam for "),
    *("failed password for ", "failed publickey for ", "invalid user "),
    *("session opened for user ", "session closed for user ", "authentication failure for "),
    # an application's and a database's, the account often quoted: SQL Server's "Login failed for user 'jdoe'.",
    # PostgreSQL's 'password authentication failed for user "app_rw"'
    *("login failed for user ", "authentication failed for user ", "failed login for user ", "invalid login for user "),
    *("login attempt for user ", "locked out user ", "account locked for user "),
)
SUDO_CUE = " : tty="
_QUOTE = re.compile(r"\\*[\"']")
# What an account did, its name before it ("User 'kwame.asante' logged in", "user jdoe has logged out"): the cue
LOGGED_CUES = (" logged in", " logged out", " logged on", " signed in", " signed out", " authenticated")
_LOGGED_BEFORE = re.compile(
    r"(?<![\w-])[Uu]ser(?:name)?[ \t:=]+((?:\\)*['\"]|)([A-Za-z0-9_][\w.\-@]{0,63}?)\1"
    r"(?:[ \t]+(?:has|was|is|had|successfully|just|been)){0,2}\Z"
)
# A code comment's owner, by the convention style guides give (Google's "TODO(username):"): the login of whoever
# wrote it; not a ticket's key ("TODO(JIRA-1234)", "TODO(b/12345)", "TODO(#88)"), a team's capitals, an ordinary
# word ("TODO(later)", "FIXME(perf)")
OWNER_CUES = ("todo(", "fixme(", "hack(")
_OWNER = re.compile(r"([A-Za-z][\w.\-]{1,31})(?:@[\w.\-]*)?\)")
# A user message's participant name, right after its role (a "system", "assistant" or "tool" message's name is an
# agent's or a function's); the API allows letters, digits, "_" and "-"
PARTICIPANT_CUES = ('"role": "user", "name": "', '"role":"user","name":"')
_PARTICIPANT = re.compile(r'([A-Za-z0-9_\-]{1,64})"')
# A web server's access log line (Common/Combined Log Format): 'IP ident USER [10/Oct/2024:13:55:36 +0000] "GET …',
# its cue the date's month; USER is the HTTP login ("-" when none), after the client's address or host name
ACCESS_LOG_CUES = tuple(
    f"/{m}/" for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)
_ACCESS_BEFORE = re.compile(
    r"(?:\A|(?<=[\s\"']))(?=[\w\-]*[.:])[\w.:\-]{1,64} [^\s\[\]]{1,64} ([^\s\[\]]{1,64}) \[\d\d\Z"
)
_ACCESS_AFTER = re.compile(r"/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]")
# What follows the account in those lines: "from <ip>", "(uid=1000)", "by (uid=0)", " port 22", the line's end
_LOGIN_AFTER = re.compile(r"(?: from | by | port |\(|\\*[\"']|[ \t]*(?:\r?\n|\\n|\Z))")  # or its JSON string's end

# Accounts that images, CI runners, services and examples make, not a person
_SYSTEM = frozenset(
    {
        "root", "admin", "administrator", "user", "username", "users", "ubuntu", "ec2-user", "centos", "debian",
        "fedora", "alpine", "azureuser", "opc", "pi", "runner", "runneradmin", "vagrant", "vscode", "codespace",
        "gitpod", "jenkins", "git", "deploy", "deployer", "ansible", "ops", "gitlab-runner", "postgres", "mysql",
        "docker", "node", "app", "www-data", "nobody", "daemon", "guest", "test", "tester", "dev", "developer",
        "public", "shared", "default", "all", "me", "you", "your", "yourname", "your_name", "your-name", "your_user",
        "youruser", "myuser", "username1", "user1", "name", "someone", "somebody", "foo", "bar", "example", "demo",
    }
)  # fmt: skip
# What may stand before a Unix home's path: it starts there (a URL's "/v1/users/…" is a route, not a home)
# A Matrix user's id ("@ottoline.brandauer:matrix.org", a room event's "sender", a member's "state_key"): its
# local part is the person's login on that server; not a package's scope ("@types/node"), a digest ("img@sha256:")
_MATRIX_USER = re.compile(r"@([a-z0-9._=\-]{1,64}):(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,24}(?::\d{1,5})?(?![\w.\-])")
_PATH_START = frozenset(" \t\n\r\"'`=(<[,;:")
_NAME = re.compile(r"[A-Za-z0-9_][\w.\-]{0,63}")
_WORD_BEFORE = re.compile(r"[A-Za-z0-9_][\w.\-]{0,31}\Z")
_SPACED = re.compile(r"[A-Za-z0-9_][\w.\- ]{0,63}?(?=\\)")  # a Windows account may hold spaces: up to its "\"
# A shell prompt, at a line's or a string's start: user@host, then ":path" and "$"/"#"/"%" (Debian, macOS), or
# "[user@host path]$" (Red Hat)
_PROMPT_BEFORE = re.compile(r"(?:\A|(?<=[\n\[\"'])|(?<=\\n))([a-z_][a-z0-9_.\-]{0,31})\Z")
_PROMPT_AFTER = re.compile(
    r"@[A-Za-z0-9][A-Za-z0-9.\-]{0,63}(?::[~/][^\s$#%]{0,256}[$#%]|[ \t]+[~/\w.\-]{1,256}\][$#%])"
)
# A remote login's command before user@host: "ssh -i key.pem jdoe@10.0.0.5", "scp f jdoe@db1:/tmp", "rsync -a x jdoe@h:"
_REMOTE_BEFORE = re.compile(
    r"(?:\A|(?<=[\s;|&(`\"']))(?:ssh|scp|sftp|rsync|mosh|ssh-copy-id)"
    r"(?:[ \t]+(?:-[^\s@]+|[^\s@]*[/.~=:][^\s@]*|\d+)){0,12}[ \t]+\Z"  # options, paths, numbers: no words
)
# Each of _REMOTE_BEFORE's commands holds one of these: a window without one is not searched. Its search tries the
# whole pattern at each of the 220 characters before an e-mail address's local part (96,000 instructions: every
# address in a chat message); a look for five words in them costs some 3,000.
_REMOTE_WORDS = ("ssh", "scp", "sftp", "rsync", "mosh")
_HOST_AFTER = re.compile(r"@[A-Za-z0-9][A-Za-z0-9.\-]{0,252}(?![\w@])")
# An SSH public key, its comment after it: "ssh-ed25519 AAAAC3… jdoe@laptop"
_KEY_BEFORE = re.compile(
    r"(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com)"
    r"[ \t]+[A-Za-z0-9+/]{40,}={0,3}[ \t]+\Z"
)


def _key_before(text: str, lo: int, hi: int) -> bool:
    """``_KEY_BEFORE`` matches in ``text[lo:hi]``; searched only where a key type's "ssh-" or "ecdsa-" is (the
    search tries a class of two letters at each of up to 1,200 characters: 70,000 instructions an "@")."""
    window = text[lo:hi]
    return ("ssh-" in window or "ecdsa-" in window) and _KEY_BEFORE.search(text, lo, hi) is not None


def _word(name: str) -> bool:
    """``name`` is an ordinary word (the lexicon's), no login unless quoted as one."""
    low = name.lower()
    return low in lexicon().words or low in lexicon().rare_words


def _person(name: str) -> bool:
    """A user name that may be someone's: not a system's or an example's, not a variable, not a pseudonym."""
    if name.lower() in _SYSTEM or name[:1] in "$%<{" or name.isdigit():
        return False
    return not looks_redacted(name)


class AccountFinder:
    """User name hits in home directories, shell prompts and SSH key comments."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def home(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The account whose home directory's path has its cue (``/home/``, ``\\Users\\``) at ``text[s:e]``."""
        windows = text[e - 1] == "\\"
        if not windows and s and text[s - 1] not in _PATH_START and text[s - 7 : s] != "file://":
            return
        while windows and text[e : e + 1] == "\\":
            e += 1  # C:\\\\Users\\\\jdoe: a JSON string's escaped separators
        m = (_SPACED.match(text, e) if windows else None) or _NAME.match(text, e)
        if m is None:
            return
        name = m.group(0).rstrip(". ")
        if _person(name):
            hits.append(Hit(e, e + len(name), "username", self.ps.username(name), 55))

    def login(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The account an auth log's line names at its cue ``text[s:e]`` (one of ``LOGIN_CUES`` or ``SUDO_CUE``)."""
        if e - s == len(SUDO_CUE):
            m = _WORD_BEFORE.search(text, max(0, s - 32), s)
            if m is None or (m.start() and text[m.start() - 1] != " "):
                return  # sudo's line: "sudo[812]: jdoe : TTY=…", the name a word of its own
        elif (quoted := _QUOTE.match(text, e)) is not None:  # 'jdoe', "jdoe", and \"jdoe\" in a JSON string
            m = _NAME.match(text, quoted.end())
            if m is None or not text.startswith(quoted.group(), m.end()):
                return
        else:
            m = _NAME.match(text, e)
            if m is None or not _LOGIN_AFTER.match(text, m.end()) or _word(m.group(0)):
                return  # prose: "we accepted password for the release", "any invalid user input"
        if m is not None and (name := m.group(0).rstrip(".")) != "invalid" and _person(name):
            hits.append(Hit(m.start(), m.start() + len(name), "username", self.ps.username(name), 55))

    def logged(self, text: str, s: int, hits: list[Hit]) -> None:
        """The account a log line says did what its cue (``LOGGED_CUES``) at ``text[s:]`` says: "User 'jdoe' logged
        in", "user jdoe has signed out"; not "the user logged in" (no name), "user input authenticated" (a word)."""
        m = _LOGGED_BEFORE.search(text, max(0, s - 100), s)
        if m is None or not _person(name := m.group(2)) or "@" in name:
            return  # an e-mail is the e-mail finder's
        if not m.group(1) and _word(name):
            return
        hits.append(Hit(m.start(2), m.end(2), "username", self.ps.username(name), 55))

    def owner(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The login a code comment's ``TODO(…)`` at ``text[s:e]`` names as its owner."""
        m = _OWNER.match(text, e)
        if m is None or (s and text[s - 1].isalnum()):
            return
        name = m.group(1)
        if name.isupper() or name.lower() in lexicon().words or not _person(name) or not _login_like(name.lower()):
            return
        hits.append(Hit(m.start(1), m.end(1), "username", self.ps.username(name), 55))

    def participant(self, text: str, e: int, hits: list[Hit]) -> None:
        """The name of the user message whose role and name key end at ``e`` (``PARTICIPANT_CUES``)."""
        m = _PARTICIPANT.match(text, e)
        if m is None or m.group(1).lower() in _SYSTEM or looks_redacted(name := m.group(1)):
            return
        hits.append(Hit(m.start(1), m.end(1), "username", self.ps.username(name), 55))

    def access_log(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The HTTP login of an access log's line whose date's month (``ACCESS_LOG_CUES``) is at ``text[s:e]``."""
        if not _ACCESS_AFTER.match(text, e - 1):
            return
        m = _ACCESS_BEFORE.search(text, max(0, s - 200), s)
        if m is not None and (name := m.group(1)) != "-" and _person(name):
            hits.append(Hit(m.start(1), m.end(1), "username", self.ps.username(name), 55))

    @staticmethod
    def remote(text: str, at: int) -> bool:
        """The ``@`` at ``at`` joins a remote login's user and host (``ssh jdoe@db1.example.com``): no e-mail."""
        # The command's window ends at the user's word, which starts 32 characters before the "@" at most: a text with
        # none of its words in the 252 before it is no remote login's, found before the word's search (which tries
        # its pattern at each of those 32 places: 25,000 instructions an e-mail address)
        near = text[max(0, at - 252) : at]
        if not any(w in near for w in _REMOTE_WORDS):
            return False
        word = _WORD_BEFORE.search(text, max(0, at - 32), at)
        if word is None or _HOST_AFTER.match(text, at) is None:
            return False
        lo, hi = max(0, word.start() - 220), word.start()
        window = text[lo:hi]
        return any(w in window for w in _REMOTE_WORDS) and _REMOTE_BEFORE.search(text, lo, hi) is not None

    def at_sign(self, text: str, at: int, hits: list[Hit], remote: bool) -> None:
        """The user of a shell prompt, of a remote login's ``user@host`` (``remote``: what ``remote`` said of it) or
        of an SSH key's comment around the ``@`` at ``at`` (one no email is), or of a Matrix user's id."""
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.-")) and (
            m := _MATRIX_USER.match(text, at)
        ) is not None:
            if not looks_redacted(local := m.group(1)):
                hits.append(Hit(m.start(1), m.end(1), "username", self.ps.username(local), 55))
            return
        before = _PROMPT_BEFORE.search(text, max(0, at - 32), at)
        if before is not None and _PROMPT_AFTER.match(text, at):
            name = before.group(1)
        else:
            word = _WORD_BEFORE.search(text, max(0, at - 32), at)
            if word is None or not (remote or _key_before(text, max(0, at - 1200), word.start())):
                return
            name = word.group(0)
        if _person(name):
            hits.append(Hit(at - len(name), at, "username", self.ps.username(name), 55))


_DOTTED = re.compile(r"([a-z]+)[._\-]([a-z]+)")


def _login_like(low: str) -> bool:
    """A login as people make theirs from their names: a given name or an initial and a surname joined by a mark
    ("jane.doe", "j_doe"), a given name alone ("alice"), an initial and a surname of four letters or more
    ("mbaptiste", "jsmith"); not a word ("perf", "cleanup", "docs"), a team's ("perf-team", "qa"), a surname alone
    nor a product's name ("rust", "ruby", "swift": a language's owner is its team)."""
    lex = lexicon()
    if (m := _DOTTED.fullmatch(low)) is not None:
        return (len(m.group(1)) == 1 or m.group(1) in lex.given) and m.group(2) in lex.surname
    return len(low) >= 3 and not brand_word(low) and (low in lex.given or (len(low) >= 5 and low[1:] in lex.surname))


def personal_login(value: str) -> bool:
    """``value`` is one account's user name that may be someone's (an auth proxy's ``X-Forwarded-User``): one word,
    not a system's or an example's account, not a variable, not a pseudonym."""
    return 0 < len(value) <= 64 and _NAME.fullmatch(value) is not None and _person(value)
