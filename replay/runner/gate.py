"""Which workers a master deals shards to: those that said they listen, and with ``REPLAY_TOKEN`` set, of
those only the ones that prove they hold it.

A worker says it listens ("replay_hello") once its handlers of the run's messages are registered: Locust
drops a message of a type it has no handler for, and a master that wrote to a worker as soon as Locust
listed it (at its "client_ready") lost its first message to a worker whose process had not had the CPU
since (on a loaded machine the ack and that message arrive together, and are read before the handlers
are there): a challenge lost so left the worker waiting for ever, a rogue one never sent away.
With a token, the master answers each hello with a random challenge ("replay_challenge") and deals
shards only to workers whose answer ("replay_proof", an HMAC of the challenge under the token) is right;
any other is sent away ("quit") and given no user. Works on Locust's runner through its message API
only; no locust import here.

A worker's hello names its replay build (``build()``: the version and a digest of the code); a worker of another
one is sent away before anything else ("replay_version": the master's build, then "quit"), and the master's run
fails at once, each side saying so in one line. Why: the master and its workers exchange shards and result rows
whose format is the code's: a worker of another version ran with a different row format (or never said it was
ready: one older than the hello), and the version alone is one string over many commits and local edits.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from replay import __version__
from replay.errors import BadInput

__all__ = ["SENT_AWAY", "TOKEN_ENV", "Gate", "build", "env_token", "master_version_problem", "proof"]

TOKEN_ENV = "REPLAY_TOKEN"
SENT_AWAY = "sent away by the master: "  # how a worker of another replay version says why (replay worker reads it)


def env_token() -> str:
    """``REPLAY_TOKEN`` as set, "" when unset. BadInput when it is set empty or blank (``REPLAY_TOKEN=$TOKEN``
    of a variable left unset): read as unset, the master dealt shards, captured bodies in them, to any
    worker that connected, with nothing said. The master and every worker call this before they start."""
    token = os.environ.get(TOKEN_ENV)
    if token is not None and not token.strip():
        raise BadInput(
            f"{TOKEN_ENV} is set but empty or blank (a shell variable left unset?), so any worker could join; "
            "set the same secret on the master and every worker: export "
            f"{TOKEN_ENV}=$(python -c 'import secrets; print(secrets.token_hex(16))'), or unset it"
        )
    return token or ""


@functools.cache
def build() -> str:
    """This replay's version and a digest of its package's files ("0.1.0+code.1a2b3c4d5e6f", ~13 ms once): what a
    master and its workers must share."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+code.{digest.hexdigest()[:12]}"


def _fix(other: str, version: str) -> str:
    """What to do about a peer of build ``other``: install one checkout when it is this version built from other
    code, else replay ``version`` everywhere."""
    if other.split("+")[0] == __version__ and "+code." in other:
        return (
            "the same version built from other code (another commit or a local edit): install one release or "
            "checkout on the master and every worker"
        )
    return f"install replay {version} on the master and every worker (they must run one version)"


def master_version_problem(master: object) -> str | None:
    """What a worker says when its master runs another replay build (``master``: what the master sent; None
    from one older than the version check); None when they match."""
    if master == build():
        return None
    if not isinstance(master, str):
        return f"the master runs an older replay, this worker replay {build()}: {_fix('', __version__)}"
    return f"the master runs replay {master}, this worker replay {build()}: {_fix(master, master.split('+')[0])}"


def proof(token: str, nonce: str) -> str:
    return hmac.new(token.encode(), nonce.encode(), hashlib.sha256).hexdigest()


class Gate:
    """Which connected workers may have a shard: those that said hello, and with a token, answered their challenge."""

    def __init__(self, runner: Any, token: str):
        self.runner, self.token = runner, token
        self.nonces: dict[str, str] = {}
        self.passed: set[str] = set()
        self.refused: list[str] = []  # why workers refused their shard
        self.refusers: set[str] = set()  # the workers that refused it: they send nothing
        self.other_versions: list[str] = []  # workers sent away for running another replay version
        runner.register_message("replay_hello", self._hello)
        runner.register_message("replay_proof", self._answer)
        runner.register_message("replay_refused", self._refused)

    def _hello(self, environment: Any, msg: Any) -> None:
        if msg.data != build():
            theirs = f"replay {msg.data}" if isinstance(msg.data, str) else "an older replay (its hello names none)"
            fix = _fix(msg.data if isinstance(msg.data, str) else "", __version__)
            self.other_versions.append(f"a worker runs {theirs}, this master replay {build()}: {fix}")
            self.runner.send_message("replay_version", build(), msg.node_id)
            self._send_away(msg.node_id)
            return
        if not self.token:
            self.passed.add(msg.node_id)
            return
        nonce = self.nonces.setdefault(msg.node_id, secrets.token_hex(16))
        self.runner.send_message("replay_challenge", nonce, msg.node_id)

    def _refused(self, environment: Any, msg: Any) -> None:
        self.refused.append(str(msg.data))
        self.refusers.add(msg.node_id)

    def _answer(self, environment: Any, msg: Any) -> None:
        nonce = self.nonces.get(msg.node_id)
        if nonce and hmac.compare_digest(str(msg.data), proof(self.token, nonce)):
            self.passed.add(msg.node_id)
        else:  # a wrong answer: sent away, and given no user either
            self._send_away(msg.node_id)

    def _send_away(self, node_id: str) -> None:
        """``quit`` to a worker, even when Locust no longer lists it (a busy master can drop a worker whose
        heartbeat came late and list it again on the next): a worker left unanswered waits for a shard that
        never comes."""
        self.runner.send_message("quit", None, node_id)
        self.runner.clients.pop(node_id, None)

    def ready(self) -> list[str]:
        """The workers that may have a shard now."""
        return sorted(c for c in self.runner.clients if c in self.passed)
