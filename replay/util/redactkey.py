"""``REPLAY_REDACT_KEY``: the one reader of the redaction's HMAC key.

Apart from ``replay.redact`` (which re-exports it) so that a process that only hands exchanges to redacting
writers, a capture's mitmdump, can decide on their key without importing the redaction itself (its detectors and
their tables: ~0.35 CPU-seconds at every capture's start).
"""

from __future__ import annotations

import os

from replay.errors import BadInput

__all__ = ["MIN_KEY_BYTES", "env_key"]

# An HMAC key of a few bytes is found by trying them all, and with it every pseudonym's value by trying
# likely values (emails, phone numbers): 16 bytes (128 bits) is past any search.
MIN_KEY_BYTES = 16


def env_key() -> bytes | None:
    """``REPLAY_REDACT_KEY``'s bytes as set (a key that is not UTF-8 is still a key: os.environ's str of it
    does not encode); None when unset. BadInput for a key too short to keep pseudonyms unguessable, and for
    one set empty or blank (``REPLAY_REDACT_KEY=$KEY`` of a variable left unset: read as unset, each run
    made a key of its own, and pseudonyms the user meant to match across runs did not): commands that
    redact call this before they start anything."""
    key = os.environb.get(b"REPLAY_REDACT_KEY")
    if key is not None and not key.strip():
        raise BadInput(
            "REPLAY_REDACT_KEY is set but empty or blank (a shell variable left unset?); set a key: export "
            "REPLAY_REDACT_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'), or unset it for a key "
            "made per run"
        )
    if key is not None and len(key) < MIN_KEY_BYTES:
        raise BadInput(
            f"REPLAY_REDACT_KEY: {len(key)} bytes, and a key under {MIN_KEY_BYTES} bytes lets pseudonyms be guessed "
            "back to their values; make one: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return key
