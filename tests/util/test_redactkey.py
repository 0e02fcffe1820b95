"""``REPLAY_REDACT_KEY`` read once, checked, and readable where the redaction is not imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from replay.errors import BadInput
from replay.util.redactkey import MIN_KEY_BYTES, env_key


def test_unset_is_none_and_a_key_is_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLAY_REDACT_KEY", raising=False)
    assert env_key() is None
    monkeypatch.setenv("REPLAY_REDACT_KEY", "k" * MIN_KEY_BYTES)
    assert env_key() == b"k" * MIN_KEY_BYTES


@pytest.mark.parametrize("key", ["", "  ", "k" * (MIN_KEY_BYTES - 1)])
def test_a_blank_or_short_key_is_bad_input(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    monkeypatch.setenv("REPLAY_REDACT_KEY", key)
    with pytest.raises(BadInput, match=r"REPLAY_REDACT_KEY.*token_hex\(32\)"):
        env_key()


def test_the_capture_s_mitmdump_side_does_not_import_the_redaction() -> None:
    """The addon mitmdump loads only hands exchanges to redacting writers: the redaction's detectors and tables
    (~0.35 CPU-s at each capture's start) stay out of its process."""
    code = "import sys, replay.capture.addon; print(sorted(m for m in sys.modules if m.startswith('replay.redact')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
